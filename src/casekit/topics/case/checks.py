"""Checks for lesson 00, the case: each answer is derived from the datasets or casekit.topics.case.reasoning, never retyped.

0b and 0e draw a hypothetical (synthetic) event per learner: a local time near midnight in one zone,
and a reporter in another zone; 0c draws timeline events and a confidence mark. Each check draws
again for the login in force and recomputes its answer inside the check.

Answers are normalised with casekit.checks.answers, so every equivalent form of a right answer
passes and a "not that one" hint is given only to an answer that was understood.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from casekit import data, variants
from casekit.checks import answers, register
from casekit.checks.forms import Form
from casekit.topics.case import reasoning as news
from casekit.topics.contract.checks import moment

ASSIGNMENT = "00-the-case"
EVENTS_0C = 20  # how many timeline events each learner's 0c variant draws
MARKS_0C = ("primary", "reported")  # the confidence mark a learner's 0c variant asks about
# 0b, 0e: a hypothetical event (synthetic, not from the record) near midnight, and a reporter elsewhere.
EVENT_DAYS_0B = tuple(dt.date(2021, 1, 1) + dt.timedelta(days=k) for k in range(28))
EVENT_TIMES_0B = ("22:45", "23:30", "23:50", "00:10", "00:40", "01:15")
ZONES_0B = (
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Tokyo",
    "Australia/Sydney",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def draw_events_0c(variant: variants.Variant) -> list[str]:
    """The ids of the timeline events drawn for VARIANT in 0c (in timeline order)."""
    return variant.sample(list(data.load("timeline").index), EVENTS_0C, "0c")


def draw_mark_0c(variant: variants.Variant) -> str:
    """The confidence mark VARIANT's 0c asks about."""
    return variant.choose(MARKS_0C, "0c|mark")


def draw_event_0b(variant: variants.Variant) -> dt.datetime:
    """VARIANT's hypothetical event (0b, 0e): a synthetic local moment near midnight, in the zone where it happened."""
    day = variant.choose(EVENT_DAYS_0B, "0b|day")
    hour, minute = (int(x) for x in variant.choose(EVENT_TIMES_0B, "0b|time").split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(variant.choose(ZONES_0B, "0b|zone")))


def draw_reporter_zone_0b(variant: variants.Variant) -> str:
    """The zone of VARIANT's reporter (0b, 0e): another of ZONES_0B than the event's."""
    here = str(draw_event_0b(variant).tzinfo)
    return variant.choose([z for z in ZONES_0B if z != here], "0b|reporter")


def weekday(value) -> str | None:
    """The weekday VALUE names, lower case ("Sunday", " sun ", "SUN." all give "sunday"); None otherwise."""
    text = answers.text(answers.one_item(value))
    if text is None:
        return None
    text = text.removesuffix(".")
    return next((day for day in WEEKDAYS if text in (day, day[:3])), None)


def parler_clause() -> str:
    """Return the section of the clause Parler invoked (its 30-day notice-and-cure clause), read from contract_clauses."""
    clauses = data.load("contract_clauses")
    return clauses.loc[clauses["invoked_by"].astype(str) == "Parler", "section"].iloc[0]


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


@register("0b", success="correct: the day where the event happened decides, whatever the reporter's clock said")
def event_weekday(value):
    given = weekday(value)
    if given is None:
        return 'give a day of the week as text, e.g. "Sunday"'
    variant = variants.current(ASSIGNMENT)
    event = draw_event_0b(variant)
    right = event.strftime("%A").casefold()
    if news.weekday_verdict(given, event) == "consistent":
        return True
    elsewhere = {
        event.astimezone(ZoneInfo(zone)).strftime("%A").casefold() for zone in (draw_reporter_zone_0b(variant), "UTC")
    }
    if given in elsewhere and given != right:
        return "that is the day on another clock; lesson 00's rule judges the day where the event happened"
    return "not that day: read the weekday of my_event in its own time zone"


@register("0c", success="correct: you counted the confidence marks of your own events")
def marked_events(value):
    count = answers.whole_number(value)
    if count is None:
        return "give a whole number: how many of your events (my_events) have the confidence my_mark?"
    if count == marked_event_count(variants.current(ASSIGNMENT)):
        return True
    return "count the rows of timeline.loc[my_events] whose confidence column equals my_mark"


# --- the news report against the record (news_claims) ---------------------------------------------------------


def allegation_only_claims() -> frozenset[str]:
    """Return the ids of the claims that rest only on Parler's allegation, read from news_claims."""
    return frozenset(news.allegation_only(news.load_claims()))


def as_news_claims(value) -> frozenset[str] | None:
    """The set of news_claims ids VALUE names (answers.id_set: a list, set, Series, filtered table, or one id)."""
    return answers.id_set(value, news.load_claims().index)


@register("0e", success="correct: the same moment, as your reporter's clock showed it")
def reporter_moment(value):
    answer = moment(value)
    if answer is None:
        return "give one moment with its time zone: a tz-aware datetime or pandas Timestamp, e.g. my_event converted"
    variant = variants.current(ASSIGNMENT)
    zone = draw_reporter_zone_0b(variant)
    right = draw_event_0b(variant).astimezone(ZoneInfo(zone))
    if answer == right and answer.utcoffset() == right.utcoffset():
        return True
    if answer == right:
        return f"that is the right moment, but not on your reporter's clock: convert it to {zone}"
    if answer.replace(tzinfo=None) == right.replace(tzinfo=None):
        return f"that is the reporter's wall-clock time attached to the wrong zone: convert into {zone}, do not relabel"
    return f"not that moment: convert my_event (an aware moment) to {zone} with tz_convert or astimezone"


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
    "weekday": Form(lambda v: weekday(v) is not None, "a day of the week", '"Sunday"'),
    "news claim ids": Form(
        lambda v: as_news_claims(v) is not None,
        "a list of claim ids",
        'ids from the id column of news_claims, e.g. ["nc_...", "nc_..."]',
    ),
}
