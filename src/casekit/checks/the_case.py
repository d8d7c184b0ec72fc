"""Checks for lesson 00, the case: each answer is derived from the datasets, never retyped."""

from __future__ import annotations

from casekit import data
from casekit.checks import register


def _same_text(value, expected: str) -> bool:
    return isinstance(value, str) and " ".join(value.split()).casefold() == " ".join(expected.split()).casefold()


@register("0a", success="correct: that is the 30-day notice-and-cure clause Parler relied on")
def parler_section(value):
    clauses = data.load("contract_clauses")
    expected = clauses.loc[clauses["invoked_by"].astype(str) == "Parler", "section"].iloc[0]
    if not isinstance(value, str):
        return "give the section as text, e.g. \"§ 1.2(a)\", taken from the 'section' column"
    if _same_text(value, expected):
        return True
    return "not that one: filter contract_clauses on invoked_by == \"Parler\" and read its 'section'"


@register("0b", success="correct: the suit was filed and decided within two weeks")
def days_to_decision(value):
    timeline = data.load("timeline")
    filed = timeline.loc["t19", "date"]
    decided = timeline.loc["t23", "date"]
    if isinstance(value, bool) or not isinstance(value, int):
        return "give a whole number of days (an int), e.g. (later - earlier).days"
    if value == (decided - filed).days:
        return True
    return "count the days between the complaint's filing and the order denying the injunction"


@register("0c", success="correct: those are the events the kit will only mention as uncertain")
def uncertain_events(value):
    timeline = data.load("timeline")
    expected = int((timeline["confidence"].astype(str) == "uncertain").sum())
    if isinstance(value, bool) or not isinstance(value, int):
        return "give a whole number (an int): how many rows have confidence 'uncertain'?"
    if value == expected:
        return True
    return "count the timeline rows whose confidence column is 'uncertain'"
