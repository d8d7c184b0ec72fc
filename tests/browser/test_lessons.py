"""Every lesson and solution runs in JupyterLab in headless Chromium, and its widgets and figures render;
every lesson passes the accessibility gate, and runs in Jupyter Notebook 7 too.

nbval runs notebooks without rendering them; this suite opens each one in a real JupyterLab, runs
all cells, checks what a learner would see, and drives each lesson's main widget once. After Run
All of a lesson, axe-core checks the kit's outputs (accessibility.py): no critical or serious
finding is allowed, and nothing a learner cannot read (notebook_page.LAYOUT_JS: tokens broken in tables,
words split in printed text, cut-off controls, numpy reprs, text under 12px, figure texts that overlap,
cross the figure's edge or are cut by the plot area). Lessons also run in
Notebook 7 (one of them: NOTEBOOK7_LESSONS), started beside its JupyterLab run.
"""

from __future__ import annotations

import pytest
from conftest import CONTROLS, REPO, lessons_under_test, notebooks_under_test
from control_notebooks import (
    CONTROL,
    CONTROL_A11Y,
    EXPECTED_A11Y,
    EXPECTED_INTERACTIONS,
    EXPECTED_PROBLEMS,
    first_fail_cell,
)
from notebook_page import read_interaction_flag

pytestmark = pytest.mark.browser
NOTEBOOKS = notebooks_under_test()
LESSONS = lessons_under_test()
# Looked at again as a new learner sees them, 1440×900 with the file browser open (the widest tables of ids).
AS_LEARNER = [lesson for lesson in LESSONS if lesson.split("/")[-1][:3] in ("02-", "04-")]
# Notebook 7 shares JupyterLab's renderers and widget manager and differs only in its shell, so it runs one
# lesson, the first (lesson 00: its selects, dropdowns, buttons and tables), not all of them: each run is a whole
# lesson's kernel and page beside make test's other suites on 2 cores (benchmarks/test_time.py). Lesson 03, the one
# with the most kinds of control, cost about 27 s of wall time there against lesson 00's 10 s; the keyboard test
# drives every kind of control the kit renders in Notebook 7 (control_notebooks.py), lesson 03's included.
NOTEBOOK7_LESSONS = [lesson for lesson in LESSONS if lesson.split("/")[-1][:3] == "00-"]

NOTEBOOK7_REPORTS: dict = {}  # lesson -> its Notebook 7 report (or the error), finished in its JupyterLab test
CONTROL_PATH = f"{CONTROLS}/{CONTROL}"
CONTROL_A11Y_PATH = f"{CONTROLS}/{CONTROL_A11Y}"


def describe(report, client: str = "JupyterLab") -> str:
    lines = [f"{report.name}: {len(report.problems)} problem(s) in {client}:"]
    lines += [f"  - {problem}" for problem in report.problems]
    lines += [f"  (ok) {done}" for done in report.interactions]
    if getattr(report, "artifacts", None):
        lines.append("  screenshot and console errors: " + ", ".join(str(p) for p in report.artifacts))
    return "\n".join(lines)


def test_there_are_lessons_and_solutions_to_check():
    assert NOTEBOOKS, "no notebooks in lessons/*.ipynb or solutions/*.ipynb: nothing for the browser suite to check"


def test_checker_drives_good_widgets_and_reports_a_broken_frontend_empty_figure_and_raising_code(check_notebook):
    report = check_notebook(CONTROL_PATH, require_main_widget=True, expect_problems=True, layout=True)
    assert len(report.problems) == len(EXPECTED_PROBLEMS), describe(report)
    for expected in EXPECTED_PROBLEMS:
        assert sum(expected in found for found in report.problems) == 1, describe(report)
    assert len(report.interactions) == len(EXPECTED_INTERACTIONS), describe(report)
    for expected, done in zip(EXPECTED_INTERACTIONS, report.interactions):
        assert expected in done and done.endswith("output changed"), describe(report)


def test_accessibility_gate_passes_the_kits_controls_and_fails_each_defect(check_notebook):
    report = check_notebook(CONTROL_A11Y_PATH, interact=False, audit=True)
    assert not report.problems, describe(report)
    found = report.audit
    failing = {(f.rule, f.cell - first_fail_cell()) for f in found.failing if f.cell}
    assert failing == set(EXPECTED_A11Y), "the gate did not report exactly the control's defects:\n" + found.describe()
    assert all(f.cell for f in found.failing), found.describe()


@pytest.mark.parametrize("relative", NOTEBOOKS)
def test_notebook_runs_and_renders_in_jupyterlab(check_notebook, notebook7, relative):
    lesson = relative in LESSONS
    in_notebook7 = relative in NOTEBOOK7_LESSONS
    if in_notebook7:  # Notebook 7 loads meanwhile, then runs the lesson beside the gate and the next test
        notebook7.start(relative)
    interact = read_interaction_flag(REPO / relative)
    report = check_notebook(
        relative,
        interact=interact,
        require_main_widget=interact and lesson,
        audit=lesson,
        before_audit=(lambda: notebook7.kick(relative)) if in_notebook7 else None,
        layout=True,  # every lesson and solution (the exercises are the solutions without their answers)
        as_learner=relative in AS_LEARNER,
    )
    if in_notebook7:  # finished here, not at the end: an open Notebook 7 page slows every JupyterLab test after it
        try:
            NOTEBOOK7_REPORTS[relative] = _finish_notebook7(notebook7, relative)
        except Exception as exc:  # noqa: BLE001 (reported by the Notebook 7 test)
            NOTEBOOK7_REPORTS[relative] = exc
    assert not report.problems, describe(report)
    if lesson:
        failing = report.audit.failing
        assert not failing, (
            f"accessibility gate: {len(failing)} critical or serious axe-core finding(s) in the "
            f"outputs of {relative}:\n" + report.audit.describe(failing)
        )


def test_notebook7_lessons_are_real_lessons():
    assert len(NOTEBOOK7_LESSONS) == 1, NOTEBOOK7_LESSONS


def _finish_notebook7(notebook7, relative: str):
    """Wait for RELATIVE's Notebook 7 run (started beside its JupyterLab run), check it, close its page."""
    interact = read_interaction_flag(REPO / relative)
    try:
        return notebook7.finish(relative, interact=interact, require_main_widget=interact)[1]
    finally:
        notebook7.close(relative)


@pytest.mark.parametrize("relative", NOTEBOOK7_LESSONS)
def test_lesson_runs_and_renders_in_notebook7(notebook7, relative):
    report = NOTEBOOK7_REPORTS.pop(relative, None) or _finish_notebook7(notebook7, relative)
    if isinstance(report, Exception):
        raise report
    assert not report.problems, describe(report, "Notebook 7")
