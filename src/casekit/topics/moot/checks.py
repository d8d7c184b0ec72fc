"""Checks for lesson 05, the ruling, what came after, and the moot court: answers computed from datasets/
and casekit.topics.moot.reasoning, never restated.

Lesson self-checks are `5x` and `5y`; the exercise's questions are `5a`-`5c` (`5d` is a written answer,
graded by rubric). The bench of 5a and 5c is hypothetical (not anyone's view of the case) and is drawn
per learner (casekit.variants), so that the notebook and its checks use the same one; each check
recomputes its answer inside the check, so no function here returns an exercise's answer.
"""

from __future__ import annotations

from casekit import data, variants
from casekit.checks import answers, register
from casekit.topics.moot import reasoning as moot
from casekit.topics.relief import reasoning as relief
from casekit.topics.relief.checks import REQUIREMENTS, as_requirements

ASSIGNMENT = "05-moot-court"
ORDER_EVENT, DISMISSAL_EVENT = "t23", "t30"
# The bench of 5a and 5c: hypothetical ratings, each drawn per learner from these.
BENCH_RATINGS = {
    "success_sherman": (-2, -1, 0),
    "success_contract": (-1, 0, 1, 2),
    "success_tortious": (-2, -1, 0, 1),
    "irreparable_harm": (-1, 0, 1, 2),
    "balance_of_equities": (-1, 0, 1, 2),
    "public_interest": (-1, 0, 1, 2),
}


def draw_bench(variant: variants.Variant) -> dict[str, int]:
    """VARIANT's hypothetical bench: factor id -> rating, -2 (strongly for AWS) to +2 (strongly for Parler)."""
    return {factor: variant.choose(ratings, f"bench|{factor}") for factor, ratings in BENCH_RATINGS.items()}


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


@register("5a", success="correct: on your bench's ratings those requirements fail under both tests")
def fails_both(value):
    given = as_requirements(value)
    if given is None:
        return "give a list of requirement ids (empty if none fails under both tests), from: " + ", ".join(REQUIREMENTS)
    bench = draw_bench(variants.current(ASSIGNMENT))
    right = frozenset(relief.winter_test(bench).failed) & frozenset(relief.sliding_scale_test(bench).failed)
    if given == right:
        return True
    if given - right:
        return "at least one of those is met under one of the tests: keep only requirements that fail under both"
    return "another requirement fails under both tests: check each one against relief.WINTER_NEEDS and relief.SLIDING_NEEDS"


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
    findings = moot.court_findings_by_factor(data.load("court_findings").to_dict("records"))
    if count == len(moot.bench_ruling(draw_bench(variants.current(ASSIGNMENT)), findings).differences):
        return True
    return (
        "compare each factor's side in my_bench (the sign of its rating) with the court's finding; count "
        "only the factors where both are clear and opposite"
    )
