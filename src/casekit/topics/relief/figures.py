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
