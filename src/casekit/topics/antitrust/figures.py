"""Lesson 04's figures: one analyst's market shares, and the HHI of each market definition against the guidelines.

Every figure has a plain-text twin (`*_summary`) to show beside it; no meaning rests on colour
alone (uncertain shares and the unnamed remainder carry a pattern and words).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import plotly.graph_objects as go

from casekit.topics.antitrust import reasoning as antitrust
from casekit.ui.theme import OKABE_ITO, base_layout

REMAINDER_GREY = "#BBBBBB"
# Each guidelines' thresholds: a line colour and dash (told apart without colour by the dash, the legend's
# words and each line's own label), the legend's words, and the row of labels above the plot (0 nearest).
GUIDELINE_STYLE = {
    "2010": dict(color="#000000", dash="solid", words="2010 guidelines' thresholds (solid line)", row=0),
    "2023": dict(color=OKABE_ITO[5], dash="dash", words="2023 guidelines' thresholds (dashed line)", row=1),
}
LABEL_ROW_PX = 20  # the height of one row of threshold labels above the plot


def _fringe_words(market: antitrust.Market) -> str:
    added = market.hhi - market.bounds[0]
    kind = "many tiny firms" if market.fringe == "many_small" else "firms no larger than the smallest named"
    return f"{market.remainder:.1f}%: {kind}, adds {added:,.1f} to the HHI"


def shares_title(market: antitrust.Market) -> str:
    """Return the shares figure's title: analyst, period, HHI and both guidelines' labels."""
    return (
        f"{market.analyst}, {market.period}: HHI {market.hhi:,.1f}, "
        f"{market.labels['2010']} (2010), {market.labels['2023']} (2023)"
    )


def shares_figure(market: antitrust.Market) -> go.Figure:
    """Return MARKET's named shares and its unnamed remainder as horizontal bars, labelled in words."""
    return go.Figure(shares_figure_json(market))


def shares_figure_json(market: antitrust.Market) -> dict:
    """Return shares_figure as plain plotly JSON, built without validation (fast, for widgets)."""
    names = list(market.shares) + ["Unnamed remainder"]
    values = list(market.shares.values()) + [market.remainder]
    uncertain = [market.confidence[p] == "uncertain" for p in market.shares] + [False]
    words = [f"{v:.1f}%" + (" (UNCERTAIN: not verified)" if u else "") for v, u in zip(values, uncertain)]
    words[-1] = _fringe_words(market)
    bars = {
        "type": "bar",
        "x": values,
        "y": names,
        "orientation": "h",
        "text": words,
        "textposition": "outside",
        "cliponaxis": False,
        "name": "share of the market (%)",
        "hovertemplate": "%{y}: %{text}<extra></extra>",
        "marker": {
            "color": [OKABE_ITO[0]] * len(market.shares) + [REMAINDER_GREY],
            "pattern": {
                "shape": ["/" if u else "" for u in uncertain[:-1]] + ["."],
                "fgcolor": "#000000",
                "fillmode": "overlay",
            },
            "line": {"color": "#000000", "width": 1},
        },
    }
    layout = dict(_shares_layout())
    layout["title"] = {**layout["title"], "text": shares_title(market)}
    return {"data": [bars], "layout": layout}


@lru_cache(maxsize=1)
def _shares_layout() -> dict:
    """The constant layout of shares_figure, validated once (plotly's template included)."""
    fig = base_layout(go.Figure(), "", height=360)
    fig.update_xaxes(range=[0, 100], title="share of the market (%)", ticksuffix="%")
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(showlegend=False, margin=dict(l=10, r=30, t=60, b=40))
    return fig.to_plotly_json()["layout"]


def shares_summary(market: antitrust.Market) -> str:
    """Return the shares figure in words: definition, each share with its confidence, remainder, HHI, labels."""
    lines = [
        f"{market.analyst}: {market.definition}; {market.geography}; {market.period}.",
        "Named shares: "
        + "; ".join(
            f"{p} {s:.1f}%" + (" (uncertain: not verified)" if market.confidence[p] == "uncertain" else "")
            for p, s in market.shares.items()
        )
        + ".",
    ]
    if market.left_out:
        lines.append(f"Left out as uncertain: {', '.join(market.left_out)} (counted in the remainder).")
    lines += [
        f"Unnamed remainder: {_fringe_words(market)}.",
        f"HHI {market.hhi:,.1f} (between {market.bounds[0]:,.1f} and {market.bounds[1]:,.1f} depending on the remainder).",
        f"2010 Horizontal Merger Guidelines: {market.labels['2010']}. 2023 Merger Guidelines: {market.labels['2023']}.",
    ]
    return "\n".join(lines)


def thresholds(guidelines: str) -> list[float]:
    """Return the inner edges of GUIDELINES' HHI bands (e.g. 1500 and 2500), read from the dataset."""
    return sorted({b.lower for b in antitrust.bands(guidelines)} - {0.0})


def concentration_figure(markets: Sequence[antitrust.Market]) -> go.Figure:
    """Return each market's HHI range (remainder as tiny firms .. the largest attainable) against both guidelines' thresholds."""
    fig = base_layout(
        go.Figure(),
        "HHI by market definition: from the remainder as tiny firms (circle) to the largest attainable (square)",
        height=380,
    )
    names = [f"{m.analyst} ({m.period})" for m in markets]
    for name, m in zip(names, markets):
        fig.add_trace(
            go.Scatter(
                x=list(m.bounds),
                y=[name, name],
                mode="lines+markers+text",
                name=name,
                showlegend=False,
                text=[f"{m.bounds[0]:,.0f}", f"{m.bounds[1]:,.0f}"],
                textposition=["bottom center", "top center"],
                cliponaxis=False,
                line=dict(color=OKABE_ITO[0], width=4),
                marker=dict(
                    symbol=["circle", "square"], size=12, color=OKABE_ITO[0], line=dict(width=1, color="#000000")
                ),
                hovertemplate=name + ": HHI %{x:,.1f}<extra></extra>",
            )
        )
    # the thresholds: full-height lines, labelled above the plot (one row per guidelines, so that 1,500 and
    # 1,800 do not collide), never over the ranges' own numbers; one legend entry per guidelines
    for guidelines, style in GUIDELINE_STYLE.items():
        for number, edge in enumerate(thresholds(guidelines)):
            fig.add_vline(
                x=edge,
                line=dict(color=style["color"], dash=style["dash"], width=2.5),
                opacity=1,  # the template draws shapes faint
                name=style["words"],
                showlegend=number == 0,
                legendgroup=guidelines,
            )
            fig.add_annotation(
                x=edge,
                xref="x",
                y=1,
                yref="paper",
                yanchor="bottom",
                yshift=2 + style["row"] * LABEL_ROW_PX,
                showarrow=False,
                text=f"{guidelines}: {edge:,.0f}",
                font=dict(color="#000000"),
            )
    fig.update_xaxes(range=[0, 4000], title="HHI (0 to 10,000; axis cut at 4,000)")
    # reversed, with half a row to spare above the first market and below the last for their numbers
    fig.update_yaxes(range=[len(markets) - 0.4, -0.6], autorange=False)
    fig.update_layout(margin=dict(t=60 + LABEL_ROW_PX * len(GUIDELINE_STYLE)))
    return fig


def concentration_summary(markets: Sequence[antitrust.Market]) -> str:
    """Return the concentration figure in words: each market's HHI range and the labels at both ends."""
    lines = [
        "Thresholds: 2010 guidelines at "
        + " and ".join(f"{e:,.0f}" for e in thresholds("2010"))
        + "; 2023 guidelines at "
        + " and ".join(f"{e:,.0f}" for e in thresholds("2023"))
        + "."
    ]
    for m in markets:
        low, high = m.bounds
        ends = [
            f"{v:,.1f} ({antitrust.concentration(v, '2010')} in 2010; {antitrust.concentration(v, '2023')} in 2023)"
            for v in (low, high)
        ]
        lines.append(f"{m.analyst} ({m.definition}, {m.period}): HHI from {ends[0]} to {ends[1]}.")
    return "\n".join(lines)


# --- the hypothetical-monopolist test ------------------------------------------------------------------

SSNIP_MARGINS = tuple(m / 100 for m in range(10, 95, 5))  # the margins the curve is drawn over (10%-90%)
SSNIP_MAX_LOSS = 0.55  # the y axis's top: a share of sales


def ssnip_figure_json(result: antitrust.Ssnip) -> dict:
    """Return the critical loss against the margin for RESULT's price rise, with the learner's margin and predicted
    loss marked, as plain plotly JSON. Below the curve the rise pays; markers, dashes and printed words carry the
    meaning, not colour."""
    x = result.price_rise
    grid = sorted(set(SSNIP_MARGINS) | {result.margin})
    verdict = "the rise pays" if result.profitable else "the rise does not pay"
    traces = [
        {
            "type": "scatter",
            "x": grid,
            "y": [antitrust.critical_loss(x, m) for m in grid],
            "mode": "lines",
            "name": f"critical loss for a {antitrust.percent_text(x)} rise (solid line)",
            "line": {"color": OKABE_ITO[0], "width": 3},
            "hovertemplate": "margin %{x:.0%}: critical loss %{y:.1%}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": [grid[0], grid[-1]],
            "y": [result.predicted_loss] * 2,
            "mode": "lines",
            "name": f"your predicted loss, {antitrust.percent_text(result.predicted_loss)} (dashed line)",
            "line": {"color": OKABE_ITO[5], "width": 2, "dash": "dash"},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": [result.margin],
            "y": [result.predicted_loss],
            "mode": "markers+text",
            "name": f"your numbers: {verdict} (square)",
            "text": [verdict],
            "textposition": "top right" if result.margin < 0.6 else "top left",
            "cliponaxis": False,
            "marker": {"symbol": "square", "size": 12, "color": OKABE_ITO[5], "line": {"width": 1, "color": "#000000"}},
            "hovertemplate": "margin %{x:.0%}, predicted loss %{y:.1%}<extra></extra>",
        },
    ]
    layout = dict(_ssnip_layout())
    layout["title"] = {
        **layout["title"],
        "text": f"A {antitrust.percent_text(x)} rise pays below the line (hypothetical)",
    }
    return {"data": traces, "layout": layout}


@lru_cache(maxsize=1)
def _ssnip_layout() -> dict:
    """The constant layout of ssnip_figure_json, validated once."""
    fig = base_layout(go.Figure(), "", height=400)
    fig.update_xaxes(title_text="margin M (share of price)", tickformat=".0%", range=[0.05, 0.95])
    fig.update_yaxes(title_text="share of sales lost", tickformat=".0%", range=[-0.02, SSNIP_MAX_LOSS])
    fig.update_layout(margin=dict(l=10, r=20, t=60, b=40))
    return fig.to_plotly_json()["layout"]


def ssnip_summary(result: antitrust.Ssnip) -> str:
    """Return the SSNIP figure in words: the critical loss at a few margins for the rise, and where the learner's
    numbers sit."""
    x = result.price_rise
    points = "; ".join(
        f"margin {antitrust.percent_text(m)}: {antitrust.percent_text(antitrust.critical_loss(x, m))}"
        for m in (0.2, 0.4, 0.6, 0.8)
    )
    side = "below" if result.profitable else "on or above"
    return (
        f"The figure in words: for a {antitrust.percent_text(x)} rise the critical loss falls as the margin rises ({points}). "
        f"Your point (margin {antitrust.percent_text(result.margin)}, predicted loss {antitrust.percent_text(result.predicted_loss)}) "
        f"lies {side} the line."
    )
