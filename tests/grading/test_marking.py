"""Marking written answers: pseudonyms, a seeded order, per-criterion marks and comments written to marks.csv,
and `--merge-manual` folding them (and today's one-score manual.csv) into the grades and feedback pages."""

from __future__ import annotations

import csv
import json

import pytest

from casekit.authoring import prompts
from casekit.grading import gradebook, marking


@pytest.fixture(scope="module")
def bank():
    return prompts.load_bank()


@pytest.fixture
def graded(tmp_path, bank):
    """A graded folder of exercise 00 with three learners' written answers (the marking module's demo)."""
    return marking.write_demo(tmp_path / "00", bank=bank)


def _answers(n: int, questions=("0d", "0g")) -> list[marking.Answer]:
    return [marking.Answer(f"login{i:02d}", "", q, 2, f"text {i}") for q in questions for i in range(n)]


def test_pseudonyms_are_stable_per_key_distinct_and_hide_the_login():
    logins = [f"student{i}" for i in range(200)]
    first, again, other = (marking.pseudonyms(logins, key) for key in ("k1", "k1", "k2"))
    assert first == again and first != other
    assert len(set(first.values())) == len(logins)
    assert not any(login in name or name.split()[-1].lower() in login for login, name in first.items())


def test_the_order_is_shuffled_by_the_key_stable_and_grouped_by_question():
    answers = _answers(20)
    one, two, other = (marking.marking_order(answers, key) for key in ("k", "k", "another"))
    assert one == two and one != other
    assert [a.question for a in one] == ["0d"] * 20 + ["0g"] * 20
    assert [a.submission for a in one[:20]] != sorted(a.submission for a in answers[:20])  # not the roster order
    late = marking.Answer("late", "", "0d", 2, "")
    with_late = [a for a in marking.marking_order([*answers, late], "k") if a is not late]
    assert with_late == one  # a late submission moves no one else


def test_marks_are_saved_per_criterion_reopened_and_merged_into_grades_and_feedback(graded, bank):
    session = marking.Session(graded, bank=bank)
    assert [a.question for a in session.answers] == ["0d"] * 3 + ["0g"] * 3
    assert all(a.pseudonym.startswith("Learner ") for a in session.answers)
    session.set_mark(0, {"notice_vs_effect": 1, "why_confused": 0}, "Say why the dates differ.")
    session.set_mark(3, {"correction": 1, "citation": 1}, "")
    session.save()
    again = marking.Session(graded, bank=bank)
    assert [a.submission for a in again.answers] == [a.submission for a in session.answers]  # same order
    assert again.mark_of(0).comment == "Say why the dates differ." and again.marked() == 2

    with open(graded / marking.MARKS, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["question"], r["score"], r["criterion: Notice and effect"]) for r in rows] == [
        ("0d", "1", "1/1"),
        ("0g", "2", ""),
    ]
    merged, problems = gradebook.merge_manual(graded / marking.MARKS, graded)
    assert (merged, problems) == (2, [])
    first = session.answers[0].submission
    page = (graded / "feedback" / f"{first}.html").read_text(encoding="utf-8")
    assert "Say why the dates differ." in page
    assert "<b>Notice and effect</b>: met: 1 / 1" in page and "<b>Why reports differ</b>: not met: 0 / 1" in page
    stored = json.loads((graded / "manual_scores.json").read_text(encoding="utf-8"))[first]["0d"]
    assert stored["score"] == 1 and stored["comment"] == "Say why the dates differ."
    with open(graded / "grades.csv", encoding="utf-8") as f:
        scores = {(r["submission"], r["question"]): r["score"] for r in csv.DictReader(f)}
    assert scores[(first, "0d")] == "1" and scores[(session.answers[3].submission, "0g")] == "2"


def test_merge_still_reads_a_manual_csv_with_only_its_score_column_filled(graded):
    with open(graded / "manual.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows[0]["score"] = "2"
    with open(graded / "filled.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert gradebook.merge_manual(graded / "filled.csv", graded) == (1, [])
    page = (graded / "feedback" / f"{rows[0]['submission']}.html").read_text(encoding="utf-8")
    assert f"Question {rows[0]['question']}: <span class='manual'>manual</span> (2 / 2)" in page
    assert "Marker's comment" not in page and "criterion by criterion" not in page


@pytest.mark.parametrize(
    "cells, problem",
    [
        ({"score": "2", "criterion: A": "1/1", "criterion: B": "0/1"}, "not the sum of its criteria"),
        ({"criterion: A": "2/1", "criterion: B": "0/1"}, "earns more than the criterion allows"),
        ({"criterion: A": "1/1", "criterion: B": "x"}, "is not earned/possible"),
        ({"criterion: A": "1/1", "criterion: B": "1/2"}, "out of 3 points; the question has 2"),
        ({"comment": "Nice."}, "a comment without a score"),
    ],
)
def test_merge_reports_a_row_it_cannot_use_and_merges_nothing_from_it(graded, cells, problem):
    login = marking.DEMO_LEARNERS[0]
    columns = ["submission", "question", "score", "comment", "criterion: A", "criterion: B"]
    with open(graded / "bad.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerow({"submission": login, "question": "0d", **cells})
    merged, problems = gradebook.merge_manual(graded / "bad.csv", graded)
    assert merged == 0 and len(problems) == 1 and problem in problems[0] and problems[0].startswith("line 2")


def test_a_deduction_is_taken_off_but_never_below_zero(bank):
    rubric = bank["01-emergency-relief"]["1f"]["a"]
    assert marking.score(marking.Mark({"rule": 1, "evidence": 1, "violent_quote": -1}), rubric) == 1
    assert marking.score(marking.Mark({"violent_quote": -1}), rubric) == 0
    with pytest.raises(marking.MarkingError, match="Quoted a violent post takes 0 to -1"):
        marking.check_mark(marking.Mark({"violent_quote": 1}), rubric)


def test_the_rubric_is_the_prompt_the_course_file_picked(graded, bank, tmp_path):
    course = tmp_path / "course.toml"
    course.write_text('[exercises."00-the-case"]\nprompts = { "0d" = "b" }\n', encoding="utf-8")
    session = marking.Session(graded, course=course, bank=bank)
    assert session.rubrics["0d"].letter == "b" and session.rubrics["0g"].letter == "a"
    assert marking.Session(graded, bank=bank).rubrics["0d"].letter == "a"  # no course file: prompt a


def test_a_question_outside_the_bank_is_marked_as_a_whole(tmp_path, bank):
    (tmp_path / "manual.csv").write_text(
        "submission,question,max_score,score,answer,rubric\njdoe,9d,1,,My answer,1 point: anything\n", encoding="utf-8"
    )
    session = marking.Session(tmp_path, bank=bank)
    assert [c.id for c in session.rubric(0).criteria] == ["whole"] and session.rubric(0).max_points == 1


def test_a_folder_without_manual_csv_gets_one_message_naming_it(tmp_path, bank):
    with pytest.raises(marking.MarkingError, match="manual.csv: cannot read it.*casekit grade"):
        marking.Session(tmp_path, bank=bank)


def test_three_exemplars_per_written_question_graded_strong_above_adequate_above_weak(bank):
    exemplars = marking.load_exemplars(bank=bank)
    assert sorted(exemplars) == sorted(q for questions in bank.values() for q in questions)
    for question, (strong, adequate, weak) in exemplars.items():
        stem = prompts.find_question(bank, question)
        totals = [marking.score(marking.Mark(e.marks), bank[stem][question]["a"]) for e in (strong, adequate, weak)]
        assert totals[0] == bank[stem][question]["a"].max_points and totals[0] > totals[1] > totals[2], question
        assert all(e.note for e in (strong, adequate, weak))


def test_the_view_shows_pseudonyms_only_and_a_press_carries_the_comment_typed_with_it(graded, bank):
    from casekit.grading.marking_view import MarkingView

    view = MarkingView(marking.Session(graded, bank=bank), marking.load_exemplars(bank=bank))
    assert view.actions.disabled == ["previous"] and "Calibration" in view.calibration.value
    first = next(iter(view.controls))
    view.controls[first].value = True
    view.actions.set_state({"comment": "Typed at speed.", "action": "next:1"})  # one message from the front end
    shown = [view.heading.value, view.prompt.value, view.answer.value, view.status.html, view.calibration.value]
    assert not any(login in text for login in marking.DEMO_LEARNERS for text in shown)
    assert view.index == 1 and view.status.html.startswith("Saved the marks of the answer you left.")
    with open(graded / marking.MARKS, encoding="utf-8") as f:
        assert [(r["comment"], r["score"]) for r in csv.DictReader(f)] == [("Typed at speed.", "1")]
    view.actions.set_state({"action": "next:2"})  # nothing changed on answer 2: nothing saved for it
    view.actions.set_state({"action": "previous:3"})
    view.actions.set_state({"action": "previous:4"})
    assert view.index == 0 and view.actions.comment == "Typed at speed." and view.controls[first].value is True
    assert view.session.marked() == 1
