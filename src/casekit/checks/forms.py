"""Form feedback for the assessed edition: `check_form("0c", value, "whole number")` says whether an answer is
in the form asked, never whether it is right (that is decided at grading time by checks the learner never receives).

Each form uses the same normaliser from casekit.checks.answers as the hidden check, so an answer the hidden
check would understand is never told it is in the wrong form. This module registers no question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from casekit.checks import answers

MARK = "·"  # never ✓ or ✗: the assessed edition gives no verdict


@dataclass(frozen=True)
class Form:
    """An answer form: how to recognise it, and how to ask for it."""

    accepts: Callable[[Any], bool]
    asked: str  # "a whole number", used in "answered: a whole number, as asked"
    example: str


def _factor_ids() -> tuple[str, ...]:
    from casekit import relief

    return relief.FACTORS


def _antitrust():
    from casekit.checks import antitrust

    return antitrust


def _cloud_contracts():
    from casekit.checks import cloud_contracts

    return cloud_contracts


def _the_case():
    from casekit.checks import the_case

    return the_case


def _clause_ids() -> dict[str, str]:
    from casekit import data

    return data.load("contract_clauses")["section"].to_dict()


FORMS: dict[str, Form] = {
    "whole number": Form(lambda v: answers.whole_number(v) is not None, "a whole number", "e.g. 12, or (df.col == \"x\").sum()"),
    "number of days": Form(lambda v: answers.whole_days(v) is not None, "a whole number of days",
                           "e.g. 12, or (later - earlier).days"),
    "True/False": Form(lambda v: answers.truth(v) is not None, "True or False", "True or False"),
    "letter a-d": Form(lambda v: answers.letter(v, "abcd") is not None, "one letter from a to d", "\"c\""),
    "section reference": Form(lambda v: answers.section(answers.one_item(v), aliases=_clause_ids()) is not None,
                              "a section reference", "\"§ 1.2(a)\""),
    "factor id": Form(lambda v: answers.identifier(answers.one_item(v), _factor_ids()) is not None,
                      "a factor id", "one of relief.FACTORS, e.g. \"public_interest\""),
    # lesson 02: the same normalisers as its hidden checks (casekit.checks.cloud_contracts)
    "moment": Form(lambda v: _cloud_contracts().reads_as("moment", v), "a date and time with its time zone",
                   "e.g. a tz-aware pd.Timestamp, or moment.tz_convert(\"Asia/Tokyo\")"),
    "canon id": Form(lambda v: _cloud_contracts().reads_as("canon id", v), "a canon's glossary id",
                     "\"contra_proferentem\" or \"surplusage_canon\""),
    "news claim id": Form(lambda v: _the_case().as_news_claim(v) is not None, "a claim id",
                          "one id from the id column of news_claims, e.g. \"nc_...\""),
    # lesson 04: the same normalisers as its hidden checks (casekit.checks.antitrust)
    "number": Form(lambda v: _antitrust().reads_as("number", v), "a number", "e.g. 1234.5, or (s ** 2).sum()"),
    "concentration label": Form(lambda v: _antitrust().reads_as("concentration label", v), "a concentration label",
                                "\"unconcentrated\""),
    "evidence ids": Form(lambda v: _antitrust().reads_as("evidence ids", v), "a list of evidence ids",
                         "[\"ev_...\", \"ev_...\"]"),
}


def form_verdict(question_id: str, value: Any, form: str) -> str:
    """The one-line form feedback for VALUE as an answer to QUESTION_ID (never raises, never says right or wrong)."""
    known = FORMS.get(form)
    if known is None:
        return f"{question_id} {MARK} cannot tell: unknown answer form {form!r} (tell your instructor)"
    if value is Ellipsis:
        return f"{question_id} {MARK} not answered yet: replace ... with your answer"
    try:
        ok = known.accepts(value)
    except Exception:  # a learner's odd value must never stop the notebook
        ok = False
    if ok:
        return f"{question_id} {MARK} answered: {known.asked}, as asked. Whether it is right is decided when your work is graded."
    return f"{question_id} {MARK} not in the form asked: give {known.asked} ({known.example})"


def check_form(question_id: str, value: Any, form: str) -> None:
    """Print the form feedback for VALUE as an answer to QUESTION_ID."""
    print(form_verdict(question_id, value, form))
