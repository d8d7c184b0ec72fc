"""Checks for lesson 01, emergency relief: doctrine answers computed with casekit.topics.relief.reasoning, case facts read from datasets/.

Answers are normalised with casekit.checks.answers, so every equivalent form of a right answer
passes. Lesson self-checks are `1x` and `1y`; the exercise's questions are `1a`-`1e` (`1f` is a written
answer, graded by rubric). The factor profiles the exercise asks about are hypothetical and are
drawn here, so that the notebook and its check use the same one: profiles A (1a, 1b), the five
profiles C (1c), profile D (1d) and the order of 1e's options are per-learner variants
(casekit.variants); profile E (1e) is fixed. Each check recomputes its answer inside the check,
with casekit.topics.relief.reasoning; no function here returns an exercise's answer.
"""

from __future__ import annotations

import re

from casekit import data, variants
from casekit.checks import answers, register
from casekit.checks.forms import Form
from casekit.topics.relief import reasoning as relief

ASSIGNMENT = "01-emergency-relief"

# Hypothetical factor profiles (factor id -> rating -2..2) for the exercise; not the court's view.
# Profile A (1a, 1b): each factor's rating is drawn per learner from these ratings.
PROFILE_A_RATINGS = {
    "success_sherman": (-2, -1),
    "success_contract": (0, 1, 1, 2),
    "success_tortious": (-2, -1, 0, 1),
    "irreparable_harm": (0, 1, 2, 2),
    "balance_of_equities": (1, 2),
    "public_interest": (0, 1, 2, 2),
}
# Profile D (1d): every factor +2 except one drawn weak spot (factor, rating) and one drawn milder
# shortfall ("balance_of_equities" at +1, or every claim at 0), so that reading the ratings is not enough.
WEAK_SPOTS_1D = (
    ("irreparable_harm", 0),
    ("irreparable_harm", -1),
    ("public_interest", 0),
    ("public_interest", -1),
    ("balance_of_equities", 0),
    ("balance_of_equities", -1),
)
SHORTFALLS_1D = ("balance_of_equities", "claims")
# Profile E (1e), the same for everyone: everything strongly for Parler except harm, which is only possible.
PROFILE_E = {
    "success_sherman": 2,
    "success_contract": 2,
    "success_tortious": 2,
    "irreparable_harm": 0,
    "balance_of_equities": 2,
    "public_interest": 2,
}
# 1e's options: outcomes only (no reasons), shown in an order drawn per learner.
OUTCOMES_1E = (
    "relief under the sliding scale only",
    "relief under neither test",
    "relief under Winter only",
    "relief under both tests",
)


def draw_profile_a(variant: variants.Variant) -> dict[str, int]:
    """Profile A of VARIANT (1a, 1b): one rating per factor, drawn from PROFILE_A_RATINGS."""
    return {factor: variant.choose(ratings, f"1a|{factor}") for factor, ratings in PROFILE_A_RATINGS.items()}


def draw_profile_d(variant: variants.Variant) -> dict[str, int]:
    """Profile D of VARIANT (1d): all +2 except a drawn weak spot and a drawn milder shortfall."""
    factor, rating = variant.choose(WEAK_SPOTS_1D, "1d")
    shortfall = variant.choose([s for s in SHORTFALLS_1D if s != factor], "1d|shortfall")
    profile = {f: 2 for f in relief.FACTORS}
    if shortfall == "claims":
        profile.update({f: 0 for f in relief.CLAIM_FACTORS})
    else:
        profile[shortfall] = 1
    profile[factor] = rating
    return profile


# Profiles C (1c): five profiles per learner, each factor's rating drawn from these ratings, so that
# some profiles pass the sliding scale only (weak merits, hardships tipping sharply) and others not.
PROFILES_1C = 5
PROFILE_C_RATINGS = {
    "success_sherman": (-2, -1),
    "success_contract": (-1, 0, 0, 1),
    "success_tortious": (-2, -1, 0),
    "irreparable_harm": (0, 1, 1, 2),
    "balance_of_equities": (0, 1, 2, 2),
    "public_interest": (0, 1, 1, 2),
}


def draw_profiles_c(variant: variants.Variant) -> list[dict[str, int]]:
    """VARIANT's five profiles C (1c), each rating drawn from PROFILE_C_RATINGS."""
    return [
        {factor: variant.choose(ratings, f"1c|{k}|{factor}") for factor, ratings in PROFILE_C_RATINGS.items()}
        for k in range(PROFILES_1C)
    ]


def options_1e(variant: variants.Variant) -> dict[str, str]:
    """1e's options for VARIANT: letter -> outcome, in the order drawn for that learner."""
    return dict(zip("abcd", variant.shuffled(OUTCOMES_1E, "1e")))


# --- lesson self-checks -----------------------------------------------------------------------


def tro_max_days() -> int:
    """Return the longest a no-notice TRO may last before extension, read from the glossary's Rule 65 entry."""
    definition = data.load("glossary").loc["tro", "definition"]
    return int(re.search(r"not to exceed (\d+) days", definition).group(1))


@register("1x", success="correct: a TRO issued without notice is meant to be short-lived")
def tro_days(value):
    days = answers.whole_days(value)
    if days is None:
        return "give a whole number of days, read from the glossary's 'tro' definition"
    if days == tro_max_days():
        return True
    if days == 10:
        return "10 days was the limit in versions of Rule 65 before 2009; what does the current rule say?"
    return "read the 'tro' row of the glossary: how long may an order issued without notice last?"


@register("1y", success="correct: serious questions are enough only if the hardships tip sharply")
def sliding_equities(value):
    rating = answers.whole_number(value)
    if rating is None or not -2 <= rating <= 2:
        return "give a rating on the widget's scale, a whole number from -2 to 2"
    if rating == relief.SLIDING_NEEDS["balance_of_equities"]:
        return True
    if rating == relief.WINTER_NEEDS["balance_of_equities"]:
        return "that is what Winter asks; the sliding scale asks more of the balance of hardships in return"
    return "read the sliding_scale_rule of the balance_of_equities row: how far must the hardships tip?"


# --- exercise ---------------------------------------------------------------------------------


def as_requirements(value) -> frozenset[str] | None:
    """The set of test requirements VALUE names (ids of relief.WINTER_NEEDS: "success", "irreparable_harm", ...).

    A list, tuple, set, array, Series or Index of ids, one id as text, or an empty collection (or the
    text "none") for no requirement; each id in any case, with '_', '-' or ' ' between words. None if
    VALUE is none of these or names something else.
    """
    if isinstance(value, str) and value.strip().casefold() in ("none", "nothing"):
        return frozenset()
    if isinstance(value, (list, tuple, set, frozenset)) and not value:
        return frozenset()
    if hasattr(value, "__len__") and hasattr(value, "dtype") and len(value) == 0:  # empty array, Series or Index
        return frozenset()
    return answers.id_set(value, REQUIREMENTS)


REQUIREMENTS = tuple(
    relief.WINTER_NEEDS
)  # success (the best claim), irreparable_harm, balance_of_equities, public_interest


def _requirements_answer(value, failed: tuple[str, ...], test: str):
    given = as_requirements(value)
    if given is None:
        return "give a list of requirement ids (empty if none fails), from: " + ", ".join(REQUIREMENTS)
    if given == frozenset(failed):
        return True
    if given < frozenset(failed):
        return f"the {test} also fails on another requirement: check each one against what it needs"
    return (
        f"not quite: at least one of those requirements is met under the {test}; compare each rating with what it needs"
    )


@register("1a", success="correct: those are the Winter requirements your profile A fails")
def winter_failed(value):
    profile = draw_profile_a(variants.current(ASSIGNMENT))
    result = relief.winter_test(profile)
    return _requirements_answer(value, result.failed, result.name)


@register("1b", success="correct: those are the sliding-scale requirements your profile A fails")
def sliding_failed(value):
    profile = draw_profile_a(variants.current(ASSIGNMENT))
    result = relief.sliding_scale_test(profile)
    return _requirements_answer(value, result.failed, result.name)


@register("1c", success="correct: you applied both tests to each of your five profiles")
def sliding_only_count(value):
    count = answers.whole_number(value)
    if count is None or not 0 <= count <= PROFILES_1C:
        return f"give a whole number from 0 to {PROFILES_1C}: how many of your profiles get relief under the sliding scale only?"
    profiles = draw_profiles_c(variants.current(ASSIGNMENT))
    only = sum(relief.sliding_scale_test(p).granted and not relief.winter_test(p).granted for p in profiles)
    if count == only:
        return True
    return "not that many: for each profile, apply Winter and the sliding scale; count those granted by the sliding scale alone"


@register("1d", success="correct: that factor falls short under both tests, so neither test can grant relief")
def deciding_factor(value):
    factor = answers.identifier(answers.one_item(value), relief.FACTORS)
    if factor is None:
        return "give a factor id as text, one of: " + ", ".join(relief.FACTORS)
    outcome = relief.weigh(draw_profile_d(variants.current(ASSIGNMENT)))
    if (factor,) == outcome.deciding:
        return True
    if factor in outcome.winter.failed or factor in outcome.sliding_scale.failed:
        return "that factor fails one test only; which factor fails under both tests?"
    return "that factor meets what both tests ask on profile D; which factor falls short under both tests?"


def option_1e(variant: variants.Variant) -> str:
    """Return VARIANT's letter for the true outcome on profile E, computed with relief.weigh."""
    outcome = relief.weigh(PROFILE_E)
    tests = {(False, True): 0, (False, False): 1, (True, False): 2, (True, True): 3}
    true = OUTCOMES_1E[tests[(outcome.winter.granted, outcome.sliding_scale.granted)]]
    return next(letter for letter, statement in options_1e(variant).items() if statement == true)


@register("1e", success="correct: Winter rejected a 'possibility' of harm, and the sliding scale kept that rule")
def possibility_option(value):
    chosen = answers.letter(value, "abcd")
    if chosen is None:
        return 'answer with one letter as text: "a", "b", "c" or "d"'
    if chosen == option_1e(variants.current(ASSIGNMENT)):
        return True
    return (
        "not that one: compare the harm rating with what relief.WINTER_NEEDS and relief.SLIDING_NEEDS "
        "ask of irreparable harm"
    )


# --- answer forms for the assessed edition (casekit.checks.forms finds them here) -----------------------------
FORMS = {
    "requirements": Form(
        lambda v: as_requirements(v) is not None,
        "a list of requirement ids",
        '["balance_of_equities"], or [] for none',
    ),
    "factor id": Form(
        lambda v: answers.identifier(answers.one_item(v), relief.FACTORS) is not None,
        "a factor id",
        'one of relief.FACTORS, e.g. "public_interest"',
    ),
}
