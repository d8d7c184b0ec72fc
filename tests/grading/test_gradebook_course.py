"""casekit gradebook: several exercises joined with the roster; missing learners score 0, unknown logins are kept and listed."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from casekit import cli
from casekit.grading import course, gradebook

ROSTER = "login,name,section\nana,Ana Pérez,A\nBen,Ben Okoro,B\ncleo,Cleo Tan,A\n"


def _result(name: str, scores: dict[str, tuple[int, int, str]]) -> dict:
    return {
        "submission": name,
        "file": f"{name}.ipynb",
        "notes": [],
        "questions": [
            {
                "question": q,
                "kind": "code",
                "score": s,
                "max_score": m,
                "status": st,
                "note": "",
                "hint": "",
                "expected": "",
                "produced": "",
                "answer": "",
                "rubric": "",
            }
            for q, (s, m, st) in scores.items()
        ],
    }


def _exercise(folder: Path, title: str, results: list[dict]) -> Path:
    gradebook.write_reports(results, folder, title)  # the files `casekit grade` writes
    return folder


@pytest.fixture
def graded(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    ex0 = _exercise(
        tmp_path / "00",
        "Exercise 0",
        [
            _result("ana", {"0a": (1, 1, "passed"), "0b": (2, 2, "passed")}),
            _result("ben", {"0a": (0, 1, "failed"), "0b": (2, 2, "passed")}),  # the roster spells it "Ben"
            _result("zed", {"0a": (1, 1, "passed"), "0b": (0, 2, "missing")}),  # not on the roster
        ],
    )
    ex1 = _exercise(
        tmp_path / "01",
        "Exercise 1",
        [
            _result("ana", {"1a": (0, 3, "invalid")}),
            _result("cleo", {"1a": (3, 3, "passed")}),
        ],
    )
    return tmp_path, roster, ex0, ex1


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_missing_learners_score_zero_and_unknown_logins_are_listed(graded, capsys):
    tmp, roster, ex0, ex1 = graded
    out = tmp / "course"
    assert cli.main(["gradebook", str(ex0), str(ex1), "--roster", str(roster), "--out", str(out)]) == 0
    rows = {r["login"]: r for r in _rows(out / "course.csv")}
    assert set(rows) == {"ana", "Ben", "cleo", "zed"}
    assert rows["cleo"]["00 points"] == "0" and rows["cleo"]["00 status"] == "missing"
    assert rows["Ben"]["01 points"] == "0" and rows["Ben"]["01 status"] == "missing"
    assert rows["Ben"]["00 points"] == "2" and rows["Ben"]["00 status"] == "graded"  # matched despite the case
    assert rows["ana"]["01 status"] == "invalid" and rows["ana"]["total"] == "3"
    assert rows["zed"]["on_roster"] == "no" and rows["zed"]["00 points"] == "1"
    assert all(rows[x]["on_roster"] == "yes" for x in ("ana", "Ben", "cleo"))
    assert all(r["max"] == "6" for r in rows.values())
    assert [(u["exercise"], u["submission"]) for u in _rows(out / "unknown.csv")] == [("00", "zed")]
    assert "'zed' matches no login on the roster" in capsys.readouterr().err


def test_canvas_import_has_one_column_per_exercise_and_only_roster_learners(graded):
    tmp, roster, ex0, ex1 = graded
    out = tmp / "course"
    assert cli.main(["gradebook", str(ex0), str(ex1), "--roster", str(roster), "--out", str(out)]) == 0
    with open(out / "canvas.csv", encoding="utf-8") as f:
        table = list(csv.reader(f))
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Exercise 0 (00)", "Exercise 1 (01)"]
    assert table[1][0].strip() == "Points Possible" and table[1][5:] == ["3", "3"]
    body = {row[3]: row for row in table[2:]}
    assert set(body) == {"ana", "Ben", "cleo"}
    assert body["cleo"][0] == "Cleo Tan" and body["cleo"][4] == "A" and body["cleo"][5:] == ["0", "3"]


def test_course_views_count_missing_learners_per_exercise_question_and_section(graded):
    tmp, roster, ex0, ex1 = graded
    data_course = course.join(course.read_roster(roster), [course.read_exercise(ex0), course.read_exercise(ex1)])
    data = course.frame(data_course)
    by_exercise = course.per_exercise(data)
    assert by_exercise.loc["00", "missing"] == 1 and by_exercise.loc["01", "missing"] == 1
    assert by_exercise.loc["00", "graded"] == 2 and by_exercise.loc["01", "invalid"] == 1
    questions = course.per_question(data_course).set_index(["exercise", "question"])
    assert questions.loc[("00", "0a"), "missing"] == 1 and questions.loc[("00", "0a"), "passed"] == 1  # zed not counted
    assert questions.loc[("01", "1a"), "missing"] == 1
    sections = course.per_section(data)
    assert sections.loc["B", "00"] == pytest.approx(2 / 3) and sections.loc["B", "01"] == 0
    assert "2 of 3 learners submitted, 1 missing" in course.summary_text(data_course)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("name,section\nAna,A\n", "needs a 'login' column"),
        ("login,name\nana,Ana\nANA,Ana again\n", "already on line 2"),
        ("login,name\n,Nobody\n", "line 2 has no login"),
        ("login\n", "lists no learner"),
    ],
)
def test_a_bad_roster_is_one_readable_error_naming_the_file(tmp_path, capsys, text, problem):
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    folder = _exercise(tmp_path / "00", "Exercise 0", [_result("ana", {"0a": (1, 1, "passed")})])
    assert cli.main(["gradebook", str(folder), "--roster", str(roster), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert str(roster) in err and problem in err


def test_a_folder_that_was_not_graded_is_named(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    assert cli.main(["gradebook", str(tmp_path / "empty"), "--roster", str(roster), "--out", str(tmp_path / "o")]) == 2
    assert "empty: not a folder written by `casekit grade` (no batch.json)" in capsys.readouterr().err
