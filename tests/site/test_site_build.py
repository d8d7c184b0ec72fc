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
    note_hidden_findings,
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


def judging_notebook() -> nbformat.NotebookNode:
    """A widget (box m1) holding a commit-then-reveal control (m2), a closed disclosure of findings after it,
    one of answers (not findings), and a markdown disclosure of the record."""
    nb = widget_notebook()
    state = nb.metadata["widgets"][WIDGET_STATE_MIME]["state"]
    state["m1"] = {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_m2"]}}
    state["m2"] = {
        "model_name": "AnyModel",
        "state": {
            "show_label": "Show the court's finding on:",
            "committed": False,
            "item": "Public interest",
            "html": "",
        },
    }
    findings = "<details><summary>The court's findings: public interest</summary><table></table></details>"
    answers = "<details><summary>Answers (open after you have tried)</summary>4</details>"
    nb.cells[1].outputs = [nbformat.v4.new_output("display_data", data={"text/html": findings + answers})]
    nb.cells[2].source = "<details>\n<summary>What the record says</summary>\n\nProse.\n\n</details>"
    return nb


def test_a_judging_widget_says_where_its_hidden_findings_are_and_links_their_closed_disclosures():
    nb = judging_notebook()
    assert note_hidden_findings(nb) == 1
    note = nb.cells[0].outputs[1].data["text/html"]
    assert [o.get("name") or next(iter(o.data)) for o in nb.cells[0].outputs] == [
        "stdout",
        "text/html",
        WIDGET_VIEW_MIME,
    ]
    assert "the court&#x27;s finding on each item only after you have saved your own judgement" in note
    html_out = nb.cells[1].outputs[0].data["text/html"]
    assert '<details id="casekit-hidden-1-1">' in html_out and "<details open" not in html_out
    assert '<a href="#casekit-hidden-1-1">The court&#x27;s findings: public interest</a>' in note
    assert "Answers" not in note  # a disclosure of answers is not one of findings
    assert '<details id="casekit-hidden-1-3">' in nb.cells[2].source and 'href="#casekit-hidden-1-3"' in note


def test_a_lesson_without_judging_widgets_gets_no_hidden_findings_note():
    nb = widget_notebook()
    assert note_hidden_findings(nb) == 0 and len(nb.cells[0].outputs) == 2


@pytest.mark.parametrize("stem", ["00-the-case", "01-emergency-relief", "02-cloud-contracts", "04-antitrust"])
def test_each_judging_lesson_page_links_closed_disclosures_of_its_findings(stem):
    nb, why = stored_run(LESSONS / f"{stem}.ipynb")
    assert nb is not None, why
    assert note_hidden_findings(nb) == 1
    notes = [
        o.data["text/html"]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "casekit-hidden-note" in (o.get("data") or {}).get("text/html", "")
    ]
    assert len(notes) == 1 and 'href="#casekit-hidden-1-1"' in notes[0]


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
