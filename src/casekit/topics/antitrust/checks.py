"""Checks for lesson 04, antitrust: every right answer is computed with casekit.topics.antitrust.reasoning from datasets/, never retyped.

Lesson self-checks are `4x` and `4y`; the exercise's questions are `4a`-`4e` (`4f` and `4g` are
written answers, graded by rubric). Questions 4a-4d measure a hypothetical merger in a market drawn
per learner (casekit.variants): one analyst's market definition and two of the firms it names; 4e
draws the party whose assertions to pick out. The notebook shows the draw; each check draws it again
for the login in force and recomputes the right answer.
"""

from __future__ import annotations

import math

import pandas as pd

from casekit import data, variants
from casekit.checks import answers, register
from casekit.checks.forms import Form
from casekit.topics.antitrust import reasoning as antitrust

ASSIGNMENT = "04-antitrust"
HHI_TOLERANCE = 0.5  # an HHI rounded to a whole number is still right
PARTIES_4E = ("Parler", "AWS")  # 4e asks for the assertions of one of these, drawn per learner


def _shares(analyst: str) -> pd.Series:
    return antitrust.market_shares(data.load("cloud_market_share"), analyst)


def draw_market_4a(variant: variants.Variant) -> str:
    """The analyst (market definition) whose shares VARIANT measures in 4a-4d."""
    return variant.choose(antitrust.analysts(data.load("cloud_market_share")), "4a")


def draw_merger_4a(variant: variants.Variant) -> tuple[str, str]:
    """The two named firms of VARIANT's market that merge in 4a-4d (hypothetically), largest first."""
    return tuple(variant.sample(list(_shares(draw_market_4a(variant)).index), 2, "4a|merger"))


def draw_party_4e(variant: variants.Variant) -> str:
    """The party whose assertions VARIANT picks out in 4e."""
    return variant.choose(PARTIES_4E, "4e")


def _merged_shares(variant: variants.Variant) -> pd.Series:
    """VARIANT's market after its merger: the two merging firms' shares held by one firm."""
    shares = _shares(draw_market_4a(variant))
    merging = list(draw_merger_4a(variant))
    return pd.concat([shares.drop(merging), pd.Series({"merged firm": shares[merging].sum()})])


def merger_hhi(variant: variants.Variant) -> float:
    """The HHI of VARIANT's named firms after its merger (the remainder as many tiny firms)."""
    return antitrust.hhi(_merged_shares(variant))


def merger_one_firm_hhi(variant: variants.Variant) -> float:
    """The HHI after VARIANT's merger if the unnamed remainder were one firm: an impossible stress test, not a bound."""
    return antitrust.one_firm_stress_hhi(_merged_shares(variant))


def named_hhi(analyst: str) -> float:
    """Return the HHI of ANALYST's named shares alone, before any merger (the remainder as many tiny firms)."""
    return antitrust.hhi(_shares(analyst))


def labels() -> tuple[str, ...]:
    """Return every concentration label of both guidelines, read from merger_guidelines."""
    return tuple(dict.fromkeys(b.label for g in antitrust.GUIDELINES for b in antitrust.bands(g)))


def lowest_highly_2023() -> int:
    """Return the smallest whole-number HHI that the 2023 guidelines call highly concentrated."""
    band = next(b for b in antitrust.bands("2023") if b.label == "highly concentrated")
    return math.ceil(band.lower) if band.lower_inclusive else math.floor(band.lower) + 1


def credited_count() -> int:
    """Return how many evidence items the court, as reported, credited."""
    return int((data.load("antitrust_evidence")["court_treatment"].astype(str) == "credited").sum())


def assertions_of(party: str) -> frozenset[str]:
    """Return the ids of the items PARTY offered that are its assertions, not findings or undisputed events."""
    evidence = data.load("antitrust_evidence")
    chosen = (evidence["offered_by"].astype(str) == party) & (evidence["status"].astype(str) == "assertion")
    return frozenset(evidence.index[chosen])


def as_label(value) -> str | None:
    """The concentration label VALUE names ('Highly concentrated', 'highly', 'not-highly concentrated'...), or None."""
    text = answers.text(answers.one_item(value))
    if text is None:
        return None
    key = " ".join(text.replace("-", " ").split()).removesuffix(" concentrated")
    return next((label for label in labels() if label.removesuffix(" concentrated") == key), None)


def as_item_ids(value) -> frozenset[str] | None:
    """The set of evidence ids VALUE names (answers.id_set: a list, set, Series, filtered table, or one id)."""
    return answers.id_set(value, data.load("antitrust_evidence").index)


def as_number(value) -> float | None:
    """VALUE as a number, also from a one-item list or Series (a 0-d array is read by answers.number itself)."""
    given = answers.number(value)
    return given if given is not None else answers.number(answers.one_item(value))


def reads_as(form: str, value) -> bool:
    """True if VALUE is in lesson 04's answer FORM, read by the normaliser its hidden checks use.

    casekit.checks.forms gives the assessed edition's form feedback with this, so form feedback and
    the hidden check never disagree on an answer's form (and the release keeps these normalisers).
    """
    if form == "number":
        return as_number(value) is not None
    if form == "concentration label":
        return as_label(value) is not None
    if form == "evidence ids":
        return as_item_ids(value) is not None
    raise KeyError(f"lesson 04 has no answer form {form!r}")


def _hhi_answer(value, expected: float, hint: str):
    given = as_number(value)
    if given is None:
        return "give the HHI as a number (a float or an int), e.g. the result of antitrust.hhi(...)"
    if abs(given - expected) <= HHI_TOLERANCE:
        return True
    return hint


# --- lesson self-checks -----------------------------------------------------------------------


@register("4x", success="correct: the 2023 guidelines call an HHI highly concentrated only above their threshold")
def lowest_highly(value):
    given = answers.whole_number(value)
    if given is None:
        return "give a whole number of HHI points"
    if given == lowest_highly_2023():
        return True
    return "read the 2023 'highly concentrated' row of merger_guidelines: its lower end, and whether it is included"


@register("4y", success="correct: those are the items the court, as reported, relied on")
def credited_items(value):
    given = answers.whole_number(value)
    if given is None:
        return "give a whole number: how many rows of antitrust_evidence have court_treatment 'credited'?"
    if given == credited_count():
        return True
    return "count the rows of antitrust_evidence whose court_treatment is 'credited'"


# --- exercise ---------------------------------------------------------------------------------


def _near(value, expected: float) -> bool:
    given = as_number(value)
    return given is not None and abs(given - expected) <= HHI_TOLERANCE


@register("4a", success="correct: your market's shares after the merger, squared and summed")
def merger_named_hhi(value):
    variant = variants.current(ASSIGNMENT)
    if _near(value, named_hhi(draw_market_4a(variant))):
        return "that is the HHI before the merger: first give the two merging firms one combined share"
    return _hhi_answer(
        value,
        merger_hhi(variant),
        "not that number: add the merging firms' shares into one, then square every share "
        "(in percent, e.g. 12.5 not 0.125) and add them up",
    )


@register("4b", success="correct: the remainder as one firm adds its share squared")
def merger_one_firm(value):
    variant = variants.current(ASSIGNMENT)
    if _near(value, merger_hhi(variant)):
        return "that is the HHI of the named firms alone; now treat the unnamed remainder as one more firm"
    return _hhi_answer(
        value,
        merger_one_firm_hhi(variant),
        "not that number: the remainder is 100 minus the named shares (the merger does not change it); "
        "add its square to your HHI from 4a",
    )


def _label_answer(value, guidelines: str):
    given = as_label(value)
    if given is None:
        return "give the label as text, one of: " + "; ".join(labels())
    if given == antitrust.concentration(merger_hhi(variants.current(ASSIGNMENT)), guidelines):
        return True
    return (
        f"not that label: take your HHI from 4a (after the merger, named firms only), then read the "
        f"{guidelines} rows of merger_guidelines (mind whether each end of a band is included)"
    )


@register("4c", success="correct: under the 2010 bands")
def label_2010(value):
    return _label_answer(value, "2010")


@register("4d", success="correct: under the 2023 threshold")
def label_2023(value):
    return _label_answer(value, "2023")


@register("4e", success="correct: those items are your party's assertions, not findings or undisputed events")
def assertions(value):
    given = as_item_ids(value)
    if given is None:
        return 'give the item ids (the index of antitrust_evidence) as a list, e.g. ["ev_...", "ev_..."]'
    party = draw_party_4e(variants.current(ASSIGNMENT))
    expected = assertions_of(party)
    if given == expected:
        return True
    evidence = data.load("antitrust_evidence")
    if given - expected and set(evidence.loc[sorted(given - expected), "offered_by"].astype(str)) - {party}:
        return f"only items {party} offered (your my_party): filter on offered_by first"
    if given - expected:
        statuses = sorted(set(evidence.loc[sorted(given - expected), "status"].astype(str)))
        return (
            f"some of those have status {' / '.join(map(repr, statuses))}, not 'assertion': look at the status column"
        )
    return f"some of {party}'s assertions are missing: filter on offered_by and status together"


# --- answer forms for the assessed edition (casekit.checks.forms finds them here) -----------------------------
FORMS = {
    "number": Form(lambda v: reads_as("number", v), "a number", "e.g. 1234.5, or (s ** 2).sum()"),
    "concentration label": Form(
        lambda v: reads_as("concentration label", v), "a concentration label", '"unconcentrated"'
    ),
    "evidence ids": Form(lambda v: reads_as("evidence ids", v), "a list of evidence ids", '["ev_...", "ev_..."]'),
}
