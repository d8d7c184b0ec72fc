"""Checks for lesson 03, content moderation: answers computed with casekit.topics.moderation.reasoning from datasets/.

Lesson self-checks are `3x` and `3y`; the exercise's questions are `3a`-`3d` (`3e` is a written
answer, graded by rubric). Every exercise question draws a per-learner variant (casekit.variants):
a hypothetical queue and its staffing (3a), hypothetical arrivals, review rate and target (3b, from
the record's backlog), ten synthetic posts and a hypothetical second moderator's labels (3c), and a
threshold and a prevalence (3d). All drawn numbers are synthetic, not the record's. The notebook
shows the draw; each check draws it again for the login in force and recomputes its answer inside
the check, so no function here returns an exercise's answer.
"""

from __future__ import annotations

import math

from casekit import data, variants
from casekit.checks import answers, register
from casekit.checks.forms import Form
from casekit.topics.moderation import reasoning as moderation

ASSIGNMENT = "03-content-moderation"
# 3a: a hypothetical (synthetic) queue: reports waiting now, new reports a day, moderators, reviews each a day.
BACKLOGS_3A = tuple(range(8_000, 64_001, 4_000))
ARRIVALS_3A = (1_200, 2_000, 2_500, 3_000, 4_000, 5_000)
MODERATORS_3A = (10, 15, 20, 25, 30, 40, 50, 60)
REVIEWS_3A = (60, 80, 100, 120)
# 3b: hypothetical arrivals a day, reviews per moderator a day and a target in days, from the record's backlog.
ARRIVALS_3B = (1_000, 1_500, 2_000, 2_500, 3_000, 3_500)
REVIEWS_3B = (60, 80, 100, 125)
TARGETS_3B = (2, 3, 5, 7, 10, 14)
# 3c: five synthetic posts that need action and five that do not; moderator B keeps a post's
# reference label or, hypothetically, picks another (drawn per post).
POSTS_3C = 5
# 3d: the filter's threshold and the share of posts that violate on the platform (hypothetical).
THRESHOLDS_3D = (1, 2, 3)
PREVALENCES_3D = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05)
THRESHOLD_3Y = 3
TOLERANCE = 0.005  # a share given to two decimals is accepted
DAYS_TOLERANCE = 0.01


def draw_queue_3a(variant: variants.Variant) -> dict[str, int]:
    """VARIANT's hypothetical queue (3a): backlog, arrivals a day, moderators and reviews per moderator a day."""
    return {
        "backlog": variant.choose(BACKLOGS_3A, "3a|backlog"),
        "arrivals_per_day": variant.choose(ARRIVALS_3A, "3a|arrivals"),
        "moderators": variant.choose(MODERATORS_3A, "3a|moderators"),
        "reviews_per_moderator": variant.choose(REVIEWS_3A, "3a|reviews"),
    }


def draw_staffing_3b(variant: variants.Variant) -> dict[str, int]:
    """VARIANT's hypothetical arrivals, reviews per moderator and target days (3b)."""
    return {
        "arrivals_per_day": variant.choose(ARRIVALS_3B, "3b|arrivals"),
        "reviews_per_moderator": variant.choose(REVIEWS_3B, "3b|reviews"),
        "target_days": variant.choose(TARGETS_3B, "3b|target"),
    }


def draw_posts_3c(variant: variants.Variant) -> list[str]:
    """The ids of VARIANT's ten synthetic posts (3c): five needing action, five allowed, in dataset order."""
    posts = data.load("synthetic_posts")
    action = [str(i) for i, label in posts["label"].items() if str(label) != "allow"]
    allowed = [str(i) for i, label in posts["label"].items() if str(label) == "allow"]
    drawn = set(variant.sample(action, POSTS_3C, "3c|action") + variant.sample(allowed, POSTS_3C, "3c|allow"))
    return [str(i) for i in posts.index if str(i) in drawn]


def draw_moderator_b_3c(variant: variants.Variant) -> list[str]:
    """Hypothetical moderator B's labels of VARIANT's ten posts: the reference label, or another drawn label."""
    posts = data.load("synthetic_posts")
    labels = []
    for post in draw_posts_3c(variant):
        reference = str(posts.loc[post, "label"])
        others = [label for label in moderation.LABELS if label != reference]
        labels.append(variant.choose([reference, reference, *others], f"3c|{post}"))
    return labels


def draw_filter_3d(variant: variants.Variant) -> dict[str, float]:
    """VARIANT's filter threshold and hypothetical prevalence (3d)."""
    return {
        "threshold": variant.choose(THRESHOLDS_3D, "3d|threshold"),
        "prevalence": variant.choose(PREVALENCES_3D, "3d|prevalence"),
    }


def record_backlog() -> float:
    """The backlog Parler's CEO described to AWS, from moderation_record."""
    return float(data.load("moderation_record").loc["backlog_26000", "value"])


def _filter_at(threshold: int) -> moderation.FilterResult:
    posts = data.load("synthetic_posts")
    scores = [moderation.filter_score(t) for t in posts["text"]]
    return moderation.apply_filter(scores, [str(x) for x in posts["label"]], threshold)


def over_removed_count() -> int:
    """3y: how many allowed posts the filter removes at THRESHOLD_3Y."""
    return len(_filter_at(THRESHOLD_3Y).over_removed)


def _share(value) -> float | None:
    """A share as a number 0..1; a percentage (1 < x <= 100, or text such as "44%") is read as x / 100."""
    return answers.share(value)


def _as_days(value) -> float | None:
    """A number of days: a real number, or a time span (timedelta, pandas or numpy) in days."""
    import pandas as pd

    item = answers.one_item(value)
    if isinstance(item, pd.Timedelta) or type(item).__name__ in ("timedelta", "timedelta64"):
        try:
            span = pd.Timedelta(item)
        except (TypeError, ValueError):
            return None
        return None if pd.isna(span) else span.total_seconds() / 86_400
    x = answers.number(value)
    return x if x is not None else answers.number(item)


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


@register("3a", success="correct: a report filed now waits until the team has reviewed everything ahead of it")
def fcfs(value):
    days = _as_days(value)
    if days is None:
        return "give a number of days (a float), e.g. moderation.fcfs_wait(backlog, capacity)"
    queue = draw_queue_3a(variants.current(ASSIGNMENT))
    capacity = queue["moderators"] * queue["reviews_per_moderator"]
    right = moderation.fcfs_wait(queue["backlog"], capacity)
    if abs(days - right) <= DAYS_TOLERANCE:
        return True
    if abs(days - queue["backlog"] / queue["arrivals_per_day"]) <= DAYS_TOLERANCE:
        return (
            "that is the backlog divided by arrivals (Little's law on a snapshot); a report filed now waits "
            "until the moderators have reviewed every report ahead of it"
        )
    if abs(days - math.ceil(right)) <= DAYS_TOLERANCE:
        return "that is rounded up to whole days; give the wait as a number of days, fractions included"
    return "not that wait: how many days does the team need to review the reports ahead of a new one?"


@register("3b", success="correct: the fewest moderators that clear the backlog within your target")
def staffing(value):
    count = answers.whole_number(value)
    if count is None:
        return "give a whole number of moderators"
    drawn = draw_staffing_3b(variants.current(ASSIGNMENT))
    right = moderation.moderators_needed(
        record_backlog(), drawn["arrivals_per_day"], drawn["reviews_per_moderator"], drawn["target_days"]
    )
    if count == right:
        return True
    if count < right:
        return "too few: the backlog and every report arriving in the meantime must be reviewed in time"
    return "fewer would do: find the smallest whole number of moderators that is enough"


@register("3c", success="correct: that is Cohen's kappa for your two moderators")
def kappa_value(value):
    given = _share(value)
    if given is None:
        return "give a number, e.g. moderation.kappa(list_a, list_b)"
    variant = variants.current(ASSIGNMENT)
    posts = data.load("synthetic_posts")
    reference = [str(posts.loc[p, "label"]) for p in draw_posts_3c(variant)]
    other = draw_moderator_b_3c(variant)
    if abs(given - moderation.kappa(reference, other)) <= TOLERANCE:
        return True
    raw = sum(a == b for a, b in zip(reference, other)) / len(reference)
    if abs(given - raw) <= TOLERANCE:
        return "that is the raw share of agreement: kappa corrects it for the agreement expected by chance"
    return "not that value: kappa corrects the raw agreement for agreement expected by chance"


@register("3d", success="correct: that is the share of removals that would be right at your prevalence")
def precision_at_drawn_prevalence(value):
    given = answers.number(value)
    if given is None:
        given = answers.number(answers.one_item(value))
    if given is None:
        return "give a number between 0 and 1: the share of removals that were right"
    drawn = draw_filter_3d(variants.current(ASSIGNMENT))
    result = _filter_at(drawn["threshold"])
    posts = data.load("synthetic_posts")
    allowed = int((posts["label"].astype(str) == "allow").sum())
    fpr = len(result.over_removed) / allowed
    right = moderation.precision_at_prevalence(result.recall, fpr, drawn["prevalence"])
    if 1 < given <= 100:  # a percentage
        given = given / 100
    close = lambda x: abs(given - x) <= max(0.0005, 0.005 * x)  # noqa: E731
    if close(right):
        return True
    if close(result.precision):
        return (
            "that is the filter's precision on the synthetic posts, where 40% need action; at your prevalence "
            "violations are much rarer: use the recall and the false-positive rate"
        )
    if close(result.recall):
        return "that is the recall: precision is the share of the removals that were right"
    return (
        "not that value: at your prevalence p, right removals are recall × p and wrong ones "
        "false-positive rate × (1 − p); precision is the first over their sum"
    )


# --- answer forms for the assessed edition (casekit.checks.forms finds them here) -----------------------------
FORMS = {
    "days": Form(lambda v: _as_days(v) is not None, "a number of days", "e.g. 8.5, or backlog / capacity"),
}
