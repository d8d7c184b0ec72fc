"""casekit.figures: figures drawn from the datasets, each with a matching text summary."""

from casekit import data, figures, relief


def test_timeline_figure_has_every_event_once_with_its_sources_in_the_hover():
    timeline = data.load("timeline")
    fig = figures.timeline_figure(timeline)
    points = [x for trace in fig.data if trace.customdata is not None for x in trace.customdata]
    assert len(points) == len(timeline)
    assert {p[0] for p in points} == set(timeline["title"])
    assert all(p[3] for p in points)


def test_uncertain_events_have_their_own_shape_not_just_a_colour():
    fig = figures.timeline_figure(data.load("timeline"))
    shapes = {trace.name: trace.marker.symbol for trace in fig.data}
    assert len({shapes[w] for w in figures.CONFIDENCE_WORDS.values() if w in shapes}) == len(shapes)
    assert "UNCERTAIN" in figures.CONFIDENCE_WORDS["uncertain"]


def test_filter_timeline_by_actor_and_type():
    timeline = data.load("timeline")
    rows = figures.filter_timeline(timeline, actors=["Court"], event_types=["ruling"])
    assert len(rows) > 0 and set(rows["actor"]) == {"Court"} and set(rows["event_type"]) == {"ruling"}
    assert figures.filter_timeline(timeline, actors=[]).empty


def test_summary_lists_each_event_and_flags_uncertain_ones():
    timeline = data.load("timeline")
    text = figures.timeline_summary(timeline)
    assert text.startswith(f"{len(timeline)} events")
    uncertain = timeline[timeline["confidence"] == "uncertain"]
    assert text.count("[UNCERTAIN]") == len(uncertain)
    assert figures.timeline_summary(timeline.iloc[0:0]) == "No events match these filters."


def test_standard_figure_shows_four_factors_and_three_claims():
    factors, claims = data.load("relief_factors"), data.load("claims")
    sunburst = figures.standard_figure(factors, claims).data[0]
    assert len(sunburst.ids) == 1 + 4 + 3
    assert sum(parent == "success" for parent in sunburst.parents) == len(claims)
    summary = figures.standard_summary(factors, claims)
    assert all(name in summary for name in claims["name"])


def test_factors_figure_marks_thresholds_and_labels_each_bar_in_words():
    labels = {f: f for f in relief.FACTORS}
    a = dict.fromkeys(relief.FACTORS, 1)
    fig = figures.factors_figure(a, labels, relief.weigh(a))
    bars, winter, sliding = fig.data
    assert list(bars.x) == [1] * 6 and all("Parler" in t for t in bars.text)
    assert list(sliding.x) == [0, 0, 0, 1, 2, 1]
    assert "relief granted" in fig.layout.title.text
