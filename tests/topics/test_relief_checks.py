"""casekit.topics.relief.checks: right answers pass, typical wrong ones get their hint, nothing raises."""

import numpy as np
import pandas as pd
import pytest

from casekit import data, variants
from casekit.checks import FAIL, PASS, REGISTRY, verdict
from casekit.topics.relief import checks as er
from casekit.topics.relief import reasoning as relief

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


LOGINS = ["", "jdoe", "ana.perez", "s1234567", "zz-top", "learner42"]  # "" is the shared practice variant


@pytest.fixture(autouse=True)
def _practice_login(monkeypatch):
    for name in variants.ENV_LOGINS:
        monkeypatch.delenv(name, raising=False)
    variants.set_login("")


def _variant_for(login, monkeypatch) -> variants.Variant:
    if login:
        monkeypatch.setenv("CASEKIT_LOGIN", login)
    return variants.current(er.ASSIGNMENT)


@pytest.mark.parametrize("login", LOGINS)
def test_drawn_profiles_are_complete_and_on_the_scale(login, monkeypatch):
    variant = _variant_for(login, monkeypatch)
    for profile in (er.draw_profile_a(variant), er.draw_profile_d(variant), er.PROFILE_E):
        assert relief.check_assessments(profile) == profile


@pytest.mark.parametrize("login", LOGINS)
def test_profile_d_has_one_deciding_factor_so_1d_has_one_right_answer(login, monkeypatch):
    outcome = relief.weigh(er.draw_profile_d(_variant_for(login, monkeypatch)))
    assert len(outcome.deciding) == 1 and outcome.deciding[0] in relief.FACTORS
    _passes("1d", outcome.deciding[0])
    for factor in set(relief.FACTORS) - set(outcome.deciding):
        hint = _hint("1d", factor)
        fails_one = factor in outcome.winter.failed or factor in outcome.sliding_scale.failed
        assert ("fails one test only" if fails_one else "meets what both tests ask") in hint


@pytest.mark.parametrize("login", LOGINS)
def test_exactly_one_option_of_1e_is_true(login, monkeypatch):
    variant = _variant_for(login, monkeypatch)
    options = er.options_1e(variant)
    assert sorted(options) == list("abcd") and sorted(options.values()) == sorted(er.OUTCOMES_1E)
    right = er.option_1e(variant)
    _passes("1e", right)
    for letter in set(options) - {right}:
        assert "WINTER_NEEDS" in _hint("1e", letter)


@pytest.mark.parametrize("login", LOGINS)
def test_1a_and_1b_follow_the_drawn_profile(login, monkeypatch):
    profile = er.draw_profile_a(_variant_for(login, monkeypatch))
    winter, sliding = relief.winter_test(profile).failed, relief.sliding_scale_test(profile).failed
    _passes("1a", list(winter))
    _passes("1b", list(sliding))
    every = list(relief.WINTER_NEEDS)
    if set(winter) != set(every):
        assert "is met under the Winter" in _hint("1a", every)
    if set(sliding) != set(every):
        assert "is met under the Ninth Circuit sliding scale" in _hint("1b", every)
    assert (winter and "also fails" in _hint("1a", [])) or (not winter and _passes("1a", []))


@pytest.mark.parametrize("login", LOGINS)
def test_1c_counts_the_profiles_granted_by_the_sliding_scale_alone(login, monkeypatch):
    profiles = er.draw_profiles_c(_variant_for(login, monkeypatch))
    assert len(profiles) == er.PROFILES_1C and all(set(p) == set(relief.FACTORS) for p in profiles)
    only = sum(relief.sliding_scale_test(p).granted and not relief.winter_test(p).granted for p in profiles)
    _passes("1c", only)
    assert "sliding scale alone" in _hint("1c", (only + 1) % (er.PROFILES_1C + 1))
    assert "from 0 to 5" in _hint("1c", 9)


# --- right answers pass, in the forms a learner would write them ----------------------------


@pytest.mark.parametrize(
    "question, value",
    [
        ("1x", 14),
        ("1x", np.int64(14)),
        ("1x", "14"),
        ("1x", 14.0),
        ("1y", 2),
        ("1y", np.int64(2)),
        ("1y", "+2"),
    ],
)
def test_correct_answers_pass(question, value):
    _passes(question, value)


def _right_1d() -> str:
    return relief.weigh(er.draw_profile_d(variants.current(er.ASSIGNMENT))).deciding[0]


def test_success_line_is_fixed_and_does_not_echo_the_answer():
    right_1e = er.option_1e(variants.current(er.ASSIGNMENT))
    for question, spellings in [
        ("1d", [_right_1d(), f" {_right_1d()}", _right_1d().upper()]),
        ("1e", [right_1e, f"({right_1e.upper()})"]),
        ("1x", [14, np.int64(14)]),
    ]:
        lines = {_passes(question, value) for value in spellings}
        assert lines == {f"{question} {PASS} {REGISTRY[question].success}"}
    assert not any(factor in REGISTRY["1d"].success for factor in relief.FACTORS)


def test_correct_answers_computed_from_the_package_pass():
    _passes("1d", relief.weigh(er.draw_profile_d(variants.current(er.ASSIGNMENT))).deciding)
    _passes("1y", relief.SLIDING_NEEDS["balance_of_equities"])


# --- typical wrong answers get a useful hint ------------------------------------------------


@pytest.mark.parametrize(
    "question, value, words",
    [
        ("1x", 10, "before 2009"),
        ("1x", 30, "glossary"),
        ("1x", "14 days", "whole number"),
        ("1x", 14.5, "whole number"),
        ("1y", 1, "Winter"),
        ("1y", 0, "sliding_scale_rule"),
        ("1y", "sharply", "whole number"),
        ("1y", 3, "from -2 to 2"),
        ("1a", "yes", "requirement ids"),
        ("1a", True, "requirement ids"),
        ("1b", ["merits"], "requirement ids"),
        ("1c", "two", "from 0 to 5"),
        ("1c", 6, "from 0 to 5"),
        ("1c", 2.5, "from 0 to 5"),
        ("1d", "harm", "factor id"),
        ("1d", "irreparable", "factor id"),
        ("1e", "e", "one letter"),
        ("1e", "b and c", "one letter"),
    ],
)
def test_wrong_answers_get_the_hint(question, value, words):
    assert words in _hint(question, value)


@pytest.mark.parametrize("question", QUESTIONS)
def test_ellipsis_is_not_answered_yet(question):
    assert verdict(question, ...) == f"{question} {FAIL} not answered yet: replace ... with your answer"


def _right_answer(question, value) -> bool:
    """True if VALUE (an empty list: no requirement fails) is the practice variant's right answer to 1a or 1b."""
    profile = er.draw_profile_a(variants.current(er.ASSIGNMENT))
    right = {"1a": relief.winter_test(profile).failed, "1b": relief.sliding_scale_test(profile).failed}
    return question in right and isinstance(value, list) and not value and not right[question]


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("value", ODD_VALUES, ids=[type(v).__name__ for v in ODD_VALUES])
def test_odd_values_never_raise_and_never_pass_by_accident(question, value):
    if _right_answer(question, value):
        return
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
            assert _right_answer(question, value)
        assert result is True or (isinstance(result, str) and result)
