"""Lesson 02's notice figure: no label or marker hides another (issue 22)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from casekit.topics.contract import figures
from casekit.topics.contract import reasoning as contract
from casekit.ui.theme import LEGEND_BELOW

LA = ZoneInfo("America/Los_Angeles")


def figure(notice=dt.datetime(2021, 1, 9, 12, 0, tzinfo=LA)):
    dates = contract.parler_dates()
    return figures.notice_figure_json(contract.notice_schedule("end_user_breach", notice), notice, dates), dates


def test_parlers_neighbouring_dates_are_labelled_on_alternate_sides_of_their_points():
    fig, dates = figure()
    labelled = sorted(
        (x, side, text)
        for t in fig["data"]
        if t["legendgroup"] == "parler"
        for x, side, text in zip(t["x"], t["textposition"], t["text"])
    )
    assert len(labelled) == len(dates) >= 3
    sides = [side for _, side, _ in labelled]
    assert all(a != b for a, b in zip(sides, sides[1:])), labelled  # "Jan 9" and "Jan 10" never on one side
    assert set(sides) == {"top center", "bottom center"}
    lo, hi = fig["layout"]["yaxis"]["range"]
    assert lo < -0.5 and hi > 1.3  # room inside the plot for the labels below and above Parler's row


def test_coinciding_points_are_drawn_largest_first_and_listed_in_the_legend_in_the_kits_order():
    fig, _ = figure()
    mine = [t for t in fig["data"] if t["legendgroup"] == "you"]
    sizes = [t["marker"]["size"] for t in mine]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) > 1  # the star is drawn over the square
    order = [t["name"] for t in sorted(mine, key=lambda t: t["legendrank"])]
    assert order == [f"you: {s['name']}" for k, s in figures.POINT_STYLES.items() if f"you: {s['name']}" in order]
    square = next(t for t in mine if t["marker"]["symbol"].startswith("square"))
    assert square["marker"]["symbol"].endswith("-open")  # what is drawn on the same moment shows through


def test_the_legend_sits_below_the_axis_title():
    fig, _ = figure()
    assert fig["layout"]["legend"]["yref"] == LEGEND_BELOW["yref"] == "container"
