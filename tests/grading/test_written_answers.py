"""Written answers are recorded as the learner's own words: manual.csv, the feedback page and the
marking view show the prompt once (as the question), never again before each answer; no learner word is
ever dropped; and marks merged before or after the prompt was taken out still match their answer.

No kernel runs: submissions are the fixture key's exercise (tests/fixtures/grading/key.ipynb) with its
written cell edited, matched by casekit.grading.matching.extract and scored without a run.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from casekit.authoring import prompts
from casekit.authoring.exercise import WRITTEN_PROMPT, make_exercise, read_notebook
from casekit.grading import gradebook, marking
from casekit.grading.key import load_key
from casekit.grading.matching import extract, prompt_removed
from casekit.grading.submission import Limits, score

KEY = Path(__file__).parents[1] / "fixtures" / "grading" / "key.ipynb"
PROMPT = "**9d.** Why might a hosting contract's notice clause matter? (2 points)"
ANSWER = "The notice period decides how long Parler had to find another host.\n\nThirty days is a long time."


@pytest.fixture(scope="module")
def key():
    return load_key(KEY)


def _submission(source: str | None = None):
    """The fixture exercise with its written cell's source set to SOURCE (None: untouched)."""
    nb = make_exercise(read_notebook(KEY), KEY)
    cell = next(c for c in nb.cells if c.metadata.get("casekit", {}).get("role") == "written")
    assert cell.source.startswith(PROMPT) and WRITTEN_PROMPT in cell.source  # the fixture is what we think
    if source is not None:
        cell.source = source
    return nb


def _graded(key, nb, out: Path) -> dict:
    rows = score(key, extract(key, nb), None, Limits(), login="jdoe")
    gradebook.write_reports([{"submission": "jdoe", "questions": rows}], out, key.title)
    return next(r for r in rows if r["question"] == "9d")


def _manual(out: Path) -> list[dict]:
    with open(out / "manual.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_prompt_then_answer_records_the_answer_only_in_manual_csv_and_the_feedback_page(key, tmp_path):
    row = _graded(key, _submission(f"{PROMPT}\n\n{ANSWER}"), tmp_path)
    assert row["status"] == "manual" and row["answer"] == ANSWER
    assert [r["answer"] for r in _manual(tmp_path)] == [ANSWER]
    page = (tmp_path / "feedback" / "jdoe.html").read_text(encoding="utf-8")
    assert "Thirty days is a long time." in page and "Why might a hosting contract" not in page


@pytest.mark.parametrize(
    "source, expected",
    [  # the learner wrote above the prompt, kept the placeholder, indented the prompt, left blank lines
        (f"My view first.\n\n{PROMPT}\n\n{WRITTEN_PROMPT}\n\n{ANSWER}", f"My view first.\n\n\n\n{ANSWER}"),
        (f"  {PROMPT}  \n\n\n{WRITTEN_PROMPT} {ANSWER}", f"{WRITTEN_PROMPT} {ANSWER}"),  # same line: kept whole
    ],
)
def test_text_around_the_prompt_is_kept(key, source, expected):
    assert extract(key, _submission(source)).written["9d"] == expected


@pytest.mark.parametrize(
    "source",
    [
        ANSWER,  # the prompt deleted
        f"**9d.** Why might a hosting contract's notice clause matter? (3 points)\n\n{ANSWER}",  # the prompt edited
        f"**9d.** Why might a hosting contract's notice clause matter? {ANSWER}",  # answered on the prompt's line
    ],
)
def test_a_cell_without_the_prompt_whole_keeps_all_its_text(key, source, tmp_path):
    row = _graded(key, _submission(source), tmp_path)
    assert row["status"] == "manual" and row["answer"] == source.strip()
    assert _manual(tmp_path)[0]["answer"] == source.strip()


@pytest.mark.parametrize(
    "source", [None, PROMPT, f"{PROMPT}\n\n{WRITTEN_PROMPT}\n\n   \n", f"{PROMPT}\n{WRITTEN_PROMPT}"]
)
def test_an_untouched_stub_is_still_unanswered(key, source, tmp_path):
    found = extract(key, _submission(source))
    assert "9d" in found.unanswered and found.written["9d"] == ""
    assert _graded(key, _submission(source), tmp_path)["status"] == "missing"
    assert _manual(tmp_path) == []  # nothing to mark


def test_the_stubs_closing_lines_go_too_and_the_prompt_is_found_only_whole():
    stub = f"Question?\nTwo lines.\n\n{WRITTEN_PROMPT}\n\n_(150 words)_"
    assert prompt_removed("Question?\n\nTwo lines.\n\nMine.\n\n_(150 words)_", stub) == "Mine."
    assert prompt_removed("Question?\nMine.\nTwo lines.", stub) == "Question?\nMine.\nTwo lines."  # split prompt
    assert prompt_removed("Two lines.\nMine.", stub) == "Two lines.\nMine."  # part of the prompt: kept whole


def test_the_extraction_keeps_the_whole_cell_beside_the_answer(key):
    cell = f"{PROMPT}\n\n{ANSWER}"
    found = extract(key, _submission(cell))
    assert (found.written["9d"], found.written_cells["9d"]) == (ANSWER, cell)


def test_a_written_row_carries_the_hash_of_the_whole_cell(key, tmp_path):
    cell = f"{PROMPT}\n\n{ANSWER}"
    assert _graded(key, _submission(cell), tmp_path)["cell_hash"] == gradebook.answer_hash(cell)


def test_marks_merged_before_and_after_the_prompt_was_taken_out_still_match(key, tmp_path):
    """A mark stored with the hash of the whole cell (what a result's answer held before the prompt was
    taken out; a regraded row keeps it as cell_hash) or of the answer alone applies to the regraded
    answer; a mark of another answer does not, nor a whole-cell mark on a row without cell_hash."""
    cell = f"{PROMPT}\n\n{ANSWER}"
    row = dict(_graded(key, _submission(cell), tmp_path), cell_hash=gradebook.answer_hash(cell))
    bare = {k: v for k, v in row.items() if k != "cell_hash"}
    cases = [(row, cell, True), (row, ANSWER, True), (row, f"{PROMPT}\n\nAnother answer.", False), (bare, cell, False)]
    for base, stored, applies in cases:
        q = dict(base)
        gradebook.apply_manual(
            [{"submission": "jdoe", "questions": [q]}],
            {"jdoe": {"9d": {"score": 2, "answer": gradebook.answer_hash(stored)}}},
        )
        assert (q["score"] == 2) is applies, stored


def test_a_merged_mark_survives_rewriting_the_reports(key, tmp_path):
    row = _graded(key, _submission(f"{PROMPT}\n\n{ANSWER}"), tmp_path)
    results = tmp_path / "results"
    results.mkdir()
    (results / "jdoe.json").write_text(json.dumps({"submission": "jdoe", "questions": [row]}), encoding="utf-8")
    (tmp_path / "batch.json").write_text(json.dumps({"title": key.title, "submissions": ["jdoe"]}), encoding="utf-8")
    marked = tmp_path / "marked.csv"
    rows = _manual(tmp_path)
    with open(marked, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerow(dict(rows[0], score="2"))
    assert gradebook.merge_manual(marked, tmp_path) == (1, [])
    with open(tmp_path / "grades.csv", encoding="utf-8") as f:
        assert {r["question"]: r["score"] for r in csv.DictReader(f)}["9d"] == "2"


def test_the_marking_view_shows_the_prompt_once_and_the_answer_without_it():
    bank = prompts.load_bank()
    rubric = bank["00-the-case"]["0d"][prompts.DEFAULT]
    words = "Reports dated the notice, the suspension and the hearing."
    for text in (words, f"{rubric.text}\n\n{WRITTEN_PROMPT}\n\n{words}"):  # today's manual.csv, and an older one
        assert marking.answer_body(marking.Answer("jdoe", "Learner X", "0d", 2, text), rubric) == words
    kept = f"{rubric.text.replace('three', '3')}\n\n{words}"  # an edited prompt: nothing is taken out
    assert marking.answer_body(marking.Answer("jdoe", "Learner X", "0d", 2, kept), rubric) == kept


def test_the_marking_notebooks_view_shows_each_prompt_once(tmp_path):
    """The view of instructors/marking.ipynb on a folder `casekit grade` writes today, and on one from before,
    whose manual.csv held each whole cell: the prompt once (as the question), the answer without it."""
    from casekit.grading.marking_view import MarkingView

    bank = prompts.load_bank()
    folder = marking.write_demo(tmp_path / "00", bank=bank)
    manual = folder / marking.MANUAL
    with open(manual, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for before in (False, True):
        if before:  # the manual.csv of a folder graded before the prompt was taken out
            with open(manual, "w", encoding="utf-8", newline="") as f:
                writer = csv.DictWriter(f, fieldnames=list(rows[0]))
                writer.writeheader()
                for row in rows:
                    text = bank["00-the-case"][row["question"]][prompts.DEFAULT].text
                    writer.writerow(dict(row, answer=f"{text}\n\n{WRITTEN_PROMPT}\n\n{row['answer']}"))
        view = MarkingView(marking.Session(folder, bank=bank))
        for index in range(len(view.session.answers)):
            view.index = index
            view.show()
            first_line = view.session.rubric(index).text.splitlines()[0].split("**")[-1].strip()
            assert first_line and (view.prompt.value + view.answer.value).count(first_line) == 1, (before, index)
            assert WRITTEN_PROMPT not in view.answer.value and view.session.answers[index].text.strip()
