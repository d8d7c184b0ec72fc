"""Checks for lesson 01, emergency relief: doctrine answers computed with casekit.relief, case facts read from datasets/.

Lesson self-checks are `1x` and `1y`; the exercise's questions are `1a`-`1e` (`1f` is a written
answer, graded by rubric). The factor profiles the exercise asks about are hypothetical and live
here, in PROFILES, so that the notebook and its check use the same one.
"""

from __future__ import annotations

import numbers
import re

import numpy as np

from casekit import data, relief
from casekit.checks import register

# Hypothetical factor profiles (factor id -> rating -2..2) for the exercise; not the court's view.
PROFILES = {
    # Winter is met but the sliding scale is not: the sliding scale is an alternative, not a stricter test.
    "1a": {"success_sherman": -2, "success_contract": 1, "success_tortious": -1,
           "irreparable_harm": 1, "balance_of_equities": 1, "public_interest": 1},
    # Everything strongly for Parler except harm, which is only possible.
    "1d": {"success_sherman": 2, "success_contract": 2, "success_tortious": 2,
           "irreparable_harm": 0, "balance_of_equities": 2, "public_interest": 2},
}
PROFILES["1b"] = PROFILES["1a"]

# 1e: each option is a claim about which tests grant relief on profile 1d, as (winter, sliding scale).
OPTIONS_1E = {
    "a": ("only the sliding scale: very strong merits make up for harm that is merely possible", (False, True)),
    "b": ("neither test: both require irreparable harm to be likely, not merely possible", (False, False)),
    "c": ("only Winter: the sliding scale is the stricter test", (True, False)),
    "d": ("both tests: merits, equities and public interest all strongly favour Parler", (True, True)),
}


def _is_bool(value) -> bool:
    return isinstance(value, (bool, np.bool_))


def _is_int(value) -> bool:
    return isinstance(value, numbers.Integral) and not _is_bool(value)


def _is_factor_id(value) -> bool:
    return isinstance(value, str) and value.strip() in relief.FACTORS


def _section_key(value: str) -> str:
    """Normalize a section reference: '§ 7.2(b)(ii)', 'Section 7.2 (b)(ii)' and '7.2(b)(ii)' agree."""
    text = value.casefold().replace("§", " ").replace("section", " ")
    return re.sub(r"\s+", "", text)


# --- lesson self-checks -----------------------------------------------------------------------

def tro_max_days() -> int:
    """Return the longest a no-notice TRO may last before extension, read from the glossary's Rule 65 entry."""
    definition = data.load("glossary").loc["tro", "definition"]
    return int(re.search(r"not to exceed (\d+) days", definition).group(1))


@register("1x", success="correct: a TRO issued without notice is meant to be short-lived")
def tro_days(value):
    if not _is_int(value):
        return "give a whole number of days (an int), read from the glossary's 'tro' definition"
    expected = tro_max_days()
    if value == expected:
        return True
    if value == 10:
        return "10 days was the limit in versions of Rule 65 before 2009; what does the current rule say?"
    return "read the 'tro' row of the glossary: how long may an order issued without notice last?"


@register("1y", success="correct: serious questions are enough only if the hardships tip sharply")
def sliding_equities(value):
    if not _is_int(value):
        return "give a rating on the widget's scale, a whole number from -2 to 2"
    expected = relief.SLIDING_NEEDS["balance_of_equities"]
    if value == expected:
        return True
    if value == relief.WINTER_NEEDS["balance_of_equities"]:
        return "that is what Winter asks; the sliding scale asks more of the balance of hardships in return"
    return "read the sliding_scale_rule of the balance_of_equities row: how far must the hardships tip?"


# --- exercise ---------------------------------------------------------------------------------

@register("1a", success="correct: the profile meets every Winter requirement")
def winter_granted(value):
    if not _is_bool(value):
        return "answer True or False (a bool): would relief issue under Winter?"
    if value == relief.winter_test(PROFILES["1a"]).granted:
        return True
    return ("not quite: under Winter only the best claim needs to be likely (+1 or more), and each of "
            "harm, equities and public interest needs +1 or more")


@register("1b", success="correct: the sliding scale asks more of the balance of hardships than this profile gives")
def sliding_granted(value):
    if not _is_bool(value):
        return "answer True or False (a bool): would relief issue under the sliding scale?"
    if value == relief.sliding_scale_test(PROFILES["1b"]).granted:
        return True
    return ("not quite: the sliding scale lowers the merits bar to serious questions (0) but needs the "
            "hardships to tip sharply (+2); check each requirement")


def ignored_clause() -> str:
    """Return the id of the clause the court said Parler failed to acknowledge (court quote found in the clause row)."""
    findings = data.load("court_findings")
    clauses = data.load("contract_clauses")
    quotes = findings.loc[(findings["factor_id"] == "success_contract") & findings["quote"].notna(), "quote"]
    matches = {
        clause_id
        for quote in quotes
        for clause_id, treatment in clauses["court_treatment"].items()
        if str(quote) in str(treatment) and "acknowledge" in str(quote)
    }
    if len(matches) != 1:
        raise LookupError(f"expected one clause quoting the court's finding, found {sorted(matches)}")
    return matches.pop()


@register("1c", success="correct: the court pointed to the provision right after the one Parler invoked")
def ignored_section(value):
    if not isinstance(value, str) or not value.strip():
        return "give the section as text, e.g. \"§ 1.2(a)\", from the 'section' column of contract_clauses"
    clauses = data.load("contract_clauses")
    clause_id = ignored_clause()
    if value.strip() == clause_id or _section_key(value) == _section_key(clauses.loc[clause_id, "section"]):
        return True
    relied_on = clauses.loc[clauses["invoked_by"].astype(str) == "Parler", "section"]
    if any(_section_key(value) == _section_key(s) for s in relied_on):
        return "that is the clause Parler relied on; the court said Parler ignored a different one"
    return ("not that one: find the contract finding's 'quote' in court_findings, then the clause whose "
            "court_treatment repeats those words")


@register("1d", success="correct: a mere possibility of irreparable harm fails both tests")
def deciding_factor(value):
    if not _is_factor_id(value):
        return "give a factor id as text, one of: " + ", ".join(relief.FACTORS)
    deciding = relief.weigh(PROFILES["1d"]).deciding
    if (value.strip(),) == deciding:
        return True
    return "that factor is rated strongly for Parler; which requirement does a rating of 0 fail under both tests?"


def option_1e() -> str:
    """Return the letter of the true statement about profile 1d, computed with relief.weigh."""
    outcome = relief.weigh(PROFILES["1d"])
    actual = (outcome.winter.granted, outcome.sliding_scale.granted)
    return next(letter for letter, (_, claim) in OPTIONS_1E.items() if claim == actual)


@register("1e", success="correct: Winter rejected a 'possibility' of harm, and the sliding scale kept that rule")
def possibility_option(value):
    if not isinstance(value, str) or value.strip().strip("()").casefold() not in OPTIONS_1E:
        return "answer with one letter as text: \"a\", \"b\", \"c\" or \"d\""
    if value.strip().strip("()").casefold() == option_1e():
        return True
    return ("not that one: compare the harm rating with what relief.WINTER_NEEDS and relief.SLIDING_NEEDS "
            "ask of irreparable harm")
