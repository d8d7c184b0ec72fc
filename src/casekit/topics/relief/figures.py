"""Lesson 01's figure: the learner's factor ratings against both tests' thresholds."""

from __future__ import annotations

from functools import lru_cache

import plotly.graph_objects as go

from casekit.ui.theme import OKABE_ITO, base_layout

# Where the ratings are written in words: a column right of every bar and threshold marker (max +2).
WORDS_X = 2.6
X_RANGE = [-2.6, 4.8]
# One bar trace per side, so that each legend swatch shows that side's colour and pattern.
SIDE_STYLES = {
    "Parler": {"color": OKABE_ITO[0], "pattern": ""},
    "AWS": {"color": OKABE_ITO[1], "pattern": "/"},
}


def factors_figure(
    assessments: dict,
    labels: dict,
    outcome,
    title: str | None = None,
    name: str = "your rating",
    bar_text: dict | None = None,
) -> go.Figure:
    """Return the factors side by side: each rating as a bar, with both tests' thresholds marked.

    BAR_TEXT replaces the words on chosen bars (e.g. "record uncertain (0)").
    """
    return go.Figure(factors_figure_json(assessments, labels, outcome, title, name, bar_text))


def rating_words(assessments: dict, bar_text: dict | None = None) -> dict:
    """Return each factor's rating in words, e.g. "Parler (+1)", "balanced (0)" (BAR_TEXT overrides)."""
    from casekit.topics.relief import reasoning as relief

    return {
        f: (bar_text or {}).get(f) or (f"{relief.side(v)} ({relief.signed(v)})" if v else "balanced (0)")
        for f, v in ((f, assessments[f]) for f in relief.FACTORS)
    }


def factors_figure_json(
    assessments: dict,
    labels: dict,
    outcome,
    title: str | None = None,
    name: str = "your rating",
    bar_text: dict | None = None,
) -> dict:
    """Return factors_figure as plain plotly JSON, built without validation (fast, for widgets).

    Traces: one bar trace per side that has a bar (legend "NAME: for Parler" / "NAME: for AWS"),
    the ratings in words as a text column right of the thresholds, then the two threshold markers.
    """
    from casekit.topics.relief import reasoning as relief

    factors = list(relief.FACTORS)
    names = [labels.get(f, f) for f in factors]
    words = rating_words(assessments, bar_text)
    bars = []
    for side_name, style in SIDE_STYLES.items():
        mine = [f for f in factors if relief.side(assessments[f]) == side_name]
        if not mine:
            continue
        bars.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": f"{name}: for {side_name}",
                "x": [assessments[f] for f in mine],
                "y": [labels.get(f, f) for f in mine],
                "text": [words[f] for f in mine],
                "textposition": "none",
                "hovertemplate": "%{y}: %{text}<extra></extra>",
                "marker": {
                    "color": style["color"],
                    "line": {"color": "#000000", "width": 1},
                    "pattern": {"shape": style["pattern"], "fgcolor": "#000000", "fillmode": "overlay"},
                },
            }
        )
    text_column = {
        "type": "scatter",
        "mode": "text",
        "x": [WORDS_X] * len(factors),
        "y": names,
        "text": [words[f] for f in factors],
        "textposition": "middle right",
        "name": f"{name} in words",
        "showlegend": False,
        "hoverinfo": "skip",
        "cliponaxis": False,
    }
    needs = {"Winter needs": relief.WINTER_NEEDS, "Sliding scale needs": relief.SLIDING_NEEDS}
    marks = [
        {
            "type": "scatter",
            "x": [relief.needs_for(f, need) for f in factors],
            "y": names,
            "mode": "markers",
            "name": label,
            "hovertemplate": label + " %{x:+d} on %{y}<extra></extra>",
            "marker": {"symbol": symbol, "size": 16, "color": colour, "line": {"width": 3, "color": colour}},
        }
        for (label, need), symbol, colour in zip(
            needs.items(), ("line-ns-open", "x-thin-open"), ("#000000", OKABE_ITO[3])
        )
    ]
    if title is None:
        verdict = "granted" if outcome.granted else "denied"
        title = (
            f"Your weighing: Winter {'met' if outcome.winter.granted else 'not met'}, "
            f"sliding scale {'met' if outcome.sliding_scale.granted else 'not met'}: relief {verdict}"
        )
    layout = dict(_factors_layout())
    layout["title"] = {**layout["title"], "text": title}
    layout["yaxis"] = {**layout["yaxis"], "categoryorder": "array", "categoryarray": names}
    layout["annotations"] = [
        {
            "x": WORDS_X,
            "y": 1.0,
            "xref": "x",
            "yref": "paper",
            "xanchor": "left",
            "yanchor": "bottom",
            "showarrow": False,
            "text": f"<i>{name}</i>",
        }
    ]
    return {"data": [*bars, text_column, *marks], "layout": layout}


@lru_cache(maxsize=1)
def _factors_layout() -> dict:
    """The constant layout of factors_figure, validated once (plotly's template included)."""
    fig = base_layout(go.Figure(), "", height=420)
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(
        range=X_RANGE,
        tickvals=[-2, -1, 0, 1, 2],
        ticktext=["strongly AWS", "AWS", "balanced", "Parler", "strongly Parler"],
        zeroline=True,
    )
    fig.update_yaxes(autorange="reversed")
    return fig.to_plotly_json()["layout"]


# --- the sliding scale as a trade-off: merits against hardships, with the floor held -------------------------------
# Axis words for the kit's ratings (a convention: the law states no numbers); the full words are relief.LEVELS.
MERITS_TICKS = ["no real<br>prospect", "unlikely", "serious<br>questions", "likely", "very<br>likely"]
HARDSHIP_TICKS = ["sharply<br>to AWS", "to AWS", "even", "to Parler", "sharply<br>to Parler"]
# One marker, colour and word per result, so no cell's meaning rests on colour alone.
TRADE_STYLES = {
    "Winter": {"symbol": "circle", "color": OKABE_ITO[0], "text": "Winter", "name": "relief: Winter (likely success)"},
    "sliding": {
        "symbol": "diamond",
        "color": OKABE_ITO[1],
        "text": "sliding",
        "name": "relief: sliding scale only (serious questions + sharp hardships)",
    },
    "none": {"symbol": "x-thin-open", "color": "#000000", "text": "none", "name": "no relief"},
}


def trade_off_cells(harm: int = 1, public_interest: int = 1) -> dict[str, list]:
    """Return the grid's cells by result ("Winter", "sliding", "none"): lists of relief.TradeOff, merits by hardships."""
    from casekit.topics.relief import reasoning as relief

    cells: dict[str, list] = {key: [] for key in TRADE_STYLES}
    for merits in relief.SCALE:
        for hardship in relief.SCALE:
            t = relief.trade_off(merits, hardship, harm, public_interest)
            cells["Winter" if relief.WINTER_NAME in t.routes else "sliding" if t.available else "none"].append(t)
    return cells


def trade_off_figure(harm: int = 1, public_interest: int = 1, title: str | None = None) -> go.Figure:
    """Return the sliding scale as a grid: the merits across, the hardships up, each cell marked with its result
    (a marker and a word), for one rating of irreparable harm and of the public interest (the floor)."""
    from casekit.topics.relief import reasoning as relief

    traces = []
    for key, cells in trade_off_cells(harm, public_interest).items():
        style = TRADE_STYLES[key]
        traces.append(
            go.Scatter(
                x=[t.merits for t in cells],
                y=[t.hardship for t in cells],
                mode="markers+text",
                name=style["name"],
                text=[style["text"]] * len(cells),
                textposition="bottom center",
                hovertext=[t.explanation.replace("\n", "<br>") for t in cells],
                hovertemplate="%{hovertext}<extra></extra>",
                marker=dict(symbol=style["symbol"], size=22, color=style["color"], line=dict(width=2, color="#000000")),
            )
        )
    fig = go.Figure(traces)
    floor_met = not relief.trade_off(0, 0, harm, public_interest).floor_failed
    floor = (
        f"Drawn with irreparable harm {relief.signed(harm)} and public interest {relief.signed(public_interest)}: "
        + ("the floor is met." if floor_met else "the floor is NOT met, so no cell gives relief.")
    )
    title = title or "The sliding scale as a trade-off: weaker merits need sharper hardships"
    base_layout(fig, f"{title}<br><sup>{floor} Ratings are the kit's convention; the law states no numbers.</sup>", 520)
    fig.update_xaxes(
        title="Merits of the best claim (the kit's rating)",
        tickvals=list(relief.SCALE),
        ticktext=[f"{t}<br>({relief.signed(v)})" for t, v in zip(MERITS_TICKS, relief.SCALE)],
        range=[-2.6, 2.6],
    )
    fig.update_yaxes(
        title="Balance of hardships (the kit's rating)",
        tickvals=list(relief.SCALE),
        ticktext=[f"{t} ({relief.signed(v)})" for t, v in zip(HARDSHIP_TICKS, relief.SCALE)],
        range=[-2.6, 2.6],
    )
    fig.update_layout(margin=dict(t=90, b=120))
    return fig


def trade_off_summary(harm: int = 1, public_interest: int = 1) -> str:
    """Return the text version of trade_off_figure: for each merits rating, the hardships it needs; then the floor."""
    from casekit.topics.relief import reasoning as relief

    lines = [
        f"With irreparable harm {relief.signed(harm)} and public interest {relief.signed(public_interest)} "
        "(ratings are the kit's convention):"
    ]
    floor_failed = relief.trade_off(0, 0, harm, public_interest).floor_failed
    hopeless = []
    for merits in reversed(relief.SCALE):
        need = relief.hardship_needed(merits)
        if need is None and not floor_failed:
            hopeless.append(relief.signed(merits))
            continue
        if floor_failed:
            result = "no relief (the floor is not met)"
        else:
            hardships = HARDSHIP_TICKS[relief.SCALE.index(need)].replace("<br>", " ")
            route = "Winter" if merits >= relief.WINTER_NEEDS["success"] else "the sliding scale"
            more = " or more" if need < max(relief.SCALE) else ""
            result = f"relief if the hardships tip {hardships} ({relief.signed(need)}){more}, under {route}"
        lines.append(
            f"- merits {relief.signed(merits)} ({relief.describe('success', merits).split(': ', 1)[-1]}): {result}."
        )
    if hopeless:
        lines.append(f"- merits below serious questions ({', '.join(hopeless)}): no relief, whatever the hardships.")
    lines.append(
        "Floor: likely irreparable harm and a public interest in the injunction are required on either route; "
        "they never slide."
    )
    return "\n".join(lines)
