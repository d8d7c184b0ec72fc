"""Lesson 00's figures: the case timeline and the preliminary-injunction standard, each with a text summary."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from casekit.ui.theme import (
    CONFIDENCE_MARKERS,
    CONFIDENCE_WORDS,
    OKABE_ITO,
    base_layout,
    text_colour_on,
    wrap_hover,
    wrap_words,
)

# The views the timeline offers (first and last day shown); the figure opens on the first.
TIMELINE_VIEWS = {
    "Oct 2020 – Mar 2021": ("2020-10-15", "2021-03-20"),
    "8–21 Jan 2021": ("2021-01-08", "2021-01-21"),
    "Whole case": None,
}


def filter_timeline(
    timeline: pd.DataFrame,
    actors: Iterable[str] | None = None,
    event_types: Iterable[str] | None = None,
    confidences: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Return the timeline rows matching the chosen actors, event types and confidence levels."""
    keep = pd.Series(True, index=timeline.index)
    for column, chosen in (("actor", actors), ("event_type", event_types), ("confidence", confidences)):
        if chosen is not None:
            keep &= timeline[column].astype(str).isin(list(chosen))
    return timeline[keep].sort_values(["date", "id"])


def timeline_figure(timeline: pd.DataFrame, title: str = "Parler v. AWS: what happened, and when") -> go.Figure:
    """Return a timeline: one lane per actor, marker shape by confidence, sources in the hover."""
    fig = go.Figure()
    actors = [a for a in timeline["actor"].cat.categories if a in set(timeline["actor"].astype(str))]
    colours = {actor: OKABE_ITO[i % len(OKABE_ITO)] for i, actor in enumerate(timeline["actor"].cat.categories)}
    for confidence, marker in CONFIDENCE_MARKERS.items():
        rows = timeline[timeline["confidence"].astype(str) == confidence]
        if rows.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=rows["date"].dt.strftime("%Y-%m-%d").tolist(),
                y=rows["actor"].astype(str).tolist(),
                mode="markers",
                name=CONFIDENCE_WORDS[confidence],
                legendgroup=confidence,
                showlegend=False,
                marker=dict(size=13, color=[colours[a] for a in rows["actor"].astype(str)], **marker),
                customdata=[
                    [r.title, r.date_label, r.description, "; ".join(r.source_ids), r.confidence]
                    for r in rows.itertuples()
                ],
                hovertext=[_hover(r) for r in rows.itertuples()],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
        # a neutral legend entry: the shape, not the colour, carries the confidence
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=CONFIDENCE_WORDS[confidence],
                legendgroup=confidence,
                marker=dict(size=13, color="#777777", **marker),
                hoverinfo="skip",
            )
        )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(actors)), title=None)
    views = {name: _padded(days) for name, days in TIMELINE_VIEWS.items()}
    crisis = next(iter(TIMELINE_VIEWS.values()))
    inside = timeline["date"].between(*crisis)
    zoomed = bool(inside.any() and not inside.all())  # open on the crisis only when it hides some events
    fig.update_xaxes(
        title="date (month-only and approximate dates sit at their earliest day)",
        rangeslider=dict(visible=True, thickness=0.08),
        range=views[next(iter(views))] if zoomed else None,
    )
    fig.update_layout(
        updatemenus=[
            dict(
                type="buttons",
                direction="right",
                showactive=True,
                active=0 if zoomed else len(views) - 1,
                x=0,
                xanchor="left",
                y=1.0,
                yanchor="bottom",
                pad=dict(t=0, b=34),
                font=dict(size=13),
                buttons=[
                    dict(
                        label=name,
                        method="relayout",
                        args=[{"xaxis.range": list(days)} if days else {"xaxis.autorange": True}],
                    )
                    for name, days in views.items()
                ],
            )
        ]
    )
    fig = base_layout(fig, title, height=max(380, 60 * len(actors) + 240))
    # the legend above the plot, under the view buttons (counted on the plot area, not the figure as base_layout's)
    fig.update_layout(legend=dict(orientation="h", yref="paper", yanchor="bottom", y=1.0, x=0), margin=dict(t=140))
    return fig


def _padded(days: tuple[str, str] | None) -> tuple[str, str] | None:
    """Return the range that shows DAYS whole: half a day before the first, half a day after the last."""
    if days is None:
        return None
    start, end = (pd.Timestamp(d) for d in days)
    half = pd.Timedelta(hours=12)
    return ((start - half).strftime("%Y-%m-%d %H:%M"), (end + half).strftime("%Y-%m-%d %H:%M"))


def _hover(row) -> str:
    """Return an event's hover label: title, date, description, sources and confidence, wrapped."""
    return "<br>".join(
        [
            f"<b>{wrap_hover(row.title)}</b>",
            wrap_hover(row.date_label),
            wrap_hover(row.description),
            wrap_hover("Sources: " + "; ".join(row.source_ids)),
            wrap_hover(f"Confidence: {CONFIDENCE_WORDS[str(row.confidence)]}"),
        ]
    )


def timeline_summary(timeline: pd.DataFrame) -> str:
    """Return a text summary of the timeline rows, for readers who cannot see the figure."""
    if timeline.empty:
        return "No events match these filters."
    rows = timeline.sort_values(["date", "id"])
    counts = rows["confidence"].astype(str).value_counts()
    parts = [f"{counts.get(level, 0)} {level}" for level in ("primary", "reported", "uncertain")]
    lines = [
        f"{len(rows)} events from {rows.iloc[0].date_label} to {rows.iloc[-1].date_label} "
        f"(confidence: {', '.join(parts)})."
    ]
    for row in rows.itertuples():
        flag = " [UNCERTAIN]" if row.confidence == "uncertain" else ""
        lines.append(f"- {row.date_label}, {row.actor}: {row.title}{flag} (sources: {', '.join(row.source_ids)})")
    return "\n".join(lines)


def rows_after(timeline: pd.DataFrame, event_id: str) -> pd.DataFrame:
    """Return the timeline rows that come after event EVENT_ID in (date, id) order: what came after it."""
    rows = timeline.sort_values(["date", "id"])
    ids = rows["id"].astype(str).tolist() if "id" in rows.columns else [str(i) for i in rows.index]
    if event_id not in ids:
        raise KeyError(f"timeline has no event {event_id!r}")
    return rows.iloc[ids.index(event_id) + 1 :]


def aftermath_figure(
    timeline: pd.DataFrame, event_id: str, title: str = "Parler v. AWS: the whole case, and what came after the order"
) -> go.Figure:
    """Return lesson 00's timeline over the whole case, with the time after event EVENT_ID shaded and labelled."""
    fig = timeline_figure(timeline, title)
    after = rows_after(timeline, event_id)
    if after.empty:
        return fig
    start = timeline.loc[timeline["id"].astype(str) == event_id, "date"].iloc[0]
    end = timeline["date"].max() + pd.Timedelta(days=30)
    fig.add_vrect(
        x0=start.strftime("%Y-%m-%d"),
        x1=end.strftime("%Y-%m-%d"),
        fillcolor="#BBBBBB",
        opacity=0.18,
        line=dict(color="#555555", width=1, dash="dot"),
        layer="below",
        annotation_text="what came after",
        annotation_position="top left",
    )
    fig.layout.xaxis.range = None
    fig.layout.xaxis.autorange = True
    fig.layout.updatemenus[0].active = len(TIMELINE_VIEWS) - 1
    return fig


def aftermath_summary(timeline: pd.DataFrame, event_id: str) -> str:
    """Return the text version of aftermath_figure: the events after EVENT_ID, with sources and confidence."""
    after = rows_after(timeline, event_id)
    if after.empty:
        return f"No events in the timeline come after {event_id}."
    return "What came after:\n" + timeline_summary(after)


def standard_figure(relief_factors: pd.DataFrame, claims: pd.DataFrame) -> go.Figure:
    """Return a sunburst: the preliminary-injunction standard, its four factors, and the three claims."""
    root = "Preliminary injunction"
    factor_names = {
        "success": "1. Likely success on the merits",
        "harm": "2. Likely irreparable harm",
        "equities": "3. Balance of equities",
        "public_interest": "4. Public interest",
    }
    ids, labels, parents, hover = (
        [root],
        [root],
        [""],
        [
            "Winter: all four factors must favour the movant.<br>Ninth Circuit sliding scale: serious questions<br>"
            "+ hardships tipping sharply + the other two factors."
        ],
    )
    values = [12]
    for factor, name in factor_names.items():
        rows = relief_factors[relief_factors["factor"].astype(str) == factor]
        ids.append(factor)
        labels.append(_wrap(name))
        parents.append(root)
        values.append(3)
        hover.append(_wrap(rows.iloc[0]["rule"] if factor != "success" else "Judged claim by claim.", 60))
        if factor == "success":
            for row in rows.itertuples():
                ids.append(row.id)
                labels.append(_wrap(claims.loc[row.claim_id, "name"]))
                parents.append(factor)
                values.append(1)
                hover.append(_wrap(row.rule, 60))
    fills = ["#FFFFFF"] + OKABE_ITO[: len(ids) - 1]
    fig = go.Figure(
        go.Sunburst(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            hovertext=hover,
            hovertemplate="<b>%{label}</b><br>%{hovertext}<extra></extra>",
            marker=dict(colors=fills, line=dict(color="#000000", width=1)),
            insidetextorientation="auto",
            textfont=dict(size=13, color=[text_colour_on(f) for f in fills]),
        )
    )
    return base_layout(fig, "The standard Parler had to meet, and the three claims it rested on", height=640)


def _wrap(text: str, width: int = 18) -> str:
    return "<br>".join(wrap_words(str(text), width))


def standard_summary(relief_factors: pd.DataFrame, claims: pd.DataFrame) -> str:
    """Return the text version of standard_figure."""
    lines = [
        "To win a preliminary injunction Parler had to show all four factors (Winter), or, under the Ninth "
        "Circuit's sliding scale, serious questions on the merits with hardships tipping sharply its way "
        "plus factors 2 and 4:"
    ]
    for number, factor in enumerate(("success", "harm", "equities", "public_interest"), start=1):
        rows = relief_factors[relief_factors["factor"].astype(str) == factor]
        if factor == "success":
            names = ", ".join(claims.loc[r.claim_id, "name"] for r in rows.itertuples())
            lines.append(f"{number}. likely success on the merits, judged for each claim: {names};")
        else:
            lines.append(f"{number}. {rows.iloc[0]['label']}: {rows.iloc[0]['rule']}")
    return "\n".join(lines)
