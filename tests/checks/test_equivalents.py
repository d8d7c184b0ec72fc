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


def set_forms(ids, known=()) -> list:
    """Every way to give a set of ids: a list in any order, tuple, set, Index, array, Series, upper case; "none" when empty."""
    ordered = sorted(ids)
    if not ordered:
        return [[], (), set(), frozenset(), pd.Index([]), np.array([]), pd.Series([], dtype=object), "none", " None "]
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
        [i.replace("_", " ") for i in ordered],
    ]


def wrong_sets(right, known) -> list:
    """Sets of KNOWN ids that are not RIGHT: each single id, RIGHT plus or minus one id, and everything."""
    right, known = set(right), list(known)
    out = [[i] for i in known if {i} != right]
    out += [sorted(right | {i}) for i in known if i not in right]
    out += [sorted(right - {i}) for i in right if len(right) > 1]
    if set(known) != right:
        out.append(known)
    if right:
        out.append([])
    return out


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


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _my_event() -> dt.datetime:
    return the_case.draw_event_0b(_variant(the_case.ASSIGNMENT))


def _weekday_forms(day: str) -> list:
    return [day, day.lower(), day.upper(), f" {day} ", day[:3], day[:3].lower() + ".", [day], pd.Series([day])]


def _failed(needs) -> list[str]:
    """1a/1b's answer worked out by hand from profile A and NEEDS (the best claim for "success")."""
    profile = _profile_a()
    best = max(profile[f] for f in relief.CLAIM_FACTORS)
    return [r for r, need in needs.items() if (best if r == "success" else profile[r]) < need]


def _sliding_only() -> int:
    """1c's answer: profiles C granted under the sliding scale and not under Winter, worked out from the needs."""

    def passes(profile, needs):
        best = max(profile[f] for f in relief.CLAIM_FACTORS)
        return all((best if r == "success" else profile[r]) >= need for r, need in needs.items())

    profiles = emergency_relief.draw_profiles_c(_variant(emergency_relief.ASSIGNMENT))
    return sum(passes(p, relief.SLIDING_NEEDS) and not passes(p, relief.WINTER_NEEDS) for p in profiles)


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
    "0b": lambda: _weekday_forms(_my_event().strftime("%A")),
    "0c": lambda: whole_number_forms(int(_marked_events())) + [_marked_events()],
    "1x": lambda: days_forms(emergency_relief.tro_max_days()),
    "1y": lambda: (
        whole_number_forms(relief.SLIDING_NEEDS["balance_of_equities"])
        + [f"+{relief.SLIDING_NEEDS['balance_of_equities']}"]
    ),
    "1a": lambda: set_forms(_failed(relief.WINTER_NEEDS)),
    "1b": lambda: set_forms(_failed(relief.SLIDING_NEEDS)),
    "1c": lambda: whole_number_forms(_sliding_only()),
    "1d": lambda: id_forms(_profile_1d().deciding[0]) + [_profile_1d().deciding],
    "1e": lambda: letter_forms(_option_1e()),
}

WRONG = {
    "0a": lambda: _other_sections(_parler_clause_id()),
    "0b": lambda: [d for d in _WEEKDAYS if d != _my_event().strftime("%A")],
    "0c": lambda: _around(int(_marked_events())),
    "1x": lambda: _around(emergency_relief.tro_max_days()),
    "1y": lambda: [r for r in range(-2, 3) if r != relief.SLIDING_NEEDS["balance_of_equities"]],
    "1a": lambda: wrong_sets(_failed(relief.WINTER_NEEDS), relief.WINTER_NEEDS),
    "1b": lambda: wrong_sets(_failed(relief.SLIDING_NEEDS), relief.SLIDING_NEEDS),
    "1c": lambda: [n for n in range(6) if n != _sliding_only()],
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


def _upper_bound_4a() -> float:
    """4a's answer worked out by hand: fill the remainder with firms of the smallest named share, plus one smaller."""
    shares = data.load("cloud_market_share")
    named = shares.loc[
        shares["analyst"] == antitrust_checks.draw_market_4a(_variant(antitrust_checks.ASSIGNMENT)), "share_pct"
    ]
    rest, cap = 100 - named.sum(), named.min()
    full = int(rest // cap)
    return float((named**2).sum() + full * cap**2 + (rest - full * cap) ** 2)


def _label_4b() -> str:
    shares = antitrust_checks.draw_shares_4b(_variant(antitrust_checks.ASSIGNMENT))
    ends = {antitrust.concentration(x, "2010") for x in antitrust.hhi_bounds(shares)}
    return ends.pop() if len(ends) == 1 else antitrust_checks.DEPENDS


def _critical_4c() -> float:
    drawn = antitrust_checks.draw_ssnip_4c(_variant(antitrust_checks.ASSIGNMENT))
    return drawn["price_rise"] / (drawn["price_rise"] + drawn["margin"])


def _passing_4d() -> list[str]:
    losses = antitrust_checks.draw_losses_4d(_variant(antitrust_checks.ASSIGNMENT))
    return [a for a, loss in losses.items() if loss < _critical_4c()]


def _plus_4e() -> list[str]:
    drawn = antitrust_checks.draw_items_4e(_variant(antitrust_checks.ASSIGNMENT))
    return [
        i for i in drawn if i in {"hx_call_before", "hx_against_interest", "hx_identical_notices", "hx_offer_accepted"}
    ]


def _label_or_depends_forms(label: str) -> list:
    if label == antitrust_checks.DEPENDS:
        return [label, label.upper(), f" {label} ", "depends", "Depends.", "it depends", [label], pd.Series([label])]
    return label_forms(label)


EQUIVALENTS.update(
    {
        "4x": lambda: whole_number_forms(antitrust_checks.lowest_highly_2023()),
        "4y": lambda: whole_number_forms(antitrust_checks.credited_count()),
        "4z": lambda: share_forms(antitrust.critical_loss(**antitrust_checks.SSNIP_4Z)) + ["1/3", "33.3%"],
        "4a": lambda: number_forms(_upper_bound_4a()),
        "4b": lambda: _label_or_depends_forms(_label_4b()),
        "4c": lambda: share_forms(_critical_4c()) + [_fraction_text(_draw_4c())],
        "4d": lambda: set_forms(_passing_4d()) + ([[a.lower() for a in _passing_4d()]] if _passing_4d() else []),
        "4e": lambda: set_forms(_plus_4e()),
    }
)
WRONG.update(
    {
        "4x": lambda: _around(antitrust_checks.lowest_highly_2023()),
        "4y": lambda: _around(antitrust_checks.credited_count()),
        "4z": lambda: _wrong_shares(antitrust.critical_loss(**antitrust_checks.SSNIP_4Z), 0.5, 2 / 3),
        "4a": lambda: (
            [_upper_bound_4a() + d for d in (-1, 1, 100)]
            + [
                antitrust.hhi_bounds(
                    antitrust.market_shares(
                        data.load("cloud_market_share"),
                        antitrust_checks.draw_market_4a(_variant(antitrust_checks.ASSIGNMENT)),
                    )
                )[0]
            ]
        ),
        "4b": lambda: [x for x in [*antitrust_checks.labels()[:3], antitrust_checks.DEPENDS] if x != _label_4b()],
        "4c": lambda: _wrong_shares(_critical_4c()),
        "4d": lambda: wrong_sets(_passing_4d(), antitrust.analysts(data.load("cloud_market_share"))),
        "4e": lambda: wrong_sets(_plus_4e(), antitrust_checks.draw_items_4e(_variant(antitrust_checks.ASSIGNMENT))),
    }
)


# Lesson 02 (cloud contracts): right answers from casekit.contract and datasets/, as the checks do.
from zoneinfo import ZoneInfo  # noqa: E402

from casekit.topics.contract import checks as cloud_contracts  # noqa: E402
from casekit.topics.contract import reasoning as contract  # noqa: E402


def _my_effect() -> dt.datetime:
    """2a's answer for the current login: the notice plus the clause's notice days, same wall clock, converted to my_zone."""
    variant = _variant(cloud_contracts.ASSIGNMENT)
    notice, clause_id = cloud_contracts.draw_notice_2a(variant), cloud_contracts.draw_clause_2a(variant)
    days = int(data.load("contract_clauses").loc[clause_id, "notice_days"])
    wall = notice.replace(tzinfo=None) + dt.timedelta(days=days)
    return wall.replace(tzinfo=notice.tzinfo).astimezone(ZoneInfo(cloud_contracts.draw_zone_2a(variant)))


def _days_left_2c() -> int:
    notice_day = cloud_contracts.draw_notice_day_2c(_variant(cloud_contracts.ASSIGNMENT))
    return (notice_day + pd.Timedelta(days=30) - data.load("timeline").loc["t23", "date"]).days


def _hours_2d() -> float:
    notice = pd.Timestamp(cloud_contracts.draw_notice_2a(_variant(cloud_contracts.ASSIGNMENT)))
    wall = notice.tz_localize(None) + pd.Timedelta(days=30)
    return (wall.tz_localize(notice.tz) - notice).total_seconds() / 3600


def _hours_forms(h: float) -> list:
    return [
        h,
        float(h),
        np.float64(h),
        str(h),
        f" {h} ",
        round(h),
        pd.Timedelta(hours=h),
        dt.timedelta(hours=h),
        [h],
        pd.Series([h]),
    ]


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


EQUIVALENTS.update(
    {
        "2a": lambda: moment_forms(_my_effect()),
        "2b": lambda: _section_answer(cloud_contracts.no_cure_termination()),
        "2c": lambda: days_forms(_days_left_2c()) if _days_left_2c() >= 0 else whole_number_forms(_days_left_2c()),
        "2d": lambda: _hours_forms(_hours_2d()),
        "2x": lambda: id_forms(contract.clause(cloud_contracts.LABEL_CLAUSE).action),
        "2y": lambda: days_forms(cloud_contracts.parler_notice_days()),
    }
)
WRONG.update(
    {
        "2a": lambda: _wrong_moments(_my_effect()),
        "2b": lambda: _other_sections(cloud_contracts.no_cure_termination()),
        "2c": lambda: _around(_days_left_2c()),
        "2d": lambda: [_hours_2d() + d for d in (-1, 1, -24, 24)] + [_hours_2d() / 24],
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


def _queue_3a() -> dict:
    return content_moderation.draw_queue_3a(_variant(content_moderation.ASSIGNMENT))


def _wait_3a() -> float:
    q = _queue_3a()
    return q["backlog"] / (q["moderators"] * q["reviews_per_moderator"])


def _moderators_3b() -> int:
    import math

    d = content_moderation.draw_staffing_3b(_variant(content_moderation.ASSIGNMENT))
    backlog = data.load("moderation_record").loc["backlog_26000", "value"]
    return math.ceil(
        (backlog + d["arrivals_per_day"] * d["target_days"]) / (d["reviews_per_moderator"] * d["target_days"])
    )


def _kappa_3c() -> tuple[float, float]:
    """3c's kappa with scikit-learn, and the raw agreement."""
    from sklearn.metrics import cohen_kappa_score

    variant = _variant(content_moderation.ASSIGNMENT)
    posts = data.load("synthetic_posts")
    a = list(posts.loc[content_moderation.draw_posts_3c(variant), "label"].astype(str))
    b = content_moderation.draw_moderator_b_3c(variant)
    return float(cohen_kappa_score(a, b)), sum(x == y for x, y in zip(a, b)) / len(a)


def _precision_3d() -> tuple[float, float, float]:
    """3d's answer worked out by hand (and the filter's own precision and recall on the posts)."""
    from casekit.topics.moderation import reasoning as m

    drawn = content_moderation.draw_filter_3d(_variant(content_moderation.ASSIGNMENT))
    posts = data.load("synthetic_posts")
    removed = posts["text"].map(m.filter_score) >= drawn["threshold"]
    action = posts["label"].astype(str) != "allow"
    recall = (removed & action).sum() / action.sum()
    fpr = (removed & ~action).sum() / (~action).sum()
    p = drawn["prevalence"]
    return recall * p / (recall * p + fpr * (1 - p)), (removed & action).sum() / removed.sum(), recall


def _small_share_forms(x: float) -> list:
    return [
        x,
        float(x),
        np.float64(x),
        np.float32(x),
        str(x),
        f" {x} ",
        np.array(x),
        pd.Series([x]),
        [x],
        round(x, 4),
        100 * x if 100 * x > 1 else x,
    ]


EQUIVALENTS.update(
    {
        "3x": lambda: bool_forms(False),
        "3y": lambda: whole_number_forms(content_moderation.over_removed_count()),
        "3a": lambda: [
            _wait_3a(),
            np.float64(_wait_3a()),
            np.float32(_wait_3a()),
            str(_wait_3a()),
            round(_wait_3a(), 3),
            f" {round(_wait_3a(), 2)} ",
            np.array(_wait_3a()),
            pd.Series([_wait_3a()]),
            pd.Timedelta(days=_wait_3a()),
            dt.timedelta(days=_wait_3a()),
        ],
        "3b": lambda: whole_number_forms(_moderators_3b()),
        "3c": lambda: share_forms(_kappa_3c()[0]),
        "3d": lambda: _small_share_forms(_precision_3d()[0]),
    }
)
WRONG.update(
    {
        "3x": lambda: bool_forms(True),
        "3y": lambda: _around(content_moderation.over_removed_count()),
        "3a": lambda: [_wait_3a() + 0.5, _wait_3a() * 2, _queue_3a()["backlog"] / _queue_3a()["arrivals_per_day"]],
        "3b": lambda: _around(_moderators_3b()),
        "3c": lambda: _wrong_shares(_kappa_3c()[0], _kappa_3c()[1]),
        "3d": lambda: [_precision_3d()[0] * 2 + 0.01, _precision_3d()[1], _precision_3d()[2]],
    }
)


# Lesson 05 (moot court): right answers from the timeline, court_findings and casekit.moot, as the checks do.
from casekit.topics.moot import checks as moot_court  # noqa: E402


def _bench() -> dict[str, int]:
    return moot_court.draw_bench(_variant(moot_court.ASSIGNMENT))


def _fails_both_5a() -> list[str]:
    bench = _bench()
    best = max(bench[f] for f in relief.CLAIM_FACTORS)
    rating = lambda r: best if r == "success" else bench[r]  # noqa: E731
    return [
        r for r in relief.WINTER_NEEDS if rating(r) < relief.WINTER_NEEDS[r] and rating(r) < relief.SLIDING_NEEDS[r]
    ]


def _differences_5c() -> int:
    """Factors where the bench's side (the sign of its rating) and the court's clear finding are opposite."""
    findings = data.load("court_findings")
    court = moot_court.moot.court_findings_by_factor(findings.to_dict("records"))
    return len(moot_court.moot.bench_ruling(_bench(), court).differences)


EQUIVALENTS.update(
    {
        "5x": lambda: days_forms(moot_court.days_order_to_dismissal()),
        "5y": lambda: bool_forms(moot_court.conclusion_mentions_harm()),
        "5a": lambda: set_forms(_fails_both_5a()),
        "5b": lambda: id_forms(moot_court.factor_not_in_conclusion()),
        "5c": lambda: whole_number_forms(_differences_5c()),
    }
)
WRONG.update(
    {
        "5x": lambda: _around(moot_court.days_order_to_dismissal()),
        "5y": lambda: bool_forms(not moot_court.conclusion_mentions_harm()),
        "5a": lambda: wrong_sets(_fails_both_5a(), relief.WINTER_NEEDS),
        "5b": lambda: [f for f in relief.FACTORS if f != moot_court.factor_not_in_conclusion()],
        "5c": lambda: _around(_differences_5c()),
    }
)


# Lesson 00, the news report (news_claims): right answers from casekit.news, as the checks do.
def _reporter_moment() -> dt.datetime:
    variant = _variant(the_case.ASSIGNMENT)
    return the_case.draw_event_0b(variant).astimezone(ZoneInfo(the_case.draw_reporter_zone_0b(variant)))


def _allegation_only_ids() -> list[str]:
    claims = data.load("news_claims")
    return sorted(claims.index[(claims["speaker"] == "parler_complaint") & (claims["verdict"] == "unverifiable")])


def _claim_ids_forms(ids: list[str]) -> list:
    """set_forms, plus the forms only news-claim ids have: hyphens or spaces for underscores, and rows of the table."""
    claims = data.load("news_claims")
    return set_forms(ids) + [
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
        "0e": lambda: moment_forms(_reporter_moment()),
        "0f": lambda: _claim_ids_forms(_allegation_only_ids()),
    }
)
WRONG.update(
    {
        "0e": lambda: [
            _reporter_moment() + dt.timedelta(hours=1),
            _reporter_moment() - dt.timedelta(days=1),
            *[m for m in (_reporter_moment().replace(tzinfo=dt.UTC),) if m != _reporter_moment()],
            the_case.draw_event_0b(_variant(the_case.ASSIGNMENT)),  # the event's own clock, not the reporter's
        ],
        "0f": _wrong_claim_sets,
    }
)

LOGINS = ["", "jdoe", "ana.perez", "s1234567"]  # "" is the shared practice variant
VARIANT_QUESTIONS = {
    "0b",
    "0c",
    "0e",
    "1a",
    "1b",
    "1c",
    "1d",
    "1e",
    "2a",
    "2c",
    "2d",
    "3a",
    "3b",
    "3c",
    "3d",
    "4a",
    "4b",
    "4c",
    "4d",
    "4e",
    "5a",
    "5c",
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


def _draw_4c() -> dict:
    return antitrust_checks.draw_ssnip_4c(_variant(antitrust_checks.ASSIGNMENT))


def _fraction_text(drawn: dict) -> str:
    """The critical loss written as a fraction, "X/(X+M)" in numbers (e.g. "0.05/0.45")."""
    return f"{drawn['price_rise']:g}/{drawn['price_rise'] + drawn['margin']:g}"
