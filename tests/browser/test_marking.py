"""instructors/marking.ipynb in JupyterLab: two written answers marked by keyboard, saved, merged, and the
marker's comment found in the learner's feedback page; the layout checks and the accessibility gate (axe-core)
run on the view.

The graded folder is the marking module's demo (what `casekit grade` writes for written answers, made from
the kit's exemplars without running the grader): it is written where the served notebook's `GRADED`
(`../grades/00`) points. The keys are real key presses; the only focus set by script is the first check box.
"""

from __future__ import annotations

import csv
import shutil
import time

import pytest
from conftest import ARTIFACTS, REPO, run_audit
from playwright.sync_api import expect

from casekit import cli
from casekit.grading import marking

pytestmark = pytest.mark.browser
SERVED = "marking-notebook/marking.ipynb"  # its GRADED, ../grades/00, is <served root>/grades/00
FIRST, SECOND = "Keeps notice and effect apart; now say why reports differ.", "Both points, clearly made."
FOCUSED_JS = "() => ({tag: document.activeElement.tagName, text: document.activeElement.innerText || ''})"
CELLS_JS = "() => window.__casekit.widget.content.widgets.length"


def _rows(path):
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_mark_two_answers_by_keyboard_save_merge_and_read_the_comment(lab_page, lab_server):
    graded = marking.write_demo(lab_server.root / "grades" / "00")
    (lab_server.root / SERVED).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "instructors" / "marking.ipynb", lab_server.root / SERVED)
    report = lab_page.check(SERVED, interact=False, require_main_widget=False, layout=True)
    page = lab_page.page
    try:
        assert not report.problems, report.problems
        view = page.locator(".casekit-marking")
        view.locator("h2", has_text="Answer 1 of 6").wait_for()
        assert not any(login in view.inner_text() for login in marking.DEMO_LEARNERS)  # pseudonyms only
        cells = page.evaluate(CELLS_JS)
        keys = page.keyboard

        # Answer 1: tick the first criterion, leave the second, write a comment, then Next (autosave).
        view.get_by_role("checkbox").first.focus()
        keys.press("Space")
        keys.press("Tab")
        keys.press("Tab")
        assert page.evaluate(FOCUSED_JS)["tag"] == "TEXTAREA"
        keys.type(FIRST)
        keys.press("Tab")  # Previous answer is disabled on the first answer, so Tab reaches Next answer
        assert page.evaluate(FOCUSED_JS)["text"].strip() == "Next answer"
        keys.press("Enter")
        view.locator("h2", has_text="Answer 2 of 6").wait_for()
        # the status line is the last thing the move updates: wait for it, and for Previous answer to be enabled
        view.locator("[role=status]", has_text="Saved the marks of the answer you left").wait_for()
        expect(view.get_by_role("button", name="Previous answer")).to_be_enabled()

        # Answer 2: back to the comment, then both criteria, then forward to Save marks.
        keys.press("Shift+Tab")  # Previous answer (now enabled)
        keys.press("Shift+Tab")
        assert page.evaluate(FOCUSED_JS)["tag"] == "TEXTAREA"
        keys.type(SECOND)
        for _ in range(2):
            keys.press("Shift+Tab")
            keys.press("Space")
        for _ in range(5):  # the second criterion, the comment, Previous answer, Next answer, Save marks
            keys.press("Tab")
        assert page.evaluate(FOCUSED_JS)["text"].strip() == "Save marks"
        keys.press("Enter")

        path = graded / marking.MARKS
        deadline = time.monotonic() + 10
        while len(_rows(path)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        view.locator("[role=status]", has_text="2 of 6 answers marked").wait_for()
        rows = {row["comment"]: row for row in _rows(path)}
        assert set(rows) == {FIRST, SECOND}, rows
        assert (rows[FIRST]["score"], rows[SECOND]["score"]) == ("1", "2")
        assert page.evaluate(CELLS_JS) == cells  # no key reached JupyterLab's notebook shortcuts
        found = run_audit(lab_page, SERVED)  # axe-core: no critical or serious finding on the marking view
        assert not found.failing, found.describe(found.failing)

        assert cli.main(["grade", "--merge-manual", str(path), "--out", str(graded)]) == 0
        first = (graded / "feedback" / f"{rows[FIRST]['submission']}.html").read_text(encoding="utf-8")
        second = (graded / "feedback" / f"{rows[SECOND]['submission']}.html").read_text(encoding="utf-8")
        assert FIRST in first and "<b>Notice and effect</b>: met: 1 / 1" in first
        assert "<b>Why reports differ</b>: not met: 0 / 1" in first
        assert SECOND in second and "<b>Why reports differ</b>: met: 1 / 1" in second
    except Exception:
        lab_page.save_artifacts(report, ARTIFACTS)
        raise
    finally:
        lab_page.close_current()
        lab_server.shutdown_kernels_of(SERVED)
