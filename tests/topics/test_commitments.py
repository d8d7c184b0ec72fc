"""Commit, then compare (casekit.topics.commitments) and the saved records' optional fields: pre_reveal, reasons,
share_reasons. Old records, written before the fields existed, still load."""

from __future__ import annotations

import copy

import pytest

from casekit.topics import commitments as commit
from casekit.topics.antitrust import reasoning as antitrust
from casekit.topics.contract import reasoning as contract
from casekit.topics.relief import reasoning as relief

REASON = "The record points this way on the factor."
STAMP = {"saved_at": "2026-03-04T10:00:00+00:00", "kit_version": "0.1.0"}
RATINGS = {f: -1 for f in relief.FACTORS}


@pytest.mark.parametrize(
    "text, problem",
    [
        ("", "write your reason first"),
        ("   ", "write your reason first"),
        ("Because it is so.", "too short"),  # 4 words, 17 characters
        ("Incontrovertiblyunpersuasive", "too short"),  # 28 characters, one word
        ("x " * 1001, "longer than"),
    ],
)
def test_a_reason_must_be_at_least_one_sentence(text, problem):
    assert problem in commit.reason_problem(text)


@pytest.mark.parametrize("text", [REASON, "  Harm could be paid for later.  ", "Ärger: die Klausel gilt sofort."])
def test_one_sentence_of_four_words_and_twenty_characters_is_enough(text):
    assert commit.reason_problem(text) is None


def test_the_first_judgement_is_kept_and_the_reason_may_be_rewritten():
    c = commit.Commitments()
    with pytest.raises(commit.CommitError, match="choose your judgement"):
        c.commit("a", None, REASON)
    with pytest.raises(commit.CommitError, match="too short"):
        c.commit("a", 1, "no")
    assert not c.committed("a") and c.first == {}
    assert c.commit("a", 1, f"  {REASON}  ") is True
    assert c.commit("a", -2, "A later reason, written after the reveal.") is False
    assert c.first == {"a": 1} and c.reasons["a"].startswith("A later reason")
    assert not c.all_committed(["a", "b"]) and c.all_committed(["a"])
    c.commit("b", 0, REASON)
    assert c.fields(["b", "a", "z"], share_reasons=False) == {
        "pre_reveal": {"b": 0, "a": 1},
        "reasons": {"b": REASON, "a": "A later reason, written after the reveal."},
        "share_reasons": False,
    }


def _weighing_record(**extra) -> dict:
    return relief.reasoning_record("Ana", RATINGS, "A justification of twenty characters.", **STAMP, **extra)


def test_an_old_reasoning_record_without_the_new_fields_still_loads():
    old = _weighing_record()
    assert "pre_reveal" not in old and relief.validate_record(copy.deepcopy(old), "old.json") == old
    assert relief.pre_reveal_assessments(old) == {}


def test_a_reasoning_record_keeps_the_pre_reveal_rating_beside_the_final_one():
    c = commit.Commitments()
    c.commit("public_interest", 1, REASON)  # before the reveal
    final = {**RATINGS, "public_interest": -2}  # after it
    record = relief.reasoning_record(
        "Ana", final, "A justification of twenty characters.", **STAMP, commitments=c.fields(relief.FACTORS, True)
    )
    assert record["assessments"]["public_interest"] == -2 and record["pre_reveal"] == {"public_interest": 1}
    assert record["reasons"] == {"public_interest": REASON} and record["share_reasons"] is True
    assert list(record)[-1] == "outcome"
    assert relief.validate_record(record, "new.json") is record
    assert relief.pre_reveal_assessments(record) == {"public_interest": 1}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"pre_reveal": {"public_interest": 3}}, "pre_reveal: public_interest"),
        ({"pre_reveal": {"no_such_factor": 1}}, "unknown item"),
        ({"pre_reveal": [1]}, "must be an object"),
        ({"reasons": {"public_interest": 5}}, "reasons: public_interest"),
        ({"share_reasons": "yes"}, "true or false"),
    ],
)
def test_a_malformed_commitment_field_is_refused_naming_the_file(change, message):
    record = {**_weighing_record(), **change}
    with pytest.raises(relief.AssessmentError, match=message) as caught:
        relief.validate_record(record, "learner.json")
    assert str(caught.value).startswith("learner.json")


def test_readings_records_old_and_new():
    choices = {contract.Q_LABEL: "aws", contract.Q_END_USER: "aws", contract.Q_CURE: None}
    old = contract.readings_record("Ana", choices, "A justification of twenty characters.", **STAMP)
    assert contract.validate_readings_record(old, "old.json") is old
    new = contract.readings_record(
        "Ana",
        choices,
        "A justification of twenty characters.",
        **STAMP,
        commitments={"pre_reveal": {contract.Q_LABEL: "parler"}, "reasons": {}, "share_reasons": False},
    )
    assert new["choices"][contract.Q_LABEL] == "aws" and new["pre_reveal"] == {contract.Q_LABEL: "parler"}
    with pytest.raises(contract.ContractError, match="x.json: pre_reveal"):
        contract.validate_readings_record({**new, "pre_reveal": {contract.Q_LABEL: "maybe"}}, "x.json")


def test_evidence_records_old_and_new():
    items = ["a", "b"]
    weighing = antitrust.weigh_evidence({"a": "neutral", "b": "consistent"}, items=items)
    old = antitrust.evidence_record("Ana", weighing, "A justification of twenty characters.", **STAMP)
    assert antitrust.validate_evidence_record(old, "old.json", items) is old
    new = antitrust.evidence_record(
        "Ana",
        weighing,
        "A justification of twenty characters.",
        **STAMP,
        commitments={"pre_reveal": {"a": "excludes"}, "reasons": {"a": REASON}, "share_reasons": False},
    )
    assert new["judgements"]["a"] == "neutral" and new["pre_reveal"] == {"a": "excludes"}
    with pytest.raises(antitrust.AntitrustError, match="exactly the kit's 3 evidence items"):
        antitrust.validate_evidence_record(new, "x.json", ["a", "b", "c"])
    with pytest.raises(antitrust.AntitrustError, match="x.json: pre_reveal: a"):
        antitrust.validate_evidence_record({**new, "pre_reveal": {"a": "maybe"}}, "x.json", items)


def test_reasons_reach_the_class_only_when_shared():
    record = {"reasons": {"a": REASON, "b": "  "}, "share_reasons": False}
    assert commit.shared_reasons(record) == {} and commit.shared_reasons({"reasons": {"a": REASON}}) == {}
    assert commit.shared_reasons({**record, "share_reasons": True}) == {"a": REASON}
