"""The showcase round of lesson 05's moot court: two benches whose rulings differ, for the whole class to hear.

Reads the class's bench memos as `casekit class-results` reads them: `Submission`s of kind "memo" from
`casekit.classroom.files` (e.g. `results.files.of("memo")`; other kinds are ignored). A bench is a memo's
`learner`, and its ruling is recomputed from its six ratings with `relief.weigh`, never read from the file.

Which two (deterministic, the same class files always give the same pair):
1. only pairs where one bench grants the motion and the other denies it (under either test, as `weigh`'s
   `granted`);
2. among them, the pair that puts the most factors on opposite sides (one bench for Parler, the other for
   AWS; a rating of 0 is on neither side);
3. then the pair with the largest total difference of ratings over the six factors;
4. then the pair whose two names, each pair's names in alphabetical order (case ignored, then as written),
   come first.
When fewer than two benches handed in a memo, or every bench ruled the same way, no pair is picked and the
message says so; in the second case it names the factor that split the benches most (`most_split_factor`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

from casekit.classroom.files import Submission
from casekit.topics.relief import reasoning as relief


@dataclass(frozen=True)
class BenchRuling:
    """One bench's ruling, recomputed from its ratings."""

    bench: str
    ratings: dict[str, int]
    winter: bool
    sliding_scale: bool
    granted: bool


@dataclass(frozen=True)
class Showcase:
    """The showcase round: the pair picked (granting bench first) or None, the factors they split on, and the
    message to read out."""

    pair: tuple[BenchRuling, BenchRuling] | None
    opposite_factors: tuple[str, ...]
    message: str


def bench_rulings(submissions: Iterable[Submission]) -> list[BenchRuling]:
    """Return the ruling of every bench memo among SUBMISSIONS, sorted by bench name (other kinds are ignored)."""
    rulings = []
    for s in submissions:
        if s.kind != "memo":
            continue
        ratings = {f: s.record["assessments"][f] for f in relief.FACTORS}
        outcome = relief.weigh(ratings)
        rulings.append(
            BenchRuling(s.learner, ratings, outcome.winter.granted, outcome.sliding_scale.granted, outcome.granted)
        )
    return sorted(rulings, key=lambda r: (r.bench.casefold(), r.bench))


def opposite_factors(first: BenchRuling, second: BenchRuling) -> tuple[str, ...]:
    """Return the factors on which the two benches favour opposite sides."""
    return tuple(f for f in relief.FACTORS if first.ratings[f] * second.ratings[f] < 0)


def most_split_factor(rulings: list[BenchRuling]) -> str | None:
    """Return the factor with the most benches on its minority side (Parler against AWS; ties: relief.FACTORS
    order), or None when no factor has benches on both sides."""
    best, most = None, 0
    for factor in relief.FACTORS:
        parler = sum(r.ratings[factor] > 0 for r in rulings)
        aws = sum(r.ratings[factor] < 0 for r in rulings)
        if min(parler, aws) > most:
            best, most = factor, min(parler, aws)
    return best


def _names(pair: tuple[BenchRuling, BenchRuling]) -> tuple:
    a, b = sorted((r.bench for r in pair), key=lambda n: (n.casefold(), n))
    return (a.casefold(), b.casefold(), a, b)


def _ruling_words(ruling: BenchRuling) -> str:
    if not ruling.granted:
        return "denied the motion"
    tests = [name for name, met in (("Winter", ruling.winter), ("the sliding scale", ruling.sliding_scale)) if met]
    return f"granted the motion (under {' and '.join(tests)})"


def pick_showcase(submissions: Iterable[Submission], labels: Mapping[str, str] | None = None) -> Showcase:
    """Return the showcase round for the class's bench memos among SUBMISSIONS (see the module's rules).

    LABELS (factor id -> words) names the factors in the message; ids are used where a label is missing.
    """
    labels = labels or {}
    rulings = bench_rulings(submissions)
    if len(rulings) < 2:
        return Showcase(
            None,
            (),
            f"Showcase round: {len(rulings)} bench memo(s) collected; two benches whose rulings differ are needed.",
        )
    pairs = [
        (granting, denying) if granting.granted else (denying, granting)
        for granting, denying in combinations(rulings, 2)
        if granting.granted != denying.granted
    ]
    if not pairs:
        verdict = "granted" if rulings[0].granted else "denied"
        factor = most_split_factor(rulings)
        instead = (
            f"hear instead two benches that took opposite sides on {labels.get(factor, factor)}, "
            "the factor that split the benches most."
            if factor
            else "the benches also agree on every factor's side."
        )
        return Showcase(
            None,
            (),
            f"Showcase round: no two benches' rulings differ: all {len(rulings)} benches {verdict} the motion. "
            f"No pair to showcase; {instead}",
        )

    def rank(pair: tuple[BenchRuling, BenchRuling]) -> tuple:
        gap = sum(abs(pair[0].ratings[f] - pair[1].ratings[f]) for f in relief.FACTORS)
        return (-len(opposite_factors(*pair)), -gap, _names(pair))

    granting, denying = min(pairs, key=rank)
    split = opposite_factors(granting, denying)
    on = (
        f"They favour opposite sides on {len(split)} factor(s): {', '.join(labels.get(f, f) for f in split)}."
        if split
        else "They favour opposite sides on no factor: their ratings differ only in strength."
    )
    return Showcase(
        (granting, denying),
        split,
        f"Showcase round: {granting.bench} {_ruling_words(granting)}; {denying.bench} {_ruling_words(denying)}. "
        f"{on} Hear both benches give their rulings and reasons, {granting.bench} first.",
    )
