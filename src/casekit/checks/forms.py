"""Form feedback for the assessed edition: `check_form("0c", value, "whole number")` says whether an answer is
in the form asked, never whether it is right (that is decided at grading time by checks the learner never receives).

Each form uses the same normaliser from casekit.checks.answers as the hidden check, so an answer the hidden
check would understand is never told it is in the wrong form. This module registers no question.
"""

from __future__ import annotations

import importlib
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


def _clause_ids() -> dict[str, str]:
    from casekit import data

    return data.load("contract_clauses")["section"].to_dict()


# The forms every lesson may ask for. A topic adds its own in its checks module: `FORMS = {"moment": Form(...)}`.
FORMS: dict[str, Form] = {
    "whole number": Form(
        lambda v: answers.whole_number(v) is not None, "a whole number", 'e.g. 12, or (df.col == "x").sum()'
    ),
    "number of days": Form(
        lambda v: answers.whole_days(v) is not None, "a whole number of days", "e.g. 12, or (later - earlier).days"
    ),
    "True/False": Form(lambda v: answers.truth(v) is not None, "True or False", "True or False"),
    "letter a-d": Form(lambda v: answers.letter(v, "abcd") is not None, "one letter from a to d", '"c"'),
    "section reference": Form(
        lambda v: answers.section(answers.one_item(v), aliases=_clause_ids()) is not None,
        "a section reference",
        '"§ 1.2(a)"',
    ),
}


def all_forms() -> dict[str, Form]:
    """Every answer form: the shared ones above, plus each topic's own (its checks module's FORMS)."""
    from casekit.checks import check_modules

    forms = dict(FORMS)
    for name in check_modules():
        for form, spec in getattr(importlib.import_module(name), "FORMS", {}).items():
            if form in forms and forms[form] is not spec:
                raise ValueError(f"answer form {form!r} is defined twice ({name} and another module)")
            forms[form] = spec
    return forms


def form_verdict(question_id: str, value: Any, form: str) -> str:
    """The one-line form feedback for VALUE as an answer to QUESTION_ID (never raises, never says right or wrong)."""
    known = all_forms().get(form)
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
    from casekit.checks import printed

    print(printed(form_verdict(question_id, value, form)))
