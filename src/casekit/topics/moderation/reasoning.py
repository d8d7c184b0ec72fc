"""Content moderation as pure functions: a report queue, labels against a policy, agreement, a filter.

The queue model (lesson 03, part 1) is a daily fluid queue: at the end of each day the backlog
grows by the day's arrivals and shrinks by up to the day's review capacity, never below zero.
Only the starting backlog (26,000 reports) comes from the record (`datasets/moderation_record.csv`);
arrival rates, moderators and review rates are hypothetical parameters a learner explores.

Agreement and classifier metrics come from scikit-learn (`cohen_kappa_score`, `confusion_matrix`,
`precision_recall_fscore_support`, `precision_recall_curve`) and from the `krippendorff` package.
They are imported inside the functions that use them, so importing this module stays cheap, and
called with scikit-learn's own parameter validation skipped where this module has already checked
the inputs (it costs milliseconds per call, and the widgets call them on every change).
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

LABELS = ("allow", "remove", "escalate")
TARGET_DAYS = (1, 7, 30)
LABELS_SCHEMA = "casekit.labels/1"

# The kit's transparent keyword filter: term -> weight. A post's score is the sum of the weights of
# the distinct terms it contains (case-insensitive, matched at the start of a word, so "destroy"
# also matches "destroyed"). Written for the synthetic posts of lesson 03; hypothetical, not any
# platform's real filter.
FILTER_TERMS = {
    "destroy": 2,
    "war": 2,
    "traitor": 2,
    "enemy": 2,
    "enemies": 2,
    "fight": 1,
    "pay for": 1,
    "deserve": 1,
    "what's coming": 2,
    "shame if": 2,
    "know where": 1,
    "know which": 1,
    "consequences": 1,
    "scared": 1,
    "pathetic": 2,
    "idiot": 1,
    "ugly": 1,
    "joke": 1,
    "riot": 2,
    "assault": 2,
    "attack": 1,
    "free money": 3,
    "click the link": 3,
    "buy followers": 3,
    "bank details": 3,
    "phone number": 2,
}


class ModerationError(ValueError):
    """Bad input to a moderation function; the message says which value and why."""


# --- the queue --------------------------------------------------------------------------------


def _quantity(name: str, value) -> float:
    """Return VALUE as a finite float >= 0, or raise ModerationError naming NAME."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ModerationError(f"{name} must be a number, not {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ModerationError(f"{name} must be a finite number, not {value!r}")
    if value < 0:
        raise ModerationError(f"{name} must not be negative (got {value:g})")
    return value


def _whole(name: str, value) -> int:
    """Return VALUE as an int >= 0, or raise ModerationError naming NAME."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ModerationError(f"{name} must be a whole number of days, not {value!r}")
    if value < 0:
        raise ModerationError(f"{name} must not be negative (got {value})")
    return int(value)


def _count(value: float) -> int | float:
    """A count of reports as a reader writes it: 26000, not 26000.0 (a fraction stays a float)."""
    return int(value) if float(value).is_integer() else float(value)


def backlog(initial: float, arrivals_per_day: float, capacity_per_day: float, days: int) -> list[int | float]:
    """Return the backlog at the end of day 0..DAYS: each day adds arrivals and removes up to capacity."""
    initial = _quantity("initial backlog", initial)
    net = _quantity("arrivals per day", arrivals_per_day) - _quantity("capacity per day", capacity_per_day)
    days = _whole("days", days)
    # Closed form of b[t+1] = max(0, b[t] + net): linear, clipped at zero (once zero with net <= 0,
    # it stays zero). Computing each day from the start avoids rounding drift over long runs.
    return [_count(initial)] + [_count(max(0.0, initial + day * net)) for day in range(1, days + 1)]


def days_to_clear(initial: float, arrivals_per_day: float, capacity_per_day: float) -> float | None:
    """Return the exact (fractional) days until the backlog first reaches zero, or None if it never does.

    An empty backlog is already clear: `days_to_clear(0, a, c)` is 0.0 whatever the rates (with
    c < a a queue would build up again, but it *was* clear at the start). With a positive backlog
    the queue clears only if capacity exceeds arrivals; at capacity <= arrivals it never clears
    (None). The backlog of `backlog()` is zero from day `ceil(days_to_clear(...))` on.
    """
    initial = _quantity("initial backlog", initial)
    arrivals = _quantity("arrivals per day", arrivals_per_day)
    capacity = _quantity("capacity per day", capacity_per_day)
    if initial == 0:
        return 0.0
    if capacity <= arrivals:
        return None
    return initial / (capacity - arrivals)


def average_wait(queue_length: float, arrivals_per_day: float) -> float:
    """Return Little's-law average wait in days, W = L / lambda, for a queue holding steady at QUEUE_LENGTH.

    Little's law holds for long-run averages of a stable queue (capacity above arrivals); applied to
    a snapshot it is an estimate: how long a report would wait if the queue stayed that long.
    """
    length = _quantity("queue length", queue_length)
    arrivals = _quantity("arrivals per day", arrivals_per_day)
    if arrivals == 0:
        raise ModerationError("arrivals per day must be above zero for Little's law (W = L / arrivals)")
    return length / arrivals


def moderators_needed(
    backlog_size: float, arrivals_per_day: float, reviews_per_moderator_per_day: float, within_days: float
) -> int:
    """Return the fewest moderators whose reviews leave no backlog at the end of day WITHIN_DAYS.

    That is the smallest whole m with m * reviews * days >= backlog + arrivals * days: the backlog
    and everything that arrives meanwhile must be reviewed.
    """
    size = _quantity("backlog", backlog_size)
    arrivals = _quantity("arrivals per day", arrivals_per_day)
    rate = _quantity("reviews per moderator per day", reviews_per_moderator_per_day)
    days = _quantity("days", within_days)
    if rate == 0:
        raise ModerationError("reviews per moderator per day must be above zero")
    if days == 0:
        raise ModerationError("the target must be at least part of a day (got 0 days)")
    work = size + arrivals * days
    m = max(0, math.ceil(work / (rate * days)))
    # Guard against rounding in the division: m is the smallest whole number that does the work.
    while m > 0 and (m - 1) * rate * days >= work:
        m -= 1
    while m * rate * days < work:
        m += 1
    return m


def staffing(
    backlog_size: float,
    arrivals_per_day: float,
    reviews_per_moderator_per_day: float,
    targets: Iterable[float] = TARGET_DAYS,
) -> dict[float, int]:
    """Return target days -> moderators needed to clear BACKLOG_SIZE within that many days."""
    return {t: moderators_needed(backlog_size, arrivals_per_day, reviews_per_moderator_per_day, t) for t in targets}


def daily_reports(users: float, reports_per_1000_users: float) -> int | float:
    """Return the reports arriving per day from USERS accounts at a rate per 1,000 accounts per day (an int when
    whole: 2000, not 2000.0)."""
    return _count(
        _quantity("users", users) * _quantity("reports per 1,000 users per day", reports_per_1000_users) / 1000
    )


@dataclass(frozen=True)
class Queue:
    """One run of the queue model: its inputs and what follows from them."""

    initial: float
    arrivals: float
    moderators: int
    reviews_per_moderator: float
    days: int
    capacity: float
    curve: list[float]
    clear_in: float | None
    wait_days: float | None
    staffing: dict[float, int]


def run_queue(
    initial: float, arrivals_per_day: float, moderators: int, reviews_per_moderator_per_day: float, days: int
) -> Queue:
    """Return the queue model for MODERATORS reviewing at the given rate: curve, clearing time, wait, staffing.

    `wait_days` is the first-come, first-served wait of a report filed now (fcfs_wait: backlog ÷ capacity), None
    with no capacity; not Little's law on the starting snapshot, which would ignore the staff."""
    moderators = _whole("moderators", moderators)
    rate = _quantity("reviews per moderator per day", reviews_per_moderator_per_day)
    capacity = moderators * rate
    curve = backlog(initial, arrivals_per_day, capacity, days)
    wait = fcfs_wait(initial, capacity) if capacity > 0 else None  # a report filed now; None: never reviewed
    needs = staffing(initial, arrivals_per_day, rate) if rate > 0 else {}
    return Queue(
        float(initial),
        float(arrivals_per_day),
        moderators,
        rate,
        days,
        capacity,
        curve,
        days_to_clear(initial, arrivals_per_day, capacity),
        wait,
        needs,
    )


def _n(value: float) -> str:
    """A count in words' company: 26,000 or 2.5 (no trailing .0)."""
    return f"{value:,.0f}" if float(value).is_integer() or value >= 100 else f"{value:,.1f}"


def describe_queue(queue: Queue) -> str:
    """Return a plain-text summary of QUEUE: capacity, where the backlog ends, clearing time and staffing (the
    wait a report faces is casekit.topics.moderation.figures.wait_summary's)."""
    lines = [
        f"{queue.moderators} moderators x {_n(queue.reviews_per_moderator)} reviews a day = capacity "
        f"{_n(queue.capacity)} reports a day, against {_n(queue.arrivals)} new reports a day.",
    ]
    if queue.clear_in is None:
        lines.append(
            f"The queue NEVER clears: capacity ({_n(queue.capacity)}) is not above arrivals "
            f"({_n(queue.arrivals)}), so the backlog of {_n(queue.initial)} "
            + (
                "stays where it is."
                if queue.capacity == queue.arrivals
                else f"grows by {_n(queue.arrivals - queue.capacity)} reports a day."
            )
        )
    elif queue.clear_in == 0:
        lines.append("There is no backlog to clear.")
    else:
        lines.append(
            f"The backlog of {_n(queue.initial)} reports clears in {queue.clear_in:,.1f} days "
            f"(zero at the end of day {math.ceil(queue.clear_in)})."
        )
    lines.append(f"After {queue.days} days the backlog is {_n(queue.curve[-1])} reports.")
    if queue.staffing:
        needs = "; ".join(f"within {t:g} day{'s' if t != 1 else ''}: {m:,}" for t, m in queue.staffing.items())
        lines.append(
            f"Moderators needed to clear {_n(queue.initial)} reports (and keep up with arrivals) at "
            f"{_n(queue.reviews_per_moderator)} reviews each a day: {needs}."
        )
    lines.append("Every number except the starting backlog is hypothetical.")
    return "\n".join(lines)


# --- labels, policy and agreement ----------------------------------------------------------------


def check_labels(labels: Iterable, name: str = "labels") -> list[str]:
    """Return LABELS as a list of strings, each one of allow / remove / escalate (ModerationError otherwise)."""
    out = []
    for position, label in enumerate(labels):
        text = label.strip().casefold() if isinstance(label, str) else label
        if text not in LABELS:
            raise ModerationError(f"{name}[{position}] is {label!r}; a label is one of {', '.join(LABELS)}")
        out.append(text)
    return out


def _paired(reference: Sequence, other: Sequence) -> tuple[list[str], list[str]]:
    reference, other = check_labels(reference, "reference"), check_labels(other, "labels")
    if len(reference) != len(other):
        raise ModerationError(f"the two label lists differ in length ({len(reference)} and {len(other)})")
    if not reference:
        raise ModerationError("no labels to compare")
    return reference, other


def kappa(reference: Sequence[str], labels: Sequence[str]) -> float:
    """Return Cohen's kappa between two label lists (scikit-learn); NaN when it is undefined (one label only)."""
    import warnings

    from sklearn import config_context
    from sklearn.metrics import cohen_kappa_score

    reference, labels = _paired(reference, labels)
    with warnings.catch_warnings(), config_context(skip_parameter_validation=True):
        warnings.simplefilter("ignore")  # undefined kappa is reported as NaN, not as a warning on stderr
        return float(cohen_kappa_score(reference, labels, labels=list(LABELS), replace_undefined_by=float("nan")))


def confusion(reference: Sequence[str], labels: Sequence[str]):
    """Return the confusion matrix as a DataFrame: rows the reference label, columns the other label."""
    import pandas as pd
    from sklearn import config_context
    from sklearn.metrics import confusion_matrix

    reference, labels = _paired(reference, labels)
    with config_context(skip_parameter_validation=True):  # the labels were checked above
        matrix = confusion_matrix(reference, labels, labels=list(LABELS))
    return pd.DataFrame(matrix, index=pd.Index(LABELS, name="reference"), columns=pd.Index(LABELS, name="labelled"))


def krippendorff_alpha(coders: Sequence[Mapping[str, str]], units: Sequence[str] | None = None) -> float:
    """Return Krippendorff's alpha (nominal) for a class: one mapping post id -> label per coder.

    Posts a coder did not label count as missing. NaN when alpha is undefined (fewer than two
    labels on any post, or only one label used by everyone).
    """
    import krippendorff
    import numpy as np

    if units is None:
        units = sorted({unit for coder in coders for unit in coder})
    codes = {label: float(i) for i, label in enumerate(LABELS)}
    rows = []
    for number, coder in enumerate(coders):
        labels = check_labels(coder.values(), f"coder {number}")
        given = dict(zip(coder.keys(), labels))
        rows.append([codes[given[u]] if u in given else np.nan for u in units])
    data = np.array(rows, dtype=float).reshape(len(rows), len(units))
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    if len(rows) < 2 or not pairable.any() or len(np.unique(data[:, pairable][~np.isnan(data[:, pairable])])) < 2:
        return float("nan")
    return float(
        krippendorff.alpha(reliability_data=data, level_of_measurement="nominal", value_domain=list(codes.values()))
    )


def labels_record(
    learner: str,
    labels: Mapping[str, Mapping[str, str | None]],
    saved_at: str,
    kit_version: str,
    post_ids: Iterable[str] | None = None,
) -> dict:
    """Return the JSON-ready record of a learner's labels (schema casekit.labels/1)."""
    learner = (learner or "").strip()
    if not learner:
        raise ModerationError("please type your name (or a class pseudonym) before saving")
    known = None if post_ids is None else set(post_ids)
    clean = {}
    for post, choice in labels.items():
        if known is not None and post not in known:
            raise ModerationError(f"{post!r} is not a post of the dataset")
        label = choice.get("label")
        if label is None:
            continue
        clean[post] = {"label": check_labels([label], f"label of {post}")[0], "category": choice.get("category")}
    if not clean:
        raise ModerationError("label at least one post before saving")
    return {
        "schema": LABELS_SCHEMA,
        "kit_version": kit_version,
        "learner": learner,
        "saved_at": saved_at,
        "labels": clean,
    }


def validate_labels_record(record: object, where: str = "record") -> dict:
    """Return RECORD if it is a valid casekit.labels/1 record, else raise ModerationError naming WHERE."""
    if not isinstance(record, dict):
        raise ModerationError(f"{where}: not a JSON object")
    if record.get("schema") != LABELS_SCHEMA:
        raise ModerationError(f"{where}: schema is {record.get('schema')!r}, expected {LABELS_SCHEMA!r}")
    if not isinstance(record.get("learner"), str) or not record["learner"].strip():
        raise ModerationError(f"{where}: 'learner' must be a non-empty string")
    labels = record.get("labels")
    if not isinstance(labels, dict) or not labels:
        raise ModerationError(f"{where}: 'labels' must be a non-empty object of post id -> label")
    for post, choice in labels.items():
        if not isinstance(choice, dict) or choice.get("label") not in LABELS:
            raise ModerationError(
                f"{where}: label of {post!r} must be an object whose 'label' is one of {', '.join(LABELS)}"
            )
        if choice.get("category") is not None and not isinstance(choice["category"], str):
            raise ModerationError(f"{where}: category of {post!r} must be text or null")
    return record


def policy(card_sections: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """Return category -> (usual action, meaning), read from the 'Policy' table of a data card."""
    table = card_sections.get("Policy", "")
    rules = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.strip().startswith("|") else []
        if len(cells) < 3 or cells[0] in ("category", "") or set(cells[0]) <= set("-: "):
            continue
        rules[cells[0].strip("`")] = (cells[1].strip("`"), cells[2])
    if not rules:
        raise ModerationError("the data card has no Policy table (category | usual action | meaning)")
    return rules


# --- the keyword filter ----------------------------------------------------------------------


@cache
def _pattern(term: str) -> re.Pattern:
    return re.compile(r"\b" + re.escape(term.casefold()))


def matched_terms(text: str, terms: Mapping[str, float] = FILTER_TERMS) -> list[str]:
    """Return the filter terms found in TEXT, in the order of TERMS."""
    folded = text.casefold().replace("\u2019", "'")
    return [term for term in terms if _pattern(term).search(folded)]


def filter_score(text: str, terms: Mapping[str, float] = FILTER_TERMS) -> float:
    """Return TEXT's filter score: the sum of the weights of the distinct terms it contains."""
    return float(sum(terms[t] for t in matched_terms(text, terms)))


def needs_action(labels: Iterable[str]) -> list[bool]:
    """Return, per reference label, whether the post needs action (remove or escalate), the filter's target."""
    return [label != "allow" for label in check_labels(labels, "reference")]


@dataclass(frozen=True)
class FilterResult:
    """How a threshold on filter scores does against the reference."""

    threshold: float
    flagged: list[bool]
    precision: float
    recall: float
    over_removed: list[int]
    missed: list[int]


def apply_filter(scores: Sequence[float], reference: Sequence[str], threshold: float) -> FilterResult:
    """Flag posts scoring at least THRESHOLD; return precision and recall (scikit-learn) and the errors' positions.

    Precision is NaN when nothing is flagged (undefined); over-removed are flagged posts the
    reference allows; missed are posts needing action that the filter lets through.
    """
    from sklearn.metrics import precision_recall_fscore_support

    truth = needs_action(reference)
    if len(scores) != len(truth):
        raise ModerationError(f"{len(scores)} scores for {len(truth)} reference labels")
    if not truth:
        raise ModerationError("no posts to filter")
    threshold = float(threshold)
    flagged = [float(s) >= threshold for s in scores]
    precision, recall, _, _ = precision_recall_fscore_support(
        truth, flagged, average="binary", zero_division=float("nan")
    )
    precision, recall = float(precision), float(recall)
    over = [i for i, (f, t) in enumerate(zip(flagged, truth)) if f and not t]
    missed = [i for i, (f, t) in enumerate(zip(flagged, truth)) if t and not f]
    return FilterResult(threshold, flagged, precision, recall, over, missed)


def pr_curve(scores: Sequence[float], reference: Sequence[str]):
    """Return precision and recall at each distinct score threshold (scikit-learn's precision_recall_curve).

    A DataFrame with columns threshold, precision, recall, one row per threshold, ascending.
    """
    import pandas as pd
    from sklearn.metrics import precision_recall_curve

    truth = needs_action(reference)
    if len(scores) != len(truth):
        raise ModerationError(f"{len(scores)} scores for {len(truth)} reference labels")
    if not any(truth):
        raise ModerationError("no post needs action, so recall is undefined")
    precision, recall, thresholds = precision_recall_curve(truth, [float(s) for s in scores])
    return pd.DataFrame({"threshold": thresholds, "precision": precision[:-1], "recall": recall[:-1]})


# --- waiting under first-come, first-served, and precision at a base rate --------------------------


def fcfs_wait(backlog: float, capacity_per_day: float) -> float:
    """Return the days a report filed now waits under first-come, first-served: BACKLOG / CAPACITY_PER_DAY.

    The team reviews everything ahead of the new report first, at CAPACITY_PER_DAY reviews a day, so
    the wait depends on staffing, not on how fast reports arrive (dossier § 11.1). Reports arriving
    later queue behind it and do not change its wait; while arrivals exceed capacity, each later
    report waits longer than the one before. A capacity that is not positive, or a negative backlog,
    raises ModerationError.
    """
    backlog = _quantity("backlog", backlog)
    capacity = _quantity("capacity per day", capacity_per_day)
    if capacity == 0:
        raise ModerationError("capacity per day must be above zero: with no reviews a report waits for ever")
    return backlog / capacity


def _fraction(name: str, value) -> float:
    """Return VALUE as a float in [0, 1], or raise ModerationError naming NAME."""
    value = _quantity(name, value)
    if value > 1:
        raise ModerationError(f"{name} must be a fraction from 0 to 1 (got {value:g}; 5% is 0.05)")
    return value


def precision_at_prevalence(recall: float, false_positive_rate: float, prevalence: float) -> float:
    """Return the share of removals that were right when PREVALENCE of all posts violate (all three fractions in [0, 1]).

    Out of all posts, a share RECALL × PREVALENCE is removed rightly and FALSE_POSITIVE_RATE ×
    (1 − PREVALENCE) wrongly; precision is the first over their sum. The same filter's precision
    falls as violations get rarer. Conventions for the cases with nothing to divide by: at
    prevalence 0 no removal can be right, so the result is 0.0 (even if nothing is removed); when
    the filter removes nothing at a positive prevalence (recall and false-positive rate both 0, or
    recall 0 at prevalence 1), precision is undefined and the result is NaN, as in `apply_filter`.
    A value outside [0, 1] raises ModerationError.
    """
    recall = _fraction("recall", recall)
    fpr = _fraction("false positive rate", false_positive_rate)
    prevalence = _fraction("prevalence", prevalence)
    if prevalence == 0:
        return 0.0
    right, wrong = recall * prevalence, fpr * (1 - prevalence)
    if right + wrong == 0:
        return math.nan
    return right / (right + wrong)


# --- waits that grow, severity triage, base rates (issue 26) -------------------------------------


def waits_by_day(initial: float, arrivals_per_day: float, capacity_per_day: float, days: int) -> list[float]:
    """Return the first-come, first-served wait (days) of a report filed at the end of day 0..DAYS.

    It is `fcfs_wait` of each day's backlog (`backlog`): flat or falling while capacity keeps up,
    and rising by (arrivals - capacity) / capacity every day while arrivals exceed capacity, without
    bound. A capacity that is not positive raises ModerationError, as in `fcfs_wait`.
    """
    fcfs_wait(0, capacity_per_day)  # checks the capacity once, with fcfs_wait's message
    capacity = float(capacity_per_day)
    return [size / capacity for size in backlog(initial, arrivals_per_day, capacity_per_day, days)]


def grows_without_bound(arrivals_per_day: float, capacity_per_day: float) -> bool:
    """Return whether a queue's backlog (and so its wait) grows without bound: arrivals exceed capacity."""
    return _quantity("arrivals per day", arrivals_per_day) > _quantity("capacity per day", capacity_per_day)


@dataclass(frozen=True)
class Lane:
    """One lane of a triaged queue: its share of the backlog and arrivals, the reviews it gets, its wait."""

    name: str
    backlog: float
    arrivals: float
    capacity: float
    wait_now: float  # first-come, first-served wait of a report filed now; inf with no reviews and work waiting
    growing: bool  # arrivals exceed capacity: each later report waits longer, without bound

    @property
    def wait(self) -> float:
        """The lane's wait in the long run: `wait_now` if the lane keeps up, math.inf if it grows without bound."""
        return math.inf if self.growing else self.wait_now


@dataclass(frozen=True)
class Triage:
    """A queue split into a priority lane (credible threats) with reserved reviews, and an ordinary lane."""

    priority: Lane
    ordinary: Lane

    @property
    def waits(self) -> tuple[float, float]:
        """(priority wait, ordinary wait), each math.inf when that lane grows without bound."""
        return self.priority.wait, self.ordinary.wait


def _lane(name: str, size: float, arrivals: float, capacity: float) -> Lane:
    if capacity > 0:
        now = fcfs_wait(size, capacity)
    else:
        now = 0.0 if size == 0 else math.inf
    return Lane(name, size, arrivals, capacity, now, arrivals > capacity)


def triage_waits(
    backlog_size: float,
    arrivals_per_day: float,
    capacity_per_day: float,
    priority_share: float,
    reserved_capacity: float,
) -> Triage:
    """Return the two lanes of severity triage: credible threats first, on reviews reserved for them.

    PRIORITY_SHARE (a fraction in [0, 1]) of the backlog and of the arrivals are credible threats;
    they go to a priority lane with RESERVED_CAPACITY reviews a day; everything else waits, first
    come first served, for the rest of the capacity. The kit's assumption, stated: reserved reviewers
    do only priority work (they do not help the ordinary lane when theirs is empty), so the ordinary
    wait is an upper estimate. A lane whose arrivals exceed its capacity grows without bound: its
    `wait` is math.inf. Reserved capacity above the total capacity raises ModerationError.
    """
    size = _quantity("backlog", backlog_size)
    arrivals = _quantity("arrivals per day", arrivals_per_day)
    capacity = _quantity("capacity per day", capacity_per_day)
    share = _fraction("priority share", priority_share)
    reserved = _quantity("reserved capacity", reserved_capacity)
    if reserved > capacity:
        raise ModerationError(
            f"reserved capacity ({reserved:g} a day) cannot exceed the team's capacity ({capacity:g} a day)"
        )
    return Triage(
        _lane("priority", size * share, arrivals * share, reserved),
        _lane("ordinary", size * (1 - share), arrivals * (1 - share), capacity - reserved),
    )


def review_outcomes(capacity_per_day: float, not_violation_share: float) -> tuple[float, float]:
    """Return (reviews a day that find a violation, reviews a day spent on duplicates or non-violations).

    The kit's assumption: every report costs one review, whatever it turns out to be, so reports
    that are duplicates or not violations at all (NOT_VIOLATION_SHARE, a fraction) use up capacity
    too; they lengthen the wait just as real violations do.
    """
    capacity = _quantity("capacity per day", capacity_per_day)
    share = _fraction("share of reports that are duplicates or not violations", not_violation_share)
    return capacity * (1 - share), capacity * share


def wrongful_per_true_catch(recall: float, false_positive_rate: float, prevalence: float) -> float:
    """Return how many posts a filter removes wrongly for each post it removes rightly, at PREVALENCE.

    That is FALSE_POSITIVE_RATE × (1 − PREVALENCE) ÷ (RECALL × PREVALENCE), the odds against a
    removal being right ((1 − precision) ÷ precision). math.inf when the filter removes posts but
    catches none (recall or prevalence 0); NaN when it removes nothing at all. All three fractions
    in [0, 1], ModerationError outside.
    """
    recall = _fraction("recall", recall)
    fpr = _fraction("false positive rate", false_positive_rate)
    prevalence = _fraction("prevalence", prevalence)
    right, wrong = recall * prevalence, fpr * (1 - prevalence)
    if right == 0:
        return math.nan if wrong == 0 else math.inf
    return wrong / right


def false_positive_rate(flagged: Sequence[bool], reference: Sequence[str]) -> float:
    """Return the share of posts the reference allows that the filter flags (NaN if the reference allows none)."""
    truth = needs_action(reference)
    if len(flagged) != len(truth):
        raise ModerationError(f"{len(flagged)} flags for {len(truth)} reference labels")
    allowed = [bool(f) for f, t in zip(flagged, truth) if not t]
    return sum(allowed) / len(allowed) if allowed else math.nan
