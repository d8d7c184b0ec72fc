"""casekit.checks.emergency_relief: right answers pass, typical wrong ones get their hint, nothing raises."""

import numpy as np
import pandas as pd
import pytest

from casekit import data, relief
from casekit.checks import FAIL, PASS, REGISTRY, verdict
from casekit.checks import emergency_relief as er

QUESTIONS = ("1x", "1y", "1a", "1b", "1c", "1d", "1e")
ODD_VALUES = [None, "", "   ", 0, -1, 3.5, True, [], {}, (1,), object(), np.nan, pd.NA, b"bytes", {"a": 1}, "💥"]


def _passes(question, value):
    line = verdict(question, value)
    assert line.startswith(f"{question} {PASS} "), line
    return line


def _hint(question, value):
    line = verdict(question, value)
    assert line.startswith(f"{question} {FAIL} "), line
    return line


def test_every_question_is_registered():
    verdict("1a", ...)  # loads the check modules
    assert set(QUESTIONS) <= set(REGISTRY)


# --- answers derived from the datasets and from relief, not retyped -------------------------

def test_tro_limit_is_read_from_the_glossary():
    assert er.tro_max_days() == 14
    assert "not to exceed 14 days" in data.load("glossary").loc["tro", "definition"]


def test_ignored_clause_is_the_one_whose_treatment_quotes_the_court():
    clause_id = er.ignored_clause()
    clauses = data.load("contract_clauses")
    assert clause_id == "csa_7_2_b_ii"
    assert clauses.loc[clause_id, "section"] == "§ 7.2(b)(ii)"
    assert "acknowledge" in clauses.loc[clause_id, "court_treatment"]


def test_profiles_are_complete_and_on_the_scale():
    for profile in er.PROFILES.values():
        assert relief.check_assessments(profile) == profile


def test_profile_1a_separates_the_two_tests():
    outcome = relief.weigh(er.PROFILES["1a"])
    assert outcome.winter.granted != outcome.sliding_scale.granted


def test_profile_1d_fails_only_on_harm():
    outcome = relief.weigh(er.PROFILES["1d"])
    assert outcome.deciding == ("irreparable_harm",)
    assert outcome.winter.failed == outcome.sliding_scale.failed == ("irreparable_harm",)


def test_exactly_one_option_of_1e_is_true():
    outcome = relief.weigh(er.PROFILES["1d"])
    actual = (outcome.winter.granted, outcome.sliding_scale.granted)
    assert [letter for letter, (_, claim) in er.OPTIONS_1E.items() if claim == actual] == [er.option_1e()]


# --- right answers pass, in the forms a learner would write them ----------------------------

@pytest.mark.parametrize(
    "question, value",
    [
        ("1x", 14), ("1x", np.int64(14)),
        ("1y", 2), ("1y", np.int64(2)),
        ("1a", True), ("1a", np.bool_(True)),
        ("1b", False), ("1b", np.bool_(False)),
        ("1c", "§ 7.2(b)(ii)"), ("1c", "7.2(b)(ii)"), ("1c", "Section 7.2(b)(ii)"), ("1c", " § 7.2 (b)(ii) "),
        ("1c", "csa_7_2_b_ii"),
        ("1d", "irreparable_harm"), ("1d", " irreparable_harm "),
        ("1e", "b"), ("1e", "B"), ("1e", "(b)"),
    ],
)
def test_correct_answers_pass(question, value):
    _passes(question, value)


@pytest.mark.parametrize(
    "question, spellings",
    [("1c", ["§ 7.2(b)(ii)", "7.2(b)(ii)", "csa_7_2_b_ii"]), ("1d", ["irreparable_harm", " irreparable_harm"]),
     ("1e", ["b", "(B)"]), ("1x", [14, np.int64(14)])],
)
def test_success_line_is_fixed_and_does_not_echo_the_answer(question, spellings):
    lines = {_passes(question, value) for value in spellings}
    assert lines == {f"{question} {PASS} {REGISTRY[question].success}"}
    assert "7.2(b)(ii)" not in REGISTRY["1c"].success and "irreparable_harm" not in REGISTRY["1d"].success


def test_correct_answers_computed_from_the_package_pass():
    _passes("1a", relief.winter_test(er.PROFILES["1a"]).granted)
    _passes("1b", relief.sliding_scale_test(er.PROFILES["1b"]).granted)
    _passes("1c", data.load("contract_clauses").loc[er.ignored_clause(), "section"])
    _passes("1d", relief.weigh(er.PROFILES["1d"]).deciding[0])
    _passes("1y", relief.SLIDING_NEEDS["balance_of_equities"])


# --- typical wrong answers get a useful hint ------------------------------------------------

@pytest.mark.parametrize(
    "question, value, words",
    [
        ("1x", 10, "before 2009"),
        ("1x", 30, "glossary"),
        ("1x", "14", "whole number"),
        ("1x", 14.0, "whole number"),
        ("1y", 1, "Winter"),
        ("1y", 0, "sliding_scale_rule"),
        ("1y", "sharply", "whole number"),
        ("1a", False, "best claim"),
        ("1a", "True", "True or False"),
        ("1a", 1, "True or False"),
        ("1b", True, "tip sharply"),
        ("1b", "no", "True or False"),
        ("1c", "§ 7.2(b)(i)", "Parler relied on"),
        ("1c", "7.2(b)(i)", "Parler relied on"),
        ("1c", "§ 6.1", "court_treatment"),
        ("1c", "§ 7.2(a)", "court_treatment"),
        ("1c", 7.2, "as text"),
        ("1d", "public_interest", "rating of 0"),
        ("1d", "success_sherman", "rating of 0"),
        ("1d", "harm", "factor id"),
        ("1d", "Irreparable harm", "factor id"),
        ("1e", "a", "WINTER_NEEDS"),
        ("1e", "d", "WINTER_NEEDS"),
        ("1e", "e", "one letter"),
        ("1e", "b and c", "one letter"),
    ],
)
def test_wrong_answers_get_the_hint(question, value, words):
    assert words in _hint(question, value)


@pytest.mark.parametrize("question", QUESTIONS)
def test_ellipsis_is_not_answered_yet(question):
    assert verdict(question, ...) == f"{question} {FAIL} not answered yet: replace ... with your answer"


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("value", ODD_VALUES, ids=[type(v).__name__ for v in ODD_VALUES])
def test_odd_values_never_raise_and_never_pass_by_accident(question, value):
    if question == "1a" and value is True:
        return  # the right answer to 1a
    line = verdict(question, value)
    assert line.startswith(f"{question} {FAIL} ")
    assert "could not check" not in line, line
    assert "\n" not in line


@pytest.mark.parametrize("question", QUESTIONS)
def test_judges_return_true_or_a_hint_string(question):
    judge = REGISTRY[question].judge
    for value in ODD_VALUES:
        result = judge(value)
        if result is True:
            assert (question, value) == ("1a", True)
        assert result is True or (isinstance(result, str) and result)
