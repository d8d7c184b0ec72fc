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
    assert "irreparable harm is likely" in reasoning.inner_text()
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
    text = reasoning.inner_text()
    page.keyboard.press("Space")
    assert box.is_checked()
    argument = chooser.locator(".casekit-choices-item label").first.inner_text()
    assert argument[:60] in wait_until_changed(reasoning, text)
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
    pressed = controls.locator(".widget-label").last
    toggle.scroll_into_view_if_needed()
    toggle.focus()
    notebook = page.evaluate(NOTEBOOK_STATE_JS)
    page.keyboard.press("Space")
    assert "mod-active" in toggle.get_attribute("class"), "Space did not toggle the toggle button"
    page.keyboard.press("Enter")
    assert "mod-active" not in toggle.get_attribute("class"), "Enter did not toggle the toggle button back"
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
