"""casekit.site's pure steps: notebook links become page links; widgets are marked static and switched off."""

from __future__ import annotations

import nbformat
import pytest

from casekit.site import (STATIC_WIDGET_NOTE, WIDGET_STATE_MIME, WIDGET_VIEW_MIME, add_widget_notes,
                          disable_saved_widgets, link_pages, page_name)


@pytest.mark.parametrize("relative, page", [
    ("lessons/01-emergency-relief.ipynb", "01-emergency-relief.html"),
    ("exercises/00-the-case.ipynb", "exercise-00-the-case.html"),
    ("exercises/assessed/00-the-case.ipynb", "exercise-assessed-00-the-case.html"),
    ("solutions/00-the-case.ipynb", None),
    ("lessons/my-reasoning/x.ipynb", None),
    ("docs/grading.md", None),
    ("../outside/00-x.ipynb", None),
])
def test_page_name(relative, page):
    assert page_name(relative) == page


def test_links_to_notebooks_point_at_site_pages_and_other_links_are_left_alone():
    pages = {"00-the-case.html", "01-emergency-relief.html", "exercise-00-the-case.html"}
    body = ('<a href="../exercises/00-the-case.ipynb">Try it now</a> '
            '<a href="01-emergency-relief.ipynb#weigh">next</a> '
            '<a href="03-later.ipynb">later</a> '
            '<a href="https://example.org/x.ipynb">web</a> <a href="#top">top</a> '
            '<a href="../docs/grading.md">docs</a>')
    rewritten, missing = link_pages(body, "lessons", pages)
    assert 'href="exercise-00-the-case.html"' in rewritten and 'href="01-emergency-relief.html#weigh"' in rewritten
    assert 'href="https://example.org/x.ipynb"' in rewritten and 'href="#top"' in rewritten
    assert 'href="../docs/grading.md"' in rewritten and 'href="03-later.ipynb"' in rewritten
    assert missing == ["03-later.ipynb"]
    back, _ = link_pages('<a href="../lessons/00-the-case.ipynb">lesson</a>', "exercises", pages)
    assert back == '<a href="00-the-case.html">lesson</a>'


def widget_notebook() -> nbformat.NotebookNode:
    view = {"output_type": "display_data", "metadata": {},
            "data": {WIDGET_VIEW_MIME: {"model_id": "m1", "version_major": 2, "version_minor": 0},
                     "text/plain": "IntSlider(value=3)"}}
    text = {"output_type": "stream", "name": "stdout", "text": "hello\n"}
    cells = [nbformat.v4.new_code_cell("slider", outputs=[nbformat.from_dict(text), nbformat.from_dict(view)]),
             nbformat.v4.new_code_cell("print(1)", outputs=[nbformat.from_dict(text)]),
             nbformat.v4.new_markdown_cell("prose")]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["widgets"] = {WIDGET_STATE_MIME: {"state": {
        "m1": {"model_name": "IntSliderModel", "state": {"value": 3, "disabled": False}},
        "m2": {"model_name": "LayoutModel", "state": {"width": "auto"}},
        "m3": {"model_name": "AnyModel", "state": {"_esm": "...", "value": "a"}}}}}
    return nb


def test_every_widget_output_gets_the_static_note_just_above_it():
    nb = widget_notebook()
    assert add_widget_notes(nb) == 1
    outputs = nb.cells[0].outputs
    assert [o.get("name") or next(iter(o.data)) for o in outputs] == ["stdout", "text/html", WIDGET_VIEW_MIME]
    assert outputs[1].data["text/html"] == STATIC_WIDGET_NOTE and "compute nothing" in STATIC_WIDGET_NOTE
    assert len(nb.cells[1].outputs) == 1


def test_saved_controls_are_switched_off_and_other_models_untouched():
    nb = widget_notebook()
    assert disable_saved_widgets(nb) == 1
    state = nb.metadata["widgets"][WIDGET_STATE_MIME]["state"]
    assert state["m1"]["state"]["disabled"] is True
    assert "disabled" not in state["m2"]["state"] and "disabled" not in state["m3"]["state"]
