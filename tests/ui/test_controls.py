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


# --- issue 29: keys stay on the controls, toggles say their state, focus shows, each control named by its item ---


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_every_kit_control_carries_the_page_wide_key_guard_and_toggle_state():
    """static/keys.js rides in every kit control's module (the first to render installs it, once per page)."""
    for control in (controls.RatingSlider, controls.Select, controls.ChoiceList, controls.LiveHTML):
        module = control._esm.default_value if hasattr(control._esm, "default_value") else control._esm
        assert module.startswith(controls.KEYS_JS) and "export default" in module, control.__name__
    guard = controls.KEYS_JS
    assert "window.__casekitKeys" in guard and "'data-lm-suppress-shortcuts'" in guard
    assert "window.addEventListener('keydown'" in guard and "preventDefault()" in guard
    assert "aria-pressed" in guard and "mod-active" in guard
    assert "//" not in guard.replace("://", "")  # its comments stay in the file, not in every model


def test_the_focus_ring_is_2px_or_more_at_3_to_1_or_more_on_light_and_dark_backgrounds():
    rings = [(s, v) for s, v in declarations(controls.CONTROLS_CSS, "outline") if ":focus-visible" in s]
    assert rings, "no focus ring in the style sheet"
    for selector, value in rings:
        width, style, colour = re.fullmatch(r"(\d+)px (\w+) (#[0-9a-fA-F]{6})\s*!important", value).groups()
        assert int(width) >= 2 and style == "solid", (selector, value)
        ring = _luminance(colour)
        for behind in ("#ffffff", "#f3f4f6", "#111111"):  # white, the kit's grey panels, JupyterLab Dark
            lighter, darker = sorted((ring, _luminance(behind)), reverse=True)
            assert (lighter + 0.05) / (darker + 0.05) >= 3, (selector, value, behind)
        for control in ("button", "input", "select", "textarea", "summary"):
            assert control in selector


def test_links_in_prose_are_underlined():
    underlined = dict(declarations(controls.CONTROLS_CSS, "text-decoration"))
    assert underlined[".jp-RenderedMarkdown a[href], .jp-RenderedHTMLCommon a[href], .jupyter-widgets a[href]"] == (
        "underline"
    )


def test_lesson_03s_menus_are_named_by_their_post_and_no_two_share_a_name():
    widget = moderation_widgets.LabellingWidget()
    names = [select.label for select in (*widget.label.values(), *widget.category.values())]
    assert len(names) == 2 * len(widget.posts) and len(set(names)) == len(names)
    first = widget.posts.index[0]
    assert widget.label[first].label == f"Label for post {first}"
    assert widget.category[first].label == f"Category for post {first}"


def test_index_steps_put_each_grid_value_at_its_position_in_the_given_words():
    steps = controls.index_steps((0.05, 0.1), lambda v: f"{v:.0%}")
    assert steps == [{"value": 0, "text": "5%", "words": ""}, {"value": 1, "text": "10%", "words": ""}]
    assert [s["text"] for s in controls.index_steps((7, 30))] == ["7", "30"]
