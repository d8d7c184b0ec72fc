"""Checks for lesson 03, content moderation: answers computed with casekit.topics.moderation.reasoning from datasets/.

Lesson self-checks are `3x` and `3y`; the exercise's questions are `3a`-`3d` (`3e` is a written
answer, graded by rubric). The starting backlog comes from `moderation_record`; every other
number below is a hypothetical parameter of the exercise, kept here so that the notebook and its
check use the same one.
"""

from __future__ import annotations

import math

from casekit import data
from casekit.checks import answers, register
from casekit.topics.moderation import reasoning as moderation

ASSIGNMENT = "03-content-moderation"
# Hypothetical scenario for 3a and 3b (not from the record): reports arriving a day, moderators,
# reviews per moderator a day, and the target of 3b in days.
SCENARIO = {"arrivals_per_day": 1_500, "moderators": 30, "reviews_per_moderator": 100, "target_days": 7}
# 3c: two hypothetical moderators' labels of the first ten synthetic posts (written for the exercise).
MODERATOR_A = ["allow", "allow", "allow", "remove", "allow", "allow", "escalate", "allow", "allow", "allow"]
MODERATOR_B = ["allow", "remove", "allow", "allow", "allow", "remove", "escalate", "allow", "allow", "escalate"]
THRESHOLD_3D = 3  # not the lesson's example threshold (1); 3d asks for F1, which the lesson never prints
THRESHOLD_3Y = 3
TOLERANCE = 0.005  # a share given to two decimals is accepted


def record_backlog() -> float:
    """The backlog Parler's CEO described to AWS, from moderation_record."""
    return float(data.load("moderation_record").loc["backlog_26000", "value"])


def clearing_day() -> int:
    """3a: the first day at whose end the scenario's backlog is zero."""
    capacity = SCENARIO["moderators"] * SCENARIO["reviews_per_moderator"]
    return math.ceil(moderation.days_to_clear(record_backlog(), SCENARIO["arrivals_per_day"], capacity))


def moderators_for_target() -> int:
    """3b: the fewest moderators that clear the backlog within the target days."""
    return moderation.moderators_needed(
        record_backlog(), SCENARIO["arrivals_per_day"], SCENARIO["reviews_per_moderator"], SCENARIO["target_days"]
    )


def moderators_kappa() -> float:
    """3c: Cohen's kappa between the two hypothetical moderators."""
    return moderation.kappa(MODERATOR_A, MODERATOR_B)


def _filter_at(threshold: int) -> moderation.FilterResult:
    posts = data.load("synthetic_posts")
    scores = [moderation.filter_score(t) for t in posts["text"]]
    return moderation.apply_filter(scores, [str(x) for x in posts["label"]], threshold)


def f1(precision: float, recall: float) -> float:
    """The F1 score: the harmonic mean of PRECISION and RECALL (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def filter_f1() -> float:
    """3d: the kit's keyword filter's F1 score at THRESHOLD_3D."""
    result = _filter_at(THRESHOLD_3D)
    return f1(result.precision, result.recall)


def over_removed_count() -> int:
    """3y: how many allowed posts the filter removes at THRESHOLD_3Y."""
    return len(_filter_at(THRESHOLD_3Y).over_removed)


def _share(value) -> float | None:
    """A share as a number 0..1; a percentage (1 < x <= 100) is read as x / 100."""
    x = answers.number(value)
    if x is None:  # a one-item list or Series (one_item does not take 0-d arrays, which number() already read)
        x = answers.number(answers.one_item(value))
    if x is None:
        return None
    return x / 100 if 1 < x <= 100 else x


# --- lesson self-checks -----------------------------------------------------------------------


@register("3x", success="correct: with capacity equal to arrivals the backlog never shrinks")
def never_clears(value):
    given = answers.truth(value)
    if given is None:
        return "give True or False"
    if given == (moderation.days_to_clear(record_backlog(), 2_000, 2_000) is not None):
        return True
    return "each day adds as many reports as it removes: try moderation.backlog(26_000, 2_000, 2_000, 10)"


@register("3y", success="correct: a keyword filter removes allowed speech that happens to use its words")
def over_removed(value):
    count = answers.whole_number(value)
    if count is None:
        return "give a whole number: how many allowed posts does the filter remove at this threshold?"
    if count == over_removed_count():
        return True
    return "count the posts whose reference label is allow but whose score is at least the threshold"


# --- the exercise ------------------------------------------------------------------------------


@register("3a", success="correct: the backlog is zero at the end of that day")
def clearing(value):
    day = answers.whole_number(value)
    if day is None:
        return "give a whole number: the first day at whose end the backlog is zero"
    if day == clearing_day():
        return True
    if day == clearing_day() - 1:
        return "at the end of that day a few reports are still waiting: look for the first day the backlog is 0"
    return "each day the backlog falls by capacity minus arrivals; find the first day it reaches zero"


@register("3b", success="correct: the fewest moderators that clear the backlog within the target")
def staffing(value):
    count = answers.whole_number(value)
    if count is None:
        return "give a whole number of moderators"
    if count == moderators_for_target():
        return True
    if count < moderators_for_target():
        return "too few: the backlog and every report arriving in the meantime must be reviewed in time"
    return "fewer would do: find the smallest whole number of moderators that is enough"


@register("3c", success="correct: that is Cohen's kappa for the two moderators")
def kappa_value(value):
    given = _share(value)
    if given is None:
        return "give a number, e.g. moderation.kappa(list_a, list_b)"
    if abs(given - moderators_kappa()) <= TOLERANCE:
        return True
    raw = sum(a == b for a, b in zip(MODERATOR_A, MODERATOR_B)) / len(MODERATOR_A)
    if abs(given - raw) <= TOLERANCE:
        return "that is the raw share of agreement: kappa corrects it for the agreement expected by chance"
    return "not that value: kappa corrects the raw agreement for agreement expected by chance"


@register("3d", success="correct: that is the filter's F1 score at this threshold")
def f1_value(value):
    given = _share(value)
    if given is None:
        return "give a number between 0 and 1: the F1 score, 2 × precision × recall ÷ (precision + recall)"
    if abs(given - filter_f1()) <= TOLERANCE:
        return True
    result = _filter_at(THRESHOLD_3D)
    if abs(given - result.precision) <= TOLERANCE:
        return "that is the precision alone: F1 combines it with the recall"
    if abs(given - result.recall) <= TOLERANCE:
        return "that is the recall alone: F1 combines it with the precision"
    if abs(given - (result.precision + result.recall) / 2) <= TOLERANCE:
        return "that is the plain average: F1 is the harmonic mean, 2 × precision × recall ÷ (precision + recall)"
    return "not that value: compute precision and recall at this threshold, then 2 × P × R ÷ (P + R)"
