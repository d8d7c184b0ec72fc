"""The lessons' widgets work by keyboard inside JupyterLab and Notebook 7, with real key presses.

The widgets are built by the lessons' own cells, gathered into one keyboard notebook
(control_notebooks.CONTROL_KEYS) that runs once per client; test_lessons.py runs the whole lessons.

JupyterLab's command-mode shortcuts take arrow keys and letters from a focused ipywidgets Dropdown
(ArrowDown selects the next cell, `a` inserts one). The kit's controls (casekit.ui.controls)
carry `data-lm-suppress-shortcuts`; these tests press the keys a learner presses and check that the
control changed, its output followed, and the notebook neither inserted nor selected a cell.
"""

from __future__ import annotations

import time

import pytest
from conftest import ARTIFACTS, CONTROLS
from control_notebooks import CONTROL_KEYS, KEYS_BOX

pytestmark = pytest.mark.browser

# The notebook's cells: how many, which is active, and whether it is in command mode.
NOTEBOOK_STATE_JS = """() => {
  const nb = window.__casekit.widget.content;
  return {cells: nb.widgets.length, active: nb.activeCellIndex, mode: nb.mode};
}"""
FOCUSED_JS = """() => {
  const el = document.activeElement;
  return {tag: el.tagName, type: el.type || null, id: el.id || null,
          name: el.labels && el.labels.length ? el.labels[0].textContent : null,
          valuetext: el.getAttribute('aria-valuetext'), value: el.value};
}"""


KEYS_PATH = f"{CONTROLS}/{CONTROL_KEYS}"


@pytest.fixture(scope="module", params=["JupyterLab", "Notebook 7"])
def keys_page(request, lab_page, lab_server, notebook7):
    """The keyboard notebook (the lessons' widget cells and the toggle/check box/text/button box), run once
    in the client with Run All (failing on any problem) and shared by this module's tests; closed afterwards.

    The JupyterLab run starts the Notebook 7 run beside it, for the second client."""
    client = request.param
    if client == "JupyterLab":
        notebook7.start(KEYS_PATH, purpose="control")
        report = lab_page.check(KEYS_PATH, interact=False, require_main_widget=False)
        notebook7.kick(KEYS_PATH, purpose="control")
        page = lab_page.page
        if report.problems:
            lab_page.save_artifacts(report, ARTIFACTS)
    else:
        driver, report = notebook7.finish(KEYS_PATH, purpose="control")
        page = driver.page
    if report.problems:
        pytest.fail(f"{KEYS_PATH} did not run cleanly in {client}: {report.problems}", pytrace=False)
    yield page
    if client == "JupyterLab":
        lab_page.close_current()
        lab_server.shutdown_kernels_of(KEYS_PATH)
    else:
        notebook7.close(KEYS_PATH, purpose="control")


def wait_until_it_says(locator, words: str, timeout: float = 15) -> str:
    """Wait until LOCATOR's inner text contains WORDS (the kernel answered this key press, not an earlier one
    still arriving) and return it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and words not in locator.inner_text():
        time.sleep(0.1)
    return locator.inner_text()


def wait_until_changed(locator, before: str, timeout: float = 15) -> str:
    """Wait until LOCATOR's inner text differs from BEFORE (the kernel answered) and return it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = locator.inner_text()
        if now != before:
            return now
        time.sleep(0.1)
    return locator.inner_text()


def test_timeline_dropdowns_work_with_arrow_keys_and_letters(keys_page):
    page = keys_page
    main = page.locator(".jp-Notebook .casekit-main").filter(has_text="Event type").first  # the timeline explorer
    actor = main.locator(".casekit-main-control select")
    summary = main.locator(".casekit-main-output")
    actor.scroll_into_view_if_needed()
    actor.focus()
    notebook = page.evaluate(NOTEBOOK_STATE_JS)
    value, text = actor.input_value(), summary.inner_text()
    assert page.evaluate(FOCUSED_JS)["name"] == "Actor"

    page.keyboard.press("ArrowDown")
    assert actor.input_value() != value, "ArrowDown did not change the focused dropdown"
    assert wait_until_changed(summary, text) != text, "the text summary did not follow the dropdown"
    chosen, text = actor.input_value(), summary.inner_text()
    page.keyboard.press("c")  # a letter jumps to the first option starting with it (and never inserts a cell)
    assert actor.input_value() != chosen and actor.input_value().lower().startswith("c")
    assert wait_until_changed(summary, text) != text
    assert page.evaluate(NOTEBOOK_STATE_JS) == notebook, "a key press reached the notebook's shortcuts"

    page.keyboard.press("Tab")  # one Tab stop per control: the next stop is the event-type dropdown
    assert page.evaluate(FOCUSED_JS)["name"] == "Event type"


def test_weighing_sliders_and_argument_choices_work_by_keyboard_and_announce_the_kits_scale(keys_page):
    page = keys_page
    main = page.locator(".jp-Notebook .casekit-main").filter(has=page.locator("input[type=range]")).first
    slider = main.locator(".casekit-main-control input[type=range]")
    reasoning = main.locator(".casekit-main-output")
    outcome = main.locator(".casekit-outcome")
    slider.scroll_into_view_if_needed()
    slider.focus()
    notebook = page.evaluate(NOTEBOOK_STATE_JS)
    focused = page.evaluate(FOCUSED_JS)
    assert focused["name"] == "Likely irreparable harm" and focused["valuetext"] == "balanced (0)"
    text, live = reasoning.inner_text(), outcome.inner_text()

    page.keyboard.press("ArrowRight")
    assert slider.input_value() == "1"
    assert slider.get_attribute("aria-valuetext") == "Parler (+1)"
    assert wait_until_changed(reasoning, text) != text, "the reasoning did not follow the slider"
    assert "irreparable harm is likely" in wait_until_it_says(reasoning, "irreparable harm is likely")
    assert outcome.inner_text() != live or wait_until_changed(outcome, live) != live
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert slider.input_value() == "-2" and slider.get_attribute("aria-valuetext") == "strongly AWS (\u22122)"
    assert page.evaluate(NOTEBOOK_STATE_JS) == notebook, "an arrow key reached the notebook's shortcuts"

    sliders = main.locator("input[type=range]")
    names = [page.evaluate(FOCUSED_JS)["name"]]
    for _ in range(sliders.count() - 1 - sliders.evaluate_all("(all) => all.indexOf(document.activeElement)")):
        page.keyboard.press("Tab")  # each slider is exactly one Tab stop
        focused = page.evaluate(FOCUSED_JS)
        assert focused["type"] == "range", f"Tab left the sliders for {focused}"
        names.append(focused["name"])
    assert len(names) == len(set(names)) and all(names)

    # choosing an argument by keyboard (same page: one Run All of the lesson is enough)
    chooser = main.locator(".casekit-choices").nth(3)  # irreparable harm
    summary = chooser.locator("summary")
    summary.scroll_into_view_if_needed()
    summary.focus()
    notebook = page.evaluate(NOTEBOOK_STATE_JS)
    page.keyboard.press("Enter")  # opens the details, and must not put the notebook in edit mode
    box = chooser.locator("input[type=checkbox]").first
    assert box.is_visible()
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    argument = chooser.locator(".casekit-choices-item label").first.inner_text()
    assert argument[:60] in wait_until_it_says(reasoning, argument[:60])
    assert "1 chosen" in summary.inner_text()
    assert page.evaluate(NOTEBOOK_STATE_JS) == notebook, "a key press reached the notebook's shortcuts"


def test_toggle_checkbox_text_box_and_button_work_by_keyboard(keys_page):
    """The ipywidgets controls lessons 01, 02 and 04 still use: Space or Enter on a toggle and a button,
    Space on a check box, typing and Enter in a text box; no key reaches the notebook's shortcuts."""
    page = keys_page
    controls = page.locator(f".jp-Notebook .{KEYS_BOX}")
    toggle = controls.locator(".widget-toggle-button")
    box = controls.locator(".widget-checkbox input")
    name = controls.locator(".widget-text input")
    pressed = controls.locator(".widget-label").filter(has_text="pressed")
    toggle.scroll_into_view_if_needed()
    toggle.focus()
    notebook = page.evaluate(NOTEBOOK_STATE_JS)
    assert toggle.get_attribute("aria-pressed") == "false", "a toggle button does not say it is off"
    page.keyboard.press("Space")
    assert "mod-active" in toggle.get_attribute("class"), "Space did not toggle the toggle button"
    assert toggle.get_attribute("aria-pressed") == "true", "a toggle button does not say it is on"
    page.keyboard.press("Enter")
    assert "mod-active" not in toggle.get_attribute("class"), "Enter did not toggle the toggle button back"
    assert toggle.get_attribute("aria-pressed") == "false"
    page.keyboard.press("Tab")  # the next Tab stop is the check box
    assert page.evaluate("() => document.activeElement.type") == "checkbox"
    page.keyboard.press("Space")
    assert box.is_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("Ada")
    page.keyboard.press("Enter")
    assert name.input_value() == "Ada"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Save", page.evaluate(
        "() => document.activeElement.outerHTML.slice(0, 200)"
    )
    before = pressed.inner_text()
    page.keyboard.press("Enter")
    after = wait_until_changed(pressed, before)
    assert after == "pressed 1 times", after
    page.keyboard.press("Space")
    assert wait_until_changed(pressed, after) == "pressed 2 times"
    assert page.evaluate(NOTEBOOK_STATE_JS) == notebook, "a key press reached the notebook's shortcuts"


# Where the notebook is: its cells and mode (NOTEBOOK_STATE_JS) and how far the panel holding EL is scrolled.
POSITION_JS = """(el) => {
  const nb = window.__casekit.widget.content;
  let scroller = document.scrollingElement;
  for (let n = el.parentElement; n && n !== document.body; n = n.parentElement) {
    const css = getComputedStyle(n);
    if (/(auto|scroll)/.test(css.overflowY) && n.scrollHeight > n.clientHeight + 2) { scroller = n; break; }
  }
  return {cells: nb.widgets.length, active: nb.activeCellIndex, mode: nb.mode, scroll: scroller.scrollTop,
          page: document.scrollingElement.scrollTop, focused: document.activeElement === el,
          top: Math.round(el.getBoundingClientRect().top)};
}"""
# The focus ring of EL (focused): its outline's style, width and colour, the colour behind it (the first opaque
# background of its ancestors, white if none) and their contrast ratio (WCAG's relative luminance).
FOCUS_RING_JS = """(el) => {
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const [R, G, B] = [r, g, b].map(v => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  let behind = [255, 255, 255];
  for (let n = el.parentElement; n; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c.length >= 3 && (c.length < 4 || c[3] > 0.99)) { behind = c.slice(0, 3); break; }
  }
  const css = getComputedStyle(el);
  const ring = rgb(css.outlineColor).slice(0, 3);
  const [hi, lo] = [luminance(ring), luminance(behind)].sort((a, b) => b - a);
  return {style: css.outlineStyle, width: parseFloat(css.outlineWidth), color: css.outlineColor,
          behind: `rgb(${behind.join(', ')})`, contrast: (hi + 0.05) / (lo + 0.05),
          visible: el.matches(':focus-visible')};
}"""
ARROWS = ("ArrowUp", "ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp")  # one more up: an escape moves the cell


def test_arrow_keys_stay_on_every_kind_of_control_which_shows_a_focus_ring_and_toggles_say_their_state(keys_page):
    """Issue 29 (K1-K3): arrow keys pressed on each kind of control the kit renders neither move the notebook's
    active cell nor scroll it; each focused control shows a ring of 2px or more at 3:1 or more against what is
    behind it; every toggle button says whether it is on (aria-pressed)."""
    page = keys_page
    notebook = page.locator(".jp-Notebook")
    box = notebook.locator(f".{KEYS_BOX}")
    weighing = notebook.locator(".casekit-main").filter(has=page.locator("input[type=range]")).first
    chooser = weighing.locator(".casekit-choices").first
    kinds = {
        "the kit's menu": box.locator(".casekit-select select"),
        "the kit's slider": box.locator("input[type=range]"),
        "the kit's collapsible list": chooser.locator("summary"),
        "the kit's check box": chooser.locator("input[type=checkbox]").first,
        "the kit's text area": chooser.locator("textarea"),
        "a toggle button": box.locator(".widget-toggle-button"),
        "a check box": box.locator(".widget-checkbox input"),
        "a text box": box.locator(".widget-text input"),
        "a button": box.locator("button.jupyter-button:not(.widget-toggle-button)"),
        "a text area": box.locator(".widget-textarea textarea"),
        "a <summary> in an HTML output": box.locator(".widget-html summary"),
    }
    if not chooser.locator("details").evaluate("d => d.open"):
        chooser.locator("summary").click()  # the list's check boxes and words show once it is open
    escaped, rings = [], []
    for kind, control in kinds.items():
        control.scroll_into_view_if_needed()
        control.focus()
        before = control.evaluate(POSITION_JS)
        for key in ARROWS:
            page.keyboard.press(key)
        after, ring = control.evaluate(f"(el) => [({POSITION_JS})(el), ({FOCUS_RING_JS})(el)]")
        if after != before:
            escaped.append(f"{kind}: {before} -> {after}")
        if not (ring["style"] not in ("none", "hidden") and ring["width"] >= 2 and ring["contrast"] >= 3):
            rings.append(f"{kind}: {ring}")
    assert not escaped and not rings, (
        "arrow keys reached the notebook (active cell, mode, focus or scroll changed):\n"
        + "\n".join(escaped)
        + "\nfocus rings under 2px or under 3:1:\n"
        + "\n".join(rings)
    )

    toggles = notebook.locator(".widget-toggle-button")
    states = toggles.evaluate_all("(all) => all.map(b => [b.textContent.trim(), b.getAttribute('aria-pressed')])")
    assert states and all(state in ("true", "false") for _, state in states), states  # and any lesson's
