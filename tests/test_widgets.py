"""casekit.widgets: thin views whose outputs follow the pure functions they show."""

import json

import pytest

from casekit import data, relief, widgets


@pytest.fixture()
def weighing(tmp_path):
    return widgets.WeighingWidget(folder=tmp_path / "saved")


def test_timeline_explorer_filters_and_updates_the_text_summary():
    box = widgets.timeline_explorer()
    actor = next(c for c in box.children[0].children if c.description == "Actor")
    summary = box.children[-1]
    before = summary.value
    actor.value = "Court"
    court_rows = data.load("timeline").query("actor == 'Court'")
    assert summary.value != before and f"{len(court_rows)} events" in summary.value
    assert "casekit-main" in box._dom_classes and "casekit-main-control" in actor._dom_classes


def test_moving_a_slider_recomputes_the_reasoning(weighing):
    for factor in relief.FACTORS:
        weighing.sliders[factor].value = 2
    assert "would be granted" in weighing.reasoning.value
    weighing.sliders["irreparable_harm"].value = 0
    assert "would be denied" in weighing.reasoning.value
    assert "Decided by: Likely irreparable harm" in weighing.reasoning.value


def test_reasoning_shows_rule_assessment_and_evidence_for_every_factor(weighing):
    factors = data.load("relief_factors")
    weighing.sliders["success_contract"].value = -2
    for label in factors["label"]:
        assert label in weighing.reasoning.value
    aws_contract = data.load("arguments").query("factor_id == 'success_contract' and side == 'AWS'")
    assert aws_contract.iloc[0]["argument"].split()[0] in weighing.reasoning.value


def test_compare_with_the_court_reveals_findings_with_sources_and_flags_uncertainty(weighing):
    assert weighing.court.value == ""
    weighing.compare_button.value = True
    html = weighing.court.value
    findings = data.load("court_findings")
    assert all(source in html for ids in findings["source_ids"] for source in ids)
    assert "record uncertain" in html  # irreparable harm: no clear finding in the record
    assert "Uncertain: treat this with care" in html


def test_save_refuses_empty_name_or_short_justification_inline(weighing):
    assert weighing.save() is None and "type your name" in weighing.message.value
    weighing.name.value = "Ana"
    assert weighing.save() is None and "at least 20 characters" in weighing.message.value


def test_save_writes_a_valid_record(weighing):
    weighing.name.value = "Ana / Section 2"
    weighing.justification.value = "AWS's contract gave it an immediate termination right."
    weighing.sliders["balance_of_equities"].value = -2
    path = weighing.save()
    record = json.loads(path.read_text())
    assert relief.validate_record(record, str(path)) is record
    assert record["learner"] == "Ana / Section 2" and record["assessments"]["balance_of_equities"] == -2
    assert path.parent == weighing.folder and "/" not in path.name.replace(".json", "")
    assert "Saved to" in weighing.message.value


def test_save_reports_an_unwritable_folder_inline(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    widget = widgets.WeighingWidget(folder=blocker / "sub")
    widget.name.value, widget.justification.value = "Ana", "a justification long enough"
    assert widget.save() is None and "could not write the file" in widget.message.value


@pytest.mark.parametrize(
    "record, message",
    [
        ([], "not a JSON object"),
        ({"schema": "other"}, "schema is 'other'"),
        ({"schema": relief.RECORD_SCHEMA, "learner": "", "saved_at": "x", "kit_version": "1", "justification": "y"}, "'learner' missing"),
    ],
)
def test_validate_record_names_the_problem(record, message):
    with pytest.raises(relief.AssessmentError, match=message):
        relief.validate_record(record, "class/ana.json")
