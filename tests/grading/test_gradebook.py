"""The Canvas export's column header is plain text, whatever Markdown the exercise title carries."""

from __future__ import annotations

import csv

import pytest

from casekit.grading.gradebook import canvas_header, write_canvas


@pytest.mark.parametrize(
    "title, header",
    [
        (
            "Exercise 01 · Emergency relief: *Winter* and the **sliding scale**",
            "Exercise 01 · Emergency relief: Winter and the sliding scale",
        ),
        ("# Exercise 00: [the case](../lessons/00-the-case.ipynb) and `pandas`", "Exercise 00: the case and pandas"),
        ("Exercise 02 · _Parler_ v. AWS &amp; <b>Twitter</b>", "Exercise 02 · Parler v. AWS & Twitter"),
        ("Exercise 9 (77)", "Exercise 9 (77)"),
        ("snake_case_name  with   spaces", "snake_case_name with spaces"),
    ],
)
def test_canvas_header_is_plain_text(title, header):
    assert canvas_header(title) == header


def test_canvas_csv_uses_the_plain_header(tmp_path):
    results = [{"submission": "jdoe", "questions": [{"score": 2, "max_score": 3, "status": "passed"}]}]
    write_canvas(results, tmp_path, "Exercise 01 · *Winter* (12)")
    with open(tmp_path / "canvas.csv", encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header[-1] == "Exercise 01 · Winter (12)"
