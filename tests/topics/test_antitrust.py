"""casekit.topics.antitrust.reasoning: HHI, bounds, concentration labels read from data, markets, and the weighing of § 1 evidence."""

import json

import numpy as np
import pandas as pd
import pytest

from casekit import data
from casekit.topics.antitrust import reasoning as antitrust
from casekit.topics.antitrust.reasoning import AntitrustError, concentration, hhi, hhi_bounds


def squares(values):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(values, dtype=float)))


# --- hhi -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shares",
    [[100], [50, 50], [32, 20, 9, 6], [40.8, 19.7, 9.5, 6.1, 4.2], [], [0, 0, 0], [25.25, 25.25, 25.25, 24.25]],
)
def test_hhi_is_the_sum_of_squared_percentages(shares):
    assert hhi(shares) == pytest.approx(squares(shares))
    assert isinstance(hhi(shares), float)


def test_hhi_of_a_monopoly_and_of_equal_firms():
    assert hhi([100]) == 10_000
    assert hhi([10] * 10) == pytest.approx(1_000)
    assert hhi([]) == 0


@pytest.mark.parametrize(
    "make",
    [
        list,
        tuple,
        np.array,
        pd.Series,
        lambda v: pd.Series(v, dtype="Float64"),
        lambda v: (x for x in v),
        lambda v: pd.Series(v, index=list("abcd")),
    ],
)
def test_hhi_accepts_any_iterable_of_numbers(make):
    shares = [32.0, 20.0, 9.0, 6.0]
    assert hhi(make(shares)) == pytest.approx(1541.0)


def test_hhi_accepts_integer_and_numpy_number_types():
    assert hhi([np.int64(50), np.float32(25), 25]) == pytest.approx(3750)


@pytest.mark.parametrize(
    "shares, words",
    [
        ([-1, 50], "share 1 (-1%) is negative"),
        ([50, -0.01], "negative"),
        ([100.01], "over 100%"),
        ([101, 0], "share 1 (101%) is over 100%"),
        ([60, 40.6], "sum to 100.6%"),
        ([50, 50, 0.51], "more than 100%"),
        ([50, "30"], "share 2 ('30') is not a number"),
        ([True, 50], "not a number"),
        ([None], "not a number"),
        ([float("nan"), 10], "missing (NaN)"),
        (pd.Series([10.0, None]), "missing"),
    ],
)
def test_hhi_rejects_bad_shares_with_one_readable_error(shares, words):
    with pytest.raises(AntitrustError) as raised:
        hhi(shares)
    assert words in str(raised.value)


@pytest.mark.parametrize("shares", ["50", 50, {"AWS": 50}, None, b"12"])
def test_hhi_rejects_a_non_list(shares):
    with pytest.raises(AntitrustError, match="list"):
        hhi(shares)


def test_antitrust_error_is_a_value_error():
    assert issubclass(AntitrustError, ValueError)
    with pytest.raises(ValueError):
        hhi([-5])


@pytest.mark.parametrize("total", [100, 100.25, 100.5])
def test_shares_may_sum_past_100_within_the_rounding_tolerance(total):
    shares = [50, total - 50]
    assert hhi(shares) == pytest.approx(squares(shares))


@pytest.mark.parametrize("total", [100.5 + 1e-9, 100.51, 101])
def test_shares_beyond_the_tolerance_are_rejected(total):
    with pytest.raises(AntitrustError, match="more than 100%"):
        hhi([50, total - 50])


def test_single_share_of_exactly_0_and_100_are_allowed():
    assert hhi([0]) == 0 and hhi([100, 0]) == 10_000


# --- hhi_bounds ------------------------------------------------------------------------------


def _filled(named: list[float]) -> list[float]:
    """NAMED plus the unnamed firms of the largest attainable HHI: whole firms of the smallest named share, then the rest."""
    cap, rest, fringe = min(named), 100 - sum(named), []
    while rest > cap + 1e-9:
        fringe.append(cap)
        rest -= cap
    return named + fringe + [rest]


@pytest.mark.parametrize("named", [[32, 20, 9, 6], [40.8, 19.7, 9.5, 6.1, 4.2], [31, 20, 7, 6], [10], [30, 20]])
def test_bounds_add_nothing_or_fill_the_remainder_with_firms_no_larger_than_the_smallest_named(named):
    low, high = hhi_bounds(named)
    assert low == pytest.approx(squares(named))
    assert high == pytest.approx(squares(_filled(named)))
    assert low <= high < squares(named + [100 - sum(named)])  # the remainder as one firm is no bound


def test_the_largest_attainable_hhis_of_the_analysts_own_rows(shares_table):
    """Dossier § 11.1: Synergy about 1,670 (1,730 without IBM's uncertain 4%), Canalys 1,662, Gartner 2,277."""
    highs = {
        (analyst, uncertain): round(hhi_bounds(antitrust.market_shares(shares_table, analyst, uncertain))[1])
        for analyst in ("Synergy", "Canalys", "Gartner")
        for uncertain in (True, False)
    }
    assert highs[("Synergy", True)] == 1670
    assert highs[("Synergy", False)] == 1730
    assert highs[("Canalys", True)] == highs[("Canalys", False)] == 1662
    assert highs[("Gartner", True)] == highs[("Gartner", False)] == 2277
    assert highs[("Gartner", True)] > 1800 > highs[("Synergy", False)]  # the definition decides the 2023 label


def test_the_one_firm_case_is_a_stress_test_above_the_upper_bound():
    named = [31, 20, 7, 6]
    assert antitrust.one_firm_stress_hhi(named) == pytest.approx(squares(named) + 36**2)
    assert antitrust.one_firm_stress_hhi(named) > hhi_bounds(named)[1]
    assert antitrust.one_firm_stress_hhi([60, 40]) == hhi_bounds([60, 40])[1] == 5200


def test_bounds_of_an_empty_list_run_from_0_to_a_monopoly():
    assert hhi_bounds([]) == (0, 10_000)


@pytest.mark.parametrize("named", [[50, 50], [60, 40.3], [33.4, 33.4, 33.4]])
def test_bounds_coincide_when_the_named_firms_hold_everything(named):
    low, high = hhi_bounds(named)
    assert low == high == pytest.approx(squares(named))


def test_bounds_accept_a_series_and_validate_like_hhi():
    assert hhi_bounds(pd.Series([30.0, 20.0])) == pytest.approx((1300, 1300 + 2 * 400 + 100))
    with pytest.raises(AntitrustError, match="negative"):
        hhi_bounds([50, -1])
    with pytest.raises(AntitrustError, match="more than 100%"):
        hhi_bounds([70, 31])


# --- concentration ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, label",
    [
        (0, "unconcentrated"),
        (1499.999, "unconcentrated"),
        (1500, "moderately concentrated"),
        (1500.0001, "moderately concentrated"),
        (2000, "moderately concentrated"),
        (2500, "moderately concentrated"),
        (2500.0001, "highly concentrated"),
        (10_000, "highly concentrated"),
    ],
)
def test_2010_bands_and_their_exact_boundaries(value, label):
    assert concentration(value, "2010") == label


@pytest.mark.parametrize(
    "value, label",
    [
        (0, "not highly concentrated"),
        (1799.999, "not highly concentrated"),
        (1800, "not highly concentrated"),
        (1800.0001, "highly concentrated"),
        (2500, "highly concentrated"),
        (10_000, "highly concentrated"),
    ],
)
def test_2023_threshold_and_its_exact_boundary(value, label):
    assert concentration(value, "2023") == label


def test_concentration_accepts_ints_floats_and_numpy_numbers():
    assert concentration(np.float64(1500.0), "2010") == concentration(1500, "2010") == "moderately concentrated"
    assert concentration(np.int64(1801), "2023") == "highly concentrated"


@pytest.mark.parametrize("guidelines", ["2000", 2010, 2023, None, "2010 ", "HMG 2010", "", "2024"])
def test_unknown_guidelines_raise(guidelines):
    with pytest.raises(AntitrustError, match="guidelines must be one of"):
        concentration(1000, guidelines)


@pytest.mark.parametrize("value", [-1, 10_000.5, float("nan"), float("inf"), "1500", None, True])
def test_impossible_hhi_values_raise(value):
    with pytest.raises(AntitrustError):
        concentration(value, "2010")


@pytest.mark.parametrize("guidelines", antitrust.GUIDELINES)
def test_each_guidelines_bands_cover_0_to_10000_exactly_once(guidelines):
    found = antitrust.bands(guidelines)
    edges = sorted({b.lower for b in found} | {b.upper for b in found})
    probes = {0.0, 10_000.0} | set(edges) | {e + d for e in edges for d in (-1e-6, 1e-6)}
    for value in sorted(p for p in probes if 0 <= p <= 10_000):
        assert sum(b.contains(value) for b in found) == 1, (
            f"{guidelines}: HHI {value} in {sum(b.contains(value) for b in found)} bands"
        )


def test_concentration_reads_its_thresholds_from_the_dataset(monkeypatch):
    table = data.load("merger_guidelines")
    moved = table.copy()
    moved.loc["mg2023_not_highly", "upper"] = 2000.0
    moved.loc["mg2023_highly", "lower"] = 2000.0
    monkeypatch.setattr(data, "load", lambda name, *a, **k: moved if name == "merger_guidelines" else None)
    assert concentration(1900, "2023") == "not highly concentrated"
    monkeypatch.undo()
    assert concentration(1900, "2023") == "highly concentrated"


def test_thresholds_carry_the_dossiers_confidence_marks():
    table = data.load("merger_guidelines")
    levels = table[table["measure"].astype(str) == "hhi_level"]
    assert set(levels["confidence"].astype(str)) == {"primary"}  # dossier § 11.4: the Guidelines' text was read
    for row in table.itertuples():
        if "not verified" in row.statement.lower():
            assert row.confidence == "uncertain", row.id
    assert set(table["confidence"].astype(str)) == {"primary"}  # § 5.3 (2010) and Guideline 1 (2023), checked
    assert table.loc["hmg2010_change_presumed", "source_ids"] == ("guidelines_hmg_2010",)
    assert table.loc["mg2023_share_presumption", "source_ids"] == ("guidelines_mg_2023",)


def test_bands_name_their_sources_and_confidence():
    for guidelines in antitrust.GUIDELINES:
        for band in antitrust.bands(guidelines):
            assert band.source_ids and band.confidence in data.CONFIDENCE


# --- markets per analyst ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def shares_table():
    return data.load("cloud_market_share")


def test_analysts_are_those_of_the_dataset(shares_table):
    assert antitrust.analysts(shares_table) == [
        a
        for a in data.card("cloud_market_share").columns[1].allowed
        if (shares_table["analyst"].astype(str) == a).any()
    ]


@pytest.mark.parametrize("analyst", ["Synergy", "Canalys", "Gartner"])
def test_market_shares_are_the_datasets_rows_largest_first(shares_table, analyst):
    rows = shares_table[shares_table["analyst"].astype(str) == analyst]
    shares = antitrust.market_shares(shares_table, analyst)
    assert dict(shares) == dict(zip(rows["provider"].astype(str), rows["share_pct"].astype(float)))
    assert list(shares) == sorted(shares, reverse=True)


def test_leaving_out_uncertain_shares_drops_exactly_the_uncertain_rows(shares_table):
    for analyst in antitrust.analysts(shares_table):
        rows = shares_table[shares_table["analyst"].astype(str) == analyst]
        uncertain = set(rows.loc[rows["confidence"].astype(str) == "uncertain", "provider"].astype(str))
        kept = antitrust.market_shares(shares_table, analyst, include_uncertain=False)
        assert set(kept.index) == set(rows["provider"].astype(str)) - uncertain
        assert set(antitrust.market(shares_table, analyst, include_uncertain=False).left_out) == uncertain


@pytest.mark.parametrize("analyst", ["Synergy", "Canalys", "Gartner"])
@pytest.mark.parametrize("fringe", ["many_small", "largest"])
def test_market_hhi_and_labels_follow_the_pure_functions(shares_table, analyst, fringe):
    found = antitrust.market(shares_table, analyst, fringe)
    shares = list(found.shares.values())
    assert found.bounds == hhi_bounds(shares)
    assert found.hhi == (found.bounds[0] if fringe == "many_small" else found.bounds[1])
    assert found.remainder == pytest.approx(100 - sum(shares))
    assert found.labels == {g: concentration(found.hhi, g) for g in ("2010", "2023")}
    rows = shares_table[shares_table["analyst"].astype(str) == analyst]
    assert found.definition == rows["market_definition"].iloc[0]
    assert set(found.source_ids) == {s for ids in rows["source_ids"] for s in ids}


def test_market_definition_changes_the_2023_answer(shares_table):
    labels = {a: antitrust.market(shares_table, a).labels["2023"] for a in antitrust.analysts(shares_table)}
    assert len(set(labels.values())) > 1, labels


def test_market_rejects_unknown_analyst_and_fringe(shares_table):
    with pytest.raises(AntitrustError, match="no shares for analyst 'IDC'.*Synergy"):
        antitrust.market(shares_table, "IDC")
    with pytest.raises(AntitrustError, match="fringe must be one of"):
        antitrust.market(shares_table, "Synergy", fringe="half")


# --- weighing the evidence of concerted action -----------------------------------------------


@pytest.fixture(scope="module")
def evidence():
    return data.load("antitrust_evidence")


@pytest.fixture(scope="module")
def item_ids(evidence):
    return list(evidence.index)


def test_nothing_judged_yet_is_not_a_conclusion(item_ids):
    result = antitrust.weigh_evidence({}, items=item_ids)
    assert result.unjudged == tuple(item_ids)
    assert result.excludes_independent_action is None and result.plus_factors == ()
    assert "Not yet judged" in result.explanation


# issue 26: no rule turns the item judgements into the Monsanto answer; the overall judgement is the learner's.


def test_one_undisputed_plus_factor_is_laid_out_but_decides_nothing(item_ids):
    judged = dict.fromkeys(item_ids, "consistent")
    judged[item_ids[0]] = "excludes"
    result = antitrust.weigh_evidence(judged, items=item_ids)
    assert result.plus_factors == result.standing_plus_factors == (item_ids[0],)
    assert result.excludes_independent_action is None and result.overall is None
    assert result.explanation.splitlines()[-1].startswith("Your overall judgement: not yet given.")
    assert antitrust.MONSANTO_QUESTION in result.explanation.splitlines()
    assert "not automatically enough" in antitrust.MONSANTO_QUESTION


def test_a_disputed_plus_factor_is_listed_as_disputed(item_ids):
    judged = dict.fromkeys(item_ids, "neutral")
    judged[item_ids[1]] = "excludes"
    result = antitrust.weigh_evidence(judged, disputed={item_ids[1]}, items=item_ids)
    assert result.plus_factors == result.disputed_plus_factors == (item_ids[1],)
    assert result.standing_plus_factors == () and result.excludes_independent_action is None


@pytest.mark.parametrize("kind", ["consistent", "neutral", "excludes"])
@pytest.mark.parametrize("overall, excludes", [("excludes", True), ("does_not_exclude", False)])
def test_the_overall_answer_is_the_learners_whatever_the_items(item_ids, kind, overall, excludes):
    result = antitrust.weigh_evidence(dict.fromkeys(item_ids, kind), items=item_ids, overall=overall)
    assert result.excludes_independent_action is excludes and result.overall == overall
    last = result.explanation.splitlines()[-1]
    assert last.startswith(f"Your overall judgement: the record as a whole {antitrust.OVERALL[overall]}.")


def test_an_overall_judgement_at_odds_with_the_items_asks_for_a_reason(item_ids):
    judged = dict.fromkeys(item_ids, "consistent")
    none = antitrust.weigh_evidence(judged, items=item_ids, overall="excludes")
    assert "You judged no item to point to an agreement" in none.explanation.splitlines()[-1]
    judged[item_ids[2]] = "excludes"
    one = antitrust.weigh_evidence(judged, items=item_ids, overall="does_not_exclude")
    assert "You judged 1 undisputed item(s)" in one.explanation.splitlines()[-1]
    marked = antitrust.weigh_evidence(judged, disputed={item_ids[2]}, items=item_ids, overall="does_not_exclude")
    assert marked.explanation.splitlines()[-1] == (
        f"Your overall judgement: the record as a whole {antitrust.OVERALL['does_not_exclude']}."
    )


def test_no_overall_conclusion_while_items_are_left(item_ids):
    result = antitrust.weigh_evidence({item_ids[0]: "excludes"}, items=item_ids, overall="excludes")
    assert result.explanation.splitlines()[-1].startswith("No conclusion yet: 1 of")


def test_disputed_marks_on_other_items_do_not_matter(item_ids):
    judged = dict.fromkeys(item_ids, "consistent")
    judged[item_ids[2]] = "excludes"
    result = antitrust.weigh_evidence(judged, disputed=set(item_ids) - {item_ids[2]}, items=item_ids)
    assert result.standing_plus_factors == (item_ids[2],)


def test_groups_partition_the_items_in_dataset_order(item_ids):
    kinds = ["consistent", "excludes", "neutral", None]
    judged = {i: kinds[n % 4] for n, i in enumerate(item_ids)}
    result = antitrust.weigh_evidence(judged, items=item_ids)
    groups = result.plus_factors + result.consistent + result.neutral + result.unjudged
    assert sorted(groups) == sorted(item_ids)
    assert list(result.consistent) == [i for i in item_ids if judged[i] == "consistent"]


def test_labels_name_the_items_in_the_explanation(evidence, item_ids):
    judged = {item_ids[0]: "excludes"}
    labels = evidence["item"].astype(str).to_dict()
    result = antitrust.weigh_evidence(judged, items=item_ids, labels=labels)
    assert labels[item_ids[0]] in result.explanation


@pytest.mark.parametrize(
    "judged, disputed, words",
    [
        ({"ev_nonsense": "excludes"}, (), "unknown evidence item(s): ev_nonsense"),
        ({"ev_person_x": "maybe"}, (), "'maybe' is not one of consistent, excludes, neutral"),
        ({"ev_person_x": "excludes"}, ("ev_other",), "marked disputed: ev_other"),
    ],
)
def test_bad_judgements_raise_one_readable_error(item_ids, judged, disputed, words):
    with pytest.raises(AntitrustError) as raised:
        antitrust.weigh_evidence(judged, disputed=disputed, items=item_ids)
    assert words in str(raised.value)


def test_a_bad_overall_judgement_raises_one_readable_error(item_ids):
    with pytest.raises(AntitrustError, match="overall judgement 'yes' is not one of excludes, does_not_exclude"):
        antitrust.weigh_evidence({}, items=item_ids, overall="yes")


def test_items_default_to_the_judged_ones():
    result = antitrust.weigh_evidence({"a": "excludes", "b": None})
    assert result.plus_factors == ("a",) and result.unjudged == ("b",)


def test_court_view_comes_from_the_sherman_finding():
    finding = str(data.load("court_findings").loc["cf_sherman_order", "finding"])
    assert antitrust.court_excludes(finding) is False
    assert antitrust.court_excludes("for_parler") is True
    assert antitrust.court_excludes("unclear") is None
    with pytest.raises(AntitrustError, match="unknown court finding"):
        antitrust.court_excludes("maybe")


def test_compare_with_court(item_ids):
    judged = dict.fromkeys(item_ids, "consistent")
    none = antitrust.weigh_evidence(judged, items=item_ids, overall="does_not_exclude")
    some = antitrust.weigh_evidence(judged, items=item_ids, overall="excludes")
    no_overall = antitrust.weigh_evidence({**judged, item_ids[0]: "excludes"}, items=item_ids)
    partial = antitrust.weigh_evidence({item_ids[0]: "consistent"}, items=item_ids, overall="excludes")
    assert antitrust.compare_with_court(none, "for_aws") == "agrees"
    assert antitrust.compare_with_court(some, "for_aws") == "differs"
    assert antitrust.compare_with_court(some, "for_parler") == "agrees"
    assert antitrust.compare_with_court(none, "unclear") == "record uncertain"
    assert antitrust.compare_with_court(partial, "for_aws") == "not yet judged"
    assert antitrust.compare_with_court(no_overall, "for_aws") == "not yet judged"


def test_evidence_record_holds_only_the_learners_choices(item_ids):
    judged = {**dict.fromkeys(item_ids, "neutral"), item_ids[0]: "excludes"}
    result = antitrust.weigh_evidence(judged, disputed={item_ids[0]}, items=item_ids, overall="does_not_exclude")
    record = antitrust.evidence_record(
        " Ana ", result, "The timing alone proves nothing at all.", "2026-01-01T00:00:00+00:00", "0.1"
    )
    assert record["learner"] == "Ana" and record["judgements"] == judged and record["disputed"] == [item_ids[0]]
    assert record["schema"] == antitrust.EVIDENCE_SCHEMA
    assert record["outcome"]["excludes_independent_action"] is False
    assert "explanation" not in json.dumps(record)
    json.dumps(record)


@pytest.mark.parametrize(
    "name, judged_all, text, words",
    [
        ("", True, "long enough justification here", "type your name"),
        ("Ana", False, "long enough justification here", "judge every item"),
        ("Ana", True, "too short", "at least 20 characters"),
    ],
)
def test_evidence_record_refuses_incomplete_work(item_ids, name, judged_all, text, words):
    judged = dict.fromkeys(item_ids if judged_all else item_ids[:1], "neutral")
    result = antitrust.weigh_evidence(judged, items=item_ids)
    with pytest.raises(AntitrustError, match=words):
        antitrust.evidence_record(name, result, text, "2026-01-01T00:00:00+00:00", "0.1")


def test_evidence_record_keeps_a_missing_overall_judgement_as_none_unless_required(item_ids):
    result = antitrust.weigh_evidence(dict.fromkeys(item_ids, "neutral"), items=item_ids)
    args = ("Ana", result, "long enough justification here", "2026-01-01T00:00:00+00:00", "0.1")
    assert antitrust.evidence_record(*args)["outcome"]["excludes_independent_action"] is None
    with pytest.raises(AntitrustError, match="please give your overall judgement"):
        antitrust.evidence_record(*args, require_overall=True)


# --- the evidence dataset --------------------------------------------------------------------


def test_the_evidence_covers_each_item_the_issue_names(evidence):
    expected = {
        "ev_aws_twitter_deal",
        "ev_timing_twitter_ban",
        "ev_apple_google_same_weekend",
        "ev_person_x",
        "ev_sworn_denial",
        "ev_feed_not_on_aws",
        "ev_reports_since_november",
    }
    assert expected <= set(evidence.index)
    assert "Dec 15, 2020" in evidence.loc["ev_aws_twitter_deal", "statement"]


def test_parlers_assertions_are_labelled_as_assertions(evidence):
    parler = evidence[evidence["offered_by"].astype(str) == "Parler"]
    assert set(parler["status"].astype(str)) <= {"assertion", "undisputed"}
    for row in parler[parler["status"].astype(str) == "assertion"].itertuples():
        assert "assertion" in row.statement or "alleged" in row.statement, row.id
    assert evidence.loc["ev_person_x", "status"] == "assertion"


def test_aws_answers_point_at_parler_items(evidence):
    for row in evidence[evidence["responds_to"].notna()].itertuples():
        assert evidence.loc[row.responds_to, "offered_by"] == "Parler", row.id
        assert row.offered_by == "AWS"


def test_findings_are_items_the_court_credited(evidence):
    findings = evidence[evidence["status"].astype(str) == "finding"]
    assert len(findings) and set(findings["court_treatment"].astype(str)) == {"credited"}


def test_primary_rows_cite_only_primary_sources(evidence):
    sources = data.load("sources")
    for name in ("antitrust_evidence", "merger_guidelines"):
        for row in data.load(name).itertuples():
            if row.confidence == "primary":
                assert {str(sources.loc[s, "confidence"]) for s in row.source_ids} == {"primary"}, row.id
