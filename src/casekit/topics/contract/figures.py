"""Lesson 02's figures: the notice calculator's timeline with Parler's real dates, and the implied rating beside the court's."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import plotly.graph_objects as go

from casekit.ui.theme import CONFIDENCE_MARKERS, CONFIDENCE_WORDS, OKABE_ITO, base_layout, wrap_hover

PACIFIC = ZoneInfo("America/Los_Angeles")
YOURS, PARLERS = "Your notice", "Parler's case"
# The learner's points: each kind has its own marker shape, colour and size, and its own legend words (in
# this order). Points that fall at the same moment (notice, an immediate suspension and termination) are
# drawn largest first, so the smaller ones stay visible inside: the termination is an open square around
# them, and the star is never hidden under it.
POINT_STYLES = {
    "notice": dict(symbol="star", color=OKABE_ITO[7], name="notice given", size=13),
    "suspend": dict(symbol="triangle-up", color=OKABE_ITO[1], name="earliest suspension", size=19),
    "terminate": dict(symbol="square-open", color=OKABE_ITO[5], name="earliest termination", size=28),
    "cure": dict(symbol="x", color=OKABE_ITO[2], name="cure window ends", size=13),
}
DRAW_ORDER = sorted(POINT_STYLES, key=lambda kind: -POINT_STYLES[kind]["size"])
# Parler's row spans -0.7..1.4 on the category axis (Parler's case at 0, your notice at 1), leaving room
# inside the plot for the date labels drawn above and below its points.
Y_RANGE = [-0.7, 1.4]
RATING_WORDS = ["strongly AWS", "AWS", "balanced", "Parler", "strongly Parler"]


def _pacific(moment: dt.datetime) -> str:
    return moment.astimezone(PACIFIC).strftime("%Y-%m-%d %H:%M")


def _day(day: dt.date) -> str:
    return day.strftime("%Y-%m-%d 00:00")


def learner_points(schedule, notice_at: dt.datetime) -> list[dict]:
    """Return the learner's points: the notice, each remedy's earliest effect and any cure-window end."""
    points = [dict(kind="notice", at=notice_at, text="Notice given")]
    for row in schedule:
        points.append(
            dict(
                kind=row.clause.action,
                at=row.effect_at,
                text=f"{row.clause.section}: earliest {row.clause.action} ({row.clause.notice})",
            )
        )
        if row.cure_ends is not None:
            points.append(dict(kind="cure", at=row.cure_ends, text=f"{row.clause.section}: cure window ends"))
    return points


def notice_figure_json(schedule, notice_at: dt.datetime, parler_dates) -> dict:
    """Return the calculator's timeline as plotly JSON: the learner's notice and remedies, Parler's real dates below.

    Times are drawn in Pacific time (the court's and AWS's zone); Parler's dates known only to the day
    are drawn at the start of that day, and their hover says so.
    """
    traces = []
    for kind in DRAW_ORDER:
        style = POINT_STYLES[kind]
        points = [p for p in learner_points(schedule, notice_at) if p["kind"] == kind]
        if not points:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": f"you: {style['name']}",
                "legendgroup": "you",
                "legendrank": 1 + list(POINT_STYLES).index(kind),
                "x": [_pacific(p["at"]) for p in points],
                "y": [YOURS] * len(points),
                "marker": {
                    "symbol": style["symbol"],
                    "size": style["size"],
                    "color": style["color"],
                    # an open marker is drawn by its line alone: thick, in its own colour
                    "line": {"width": 3, "color": style["color"]}
                    if style["symbol"].endswith("-open")
                    else {"width": 1, "color": "#000000"},
                },
                "customdata": [[wrap_hover(p["text"]), wrap_hover(_words(p["at"]))] for p in points],
                "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
            }
        )
    parler_dates = list(parler_dates)
    side_of = dict(zip(map(id, parler_dates), label_sides(parler_dates)))
    for confidence, marker in CONFIDENCE_MARKERS.items():
        dates = [d for d in parler_dates if d.confidence == confidence]
        if not dates:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "name": f"Parler's case: {CONFIDENCE_WORDS[confidence]}",
                "legendgroup": "parler",
                "x": [_moment(d) for d in dates],
                "y": [PARLERS] * len(dates),
                "text": [f"{d.day:%b} {d.day.day}" for d in dates],
                "textposition": [side_of[id(d)] for d in dates],
                "cliponaxis": False,
                "marker": {"size": 14, "color": OKABE_ITO[0], **marker},
                "customdata": [
                    [wrap_hover(d.label), wrap_hover(_date_words(d)), "; ".join(d.source_ids), d.confidence]
                    for d in dates
                ],
                "hovertemplate": (
                    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>Sources: %{customdata[2]}"
                    "<br>Confidence: %{customdata[3]}<extra></extra>"
                ),
            }
        )
    layout = dict(_layout())
    layout["title"] = {
        **layout["title"],
        "text": "Your notice and its remedies, above Parler's real dates (Pacific time)",
    }
    return {"data": traces, "layout": layout}


def _moment(date) -> str:
    return _pacific(date.moment) if date.moment else _day(date.day)


def label_sides(parler_dates) -> list[str]:
    """Return where each of PARLER_DATES has its label, in their order: taken in time order, alternately above
    and below its point, so the labels of neighbouring days ("Jan 9", "Jan 10") never collide."""
    order = sorted(range(len(parler_dates)), key=lambda i: _moment(parler_dates[i]))
    sides = [""] * len(parler_dates)
    for rank, i in enumerate(order):
        sides[i] = ("top center", "bottom center")[rank % 2]
    return sides


def _words(moment: dt.datetime) -> str:
    from casekit.topics.contract.reasoning import format_moment, in_zones

    return " = ".join(format_moment(m) for m in in_zones(moment).values())


def _date_words(date) -> str:
    if date.moment is not None:
        return _words(date.moment)
    note = "computed by the kit" if date.computed else "time of day not recorded"
    return f"{date.day:%a %b} {date.day.day}, {date.day.year} ({note})"


@lru_cache(maxsize=1)
def _layout() -> dict:
    """The constant layout of notice_figure_json, validated once."""
    fig = base_layout(go.Figure(), "", height=380)
    fig.update_yaxes(categoryorder="array", categoryarray=[PARLERS, YOURS], title=None, range=Y_RANGE)
    fig.update_xaxes(title="Pacific time (hover for Eastern and UTC)", type="date")
    return fig.to_plotly_json()["layout"]


def notice_summary(schedule, notice_at: dt.datetime, parler_dates) -> str:
    """Return the text version of notice_figure_json: every point, in Pacific, Eastern and UTC time."""
    lines = [f"Notice given: {_words(notice_at)}."]
    if not schedule:
        lines.append("No clause in the kit's sources gives a remedy for this choice.")
    for row in schedule:
        lines.append(
            f"{row.clause.section} ({row.clause.title}): earliest {row.clause.action}: {_words(row.effect_at)}"
            f" [{row.clause.notice}; confidence: {row.clause.confidence}]."
        )
        if row.effect_at_excluding_first_day is not None:
            lines.append(
                f"  Counted with the first day left out (RCW 1.12.040, uncertain as applied): from "
                f"{_words(row.effect_at_excluding_first_day)}."
            )
        if row.cure_ends is not None:
            lines.append(f"  Cure window ends: {_words(row.cure_ends)}.")
            if row.cure_ends_excluding_first_day is not None:
                lines.append(f"  With the first day left out: from {_words(row.cure_ends_excluding_first_day)}.")
        elif row.clause.cure_days == 0:
            lines.append("  No cure period.")
    lines.append("Parler's real dates:")
    for d in parler_dates:
        flag = " [UNCERTAIN]" if d.confidence == "uncertain" else ""
        lines.append(
            f"- {_date_words(d)}: {d.label}{flag} (confidence: {d.confidence}; sources: {', '.join(d.source_ids)})"
        )
    return "\n".join(lines)


def rating_figure_json(rating: int | None, court_rating: int) -> dict:
    """Return two bars on lesson 01's -2..+2 scale: the rating the learner's readings imply, and the court's."""
    values = [0 if rating is None else rating, court_rating]
    names = ["your readings imply", "the court, as the kit reads it"]
    words = [("no conclusion yet" if rating is None else _rating_words(rating)), _rating_words(court_rating)]
    bars = {
        "type": "bar",
        "orientation": "h",
        "x": values,
        "y": names,
        "text": words,
        "textposition": "outside",
        "hovertemplate": "%{y}: %{text}<extra></extra>",
        "showlegend": False,
        "marker": {
            "color": [OKABE_ITO[0] if v > 0 else OKABE_ITO[1] if v < 0 else "#BBBBBB" for v in values],
            "pattern": {
                "shape": ["" if v > 0 else "/" if v < 0 else "." for v in values],
                "fgcolor": "#000000",
                "fillmode": "overlay",
            },
            "line": {"color": "#000000", "width": 1},
        },
    }
    layout = dict(_rating_layout())
    layout["title"] = {**layout["title"], "text": "Likely success of the contract claim (lesson 01's scale)"}
    return {"data": [bars], "layout": layout}


def _rating_words(value: int) -> str:
    return f"{RATING_WORDS[value + 2]} ({value:+d})" if value else "balanced (0)"


@lru_cache(maxsize=1)
def _rating_layout() -> dict:
    fig = base_layout(go.Figure(), "", height=240)
    fig.update_xaxes(range=[-2.9, 3.4], tickvals=[-2, -1, 0, 1, 2], ticktext=RATING_WORDS, zeroline=True)
    fig.update_yaxes(autorange="reversed")
    return fig.to_plotly_json()["layout"]


def rating_summary(rating: int | None, court_rating: int) -> str:
    """Return the text version of rating_figure_json."""
    yours = "no conclusion yet (an open question still matters)" if rating is None else _rating_words(rating)
    return f"Your readings imply: {yours}. The court, as the kit reads its finding: {_rating_words(court_rating)}."
