"""Issue 26's queue and base-rate functions: waits that grow, severity triage, the work of reports that are not
violations, and wrongful removals per true catch."""

import math

import pytest

from casekit import data
from casekit.topics.moderation import reasoning as m


def test_the_wait_of_each_days_new_report_follows_the_backlog():
    waits = m.waits_by_day(26_000, 2_400, 2_000, 10)
    assert waits == [size / 2_000 for size in m.backlog(26_000, 2_400, 2_000, 10)]
    steps = {round(later - earlier, 9) for earlier, later in zip(waits, waits[1:])}
    assert steps == {round(400 / 2_000, 9)}  # rises by (arrivals - capacity) / capacity a day


def test_the_wait_falls_to_zero_when_capacity_keeps_up():
    waits = m.waits_by_day(26_000, 1_000, 4_000, 12)
    assert waits[0] == 6.5 and waits[-1] == 0.0
    assert all(later <= earlier for earlier, later in zip(waits, waits[1:]))


@pytest.mark.parametrize("arrivals, capacity, grows", [(2_001, 2_000, True), (2_000, 2_000, False), (0, 5, False)])
def test_a_queue_grows_without_bound_only_when_arrivals_exceed_capacity(arrivals, capacity, grows):
    assert m.grows_without_bound(arrivals, capacity) is grows


def test_triage_splits_backlog_arrivals_and_capacity_between_two_lanes():
    triage = m.triage_waits(26_000, 2_000, 3_000, 0.02, 200)
    assert (triage.priority.backlog, triage.priority.arrivals, triage.priority.capacity) == (520, 40, 200)
    assert (triage.ordinary.backlog, triage.ordinary.arrivals, triage.ordinary.capacity) == (25_480, 1_960, 2_800)
    assert triage.waits == (pytest.approx(520 / 200), pytest.approx(25_480 / 2_800))


def test_a_threat_waits_far_less_in_its_own_lane_than_in_one_queue():
    triage = m.triage_waits(26_000, 2_000, 3_000, 0.02, 200)
    assert triage.priority.wait < m.fcfs_wait(26_000, 3_000) / 3


def test_a_lane_whose_arrivals_exceed_its_capacity_waits_without_bound():
    triage = m.triage_waits(26_000, 2_000, 3_000, 0.1, 150)  # 200 threats a day, 150 reviews for them
    assert triage.priority.growing and triage.priority.wait == math.inf
    assert triage.priority.wait_now == pytest.approx(2_600 / 150)  # the report filed now still has a finite wait
    assert not triage.ordinary.growing and math.isfinite(triage.ordinary.wait)


def test_a_lane_with_no_reviews_never_moves():
    triage = m.triage_waits(26_000, 2_000, 3_000, 0.02, 0)
    assert triage.priority.wait_now == math.inf and triage.priority.wait == math.inf
    assert m.triage_waits(0, 0, 3_000, 0.0, 0).priority.wait == 0.0


@pytest.mark.parametrize(
    "args, words",
    [
        ((26_000, 2_000, 3_000, 0.02, 3_500), "cannot exceed the team's capacity"),
        ((26_000, 2_000, 3_000, 1.5, 100), "priority share must be a fraction"),
        ((-1, 2_000, 3_000, 0.02, 100), "backlog must not be negative"),
    ],
)
def test_triage_rejects_impossible_inputs(args, words):
    with pytest.raises(m.ModerationError, match=words):
        m.triage_waits(*args)


def test_reports_that_are_not_violations_still_use_reviews():
    found, other = m.review_outcomes(2_000, 0.6)
    assert (found, other) == (pytest.approx(800), pytest.approx(1_200))
    with pytest.raises(m.ModerationError, match="duplicates or not violations"):
        m.review_outcomes(2_000, 60)


def _threshold_one():
    posts = data.load("synthetic_posts")
    reference = posts["label"].astype(str).tolist()
    scores = [m.filter_score(text) for text in posts["text"]]
    return m.apply_filter(scores, reference, 1), reference


def test_per_class_rates_give_back_the_samples_precision_at_the_samples_prevalence():
    result, reference = _threshold_one()
    fpr = m.false_positive_rate(result.flagged, reference)
    share = sum(m.needs_action(reference)) / len(reference)
    assert m.precision_at_prevalence(result.recall, fpr, share) == pytest.approx(result.precision)
    assert m.precision_at_prevalence(result.recall, fpr, 0.01) < result.precision / 10


def test_false_positive_rate_counts_flagged_posts_the_reference_allows():
    assert m.false_positive_rate([True, False, True, True], ["allow", "allow", "remove", "escalate"]) == 0.5
    assert math.isnan(m.false_positive_rate([True], ["remove"]))
    with pytest.raises(m.ModerationError, match="2 flags for 1"):
        m.false_positive_rate([True, False], ["allow"])


def test_wrongful_removals_per_true_catch_are_the_odds_against_precision():
    for prevalence in (0.001, 0.01, 0.05):
        precision = m.precision_at_prevalence(0.65, 0.56, prevalence)
        assert m.wrongful_per_true_catch(0.65, 0.56, prevalence) == pytest.approx((1 - precision) / precision)
    assert m.wrongful_per_true_catch(0.5, 0.1, 0.5) == pytest.approx(0.2)
    assert m.wrongful_per_true_catch(0, 0.1, 0.5) == math.inf
    assert math.isnan(m.wrongful_per_true_catch(0, 0, 0.5))
    with pytest.raises(m.ModerationError, match="prevalence must be a fraction"):
        m.wrongful_per_true_catch(0.5, 0.1, 5)


def test_waits_by_day_needs_a_positive_capacity():
    with pytest.raises(m.ModerationError, match="capacity per day must be above zero"):
        m.waits_by_day(26_000, 2_000, 0, 5)
