"""Fixtures shared by the grading tests: the batch graded once, read by test_grade and test_grade_dask."""

from __future__ import annotations

import csv
import shutil

import nbformat
import pytest
from test_grade import CANVAS_TITLE, KEY, LIMITS, _submissions

from casekit import cli


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    """Grade the whole batch once; return (out dir, {submission: {question: row}}, summary rows, exit code,
    submissions dir). OUT's sibling `pristine` keeps the reports as first written."""
    root = tmp_path_factory.mktemp("grading")
    subs, out = root / "submissions", root / "out"
    subs.mkdir()
    for name, content in _submissions(out).items():
        path = subs / f"{name}.ipynb"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            nbformat.write(content, path)
    code = cli.main(["grade", str(subs), "--key", str(KEY), "--out", str(out), "--canvas", CANVAS_TITLE, *LIMITS])
    shutil.copytree(out, root / "pristine")  # the reports as graded: some tests regrade or merge marks into OUT
    rows: dict[str, dict[str, dict]] = {}
    with open(out / "grades.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.setdefault(row["submission"], {})[row["question"]] = row
    with open(out / "summary.csv", encoding="utf-8") as f:
        summary = {row["submission"]: row for row in csv.DictReader(f)}
    return out, rows, summary, code, subs
