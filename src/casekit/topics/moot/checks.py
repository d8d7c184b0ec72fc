"""Checks for lesson 05, the ruling, what came after, and the moot court: answers computed from datasets/
and casekit.topics.moot.reasoning, never restated.

Lesson self-checks are `5x` and `5y`; the exercise's questions are `5a`-`5c` (`5d` is a written answer,
graded by rubric). The bench profile of 5c is hypothetical (not anyone's view of the case) and is
defined here, so that the notebook and its check use the same one.
"""

from __future__ import annotations

from casekit import data
from casekit.checks import answers, register
from casekit.topics.moot import reasoning as moot
from casekit.topics.relief import reasoning as relief

ASSIGNMENT = "05-moot-court"
ORDER_EVENT, DISMISSAL_EVENT = "t23", "t30"
# 5c's bench (hypothetical ratings, the same for everyone).
BENCH_5C = {
    "success_sherman": -1,
    "success_contract": 1,
    "success_tortious": -2,
    "irreparable_harm": 2,
    "balance_of_equities": 0,
    "public_interest": -1,
}


def days_order_to_dismissal() -> int:
    """Return the days from the order (t23) to Parler's voluntary dismissal (t30), read from the timeline."""
    timeline = data.load("timeline")
    return int((timeline.loc[DISMISSAL_EVENT, "date"] - timeline.loc[ORDER_EVENT, "date"]).days)


def docket_findings() -> dict[str, str]:
    """Return factor id -> finding of the court_findings rows that record the docket text (ids ending _docket)."""
    findings = data.load("court_findings")
    rows = findings[findings.index.str.endswith("_docket")]
    return {str(r.factor_id): str(r.finding) for r in rows.itertuples()}


def factor_not_in_conclusion() -> str:
    """Return the factor on which the docket text (the order's conclusion) records no finding."""
    unsettled = [f for f, finding in docket_findings().items() if relief.COURT_SIDES[finding] is None]
    if len(unsettled) != 1:
        raise ValueError(f"expected one factor without a finding in the docket text, found {unsettled}")
    return unsettled[0]


def conclusion_mentions_harm() -> bool:
    """Return whether the docket text records a finding on irreparable harm (False per dossier section 10.1)."""
    return relief.COURT_SIDES[docket_findings()["irreparable_harm"]] is not None


def claims_dismissed() -> bool:
    """Return whether the Jan 21, 2021 order dismissed Parler's claims, read from the timeline row of the order."""
    description = str(data.load("timeline").loc[ORDER_EVENT, "description"])
    return "not dismissing" not in description


def differences_5c() -> int:
    """Return on how many factors 5c's bench and the court favour opposite sides (casekit.topics.moot.reasoning.bench_ruling)."""
    findings = moot.court_findings_by_factor(data.load("court_findings").to_dict("records"))
    return len(moot.bench_ruling(BENCH_5C, findings).differences)


# --- lesson self-checks -----------------------------------------------------------------------


@register("5x", success="correct: under six weeks from the order to the dismissal")
def order_to_dismissal(value):
    days = answers.whole_days(value)
    if days is None:
        return "give a whole number of days, from the dates of timeline rows t23 and t30"
    if days == days_order_to_dismissal():
        return True
    return "subtract the date of t23 (the order) from the date of t30 (the voluntary dismissal)"


@register("5y", success="correct: the conclusion says nothing on irreparable harm, so never say the court found none")
def harm_in_conclusion(value):
    said = answers.truth(value)
    if said is None:
        return "answer True or False"
    if said == conclusion_mentions_harm():
        return True
    return "read the finding of the court_findings row cf_irreparable_docket: what did the docket text record?"


# --- the exercise -------------------------------------------------------------------------------


@register("5a", success="correct: the court denied a motion; it did not dismiss the claims")
def dismissed(value):
    said = answers.truth(value)
    if said is None:
        return "answer True or False"
    if said == claims_dismissed():
        return True
    return "read the description of timeline row t23: what does the docket text say about Parler's claims?"


@register("5b", success="correct: irreparable harm is not addressed in the conclusion")
def unaddressed_factor(value):
    factor = answers.identifier(answers.one_item(value), relief.FACTORS)
    if factor is None:
        return f"give one factor id as text, one of: {', '.join(relief.FACTORS)}"
    if factor == factor_not_in_conclusion():
        return True
    return "look for the docket row (id ending in _docket) whose finding is neither for_aws nor for_parler"


@register("5c", success="correct: counted with moot.bench_ruling")
def bench_differences(value):
    count = answers.whole_number(value)
    if count is None:
        return "give a whole number: on how many factors do the bench and the court favour opposite sides?"
    if count == differences_5c():
        return True
    return (
        "compare each factor's side in BENCH_5C (the sign of its rating) with the court's finding; count "
        "only the factors where both are clear and opposite"
    )
