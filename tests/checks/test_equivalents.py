"""Every registered check passes every equivalent form of its right answer, and no wrong answer.

The right answers are computed from the datasets, casekit.relief and casekit.antitrust (as the
checks do, and for several learners' logins where a question draws a per-learner variant), then
written in every form a learner might use: numpy scalars, integral floats, numeric text, time
spans, "Section 7.2(b)(i)", upper case, "(b)", surrounding spaces... A check registered without
an entry in EQUIVALENTS and WRONG fails test_every_registered_check_has_equivalents.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from casekit import data, variants
from casekit.checks import FAIL, PASS, REGISTRY, verdict
from casekit.topics.antitrust import checks as antitrust_checks
from casekit.topics.antitrust import reasoning as antitrust
from casekit.topics.case import checks as the_case
from casekit.topics.relief import checks as emergency_relief
from casekit.topics.relief import reasoning as relief

# --- the forms of one right answer ------------------------------------------------------------


def whole_number_forms(n: int) -> list:
    return [
        n,
        int(n),
        np.int64(n),
        np.int32(n),
        np.int16(n),
        float(n),
        np.float64(n),
        np.float32(n),
        str(n),
        f" {n} ",
        f"{n}.0",
        np.array(n),
        pd.Series([n]).iloc[0],
    ]


def days_forms(n: int) -> list:
    return whole_number_forms(n) + [dt.timedelta(days=n), pd.Timedelta(days=n), np.timedelta64(n, "D")]


def bool_forms(b: bool) -> list:
    return [b, np.bool_(b), np.array(b), str(b), str(b).lower(), str(b).upper(), f" {b} "]


def section_forms(reference: str) -> list:
    bare = reference.replace("§", "").strip()
    number, _, parts = bare.partition("(")
    spaced = f"{number} ({parts}" if parts else number
    forms = [
        reference,
        bare,
        f" {reference} ",
        f"§{bare}",
        f"Section {bare}",
        f"section {bare}",
        f"SECTION {bare}",
        f"Sec. {bare}",
        f"sec. {spaced}",
        f"s. {bare}",
        f"S. {bare.upper()}",
        bare.upper(),
        f"{reference}.",
    ]
    return forms + [pd.Series([reference]), np.array([reference])]


def letter_forms(letter: str) -> list:
    return [letter, letter.upper(), f"({letter})", f"({letter.upper()})", f"{letter})", f"{letter}.", f" {letter} "]


def id_forms(identifier: str) -> list:
    words = identifier.replace("_", " ")
    return [
        identifier,
        f" {identifier} ",
        identifier.upper(),
        words,
        words.capitalize(),
        identifier.replace("_", "-"),
        (identifier,),
        [identifier],
    ]


# --- right and wrong answers, computed --------------------------------------------------------


def _clauses() -> pd.DataFrame:
    return data.load("contract_clauses")


def _numbered_sections() -> dict[str, str]:
    """clause id -> section, for the clauses whose section is a numbered reference."""
    return {cid: s for cid, s in _clauses()["section"].items() if str(s).lstrip("§ ")[:1].isdigit()}


def _section_answer(clause_id: str) -> list:
    return section_forms(_clauses().loc[clause_id, "section"]) + [clause_id, clause_id.upper(), f" {clause_id} "]


def _other_sections(clause_id: str) -> list:
    sections = _numbered_sections()
    return [v for cid, s in sections.items() if s != sections[clause_id] for v in (s, s.replace("§", "Section"), cid)]


def _parler_clause_id() -> str:
    clauses = _clauses()
    return clauses.index[clauses["invoked_by"].astype(str) == "Parler"][0]


def _timeline_days() -> pd.Timedelta:
    timeline = data.load("timeline")
    return timeline.loc["t23", "date"] - timeline.loc["t19", "date"]


def _variant(assignment: str) -> variants.Variant:
    return variants.current(assignment)  # the login is set per test by the `login` fixture


def _marked_events() -> np.integer:
    """0c's answer as pandas gives it (a numpy int), for the current login's events and mark."""
    variant = _variant(the_case.ASSIGNMENT)
    timeline = data.load("timeline").loc[the_case.draw_events_0c(variant)]
    return (timeline["confidence"] == the_case.draw_mark_0c(variant)).sum()


def _profile_a() -> dict[str, int]:
    return emergency_relief.draw_profile_a(_variant(emergency_relief.ASSIGNMENT))


def _profile_1d():
    return relief.weigh(emergency_relief.draw_profile_d(_variant(emergency_relief.ASSIGNMENT)))


def _option_1e() -> str:
    return emergency_relief.option_1e(_variant(emergency_relief.ASSIGNMENT))


def _around(n: int) -> list:
    return [n - 1, n + 1, str(n + 1), float(n) + 0.5, -n if n else 1]


EQUIVALENTS = {
    "0a": lambda: _section_answer(_parler_clause_id()),
    "0b": lambda: days_forms(the_case.days_filed_to_decided()) + [_timeline_days(), _timeline_days().days],
    "0c": lambda: whole_number_forms(int(_marked_events())) + [_marked_events()],
    "1x": lambda: days_forms(emergency_relief.tro_max_days()),
    "1y": lambda: (
        whole_number_forms(relief.SLIDING_NEEDS["balance_of_equities"])
        + [f"+{relief.SLIDING_NEEDS['balance_of_equities']}"]
    ),
    "1a": lambda: bool_forms(relief.winter_test(_profile_a()).granted),
    "1b": lambda: bool_forms(relief.sliding_scale_test(_profile_a()).granted),
    "1c": lambda: _section_answer(emergency_relief.ignored_clause()),
    "1d": lambda: id_forms(_profile_1d().deciding[0]) + [_profile_1d().deciding],
    "1e": lambda: letter_forms(_option_1e()),
}

WRONG = {
    "0a": lambda: _other_sections(_parler_clause_id()),
    "0b": lambda: _around(the_case.days_filed_to_decided()) + [dt.timedelta(days=the_case.days_filed_to_decided() + 1)],
    "0c": lambda: _around(int(_marked_events())),
    "1x": lambda: _around(emergency_relief.tro_max_days()),
    "1y": lambda: [r for r in range(-2, 3) if r != relief.SLIDING_NEEDS["balance_of_equities"]],
    "1a": lambda: bool_forms(not relief.winter_test(_profile_a()).granted),
    "1b": lambda: bool_forms(not relief.sliding_scale_test(_profile_a()).granted),
    "1c": lambda: _other_sections(emergency_relief.ignored_clause()),
    "1d": lambda: [f for f in relief.FACTORS if (f,) != _profile_1d().deciding],
    "1e": lambda: [v for option in "abcd" if option != _option_1e() for v in letter_forms(option)],
}


# Lesson 04 (antitrust): right answers computed with casekit.antitrust from datasets/, as the checks do.
def number_forms(x: float) -> list:
    return [
        x,
        float(x),
        np.float64(x),
        np.float32(x),
        str(x),
        f" {x} ",
        round(x),
        str(round(x)),
        np.array(x),
        pd.Series([x]),
        x + 0.4,
        x - 0.4,
    ]


def label_forms(label: str) -> list:
    return [
        label,
        label.upper(),
        label.capitalize(),
        f" {label} ",
        label.removesuffix(" concentrated"),
        label.replace(" ", "-"),
        [label],
        pd.Series([label]),
    ]


def ids_forms(ids) -> list:
    ordered = sorted(ids)
    return [
        ordered,
        ordered[::-1],
        tuple(ordered),
        set(ordered),
        frozenset(ordered),
        pd.Index(ordered),
        np.array(ordered),
        pd.Series(ordered),
        [i.upper() for i in ordered],
        data.load("antitrust_evidence").loc[ordered],
    ]


def _merger_hhi() -> float:
    """4a's answer for the current login, worked out as the exercise asks: the merging firms' shares held by one firm."""
    variant = _variant(antitrust_checks.ASSIGNMENT)
    shares = antitrust.market_shares(data.load("cloud_market_share"), antitrust_checks.draw_market_4a(variant))
    merging = shares.index.isin(antitrust_checks.draw_merger_4a(variant))
    return float((shares[~merging] ** 2).sum() + shares[merging].sum() ** 2)


def _other_learners_merger_hhis() -> list[float]:
    """4a's answers of the other variants (every market and pair of its firms) that differ from the current login's."""
    from itertools import combinations

    table = data.load("cloud_market_share")
    found = []
    for analyst in antitrust.analysts(table):
        shares = antitrust.market_shares(table, analyst)
        found += [antitrust.hhi(shares) + 2 * shares[a] * shares[b] for a, b in combinations(shares.index, 2)]
    return [x for x in found if abs(x - _merger_hhi()) > 1]


def _merger_one_firm() -> float:
    variant = _variant(antitrust_checks.ASSIGNMENT)
    shares = antitrust.market_shares(data.load("cloud_market_share"), antitrust_checks.draw_market_4a(variant))
    return _merger_hhi() + (100 - shares.sum()) ** 2


def _pre_merger_hhi() -> float:
    return antitrust_checks.named_hhi(antitrust_checks.draw_market_4a(_variant(antitrust_checks.ASSIGNMENT)))


def _merger_label(guidelines: str) -> str:
    return antitrust.concentration(_merger_hhi(), guidelines)


def _other_labels(guidelines: str) -> list:
    return [label for label in antitrust_checks.labels() if label != _merger_label(guidelines)]


def _assertions() -> list[str]:
    party = antitrust_checks.draw_party_4e(_variant(antitrust_checks.ASSIGNMENT))
    evidence = data.load("antitrust_evidence")
    return sorted(evidence.index[(evidence["offered_by"] == party) & (evidence["status"] == "assertion")])


def _other_items() -> list:
    right = _assertions()
    others = [i for i in data.load("antitrust_evidence").index if i not in right]
    other_party = [
        i for p in antitrust_checks.PARTIES_4E for i in sorted(antitrust_checks.assertions_of(p)) if i not in right
    ]
    return [right[:-1], right + others[:1], others, [others[0]], right[:1], other_party]


EQUIVALENTS.update(
    {
        "4x": lambda: whole_number_forms(antitrust_checks.lowest_highly_2023()),
        "4y": lambda: whole_number_forms(antitrust_checks.credited_count()),
        "4a": lambda: number_forms(_merger_hhi()),
        "4b": lambda: number_forms(_merger_one_firm()),
        "4c": lambda: label_forms(_merger_label("2010")),
        "4d": lambda: label_forms(_merger_label("2023")),
        "4e": lambda: ids_forms(_assertions()),
    }
)
WRONG.update(
    {
        "4x": lambda: _around(antitrust_checks.lowest_highly_2023()),
        "4y": lambda: _around(antitrust_checks.credited_count()),
        "4a": lambda: (
            [_merger_hhi() + d for d in (-1, 1, 100)]
            + [_pre_merger_hhi(), _merger_one_firm()]
            + (_other_learners_merger_hhis())
        ),
        "4b": lambda: [_merger_one_firm() + d for d in (-1, 1)] + [_merger_hhi(), _pre_merger_hhi()],
        "4c": lambda: _other_labels("2010"),
        "4d": lambda: _other_labels("2023"),
        "4e": _other_items,
    }
)


# Lesson 02 (cloud contracts): right answers from casekit.contract and datasets/, as the checks do.
from zoneinfo import ZoneInfo  # noqa: E402

from casekit.topics.contract import checks as cloud_contracts  # noqa: E402
from casekit.topics.contract import reasoning as contract  # noqa: E402


def _my_effect() -> dt.datetime:
    """2a's answer for the current login, built as the exercise asks: t17's date, time and zone, converted to my_zone."""
    row = data.load("timeline").loc["t17"]
    local = pd.Timestamp(f"{row['date']:%Y-%m-%d} {row['time']}", tz=row["time_zone"])
    return local.tz_convert(cloud_contracts.draw_zone_2a(_variant(cloud_contracts.ASSIGNMENT))).to_pydatetime()


def moment_forms(moment: dt.datetime) -> list:
    fixed = moment.astimezone(dt.timezone(moment.utcoffset()))  # the same wall clock, as a bare UTC offset
    return [
        moment,
        fixed,
        pd.Timestamp(moment),
        pd.Timestamp(fixed),
        moment.isoformat(),
        f" {moment.isoformat()} ",
        pd.Series([pd.Timestamp(moment)]),
        [moment],
        pd.Timestamp(moment).tz_convert("UTC").tz_convert(moment.tzinfo),
    ]


def _wrong_moments(moment: dt.datetime) -> list:
    pacific = moment.astimezone(ZoneInfo("America/Los_Angeles"))
    others = [
        moment.astimezone(ZoneInfo(z))
        for z in cloud_contracts.ZONES_2A  # other learners' zones
        if moment.astimezone(ZoneInfo(z)).utcoffset() != moment.utcoffset()
    ]
    return [
        moment + dt.timedelta(hours=1),
        moment - dt.timedelta(days=1),
        pacific,
        pacific.isoformat(),
        moment.astimezone(dt.UTC),
        moment.replace(tzinfo=dt.UTC),
        pd.Timestamp(pacific),
        *others,
    ]


def _my_canon() -> str:
    """2d's answer for the current login, read as the exercise asks: does the argument put the doubt on the drafter?"""
    argument = data.load("arguments").loc[
        cloud_contracts.draw_argument_2d(_variant(cloud_contracts.ASSIGNMENT)), "argument"
    ]
    return "contra_proferentem" if "drafter" in argument else "surplusage_canon"


EQUIVALENTS.update(
    {
        "2a": lambda: moment_forms(_my_effect()),
        "2b": lambda: _section_answer(cloud_contracts.no_cure_termination()),
        "2c": lambda: days_forms(cloud_contracts.days_left_at_ruling()),
        "2d": lambda: id_forms(_my_canon()),
        "2x": lambda: id_forms(contract.clause(cloud_contracts.LABEL_CLAUSE).action),
        "2y": lambda: days_forms(cloud_contracts.parler_notice_days()),
    }
)
WRONG.update(
    {
        "2a": lambda: _wrong_moments(_my_effect()),
        "2b": lambda: _other_sections(cloud_contracts.no_cure_termination()),
        "2c": lambda: _around(cloud_contracts.days_left_at_ruling()),
        "2d": lambda: [v for c in cloud_contracts.CANONS if c != _my_canon() for v in id_forms(c)],
        "2x": lambda: [
            v
            for a in contract.REMEDIES
            if a != contract.clause(cloud_contracts.LABEL_CLAUSE).action
            for v in id_forms(a)
        ],
        "2y": lambda: _around(cloud_contracts.parler_notice_days()),
    }
)

# Lesson 03 (content moderation): right answers from casekit.moderation and datasets/, as the checks do.
from casekit.topics.moderation import checks as content_moderation  # noqa: E402


def share_forms(x: float) -> list:
    return [
        x,
        float(x),
        np.float64(x),
        np.float32(x),
        round(x, 2),
        round(x, 3),
        str(round(x, 2)),
        f" {x} ",
        np.array(x),
        pd.Series([x]),
        [x],
        round(100 * x, 1),
        f"{100 * x:.1f}",
    ]


def _wrong_shares(x: float, *others: float) -> list:
    return [x + 0.02, x - 0.02, x + 0.1, 1.0, *others]


def _precision_recall_mean_3d() -> tuple[float, float, float]:
    """The filter's precision, recall and their plain mean at 3d's threshold: wrong answers for its F1."""
    result = content_moderation._filter_at(content_moderation.THRESHOLD_3D)
    return result.precision, result.recall, (result.precision + result.recall) / 2


EQUIVALENTS.update(
    {
        "3x": lambda: bool_forms(False),
        "3y": lambda: whole_number_forms(content_moderation.over_removed_count()),
        "3a": lambda: whole_number_forms(content_moderation.clearing_day()),
        "3b": lambda: whole_number_forms(content_moderation.moderators_for_target()),
        "3c": lambda: share_forms(content_moderation.moderators_kappa()),
        "3d": lambda: share_forms(content_moderation.filter_f1()),
    }
)
WRONG.update(
    {
        "3x": lambda: bool_forms(True),
        "3y": lambda: _around(content_moderation.over_removed_count()),
        "3a": lambda: _around(content_moderation.clearing_day()),
        "3b": lambda: _around(content_moderation.moderators_for_target()),
        "3c": lambda: _wrong_shares(content_moderation.moderators_kappa(), 0.6),
        "3d": lambda: _wrong_shares(content_moderation.filter_f1(), *_precision_recall_mean_3d()),
    }
)

# Lesson 05 (moot court): right answers from the timeline, court_findings and casekit.moot, as the checks do.
from casekit.topics.moot import checks as moot_court  # noqa: E402

EQUIVALENTS.update(
    {
        "5x": lambda: days_forms(moot_court.days_order_to_dismissal()),
        "5y": lambda: bool_forms(moot_court.conclusion_mentions_harm()),
        "5a": lambda: bool_forms(moot_court.claims_dismissed()),
        "5b": lambda: id_forms(moot_court.factor_not_in_conclusion()),
        "5c": lambda: whole_number_forms(moot_court.differences_5c()),
    }
)
WRONG.update(
    {
        "5x": lambda: _around(moot_court.days_order_to_dismissal()),
        "5y": lambda: bool_forms(not moot_court.conclusion_mentions_harm()),
        "5a": lambda: bool_forms(not moot_court.claims_dismissed()),
        "5b": lambda: [f for f in relief.FACTORS if f != moot_court.factor_not_in_conclusion()],
        "5c": lambda: _around(moot_court.differences_5c()),
    }
)


# Lesson 00, the news report (news_claims): right answers from casekit.news, as the checks do.
def _verdict_count() -> int:
    """0e's answer for the current login's verdict, as pandas gives it (a numpy int)."""
    claims = data.load("news_claims")
    return (claims["verdict"] == the_case.draw_verdict_0e(_variant("00-the-case"))).sum()


def _allegation_only_ids() -> list[str]:
    claims = data.load("news_claims")
    return sorted(claims.index[(claims["speaker"] == "parler_complaint") & (claims["verdict"] == "unverifiable")])


def _claim_ids_forms(ids: list[str]) -> list:
    claims = data.load("news_claims")
    return [
        ids,
        ids[::-1],
        tuple(ids),
        set(ids),
        frozenset(ids),
        pd.Index(ids),
        np.array(ids),
        pd.Series(ids),
        [i.upper() for i in ids],
        [i.replace("_", "-") for i in ids],
        [f" {i.replace('_', ' ')} " for i in ids],
        claims.loc[ids],
        claims.loc[ids[::-1]].index,
        claims.index[(claims["speaker"] == "parler_complaint") & (claims["verdict"] == "unverifiable")],
    ]


def _wrong_claim_sets() -> list:
    right = _allegation_only_ids()
    others = [i for i in data.load("news_claims").index if i not in right]
    return [[i] for i in right] + [[i] for i in others] + [right + [others[0]], [right[0], others[-1]], others]


EQUIVALENTS.update(
    {
        "0e": lambda: whole_number_forms(int(_verdict_count())) + [_verdict_count()],
        "0f": lambda: _claim_ids_forms(_allegation_only_ids()),
    }
)
WRONG.update(
    {
        "0e": lambda: _around(int(_verdict_count())),
        "0f": _wrong_claim_sets,
    }
)

LOGINS = ["", "jdoe", "ana.perez", "s1234567"]  # "" is the shared practice variant
VARIANT_QUESTIONS = {
    "0c",
    "0e",
    "1a",
    "1b",
    "1d",
    "1e",
    "2a",
    "2d",
    "4a",
    "4b",
    "4c",
    "4d",
    "4e",
}  # questions that draw a per-learner variant: run for every login


# A lesson added later keeps its tables beside its own tests: tests/topics/test_<topic>_checks.py may define
# EQUIVALENTS and WRONG (question -> a function returning values), found here, so no table above needs an edit.
def _topic_tables() -> None:
    import importlib.util

    for path in sorted((Path(__file__).parents[1] / "topics").glob("test_*_checks.py")):
        spec = importlib.util.spec_from_file_location(f"casekit_equivalents_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name, table in (("EQUIVALENTS", EQUIVALENTS), ("WRONG", WRONG)):
            found = getattr(module, name, {})
            twice = set(found) & set(table)
            assert not twice, f"{path.name}: {name} for {sorted(twice)} is already given in {Path(__file__).name}"
            table.update(found)


_topic_tables()

CASES = [(q, login) for q in sorted(EQUIVALENTS) for login in (LOGINS if q in VARIANT_QUESTIONS else [""])]
CASE_IDS = [f"{q}-{login or 'practice'}" for q, login in CASES]


@pytest.fixture(autouse=True)
def _no_login(monkeypatch):
    for name in variants.ENV_LOGINS:
        monkeypatch.delenv(name, raising=False)
    variants.set_login("")


def _as(login: str, monkeypatch) -> None:
    """Run as a learner with LOGIN (the variant-drawing checks recompute their answer for it)."""
    if login:
        monkeypatch.setenv("CASEKIT_LOGIN", login)


def _registered() -> set[str]:
    verdict("0a", ...)  # loads every check module
    return set(REGISTRY)


def test_every_registered_check_has_equivalents():
    assert _registered() == set(EQUIVALENTS) == set(WRONG)


@pytest.mark.parametrize("question, login", CASES, ids=CASE_IDS)
def test_every_equivalent_form_of_the_right_answer_passes(question, login, monkeypatch):
    _registered()
    _as(login, monkeypatch)
    forms = EQUIVALENTS[question]()
    assert len(forms) >= 5
    success = f"{question} {PASS} {REGISTRY[question].success}"
    failing = [(repr(v), line) for v in forms if (line := verdict(question, v)) != success]
    assert not failing, failing


@pytest.mark.parametrize("question, login", CASES, ids=CASE_IDS)
def test_a_wrong_value_never_passes_and_gets_a_hint_about_its_content(question, login, monkeypatch):
    _registered()
    _as(login, monkeypatch)
    wrong = WRONG[question]()
    assert wrong
    form_hint = verdict(question, object())  # not understood at all: a hint about the answer's form
    assert form_hint.startswith(f"{question} {FAIL} ")
    for value in wrong:
        line = verdict(question, value)
        assert line.startswith(f"{question} {FAIL} "), (value, line)
        if not (isinstance(value, float) and value % 1):
            assert line != form_hint, (value, line)  # understood, so the hint is about the content
