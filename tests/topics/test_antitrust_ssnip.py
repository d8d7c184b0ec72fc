"""The hypothetical-monopolist test (critical_loss, ssnip_profitable, ssnip, describe_ssnip), its figure, widget and
check 4z; and common_measures on the microblogging market Parler pleaded."""

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from casekit import data
from casekit.checks import FAIL, PASS, verdict
from casekit.topics.antitrust import checks as antitrust_checks
from casekit.topics.antitrust import figures, widgets
from casekit.topics.antitrust import reasoning as a


def test_critical_loss_is_the_price_rise_over_rise_plus_margin():
    assert a.critical_loss(0.05, 0.45) == pytest.approx(0.1)
    assert a.critical_loss(0.10, 0.40) == pytest.approx(0.2)
    assert a.critical_loss(1, 1) == 0.5


def test_higher_margins_make_a_price_rise_harder_to_sustain():
    losses = [a.critical_loss(0.05, m) for m in (0.2, 0.4, 0.6, 0.8)]
    assert losses == sorted(losses, reverse=True)


def test_a_rise_pays_only_while_the_predicted_loss_is_below_the_critical_loss():
    assert a.ssnip_profitable(0.05, 0.45, 0.08) is True
    assert a.ssnip_profitable(0.05, 0.45, 0.12) is False
    assert a.ssnip_profitable(0.05, 0.45, 0.05 / 0.5) is False  # break-even does not pay
    assert a.ssnip_profitable(0.05, 0.45, 0) is True


@pytest.mark.parametrize(
    "rise, margin",
    [(0, 0.4), (0.05, 0), (1.5, 0.4), (0.05, -0.1), (5, 40), ("5%", 0.4), (True, 0.4), (float("nan"), 0.4)],
)
def test_values_outside_zero_to_one_raise(rise, margin):
    with pytest.raises(a.AntitrustError, match="fraction|number"):
        a.critical_loss(rise, margin)


@pytest.mark.parametrize("loss", [-0.1, 1.2, "10%", None, float("nan")])
def test_a_bad_predicted_loss_raises(loss):
    with pytest.raises(a.AntitrustError, match="predicted loss"):
        a.ssnip_profitable(0.05, 0.4, loss)


def test_the_old_import_path_still_reaches_them():
    import importlib
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        old = importlib.import_module("casekit.antitrust")
    assert old.critical_loss is a.critical_loss and old.ssnip_profitable is a.ssnip_profitable


# --- ssnip and describe_ssnip ----------------------------------------------------------------------------


def test_ssnip_gathers_the_critical_loss_the_verdict_and_the_profit_change():
    result = a.ssnip(0.05, 0.45, 0.08)
    assert result.critical_loss == pytest.approx(0.1) and result.profitable is True
    # profit per unit of price before: 0.45 x sales; after: 0.50 x 0.92 of the sales
    assert result.profit_change == pytest.approx(0.50 * 0.92 / 0.45 - 1)
    assert a.ssnip(0.05, 0.45, 0.12).profit_change < 0


def test_at_the_critical_loss_profit_is_unchanged_and_the_rise_does_not_pay():
    result = a.ssnip(0.10, 0.20, 1 / 3)
    assert result.profit_change == pytest.approx(0, abs=1e-12) and result.profitable is False


@pytest.mark.parametrize("rise, margin, loss", [(0, 0.4, 0.1), (0.05, 1.2, 0.1), (0.05, 0.4, -0.1)])
def test_ssnip_raises_for_values_out_of_range(rise, margin, loss):
    with pytest.raises(a.AntitrustError):
        a.ssnip(rise, margin, loss)


def test_describe_ssnip_shows_the_arithmetic_and_the_verdict_for_the_candidate():
    pays = a.describe_ssnip(a.ssnip(0.10, 0.20, 0.30), "IaaS only")
    assert "X / (X + M) = 10% / (10% + 20%) = 33.3% of sales" in pays
    assert "30%: below the critical loss" in pays and "PAYS" in pays and "IaaS only could be a market" in pays
    fails = a.describe_ssnip(a.ssnip(0.05, 0.40, 0.15), "IaaS only")
    assert "above the critical loss" in fails and "DOES NOT PAY" in fails and "draw the market wider" in fails
    assert "-4.4%" in fails


def test_describe_ssnip_says_break_even_does_not_pay():
    words = a.describe_ssnip(a.ssnip(0.05, 0.45, 0.10))
    assert "breaks even" in words and "DOES NOT PAY" in words and "changes by 0%" in words


@pytest.mark.parametrize("fraction, text", [(0.05, "5%"), (1 / 9, "11.1%"), (0.1, "10%"), (-0.044, "-4.4%"), (0, "0%")])
def test_percent_text(fraction, text):
    assert a.percent_text(fraction) == text


# --- common_measures: can a share of the microblogging market be computed? ------------------------------


def _figures(rows):
    return pd.DataFrame(rows, columns=["firm", "measure", "period"])


def test_the_records_user_figures_share_no_measure_so_no_share_can_be_computed():
    table = data.load("microblogging_market")
    figures_only = table[table["kind"] == "user_figure"]
    assert set(figures_only["firm"].astype(str)) == {"Parler", "Twitter"}
    assert a.common_measures(figures_only) == []


def test_a_measure_every_firm_reports_for_the_same_period_is_found():
    rows = [("A", "mdau", "Q4"), ("B", "mdau", "Q4"), ("B", "accounts", "Q4"), ("A", "mdau", "Q3")]
    assert a.common_measures(_figures(rows)) == [("mdau", "Q4")]


@pytest.mark.parametrize(
    "rows",
    [
        [("A", "users", "Q4"), ("B", "users", "Q3")],  # same measure, different periods
        [("A", "unclear", "Q4"), ("B", "unclear", "Q4")],  # an unclear measure matches nothing
        [("A", "users", None), ("B", "users", None)],  # no period given
        [],
    ],
)
def test_different_periods_unclear_measures_and_missing_periods_match_nothing(rows):
    assert a.common_measures(_figures(rows)) == []


def test_every_microblogging_row_carries_sources_and_the_figures_their_measure():
    table = data.load("microblogging_market")
    assert table["source_ids"].map(len).min() >= 1
    figures_only = table[table["kind"] == "user_figure"]
    assert figures_only["figure"].notna().all() and figures_only["measure"].notna().all()
    sources = data.load("sources")
    primary = table[table["confidence"] == "primary"]
    assert all(sources.loc[s, "confidence"] == "primary" for ids in primary["source_ids"] for s in ids)


# --- the figure and the widget -----------------------------------------------------------------------


def test_ssnip_figure_draws_the_critical_loss_curve_and_the_learners_point():
    result = a.ssnip(0.05, 0.40, 0.15)
    fig = figures.ssnip_figure_json(result)
    curve, line, point = fig["data"]
    assert dict(zip(curve["x"], curve["y"]))[0.40] == pytest.approx(a.critical_loss(0.05, 0.40))
    assert set(line["y"]) == {0.15} and line["line"]["dash"] == "dash"
    assert point["x"] == [0.40] and point["text"] == ["the rise does not pay"]
    assert all("line" in t["name"] or "square" in t["name"] for t in fig["data"])  # named in words, not colour alone
    go.Figure(fig)  # validates as plotly


def test_ssnip_summary_gives_the_curve_and_the_point_in_words():
    words = figures.ssnip_summary(a.ssnip(0.10, 0.20, 0.30))
    assert "margin 20%: 33.3%" in words and "margin 80%: 11.1%" in words and "lies below the line" in words


@pytest.fixture()
def ssnip_widget():
    return widgets.SsnipWidget()


def test_ssnip_widget_shows_what_describe_ssnip_says(ssnip_widget):
    ssnip_widget.margin.value = widgets.SSNIP_MARGINS.index(0.20)
    ssnip_widget.rise.value = widgets.SSNIP_RISES.index(0.10)
    ssnip_widget.loss.value = widgets.SSNIP_LOSSES.index(0.30)
    result = ssnip_widget.result()
    assert result == a.ssnip(0.10, 0.20, 0.30)
    shown = html.unescape(ssnip_widget.summary.html)
    assert a.describe_ssnip(result, "x").splitlines()[0] in shown and "PAYS" in shown
    assert figures.ssnip_summary(result) in shown


def test_moving_the_loss_slider_changes_the_verdict_and_names_the_candidate(ssnip_widget):
    assert "DOES NOT PAY" in ssnip_widget.summary.html
    ssnip_widget.loss.value = widgets.SSNIP_LOSSES.index(0.05)
    assert "PAYS" in ssnip_widget.summary.html and "DOES NOT" not in ssnip_widget.summary.html
    ssnip_widget.candidate.value = ssnip_widget.candidate.options[-1]
    definition = ssnip_widget.candidates[ssnip_widget.candidate.value]
    assert definition in html.unescape(ssnip_widget.summary.html)


def test_ssnip_widget_offers_each_analysts_definition_and_says_its_numbers_are_hypothetical(ssnip_widget):
    table = data.load("cloud_market_share")
    assert sorted(ssnip_widget.candidates.values()) == sorted(set(table["market_definition"].astype(str)))
    assert all("hypothetical" in c.label for c in (ssnip_widget.rise, ssnip_widget.margin, ssnip_widget.loss))
    assert "hypothetical" in ssnip_widget.summary.html


def test_ssnip_widget_is_marked_for_the_browser_test(ssnip_widget):
    assert "casekit-main" in ssnip_widget.view._dom_classes
    assert "casekit-main-control" in ssnip_widget.loss._dom_classes
    assert "casekit-main-output" in ssnip_widget.summary._dom_classes


# --- check 4z: the arithmetic on the lesson's own hypothetical numbers ---------------------------------


@pytest.mark.parametrize("answer", [1 / 3, "1/3", "33.3%", 33.3, 0.33, "0.333", " 1 / 3 ", [1 / 3], np.float64(1 / 3)])
def test_4z_accepts_every_form_of_the_critical_loss(answer):
    assert verdict("4z", answer).startswith(f"4z {PASS}")


@pytest.mark.parametrize(
    "answer, hint", [(0.5, "X ÷ M"), (2 / 3, "kept at break-even"), (0.1, "not that share"), ("abc", "give the")]
)
def test_4z_hints_name_the_mistake_and_never_pass_a_wrong_value(answer, hint):
    line = verdict("4z", answer)
    assert line.startswith(f"4z {FAIL}") and hint in line


def test_4z_is_computed_with_critical_loss():
    assert a.critical_loss(**antitrust_checks.SSNIP_4Z) == pytest.approx(1 / 3)
