"""Lesson 03's widgets: thin views whose outputs follow casekit.moderation."""

import json

import pytest

from casekit import data
from casekit.topics.moderation import reasoning as moderation
from casekit.topics.moderation import widgets
from casekit.topics.moderation import widgets as views


@pytest.fixture()
def queue():
    return widgets.QueueWidget()


def test_queue_widget_is_the_lessons_main_widget(queue):
    assert "casekit-main" in queue.view._dom_classes
    assert "casekit-main-control" in queue.moderators._dom_classes
    assert "casekit-main-output" in queue.summary._dom_classes


def test_queue_starts_from_the_record_and_says_the_rest_is_hypothetical(queue):
    assert queue.initial == data.load("moderation_record").loc["backlog_26000", "value"]
    assert "26,000 reports" in queue.summary.html and "hypothetical" in queue.summary.html


def test_moving_the_moderators_slider_reruns_the_model(queue):
    queue.moderators.value = views.MODERATOR_COUNTS.index(0)
    assert "NEVER clears" in queue.summary.html
    queue.moderators.value = views.MODERATOR_COUNTS.index(500)
    result = queue.update()
    assert result.clear_in is not None and f"clears in {result.clear_in:,.1f} days" in queue.summary.html


def test_queue_summary_names_the_staffing_for_each_target(queue):
    p = queue.parameters()
    arrivals = moderation.daily_reports(p["users"], p["reports_per_1000"])
    for target, needed in moderation.staffing(queue.initial, arrivals, p["reviews"]).items():
        assert f"within {target} day" in queue.summary.html and f"{needed:,}" in queue.summary.html


def test_every_queue_slider_changes_the_parameters(queue):
    before = queue.parameters()
    for control in queue.controls:
        control.value = 1 if control.value != 1 else 2
    after = queue.parameters()
    assert all(before[k] != after[k] for k in before)


@pytest.fixture()
def labelling(tmp_path):
    return widgets.LabellingWidget(folder=tmp_path / "labels")


def test_labelling_shows_agreement_kappa_and_confusion_for_the_learners_labels(labelling):
    posts = data.load("synthetic_posts")
    assert "label at least 2" in labelling.agreement.html
    chosen = {"p01": "allow", "p26": "remove", "p30": "allow", "p40": "remove"}
    for pid, label in chosen.items():
        labelling.label[pid].value = label
    reference = [str(posts.loc[p, "label"]) for p in chosen]
    kappa = moderation.kappa(reference, list(chosen.values()))
    assert f"{kappa:.2f}" in labelling.agreement.html and "agree with the reference on 3" in labelling.agreement.html
    assert (
        "reference: escalate" in labelling.matrix.value and "reference escalate, you allow: 1" in labelling.matrix.value
    )


def test_reference_labels_stay_hidden_until_asked_for(labelling):
    labelling.label["p30"].value = "allow"
    assert labelling.comparison.value == ""
    labelling.reveal.value = True
    reason = data.load("synthetic_posts").loc["p30", "reason"]
    assert "different" in labelling.comparison.value and reason.split(",")[0] in labelling.comparison.value


def test_save_writes_a_valid_labels_record(labelling, tmp_path):
    assert labelling.save() is None and "type your name" in labelling.message.value
    labelling.name.value = "Ana"
    assert labelling.save() is None and "at least one post" in labelling.message.value
    labelling.label["p05"].value = "allow"
    labelling.category["p05"].value = "political"
    labelling.label["p33"].value = "escalate"
    path = labelling.save()
    record = moderation.validate_labels_record(json.loads(path.read_text(encoding="utf-8")))
    assert path.parent == tmp_path / "labels" and "Saved to" in labelling.message.value
    assert record["labels"] == {
        "p05": {"label": "allow", "category": "political"},
        "p33": {"label": "escalate", "category": None},
    }


def test_save_reports_an_unwritable_folder_inline(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    widget = widgets.LabellingWidget(folder=blocker / "labels")
    widget.name.value = "Ana"
    widget.label["p01"].value = "allow"
    assert widget.save() is None and "could not write" in widget.message.value


def test_filter_widget_lists_over_removed_and_missed_posts_at_the_threshold():
    widget = widgets.FilterWidget(threshold=1)
    posts = data.load("synthetic_posts")
    result = widget.update()
    for i in result.over_removed + result.missed:
        assert posts.index[i] in widget.errors.value
    assert f"precision {result.precision:.2f}, recall {result.recall:.2f}" in widget.summary.html
    widget.threshold.value = 0
    assert (
        "recall 1.00" in widget.summary.html
        and "Missed: needed removal or escalation, let through (0)" in widget.errors.value
    )


def test_filter_widget_at_the_top_threshold_says_nothing_is_removed():
    widget = widgets.FilterWidget()
    widget.threshold.value = max(step["value"] for step in widget.threshold.steps)
    assert "undefined (nothing removed)" in widget.summary.html


def test_adding_moderators_shortens_the_wait_the_queue_widget_shows(queue):
    queue.moderators.value = views.MODERATOR_COUNTS.index(20)
    few = queue.update()
    assert f"about {moderation.fcfs_wait(26_000, few.capacity):,.1f} days" in queue.summary.html
    queue.moderators.value = views.MODERATOR_COUNTS.index(100)
    many = queue.update()
    assert many.capacity == 5 * few.capacity
    assert f"about {moderation.fcfs_wait(26_000, many.capacity):,.1f} days" in queue.summary.html
    assert moderation.fcfs_wait(26_000, many.capacity) < moderation.fcfs_wait(26_000, few.capacity)


def test_the_queue_widget_says_the_wait_grows_without_bound_when_arrivals_exceed_capacity(queue):
    queue.moderators.value = views.MODERATOR_COUNTS.index(10)  # 1,000 reviews a day for 2,400 reports
    assert "GROWS WITHOUT BOUND" in queue.summary.html and "does not apply" in queue.summary.html
    queue.moderators.value = views.MODERATOR_COUNTS.index(100)
    assert "GROWS WITHOUT BOUND" not in queue.summary.html and "stable" in queue.summary.html


def test_the_triage_lane_has_its_own_wait(queue):
    queue.moderators.value = views.MODERATOR_COUNTS.index(20)  # 2,000 reviews a day for 2,400 reports
    queue.reserved.value = views.RESERVED_REVIEWS.index(200)
    queue.threats.value = views.THREAT_SHARES.index(0.02)
    triage = moderation.triage_waits(26_000, 2_400, 2_000, 0.02, 200)
    assert "priority lane: 520 waiting, 48 arriving a day, 200 reviews a day: a report filed now waits " in (
        queue.summary.html
    )
    assert f"waits {triage.priority.wait_now:,.1f} days." in queue.summary.html
    assert f"waits {triage.ordinary.wait_now:,.1f} days; the wait GROWS WITHOUT BOUND" in queue.summary.html
    queue.reserved.value = views.RESERVED_REVIEWS.index(1600)
    queue.moderators.value = views.MODERATOR_COUNTS.index(10)
    assert "more than the team&#x27;s capacity (1,000)" in queue.summary.html


def test_reports_that_are_not_violations_count_as_work(queue):
    queue.moderators.value = views.MODERATOR_COUNTS.index(20)
    before = queue.summary.html
    queue.noise.value = views.NOISE_SHARES.index(0.8)
    assert "400 of the 2,000 reviews a day find a violation and 1,600 do not" in queue.summary.html
    assert "Assumption: every report costs one review" in queue.summary.html
    wait = "about 13.0 days at 2,000 reviews a day"
    assert wait in before and wait in queue.summary.html  # the wait is the same: every report is work


def test_the_filter_widget_gives_precision_at_the_learners_prevalence():
    widget = widgets.FilterWidget(threshold=1, prevalence=0.05)
    result = widget.update()
    fpr = moderation.false_positive_rate(result.flagged, widget.reference)
    expected = moderation.precision_at_prevalence(result.recall, fpr, 0.05)
    assert f"precision {expected:.3f}" in widget.base_rate.html and "5.0% of posts" in widget.base_rate.html
    widget.prevalence.value = views.PREVALENCES.index(0.001)
    rare = moderation.precision_at_prevalence(result.recall, fpr, 0.001)
    per_catch = moderation.wrongful_per_true_catch(result.recall, fpr, 0.001)
    assert f"precision {rare:.3f}, so {per_catch:,.1f} wrongful removals" in widget.base_rate.html
    widget.threshold.value = max(step["value"] for step in widget.threshold.steps)
    assert "precision is undefined" in widget.base_rate.html
