"""Checks for lesson 00, the case: each answer is derived from the datasets, never retyped.

Answers are normalised with casekit.checks.answers, so every equivalent form of a right answer
passes and a "not that one" hint is given only to an answer that was understood.
"""

from __future__ import annotations

from casekit import data, variants
from casekit.checks import answers, register
from casekit.checks.forms import Form
from casekit.topics.case import reasoning as news

ASSIGNMENT = "00-the-case"
EVENTS_0C = 20  # how many timeline events each learner's 0c variant draws
MARKS_0C = ("primary", "reported")  # the confidence mark a learner's 0c variant asks about


def draw_events_0c(variant: variants.Variant) -> list[str]:
    """The ids of the timeline events drawn for VARIANT in 0c (in timeline order)."""
    return variant.sample(list(data.load("timeline").index), EVENTS_0C, "0c")


def draw_mark_0c(variant: variants.Variant) -> str:
    """The confidence mark VARIANT's 0c asks about."""
    return variant.choose(MARKS_0C, "0c|mark")


def parler_clause() -> str:
    """Return the section of the clause Parler invoked (its 30-day notice-and-cure clause), read from contract_clauses."""
    clauses = data.load("contract_clauses")
    return clauses.loc[clauses["invoked_by"].astype(str) == "Parler", "section"].iloc[0]


def days_filed_to_decided() -> int:
    """Return the days from the complaint's filing (timeline t19) to the order denying the injunction (t23)."""
    timeline = data.load("timeline")
    return (timeline.loc["t23", "date"] - timeline.loc["t19", "date"]).days


def marked_event_count(variant: variants.Variant) -> int:
    """Return how many of VARIANT's 0c events carry VARIANT's confidence mark."""
    timeline = data.load("timeline")
    return int((timeline.loc[draw_events_0c(variant), "confidence"].astype(str) == draw_mark_0c(variant)).sum())


@register("0a", success="correct: that is the 30-day notice-and-cure clause Parler relied on")
def parler_section(value):
    clauses = data.load("contract_clauses")
    given = answers.section(answers.one_item(value), aliases=clauses["section"].to_dict())
    if given is None:
        return "give the section as text, e.g. \"§ 1.2(a)\", taken from the 'section' column"
    if given == answers.section(parler_clause()):
        return True
    return "not that one: filter contract_clauses on invoked_by == \"Parler\" and read its 'section'"


@register("0b", success="correct: the suit was filed and decided within two weeks")
def days_to_decision(value):
    days = answers.whole_days(value)
    if days is None:
        return "give a whole number of days, e.g. (later - earlier).days"
    if days == days_filed_to_decided():
        return True
    return "count the days between the complaint's filing and the order denying the injunction"


@register("0c", success="correct: you counted the confidence marks of your own events")
def marked_events(value):
    count = answers.whole_number(value)
    if count is None:
        return "give a whole number: how many of your events (my_events) have the confidence my_mark?"
    if count == marked_event_count(variants.current(ASSIGNMENT)):
        return True
    return "count the rows of timeline.loc[my_events] whose confidence column equals my_mark"


# --- the news report against the record (news_claims) ---------------------------------------------------------
VERDICTS_0E = ("contradicted", "imprecise")  # the verdict a learner's 0e variant asks about


def draw_verdict_0e(variant: variants.Variant) -> str:
    """The verdict VARIANT's 0e asks the learner to count."""
    return variant.choose(VERDICTS_0E, "0e")


def verdict_count(verdict: str) -> int:
    """Return how many of the report's claims the record gives VERDICT, read from news_claims."""
    return news.verdict_counts(news.load_claims())[verdict]


def allegation_only_claims() -> frozenset[str]:
    """Return the ids of the claims that rest only on Parler's allegation, read from news_claims."""
    return frozenset(news.allegation_only(news.load_claims()))


def as_news_claims(value) -> frozenset[str] | None:
    """The set of news_claims ids VALUE names (answers.id_set: a list, set, Series, filtered table, or one id)."""
    return answers.id_set(value, news.load_claims().index)


@register("0e", success="correct: you counted the claims with your verdict")
def claims_with_verdict(value):
    count = answers.whole_number(value)
    if count is None:
        return "give a whole number: how many rows of news_claims have the verdict my_verdict?"
    if count == verdict_count(draw_verdict_0e(variants.current(ASSIGNMENT))):
        return True
    return "count the rows of news_claims whose verdict column equals my_verdict"


@register("0f", success="correct: those claims have nothing behind them but Parler's word")
def allegation_only(value):
    given = as_news_claims(value)
    if given is None:
        return 'give a list of ids from the id column of news_claims, e.g. ["nc_...", "nc_..."]'
    expected = allegation_only_claims()
    if given == expected:
        return True
    if given < expected:
        return "right so far, but not all of them: more than one claim rests only on Parler's allegation"
    return (
        "not those: look for every claim Parler makes (speaker) that the record can neither confirm nor "
        "refute (verdict)"
    )


# --- answer forms for the assessed edition (casekit.checks.forms finds them here) -----------------------------
FORMS = {
    "news claim ids": Form(
        lambda v: as_news_claims(v) is not None,
        "a list of claim ids",
        'ids from the id column of news_claims, e.g. ["nc_...", "nc_..."]',
    ),
}
