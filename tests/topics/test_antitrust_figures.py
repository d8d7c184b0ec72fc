"""Lesson 04's concentration figure: threshold labels never sit on the ranges' numbers, and the two
guidelines are told apart without colour (issue 22)."""

from __future__ import annotations

import pytest

from casekit import data
from casekit.topics.antitrust import figures
from casekit.topics.antitrust import reasoning as antitrust


@pytest.fixture(scope="module")
def figure():
    table = data.load("cloud_market_share")
    markets = [antitrust.market(table, a, f) for a in antitrust.analysts(table) for f in antitrust.FRINGE][::2]
    return figures.concentration_figure(markets), markets


def test_each_guidelines_lines_are_opaque_dashed_differently_and_named_once_in_the_legend(figure):
    fig, _ = figure
    by_name = {}
    for shape in fig.layout.shapes:
        by_name.setdefault(shape.name, []).append(shape)
        assert shape.opacity == 1 and shape.line.width >= 2
    assert set(by_name) == {style["words"] for style in figures.GUIDELINE_STYLE.values()}
    assert len({shapes[0].line.dash for shapes in by_name.values()}) == len(by_name)  # not colour alone
    assert all(sum(bool(s.showlegend) for s in shapes) == 1 for shapes in by_name.values())
    assert all("solid line" in name or "dashed line" in name for name in by_name)


def test_threshold_labels_sit_above_the_plot_one_row_per_guidelines(figure):
    fig, _ = figure
    labels = list(fig.layout.annotations)
    edges = {(g, e) for g in figures.GUIDELINE_STYLE for e in figures.thresholds(g)}
    assert {(a.text.split(":")[0], a.x) for a in labels} == edges
    for a in labels:
        assert a.yref == "paper" and a.y == 1 and a.yanchor == "bottom" and not a.textangle
    rows = {a.text.split(":")[0]: a.yshift for a in labels}
    assert len(set(rows.values())) == len(figures.GUIDELINE_STYLE)  # 1,500 (2010) and 1,800 (2023) never share a row
    assert fig.layout.margin.t >= 60 + figures.LABEL_ROW_PX * len(figures.GUIDELINE_STYLE)


def test_the_ranges_numbers_stay_inside_the_plot(figure):
    fig, markets = figure
    assert all(t.cliponaxis is False for t in fig.data)
    top, bottom = fig.layout.yaxis.range
    assert top > len(markets) - 1 and bottom < 0  # half a row to spare above the first and below the last
