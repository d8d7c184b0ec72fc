"""The assessed edition in JupyterLab: after Run All its check cells give form feedback, never a ✓ or ✗.

The practice edition of the same exercise is the control: its check cells do show ✗ (not answered
yet), so the search for ✓/✗ in what the browser renders is not vacuous.
"""

from __future__ import annotations

import pytest
from notebook_page import CELLS_JS

pytestmark = pytest.mark.browser
EXERCISE = "00-the-case.ipynb"


def _check_outputs(lab_page, relative: str) -> tuple[list[str], list[str], str]:
    """Run RELATIVE in JupyterLab; return (its problems, the rendered text of each check cell, all rendered text)."""
    report = lab_page.check(relative, interact=False, require_main_widget=False)
    try:
        cells = lab_page.page.evaluate(CELLS_JS)
    finally:
        lab_page.close_current()
    checks = [
        "".join(o["text"] for o in c["outputs"]) for c in cells if c["source"].startswith(("check(", "check_form("))
    ]
    everything = "\n".join(o["text"] for c in cells for o in c["outputs"])
    return report.problems, checks, everything


def test_an_assessed_exercise_shows_form_feedback_and_no_verdict(lab_page):
    problems, checks, everything = _check_outputs(lab_page, f"exercises/assessed/{EXERCISE}")
    assert not problems, problems
    assert checks and all("not answered yet" in text for text in checks), checks
    assert "✓" not in everything and "✗" not in everything
    assert "Variant of 00-the-case for login 'practice'" in everything


def test_control_the_practice_edition_of_the_same_exercise_shows_its_verdicts(lab_page):
    problems, checks, _ = _check_outputs(lab_page, f"exercises/{EXERCISE}")
    assert not problems, problems
    assert checks and all("✗ not answered yet" in text for text in checks), checks
