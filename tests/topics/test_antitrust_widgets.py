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
OVERALL_EXCLUDES = antitrust.OVERALL["excludes"]
OVERALL_NOT = antitrust.OVERALL["does_not_exclude"]
CREDITED = views.STATUS_WORDS["finding"]


@pytest.fixture()
def evidence_widget(tmp_path):
    return widgets.EvidenceWidget(folder=tmp_path / "saved")


@pytest.fixture()
def market_widget():
    return widgets.MarketWidget()


REASON = "The record gives it another plain explanation."


def judge_all(widget, words):
    for chooser in widget.choices.values():
        chooser.value = words


def commit_all(widget):
    for reveal in widget.reveals.values():
        reveal.reason = REASON
        assert reveal.commit(), reveal.status


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


def _shown(widget) -> str:
    """Every piece of HTML the evidence widget holds (item headers, reasoning, court panel, reveals)."""
    return "".join(
        [
            *(h.value for h in widget.headers.values()),
            widget.reasoning.value,
            widget.court.value,
            *(r.html for r in widget.reveals.values()),
        ]
    )


def test_parlers_assertions_are_called_assertions_once_revealed(evidence_widget):
    table = data.load("antitrust_evidence")
    for row in table[table["status"].astype(str) == "assertion"].itertuples():
        assert f"{row.offered_by}'s assertion (not a finding)" == views.status_words(row)
    item = "ev_person_x"
    assert html.escape("Parler's assertion (not a finding)") not in evidence_widget.headers[item].value
    evidence_widget.choices[item].value = CONSISTENT
    evidence_widget.reveals[item].reason = REASON
    assert evidence_widget.reveals[item].commit()
    assert html.escape("Parler's assertion (not a finding)") in evidence_widget.headers[item].value
    assert html.escape("Parler's assertion (not a finding)") in evidence_widget.reasoning.value


def test_what_the_court_credited_is_not_shown_before_the_learner_judges_the_item(evidence_widget):
    """Issue 25: the status `finding` says the court credited the item, so it waits for that item's reveal; an
    assertion reads alike until then, so that the missing word does not give the court away either."""
    table = data.load("antitrust_evidence")
    findings = list(table.index[table["status"].astype(str) == "finding"])
    assertions = list(table.index[table["status"].astype(str) == "assertion"])
    assert findings and assertions
    assert html.escape(CREDITED) not in _shown(evidence_widget)
    assert "(not a finding)" not in _shown(evidence_widget)
    for item in findings + assertions:
        words = views.status_words(next(table.loc[[item]].itertuples()), revealed=False)
        assert words == views.UNREVEALED_WORDS.format(who=table.loc[item, "offered_by"])
        assert html.escape(words) in evidence_widget.headers[item].value
    item = findings[0]
    evidence_widget.choices[item].value = CONSISTENT
    evidence_widget.reveals[item].reason = REASON
    assert evidence_widget.reveals[item].commit()
    assert html.escape(CREDITED) in evidence_widget.headers[item].value
    assert html.escape(CREDITED) in evidence_widget.reveals[item].html
    assert evidence_widget.reasoning.value.count(html.escape(CREDITED)) == 1  # this item's row only
    assert all(html.escape(CREDITED) not in evidence_widget.headers[i].value for i in findings[1:])


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
    outcome = evidence_widget.outcome_panel.html
    assert outcome.startswith(f"Partial tally, no conclusion yet: 3 of {len(evidence_widget.items)} judged.")
    assert "On your judgements" not in outcome and "does not tend" not in outcome
    assert "0 of 11 saved" in evidence_widget.court.value and "does not show" not in evidence_widget.court.value
    assert "On your judgements" not in evidence_widget.reasoning.value


@pytest.mark.parametrize("words", [CONSISTENT, EXCLUDES])
@pytest.mark.parametrize("overall", [OVERALL_NOT, OVERALL_EXCLUDES])
def test_the_conclusion_is_the_learners_overall_judgement_said_once(evidence_widget, words, overall):
    judge_all(evidence_widget, words)
    commit_all(evidence_widget)
    # issue 26: every item judged, and still no conclusion until the learner gives one
    assert evidence_widget.outcome_panel.html.startswith("Your overall judgement: not yet given.")
    assert "the record tends" not in evidence_widget.court.value and "not yet given" in evidence_widget.court.value
    evidence_widget.overall.value = overall
    conclusion = evidence_widget.weighing().explanation.splitlines()[-1]
    assert conclusion.startswith(f"Your overall judgement: the record as a whole {overall}.")
    assert evidence_widget.outcome_panel.html == html.escape(conclusion)
    shown = evidence_widget.outcome_panel.html + evidence_widget.reasoning.value
    assert shown.count("Your overall judgement:") == 1
    assert html.escape(antitrust.MONSANTO_QUESTION) in evidence_widget.reasoning.value
    # the comparison panel says the same as the outcome panel
    assert f"the record {overall}." in evidence_widget.court.value


def test_marking_the_plus_factor_disputed_is_laid_out_and_decides_nothing(evidence_widget):
    judge_all(evidence_widget, CONSISTENT)
    evidence_widget.choices["ev_aws_twitter_deal"].value = EXCLUDES
    assert evidence_widget.weighing().excludes_independent_action is None
    assert "yes, not disputed" in evidence_widget.reasoning.value
    evidence_widget.disputed["ev_aws_twitter_deal"].value = True
    assert "yes, but disputed" in evidence_widget.reasoning.value
    assert evidence_widget.weighing().excludes_independent_action is None
    evidence_widget.overall.value = OVERALL_EXCLUDES
    assert evidence_widget.weighing().excludes_independent_action is True
    assert "You judged no item" not in evidence_widget.outcome_panel.html  # it was judged; only disputed


def test_each_items_treatment_stays_hidden_until_its_judgement_and_reason_are_saved(evidence_widget):
    rows = {row.id: row for row in data.load("antitrust_evidence").itertuples()}
    item = "ev_aws_twitter_deal"
    reveal = evidence_widget.reveals[item]
    note = html.escape(rows[item].court_note)
    everything = lambda: "".join(  # noqa: E731
        [
            evidence_widget.court.value,
            evidence_widget.reasoning.value,
            *(r.html for r in evidence_widget.reveals.values()),
        ]
    )
    assert reveal.html == "" and not reveal.committed and note not in everything()
    reveal.reason = REASON
    assert not reveal.commit() and "choose your judgement" in reveal.status and reveal.html == ""
    evidence_widget.choices[item].value = EXCLUDES
    reveal.reason = "Too short."
    assert not reveal.commit() and reveal.html == ""
    reveal.reason = REASON
    assert reveal.commit() and reveal.expanded and note in reveal.html
    assert html.escape(views.TREATMENT_WORDS[str(rows[item].court_treatment)]) in reveal.html
    assert all(r.html == "" for i, r in evidence_widget.reveals.items() if i != item)  # only this item opens
    evidence_widget.choices[item].value = CONSISTENT  # revised after the reveal: the first judgement is kept
    assert evidence_widget.commitments.first == {item: "excludes"} and "You have since changed it to" in reveal.html


def test_the_courts_overall_assessment_opens_once_every_item_is_saved_and_judged_as_a_whole(evidence_widget):
    judge_all(evidence_widget, CONSISTENT)
    finding = data.load("court_findings").loc["cf_sherman_order"]
    assert not any(s in evidence_widget.court.value for s in finding["source_ids"])
    commit_all(evidence_widget)
    assert not any(s in evidence_widget.court.value for s in finding["source_ids"])
    evidence_widget.overall.value = OVERALL_NOT
    court = evidence_widget.court.value
    assert court.startswith("<details") and "<details open" not in court
    assert all(s in court for s in finding["source_ids"])
    for row in data.load("antitrust_evidence").itertuples():
        assert html.escape(views.TREATMENT_WORDS[str(row.court_treatment)]) in court
    assert "You and the court: agrees." in court
    evidence_widget.choices["ev_timing_twitter_ban"].value = EXCLUDES  # an item alone changes nothing
    assert "You and the court: agrees." in evidence_widget.court.value
    evidence_widget.overall.value = OVERALL_EXCLUDES
    assert "You and the court: differs." in evidence_widget.court.value


def test_every_control_names_its_item(evidence_widget):
    names = [r.item for r in evidence_widget.reveals.values()]
    assert names == [evidence_widget.labels[i] for i in evidence_widget.items] and len(set(names)) == len(names)
    assert evidence_widget.reveals[evidence_widget.items[0]].show_label == "Show the court's treatment of:"


def test_save_refuses_incomplete_work_inline(evidence_widget):
    assert evidence_widget.save() is None and "type your name" in evidence_widget.message.value
    evidence_widget.name.value = "Ana"
    assert evidence_widget.save() is None and "judge every item" in evidence_widget.message.value
    judge_all(evidence_widget, CONSISTENT)
    assert evidence_widget.save() is None and "give your overall judgement" in evidence_widget.message.value
    evidence_widget.overall.value = OVERALL_NOT
    assert evidence_widget.save() is None and "at least 20 characters" in evidence_widget.message.value


def test_save_writes_only_the_learners_choices(evidence_widget):
    judge_all(evidence_widget, antitrust.JUDGEMENTS["neutral"])
    evidence_widget.choices["ev_person_x"].value = EXCLUDES
    evidence_widget.disputed["ev_person_x"].value = True
    evidence_widget.overall.value = OVERALL_NOT
    evidence_widget.name.value = "Ana"
    evidence_widget.justification.value = "The declaration is disputed and proves no agreement."
    evidence_widget.reveals["ev_person_x"].reason = REASON
    assert evidence_widget.reveals["ev_person_x"].commit()
    evidence_widget.choices["ev_person_x"].value = CONSISTENT  # changed after the reveal
    path = evidence_widget.save()
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["judgements"] == evidence_widget.judgements() and record["disputed"] == ["ev_person_x"]
    assert record["judgements"]["ev_person_x"] == "consistent" and record["pre_reveal"] == {"ev_person_x": "excludes"}
    assert record["reasons"] == {"ev_person_x": REASON} and record["share_reasons"] is False
    assert antitrust.validate_evidence_record(record, "f", evidence_widget.items) is record
    assert record["justification"] == evidence_widget.justification.value
    assert record["schema"] == antitrust.EVIDENCE_SCHEMA
    assert record["outcome"]["excludes_independent_action"] is False  # the learner's overall judgement
    assert "Saved to" in evidence_widget.message.value


def test_save_reports_an_unwritable_folder_inline(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    widget = widgets.EvidenceWidget(folder=blocker / "sub")
    judge_all(widget, CONSISTENT)
    widget.overall.value = OVERALL_NOT
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
