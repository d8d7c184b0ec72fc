"""Commit, then compare: in every judging widget the court's finding (or the record's verdict) is not in the page
before the learner has saved a judgement and a reason for the item, and is shown after it; the disclosure says its
state to assistive technology (aria-expanded, aria-controls) and every control names its item.

The four widgets run in one control notebook (control_notebooks.CONTROL_REVEAL), written into the served folder."""

from __future__ import annotations

import re

import pytest
from conftest import ARTIFACTS, CONTROLS
from control_notebooks import REVEAL_CELLS, write_control_reveal

from casekit import data
from casekit.topics.case import reasoning as news
from casekit.topics.case import widgets as case_widgets
from casekit.topics.contract import reasoning as contract

pytestmark = pytest.mark.browser

REASON = "The record as I read it points this way."


def _cases() -> list[dict]:
    """Per widget: its cell, the item, how to judge it, and a sentence of the finding that must stay hidden."""
    claims = news.load_claims()
    claim_label = next(iter(case_widgets.claim_options(claims)))
    findings = data.load("court_findings")
    factor_label = str(data.load("relief_factors").loc["public_interest", "label"])
    question = contract.questions()[0]
    evidence = data.load("antitrust_evidence")
    item = str(evidence["item"].iloc[0])
    return [
        {
            "cell": 1,
            "item": claim_label,
            "show": "Show the record's verdict on:",
            "select": ("Your verdict", 1),
            "hidden": str(claims.iloc[0]["reason"]),
        },
        {
            "cell": 2,
            "item": factor_label,
            "show": "Show the court's finding on:",
            "select": None,  # slider at 0
            "hidden": str(findings.loc[findings.factor_id == "public_interest", "summary"].iloc[0]),
        },
        {
            "cell": 3,
            "item": question.question,
            "show": "Show the court's answer to:",
            "select": (f"The stronger reading, to you: {question.question}", 2),
            "hidden": question.court_answer,
        },
        {
            "cell": 4,
            "item": item,
            "show": "Show the court's treatment of:",
            "select": (f"Your judgement on: {item}", 1),
            "hidden": str(evidence["court_note"].iloc[0]),
        },
    ]


def _words(text: str) -> str:
    return " ".join(text.split())


def test_each_judging_widget_hides_the_court_until_a_judgement_and_a_reason_are_saved(lab_page, lab_server):
    path = write_control_reveal(lab_server.root / CONTROLS)
    relative = f"{CONTROLS}/{path.name}"
    report = lab_page.check(relative, interact=False, require_main_widget=False)
    try:
        if report.problems:
            lab_page.save_artifacts(report, ARTIFACTS)
        assert not report.problems, report.problems
        page = lab_page.page
        cells = page.locator(".jp-Notebook .jp-CodeCell")
        assert cells.count() == len(REVEAL_CELLS)
        for case in _cases():
            cell = cells.nth(case["cell"])
            hidden = _words(case["hidden"])[:120]
            reveal = cell.locator(".casekit-reveal").filter(has=page.get_by_text(case["item"], exact=False)).first
            toggle = reveal.get_by_role("button", name=f"{case['show']} {case['item']}", exact=True)
            toggle.scroll_into_view_if_needed()
            region = reveal.locator(".casekit-reveal-region")
            # before the save: the disclosure is shut and disabled, and the finding is nowhere in the widget
            assert toggle.is_disabled() and toggle.get_attribute("aria-expanded") == "false"
            assert toggle.get_attribute("aria-controls") == region.get_attribute("id")
            assert hidden not in _words(cell.inner_text()), f"cell {case['cell']}: the finding shows before the save"
            assert hidden not in _words(cell.inner_html())
            if case["select"]:
                label, index = case["select"]
                select = cell.get_by_label(label, exact=True).first
                select.select_option(index=index)
            box = reveal.get_by_label(f"Your reason for: {case['item']}", exact=True)
            box.fill(REASON)
            reveal.get_by_role("button", name=f"Save my judgement on: {case['item']}", exact=True).click()
            # after the save: the disclosure is open, says so, and holds the finding
            region.wait_for(state="visible", timeout=15_000)
            page.wait_for_function(
                "([el, text]) => el.innerText.replace(/\\s+/g, ' ').includes(text)",
                arg=[region.element_handle(), hidden],
                timeout=15_000,
            )
            assert toggle.is_enabled() and toggle.get_attribute("aria-expanded") == "true"
            assert re.search(r"Saved", reveal.locator("[role=status]").inner_text())
            toggle.click()  # it closes, and says so
            page.wait_for_function("(el) => el.getAttribute('aria-expanded') === 'false'", arg=toggle.element_handle())
            assert region.is_hidden()
    finally:
        lab_page.close_current()
        lab_server.shutdown_kernels_of(relative)
