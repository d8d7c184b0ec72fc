"""casekit.widgets: thin views whose outputs follow the pure functions they show."""

import html
import json

import pytest
import traitlets

from casekit import data
from casekit.topics.case import widgets as case_widgets
from casekit.topics.relief import reasoning as relief
from casekit.topics.relief import widgets as relief_widgets
from casekit.ui import controls
from casekit.ui.theme import PLOTLY_MIME


@pytest.fixture()
def weighing(tmp_path):
    return relief_widgets.WeighingWidget(folder=tmp_path / "saved")


def arguments_on(factor):
    return data.load("arguments").query("factor_id == @factor")


def test_timeline_explorer_filters_and_updates_the_text_summary():
    box = case_widgets.timeline_explorer()
    actor = next(c for c in box.children[0].children if c.label == "Actor")
    summary = box.children[-1]
    before = summary.value
    actor.value = "Court"
    court_rows = data.load("timeline").query("actor == 'Court'")
    assert summary.value != before and f"{len(court_rows)} events" in summary.value
    assert "casekit-main" in box._dom_classes and "casekit-main-control" in actor._dom_classes
    with pytest.raises(traitlets.TraitError, match="not an option"):
        actor.value = "Nobody"


@pytest.mark.parametrize("control", [controls.Select, controls.RatingSlider, controls.ChoiceList])
def test_every_keyboard_control_keeps_jupyter_shortcuts_out(control):
    # Lumino ignores its shortcuts for key events from inside an element with this attribute
    assert "el.setAttribute('data-lm-suppress-shortcuts', 'true')" in control._esm


def test_sliders_announce_the_kits_scale_and_words_and_refuse_other_values(weighing):
    slider = weighing.sliders["irreparable_harm"]
    assert [s["value"] for s in slider.steps] == list(relief.SCALE)
    assert [s["text"] for s in slider.steps] == [
        f"{name} ({relief.signed(v)})" for name, v in relief_widgets.SLIDER_OPTIONS
    ]
    assert slider.steps[0]["text"] == "strongly AWS (\u22122)"
    assert all(s["words"] == relief.describe("irreparable_harm", s["value"]) for s in slider.steps)
    assert slider.label == data.load("relief_factors").loc["irreparable_harm", "label"]
    with pytest.raises(traitlets.TraitError, match="not one of"):
        slider.value = 3


def test_moving_a_slider_recomputes_the_outcome_beside_the_sliders_and_the_reasoning(weighing):
    for factor in relief.FACTORS:
        weighing.sliders[factor].value = 2
    assert "would be granted" in weighing.reasoning.value
    assert "Relief: <b>GRANTED</b>" in weighing.outcome_panel.html
    weighing.sliders["irreparable_harm"].value = 0
    assert "would be denied" in weighing.reasoning.value
    assert "Decided by: Likely irreparable harm" in weighing.reasoning.value
    panel = weighing.outcome_panel.html
    assert "Relief: <b>DENIED</b>" in panel and "Winter: <b>not met</b>" in panel
    assert "Likely irreparable harm" in panel


def test_reasoning_lists_no_argument_until_the_learner_chooses_one(weighing):
    weighing.sliders["success_contract"].value = -2
    reasoning = weighing.reasoning.value
    for label in data.load("relief_factors")["label"]:
        assert html.escape(label) in reasoning
    assert reasoning.count("No arguments chosen") == len(relief.FACTORS)
    for argument in data.load("arguments")["argument"]:
        assert html.escape(argument) not in reasoning


def test_reasoning_shows_exactly_the_chosen_arguments_with_sources_and_the_learners_words(weighing):
    rows = arguments_on("success_contract")
    chosen, other = rows.iloc[-1], rows.iloc[0]
    weighing.choosers["success_contract"].value = [chosen.name]
    weighing.choosers["success_contract"].words = "The <cure> clause matters."
    reasoning = weighing.reasoning.value
    assert html.escape(chosen["argument"]) in reasoning and html.escape(other["argument"]) not in reasoning
    assert all(source in reasoning for source in chosen["source_ids"])
    assert "The &lt;cure&gt; clause matters." in reasoning
    assert reasoning.count("No arguments chosen") == len(relief.FACTORS) - 1


def test_choosers_offer_both_sides_arguments_with_sources_and_confidence(weighing):
    for factor in relief.FACTORS:
        options = weighing.choosers[factor].options
        rows = arguments_on(factor)
        assert [o["value"] for o in options] == [*rows[rows.side == "Parler"].index, *rows[rows.side == "AWS"].index]
        for option in options:
            row = rows.loc[option["value"]]
            assert option["text"] == row["argument"] and option["group"] == f"{row['side']} argued"
            assert all(s in option["detail"] for s in row["source_ids"])
            assert f"Confidence: {row['confidence']}" in option["detail"]


def test_the_merits_rule_is_stated_once_not_on_each_claim_row(weighing):
    reasoning = weighing.reasoning.value
    shared, _ = relief.shared_rule(list(data.load("relief_factors").loc[list(relief.CLAIM_FACTORS), "rule"]))
    assert shared and reasoning.count(html.escape(shared)) == 1
    assert f"rowspan='{len(relief.CLAIM_FACTORS)}'" in reasoning


def test_the_widgets_figure_has_no_modebar(weighing):
    weighing.sliders["public_interest"].value = 1
    (shown,) = weighing.figure_area.outputs  # the figure is the Output widget's state (ui.controls.show_figure)
    bundle = shown["data"][PLOTLY_MIME]
    assert bundle["data"] and bundle["layout"]["title"]["text"].startswith("Your weighing")
    assert bundle["config"]["displayModeBar"] is False and bundle["config"]["displaylogo"] is False


REASON = "The record points this way on this factor."


def shown_court(weighing) -> str:
    return weighing.court.value + weighing.reasoning.value + "".join(r.html for r in weighing.reveals.values())


def test_each_factors_findings_open_only_after_its_rating_and_reason_are_saved(weighing):
    findings = data.load("court_findings")
    summaries = {f: [html.escape(s) for s in findings.loc[findings.factor_id == f, "summary"]] for f in relief.FACTORS}
    assert not any(s in shown_court(weighing) for ss in summaries.values() for s in ss)
    reveal = weighing.reveals["balance_of_equities"]
    assert reveal.item == "Balance of equities" or reveal.item == weighing.labels["balance_of_equities"]
    reveal.reason = "short one"
    assert not reveal.commit() and reveal.html == "" and "too short" in reveal.status
    weighing.sliders["balance_of_equities"].value = 1
    reveal.reason = REASON
    assert reveal.commit() and reveal.expanded
    assert all(s in reveal.html for s in summaries["balance_of_equities"])
    assert not any(s in shown_court(weighing) for f, ss in summaries.items() if f != "balance_of_equities" for s in ss)
    assert "Your first rating and the court: differs." in reveal.html
    weighing.sliders["balance_of_equities"].value = -2  # revised after the reveal; the first rating is kept
    assert weighing.commitments.first == {"balance_of_equities": 1} and "You have since moved it to" in reveal.html
    assert "1 of 6 saved" in weighing.court.value


def test_the_table_of_all_six_opens_once_every_factor_is_saved_and_flags_uncertainty(weighing):
    for reveal in weighing.reveals.values():
        reveal.reason = REASON
        assert reveal.commit()
    court = weighing.court.value
    assert court.startswith("<details") and "<details open" not in court
    findings = data.load("court_findings")
    assert all(source in court for ids in findings["source_ids"] for source in ids)
    assert "record uncertain" in court  # irreparable harm: no clear finding in the record
    assert "Uncertain: treat this with care" in court


def test_every_reason_box_and_disclosure_names_its_factor(weighing):
    items = [r.item for r in weighing.reveals.values()]
    assert items == [weighing.labels[f] for f in relief.FACTORS] and len(set(items)) == len(items)


def test_save_refuses_empty_name_or_short_justification_inline(weighing):
    assert weighing.save() is None and "type your name" in weighing.message.value
    weighing.name.value = "Ana"
    assert weighing.save() is None and "at least 20 characters" in weighing.message.value


def test_save_writes_a_valid_record_with_the_learners_choices_and_words(weighing):
    weighing.name.value = "Ana / Section 2"
    weighing.justification.value = "AWS's contract gave it an immediate termination right."
    weighing.sliders["balance_of_equities"].value = -2
    picked = list(arguments_on("balance_of_equities").index[:2])
    weighing.choosers["balance_of_equities"].value = picked[::-1]
    weighing.choosers["public_interest"].words = "  Safety first.  "
    weighing.reveals["balance_of_equities"].reason = REASON
    assert weighing.reveals["balance_of_equities"].commit()
    weighing.sliders["balance_of_equities"].value = -1  # revised after the reveal
    weighing.share.value = True
    path = weighing.save()
    record = json.loads(path.read_text())
    assert relief.validate_record(record, str(path), weighing.argument_records) == record
    assert record["learner"] == "Ana / Section 2" and record["assessments"]["balance_of_equities"] == -1
    assert record["pre_reveal"] == {"balance_of_equities": -2} and record["reasons"] == {"balance_of_equities": REASON}
    assert record["share_reasons"] is True
    assert record["choices"]["balance_of_equities"] == {"arguments": picked, "words": ""}
    assert list(record)[-1] == "outcome" and relief.weigh(record["assessments"]).granted == record["outcome"]["granted"]
    assert record["choices"]["public_interest"] == {"arguments": [], "words": "Safety first."}
    assert path.parent == weighing.folder and "/" not in path.name.replace(".json", "")
    assert "Saved to" in weighing.message.value


def test_save_handler_stamps_the_record_says_what_it_wrote_and_reports_a_failing_extra_inline(tmp_path):
    import ipywidgets as w

    from casekit import __version__
    from casekit.ui.saving import save_learner_record

    message, stamps = w.HTML(), []

    def make_record(**stamp):
        stamps.append(stamp)
        return {"learner": "Ana", **stamp}

    def beside(record, path):
        path.with_suffix(".md").write_text(record["learner"], encoding="utf-8")
        return " and a <Markdown> copy"

    path = save_learner_record(message, tmp_path, relief.AssessmentError, make_record, then=beside)
    assert json.loads(path.read_text(encoding="utf-8")) == {"learner": "Ana", **stamps[0]}
    assert stamps[0]["kit_version"] == __version__ and stamps[0]["saved_at"].endswith("+00:00")
    assert path.with_suffix(".md").read_text(encoding="utf-8") == "Ana"
    assert "role='status'" in message.value and "and a &lt;Markdown&gt; copy" in message.value

    def unwritable(record, path):
        raise PermissionError(13, "Permission denied")

    assert save_learner_record(message, tmp_path, relief.AssessmentError, make_record, then=unwritable) is None
    assert "role='alert'" in message.value and "could not write the file (Permission denied)" in message.value


def test_save_reports_an_unwritable_folder_inline(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    widget = relief_widgets.WeighingWidget(folder=blocker / "sub")
    widget.name.value, widget.justification.value = "Ana", "a justification long enough"
    assert widget.save() is None and "could not write the file" in widget.message.value


@pytest.mark.parametrize(
    "record, message",
    [
        ([], "not a JSON object"),
        ({"schema": "other"}, "schema is 'other'"),
        (
            {"schema": relief.RECORD_SCHEMA, "learner": "", "saved_at": "x", "kit_version": "1", "justification": "y"},
            "'learner' missing",
        ),
    ],
)
def test_validate_record_names_the_problem(record, message):
    with pytest.raises(relief.AssessmentError, match=message):
        relief.validate_record(record, "class/ana.json")
