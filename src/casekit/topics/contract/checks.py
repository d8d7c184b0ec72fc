"""Checks for lesson 02, cloud contracts: each right answer is derived from the datasets and casekit.topics.contract.reasoning.

Lesson self-checks are `2x` and `2y`; the exercise's questions are `2a`-`2d` (`2e` is written,
graded by rubric). Three questions draw a per-learner variant (casekit.variants): a hypothetical
(synthetic) notice moment and zone, a clause and a zone to convert into (2a, 2d), and a
hypothetical notice day (2c). The notebook shows the draw; each check draws it again for the login
in force and recomputes the answer inside the check with casekit.topics.contract.reasoning.
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
# 2a's zones to convert into: none is Pacific, Eastern or UTC (lesson 02 shows those), each with an offset of its own.
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
# 2a, 2d: a hypothetical notice (synthetic, not from the record): a day near a daylight-saving change,
# a time of day and the sender's zone; and the clause (contract_clauses) the notice is given under.
NOTICE_DAYS_2A = tuple(dt.date(2021, 2, 10) + dt.timedelta(days=3 * k) for k in range(17)) + tuple(
    dt.date(2021, 9, 20) + dt.timedelta(days=3 * k) for k in range(17)
)
NOTICE_TIMES_2A = ("08:15", "11:40", "16:05", "21:30", "23:10")
NOTICE_ZONES_2A = (
    "America/Los_Angeles",
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",
    "Asia/Tokyo",
)
CLAUSES_2A = ("csa_6_1", "csa_7_2_a", "csa_7_2_b_i", "csa_7_2_b_ii")
# 2c: a hypothetical notice day (synthetic) before the ruling, counted under the clause Parler relied on.
NOTICE_DAYS_2C = tuple(dt.date(2020, 12, 21) + dt.timedelta(days=k) for k in range(31))
HOURS_TOLERANCE = 0.01


def draw_zone_2a(variant: variants.Variant) -> str:
    """The IANA time zone into which VARIANT converts the moment the suspension took effect (2a)."""
    return variant.choose(ZONES_2A, "2a")


def draw_notice_2a(variant: variants.Variant) -> dt.datetime:
    """VARIANT's hypothetical notice (2a, 2d): a synthetic moment with its sender's time zone."""
    day = variant.choose(NOTICE_DAYS_2A, "2a|day")
    hour, minute = (int(x) for x in variant.choose(NOTICE_TIMES_2A, "2a|time").split(":"))
    zone = ZoneInfo(variant.choose(NOTICE_ZONES_2A, "2a|zone"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


def draw_clause_2a(variant: variants.Variant) -> str:
    """The contract_clauses id under which VARIANT's hypothetical notice is given (2a)."""
    return variant.choose(CLAUSES_2A, "2a|clause")


def draw_notice_day_2c(variant: variants.Variant) -> pd.Timestamp:
    """VARIANT's hypothetical notice day for 2c (synthetic), a day before the ruling."""
    return pd.Timestamp(variant.choose(NOTICE_DAYS_2C, "2c"))


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


def reads_as(form: str, value) -> bool:
    """True if VALUE is in lesson 02's answer FORM, read by the normaliser its hidden checks use.

    casekit.checks.forms gives the assessed edition's form feedback with this, so form feedback and
    the hidden check never disagree on an answer's form (and the release keeps these normalisers).
    """
    if form == "moment":
        return moment(value) is not None
    if form == "hours":
        return hours(value) is not None
    raise KeyError(f"lesson 02 has no answer form {form!r}")


@register("2a", success="correct: that is the earliest moment the remedy may take effect, in your zone")
def effect_in_my_zone(value):
    answer = moment(value)
    if answer is None:
        return (
            "give one moment with its time zone: a datetime or pandas Timestamp that is tz-aware, "
            "e.g. contract.earliest_effect(my_clause, my_notice) converted to my_zone"
        )
    variant = variants.current(ASSIGNMENT)
    zone, notice, clause_id = draw_zone_2a(variant), draw_notice_2a(variant), draw_clause_2a(variant)
    right = contract.earliest_effect(clause_id, notice).astimezone(ZoneInfo(zone))
    if answer == right and answer.utcoffset() == right.utcoffset():
        return True
    if answer == right:
        return f"that is the right moment, but not in your zone: convert it to {zone} (tz_convert or astimezone)"
    if answer.replace(tzinfo=None) == right.replace(tzinfo=None):
        return f"that is your zone's wall-clock time attached to the wrong zone: convert into {zone}, do not relabel"
    days = contract.clause(clause_id).notice_days or 0
    if days and answer == notice.astimezone(dt.UTC) + dt.timedelta(days=days) and answer != right:
        return (
            "that adds the days as elapsed 24-hour periods; the kit's convention counts calendar days at the "
            "same wall-clock time in the notice's own zone, which differ when a clock change falls in between"
        )
    if days and answer == notice:
        return "that is the moment of notice: does your clause act immediately, or after a number of days' notice?"
    if not days and answer != notice:
        return "your clause acts immediately upon notice (notice_days is 0): start from the notice itself"
    return "not that moment: take the clause's notice_days from contract_clauses, add them to my_notice, convert to my_zone"


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


@register("2c", success="correct: you counted the window from your notice day to the day of the ruling")
def days_left(value):
    days = answers.whole_days(value)
    if days is None:
        return "give a whole number of days (an int, or a timedelta of whole days); negative if the window had closed"
    timeline = data.load("timeline")
    notice_day = draw_notice_day_2c(variants.current(ASSIGNMENT))
    window = contract.clause(contract.PARLER_CLAUSE).notice_days
    ruling = timeline.loc[contract.PARLER_EVENTS["ruling"], "date"]
    right = (notice_day + pd.Timedelta(days=window) - ruling).days
    if days == right:
        return True
    if days == -right:
        return "the sign is reversed: count from the ruling to the window's end (negative if the window had closed)"
    if days == (ruling - notice_day).days:
        return "that is the time from your notice day to the ruling; the question asks for what was left of the window"
    return f"the window ends {window} days after your notice day; count the days from the ruling (t23) to that end"


def hours(value) -> float | None:
    """VALUE as a number of hours: a real number, or a time span (timedelta, pandas or numpy) converted to hours."""
    value = answers.one_item(value)
    if isinstance(value, (dt.timedelta, pd.Timedelta)) and not pd.isna(value):
        return pd.Timedelta(value).total_seconds() / 3600
    if hasattr(value, "dtype") and str(getattr(value, "dtype", "")).startswith("timedelta64"):
        return None if pd.isna(value) else pd.Timedelta(value).total_seconds() / 3600
    return answers.number(value)


@register("2d", success="correct: calendar days at the same wall-clock time are not always 24-hour days")
def hours_between_readings(value):
    given = hours(value)
    if given is None:
        return "give a number of hours (a float), e.g. (later - earlier).total_seconds() / 3600"
    notice = draw_notice_2a(variants.current(ASSIGNMENT))
    end = contract.cure_deadline(contract.PARLER_CLAUSE, notice)
    right = (end.astimezone(dt.UTC) - notice.astimezone(dt.UTC)).total_seconds() / 3600  # elapsed time
    if abs(given - right) <= HOURS_TOLERANCE:
        return True
    if abs(given - right / 24) <= HOURS_TOLERANCE:
        return "that is in days; give the span in hours"
    if abs(given - 24 * contract.clause(contract.PARLER_CLAUSE).cure_days) <= HOURS_TOLERANCE and given != right:
        return (
            "that assumes every day has 24 hours; a clock change in your notice's zone falls inside your "
            "window: subtract the two moments as pandas Timestamps (or both in UTC), which counts elapsed time"
        )
    return "subtract my_notice from the end of the cure window (contract.cure_deadline) and convert the span to hours"


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


# 2z: a made-up case (synthetic, not from the record) in lesson 02, § 6: four of the five elements of tortious
# interference (tort_elements) are proved; Fernleaf cannot prove this one, and each other element has a true hint.
UNPROVED_ELEMENT_2Z = "improper_purpose_or_means"
PROVED_HINTS_2Z = {
    "expectancy": "a signed letter of intent is a business expectancy with a probable benefit",
    "knowledge": "the deal was announced, and the manager's note shows Corvid knew of it",
    "intentional_interference": "Corvid suspended knowing that this would end the deal, and it did",
    "damages": "the grocery chain withdrew when the site went dark, costing Fernleaf its licence fees",
}


def tort_element(value) -> str | None:
    """The tort_elements id VALUE names: the id, its position (4, "4", "element 4") or one of its short_names."""
    elements = data.load("tort_elements")
    value = answers.one_item(value)
    if isinstance(value, str):
        value = " ".join(value.replace("\u2019", "'").split()).casefold().rstrip(".").removeprefix("element ")
    position = answers.whole_number(value)
    if position is not None:
        found = elements.index[elements["position"] == position]
        return str(found[0]) if len(found) else None
    for element_id, row in elements.iterrows():
        short = "" if pd.isna(row["short_names"]) else str(row["short_names"])
        names = [element_id, *(n for n in short.split(";") if n.strip())]
        if answers.identifier(value, names) is not None:
            return str(element_id)
    return None


@register("2z", success="correct: Corvid acted to be paid, not to harm Fernleaf, by a remedy its contract gives")
def unproved_element(value):
    given = tort_element(value)
    if given is None:
        return 'give one element from tort_elements: its id as text (e.g. "knowledge") or its position, 1 to 5'
    if given == UNPROVED_ELEMENT_2Z:
        return True
    return f"Fernleaf can prove that one: {PROVED_HINTS_2Z[given]}"


# --- answer forms for the assessed edition (casekit.checks.forms finds them here) -----------------------------
FORMS = {
    "moment": Form(
        lambda v: reads_as("moment", v),
        "a date and time with its time zone",
        'e.g. a tz-aware pd.Timestamp, or moment.tz_convert("Asia/Tokyo")',
    ),
    "hours": Form(lambda v: reads_as("hours", v), "a number of hours", "e.g. 719.0, or span.total_seconds() / 3600"),
}
