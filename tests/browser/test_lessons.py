"""Every lesson and solution runs in JupyterLab in headless Chromium, and its widgets and figures render.

nbval runs notebooks without rendering them; this suite opens each one in a real JupyterLab, runs
all cells, checks what a learner would see, and drives each lesson's main widget once.
"""

from __future__ import annotations

import pytest

from conftest import CONTROLS, REPO, notebooks_under_test
from control_notebooks import CONTROL, EXPECTED_INTERACTIONS, EXPECTED_PROBLEMS
from notebook_page import read_interaction_flag

pytestmark = pytest.mark.browser
NOTEBOOKS = notebooks_under_test()
CONTROL_PATH = f"{CONTROLS}/{CONTROL}"


def describe(report) -> str:
    lines = [f"{report.name}: {len(report.problems)} problem(s) in JupyterLab:"]
    lines += [f"  - {problem}" for problem in report.problems]
    lines += [f"  (ok) {done}" for done in report.interactions]
    if getattr(report, "artifacts", None):
        lines.append("  screenshot and console errors: " + ", ".join(str(p) for p in report.artifacts))
    return "\n".join(lines)


def test_there_are_lessons_and_solutions_to_check():
    assert NOTEBOOKS, "no notebooks in lessons/*.ipynb or solutions/*.ipynb: nothing for the browser suite to check"


def test_checker_drives_good_widgets_and_reports_a_broken_frontend_empty_figure_and_raising_code(check_notebook):
    report = check_notebook(CONTROL_PATH, require_main_widget=True, expect_problems=True)
    assert len(report.problems) == len(EXPECTED_PROBLEMS), describe(report)
    for expected in EXPECTED_PROBLEMS:
        assert sum(expected in found for found in report.problems) == 1, describe(report)
    assert len(report.interactions) == len(EXPECTED_INTERACTIONS), describe(report)
    for expected, done in zip(EXPECTED_INTERACTIONS, report.interactions):
        assert expected in done and done.endswith("output changed"), describe(report)


@pytest.mark.parametrize("relative", NOTEBOOKS)
def test_notebook_runs_and_renders_in_jupyterlab(check_notebook, relative):
    interact = read_interaction_flag(REPO / relative)
    report = check_notebook(relative, interact=interact,
                            require_main_widget=interact and relative.startswith("lessons/"))
    assert not report.problems, describe(report)
