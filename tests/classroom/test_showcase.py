"""The showcase round: two benches whose rulings differ, picked deterministically from the class's bench memos."""

import json
import random
from pathlib import Path

import pytest

import casekit
from casekit.classroom import results as class_results
from casekit.classroom import showcase
from casekit.classroom.files import Submission
from casekit.topics.moot import reasoning as moot
from casekit.topics.relief import reasoning as relief


def _all(value: int) -> dict[str, int]:
    return {f: value for f in relief.FACTORS}


def _memo(bench: str, ratings: dict[str, int], kind: str = "memo") -> Submission:
    record = moot.memo_record(bench, ratings, "2026-03-05T11:00:00+00:00", casekit.__version__)
    return Submission(kind, bench, record["saved_at"], Path(f"{bench}.json"), record)


def test_the_ratings_used_here_grant_and_deny():
    assert relief.weigh(_all(2)).granted and not relief.weigh(_all(-2)).granted and not relief.weigh(_all(-1)).granted


def test_picks_a_granting_and_a_denying_bench_that_split_on_the_most_factors():
    memos = [_memo("Bench 1", _all(2)), _memo("Bench 2", _all(-2)), _memo("Bench 3", _all(-1))]
    memos.append(_memo("Bench 4", {**_all(-2), "public_interest": 2}))  # denies, but agrees with Bench 1 on one factor
    picked = showcase.pick_showcase(memos)
    granting, denying = picked.pair
    assert (granting.bench, denying.bench) == ("Bench 1", "Bench 2")  # 6 opposite factors and the largest gap
    assert granting.granted and not denying.granted
    assert picked.opposite_factors == relief.FACTORS
    assert picked.message.startswith("Showcase round: Bench 1 granted the motion (under Winter and the sliding")
    assert "Bench 2 denied the motion" in picked.message and "6 factor(s)" in picked.message


def test_the_pick_does_not_depend_on_the_order_of_the_files():
    rng = random.Random(5)
    scales = [(1, 2), relief.SCALE]  # every third bench rates every factor for Parler, so some grant
    memos = [_memo(f"Bench {n}", {f: rng.choice(scales[n % 3 > 0]) for f in relief.FACTORS}) for n in range(12)]
    first = showcase.pick_showcase(memos)
    assert first.pair is not None and first.pair[0].granted != first.pair[1].granted
    for _ in range(5):
        rng.shuffle(memos)
        assert showcase.pick_showcase(memos) == first


def test_ties_go_to_the_pair_whose_names_come_first_case_ignored():
    memos = [_memo("bench B", _all(2)), _memo("Bench C", _all(-2)), _memo("bench a", _all(-2))]
    granting, denying = showcase.pick_showcase(memos).pair
    assert (granting.bench, denying.bench) == ("bench B", "bench a")


def test_factors_are_named_by_their_labels_when_given():
    memos = [_memo("Bench 1", _all(2)), _memo("Bench 2", {**_all(2), "success_contract": -2, "irreparable_harm": -2})]
    picked = showcase.pick_showcase(memos, {"success_contract": "Contract", "irreparable_harm": "Harm"})
    assert picked.pair[1].bench == "Bench 2" and not picked.pair[1].granted
    assert picked.opposite_factors == ("success_contract", "irreparable_harm")
    assert "on 2 factor(s): Contract, Harm." in picked.message


def test_a_clear_message_when_every_bench_ruled_the_same_way():
    picked = showcase.pick_showcase([_memo("Bench 1", _all(-2)), _memo("Bench 2", _all(-1)), _memo("Bench 3", _all(0))])
    assert picked.pair is None and picked.opposite_factors == ()
    assert "no two benches' rulings differ: all 3 benches denied the motion" in picked.message
    assert picked.message.endswith("the benches also agree on every factor's side.")


def test_with_no_differing_rulings_the_message_names_the_factor_that_split_the_benches_most():
    memos = [
        _memo("Bench 1", {**_all(-2), "irreparable_harm": 2, "public_interest": 1}),
        _memo("Bench 2", {**_all(-2), "irreparable_harm": 1}),
        _memo("Bench 3", {**_all(-1), "public_interest": 1}),
        _memo("Bench 4", _all(-1)),
    ]
    assert not any(relief.weigh(m.record["assessments"]).granted for m in memos)
    picked = showcase.pick_showcase(memos, {"irreparable_harm": "Harm", "public_interest": "Public interest"})
    assert picked.pair is None  # harm and the public interest each split 2 to 2: the earlier factor wins the tie
    assert "opposite sides on Harm, the factor that split the benches most." in picked.message
    assert showcase.most_split_factor(showcase.bench_rulings(memos[2:])) == "public_interest"  # only it splits
    assert showcase.most_split_factor(showcase.bench_rulings(memos[3:])) is None


@pytest.mark.parametrize("count", [0, 1])
def test_a_clear_message_with_fewer_than_two_benches(count):
    memos = [_memo("Bench 1", _all(2))][:count]
    picked = showcase.pick_showcase(memos + [_memo("Learner", _all(-2), kind="reasoning")])  # not a bench
    assert picked.pair is None and f"{count} bench memo(s) collected" in picked.message


def test_reads_the_memos_of_a_generated_class_folder_as_class_results_does(tmp_path):
    rng = random.Random(2021)
    for n in range(6):
        ratings = _all(2) if n == 0 else {f: rng.choice(relief.SCALE) for f in relief.FACTORS}
        memo = moot.memo_record(f"Bench {n}", ratings, "2026-03-05T11:00:00+00:00", casekit.__version__)
        (tmp_path / f"memo-{n}.json").write_text(json.dumps(memo), encoding="utf-8")
    record = relief.reasoning_record("Learner", _all(2), "My reasons, in one sentence.", "t", casekit.__version__)
    (tmp_path / "reasoning.json").write_text(json.dumps(record), encoding="utf-8")
    files = class_results.read_folder(tmp_path)
    rulings = showcase.bench_rulings(files.of("memo", "reasoning"))
    assert [r.bench for r in rulings] == [f"Bench {n}" for n in range(6)]
    assert [r.granted for r in rulings] == [relief.weigh(r.ratings).granted for r in rulings]
    assert {r.granted for r in rulings} == {True, False}
    picked = showcase.pick_showcase(files.of("memo"))
    assert picked.pair[0].granted and not picked.pair[1].granted
    best = max(len(showcase.opposite_factors(g, d)) for g in rulings for d in rulings if g.granted and not d.granted)
    assert len(picked.opposite_factors) == best
