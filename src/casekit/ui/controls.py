"""The kit's own controls and the pieces every lesson's widgets share: browser-test marks and text blocks.

The controls' JavaScript and CSS are real files in casekit/ui/static/. Browser-test convention
(docs/browser-tests.md): a lesson's main widget carries the CSS class `casekit-main`, the control the
test changes `casekit-main-control`, and the output that must change `casekit-main-output`.
"""

from __future__ import annotations

import html
from pathlib import Path

import anywidget
import ipywidgets as w
import traitlets

STATIC = Path(__file__).parent / "static"


def _static(name: str) -> str:
    """The text of casekit/ui/static/NAME (the controls' ES modules and style sheet)."""
    return (STATIC / name).read_text(encoding="utf-8")


# The page-wide part every kit control carries (static/keys.js): whichever renders first installs it, once per
# page. It keeps arrow keys and letters on every focusable element in the notebook's outputs (ipywidgets'
# buttons, toggles, check boxes and text boxes, and a <summary> in an HTML output, too), letting only the
# notebook's own shortcuts through (with Ctrl, Alt or Meta; Escape; Shift+Enter), and gives ipywidgets' toggle
# buttons `aria-pressed`.
# Its comments stay in the file: every control's model carries its module, so they are not sent.
KEYS_JS = "\n".join(line for line in _static("keys.js").splitlines() if not line.lstrip().startswith("//"))


def _module(name: str) -> str:
    """The ES module of a kit control: static/NAME after the page-wide KEYS_JS."""
    return KEYS_JS + "\n" + _static(name)


PLOTLY_MIME = "application/vnd.plotly.v1+json"


def mark_main(box: w.Widget, control: w.Widget, output: w.Widget) -> None:
    """Mark BOX, CONTROL and OUTPUT with the browser-test classes of a lesson's main widget."""
    box.add_class("casekit-main")
    control.add_class("casekit-main-control")
    output.add_class("casekit-main-output")


def show_figure(area: w.Output, bundle: dict | None) -> None:
    """Show mime BUNDLE (None: nothing) in Output widget AREA by setting its `outputs`; never `with area: display()`.

    Output displayed inside `with area:` reaches nbclient's stand-in for the Output widget, which echoes it to the
    kernel on the shell channel while the cell runs; jupyter_client sends that through a blocking shadow of its
    asyncio socket, which can swallow the wake-up for the cell's execute_reply, so `jupyter nbconvert --execute`,
    papermill and nbgrader wait until their timeout, or forever (docs/notebook-stalls.md). Setting the state
    sends nothing back and draws the same in JupyterLab, Notebook 7 and the static site."""
    area.outputs = () if bundle is None else ({"output_type": "display_data", "data": bundle, "metadata": {}},)


TEXT_BLOCK_STYLE = "white-space:pre-wrap;font-family:inherit;word-break:normal;overflow-wrap:break-word"


def text_block(text: str) -> str:
    """Return TEXT as escaped, wrapping HTML that keeps its line breaks and wraps only between words (JupyterLab's
    `.jp-OutputArea-output pre` would break anywhere: 'immediat / ely')."""
    return f"<pre style='{TEXT_BLOCK_STYLE}'>" + html.escape(text) + "</pre>"


# --- keyboard-safe controls ---------------------------------------------------------------------
# JupyterLab's and Notebook 7's command-mode shortcuts take arrow keys and letters from a focused
# ipywidgets Dropdown (and, in Notebook 7, a slider). Lumino skips its shortcuts for key events from
# inside an element carrying `data-lm-suppress-shortcuts`, which ipywidgets cannot set; these small
# anywidget controls carry it on their root, use native form elements (one Tab stop each) with a
# visible <label>, and announce the kit's words, not an index.

# controls.css, plus the prose-link rule JupyterLab also loads page-wide (static/custom/custom.css, casekit.labconfig)
CONTROLS_CSS = _static("controls.css") + "\n" + _static("custom/custom.css")

# Lumino's key-binding selectors (e.g. `.jp-Notebook.jp-mod-commandMode :focus`) match the focused
# element itself before any ancestor is looked at, so every focusable element carries the attribute too.

RATING_ESM = _module("rating.js")

SELECT_ESM = _module("select.js")

CHOICES_ESM = _module("choices.js")


def index_steps(values, text=str) -> list[dict]:
    """RatingSlider steps over a grid of VALUES: position i shows TEXT(values[i]) (the slider's value is i)."""
    return [{"value": i, "text": text(v), "words": ""} for i, v in enumerate(values)]


class RatingSlider(anywidget.AnyWidget):
    """A labelled range input over STEPS that announces each step's words (aria-valuetext), keyboard-safe."""

    _esm = RATING_ESM
    _css = CONTROLS_CSS
    value = traitlets.Int(0).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    # [{"value": -2, "text": "strongly AWS (−2)", "words": "…"}, …] in increasing value
    steps = traitlets.List(traitlets.Dict()).tag(sync=True)

    @traitlets.validate("value")
    def _on_the_scale(self, proposal):
        allowed = [step["value"] for step in self.steps]
        if allowed and proposal["value"] not in allowed:
            raise traitlets.TraitError(f"{self.label}: {proposal['value']!r} is not one of {allowed}")
        return proposal["value"]


class Select(anywidget.AnyWidget):
    """A labelled native <select> (arrow keys and typing work inside JupyterLab and Notebook 7)."""

    _esm = SELECT_ESM
    _css = CONTROLS_CSS
    value = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    options = traitlets.List(traitlets.Unicode()).tag(sync=True)

    @traitlets.validate("value")
    def _one_of_the_options(self, proposal):
        if self.options and proposal["value"] not in self.options:
            raise traitlets.TraitError(f"{self.label}: {proposal['value']!r} is not an option")
        return proposal["value"]


class ChoiceList(anywidget.AnyWidget):
    """A collapsible group of checkboxes (grouped, each with a detail line) plus a box for the learner's words."""

    _esm = CHOICES_ESM
    _css = CONTROLS_CSS
    summary = traitlets.Unicode("").tag(sync=True)
    legend = traitlets.Unicode("").tag(sync=True)
    notes = traitlets.List(traitlets.Dict()).tag(sync=True)  # [{"term": "Winter", "text": "…"}]
    options = traitlets.List(traitlets.Dict()).tag(sync=True)  # [{"value", "text", "detail", "group"}]
    value = traitlets.List(traitlets.Unicode()).tag(sync=True)
    words = traitlets.Unicode("").tag(sync=True)
    words_label = traitlets.Unicode("Your own words (optional)").tag(sync=True)
    max_words = traitlets.Int(2000).tag(sync=True)


LIVE_ESM = _module("live.js")


class LiveHTML(anywidget.AnyWidget):
    """HTML (escaped by the caller) in a persistent role="status" region, so screen readers announce changes."""

    _esm = LIVE_ESM
    _css = CONTROLS_CSS
    html = traitlets.Unicode("").tag(sync=True)
