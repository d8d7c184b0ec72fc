"""Lesson 03's figures: each says in its title and text what its data show; nothing rests on colour alone."""

import math

from casekit import data
from casekit.topics.moderation import figures
from casekit.topics.moderation import reasoning as moderation


def test_backlog_figure_follows_the_model_and_says_when_the_queue_never_clears():
    never = moderation.run_queue(26_000, 3_000, 10, 100, 30)
    fig = figures.backlog_figure_json(never)
    assert fig["data"][0]["y"] == never.curve and "never clears" in fig["layout"]["title"]["text"]
    assert fig["data"][0]["line"]["dash"] == "dash" and fig["data"][0]["marker"]["symbol"] == "triangle-up"
    clears = moderation.run_queue(26_000, 1_000, 50, 100, 30)
    fig = figures.backlog_figure_json(clears)
    assert f"clears in {clears.clear_in:,.1f} days" in fig["layout"]["title"]["text"]
    assert fig["data"][0]["line"]["dash"] == "solid"
    summary = figures.backlog_summary(clears)
    assert summary.startswith(moderation.describe_queue(clears))
    assert summary.endswith(figures.wait_summary(clears))


def test_the_backlog_text_gives_the_fcfs_wait_not_littles_law_on_a_snapshot():
    grows = moderation.run_queue(26_000, 3_000, 10, 200, 30)  # 2,000 reviews a day for 3,000 reports
    text = figures.backlog_summary(grows)
    assert "about 13.0 days at 2,000 reviews a day" in text
    assert f"day 30 would wait {grows.curve[-1] / 2_000:,.1f} days" in text and "GROWS WITHOUT BOUND" in text
    assert "does not apply" in text and f"{moderation.average_wait(26_000, 3_000):,.1f} days" not in text
    stable = figures.wait_summary(moderation.run_queue(26_000, 1_000, 40, 100, 30))
    assert "about 6.5 days" in stable and "stable" in stable and "GROWS" not in stable
    even = figures.wait_summary(moderation.run_queue(26_000, 2_000, 20, 100, 30))
    assert "never shrinks" in even and "still waits 13.0 days" in even
    assert "never reviewed" in figures.wait_summary(moderation.run_queue(26_000, 2_000, 0, 100, 30))


def test_prevalence_figure_draws_precision_falling_with_prevalence_and_marks_the_choices():
    fig = figures.prevalence_figure_json(0.65, 0.56, sample_prevalence=17 / 42, chosen=0.01)
    line = fig["data"][0]
    assert line["x"] == sorted(line["x"]) and line["y"] == sorted(line["y"])
    assert min(line["x"]) == 0.001 and 0.05 in line["x"]
    sample, chosen = fig["data"][1], fig["data"][2]
    assert sample["marker"]["symbol"] != chosen["marker"]["symbol"]  # told apart by shape and words, not colour
    assert chosen["y"] == [moderation.precision_at_prevalence(0.65, 0.56, 0.01)]
    assert chosen["text"][0].startswith("your prevalence") and fig["layout"]["xaxis"]["type"] == "log"
    # a low precision puts the label above its point, off the x axis's tick labels; a high one below it
    assert chosen["y"][0] < 0.15 and chosen["textposition"] == "top right"
    high = figures.prevalence_figure_json(0.65, 0.01, chosen=0.3)["data"][1]
    assert high["y"][0] > 0.15 and high["textposition"] == "bottom right"


def test_prevalence_summary_gives_every_plotted_point_in_words():
    fig = figures.prevalence_figure_json(0.65, 0.56, sample_prevalence=17 / 42, chosen=0.01)
    text = figures.prevalence_summary(0.65, 0.56, sample_prevalence=17 / 42, chosen=0.01)
    for x, y in zip(fig["data"][0]["x"], fig["data"][0]["y"]):
        assert f"\n  {figures._percent(x)}: {y:.3f}; " in text
    per_catch = moderation.wrongful_per_true_catch(0.65, 0.56, 0.01)
    assert f"\n  1%: {fig['data'][2]['y'][0]:.3f}; {per_catch:,.1f} (your choice)" in text
    assert "(the 42 synthetic posts)" in text
    assert "wrongful removals per true catch" in text.splitlines()[0]


def test_prevalence_summary_says_when_precision_is_undefined_or_nothing_is_caught():
    assert "\n  1%: undefined (nothing removed)" in figures.prevalence_summary(0, 0, chosen=0.01)
    assert "\n  1%: 0.000; no true catch" in figures.prevalence_summary(0, 0.5, chosen=0.01)


def _curve_and_result(threshold):
    posts = data.load("synthetic_posts")
    scores = [moderation.filter_score(t) for t in posts["text"]]
    reference = [str(x) for x in posts["label"]]
    return moderation.pr_curve(scores, reference), moderation.apply_filter(scores, reference, threshold)


def test_pr_figure_marks_the_threshold_and_its_summary_lists_every_threshold():
    curve, result = _curve_and_result(2)
    fig = figures.pr_figure_json(curve, result)
    marker = fig["data"][-1]
    assert marker["x"] == [2.0, 2.0] and marker["y"] == [result.precision, result.recall]
    assert f"precision {result.precision:.2f}" in fig["layout"]["title"]["text"]
    text = figures.pr_summary(curve, result)
    assert all(f"  {t:g}: precision" in text for t in curve["threshold"])
    assert f"{len(result.over_removed)} over-removed, {len(result.missed)} missed" in text


def test_pr_figure_at_a_threshold_that_removes_nothing():
    curve, result = _curve_and_result(99)
    assert math.isnan(result.precision)
    title = figures.pr_figure_json(curve, result)["layout"]["title"]["text"]
    assert "precision" not in title and "recall 0.00" in title
    assert "undefined (nothing removed)" in figures.pr_summary(curve, result)


def test_confusion_figure_prints_every_count_and_marks_agreement_by_shape():
    reference = ["allow", "remove", "escalate", "allow", "allow"]
    yours = ["allow", "allow", "escalate", "remove", "allow"]
    table = moderation.confusion(reference, yours)
    trace = figures.confusion_figure(table).data[0]
    assert sum(int(t) for t in trace.text) == len(reference)
    shapes = dict(zip(zip(trace.y, trace.x), trace.marker.symbol))
    assert shapes[("reference: allow", "you: allow")] == "square"
    assert shapes[("reference: remove", "you: allow")] == "diamond"
    summary = figures.confusion_summary(table)
    assert "agreed with the reference on 3 of 5" in summary and "reference remove, you allow: 1" in summary


def test_confusion_figure_and_summary_name_someone_else_when_told_who():
    reference = ["allow", "remove", "escalate", "allow", "allow"]
    strict = ["remove", "remove", "escalate", "allow", "allow"]
    table = moderation.confusion(reference, strict)
    summary = figures.confusion_summary(table, who="the strict moderator")
    assert summary.startswith("The strict moderator agreed with the reference on 4 of 5 posts.")
    assert "reference allow, the strict moderator remove: 1" in summary and "you" not in summary.casefold().split()
    labels = set(figures.confusion_figure(table, who="the strict moderator").data[0].x)
    assert labels == {f"the strict moderator: {label}" for label in table.columns}
