"""The emergency-relief standard as pure functions: factor assessments in, outcome and reasons out.

A learner rates each factor on a five-step scale from -2 (strongly for AWS) to +2 (strongly for
Parler). What each step means in law depends on the factor (see LEVELS); `weigh` applies
*Winter*'s four-factor test and the Ninth Circuit's "serious questions" sliding scale
(*Alliance for the Wild Rockies v. Cottrell*) to the ratings. `trade_off`, `hardship_needed` and
`merits_needed` show the sliding scale as the trade-off it is: weaker merits need sharper hardships,
above a floor (likely irreparable harm, the public interest) that does not slide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from casekit.topics.commitments import CommitError, check_commitment_fields

CLAIM_FACTORS = ("success_sherman", "success_contract", "success_tortious")
OTHER_FACTORS = ("irreparable_harm", "balance_of_equities", "public_interest")
FACTORS = CLAIM_FACTORS + OTHER_FACTORS
SCALE = (-2, -1, 0, 1, 2)
# The four Winter factors in the order a court takes them; "success" stands for the best claim.
TEST_ORDER = ("success", "irreparable_harm", "balance_of_equities", "public_interest")

LEVELS = {
    "success": {
        2: "strongly for Parler: very likely to succeed",
        1: "for Parler: likely to succeed",
        0: "balanced: serious questions, but not likely success",
        -1: "for AWS: unlikely to succeed",
        -2: "strongly for AWS: no real prospect of success",
    },
    "irreparable_harm": {
        2: "strongly for Parler: irreparable harm is very likely",
        1: "for Parler: irreparable harm is likely",
        0: "balanced: harm is only possible, not likely",
        -1: "for AWS: harm is unlikely or can be repaired with money",
        -2: "strongly for AWS: no irreparable harm",
    },
    "balance_of_equities": {
        2: "strongly for Parler: the hardships tip sharply toward Parler",
        1: "for Parler: the equities tip toward Parler",
        0: "balanced: the hardships are even",
        -1: "for AWS: the equities tip toward AWS",
        -2: "strongly for AWS: the equities tip sharply toward AWS",
    },
    "public_interest": {
        2: "strongly for Parler: the public interest clearly favours an injunction",
        1: "for Parler: the public interest favours an injunction",
        0: "balanced: the public interest points neither way",
        -1: "for AWS: the public interest weighs against an injunction",
        -2: "strongly for AWS: the public interest weighs heavily against an injunction",
    },
}


class AssessmentError(ValueError):
    """The assessments are incomplete or off the scale; the message says which factor."""


@dataclass(frozen=True)
class TestResult:
    """One test's verdict: granted or not, each factor's pass/fail, and the factors that failed."""

    name: str
    granted: bool
    met: dict[str, bool]
    failed: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """The result of weighing: both tests, the overall result, and what decided it."""

    winter: TestResult
    sliding_scale: TestResult
    granted: bool
    best_claim: str
    deciding: tuple[str, ...]
    pivotal: tuple[str, ...]
    explanation: str


def level_kind(factor: str) -> str:
    """Return the LEVELS key for FACTOR (the three claims share 'success')."""
    return "success" if factor in CLAIM_FACTORS or factor == "success" else factor


def describe(factor: str, value: int) -> str:
    """Return the words for rating VALUE of FACTOR."""
    return LEVELS[level_kind(factor)][value]


def signed(value: int) -> str:
    """Return a rating with its sign as a reader writes it: "−2" (a true minus sign), "0", "+1"."""
    return f"\u2212{-value}" if value < 0 else f"+{value}" if value > 0 else "0"


def check_assessments(assessments: Mapping[str, int]) -> dict[str, int]:
    """Return the assessments as a plain dict, or raise AssessmentError naming what is wrong."""
    missing = [f for f in FACTORS if f not in assessments or assessments[f] is None]
    if missing:
        raise AssessmentError(f"not yet weighed: {', '.join(missing)}")
    unknown = [f for f in assessments if f not in FACTORS]
    if unknown:
        raise AssessmentError(f"unknown factor(s): {', '.join(map(str, unknown))}")
    clean = {}
    for factor in FACTORS:
        value = assessments[factor]
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
            raise AssessmentError(f"{factor}: {value!r} is not on the scale -2..2")
        clean[factor] = value
    return clean


def best_claim(assessments: Mapping[str, int]) -> str:
    """Return the claim factor with the highest rating (the first, on a tie)."""
    return max(CLAIM_FACTORS, key=lambda f: (assessments[f], -CLAIM_FACTORS.index(f)))


# What rating each requirement needs under each test.
WINTER_NEEDS = {"success": 1, "irreparable_harm": 1, "balance_of_equities": 1, "public_interest": 1}
SLIDING_NEEDS = {"success": 0, "irreparable_harm": 1, "balance_of_equities": 2, "public_interest": 1}
WINTER_NAME, SLIDING_NAME = "Winter four-factor test", "Ninth Circuit sliding scale (serious questions)"


def needs_for(factor: str, needs: Mapping[str, int]) -> int:
    """Return the rating FACTOR needs under a test's NEEDS (claims share the 'success' need)."""
    return needs[level_kind(factor)]


def _apply(name: str, needs: Mapping[str, int], assessments: Mapping[str, int]) -> TestResult:
    a = check_assessments(assessments)
    ratings = {"success": a[best_claim(a)], **{f: a[f] for f in OTHER_FACTORS}}
    return _result(name, {slot: ratings[slot] >= needs[slot] for slot in TEST_ORDER})


def winter_test(assessments: Mapping[str, int]) -> TestResult:
    """Winter: likely success on some claim, likely irreparable harm, equities and public interest tip to Parler."""
    return _apply(WINTER_NAME, WINTER_NEEDS, assessments)


def sliding_scale_test(assessments: Mapping[str, int]) -> TestResult:
    """Cottrell: serious questions + hardships tipping sharply + likely irreparable harm + public interest."""
    return _apply(SLIDING_NAME, SLIDING_NEEDS, assessments)


# --- the sliding scale as a trade-off -----------------------------------------------------------
# Cottrell, 632 F.3d at 1131 (case_cottrell, primary): the elements are balanced, "so that a stronger showing of
# one element may offset a weaker showing of another". The trade the cases describe is between the merits and the
# hardships: serious questions need hardships tipping sharply; likely success needs only hardships tipping toward
# the movant. Likely irreparable harm and the public interest are required on either route (Cottrell; dossier
# §7.3, §11.1): a floor that never slides. The ratings are the kit's convention; the law states no numbers.
TRADED = tuple(f for f in TEST_ORDER if WINTER_NEEDS[f] != SLIDING_NEEDS[f])  # the merits and the hardships
FLOOR = tuple(f for f in TEST_ORDER if WINTER_NEEDS[f] == SLIDING_NEEDS[f])  # likely harm, public interest
_ROUTES = (WINTER_NEEDS, SLIDING_NEEDS)


def _rating(element: str, value: object) -> int:
    try:
        _check_rating(element, value)
    except AssessmentError as exc:
        raise AssessmentError(f"{element}: {exc}") from None
    return value  # type: ignore[return-value]


def hardship_needed(merits: int) -> int | None:
    """Return the least balance-of-hardships rating with which MERITS (the best claim's rating) carries relief, or
    None when no balance suffices (merits below serious questions). The floor (FLOOR) must be met as well."""
    merits = _rating("merits", merits)
    return min((needs["balance_of_equities"] for needs in _ROUTES if merits >= needs["success"]), default=None)


def merits_needed(hardship: int) -> int | None:
    """Return the least merits rating with which a balance of hardships rated HARDSHIP carries relief, or None
    when no merits suffice (hardships not tipping toward the movant). The floor (FLOOR) must be met as well."""
    hardship = _rating("hardships", hardship)
    return min((needs["success"] for needs in _ROUTES if hardship >= needs["balance_of_equities"]), default=None)


@dataclass(frozen=True)
class TradeOff:
    """Where a showing falls on the sliding scale: what the merits ask of the hardships, the floor, the result."""

    merits: int
    hardship: int
    harm: int
    public_interest: int
    hardship_needed: int | None  # what these merits require of the hardships (None: no balance suffices)
    floor_failed: tuple[str, ...]  # FLOOR factors not shown; never made up for by the merits or the hardships
    routes: tuple[str, ...]  # the tests met (names as TestResult.name)
    available: bool
    explanation: str


def trade_off(merits: int, hardship: int, harm: int, public_interest: int) -> TradeOff:
    """Weigh one showing (ratings -2..2: the best claim's merits, the balance of hardships, irreparable harm, the
    public interest) as a trade-off, and say in words which element offsets which and that the floor is not traded.

    The result is winter_test or sliding_scale_test applied to the same ratings (every claim at MERITS)."""
    shown = {
        "success": _rating("merits", merits),
        "balance_of_equities": _rating("hardships", hardship),
        "irreparable_harm": _rating("irreparable harm", harm),
        "public_interest": _rating("public interest", public_interest),
    }
    profile = {**dict.fromkeys(CLAIM_FACTORS, merits), **{f: shown[f] for f in OTHER_FACTORS}}
    tests = (winter_test(profile), sliding_scale_test(profile))
    routes = tuple(t.name for t in tests if t.granted)
    floor_failed = tuple(f for f in FLOOR if shown[f] < WINTER_NEEDS[f])
    need = hardship_needed(merits)
    explanation = _explain_trade(shown, need, floor_failed, routes)
    return TradeOff(merits, hardship, harm, public_interest, need, floor_failed, routes, bool(routes), explanation)


# How the explanation names the floor's requirements.
FLOOR_WORDS = {"irreparable_harm": "likely irreparable harm", "public_interest": "a public interest in the injunction"}


def _words(factor: str, value: int) -> str:
    return f"{signed(value)} ({describe(factor, value).split(': ', 1)[-1]})"


def _explain_trade(shown: dict, need: int | None, floor_failed: tuple[str, ...], routes: tuple[str, ...]) -> str:
    merits, hardship = shown["success"], shown["balance_of_equities"]
    lines = [f"Merits: {_words('success', merits)}. Hardships: {_words('balance_of_equities', hardship)}."]
    if need is None:
        lines.append(
            "The merits are below serious questions: no balance of hardships, however sharp, makes up for that."
        )
    else:
        asked = f"the hardships must be at least {_words('balance_of_equities', need)}"
        weaker = merits < WINTER_NEEDS["success"]
        lines.append(
            f"Serious questions only: {asked}. Weaker merits need sharper hardships."
            if weaker
            else f"Likely success: {asked}."
        )
        if hardship >= need:
            lines.append(
                "They are: the stronger showing on the hardships offsets the weaker showing on the merits."
                if weaker
                else "They are."
            )
        else:
            better = merits_needed(hardship)
            lines.append(
                f"They are not. Raise the hardships to {signed(need)}, or the merits to {signed(better)}."
                if better is not None
                else f"They are not. Raise the hardships to {signed(need)}: Winter asks for all four factors, and no "
                "strength of the merits stands in for hardships that do not tip toward the movant."
            )
    floor = f"harm {signed(shown['irreparable_harm'])}, public interest {signed(shown['public_interest'])}"
    if floor_failed:
        missing = " and ".join(FLOOR_WORDS[f] for f in floor_failed)
        lines.append(
            f"Floor not met ({floor}): {missing} is required on either route and is not traded; no merits or "
            "hardships make up for it."
        )
    else:
        lines.append(f"Floor met ({floor}): required on either route, never traded.")
    lines.append(
        f"Result: relief available, under {' and '.join('the ' + r for r in routes)}."
        if routes
        else "Result: no relief."
    )
    return "\n".join(lines)


def _result(name: str, met: dict[str, bool]) -> TestResult:
    failed = tuple(f for f in TEST_ORDER if not met[f])
    return TestResult(name, not failed, met, failed)


def _granted(assessments: Mapping[str, int]) -> bool:
    return winter_test(assessments).granted or sliding_scale_test(assessments).granted


def pivotal_factors(assessments: Mapping[str, int]) -> tuple[str, ...]:
    """Return the factors where one step toward the other side would change the overall result."""
    a = check_assessments(assessments)
    granted = _granted(a)
    pivotal = []
    for factor in FACTORS:
        step = -1 if granted else 1
        moved = a[factor] + step
        if moved in SCALE and _granted({**a, factor: moved}) != granted:
            pivotal.append(factor)
    return tuple(pivotal)


def weigh(assessments: Mapping[str, int], labels: Mapping[str, str] | None = None) -> Outcome:
    """Apply both tests to the assessments and say which factors decide the result.

    Denied: the deciding factors are those both tests fail on, or else each test's first failure.
    Granted: they are the pivotal factors (one step toward AWS would flip the result).
    LABELS maps factor ids to the words used in the explanation (default: the ids).
    """
    a = check_assessments(assessments)
    winter, sliding = winter_test(a), sliding_scale_test(a)
    granted = winter.granted or sliding.granted
    claim = best_claim(a)
    pivotal = pivotal_factors(a)
    if granted:
        deciding = pivotal
    else:
        both = [f for f in winter.failed if f in sliding.failed]
        firsts = [f for f in TEST_ORDER if f in (winter.failed[0], sliding.failed[0])]
        deciding = tuple(slot_factor(f, claim) for f in (both or firsts))
    names = {f: (labels or {}).get(f, f) for f in FACTORS}
    tied = [f for f in CLAIM_FACTORS if a[f] == a[claim]]
    names["success"] = " / ".join(names[f] for f in tied) if len(tied) > 1 else names[claim]
    explanation = _explain(winter, sliding, claim, deciding, names)
    return Outcome(winter, sliding, granted, claim, deciding, pivotal, explanation)


def slot_factor(test_factor: str, claim: str) -> str:
    """Map a test slot ('success') to the factor id it stands for (the best claim, CLAIM)."""
    return claim if test_factor == "success" else test_factor


def _explain(winter: TestResult, sliding: TestResult, claim: str, deciding: tuple[str, ...], label) -> str:
    lines = []
    for test in (winter, sliding):
        if test.granted:
            lines.append(f"{test.name}: every requirement is met, so relief would issue.")
        else:
            names = ", ".join(label[f] for f in test.failed)
            lines.append(f"{test.name}: not met; it fails on {names}.")
    if winter.granted or sliding.granted:
        lines.append("Result: the injunction would be granted (either test suffices in the Ninth Circuit).")
        if deciding:
            names = ", ".join(label[f] for f in deciding)
            lines.append(f"Closest call: one step toward AWS on {names} would change the result.")
    else:
        lines.append("Result: the injunction would be denied (neither test is met).")
        names = ", ".join(label["success"] if f == claim else label[f] for f in deciding)
        lines.append(f"Decided by: {names}.")
    return "\n".join(lines)


# --- comparing with the court, and saving a learner's reasoning --------------------------------

COURT_SIDES = {"for_aws": "AWS", "for_parler": "Parler", "unclear": None, "not_decided": None}
# The kit's reading of a finding as a rating: a clear finding counts as strong; no clear finding as 0.
COURT_RATINGS = {"for_aws": -2, "for_parler": 2, "unclear": 0, "not_decided": 0}


def court_assessments(findings: Mapping[str, str]) -> dict[str, int]:
    """Return the court's findings (factor id -> finding) as ratings, per COURT_RATINGS."""
    unknown = {f: v for f, v in findings.items() if v not in COURT_RATINGS}
    if unknown:
        raise AssessmentError(f"unknown court finding(s): {unknown}")
    return {f: COURT_RATINGS[findings.get(f, "unclear")] for f in FACTORS}


RECORD_SCHEMA = "casekit.reasoning/1"
MIN_JUSTIFICATION = 20


@dataclass(frozen=True)
class Comparison:
    """The learner's view of one factor beside the court's finding."""

    factor: str
    learner_side: str | None
    court_side: str | None
    verdict: str  # "agrees", "differs", "you were balanced" (learner at 0) or "record uncertain"


def side(value: int) -> str | None:
    """Return which side a rating favours: 'Parler', 'AWS', or None for balanced."""
    return "Parler" if value > 0 else "AWS" if value < 0 else None


def unsettled(findings: Mapping[str, str]) -> tuple[str, ...]:
    """Return the factors on which the record shows no clear finding (drawn at 0 only for that reason)."""
    return tuple(f for f in FACTORS if COURT_SIDES[findings.get(f, "unclear")] is None)


def describe_court(factor: str, finding: str) -> str:
    """Return the words for the kit's reading of a finding; no clear finding is never said as 'balanced'."""
    if COURT_SIDES[finding] is None:
        return "record uncertain (drawn at 0 by the kit; no finding verified)"
    return describe(factor, COURT_RATINGS[finding])


def compare_with_court(assessments: Mapping[str, int], findings: Mapping[str, str]) -> list[Comparison]:
    """Compare each factor's rating with the court's finding (FINDINGS: factor id -> finding)."""
    a = check_assessments(assessments)
    rows = []
    for factor in FACTORS:
        finding = findings.get(factor, "unclear")
        if finding not in COURT_SIDES:
            raise AssessmentError(f"{factor}: unknown court finding {finding!r}")
        court, learner = COURT_SIDES[finding], side(a[factor])
        if court is None:
            verdict = "record uncertain"
        elif learner is None:
            verdict = "you were balanced"
        else:
            verdict = "agrees" if learner == court else "differs"
        rows.append(Comparison(factor, learner, court, verdict))
    return rows


# --- the learner's own reasons: which arguments they rely on, and their words, per factor -------

MAX_WORDS_CHARS = 2000


def check_choices(
    choices: Mapping[str, Mapping] | None, arguments: Mapping[str, Mapping] | None = None
) -> dict[str, dict]:
    """Return CHOICES as {factor: {"arguments": [ids], "words": str}} for all six factors, or raise.

    CHOICES maps a factor id to {"arguments": ids the learner relies on, "words": their own text};
    factors left out get no arguments and no words. With ARGUMENTS (argument id -> row with
    `factor_id`), every id must be an argument on that factor, and ids are put in ARGUMENTS' order.
    """
    if choices is None:
        choices = {}
    if not isinstance(choices, Mapping):
        raise AssessmentError("choices: not an object of factor -> {arguments, words}")
    unknown = [f for f in choices if f not in FACTORS]
    if unknown:
        raise AssessmentError(f"choices: unknown factor(s): {', '.join(map(str, unknown))}")
    order = {a: i for i, a in enumerate(arguments)} if arguments is not None else None
    clean = {}
    for factor in FACTORS:
        choice = choices.get(factor) or {}
        if not isinstance(choice, Mapping):
            raise AssessmentError(f"choices: {factor}: not an object with 'arguments' and 'words'")
        ids, words = choice.get("arguments", []), choice.get("words", "")
        if isinstance(ids, str) or not isinstance(ids, (list, tuple)) or not all(isinstance(i, str) for i in ids):
            raise AssessmentError(f"choices: {factor}: 'arguments' must be a list of argument ids")
        if len(set(ids)) != len(ids):
            raise AssessmentError(f"choices: {factor}: an argument is chosen twice")
        if not isinstance(words, str):
            raise AssessmentError(f"choices: {factor}: 'words' must be text")
        if len(words) > MAX_WORDS_CHARS:
            raise AssessmentError(f"choices: {factor}: your words are longer than {MAX_WORDS_CHARS} characters")
        if order is not None:
            foreign = [i for i in ids if i not in order or arguments[i]["factor_id"] != factor]
            if foreign:
                raise AssessmentError(f"choices: {factor}: not an argument on this factor: {', '.join(foreign)}")
            ids = sorted(ids, key=order.__getitem__)
        clean[factor] = {"arguments": list(ids), "words": words.strip()}
    return clean


@dataclass(frozen=True)
class ChosenArgument:
    """One argument the learner relies on, with who made it, its sources and confidence."""

    id: str
    side: str
    argument: str
    source_ids: tuple[str, ...]
    confidence: str


@dataclass(frozen=True)
class IracRow:
    """One factor of the learner's reasoning: rating, the arguments they chose, their words, each test's verdict."""

    factor: str
    rating: int
    assessment: str
    chosen: tuple[ChosenArgument, ...]
    words: str
    winter_met: bool
    sliding_met: bool


def irac_rows(
    assessments: Mapping[str, int], choices: Mapping[str, Mapping] | None, arguments: Mapping[str, Mapping]
) -> list[IracRow]:
    """Return one IracRow per factor: only the arguments the learner chose, and their own words.

    ARGUMENTS maps argument ids to rows with `factor_id`, `side`, `argument`, `source_ids` and
    `confidence` (the `arguments` dataset as records).
    """
    a = check_assessments(assessments)
    clean = check_choices(choices, arguments)
    rows = []
    for factor in FACTORS:
        chosen = tuple(
            ChosenArgument(
                i,
                str(arguments[i]["side"]),
                str(arguments[i]["argument"]),
                tuple(arguments[i]["source_ids"]),
                str(arguments[i]["confidence"]),
            )
            for i in clean[factor]["arguments"]
        )
        rows.append(
            IracRow(
                factor,
                a[factor],
                describe(factor, a[factor]),
                chosen,
                clean[factor]["words"],
                a[factor] >= needs_for(factor, WINTER_NEEDS),
                a[factor] >= needs_for(factor, SLIDING_NEEDS),
            )
        )
    return rows


def shared_rule(rules: list[str]) -> tuple[str, list[str]]:
    """Split RULES into the part they all start with (up to a '; ' or '. ') and what is left of each.

    E.g. the three claims' merits rules share "The movant must show it is likely to succeed on the
    merits" and differ in the claim. Returns ("", RULES) when they share no whole clause.
    """
    if not rules:
        return "", []
    prefix = rules[0]
    for rule in rules[1:]:
        while not rule.startswith(prefix):
            prefix = prefix[:-1]
    if all(rule == prefix for rule in rules):
        return prefix, [""] * len(rules)
    cut = max(prefix.rfind("; "), prefix.rfind(". "))
    if cut <= 0:
        return "", list(rules)
    return prefix[:cut] + ".", [rule[cut + 2 :] for rule in rules]


def reasoning_record(
    learner: str,
    assessments: Mapping[str, int],
    justification: str,
    saved_at: str,
    kit_version: str,
    choices: Mapping[str, Mapping] | None = None,
    arguments: Mapping[str, Mapping] | None = None,
    commitments: Mapping | None = None,
) -> dict:
    """Return the JSON-ready record of a learner's weighing (see docs/reasoning-schema.md).

    CHOICES (factor -> {"arguments": ids, "words": text}) adds the optional `choices` field; with
    ARGUMENTS (argument id -> row) every chosen id is checked against its factor. COMMITMENTS (the fields
    `pre_reveal`, `reasons`, `share_reasons` of casekit.topics.commitments.Commitments.fields) adds them.
    """
    learner, justification = (learner or "").strip(), (justification or "").strip()
    if not learner:
        raise AssessmentError("please type your name (or a class pseudonym) before saving")
    if len(justification) < MIN_JUSTIFICATION:
        raise AssessmentError(f"please justify your weighing in at least {MIN_JUSTIFICATION} characters")
    outcome = weigh(assessments)
    record = {
        "schema": RECORD_SCHEMA,
        "kit_version": kit_version,
        "learner": learner,
        "saved_at": saved_at,
        "assessments": {f: assessments[f] for f in FACTORS},
        "justification": justification,
    }
    if choices is not None:
        record["choices"] = check_choices(choices, arguments)
    if commitments is not None:
        try:
            check_commitment_fields(commitments, FACTORS, _check_rating, "commitments")
        except CommitError as exc:
            raise AssessmentError(str(exc)) from None
        record.update(commitments)
    record["outcome"] = {
        "winter": outcome.winter.granted,
        "sliding_scale": outcome.sliding_scale.granted,
        "granted": outcome.granted,
        "deciding": list(outcome.deciding),
    }
    return record


def validate_record(record: object, where: str = "record", arguments: Mapping[str, Mapping] | None = None) -> dict:
    """Check a saved reasoning record (e.g. for class aggregation); raise AssessmentError naming WHERE.

    The optional `choices` field is checked when present (against ARGUMENTS, argument id -> row, if given).
    """
    if not isinstance(record, dict):
        raise AssessmentError(f"{where}: not a JSON object")
    if record.get("schema") != RECORD_SCHEMA:
        raise AssessmentError(f"{where}: schema is {record.get('schema')!r}, expected {RECORD_SCHEMA!r}")
    for key in ("learner", "saved_at", "kit_version", "justification"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise AssessmentError(f"{where}: field {key!r} missing or empty")
    try:
        check_assessments(record.get("assessments") or {})
    except AssessmentError as exc:
        raise AssessmentError(f"{where}: assessments: {exc}") from None
    if "choices" in record:  # optional (added without a schema change); records without it stay valid
        try:
            check_choices(record["choices"], arguments)
        except AssessmentError as exc:
            raise AssessmentError(f"{where}: {exc}") from None
    try:  # optional too: pre_reveal, reasons, share_reasons (commit, then compare)
        check_commitment_fields(record, FACTORS, _check_rating, where)
    except CommitError as exc:
        raise AssessmentError(str(exc)) from None
    return record


def _check_rating(factor: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
        raise AssessmentError(f"{value!r} is not a rating from -2 to 2")


def pre_reveal_assessments(record: Mapping) -> dict[str, int]:
    """Return a record's ratings as first committed, before the court's finding was shown: factor -> rating,
    only for the factors the learner committed (empty for a record written before `pre_reveal` existed)."""
    first = record.get("pre_reveal")
    if not isinstance(first, Mapping):
        return {}
    return {f: int(first[f]) for f in FACTORS if f in first}
