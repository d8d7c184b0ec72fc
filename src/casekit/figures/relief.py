"""Lesson 01's figure: the learner's factor ratings against both tests' thresholds."""

from __future__ import annotations

from functools import lru_cache

import plotly.graph_objects as go

from casekit.figures.theme import OKABE_ITO, base_layout

def factors_figure(assessments: dict, labels: dict, outcome, title: str | None = None,
                   name: str = "your rating", bar_text: dict | None = None) -> go.Figure:
    """Return the factors side by side: each rating as a bar, with both tests' thresholds marked.

    BAR_TEXT replaces the words on chosen bars (e.g. "record uncertain (0)").
    """
    return go.Figure(factors_figure_json(assessments, labels, outcome, title, name, bar_text))


def factors_figure_json(assessments: dict, labels: dict, outcome, title: str | None = None,
                        name: str = "your rating", bar_text: dict | None = None) -> dict:
    """Return factors_figure as plain plotly JSON, built without validation (fast, for widgets)."""
    from casekit import relief

    factors = list(relief.FACTORS)
    values = [assessments[f] for f in factors]
    names = [labels.get(f, f) for f in factors]
    words = [
        (bar_text or {}).get(f) or (f"{relief.side(v)} ({v:+d})" if v else "balanced (0)")
        for f, v in zip(factors, values)
    ]
    bars = {
        "type": "bar", "x": values, "y": names, "orientation": "h", "text": words, "textposition": "outside",
        "name": name, "hovertemplate": "%{y}: %{text}<extra></extra>",
        "marker": {
            "color": [OKABE_ITO[0] if v > 0 else OKABE_ITO[1] if v < 0 else "#BBBBBB" for v in values],
            "pattern": {"shape": ["" if v > 0 else "/" if v < 0 else "." for v in values],
                        "fgcolor": "#000000", "fillmode": "overlay"},
            "line": {"color": "#000000", "width": 1},
        },
    }
    needs = {"Winter needs": relief.WINTER_NEEDS, "Sliding scale needs": relief.SLIDING_NEEDS}
    marks = [
        {
            "type": "scatter", "x": [relief.needs_for(f, need) for f in factors], "y": names, "mode": "markers",
            "name": label, "hovertemplate": label + " %{x:+d} on %{y}<extra></extra>",
            "marker": {"symbol": symbol, "size": 16, "color": colour, "line": {"width": 3, "color": colour}},
        }
        for (label, need), symbol, colour in zip(needs.items(), ("line-ns-open", "x-thin-open"), ("#000000", OKABE_ITO[3]))
    ]
    if title is None:
        verdict = "granted" if outcome.granted else "denied"
        title = (f"Your weighing: Winter {'met' if outcome.winter.granted else 'not met'}, "
                 f"sliding scale {'met' if outcome.sliding_scale.granted else 'not met'}: relief {verdict}")
    layout = dict(_factors_layout())
    layout["title"] = {**layout["title"], "text": title}
    return {"data": [bars, *marks], "layout": layout}


@lru_cache(maxsize=1)
def _factors_layout() -> dict:
    """The constant layout of factors_figure, validated once (plotly's template included)."""
    fig = base_layout(go.Figure(), "", height=420)
    fig.update_xaxes(range=[-2.9, 3.4], tickvals=[-2, -1, 0, 1, 2],
                     ticktext=["strongly AWS", "AWS", "balanced", "Parler", "strongly Parler"], zeroline=True)
    fig.update_yaxes(autorange="reversed")
    return fig.to_plotly_json()["layout"]
