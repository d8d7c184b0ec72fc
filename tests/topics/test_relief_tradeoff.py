"""casekit.topics.relief: the sliding scale as a trade-off (merits against hardships) with a floor that never slides."""

import itertools

import pytest

from casekit import data
from casekit.topics.relief import figures as relief_figures
from casekit.topics.relief import reasoning as relief
from casekit.topics.relief import widgets as relief_widgets
from casekit.topics.relief.reasoning import SCALE, AssessmentError, hardship_needed, merits_needed, trade_off

GRID = list(itertools.product(SCALE, repeat=4))  # merits, hardship, harm, public interest


@pytest.mark.parametrize(
    ("merits", "needed"),
    [(2, 1), (1, 1), (0, 2), (-1, None), (-2, None)],  # likely success: tips toward; serious questions: sharply
)
def test_weaker_merits_need_sharper_hardships_and_below_serious_questions_none_suffice(merits, needed):
    assert hardship_needed(merits) == needed


@pytest.mark.parametrize(("hardship", "needed"), [(2, 0), (1, 1), (0, None), (-1, None), (-2, None)])
def test_sharper_hardships_accept_weaker_merits_but_never_below_serious_questions(hardship, needed):
    assert merits_needed(hardship) == needed


def test_the_traded_elements_and_the_floor_come_from_the_two_tests():
    assert relief.TRADED == ("success", "balance_of_equities")
    assert relief.FLOOR == ("irreparable_harm", "public_interest")


def test_serious_questions_with_sharp_hardships_is_relief_under_the_sliding_scale_only():
    sharp = trade_off(0, 2, 1, 1)
    assert sharp.available and sharp.routes == (relief.SLIDING_NAME,) and sharp.hardship_needed == 2
    assert "offsets the weaker showing on the merits" in sharp.explanation
    merely = trade_off(0, 1, 1, 1)
    assert not merely.available and merely.routes == ()
    assert "They are not. Raise the hardships to +2, or the merits to +1." in merely.explanation
    likely = trade_off(1, 1, 1, 1)
    assert likely.available and likely.routes == (relief.WINTER_NAME,) and likely.hardship_needed == 1


@pytest.mark.parametrize(("harm", "public", "failed"), [(0, 2, ("irreparable_harm",)), (2, 0, ("public_interest",))])
def test_the_floor_is_not_traded_strong_merits_and_sharp_hardships_do_not_make_up_for_it(harm, public, failed):
    result = trade_off(2, 2, harm, public)
    assert not result.available and result.floor_failed == failed
    assert "Floor not met" in result.explanation and "is not traded" in result.explanation
    assert result.explanation.endswith("Result: no relief.")


def test_below_serious_questions_no_balance_of_hardships_is_enough():
    for merits in (-2, -1):
        result = trade_off(merits, 2, 2, 2)
        assert not result.available and result.hardship_needed is None
        assert "no balance of hardships, however sharp, makes up for that" in result.explanation


def test_the_trade_off_agrees_with_both_tests_over_every_showing():
    for merits, hardship, harm, public in GRID:
        result = trade_off(merits, hardship, harm, public)
        need = hardship_needed(merits)
        by_trade = not result.floor_failed and need is not None and hardship >= need
        profile = {**dict.fromkeys(relief.CLAIM_FACTORS, merits), "irreparable_harm": harm}
        profile.update(balance_of_equities=hardship, public_interest=public)
        assert result.available == by_trade == relief.weigh(profile).granted, (merits, hardship, harm, public)
        assert ("Result: no relief." in result.explanation) == (not result.available)


@pytest.mark.parametrize(
    ("args", "named"),
    [((3, 0, 1, 1), "merits"), ((0, True, 1, 1), "hardships"), ((0, 0, "1", 1), "irreparable harm")],
)
def test_an_off_scale_rating_is_refused_naming_the_element(args, named):
    with pytest.raises(AssessmentError, match=f"^{named}: .* is not a rating from -2 to 2"):
        trade_off(*args)
    if args[0] == 3:
        with pytest.raises(AssessmentError, match="^merits: "):
            hardship_needed(3)


def test_the_figure_marks_each_cell_by_marker_and_word_not_colour_alone():
    cells = relief_figures.trade_off_cells()
    assert sum(map(len, cells.values())) == len(SCALE) ** 2
    assert [(t.merits, t.hardship) for t in cells["sliding"]] == [(0, 2)]
    assert {(t.merits, t.hardship) for t in cells["Winter"]} == {(m, h) for m in (1, 2) for h in (1, 2)}
    fig = relief_figures.trade_off_figure()
    symbols = [trace.marker.symbol for trace in fig.data]
    words = [set(trace.text) for trace in fig.data]
    assert len(set(symbols)) == len(fig.data) == 3 and all(len(w) == 1 for w in words)
    assert len({w.pop() for w in words}) == 3
    assert "the kit's convention" in fig.layout.title.text and "the floor is met" in fig.layout.title.text


def test_without_the_floor_no_cell_gives_relief_and_the_text_version_says_so():
    assert (
        not relief_figures.trade_off_cells(harm=0)["Winter"] and not relief_figures.trade_off_cells(harm=0)["sliding"]
    )
    assert "NOT met" in relief_figures.trade_off_figure(harm=0).layout.title.text
    lines = relief_figures.trade_off_summary(harm=0).splitlines()
    assert sum("no relief (the floor is not met)" in line for line in lines) == len(SCALE)


def test_the_text_version_gives_each_merits_rating_the_hardships_it_needs():
    lines = relief_figures.trade_off_summary().splitlines()
    for merits in SCALE:
        need = hardship_needed(merits)
        if need is None:
            (line,) = [line for line in lines if line.startswith("- merits below serious questions")]
            assert relief.signed(merits) in line and "whatever the hardships" in line
            continue
        (line,) = [line for line in lines if line.startswith(f"- merits {relief.signed(merits)} ")]
        tip = relief_figures.HARDSHIP_TICKS[SCALE.index(need)].replace("<br>", " ")
        assert f"hardships tip {tip} ({relief.signed(need)})" in line
    assert lines[-1].startswith("Floor:")


def test_the_widget_shows_the_trade_in_words_and_the_floor_when_a_box_is_unticked():
    widget = relief_widgets.TradeOffWidget()
    assert "NO RELIEF" in widget.outcome_panel.html
    widget.hardship.value = 2
    assert "RELIEF AVAILABLE" in widget.outcome_panel.html and "offsets" in widget.outcome_panel.html
    widget.harm.value = False
    assert "NO RELIEF" in widget.outcome_panel.html and "Floor not met" in widget.outcome_panel.html
    assert widget.result() == trade_off(0, 2, 0, 1)
    widget.harm.value, widget.merits.value = True, -1
    assert "however sharp" in widget.outcome_panel.html


def test_the_widget_is_named_marked_main_and_never_shows_the_court():
    widget = relief_widgets.TradeOffWidget()
    assert "casekit-main" in widget.view._dom_classes
    assert "casekit-main-control" in widget.merits._dom_classes
    assert "casekit-main-output" in widget.outcome_panel._dom_classes
    assert (
        widget.merits.label and widget.hardship.label and widget.harm.description and widget.public_interest.description
    )
    shown = widget.outcome_panel.html
    for moved in ((2, 2), (0, 2), (-2, -2)):
        widget.merits.value, widget.hardship.value = moved
        shown += widget.outcome_panel.html
    assert "court" not in shown.lower()
    for summary in data.load("court_findings")["summary"]:
        assert summary not in shown
