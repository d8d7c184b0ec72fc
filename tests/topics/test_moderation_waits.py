"""casekit.moderation.fcfs_wait and precision_at_prevalence: the wait a new report faces, and precision at a base rate."""

import math

import pytest

from casekit.topics.moderation import reasoning as m


def test_a_new_report_waits_until_the_team_has_reviewed_everything_ahead_of_it():
    assert m.fcfs_wait(26_000, 2_000) == 13.0
    assert m.fcfs_wait(0, 500) == 0.0
    assert m.fcfs_wait(1_500, 3_000) == 0.5


def test_more_staff_shortens_the_wait_and_arrivals_do_not_enter_it():
    waits = [m.fcfs_wait(26_000, moderators * 100) for moderators in (10, 20, 40, 80)]
    assert waits == sorted(waits, reverse=True) and waits[0] == 2 * waits[1]


def test_the_wait_grows_without_bound_while_arrivals_exceed_capacity():
    arrivals, capacity = 3_000, 2_000
    queue = m.backlog(26_000, arrivals, capacity, 30)
    waits = [m.fcfs_wait(q, capacity) for q in queue]
    assert all(later > earlier for earlier, later in zip(waits, waits[1:]))
    assert waits[-1] - waits[0] == pytest.approx(30 * (arrivals - capacity) / capacity)


@pytest.mark.parametrize(
    "backlog, capacity, words",
    [
        (-1, 10, "negative"),
        (10, 0, "above zero"),
        (10, -5, "negative"),
        ("x", 5, "number"),
        (10, float("nan"), "finite"),
    ],
)
def test_bad_queues_raise_one_clear_message(backlog, capacity, words):
    with pytest.raises(m.ModerationError, match=words):
        m.fcfs_wait(backlog, capacity)


def test_precision_is_right_removals_over_all_removals():
    # 1% violate; the filter catches 80% of them and wrongly removes 10% of the rest
    assert m.precision_at_prevalence(0.8, 0.1, 0.01) == pytest.approx(0.008 / (0.008 + 0.099))


def test_the_same_filter_is_less_precise_when_violations_are_rarer():
    values = [m.precision_at_prevalence(0.7, 0.05, p) for p in (0.4, 0.05, 0.01, 0.001)]
    assert values == sorted(values, reverse=True) and values[-1] < 0.02


def test_the_base_rate_edges():
    assert m.precision_at_prevalence(0.9, 0.2, 0) == 0.0  # no removal can be right
    assert m.precision_at_prevalence(0, 0, 0) == 0.0
    assert math.isnan(m.precision_at_prevalence(0, 0, 0.3))  # nothing removed: undefined
    assert math.isnan(m.precision_at_prevalence(0, 0.5, 1))
    assert m.precision_at_prevalence(0.5, 0.5, 1) == 1.0
    assert m.precision_at_prevalence(1, 0, 0.2) == 1.0


@pytest.mark.parametrize(
    "args", [(1.2, 0.1, 0.1), (0.5, -0.1, 0.1), (0.5, 0.1, 5), (0.5, True, 0.1), (0.5, 0.1, float("inf"))]
)
def test_values_outside_zero_to_one_raise(args):
    with pytest.raises(m.ModerationError):
        m.precision_at_prevalence(*args)


def test_the_old_import_path_still_reaches_them():
    import importlib
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        old = importlib.import_module("casekit.moderation")
    assert old.fcfs_wait is m.fcfs_wait and old.precision_at_prevalence is m.precision_at_prevalence
