"""Checks for lesson 02, cloud contracts: each right answer is derived from the datasets and casekit.topics.contract.reasoning.

Lesson self-checks are `2x` and `2y`; the exercise's questions are `2a`-`2d` (`2e` is written,
graded by rubric). Two questions draw a per-learner variant (casekit.variants): 2a the time zone
into which to convert the moment the suspension took effect, 2d which of Parler's two canon
arguments to name. The notebook shows the draw; each check draws it again for the login in force.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd

from casekit import data, variants
from casekit.checks import answers, register
from casekit.checks.forms import Form
from casekit.topics.contract import reasoning as contract

ASSIGNMENT = "02-cloud-contracts"
# 2a's zones: none is Pacific, Eastern or UTC (lesson 02 shows those), and each has an offset of its own.
ZONES_2A = (
    "Pacific/Honolulu",
    "America/Chicago",
    "America/Sao_Paulo",
    "Europe/Berlin",
    "Africa/Nairobi",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
)
# 2d: Parler's two arguments resting on a canon of interpretation (arguments rows), and the canons' glossary rows.
CANON_ARGUMENTS = ("arg_success_contract_parler_4", "arg_success_contract_parler_5")
CANONS = ("contra_proferentem", "surplusage_canon")


def draw_zone_2a(variant: variants.Variant) -> str:
    """The IANA time zone into which VARIANT converts the moment the suspension took effect (2a)."""
    return variant.choose(ZONES_2A, "2a")


def draw_argument_2d(variant: variants.Variant) -> str:
    """The id of the arguments row whose canon VARIANT names (2d)."""
    return variant.choose(CANON_ARGUMENTS, "2d")


def effect_in_zone(zone: str) -> dt.datetime:
    """The moment AWS's suspension took effect (timeline t17's time and zone), in ZONE."""
    return contract.event_moment(contract.PARLER_EVENTS["effect"]).astimezone(ZoneInfo(zone))


def moment(value) -> dt.datetime | None:
    """VALUE as an aware datetime if it names one moment: a datetime, a pandas Timestamp or ISO text with an offset."""
    value = answers.one_item(value)
    if isinstance(value, str):
        try:
            value = pd.Timestamp(value.strip())
        except (ValueError, TypeError):
            return None
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return None
        value = value.to_pydatetime()
    if not isinstance(value, dt.datetime) or value.tzinfo is None or value.utcoffset() is None:
        return None
    return value


def canon_id(value) -> str | None:
    """The canon's glossary id VALUE names (one of CANONS, in any case or spacing), or None."""
    return answers.identifier(answers.one_item(value), CANONS)


def reads_as(form: str, value) -> bool:
    """True if VALUE is in lesson 02's answer FORM, read by the normaliser its hidden checks use.

    casekit.checks.forms gives the assessed edition's form feedback with this, so form feedback and
    the hidden check never disagree on an answer's form (and the release keeps these normalisers).
    """
    if form == "moment":
        return moment(value) is not None
    if form == "canon id":
        return canon_id(value) is not None
    raise KeyError(f"lesson 02 has no answer form {form!r}")


@register("2a", success="correct: that is the moment the suspension took effect, in your time zone")
def effect_in_my_zone(value):
    answer = moment(value)
    if answer is None:
        return (
            "give one moment with its time zone: a datetime or pandas Timestamp that is tz-aware, "
            "e.g. built from timeline row t17's date, time and time_zone"
        )
    zone = draw_zone_2a(variants.current(ASSIGNMENT))
    right = effect_in_zone(zone)
    if answer == right and answer.utcoffset() == right.utcoffset():
        return True
    if answer == right:
        return f"that is the right moment, but not in your zone: convert it to {zone} (tz_convert or astimezone)"
    if answer.replace(tzinfo=None) == right.replace(tzinfo=None):
        return f"that is your zone's wall-clock time attached to the wrong zone: convert into {zone}, do not relabel"
    return f"not that moment: combine t17's date and time in its time_zone, then convert to {zone}"


def no_cure_termination() -> str:
    """The id of the clause that lets AWS terminate immediately upon notice with no cure period, read from contract_clauses."""
    found = [
        c.id for c in contract.clauses().values() if c.action == "terminate" and c.notice_days == 0 and c.cure_days == 0
    ]
    if len(found) != 1:
        raise LookupError(f"expected one termination clause without a cure period, found {found}")
    return found[0]


def _sections() -> dict[str, str]:
    return {c.id: c.section for c in contract.clauses().values()}


@register("2b", success="correct: that clause lets AWS terminate immediately upon notice, without a cure period")
def no_cure_section(value):
    sections = _sections()
    aliases = dict(sections)
    given = answers.section(answers.one_item(value), aliases)
    if given is None:
        return "give the section as text, e.g. \"§ 1.2(a)\", from the 'section' column of contract_clauses"
    right = answers.section(sections[no_cure_termination()], aliases)
    if given == right:
        return True
    chosen = next(
        (contract.clauses()[cid] for cid, s in sections.items() if answers.section(s, aliases) == given), None
    )
    if chosen is not None and chosen.action == "terminate":
        return "that clause does allow termination, but only after notice days or a cure period: look at notice_days and cure_days"
    if chosen is not None and chosen.action != "terminate":
        return f'that clause does not terminate (its action is {chosen.action}): filter action == "terminate"'
    return 'not that one: filter contract_clauses on action == "terminate", notice_days == 0 and cure_days == 0'


def days_left_at_ruling() -> int:
    """Days from the ruling (t23) to the end of Parler's 30-day reading (contract.parler_dates)."""
    dates = {d.key: d.day for d in contract.parler_dates()}
    return (dates["parler_reading_end"] - dates["ruling"]).days


@register("2c", success="correct: the court ruled well before Parler's claimed 30-day window would have closed")
def days_left(value):
    days = answers.whole_days(value)
    if days is None:
        return "give a whole number of days (an int, or a timedelta of whole days)"
    if days == days_left_at_ruling():
        return True
    timeline = data.load("timeline")
    if days == contract.clause(contract.PARLER_CLAUSE).notice_days:
        return (
            "that is the length of the whole window; the question asks how much of it was left on the day of the ruling"
        )
    if (
        days
        == (
            timeline.loc[contract.PARLER_EVENTS["ruling"], "date"]
            - timeline.loc[contract.PARLER_EVENTS["notice"], "date"]
        ).days
    ):
        return "that is the time from the notice to the ruling; the question asks for the time from the ruling to the window's end"
    return "count from the ruling's date (t23) to the end of Parler's 30-day reading (notice date t16 + 30 days)"


def canon_of(argument_id: str) -> str:
    """The glossary row (of CANONS) of the canon that arguments row ARGUMENT_ID rests on, found by the canon its evidence names."""
    evidence = str(data.load("arguments").loc[argument_id, "evidence"]).casefold()
    matches = [c for c in CANONS if c.replace("_", " ") in evidence]
    if len(matches) != 1:
        raise LookupError(f"expected one canon named in the evidence of {argument_id}, found {matches}")
    return matches[0]


@register("2d", success="correct: that is the canon your argument rests on")
def canon(value):
    given = canon_id(value)
    if given is None:
        return "give a glossary row id as text, one of: " + ", ".join(CANONS)
    if given == canon_of(draw_argument_2d(variants.current(ASSIGNMENT))):
        return True
    return (
        "not that one: compare what your argument (my_argument) asks the court to do with the glossary "
        "definitions of the two canons"
    )


# --- the lesson's own self-checks ---------------------------------------------------------------

LABEL_CLAUSE = "csa_6_1"  # question 2x asks what this clause lets AWS do


@register("2x", success="correct: that clause is about suspension; ending the contract is § 7.2's business")
def label_action(value):
    given = answers.identifier(answers.one_item(value), contract.REMEDIES)
    if given is None:
        return "give one word from the 'action' column: " + " or ".join(contract.REMEDIES)
    if given == contract.clause(LABEL_CLAUSE).action:
        return True
    return "not that one: read the 'action' column of the clause's row in contract_clauses"


def parler_notice_days() -> int:
    """The notice, in days, of the clause Parler relied on (contract_clauses)."""
    return contract.clause(contract.PARLER_CLAUSE).notice_days


@register("2y", success="correct: that is the notice Parler said it was owed")
def notice_days(value):
    days = answers.whole_days(value)
    if days is None:
        return "give a whole number of days (an int, or a timedelta of whole days)"
    if days == parler_notice_days():
        return True
    return "not that number: read notice_days in the row whose invoked_by is Parler"


# --- answer forms for the assessed edition (casekit.checks.forms finds them here) -----------------------------
FORMS = {
    "moment": Form(
        lambda v: reads_as("moment", v),
        "a date and time with its time zone",
        'e.g. a tz-aware pd.Timestamp, or moment.tz_convert("Asia/Tokyo")',
    ),
    "canon id": Form(
        lambda v: reads_as("canon id", v), "a canon's glossary id", '"contra_proferentem" or "surplusage_canon"'
    ),
}
