"""Lesson 04's widgets and figures: thin views whose outputs follow casekit.antitrust and the datasets."""

import html
import json

import pytest

from casekit import data
from casekit.topics.antitrust import figures, widgets
from casekit.topics.antitrust import reasoning as antitrust
from casekit.topics.antitrust import widgets as views

EXCLUDES = antitrust.JUDGEMENTS["excludes"]
CONSISTENT = antitrust.JUDGEMENTS["consistent"]


@pytest.fixture()
def evidence_widget(tmp_path):
    return widgets.EvidenceWidget(folder=tmp_path / "saved")


@pytest.fixture()
def market_widget():
    return widgets.MarketWidget()


def judge_all(widget, words):
    for chooser in widget.choices.values():
        chooser.value = words


# --- evidence widget -------------------------------------------------------------------------


def test_every_item_starts_unjudged_and_shows_who_offered_it_with_sources(evidence_widget):
    table = data.load("antitrust_evidence")
    assert list(evidence_widget.choices) == list(table.index)
    assert all(c.value == views.NOT_JUDGED for c in evidence_widget.choices.values())
    assert evidence_widget.weighing().unjudged == tuple(table.index)
    panels = " ".join(
        child.value
        for box in evidence_widget.view.children
        if isinstance(box, type(evidence_widget.view))
        for child in box.children
        if hasattr(child, "value") and isinstance(child.value, str)
    )
    for row in table.itertuples():
        assert html.escape(row.item) in panels and all(s in panels for s in row.source_ids)


def test_parlers_assertions_are_called_assertions_in_the_view(evidence_widget):
    table = data.load("antitrust_evidence")
    for row in table[table["status"].astype(str) == "assertion"].itertuples():
        assert f"{row.offered_by}'s assertion (not a finding)" == views.status_words(row)
    assert html.escape("Parler's assertion (not a finding)") in evidence_widget.reasoning.value


def test_judging_an_item_updates_the_reasoning_from_weigh_evidence(evidence_widget):
    before = evidence_widget.reasoning.value
    evidence_widget.choices["ev_person_x"].value = EXCLUDES
    after = evidence_widget.reasoning.value
    assert after != before
    expected = antitrust.weigh_evidence(
        {"ev_person_x": "excludes"}, items=evidence_widget.items, labels=evidence_widget.labels
    )
    assert html.escape(expected.explanation.splitlines()[0]) in after
    assert "yes, not disputed" in after
    assert evidence_widget.outcome_panel.html.startswith("Partial tally, no conclusion yet: 1 of 11 judged.")


# --- issue 22: no conclusion "on your judgements" before every item is judged, and it is said once ----------


def test_straight_after_run_all_nothing_is_concluded_on_judgements_not_made(evidence_widget):
    total = len(evidence_widget.items)
    assert evidence_widget.outcome_panel.html == (
        f"Judge the items to see what your judgements add up to: 0 of {total} judged."
    )
    assert "On your judgements" not in evidence_widget.reasoning.value
    assert "tend to exclude independent action:" not in evidence_widget.outcome_panel.html
    headings = [c.value for c in evidence_widget.view.children if isinstance(getattr(c, "value", None), str)]
    assert not any("On your judgements" in h for h in headings)


def test_a_partial_tally_is_labelled_partial_and_agrees_with_the_comparison_panel(evidence_widget):
    for item in evidence_widget.items[:3]:
        evidence_widget.choices[item].value = CONSISTENT
    evidence_widget.compare_button.value = True
    outcome = evidence_widget.outcome_panel.html
    assert outcome.startswith(f"Partial tally, no conclusion yet: 3 of {len(evidence_widget.items)} judged.")
    assert "On your judgements" not in outcome and "does not tend" not in outcome
    assert "not yet decided" in evidence_widget.court.value and "not yet judged" in evidence_widget.court.value
    assert "On your judgements" not in evidence_widget.reasoning.value


@pytest.mark.parametrize("words, court_says", [(CONSISTENT, "does not tend"), (EXCLUDES, "tends to exclude")])
def test_the_conclusion_appears_once_and_only_when_every_item_is_judged(evidence_widget, words, court_says):
    judge_all(evidence_widget, words)
    evidence_widget.compare_button.value = True
    result = evidence_widget.weighing()
    conclusion = result.explanation.splitlines()[-1]
    assert conclusion.startswith("On your judgements")
    assert evidence_widget.outcome_panel.html == html.escape(conclusion)
    shown = evidence_widget.outcome_panel.html + evidence_widget.reasoning.value
    assert shown.count("On your judgements") == 1
    # the comparison panel says the same as the outcome panel
    assert f"the record {court_says}" in evidence_widget.court.value
    assert court_says.split()[0] in conclusion


def test_marking_the_plus_factor_disputed_changes_the_answer(evidence_widget):
    judge_all(evidence_widget, CONSISTENT)
    evidence_widget.choices["ev_aws_twitter_deal"].value = EXCLUDES
    assert evidence_widget.weighing().excludes_independent_action
    evidence_widget.disputed["ev_aws_twitter_deal"].value = True
    assert not evidence_widget.weighing().excludes_independent_action
    assert "yes, but disputed" in evidence_widget.reasoning.value
    assert "does not tend to exclude" in evidence_widget.outcome_panel.html


def test_compare_reveals_the_courts_assessment_and_each_items_treatment(evidence_widget):
    assert evidence_widget.court.value == ""
    judge_all(evidence_widget, CONSISTENT)
    evidence_widget.compare_button.value = True
    court = evidence_widget.court.value
    finding = data.load("court_findings").loc["cf_sherman_order"]
    assert all(s in court for s in finding["source_ids"])
    for row in data.load("antitrust_evidence").itertuples():
        assert html.escape(views.TREATMENT_WORDS[str(row.court_treatment)]) in court
    assert "You and the court: agrees." in court
    evidence_widget.choices["ev_timing_twitter_ban"].value = EXCLUDES
    assert "You and the court: differs." in evidence_widget.court.value


def test_compare_says_not_yet_judged_until_every_item_is(evidence_widget):
    evidence_widget.compare_button.value = True
    assert "not yet judged" in evidence_widget.court.value


def test_save_refuses_incomplete_work_inline(evidence_widget):
    assert evidence_widget.save() is None and "type your name" in evidence_widget.message.value
    evidence_widget.name.value = "Ana"
    assert evidence_widget.save() is None and "judge every item" in evidence_widget.message.value
    judge_all(evidence_widget, CONSISTENT)
    assert evidence_widget.save() is None and "at least 20 characters" in evidence_widget.message.value


def test_save_writes_only_the_learners_choices(evidence_widget):
    judge_all(evidence_widget, antitrust.JUDGEMENTS["neutral"])
    evidence_widget.choices["ev_person_x"].value = EXCLUDES
    evidence_widget.disputed["ev_person_x"].value = True
    evidence_widget.name.value = "Ana"
    evidence_widget.justification.value = "The declaration is disputed and proves no agreement."
    path = evidence_widget.save()
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["judgements"] == evidence_widget.judgements() and record["disputed"] == ["ev_person_x"]
    assert record["justification"] == evidence_widget.justification.value
    assert record["schema"] == antitrust.EVIDENCE_SCHEMA
    assert "Saved to" in evidence_widget.message.value


def test_save_reports_an_unwritable_folder_inline(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    widget = widgets.EvidenceWidget(folder=blocker / "sub")
    judge_all(widget, CONSISTENT)
    widget.name.value, widget.justification.value = "Ana", "Nothing here tends to exclude independence."
    assert widget.save() is None and "could not write" in widget.message.value


def test_evidence_widget_is_marked_for_the_browser_test(evidence_widget):
    box = evidence_widget.view
    assert "casekit-main" in box._dom_classes
    assert "casekit-main-control" in evidence_widget.choices[evidence_widget.items[0]]._dom_classes
    assert "casekit-main-output" in evidence_widget.reasoning._dom_classes


# --- market widget ---------------------------------------------------------------------------


def test_market_widget_offers_every_analyst_with_its_definition(market_widget):
    table = data.load("cloud_market_share")
    for analyst in antitrust.analysts(table):
        definition = table.loc[table["analyst"].astype(str) == analyst, "market_definition"].iloc[0]
        assert f"{analyst}: {definition}" in market_widget.analyst.options


@pytest.mark.parametrize("position", [0, 1, 2])
@pytest.mark.parametrize("fringe", ["many_small", "largest"])
def test_market_widget_shows_what_antitrust_market_computes(market_widget, position, fringe):
    market_widget.analyst.value = market_widget.analyst.options[position]
    market_widget.fringe.value = antitrust.FRINGE[fringe]
    shown = market_widget.market()
    expected = antitrust.market(data.load("cloud_market_share"), shown.analyst, fringe)
    assert shown == expected
    assert figures.shares_summary(expected).splitlines()[-1] in market_widget.summary.value
    assert f"HHI {expected.hhi:,.1f}" in market_widget.summary.value


def test_changing_the_analyst_changes_the_summary(market_widget):
    before = market_widget.summary.value
    market_widget.analyst.value = market_widget.analyst.options[-1]
    assert market_widget.summary.value != before


def test_leaving_out_uncertain_shares_is_said_in_words(market_widget):
    market_widget.analyst.value = next(o for o in market_widget.analyst.options if o.startswith("Synergy"))
    assert "uncertain: not verified" in market_widget.summary.value
    market_widget.uncertain.value = False
    assert "Left out as uncertain: IBM" in market_widget.summary.value


def test_market_widget_is_marked_for_the_browser_test(market_widget):
    assert "casekit-main" in market_widget.view._dom_classes
    assert "casekit-main-control" in market_widget.analyst._dom_classes
    assert "casekit-main-output" in market_widget.summary._dom_classes


# --- figures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def markets():
    table = data.load("cloud_market_share")
    return [antitrust.market(table, a, f) for a in antitrust.analysts(table) for f in antitrust.FRINGE]


def test_shares_figure_labels_every_bar_in_words_and_marks_uncertain_with_a_pattern(markets):
    for market in markets:
        bars = figures.shares_figure_json(market)["data"][0]
        assert bars["y"][:-1] == list(market.shares) and bars["x"][-1] == market.remainder
        for provider, text, shape in zip(bars["y"], bars["text"], bars["marker"]["pattern"]["shape"]):
            uncertain = market.confidence.get(provider) == "uncertain"
            assert ("UNCERTAIN" in text) == uncertain and (shape == "/") == uncertain
        assert "many tiny firms" in bars["text"][-1] or "no larger than the smallest named" in bars["text"][-1]
        title = figures.shares_figure_json(market)["layout"]["title"]["text"]
        assert market.labels["2010"] in title and market.labels["2023"] in title


def test_shares_figure_validates_as_plotly(markets):
    figure = figures.shares_figure(markets[0])
    assert figure.data[0].type == "bar"


def test_concentration_figure_draws_each_range_and_the_thresholds_from_the_dataset(markets):
    figure = figures.concentration_figure(markets[::2])
    assert [list(t.x) for t in figure.data] == [list(m.bounds) for m in markets[::2]]
    lines = sorted(shape.x0 for shape in figure.layout.shapes)
    expected = sorted(b.lower for g in antitrust.GUIDELINES for b in antitrust.bands(g) if b.lower > 0)
    assert lines == expected
    dashes = {shape.line.dash for shape in figure.layout.shapes}
    assert len(dashes) == 2  # the two guidelines differ by line style, not colour alone


def test_concentration_summary_gives_both_ends_and_both_labels(markets):
    text = figures.concentration_summary(markets[::2])
    for market in markets[::2]:
        low, high = market.bounds
        assert f"{low:,.1f}" in text and f"{high:,.1f}" in text
        assert antitrust.concentration(high, "2023") in text
