"""Lesson 03's figures: the report backlog over time, the filter's precision-recall curve, a confusion matrix.

Each figure has a plain-text summary beside it (`*_summary`); meaning never rests on colour alone
(line dashes, marker shapes and printed numbers carry it too).
"""

from __future__ import annotations

import math
from functools import lru_cache

import plotly.graph_objects as go

from casekit.topics.moderation import reasoning as moderation
from casekit.ui.theme import OKABE_ITO, base_layout


def backlog_figure_json(queue: moderation.Queue) -> dict:
    """Return the backlog day by day for QUEUE as plain plotly JSON (built without validation, fast)."""
    days = list(range(len(queue.curve)))
    never = queue.clear_in is None
    line = {
        "type": "scatter",
        "x": days,
        "y": queue.curve,
        "mode": "lines+markers",
        "name": "reports waiting",
        "line": {"color": OKABE_ITO[5] if never else OKABE_ITO[0], "width": 3, "dash": "dash" if never else "solid"},
        "marker": {"symbol": "triangle-up" if never else "circle", "size": 5},
        "hovertemplate": "end of day %{x}: %{y:,.0f} reports waiting<extra></extra>",
    }
    start = {
        "type": "scatter",
        "x": [0, days[-1]],
        "y": [queue.initial, queue.initial],
        "mode": "lines",
        "name": f"starting backlog ({queue.initial:,.0f}, from the record)",
        "line": {"color": "#000000", "width": 1, "dash": "dot"},
        "hoverinfo": "skip",
    }
    if never:
        title = f"The backlog never clears: capacity {queue.capacity:,.0f}/day vs {queue.arrivals:,.0f} arriving"
    elif queue.clear_in == 0:
        title = "No backlog to clear"
    else:
        title = f"The backlog clears in {queue.clear_in:,.1f} days (capacity {queue.capacity:,.0f}/day)"
    layout = dict(_backlog_layout())
    layout["title"] = {**layout["title"], "text": title}
    layout["yaxis"] = {**layout["yaxis"], "range": [0, max(max(queue.curve), queue.initial, 1) * 1.08]}
    return {"data": [line, start], "layout": layout}


def backlog_figure(queue: moderation.Queue) -> go.Figure:
    """Return backlog_figure_json as a plotly Figure."""
    return go.Figure(backlog_figure_json(queue))


def backlog_summary(queue: moderation.Queue) -> str:
    """The text beside the backlog figure: the queue in words, then the wait a new report faces (`wait_summary`)."""
    return moderation.describe_queue(queue) + "\n" + wait_summary(queue)


def wait_summary(queue: moderation.Queue) -> str:
    """The first-come, first-served wait of a report filed now and at the end of the run, and where Little's law
    holds (only in a stable queue, for long-run averages)."""
    if queue.capacity == 0:
        return (
            "First come, first served: with no reviews a day, a report filed now is never reviewed.\n"
            "Little's law (L = λW) does not apply: the queue is not stable."
        )
    now = moderation.fcfs_wait(queue.initial, queue.capacity)
    later = moderation.fcfs_wait(queue.curve[-1], queue.capacity)
    lines = [
        f"First come, first served: a report filed now waits until the team has reviewed the "
        f"{queue.initial:,.0f} reports ahead of it, about {now:,.1f} days at {queue.capacity:,.0f} reviews a day "
        "(backlog ÷ capacity: more moderators, shorter wait)."
    ]
    if moderation.grows_without_bound(queue.arrivals, queue.capacity):
        lines.append(
            f"Arrivals exceed capacity, so each later report waits longer: one filed on day {queue.days} would wait "
            f"{later:,.1f} days. The wait GROWS WITHOUT BOUND."
        )
        lines.append("Little's law (L = λW) does not apply: it needs a stable queue, with capacity above arrivals.")
    elif queue.capacity == queue.arrivals:
        lines.append(
            f"Capacity only matches arrivals: the backlog never shrinks, and a report filed on day {queue.days} "
            f"still waits {later:,.1f} days. Little's law (L = λW) needs capacity above arrivals."
        )
    else:
        lines.append(f"A report filed on day {queue.days} would wait {later:,.1f} days.")
        lines.append(
            "Capacity keeps up, so the queue is stable: Little's law (L = λW) then links its long-run averages "
            "(reports waiting = arrivals a day × average wait), not this starting snapshot."
        )
    return "\n".join(lines)


@lru_cache(maxsize=1)
def _backlog_layout() -> dict:
    fig = base_layout(go.Figure(), "", height=380)
    fig.update_xaxes(title_text="day (hypothetical parameters)", rangemode="tozero")
    fig.update_yaxes(title_text="reports waiting at the end of the day", tickformat=",")
    return fig.to_plotly_json()["layout"]


def pr_figure_json(curve, result: moderation.FilterResult | None = None) -> dict:
    """Return the filter's precision and recall against the threshold, with the current threshold marked."""
    thresholds = [float(t) for t in curve["threshold"]]
    traces = [
        {
            "type": "scatter",
            "x": thresholds,
            "y": [float(p) for p in curve["precision"]],
            "mode": "lines+markers",
            "name": "precision (of removed posts, share that needed action)",
            "line": {"color": OKABE_ITO[0], "width": 3},
            "marker": {"symbol": "circle", "size": 8},
            "hovertemplate": "threshold %{x:g}: precision %{y:.2f}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": thresholds,
            "y": [float(r) for r in curve["recall"]],
            "mode": "lines+markers",
            "name": "recall (of posts needing action, share caught)",
            "line": {"color": OKABE_ITO[1], "width": 3, "dash": "dash"},
            "marker": {"symbol": "square", "size": 8},
            "hovertemplate": "threshold %{x:g}: recall %{y:.2f}<extra></extra>",
        },
    ]
    title = "The keyword filter: precision and recall as the threshold moves"
    if result is not None:
        points = [
            (v, name) for v, name in ((result.precision, "precision"), (result.recall, "recall")) if not math.isnan(v)
        ]
        # the words go on the side of the marker with more room: left of it in the right half of the curve
        right_half = result.threshold > (min(thresholds) + max(thresholds)) / 2 if thresholds else False
        traces.append(
            {
                "type": "scatter",
                "x": [result.threshold] * len(points),
                "y": [v for v, _ in points],
                "mode": "markers+text",
                "text": [f"{name} {v:.2f}" for v, name in points],
                "textposition": "middle left" if right_half else "middle right",
                "cliponaxis": False,
                # a halo in the background's colour keeps the words readable where a curve runs behind them
                "textfont": {"shadow": "auto"},
                "name": f"your threshold ({result.threshold:g})",
                "hoverinfo": "skip",
                "marker": {
                    "symbol": "x-thin-open",
                    "size": 16,
                    "color": "#000000",
                    "line": {"width": 3, "color": "#000000"},
                },
            }
        )
        title = (
            f"Threshold {result.threshold:g}: " + ", ".join(f"{name} {v:.2f}" for v, name in points)
            if points
            else f"Threshold {result.threshold:g}: nothing removed"
        )
    layout = dict(_pr_layout())
    layout["title"] = {**layout["title"], "text": title}
    return {"data": traces, "layout": layout}


def pr_figure(curve, result: moderation.FilterResult | None = None) -> go.Figure:
    """Return pr_figure_json as a plotly Figure."""
    return go.Figure(pr_figure_json(curve, result))


def pr_summary(curve, result: moderation.FilterResult | None = None) -> str:
    """The text beside the precision-recall figure: each threshold's precision and recall, and the current one."""
    lines = ["Threshold: precision, recall (a post is removed when its score is at least the threshold)"]
    for row in curve.itertuples():
        lines.append(f"  {row.threshold:g}: precision {row.precision:.2f}, recall {row.recall:.2f}")
    if result is not None:
        precision = "undefined (nothing removed)" if math.isnan(result.precision) else f"{result.precision:.2f}"
        lines.append(
            f"At your threshold {result.threshold:g}: {sum(result.flagged)} posts removed, precision "
            f"{precision}, recall {result.recall:.2f}; {len(result.over_removed)} over-removed, "
            f"{len(result.missed)} missed."
        )
    return "\n".join(lines)


@lru_cache(maxsize=1)
def _pr_layout() -> dict:
    fig = base_layout(go.Figure(), "", height=380)
    fig.update_xaxes(title_text="threshold (filter score)", dtick=1)
    fig.update_yaxes(title_text="share", range=[-0.02, 1.05])
    return fig.to_plotly_json()["layout"]


def confusion_figure(table, title: str = "Your labels against the reference", who: str = "you") -> go.Figure:
    """Return a confusion matrix (rows reference, columns WHO's labels) as a grid of marked, printed counts.

    Agreements (the diagonal) are blue squares, disagreements orange diamonds; each marker's size
    grows with its count, and the count is printed on it, so no meaning rests on colour alone.
    """
    cells = [(str(r), str(c), int(table.loc[r, c])) for r in table.index for c in table.columns]
    top = max([n for _, _, n in cells] + [1])
    agree = [r == c for r, c, _ in cells]
    fig = go.Figure(
        go.Scatter(
            x=[f"{who}: {c}" for _, c, _ in cells],
            y=[f"reference: {r}" for r, _, _ in cells],
            mode="markers+text",
            text=[str(n) for _, _, n in cells],
            textfont=dict(size=15, color="#000000"),
            name="posts",
            marker=dict(
                symbol=["square" if a else "diamond" for a in agree],
                size=[24 + 36 * n / top for _, _, n in cells],
                color=[OKABE_ITO[4] if a else OKABE_ITO[1] for a in agree],
                line=dict(width=1, color="#000000"),
            ),
            customdata=["agree" if a else "disagree" for a in agree],
            hovertemplate="%{y}, %{x}: %{text} posts (%{customdata})<extra></extra>",
        )
    )
    base_layout(fig, title, height=360)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(showlegend=False)
    return fig


def confusion_summary(table, who: str = "you") -> str:
    """The text beside the confusion matrix: agreements, then each kind of disagreement with its count.

    WHO names the labeller compared with the reference (the learner, "you", unless said otherwise).
    """
    total = int(table.to_numpy().sum())
    agree = int(sum(table.loc[label, label] for label in table.index))
    lines = [f"{who[:1].upper()}{who[1:]} agreed with the reference on {agree} of {total} posts."]
    for reference in table.index:
        for yours in table.columns:
            if reference != yours and table.loc[reference, yours]:
                lines.append(f"  reference {reference}, {who} {yours}: {int(table.loc[reference, yours])}")
    return "\n".join(lines)


# --- precision against prevalence (base rates) ----------------------------------------------------

PREVALENCE_GRID = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5)


def _percent(share: float) -> str:
    """0.001 -> '0.1%', 0.05 -> '5%', 17/42 -> '40.5%'."""
    return f"{share * 100:.3g}%"


def _per_catch(value: float) -> str:
    if math.isnan(value):
        return "undefined (nothing removed)"
    return "no true catch" if math.isinf(value) else f"{value:,.1f}"


def prevalence_figure_json(
    recall: float, false_positive_rate: float, sample_prevalence: float | None = None, chosen: float | None = None
) -> dict:
    """Return the filter's precision against prevalence (log axis) as plotly JSON, with the sample and a choice marked.

    RECALL and FALSE_POSITIVE_RATE are the filter's per-class rates at one threshold; they do not change with
    prevalence, its precision does. Markers and printed labels carry the meaning, not colour.
    """
    grid = sorted(set(PREVALENCE_GRID) | {p for p in (sample_prevalence, chosen) if p})
    traces = [
        {
            "type": "scatter",
            "x": grid,
            "y": [moderation.precision_at_prevalence(recall, false_positive_rate, p) for p in grid],
            "mode": "lines+markers",
            "name": "precision (share of removals that were right)",
            "line": {"color": OKABE_ITO[0], "width": 3},
            "marker": {"symbol": "circle", "size": 7},
            "hovertemplate": "prevalence %{x:.1%}: precision %{y:.3f}<extra></extra>",
        }
    ]
    marks = [(sample_prevalence, "the 42 synthetic posts", "square", OKABE_ITO[1], "top left")]
    # below the point unless that would put the label on the x axis's tick labels (a low precision)
    low = chosen is not None and moderation.precision_at_prevalence(recall, false_positive_rate, chosen) < 0.15
    marks.append((chosen, "your prevalence", "diamond", OKABE_ITO[5], "top right" if low else "bottom right"))
    for share, name, symbol, colour, position in marks:
        if share is None:
            continue
        value = moderation.precision_at_prevalence(recall, false_positive_rate, share)
        traces.append(
            {
                "type": "scatter",
                "x": [share],
                "y": [value],
                "mode": "markers+text",
                "text": [f"{name}: {value:.2f}"],
                "textposition": position,
                "cliponaxis": False,
                "textfont": {"shadow": "auto"},
                "name": f"{name} ({_percent(share)})",
                "hoverinfo": "skip",
                "marker": {"symbol": symbol, "size": 13, "color": colour, "line": {"width": 2, "color": "#000000"}},
            }
        )
    layout = dict(_prevalence_layout())
    layout["title"] = {
        **layout["title"],
        "text": f"Same filter (recall {recall:.2f}, false positive rate {false_positive_rate:.2f}), rarer violations",
    }
    return {"data": traces, "layout": layout}


def prevalence_figure(
    recall: float, false_positive_rate: float, sample_prevalence: float | None = None, chosen: float | None = None
) -> go.Figure:
    """Return prevalence_figure_json as a plotly Figure."""
    return go.Figure(prevalence_figure_json(recall, false_positive_rate, sample_prevalence, chosen))


def prevalence_summary(
    recall: float, false_positive_rate: float, sample_prevalence: float | None = None, chosen: float | None = None
) -> str:
    """The text beside the precision-against-prevalence figure: precision and wrongful removals per true catch."""
    lines = [
        f"The filter catches {recall:.0%} of posts needing action and removes {false_positive_rate:.0%} of the "
        "posts the policy allows, whatever the prevalence. Prevalence (share of posts needing action): precision; "
        "wrongful removals per true catch"
    ]
    rows = sorted(set(PREVALENCE_GRID) | {p for p in (sample_prevalence, chosen) if p})
    for share in rows:
        notes = [n for p, n in ((sample_prevalence, "the 42 synthetic posts"), (chosen, "your choice")) if p == share]
        precision = moderation.precision_at_prevalence(recall, false_positive_rate, share)
        per_catch = moderation.wrongful_per_true_catch(recall, false_positive_rate, share)
        point = "undefined (nothing removed)" if math.isnan(precision) else f"{precision:.3f}; {_per_catch(per_catch)}"
        lines.append(f"  {_percent(share)}: {point}" + (f" ({', '.join(notes)})" if notes else ""))
    return "\n".join(lines)


@lru_cache(maxsize=1)
def _prevalence_layout() -> dict:
    fig = base_layout(go.Figure(), "", height=400)
    fig.update_xaxes(
        title_text="prevalence: share of all posts that need action (log scale)", type="log", tickformat=".1%"
    )
    fig.update_yaxes(title_text="precision", range=[-0.02, 1.05])
    return fig.to_plotly_json()["layout"]
