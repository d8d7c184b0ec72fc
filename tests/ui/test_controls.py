"""casekit.ui.controls and its style sheet: text a learner can read (issue 22): nothing under 12px, menus and
buttons as wide as their words, printed text wrapped between words."""

import re
from pathlib import Path

import ipywidgets as w
import pytest

from casekit.topics.antitrust import widgets as antitrust_widgets
from casekit.topics.contract import widgets as contract_widgets
from casekit.topics.moderation import widgets as moderation_widgets
from casekit.topics.moot import widgets as moot_widgets
from casekit.topics.relief import widgets as relief_widgets
from casekit.ui import controls, tables

MIN_PX = 12


def declarations(css: str, prop: str) -> list[tuple[str, str]]:
    """(selector, value) of every PROP declaration in CSS."""
    found = []
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        for name, value in re.findall(r"([\w-]+)\s*:\s*([^;]+)", body):
            if name == prop:
                found.append((selectors.strip(), value.strip()))
    return found


def test_no_font_size_in_the_style_sheet_is_under_12px():
    sizes = declarations(controls.CONTROLS_CSS, "font-size")
    assert sizes
    for selector, value in sizes:
        number, unit = re.fullmatch(r"([\d.]+)(px|em|rem)", value).groups()
        assert unit == "px" and float(number) >= MIN_PX, (selector, value)


def test_small_text_in_the_kits_outputs_has_a_12px_floor():
    floors = dict(declarations(controls.CONTROLS_CSS, "font-size"))
    assert floors[".jp-OutputArea-output small, .jupyter-widgets small, .casekit-badge"] == "12px"


def test_a_menu_is_never_narrower_than_its_options():
    widths = dict(declarations(controls.CONTROLS_CSS, "max-width"))
    assert widths[".casekit-select select"] == "100%"
    assert "flex-wrap: wrap" in controls.CONTROLS_CSS.split(".casekit-select {", 1)[1].split("}", 1)[0]


def test_text_breaks_between_words_not_inside_them():
    assert "anywhere" not in controls.CONTROLS_CSS
    assert "word-break: normal" in controls.CONTROLS_CSS  # printed output: JupyterLab's pre has break-all
    block = controls.text_block("immediately upon notice")
    assert "word-break:normal" in block and "white-space:pre-wrap" in block and "immediately upon notice" in block


@pytest.mark.parametrize(
    "module",
    [antitrust_widgets, contract_widgets, moderation_widgets, moot_widgets, relief_widgets],
    ids=lambda m: m.__name__.split(".")[2],
)
def test_small_print_in_the_topic_widgets_is_12px(module):
    source = open(module.__file__, encoding="utf-8").read()
    smalls = re.findall(r"<small[^>]*>", source)
    unsized = [s for s in smalls if f"font-size:{MIN_PX}px" not in s]
    assert not unsized, unsized
    assert tables.SMALL_FONT == f"{MIN_PX}px"


def test_the_reference_toggle_and_save_button_show_their_whole_label():
    widget = moderation_widgets.LabellingWidget()
    for control in (widget.reveal, widget.save_button):
        assert isinstance(control, w.DOMWidget) and control.layout.width == "auto", control.description


def test_figure_labels_wrap_only_at_spaces():
    from casekit.ui import theme

    assert theme.wrap_words("terminate immediately upon notice", 8) == ["terminate", "immediately", "upon", "notice"]
    assert theme.wrap_words("a thirty-day cure period", 6) == ["a", "thirty-day", "cure", "period"]
    assert "immediately" in theme.wrap_hover("AWS may terminate immediately upon notice", 10).split("<br>")


def test_show_figure_sets_the_output_widgets_state_and_sends_nothing_back():
    """Issue 23: figures go into an Output widget as its state, never via `with area:` (which stalls nbclient)."""
    area = w.Output()
    bundle = {"application/vnd.plotly.v1+json": {"data": [], "layout": {}}, "text/plain": "a figure"}
    controls.show_figure(area, bundle)
    assert area.outputs == ({"output_type": "display_data", "data": bundle, "metadata": {}},)
    controls.show_figure(area, None)
    assert area.outputs == ()


def test_no_kit_widget_displays_into_an_output_widget_with_a_with_block():
    package = Path(controls.__file__).parents[1]
    found = [
        f"{path.relative_to(package)}:{n}"
        for path in package.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.match(r"\s*with\s+[\w.]*(area|output|out)\w*\s*:", line)
    ]
    assert not found, found
