"""casekit.grading.readings: a hidden question's answer equals the key's in every equivalent form, and only then."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from casekit.grading import readings


def _same(key, given, form="", tolerance=None):
    line = readings.report_line("1a", given, form)
    return readings.same(readings.read(key, form), readings.parse(line, "1a"), form, tolerance)


@pytest.mark.parametrize(
    ("key", "given", "form"),
    [
        (14, "14", "whole number"),
        (14, 14.0, ""),
        (np.int64(14), pd.Timedelta(days=14), "number of days"),
        (True, "true", "True/False"),
        (np.bool_(False), False, ""),
        ("7.2(b)(i)", "§ 7.2 (b)(i)", "section reference"),
        ("7.2(b)(i)", ["Section 7.2(b)(i)"], ""),
        ("b", "(B)", "letter a-d"),
        ("irreparable_harm", "Irreparable harm", "factor id"),
        ("highly concentrated", ["Highly  concentrated"], ""),
        (["nc_2", "nc_1"], pd.DataFrame(index=["nc_1", "nc_2"]), ""),
        (0.4321, 0.43, "number"),
        (2345.6, 2346, "number"),
        (0.4321, 43.21, "share"),
        (
            pd.Timestamp("2021-01-10 23:59", tz="America/Los_Angeles").tz_convert("Asia/Tokyo"),
            dt.datetime(2021, 1, 11, 16, 59, tzinfo=dt.timezone(dt.timedelta(hours=9))),
            "moment",
        ),
    ],
)
def test_every_equivalent_form_of_the_keys_answer_is_the_same_answer(key, given, form):
    assert _same(key, given, form)


@pytest.mark.parametrize(
    ("key", "given", "form"),
    [
        (14, 15, "whole number"),
        (14, True, "whole number"),  # a bool is not a number
        (14, "fourteen", ""),
        (True, 1, "True/False"),
        ("7.2(b)(i)", "7.2(b)(ii)", "section reference"),
        ("b", "c", "letter a-d"),
        ("irreparable_harm", "public_interest", "factor id"),
        (["nc_1", "nc_2"], ["nc_1"], ""),
        (0.4321, 0.44, "number"),
        (0.4321, 43.21, "number"),  # a percentage only where the form is a share
        (
            pd.Timestamp("2021-01-11 07:59", tz="UTC"),
            pd.Timestamp("2021-01-10 23:59", tz="America/Los_Angeles"),  # same instant, another zone
            "moment",
        ),
        (3, ..., "whole number"),
    ],
)
def test_a_different_answer_is_not_the_same(key, given, form):
    assert not _same(key, given, form)


def test_a_tolerance_from_the_key_overrides_the_default_and_no_report_is_no_answer():
    assert _same(2345.6, 2347, "number", tolerance=2) and not _same(2345.6, 2347, "number")
    assert readings.parse("printed something else\n", "1a") is None
    assert not readings.same(readings.read(3), None)
    assert readings.parse(readings.report_line("1a", object()), "1a")["repr"].startswith("<object")


def test_a_forms_own_normaliser_decides_when_the_form_declares_one(monkeypatch):
    from casekit.checks import forms

    weekday = forms.Form(lambda v: True, "a weekday", '"Friday"')
    object.__setattr__(weekday, "normalise", lambda v: str(v).strip().casefold()[:3] or None)
    monkeypatch.setattr(forms, "all_forms", lambda: {"weekday": weekday})
    assert _same("Friday", " fri", "weekday") and not _same("Friday", "Sat", "weekday")
    assert not _same("Friday", " fri", "")  # the generic text reading wants the whole word
