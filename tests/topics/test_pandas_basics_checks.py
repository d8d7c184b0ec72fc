"""casekit.topics.pandas_basics.checks: the on-ramp's self-checks read their answers from the datasets, pass every
equivalent form (EQUIVALENTS, run by tests/checks/test_equivalents.py), and give a wrong answer a true hint."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import numpy as np
import pandas as pd
import pytest

from casekit import data
from casekit.checks import FAIL, REGISTRY, verdict
from casekit.topics.pandas_basics import checks as onramp

QUESTIONS = ("p1", "p2", "p3", "p4", "p5", "p6")
ODD_VALUES = [None, "", "   ", True, [], {}, object(), np.nan, pd.NA, pd.NaT, b"bytes", "💥", 3.5, 20210111]


def _numbers(n: int) -> list:
    return [
        n,
        np.int64(n),
        np.int32(n),
        float(n),
        np.float64(n),
        str(n),
        f" {n} ",
        f"{n}.0",
        np.array(n),
        pd.Series([n]),
        pd.Series([n]).iloc[0],
    ]


def _days(moment: pd.Timestamp) -> list:
    """Forms of the day of MOMENT (naive: that day; aware: its day in UTC)."""
    utc = moment.tz_convert("UTC") if moment.tzinfo else moment
    day = utc.date()
    forms = [
        day,
        dt.datetime(day.year, day.month, day.day),
        pd.Timestamp(day),
        np.datetime64(day.isoformat()),
        day.isoformat(),
        f" {day.isoformat()} ",
        f"{day:%B} {day.day}, {day.year}",
        f"{day:%b} {day.day} {day.year}",
        f"{day.day} {day:%B} {day.year}",
        pd.Series([pd.Timestamp(day)]),
        pd.Index([pd.Timestamp(day)]),
    ]
    if moment.tzinfo:
        forms += [moment, moment.tz_convert("America/New_York"), utc, moment.to_pydatetime(), pd.Series([moment])]
    return forms


def _zone_forms() -> list:
    name = onramp.effect_zone()
    return [
        name,
        name.lower(),
        name.upper(),
        f" {name} ",
        "US/Pacific",
        pd.Series([name]),
        np.array([name]),
        zoneinfo.ZoneInfo(name),
        onramp.effect_moment().tz,
        [name],
    ]


def _id_forms() -> list:
    ids = sorted(onramp.court_rulings())
    timeline = data.load("timeline")
    return [
        ids,
        ids[::-1],
        set(ids),
        tuple(ids),
        pd.Series(ids),
        pd.Index(ids),
        np.array(ids),
        timeline.loc[ids],
        [i.upper() for i in ids],
    ]


def _wrong_ids() -> list:
    ids = sorted(onramp.court_rulings())
    timeline = data.load("timeline")
    court = list(timeline.index[timeline["actor"].astype(str) == "AWS"])
    rulings = list(timeline.index[timeline["event_type"].astype(str) == "contract"])
    return [[ids[0]], [ids[-1]], court, rulings, ids + ["t01"], ["t01", "t02"]]


def _other_days(correct: dt.date) -> list:
    timeline = data.load("timeline")
    others = sorted({d.date() for d in timeline["date"]} - {correct})
    return others[:5] + [correct + dt.timedelta(days=1), (correct - dt.timedelta(days=1)).isoformat(), "1999-12-31"]


EQUIVALENTS = {
    "p1": _zone_forms,
    "p2": _id_forms,
    "p3": lambda: _numbers(onramp.primary_count()),
    "p4": lambda: _days(onramp.effect_moment()),
    "p5": lambda: _numbers(onramp.first_clear_day()),
    "p6": lambda: _days(pd.Timestamp(onramp.order_day())),
}
WRONG = {
    "p1": lambda: ["America/New_York", "UTC", "Europe/London", "america/chicago"],
    "p2": _wrong_ids,
    "p3": lambda: (
        [n for n in range(onramp.primary_count() - 3, onramp.primary_count() + 4) if n != onramp.primary_count()]
        + [len(data.load("timeline"))]
    ),
    "p4": lambda: _other_days(onramp.effect_moment().tz_convert("UTC").date()),
    "p5": lambda: [onramp.first_clear_day() - 1, onramp.first_clear_day() + 1, 0, 26],
    "p6": lambda: _other_days(onramp.order_day()),
}


def _hint(question, value):
    line = verdict(question, value)
    assert line.startswith(f"{question} {FAIL} "), line
    return line


def test_answers_are_read_from_the_datasets():
    timeline = data.load("timeline")
    row = timeline.loc[onramp.ZONE_ROW]
    assert onramp.effect_zone() == row["time_zone"]
    assert onramp.effect_moment() == pd.Timestamp(f"{row['date']:%Y-%m-%d} {row['time']}", tz=row["time_zone"])
    wanted = timeline[(timeline["actor"] == "AWS") & (timeline["event_type"] == "contract")]
    assert onramp.court_rulings() == frozenset(wanted.index) and len(wanted) >= 2
    assert onramp.primary_count() == (timeline["confidence"] == "primary").sum()
    assert onramp.order_day() == timeline.loc["t23", "date"].date()
    days = pd.DataFrame({"day": range(30)})
    days["backlog"] = (onramp.record_backlog() - days["day"] * onramp.NET_CLEARED_PER_DAY).clip(lower=0)
    assert onramp.first_clear_day() == days.loc[days["backlog"] == 0, "day"].iloc[0]


def test_the_pacific_day_gets_the_time_zone_hint_and_no_other_day_does():
    assert "tz_convert" in _hint("p4", onramp.effect_moment().date())
    assert "tz_convert" in _hint("p4", onramp.effect_moment().tz_localize(None))  # naive: the Pacific wall clock
    assert "tz_convert" not in _hint("p4", "2021-01-09")
    earlier = pd.Timestamp(
        "2021-01-10 12:00", tz=onramp.effect_zone()
    )  # aware, but not the moment: converting won't help
    assert "tz_convert" not in _hint("p4", earlier) and "build the moment" in _hint("p4", earlier)
    assert "tz_convert" not in _hint("p4", "2021-01-10T12:00-08:00")


def test_a_subset_of_the_rows_is_told_it_is_incomplete_and_a_superset_is_not():
    first = sorted(onramp.court_rulings())[0]
    assert "not all of them" in _hint("p2", [first])
    assert "not all of them" not in _hint("p2", sorted(onramp.court_rulings()) + ["t01"])


@pytest.mark.parametrize(
    "question, value, words",
    [
        ("p1", "Pacific time", "as the table holds it"),
        ("p1", 7, "as the table holds it"),
        ("p2", "t99", "ids from the timeline"),
        ("p3", "six", "whole number"),
        ("p4", "Jan 11", "give a day"),
        ("p4", 11, "give a day"),
        ("p5", 6.5, "whole number"),
        ("p6", "the 21st", "give a day"),
    ],
)
def test_answers_not_understood_get_a_hint_about_their_form(question, value, words):
    assert words in _hint(question, value)


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("value", ODD_VALUES, ids=[type(v).__name__ for v in ODD_VALUES])
def test_odd_values_never_raise_and_never_pass(question, value):
    line = _hint(question, value)
    assert "could not check" not in line and "\n" not in line
    assert isinstance(REGISTRY[question].judge(value), str)
