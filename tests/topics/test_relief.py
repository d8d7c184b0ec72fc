"""casekit.topics.relief.reasoning: the Winter test and the Ninth Circuit sliding scale, over every profile."""

import itertools

import pytest

from casekit.topics.relief import reasoning as relief
from casekit.topics.relief.reasoning import CLAIM_FACTORS, FACTORS, SCALE, AssessmentError, weigh

# The thresholds as the cases state them: what rating each requirement needs (Winter; Cottrell).
WINTER_NEEDS = {"success": 1, "irreparable_harm": 1, "balance_of_equities": 1, "public_interest": 1}
SLIDING_NEEDS = {"success": 0, "irreparable_harm": 1, "balance_of_equities": 2, "public_interest": 1}
ALL_PROFILES = [dict(zip(FACTORS, values)) for values in itertools.product(SCALE, repeat=len(FACTORS))]


def profile(claims=(2, 2, 2), harm=2, equities=2, public=2):
    return dict(zip(FACTORS, (*claims, harm, equities, public)))


def _meets(needs, a):
    best = max(a[f] for f in CLAIM_FACTORS)
    return (
        best >= needs["success"]
        and a["irreparable_harm"] >= needs["irreparable_harm"]
        and a["balance_of_equities"] >= needs["balance_of_equities"]
        and a["public_interest"] >= needs["public_interest"]
    )


def test_every_profile_matches_the_thresholds_of_both_tests():
    assert len(ALL_PROFILES) == 5**6
    for a in ALL_PROFILES:
        outcome = weigh(a)
        assert outcome.winter.granted == _meets(WINTER_NEEDS, a), a
        assert outcome.sliding_scale.granted == _meets(SLIDING_NEEDS, a), a
        assert outcome.granted == (outcome.winter.granted or outcome.sliding_scale.granted)


@pytest.mark.parametrize("slot", list(WINTER_NEEDS))
@pytest.mark.parametrize("value", SCALE)
def test_each_requirement_flips_each_test_exactly_at_its_threshold(slot, value):
    claims = (value, -2, -2) if slot == "success" else (2, 2, 2)
    a = profile(
        claims,
        harm=value if slot == "irreparable_harm" else 2,
        equities=value if slot == "balance_of_equities" else 2,
        public=value if slot == "public_interest" else 2,
    )
    outcome = weigh(a)
    assert outcome.winter.granted == (value >= WINTER_NEEDS[slot])
    assert outcome.sliding_scale.granted == (value >= SLIDING_NEEDS[slot])
    assert outcome.winter.met[slot] == (value >= WINTER_NEEDS[slot])


def test_one_likely_claim_is_enough_and_the_best_claim_is_used():
    a = profile(claims=(-2, 1, -2), harm=1, equities=1, public=1)
    outcome = weigh(a)
    assert outcome.winter.granted and outcome.best_claim == "success_contract"


def test_serious_questions_and_sharply_tipping_hardships_win_only_on_the_sliding_scale():
    outcome = weigh(profile(claims=(0, 0, -1), harm=1, equities=2, public=1))
    assert not outcome.winter.granted and outcome.sliding_scale.granted and outcome.granted
    assert outcome.winter.failed == ("success",)


def test_possibility_of_harm_fails_both_tests_even_with_strong_merits():
    outcome = weigh(profile(claims=(2, 2, 2), harm=0, equities=2, public=2))
    assert not outcome.granted
    assert outcome.deciding == ("irreparable_harm",)


def test_the_courts_view_is_denied_under_both_tests_and_decided_by_the_merits():
    court = profile(claims=(-2, -2, -2), harm=0, equities=-2, public=-2)
    outcome = weigh(court)
    assert not outcome.winter.granted and not outcome.sliding_scale.granted
    assert outcome.winter.failed == ("success", "irreparable_harm", "balance_of_equities", "public_interest")
    assert outcome.deciding[0] == "success_sherman"
    assert "denied" in outcome.explanation


def test_denial_names_each_tests_first_failure_when_they_differ():
    outcome = weigh(profile(claims=(0, 0, 0), harm=1, equities=1, public=1))
    assert outcome.winter.failed == ("success",) and outcome.sliding_scale.failed == ("balance_of_equities",)
    assert outcome.deciding == ("success_sherman", "balance_of_equities")


def test_pivotal_factors_are_exactly_those_whose_one_step_flips_the_result():
    for a in ALL_PROFILES[::97]:
        outcome = weigh(a)
        step = -1 if outcome.granted else 1
        for factor in FACTORS:
            moved = a[factor] + step
            flips = moved in SCALE and weigh({**a, factor: moved}).granted != outcome.granted
            assert (factor in outcome.pivotal) == flips


def test_a_granted_minimal_profile_names_its_pivotal_factors():
    outcome = weigh(profile(claims=(1, -2, -2), harm=1, equities=1, public=1))
    # success 1 -> 0 loses Winter, and the sliding scale cannot rescue it with equities at 1
    assert outcome.granted and set(outcome.deciding) == {
        "success_sherman",
        "irreparable_harm",
        "balance_of_equities",
        "public_interest",
    }
    sharp = weigh(profile(claims=(1, -2, -2), harm=1, equities=2, public=1))
    assert "success_sherman" not in sharp.pivotal  # serious questions + sharp hardships still win
    assert "Closest call" in outcome.explanation


def test_labels_are_used_in_the_explanation():
    outcome = weigh(profile(harm=-1), labels={"irreparable_harm": "IRREPARABLE HARM"})
    assert "Decided by: IRREPARABLE HARM." in outcome.explanation


@pytest.mark.parametrize(
    "bad, message",
    [
        ({}, "not yet weighed: success_sherman"),
        ({**profile(), "irreparable_harm": 3}, "irreparable_harm: 3 is not on the scale"),
        ({**profile(), "public_interest": "2"}, "public_interest: '2' is not on the scale"),
        ({**profile(), "public_interest": True}, "public_interest: True is not on the scale"),
        ({**profile(), "vibes": 1}, "unknown factor(s): vibes"),
    ],
)
def test_bad_assessments_name_the_factor(bad, message):
    with pytest.raises(AssessmentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        weigh(bad)


def test_every_level_has_words():
    for factor in FACTORS:
        for value in SCALE:
            assert relief.describe(factor, value)


def test_tied_claims_are_all_named_when_the_merits_decide():
    outcome = weigh(
        profile(claims=(-1, -1, -1), harm=2, equities=2, public=2),
        labels={
            "success_sherman": "S",
            "success_contract": "C",
            "success_tortious": "T",
        },
    )
    assert "Decided by: S / C / T." in outcome.explanation


def test_court_findings_read_as_ratings():
    findings = {f: "for_aws" for f in FACTORS} | {"irreparable_harm": "unclear"}
    ratings = relief.court_assessments(findings)
    assert ratings == {f: -2 for f in FACTORS} | {"irreparable_harm": 0}
    assert not weigh(ratings).granted
    with pytest.raises(AssessmentError, match="unknown court finding"):
        relief.court_assessments({"public_interest": "maybe"})


def test_compare_with_court_verdicts():
    findings = {f: "for_aws" for f in FACTORS} | {"irreparable_harm": "unclear"}
    rows = {c.factor: c.verdict for c in relief.compare_with_court(profile(claims=(-1, 0, 1)), findings)}
    assert rows == {
        "success_sherman": "agrees",
        "success_contract": "you were balanced",
        "success_tortious": "differs",
        "irreparable_harm": "record uncertain",
        "balance_of_equities": "differs",
        "public_interest": "differs",
    }


def test_an_unclear_finding_is_described_as_uncertain_never_as_possible_harm():
    findings = {f: "for_aws" for f in FACTORS} | {"irreparable_harm": "unclear"}
    assert relief.unsettled(findings) == ("irreparable_harm",)
    assert relief.describe_court("irreparable_harm", "unclear").startswith("record uncertain")
    assert relief.describe_court("public_interest", "for_aws") == relief.describe("public_interest", -2)


# --- the learner's own reasons ------------------------------------------------------------------

ARGS = {
    "p1": {
        "factor_id": "irreparable_harm",
        "side": "Parler",
        "argument": "Going dark kills the network.",
        "source_ids": ("s1",),
        "confidence": "reported",
    },
    "a1": {
        "factor_id": "irreparable_harm",
        "side": "AWS",
        "argument": "Money can repair it.",
        "source_ids": ("s2", "s3"),
        "confidence": "primary",
    },
    "c1": {
        "factor_id": "success_contract",
        "side": "AWS",
        "argument": "Clause 7.2(b)(ii) allowed it.",
        "source_ids": ("s4",),
        "confidence": "reported",
    },
}


def test_check_choices_fills_every_factor_and_orders_ids_as_the_dataset():
    clean = relief.check_choices({"irreparable_harm": {"arguments": ["a1", "p1"], "words": "  mine  "}}, ARGS)
    assert list(clean) == list(FACTORS)
    assert clean["irreparable_harm"] == {"arguments": ["p1", "a1"], "words": "mine"}
    assert all(clean[f] == {"arguments": [], "words": ""} for f in FACTORS if f != "irreparable_harm")
    assert relief.check_choices(None) == relief.check_choices({})


@pytest.mark.parametrize(
    "choices, message",
    [
        ({"vibes": {}}, "unknown factor(s): vibes"),
        ({"irreparable_harm": {"arguments": ["c1"]}}, "irreparable_harm: not an argument on this factor: c1"),
        ({"irreparable_harm": {"arguments": ["nope"]}}, "not an argument on this factor: nope"),
        ({"irreparable_harm": {"arguments": ["p1", "p1"]}}, "chosen twice"),
        ({"irreparable_harm": {"arguments": "p1"}}, "must be a list of argument ids"),
        ({"irreparable_harm": {"words": 3}}, "'words' must be text"),
        ({"irreparable_harm": {"words": "x" * (relief.MAX_WORDS_CHARS + 1)}}, "longer than"),
        ({"irreparable_harm": ["p1"]}, "not an object"),
        (["p1"], "not an object"),
    ],
)
def test_bad_choices_name_the_factor_and_the_problem(choices, message):
    with pytest.raises(AssessmentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        relief.check_choices(choices, ARGS)


def test_irac_rows_show_only_what_the_learner_chose_and_wrote():
    a = profile(claims=(-2, -1, -2), harm=1, equities=2, public=0)
    rows = {
        r.factor: r for r in relief.irac_rows(a, {"irreparable_harm": {"arguments": ["a1"], "words": "Mine."}}, ARGS)
    }
    assert list(rows) == list(FACTORS)
    harm = rows["irreparable_harm"]
    assert [c.id for c in harm.chosen] == ["a1"] and harm.chosen[0].side == "AWS"
    assert harm.chosen[0].source_ids == ("s2", "s3") and harm.chosen[0].confidence == "primary"
    assert harm.words == "Mine." and harm.assessment == relief.describe("irreparable_harm", 1)
    assert all(rows[f].chosen == () and rows[f].words == "" for f in FACTORS if f != "irreparable_harm")
    for factor, row in rows.items():
        assert row.rating == a[factor]
        assert row.winter_met == (a[factor] >= relief.needs_for(factor, WINTER_NEEDS))
        assert row.sliding_met == (a[factor] >= relief.needs_for(factor, SLIDING_NEEDS))


def test_shared_rule_states_the_common_clause_once():
    shared, rest = relief.shared_rule(["Must show X; here, on A.", "Must show X; here, on B."])
    assert shared == "Must show X." and rest == ["here, on A.", "here, on B."]
    assert relief.shared_rule(["Same.", "Same."]) == ("Same.", ["", ""])
    assert relief.shared_rule(["Alpha one.", "Beta two."]) == ("", ["Alpha one.", "Beta two."])
    assert relief.shared_rule(["Must show X; A.", "Must show Y; B."]) == ("", ["Must show X; A.", "Must show Y; B."])


def test_records_with_and_without_choices_validate():
    a = profile(harm=0)
    old = relief.reasoning_record("Ana", a, "a justification long enough", "2025-01-01T00:00:00+00:00", "0.1.0")
    assert "choices" not in old and relief.validate_record(old, "old.json", ARGS) is old
    new = relief.reasoning_record(
        "Ana",
        a,
        "a justification long enough",
        "2025-01-01T00:00:00+00:00",
        "0.1.0",
        choices={"irreparable_harm": {"arguments": ["p1"], "words": "Mine."}},
        arguments=ARGS,
    )
    assert new["schema"] == old["schema"] == relief.RECORD_SCHEMA
    assert new["choices"]["irreparable_harm"] == {"arguments": ["p1"], "words": "Mine."}
    assert relief.validate_record(new, "new.json", ARGS) is new
    broken = {**new, "choices": {"irreparable_harm": {"arguments": ["c1"], "words": ""}}}
    with pytest.raises(AssessmentError, match="^new.json: choices: irreparable_harm: not an argument"):
        relief.validate_record(broken, "new.json", ARGS)
    relief.validate_record(broken, "new.json")  # without the dataset only the structure is checked
    with pytest.raises(AssessmentError, match="^new.json: choices: unknown factor"):
        relief.validate_record({**new, "choices": {"x": {}}}, "new.json")


def test_signed_ratings_use_a_true_minus_and_a_plus():
    assert [relief.signed(v) for v in SCALE] == ["\u22122", "\u22121", "0", "+1", "+2"]


def test_the_documented_example_record_is_valid_against_the_datasets():
    import json
    import re

    from casekit import data
    from casekit.paths import ROOT

    text = (ROOT / "docs" / "reasoning-schema.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"## Example\n\n```json\n(.*?)\n```", text, re.S).group(1))
    assert "choices" in example
    assert relief.validate_record(example, "docs example", data.load("arguments").to_dict("index")) is example
