"""casekit.site's steps: notebook links become page links; widgets are marked static and switched off; a
lesson's page shows its stored run with the widget state kept beside it, or a fresh run when they differ."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from casekit.authoring.execute import execute_notebook, widget_state_path, widget_views
from casekit.paths import LESSONS
from casekit.site import (
    STATIC_WIDGET_NOTE,
    WIDGET_STATE_MIME,
    WIDGET_VIEW_MIME,
    add_widget_notes,
    build,
    disable_saved_widgets,
    link_pages,
    page_name,
    stored_run,
)


@pytest.mark.parametrize(
    "relative, page",
    [
        ("lessons/01-emergency-relief.ipynb", "01-emergency-relief.html"),
        ("exercises/00-the-case.ipynb", "exercise-00-the-case.html"),
        ("exercises/assessed/00-the-case.ipynb", "exercise-assessed-00-the-case.html"),
        ("solutions/00-the-case.ipynb", None),
        ("lessons/my-reasoning/x.ipynb", None),
        ("docs/grading.md", None),
        ("../outside/00-x.ipynb", None),
    ],
)
def test_page_name(relative, page):
    assert page_name(relative) == page


def test_links_to_notebooks_point_at_site_pages_and_other_links_are_left_alone():
    pages = {"00-the-case.html", "01-emergency-relief.html", "exercise-00-the-case.html"}
    body = (
        '<a href="../exercises/00-the-case.ipynb">Try it now</a> '
        '<a href="01-emergency-relief.ipynb#weigh">next</a> '
        '<a href="03-later.ipynb">later</a> '
        '<a href="https://example.org/x.ipynb">web</a> <a href="#top">top</a> '
        '<a href="../docs/grading.md">docs</a>'
    )
    rewritten, missing = link_pages(body, "lessons", pages)
    assert 'href="exercise-00-the-case.html"' in rewritten and 'href="01-emergency-relief.html#weigh"' in rewritten
    assert 'href="https://example.org/x.ipynb"' in rewritten and 'href="#top"' in rewritten
    assert 'href="../docs/grading.md"' in rewritten and 'href="03-later.ipynb"' in rewritten
    assert missing == ["03-later.ipynb"]
    back, _ = link_pages('<a href="../lessons/00-the-case.ipynb">lesson</a>', "exercises", pages)
    assert back == '<a href="00-the-case.html">lesson</a>'


def widget_notebook() -> nbformat.NotebookNode:
    view = {
        "output_type": "display_data",
        "metadata": {},
        "data": {
            WIDGET_VIEW_MIME: {"model_id": "m1", "version_major": 2, "version_minor": 0},
            "text/plain": "IntSlider(value=3)",
        },
    }
    text = {"output_type": "stream", "name": "stdout", "text": "hello\n"}
    cells = [
        nbformat.v4.new_code_cell("slider", outputs=[nbformat.from_dict(text), nbformat.from_dict(view)]),
        nbformat.v4.new_code_cell("print(1)", outputs=[nbformat.from_dict(text)]),
        nbformat.v4.new_markdown_cell("prose"),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["widgets"] = {
        WIDGET_STATE_MIME: {
            "state": {
                "m1": {"model_name": "IntSliderModel", "state": {"value": 3, "disabled": False}},
                "m2": {"model_name": "LayoutModel", "state": {"width": "auto"}},
                "m3": {"model_name": "AnyModel", "state": {"_esm": "...", "value": "a"}},
            }
        }
    }
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


# --- the site shows each lesson's stored run, with the widget state `casekit execute` kept beside it ---


def test_every_lesson_has_a_stored_run_the_site_can_show():
    """`make outputs` keeps each lesson's widget state in lessons/widget-state/; `make site` then needs no kernel."""
    for path in sorted(LESSONS.glob("[0-9][0-9]-*.ipynb")):
        nb, why = stored_run(path)
        assert nb is not None, f"{path.name}: {why}"
        views = widget_views(nb)
        assert set(views) <= set(nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {}))


TINY_LESSON = ["# 09. A tiny lesson", "import ipywidgets\nipywidgets.IntSlider(value=3, description='Days')"]


def _tiny_lesson(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )
    nb.cells = [nbformat.v4.new_markdown_cell(TINY_LESSON[0]), nbformat.v4.new_code_cell(TINY_LESSON[1])]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "09-tiny.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_lesson_run_with_its_widget_state_kept_is_shown_as_stored_and_a_stale_one_is_run_afresh(tmp_path):
    path = _tiny_lesson(tmp_path / "lessons")
    assert stored_run(path)[0] is None  # never run: no stored outputs yet
    execute_notebook(path, keep_widget_state=True)
    state_file = widget_state_path(path)
    assert state_file.is_file() and "widgets" not in nbformat.read(path, as_version=4).metadata
    nb, why = stored_run(path)
    assert nb is not None and why == "" and len(widget_views(nb)) == 1

    logged: list[str] = []
    build(tmp_path / "site", tmp_path / "lessons", log=logged.append, exercises_folder=tmp_path / "none")
    assert any("09-tiny.html from its stored run" in line for line in logged), logged
    assert "IntSliderModel" in (tmp_path / "site" / "09-tiny.html").read_text(encoding="utf-8")

    # state from another run of the lesson (the ids differ): the site runs the lesson afresh and says why
    record = json.loads(state_file.read_text(encoding="utf-8"))
    record["views"] = ["0" * 32]
    state_file.write_text(json.dumps(record), encoding="utf-8")
    assert "is not from the run saved in it" in stored_run(path)[1]
    logged.clear()
    build(tmp_path / "site", tmp_path / "lessons", log=logged.append, exercises_folder=tmp_path / "none")
    assert any(
        line.startswith("running 09-tiny.ipynb afresh: widget-state/09-tiny.json is not from the run")
        for line in logged
    ), logged
    assert any("09-tiny.html from a fresh run" in line for line in logged), logged

    # code edited after the run (counts and ids still match): the stored outputs are not its outputs
    execute_notebook(path, keep_widget_state=True)
    edited = nbformat.read(path, as_version=4)
    edited.cells[1].source = edited.cells[1].source.replace("value=3", "value=4")
    nbformat.write(edited, path)
    assert stored_run(path) == (None, "its code changed since `make outputs` ran it")

    state_file.unlink()
    assert stored_run(path)[1] == "no widget-state/09-tiny.json (run `make outputs`)"
    state_file.write_text("{not json", encoding="utf-8")
    assert "cannot be read" in stored_run(path)[1]
