"""Checks for the pandas on-ramp: `p1`-`p6`, one per section, each answer read from the datasets, never retyped.

Answers are normalised (casekit.checks.answers, and `day` below for dates), so every equivalent form of a right
answer passes, and a "not that one" hint is given only to an answer that was understood.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zoneinfo
from typing import Any

import numpy as np
import pandas as pd

from casekit import data
from casekit.checks import answers, register

ZONE_ROW = "t17"  # the timeline row with a time of day and a time zone: the suspension's effective time
FILTER = {"actor": "AWS", "event_type": "contract"}  # p2: the two conditions
COUNTED_MARK = "primary"  # p3: the confidence mark counted
ORDER_ROW = "t23"  # p6: the order denying the preliminary injunction
# p5: a hypothetical, the kit's illustration (not the record): reports cleared a day beyond new arrivals.
NET_CLEARED_PER_DAY = 4_000
_YEAR = re.compile(r"\b\d{4}\b")


def day(value: Any) -> dt.date | None:
    """VALUE as a calendar day: a date, a datetime or Timestamp (a zone-aware one is taken in UTC), a numpy
    datetime64, a one-item Series, or text holding a year ("2021-01-11", "Jan 11, 2021"); None if it is none of these."""
    value = answers.one_item(value)
    if isinstance(value, str):
        if not _YEAR.search(value):
            return None
        try:
            value = pd.Timestamp(value.strip())
        except (ValueError, TypeError, OverflowError):
            return None
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, dt.datetime):  # pandas.Timestamp is a subclass
        if value != value:  # NaT
            return None
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = value.astimezone(dt.UTC)
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def is_aware(value: Any) -> bool:
    """Whether VALUE is a moment with a time zone (an aware datetime or Timestamp, or text with a UTC offset)."""
    value = answers.one_item(value)
    if isinstance(value, str) and _YEAR.search(value):
        try:
            value = pd.Timestamp(value.strip())
        except (ValueError, TypeError, OverflowError):
            return False
    return isinstance(value, dt.datetime) and value == value and value.utcoffset() is not None


def zone_name(value: Any) -> str | None:
    """VALUE as a time-zone name, case folded: text, or a tzinfo with a name (zoneinfo's key, pytz's zone)."""
    value = answers.one_item(value)
    if isinstance(value, dt.tzinfo):
        value = getattr(value, "key", None) or getattr(value, "zone", None)
    return answers.text(value) if isinstance(value, str) else None


def _known_zones() -> set[str]:
    return {name.casefold() for name in zoneinfo.available_timezones()}


def effect_zone() -> str:
    """p1: the time zone of the suspension's effective time, read from the timeline."""
    return str(data.load("timeline").loc[ZONE_ROW, "time_zone"])


def court_rulings() -> frozenset[str]:
    """p2: the ids of the timeline events whose actor is the court and whose type is a ruling."""
    timeline = data.load("timeline")
    keep = pd.Series(True, index=timeline.index)
    for column, wanted in FILTER.items():
        keep &= timeline[column].astype(str) == wanted
    return frozenset(timeline.index[keep])


def primary_count() -> int:
    """p3: how many timeline events are marked primary."""
    return int((data.load("timeline")["confidence"].astype(str) == COUNTED_MARK).sum())


def effect_moment() -> pd.Timestamp:
    """The suspension's effective moment, zone-aware, from the timeline row's date, time and time_zone."""
    row = data.load("timeline").loc[ZONE_ROW]
    return pd.Timestamp(f"{row['date']:%Y-%m-%d} {row['time']}", tz=row["time_zone"])


def record_backlog() -> float:
    """The backlog Parler's CEO described to AWS (moderation_record, reported)."""
    return float(data.load("moderation_record").loc["backlog_26000", "value"])


def first_clear_day() -> int:
    """p5: the first day (counting from day 0) whose backlog is zero at NET_CLEARED_PER_DAY."""
    return math.ceil(record_backlog() / NET_CLEARED_PER_DAY)


def order_day() -> dt.date:
    """p6: the day of the order denying the preliminary injunction."""
    return data.load("timeline").loc[ORDER_ROW, "date"].date()


DAY_FORM = 'give a day: a Timestamp, a datetime.date, or text such as "2021-02-28"'


@register("p1", success="correct: the effective time is given in Pacific time, the zone of AWS's notice")
def time_zone_cell(value):
    given = zone_name(value)
    if given is None or given not in _known_zones() | {"us/pacific"}:
        return 'give the cell\'s text as the table holds it, e.g. "Europe/Paris"'
    if given in {effect_zone().casefold(), "us/pacific"}:
        return True
    return f"not that zone: read the time_zone column of row {ZONE_ROW}, with .loc[row, column]"


@register("p2", success="correct: both conditions hold for those rows, and for no others")
def court_ruling_ids(value):
    given = answers.id_set(value, data.load("timeline").index)
    if given is None:
        return 'give the ids from the timeline\'s index, e.g. ["t01", "t02"], or the filtered table itself'
    expected = court_rulings()
    if given == expected:
        return True
    if given < expected:
        return "right so far, but not all of them: more than one row meets both conditions"
    return 'not those: keep only the rows where actor is "AWS" and event_type is "contract", joined with &'


@register("p3", success="correct: that many of the timeline's events are marked primary")
def primary_events(value):
    count = answers.whole_number(answers.one_item(value))
    if count is None:
        return "give a whole number, e.g. (table[column] == value).sum()"
    if count == primary_count():
        return True
    return f'count the rows whose confidence equals "{COUNTED_MARK}" (all of the timeline, not a filtered part)'


@register("p4", success="correct: 11:59 PM Pacific on Jan 10 was already Jan 11 in UTC")
def utc_day(value):
    given = day(value)
    if given is None:
        return DAY_FORM
    expected = effect_moment().tz_convert("UTC").date()
    if given == expected:
        return True
    if given == effect_moment().date() and not is_aware(value):
        return 'that is the day in Pacific time, where the time was given: convert with .tz_convert("UTC") first'
    return f"not that day: build the moment from row {ZONE_ROW}'s date, time and time_zone, then convert it to UTC"


@register("p5", success="correct: the first day whose backlog is 0")
def clearing_day(value):
    count = answers.whole_number(answers.one_item(value))
    if count is None:
        return "give a whole number: a day, counted from day 0"
    if count == first_clear_day():
        return True
    return (
        f"build the frame with {NET_CLEARED_PER_DAY:,} cleared a day, clip at 0, and take the first day whose "
        "backlog is 0"
    )


@register("p6", success="correct: the column is date, in lower case, as the table spells it")
def fixed_order_day(value):
    given = day(value)
    if given is None:
        return DAY_FORM
    if given == order_day():
        return True
    return f"not that day: the order is row {ORDER_ROW}; read its date column"
