"""casekit.topics.case.checks: answers come from the datasets; wrong answers get a true hint, odd ones a hint about form."""

from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

from casekit import data, variants
from casekit.checks import FAIL, REGISTRY, verdict
from casekit.topics.case import checks as the_case

QUESTIONS = ("0a", "0b", "0c")
ODD_VALUES = [None, "", "   ", True, [], {}, object(), np.nan, pd.NA, b"bytes", "💥", 3.5]


def _hint(question, value):
    line = verdict(question, value)
    assert line.startswith(f"{question} {FAIL} "), line
    return line


@pytest.fixture(autouse=True)
def _practice_login(monkeypatch):
    for name in variants.ENV_LOGINS:
        monkeypatch.delenv(name, raising=False)
    variants.set_login("")


def test_answers_are_read_from_the_datasets():
    clauses = data.load("contract_clauses")
    assert the_case.parler_clause() in set(clauses.loc[clauses["invoked_by"].astype(str) == "Parler", "section"])
    timeline = data.load("timeline")
    variant = variants.current(the_case.ASSIGNMENT)
    drawn = timeline.loc[the_case.draw_events_0c(variant)]
    assert the_case.marked_event_count(variant) == (drawn["confidence"] == the_case.draw_mark_0c(variant)).sum()


def test_a_numbered_section_parler_did_not_invoke_is_not_that_one_in_any_form():
    clauses = data.load("contract_clauses")
    other = clauses.loc[clauses["invoked_by"].astype(str) != "Parler", "section"]
    numbered = [s for s in other if s.lstrip("§ ")[:1].isdigit()]
    assert numbered
    for section in numbered:
        for form in (section, section.replace("§", "Section"), section.replace("§ ", "")):
            assert "not that one" in _hint("0a", form)


@pytest.mark.parametrize(
    "question, value, words",
    [
        ("0a", "the notice clause", "as text"),
        ("0a", 7.2, "as text"),
        ("0b", "Sundy", "day of the week"),
        ("0b", 7, "day of the week"),
        ("0e", "11 PM", "time zone"),
        ("0c", "two", "whole number"),
        ("0c", True, "whole number"),
    ],
)
def test_answers_not_understood_get_a_hint_about_their_form(question, value, words):
    assert words in _hint(question, value)


def test_wrong_numbers_get_a_hint_about_the_content():
    variant = variants.current(the_case.ASSIGNMENT)
    event = the_case.draw_event_0b(variant)
    wrong = [
        d
        for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
        if d != event.strftime("%A")
    ]
    assert all("not that day" in _hint("0b", d) or "another clock" in _hint("0b", d) for d in wrong)
    utc_day = event.astimezone(ZoneInfo("UTC")).strftime("%A")
    if utc_day != event.strftime("%A"):
        assert "another clock" in _hint("0b", utc_day)
    count = the_case.marked_event_count(variants.current(the_case.ASSIGNMENT))
    assert "count the rows" in _hint("0c", np.int64(count + 1))


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("value", ODD_VALUES, ids=[type(v).__name__ for v in ODD_VALUES])
def test_odd_values_never_raise_and_never_pass(question, value):
    line = _hint(question, value)
    assert "could not check" not in line and "\n" not in line
    assert isinstance(REGISTRY[question].judge(value), str)
