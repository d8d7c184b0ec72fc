"""casekit.topics.moderation.reasoning: the queue model, agreement metrics, label records and the keyword filter."""

import itertools
import math
import subprocess
import sys

import pytest

from casekit import data
from casekit.topics.moderation import reasoning as m

INITIALS = (0, 1, 7.5, 100, 26_000)
RATES = (0, 0.5, 3, 250, 1_000, 2_600.25, 5_000)
DAYS = (0, 1, 2, 9, 60)


# --- backlog and days_to_clear ------------------------------------------------------------------

GRID = list(itertools.product(INITIALS, RATES, RATES))


def test_backlog_follows_the_daily_rule_and_never_goes_below_zero():
    for initial, arrivals, capacity in GRID:
        curve = m.backlog(initial, arrivals, capacity, 60)
        assert len(curve) == 61 and curve[0] == initial
        for before, after in zip(curve, curve[1:]):
            assert after >= 0
            assert after == pytest.approx(max(0.0, before + arrivals - capacity), abs=1e-6), (
                initial,
                arrivals,
                capacity,
            )


@pytest.mark.parametrize("days", DAYS)
def test_backlog_has_one_value_per_day_plus_the_start(days):
    assert len(m.backlog(26_000, 100, 150, days)) == days + 1


def test_backlog_reaches_zero_exactly_when_days_to_clear_says():
    checked = 0
    for initial, arrivals, capacity in GRID:
        clear = m.days_to_clear(initial, arrivals, capacity)
        curve = m.backlog(initial, arrivals, capacity, 400)
        zero_days = [day for day, value in enumerate(curve) if value == 0]
        case = (initial, arrivals, capacity, clear)
        if clear is None:
            assert initial > 0 and capacity <= arrivals and zero_days == [], case
            continue
        assert clear >= 0, case
        first = math.ceil(clear)
        if first <= 400:
            checked += 1
            assert zero_days[0] == first, case
            assert zero_days == list(range(first, 401)) or arrivals > capacity, case  # stays clear unless it refills
        # the fluid model: exactly zero at the fractional time
        assert initial + clear * (arrivals - capacity) == pytest.approx(0.0, abs=1e-6), case
    assert checked > 100


def test_an_empty_backlog_is_already_clear_whatever_the_rates():
    assert m.days_to_clear(0, 500, 100) == 0.0
    assert m.backlog(0, 500, 100, 2) == [0.0, 400.0, 800.0]


def test_equal_capacity_and_arrivals_never_clear_a_positive_backlog():
    assert m.days_to_clear(26_000, 1_000, 1_000) is None
    assert set(m.backlog(26_000, 1_000, 1_000, 30)) == {26_000.0}


@pytest.mark.parametrize(
    "args, name",
    [
        ((-1, 0, 0, 1), "initial backlog"),
        ((0, -1, 0, 1), "arrivals per day"),
        ((0, 0, -0.5, 1), "capacity per day"),
        ((0, 0, 0, -1), "days"),
    ],
)
def test_negative_inputs_raise_a_moderation_error_naming_the_value(args, name):
    with pytest.raises(m.ModerationError, match=name):
        m.backlog(*args)
    if args[3] >= 0:
        with pytest.raises(ValueError, match=name):
            m.days_to_clear(*args[:3])


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "100", None, True])
def test_non_numbers_are_refused(bad):
    with pytest.raises(m.ModerationError):
        m.backlog(bad, 1, 1, 1)
    with pytest.raises(m.ModerationError):
        m.days_to_clear(1, bad, 1)


@pytest.mark.parametrize("days", [1.5, "3", True])
def test_days_must_be_a_whole_number(days):
    with pytest.raises(m.ModerationError, match="whole number"):
        m.backlog(1, 1, 1, days)


# --- Little's law and staffing --------------------------------------------------------------------


def test_littles_law_wait_times_arrivals_is_the_queue_length():
    for length, arrivals in itertools.product(INITIALS, RATES[1:]):
        assert m.average_wait(length, arrivals) * arrivals == pytest.approx(length)


def test_littles_law_needs_arrivals():
    with pytest.raises(m.ModerationError, match="above zero"):
        m.average_wait(26_000, 0)


def test_moderators_needed_is_the_fewest_that_leave_no_backlog_at_the_target():
    for case in itertools.product(INITIALS, (0, 3, 1_000, 5_000), (1, 40, 250, 333.3, 0.7), (1, 2, 7, 30)):
        size, arrivals, rate, target = case
        needed = m.moderators_needed(size, arrivals, rate, target)
        assert m.backlog(size, arrivals, needed * rate, target)[target] == 0, case
        if needed > 0:
            assert m.backlog(size, arrivals, (needed - 1) * rate, target)[target] > 0, case
        if size > 0:
            assert m.days_to_clear(size, arrivals, needed * rate) <= target, case


def test_staffing_covers_one_seven_and_thirty_days_and_never_rises_with_more_time():
    needs = m.staffing(26_000, 2_000, 150)
    assert list(needs) == [1, 7, 30]
    assert needs[1] >= needs[7] >= needs[30]
    assert needs == {t: m.moderators_needed(26_000, 2_000, 150, t) for t in (1, 7, 30)}


@pytest.mark.parametrize(
    "args, message",
    [
        ((26_000, 100, 0, 7), "reviews per moderator"),
        ((26_000, 100, 50, 0), "part of a day"),
        ((26_000, -1, 50, 7), "arrivals"),
    ],
)
def test_staffing_refuses_impossible_inputs(args, message):
    with pytest.raises(m.ModerationError, match=message):
        m.moderators_needed(*args)


def test_daily_reports_scale_with_users():
    assert m.daily_reports(15_000_000, 2) == pytest.approx(30_000)
    assert m.daily_reports(10_000_000, 2) / m.daily_reports(15_000_000, 2) == pytest.approx(2 / 3)


def test_the_record_gives_the_backlog_with_its_sources_and_everything_else_is_a_parameter():
    record = data.load("moderation_record")
    assert record.loc["backlog_26000", "value"] == 26_000
    assert set(record["confidence"].astype(str)) == {"reported"}
    assert record.loc["aws_reports_100", "value_kind"] == "lower_bound"


# --- the queue summary ----------------------------------------------------------------------------


def test_a_queue_that_cannot_keep_up_says_it_never_clears():
    queue = m.run_queue(26_000, 3_000, 10, 200, 30)
    assert queue.clear_in is None and queue.curve[-1] > queue.curve[0]
    text = m.describe_queue(queue)
    assert "NEVER clears" in text and "hypothetical" in text


def test_a_queue_that_keeps_up_reports_clearing_time_wait_and_staffing():
    queue = m.run_queue(26_000, 1_000, 20, 100, 60)
    text = m.describe_queue(queue)
    assert f"clears in {queue.clear_in:,.1f} days" in text
    assert queue.wait_days == m.fcfs_wait(26_000, 2_000) == 13.0  # first come, first served: backlog ÷ capacity
    assert "Little's law" not in text and "wait" not in text  # the wait is wait_summary's, beside the figure
    for target, needed in m.staffing(26_000, 1_000, 100).items():
        assert f"within {target} day" in text and f"{needed:,}" in text


def test_zero_moderators_or_no_arrivals_still_describe():
    assert "NEVER clears" in m.describe_queue(m.run_queue(26_000, 0, 0, 100, 5))
    assert "Little's law" not in m.describe_queue(m.run_queue(26_000, 0, 3, 100, 5))
    assert m.run_queue(26_000, 100, 0, 100, 5).wait_days is None  # no reviews: a new report is never reviewed


# --- agreement ------------------------------------------------------------------------------------

REFERENCE = ["allow", "allow", "remove", "escalate", "remove", "allow"]


def test_kappa_is_one_for_perfect_agreement_and_symmetric():
    assert m.kappa(REFERENCE, REFERENCE) == pytest.approx(1.0)
    other = ["allow", "remove", "remove", "allow", "remove", "escalate"]
    assert m.kappa(REFERENCE, other) == pytest.approx(m.kappa(other, REFERENCE))
    assert m.kappa(REFERENCE, other) < 1


def test_kappa_is_zero_when_agreement_is_what_chance_predicts():
    assert m.kappa(["allow", "allow", "remove", "remove"], ["allow", "remove", "allow", "remove"]) == pytest.approx(0)


def test_kappa_is_undefined_when_both_use_one_label():
    assert math.isnan(m.kappa(["allow", "allow"], ["allow", "allow"]))


def test_labels_are_normalised_and_bad_ones_named():
    assert m.check_labels([" Allow", "REMOVE"]) == ["allow", "remove"]
    with pytest.raises(m.ModerationError, match=r"labels\[1\] is 'delete'"):
        m.kappa(["allow", "allow"], ["allow", "delete"])
    with pytest.raises(m.ModerationError, match="differ in length"):
        m.kappa(["allow"], ["allow", "remove"])
    with pytest.raises(m.ModerationError, match="no labels"):
        m.kappa([], [])


def test_confusion_matrix_rows_are_the_reference_and_the_diagonal_counts_agreements():
    other = ["allow", "remove", "remove", "allow", "remove", "escalate"]
    table = m.confusion(REFERENCE, other)
    assert list(table.index) == list(table.columns) == list(m.LABELS)
    assert table.to_numpy().sum() == len(REFERENCE)
    assert sum(table.loc[label, label] for label in m.LABELS) == sum(a == b for a, b in zip(REFERENCE, other))
    assert table.loc["escalate", "allow"] == 1  # p4: reference escalate, labelled allow


def test_krippendorff_alpha_for_a_class():
    posts = [f"p{i}" for i in range(6)]
    same = dict(zip(posts, REFERENCE))
    assert m.krippendorff_alpha([same, same, same]) == pytest.approx(1.0)
    shuffled = dict(zip(posts, ["remove", "escalate", "allow", "remove", "allow", "escalate"]))
    assert m.krippendorff_alpha([same, shuffled]) < 0.5
    partial = {k: v for k, v in same.items() if k != "p0"}
    assert m.krippendorff_alpha([same, partial]) == pytest.approx(1.0)  # a missing label is missing, not wrong
    assert math.isnan(m.krippendorff_alpha([same]))
    assert math.isnan(m.krippendorff_alpha([{"p0": "allow"}, {"p0": "allow"}]))


def test_krippendorff_alpha_does_not_depend_on_the_order_of_coders():
    a = {"p1": "allow", "p2": "remove", "p3": "escalate", "p4": "allow"}
    b = {"p1": "allow", "p2": "allow", "p3": "escalate", "p4": "remove"}
    c = {"p1": "remove", "p2": "remove", "p3": "escalate"}
    assert m.krippendorff_alpha([a, b, c]) == pytest.approx(m.krippendorff_alpha([c, a, b]))


# --- the saved-labels record ----------------------------------------------------------------------


def test_labels_record_round_trips_and_skips_unlabelled_posts():
    record = m.labels_record(
        " Ana ",
        {"p01": {"label": "Allow", "category": "political"}, "p02": {"label": None, "category": None}},
        saved_at="2026-01-01T00:00:00+00:00",
        kit_version="0.1.0",
        post_ids=["p01", "p02"],
    )
    assert record["learner"] == "Ana" and record["labels"] == {"p01": {"label": "allow", "category": "political"}}
    assert m.validate_labels_record(record) is record


@pytest.mark.parametrize(
    "learner, labels, message",
    [
        ("", {"p01": {"label": "allow"}}, "type your name"),
        ("Ana", {"p01": {"label": None}}, "at least one post"),
        ("Ana", {"p99": {"label": "allow"}}, "not a post"),
    ],
)
def test_labels_record_refuses_with_a_readable_message(learner, labels, message):
    with pytest.raises(m.ModerationError, match=message):
        m.labels_record(learner, labels, "2026-01-01T00:00:00+00:00", "0.1.0", post_ids=["p01"])


@pytest.mark.parametrize(
    "record, message",
    [
        ([], "not a JSON object"),
        ({"schema": "casekit.reasoning/1"}, "schema"),
        ({"schema": m.LABELS_SCHEMA, "learner": "", "labels": {"p1": {"label": "allow"}}}, "learner"),
        ({"schema": m.LABELS_SCHEMA, "learner": "A", "labels": {}}, "non-empty object"),
        ({"schema": m.LABELS_SCHEMA, "learner": "A", "labels": {"p1": {"label": "ban"}}}, "label of 'p1'"),
        ({"schema": m.LABELS_SCHEMA, "learner": "A", "labels": {"p1": {"label": "allow", "category": 3}}}, "category"),
    ],
)
def test_validate_labels_record_names_the_problem(record, message):
    with pytest.raises(m.ModerationError, match=message):
        m.validate_labels_record(record, "f.json")


# --- the keyword filter ---------------------------------------------------------------------------


def test_terms_match_at_the_start_of_words_only():
    assert m.matched_terms("They destroyed it") == ["destroy"]
    assert m.matched_terms("Indestructible") == []
    assert m.matched_terms("What\u2019s coming") == ["what's coming"]
    assert (
        m.filter_score("free money, free money, click the link")
        == m.FILTER_TERMS["free money"] + m.FILTER_TERMS["click the link"]
    )


@pytest.fixture(scope="module")
def scored():
    posts = data.load("synthetic_posts")
    return [m.filter_score(t) for t in posts["text"]], list(posts["label"].astype(str))


def test_raising_the_threshold_never_flags_more(scored):
    scores, reference = scored
    flagged = [sum(m.apply_filter(scores, reference, t).flagged) for t in range(0, 8)]
    assert flagged == sorted(flagged, reverse=True)


def test_everything_flagged_means_full_recall_and_nothing_flagged_means_undefined_precision(scored):
    scores, reference = scored
    low = m.apply_filter(scores, reference, 0)
    assert low.recall == 1 and low.missed == [] and len(low.over_removed) == reference.count("allow")
    high = m.apply_filter(scores, reference, max(scores) + 1)
    assert (
        math.isnan(high.precision)
        and high.recall == 0
        and len(high.missed) == len(reference) - reference.count("allow")
    )


def test_the_curve_agrees_with_the_filter_at_every_threshold(scored):
    scores, reference = scored
    curve = m.pr_curve(scores, reference)
    assert list(curve["threshold"]) == sorted(set(scores))
    for row in curve.itertuples():
        result = m.apply_filter(scores, reference, row.threshold)
        assert (result.precision, result.recall) == pytest.approx((row.precision, row.recall))


def test_filter_inputs_are_checked():
    with pytest.raises(m.ModerationError, match="2 scores for 1"):
        m.apply_filter([1, 2], ["allow"], 1)
    with pytest.raises(m.ModerationError, match="recall is undefined"):
        m.pr_curve([1, 2], ["allow", "allow"])


def test_importing_the_module_does_not_import_scikit_learn_or_krippendorff():
    code = (
        "import sys, casekit.moderation; "
        "print(sorted(n for n in ('sklearn', 'krippendorff', 'scipy') if n in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_loading_every_lessons_checks_does_not_import_scikit_learn():
    code = (
        "import sys; from casekit.checks import verdict; verdict('0a', ...); "
        "import casekit.widgets, casekit.figures; "
        "print(sorted(n for n in ('sklearn', 'krippendorff', 'scipy') if n in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_exercise_3d_is_precision_at_the_drawn_prevalence_and_its_hints_name_the_usual_slips():
    from casekit import variants
    from casekit.checks import REGISTRY
    from casekit.topics.moderation import checks as cm

    drawn = cm.draw_filter_3d(variants.current(cm.ASSIGNMENT))
    posts = data.load("synthetic_posts")
    removed = [m.filter_score(t) >= drawn["threshold"] for t in posts["text"]]
    action = [str(label) != "allow" for label in posts["label"]]
    tp = sum(r and a for r, a in zip(removed, action))
    fp = sum(r and not a for r, a in zip(removed, action))
    recall, fpr, p = tp / sum(action), fp / (len(action) - sum(action)), drawn["prevalence"]
    right = recall * p / (recall * p + fpr * (1 - p))
    judge = REGISTRY["3d"].judge
    assert judge(right) is True and judge(round(right, 4)) is True
    assert "40% need action" in judge(tp / (tp + fp)) and "that is the recall" in judge(recall)


def test_counts_of_reports_are_whole_numbers_when_whole():
    # issue 22: lesson 03 printed [26000.0, 24000.0, ...] and (2000.0, 3000.0)
    curve = m.backlog(26_000.0, 2_000, 40 * 100, 7)
    assert curve[:3] == [26_000, 24_000, 22_000] and all(type(v) is int for v in curve)
    assert repr(curve[:2]) == "[26000, 24000]"
    assert repr((m.daily_reports(10_000_000, 0.2), m.daily_reports(15_000_000, 0.2))) == "(2000, 3000)"
    assert m.backlog(1.5, 0, 1, 1) == [1.5, 0.5] and m.daily_reports(1_234, 0.2) == pytest.approx(0.2468)
