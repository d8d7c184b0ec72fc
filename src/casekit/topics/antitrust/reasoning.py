"""Antitrust reasoning for lesson 04 as pure functions: concentration (HHI) and the evidence of concerted action.

Concentration: `hhi` sums squared percentage shares; `hhi_bounds` brackets the HHI when only some
firms' shares are known; `concentration` labels an HHI under the 2010 or 2023 merger guidelines,
with the bands read from the `merger_guidelines` dataset. `market` puts these together for one
analyst's market definition in `cloud_market_share`.

Concerted action: the learner judges each item of `antitrust_evidence` as consistent with
independent action, tending to exclude it, or neutral, and may mark it disputed; `weigh_evidence`
lays that out the way *Monsanto* and *Twombly* ask (which items could be plus factors). Whether the
record *as a whole* tends to exclude independent action is the learner's own overall judgement
(`OVERALL`): no count of items decides it, so the function draws no conclusion of its own.
`compare_with_court` sets that judgement beside the court's reported assessment.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from casekit.topics.commitments import CommitError, check_commitment_fields

TOLERANCE = 0.5  # percentage points by which rounded shares may sum past 100
GUIDELINES = ("2010", "2023")
MAX_HHI = 10_000.0


class AntitrustError(ValueError):
    """Bad input to the antitrust functions; the message says what is wrong."""


# --- concentration -----------------------------------------------------------------------------


def _shares(shares_pct) -> list[float]:
    """Return SHARES_PCT as a list of floats, or raise AntitrustError naming the bad share."""
    if isinstance(shares_pct, (str, bytes, Mapping)) or not isinstance(shares_pct, Iterable):
        raise AntitrustError(f"shares must be a list (or Series) of percentages, not {type(shares_pct).__name__}")
    clean = []
    for position, share in enumerate(shares_pct):
        if isinstance(share, bool) or not isinstance(share, numbers.Real):
            raise AntitrustError(f"share {position + 1} ({share!r}) is not a number")
        share = float(share)
        if math.isnan(share):
            raise AntitrustError(f"share {position + 1} is missing (NaN)")
        if share < 0:
            raise AntitrustError(f"share {position + 1} ({share:g}%) is negative")
        if share > 100:
            raise AntitrustError(f"share {position + 1} ({share:g}%) is over 100%")
        clean.append(share)
    total = sum(clean)
    if total > 100 + TOLERANCE:
        raise AntitrustError(
            f"the shares sum to {total:g}%, more than 100% (beyond a rounding tolerance of {TOLERANCE:g})"
        )
    return clean


def hhi(shares_pct) -> float:
    """Return the Herfindahl-Hirschman Index: the sum of the squared percentage shares (0 to 10,000)."""
    return float(sum(share * share for share in _shares(shares_pct)))


def remainder(named_shares_pct) -> float:
    """Return the share not held by the named firms: 100 minus their sum (0 if they sum to 100 or just over)."""
    return round(max(0.0, 100.0 - sum(_shares(named_shares_pct))), 9)


def hhi_bounds(named_shares_pct) -> tuple[float, float]:
    """Return (lowest, highest) HHI attainable when NAMED_SHARES_PCT are the market's top firms.

    An analyst names its top firms, so no unnamed firm is larger than the smallest named share. The
    lower bound spreads the remainder over many tiny firms (adds nothing); the upper bound fills it
    with as many firms of the smallest named share as fit, plus one firm with what is left. (The
    remainder as one firm is not a bound: a firm that large would have been named.) With no named
    firm there is no cap, and the bounds run from 0 to a monopoly.
    """
    shares = _shares(named_shares_pct)
    low = hhi(shares)
    rest = remainder(shares)
    if not shares:
        return low, low + rest**2
    cap = min(shares)
    if rest == 0 or cap == 0:
        return low, low
    full = math.floor(rest / cap + 1e-9)
    left = max(0.0, round(rest - full * cap, 9))
    return low, low + full * cap**2 + left**2


def one_firm_stress_hhi(named_shares_pct) -> float:
    """Return the HHI if the whole unnamed remainder were one firm: an impossible stress test, not a bound.

    When the remainder exceeds the smallest named share, such a firm would have been named; see hhi_bounds.
    """
    return hhi(named_shares_pct) + remainder(named_shares_pct) ** 2


@dataclass(frozen=True)
class Band:
    """One concentration band of a guideline: a label and its range of HHI values."""

    label: str
    lower: float
    lower_inclusive: bool
    upper: float
    upper_inclusive: bool
    confidence: str
    source_ids: tuple[str, ...]

    def contains(self, value: float) -> bool:
        """True if VALUE lies in this band."""
        above = value > self.lower or (self.lower_inclusive and value == self.lower)
        below = value < self.upper or (self.upper_inclusive and value == self.upper)
        return above and below


def _records(table: pd.DataFrame, names: Iterable[str]) -> list[dict]:
    """TABLE's rows as plain dicts of the columns NAMES (column by column: much faster than DataFrame.to_dict)."""
    columns = {name: table[name].tolist() for name in names}
    return [dict(zip(columns, values)) for values in zip(*columns.values())]


def _flag(value) -> bool:
    """A data-card bool that may be empty (empty counts as false)."""
    return False if pd.isna(value) else bool(value)


def bands(guidelines: str, table: pd.DataFrame | None = None) -> tuple[Band, ...]:
    """Return the HHI bands of GUIDELINES ("2010" or "2023"), read from the merger_guidelines dataset (or TABLE)."""
    if guidelines not in GUIDELINES:
        raise AntitrustError(f"guidelines must be one of {', '.join(map(repr, GUIDELINES))}, not {guidelines!r}")
    if table is None:
        from casekit import data

        table = data.load("merger_guidelines")
    names = (
        "guidelines",
        "measure",
        "label",
        "lower",
        "lower_inclusive",
        "upper",
        "upper_inclusive",
        "confidence",
        "source_ids",
    )
    rows = [
        r for r in _records(table, names) if str(r["guidelines"]) == guidelines and str(r["measure"]) == "hhi_level"
    ]
    found = tuple(
        Band(
            str(r["label"]),
            float(r["lower"]),
            _flag(r["lower_inclusive"]),
            MAX_HHI if pd.isna(r["upper"]) else float(r["upper"]),
            _flag(r["upper_inclusive"]),
            str(r["confidence"]),
            tuple(r["source_ids"]),
        )
        for r in sorted(rows, key=lambda r: float(r["lower"]))
    )
    if not found:
        raise AntitrustError(f"merger_guidelines has no hhi_level rows for the {guidelines} guidelines")
    return found


def concentration(hhi: float, guidelines: str) -> str:
    """Return the concentration label of HHI under the "2010" or "2023" guidelines (bands from datasets/)."""
    found = bands(guidelines)
    if isinstance(hhi, bool) or not isinstance(hhi, numbers.Real) or math.isnan(hhi):
        raise AntitrustError(f"the HHI must be a number, not {hhi!r}")
    if not 0 <= hhi <= MAX_HHI:
        raise AntitrustError(f"an HHI lies between 0 and 10,000; {hhi:g} does not")
    for band in found:
        if band.contains(float(hhi)):
            return band.label
    raise AntitrustError(f"no {guidelines} band in merger_guidelines contains an HHI of {hhi:g}")


# --- one analyst's market ----------------------------------------------------------------------

FRINGE = {
    "many_small": "the unnamed remainder is many tiny firms (adds nothing to the HHI)",
    "largest": "the unnamed firms are each as large as the smallest named firm (the largest HHI possible)",
}


@dataclass(frozen=True)
class Market:
    """One analyst's market: its definition, the named shares, and the HHI and labels for a fringe treatment."""

    analyst: str
    definition: str
    geography: str
    period: str
    shares: dict[str, float]
    confidence: dict[str, str]
    left_out: tuple[str, ...]
    remainder: float
    bounds: tuple[float, float]
    fringe: str
    hhi: float
    labels: dict[str, str]
    source_ids: tuple[str, ...]


def analysts(table: pd.DataFrame) -> list[str]:
    """Return the analysts in a cloud_market_share table, in the card's order."""
    column = table["analyst"]
    order = list(column.cat.categories) if hasattr(column, "cat") else sorted(set(column))
    return [a for a in order if (column.astype(str) == a).any()]


def _analyst_rows(table: pd.DataFrame, analyst: str) -> list[dict]:
    names = ("analyst", "market_definition", "geography", "period", "provider", "share_pct", "source_ids", "confidence")
    rows = [r for r in _records(table, names) if str(r["analyst"]) == analyst]
    if not rows:
        raise AntitrustError(f"no shares for analyst {analyst!r} (known: {', '.join(analysts(table))})")
    return rows


def market_shares(table: pd.DataFrame, analyst: str, include_uncertain: bool = True) -> pd.Series:
    """Return ANALYST's named shares from a cloud_market_share table: provider -> percent, largest first."""
    rows = [r for r in _analyst_rows(table, analyst) if include_uncertain or str(r["confidence"]) != "uncertain"]
    rows.sort(key=lambda r: -float(r["share_pct"]))
    return pd.Series(
        [float(r["share_pct"]) for r in rows],
        index=[str(r["provider"]) for r in rows],
        name=f"{analyst} share (%)",
        dtype=float,
    )


def market(table: pd.DataFrame, analyst: str, fringe: str = "many_small", include_uncertain: bool = True) -> Market:
    """Return ANALYST's market with its HHI under FRINGE ("many_small" or "largest") and both guidelines' labels."""
    if fringe not in FRINGE:
        raise AntitrustError(f"fringe must be one of {', '.join(FRINGE)}, not {fringe!r}")
    rows = _analyst_rows(table, analyst)
    confidence = {str(r["provider"]): str(r["confidence"]) for r in rows}
    kept = sorted(
        (r for r in rows if include_uncertain or confidence[str(r["provider"])] != "uncertain"),
        key=lambda r: -float(r["share_pct"]),
    )
    shares = {str(r["provider"]): float(r["share_pct"]) for r in kept}
    low, high = hhi_bounds(shares.values())
    value = low if fringe == "many_small" else high
    first = rows[0]
    return Market(
        analyst=analyst,
        definition=str(first["market_definition"]),
        geography=str(first["geography"]),
        period=str(first["period"]),
        shares=shares,
        confidence={p: confidence[p] for p in shares},
        left_out=tuple(p for p in confidence if p not in shares),
        remainder=remainder(shares.values()),
        bounds=(low, high),
        fringe=fringe,
        hhi=value,
        labels={g: concentration(value, g) for g in GUIDELINES},
        source_ids=tuple(dict.fromkeys(s for r in rows for s in r["source_ids"])),
    )


# --- concerted action: weighing the evidence ---------------------------------------------------

JUDGEMENTS = {
    "consistent": "consistent with independent action",
    "excludes": "tends to exclude independent action",
    "neutral": "neutral",
}
# The learner's overall judgement under Monsanto: does the evidence as a whole tend to exclude independent action?
OVERALL = {
    "excludes": "tends to exclude independent action",
    "does_not_exclude": "does not tend to exclude independent action",
}
MONSANTO_QUESTION = (
    "Monsanto asks whether the evidence as a whole tends to exclude the possibility that AWS acted independently. "
    "That is your judgement, not a count: the kit draws no conclusion from your item judgements (one undisputed "
    "item that points to an agreement is not automatically enough, and several weak ones may or may not add up)."
)
# The court's reported treatment of each evidence item (antitrust_evidence.court_treatment), in words.
TREATMENT_WORDS = {
    "credited": "credited",
    "discounted": "addressed and discounted",
    "overall_only": "no passage on this item recorded; the court's overall view applies",
    "not_recorded": "nothing recorded in the material read",
}
COURT_VIEW = {"for_aws": False, "for_parler": True, "unclear": None, "not_decided": None}


@dataclass(frozen=True)
class EvidenceWeighing:
    """The learner's judgements laid out as Monsanto / Twombly ask, with the learner's own overall judgement.

    `overall` is a key of OVERALL, or None until the learner gives it; `excludes_independent_action` is that
    judgement as True / False (None until given), never derived from the item judgements."""

    judgements: dict[str, str | None]
    disputed: frozenset[str]
    plus_factors: tuple[str, ...]
    standing_plus_factors: tuple[str, ...]
    disputed_plus_factors: tuple[str, ...]
    consistent: tuple[str, ...]
    neutral: tuple[str, ...]
    unjudged: tuple[str, ...]
    excludes_independent_action: bool | None
    explanation: str
    overall: str | None = None


def weigh_evidence(
    judgements: Mapping[str, str | None],
    disputed: Iterable[str] = (),
    items: Iterable[str] | None = None,
    labels: Mapping[str, str] | None = None,
    overall: str | None = None,
) -> EvidenceWeighing:
    """Lay out the learner's judgements (item id -> a JUDGEMENTS key, or None) under Monsanto and Twombly.

    An item judged to tend to exclude independent action could be a plus factor. Whether the record as
    a whole tends to exclude independent action is OVERALL, the learner's own judgement (a key of
    OVERALL, or None if not yet given): no rule derives it from the items. ITEMS lists every item id
    (default: the judged ones); LABELS names them.
    """
    if overall is not None and overall not in OVERALL:
        raise AntitrustError(f"overall judgement {overall!r} is not one of {', '.join(OVERALL)}")
    items = list(dict.fromkeys(items if items is not None else judgements))
    unknown = [i for i in judgements if i not in items]
    if unknown:
        raise AntitrustError(f"unknown evidence item(s): {', '.join(map(str, unknown))}")
    bad = {i: j for i, j in judgements.items() if j is not None and j not in JUDGEMENTS}
    if bad:
        item, value = next(iter(bad.items()))
        raise AntitrustError(f"{item}: {value!r} is not one of {', '.join(JUDGEMENTS)}")
    disputed = frozenset(disputed)
    stray = sorted(d for d in disputed if d not in items)
    if stray:
        raise AntitrustError(f"unknown evidence item(s) marked disputed: {', '.join(map(str, stray))}")
    judged = {i: judgements.get(i) for i in items}
    pick = lambda kind: tuple(i for i in items if judged[i] == kind)  # noqa: E731
    plus = pick("excludes")
    standing = tuple(i for i in plus if i not in disputed)
    contested = tuple(i for i in plus if i in disputed)
    unjudged = tuple(i for i in items if judged[i] is None)
    outcome = None if overall is None else overall == "excludes"
    name = lambda i: (labels or {}).get(i, i)  # noqa: E731
    names = lambda ids: "; ".join(name(i) for i in ids) or "none"  # noqa: E731
    lines = [
        f"Could be plus factors (you judged they tend to exclude independent action): {names(plus)}.",
        f"Of those, not disputed: {names(standing)}; disputed: {names(contested)}.",
        f"Consistent with independent action: {names(pick('consistent'))}. Neutral: {names(pick('neutral'))}.",
    ]
    if unjudged:
        lines.append(f"Not yet judged: {names(unjudged)}.")
    lines.append(MONSANTO_QUESTION)
    if unjudged:  # the learner judges first: no conclusion "on your judgements" until there are all of them
        lines.append(f"No conclusion yet: {len(items) - len(unjudged)} of {len(items)} items judged.")
    elif overall is None:
        lines.append(
            "Your overall judgement: not yet given. Does the record as a whole tend to exclude independent action?"
        )
    else:
        tension = (
            " You judged no item to point to an agreement: say in your justification what, taken together, does."
            if outcome and not plus
            else f" You judged {len(standing)} undisputed item(s) to point to an agreement: say in your justification "
            "why, taken together, they do not carry the showing."
            if not outcome and standing
            else ""
        )
        lines.append(f"Your overall judgement: the record as a whole {OVERALL[overall]}.{tension}")
    return EvidenceWeighing(
        judgements=judged,
        disputed=disputed,
        plus_factors=plus,
        standing_plus_factors=standing,
        disputed_plus_factors=contested,
        consistent=pick("consistent"),
        neutral=pick("neutral"),
        unjudged=unjudged,
        excludes_independent_action=outcome,
        explanation="\n".join(lines),
        overall=overall,
    )


def court_excludes(finding: str) -> bool | None:
    """Return what a court_findings `finding` on the § 1 claim says about concerted action (None: no clear finding)."""
    if finding not in COURT_VIEW:
        raise AntitrustError(f"unknown court finding {finding!r} (expected one of {', '.join(COURT_VIEW)})")
    return COURT_VIEW[finding]


def compare_with_court(weighing: EvidenceWeighing, finding: str) -> str:
    """Return 'agrees', 'differs', 'not yet judged' (items left, or no overall judgement yet) or 'record uncertain'
    for the learner's overall judgement vs the court."""
    court = court_excludes(finding)
    if weighing.unjudged or weighing.excludes_independent_action is None:
        return "not yet judged"
    if court is None:
        return "record uncertain"
    return "agrees" if weighing.excludes_independent_action == court else "differs"


EVIDENCE_SCHEMA = "casekit.antitrust-evidence/1"
MIN_JUSTIFICATION = 20


def evidence_record(
    learner: str,
    weighing: EvidenceWeighing,
    justification: str,
    saved_at: str,
    kit_version: str,
    commitments: Mapping | None = None,
    require_overall: bool = False,
) -> dict:
    """Return the JSON-ready record of the learner's own judgements and justification (nothing the kit wrote).

    COMMITMENTS (casekit.topics.commitments.Commitments.fields: `pre_reveal`, `reasons`, `share_reasons`)
    adds those optional fields (docs/reasoning-schema.md). `outcome.excludes_independent_action` is the
    learner's own overall judgement (None if not given); REQUIRE_OVERALL (the widget's save) refuses a record
    without it."""
    learner, justification = (learner or "").strip(), (justification or "").strip()
    if not learner:
        raise AntitrustError("please type your name (or a class pseudonym) before saving")
    if weighing.unjudged:
        raise AntitrustError(f"please judge every item first ({len(weighing.unjudged)} not yet judged)")
    if require_overall and weighing.overall is None:
        raise AntitrustError(
            "please give your overall judgement: does the record as a whole tend to exclude independent action?"
        )
    if len(justification) < MIN_JUSTIFICATION:
        raise AntitrustError(f"please justify your judgements in at least {MIN_JUSTIFICATION} characters")
    record = {
        "schema": EVIDENCE_SCHEMA,
        "kit_version": kit_version,
        "learner": learner,
        "saved_at": saved_at,
        "judgements": dict(weighing.judgements),
        "disputed": sorted(weighing.disputed),
        "justification": justification,
    }
    if commitments is not None:
        try:
            check_commitment_fields(commitments, weighing.judgements, _check_judgement, "commitments")
        except CommitError as exc:
            raise AntitrustError(str(exc)) from None
        record.update(commitments)
    record["outcome"] = {
        "plus_factors": list(weighing.plus_factors),
        "standing_plus_factors": list(weighing.standing_plus_factors),
        "excludes_independent_action": weighing.excludes_independent_action,
    }
    return record


def _check_judgement(_item: str, value: object) -> None:
    if value not in JUDGEMENTS:
        raise AntitrustError(f"{value!r} is not a judgement ({', '.join(JUDGEMENTS)})")


def validate_evidence_record(record: object, where: str = "record", items: Iterable[str] | None = None) -> dict:
    """Check a saved evidence record (casekit.antitrust-evidence/1), e.g. for class results; raise AntitrustError
    naming WHERE. ITEMS (the evidence ids of the kit's dataset), if given, must be exactly the judged items."""
    if not isinstance(record, dict):
        raise AntitrustError(f"{where}: not a JSON object")
    if record.get("schema") != EVIDENCE_SCHEMA:
        raise AntitrustError(f"{where}: schema is {record.get('schema')!r}, expected {EVIDENCE_SCHEMA!r}")
    for key in ("learner", "saved_at", "kit_version", "justification"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise AntitrustError(f"{where}: field {key!r} missing or empty")
    judgements = record.get("judgements")
    if not isinstance(judgements, dict) or not judgements:
        raise AntitrustError(f"{where}: 'judgements' must be an object of item id -> judgement")
    if items is not None and set(judgements) != set(items):
        raise AntitrustError(f"{where}: 'judgements' must judge exactly the kit's {len(set(items))} evidence items")
    for item, value in judgements.items():
        try:
            _check_judgement(item, value)
        except AntitrustError as exc:
            raise AntitrustError(f"{where}: judgements: {item}: {exc}") from None
    disputed = record.get("disputed", [])
    if not isinstance(disputed, list) or any(d not in judgements for d in disputed):
        raise AntitrustError(f"{where}: 'disputed' must list judged item ids")
    try:
        check_commitment_fields(record, judgements, _check_judgement, where)
    except CommitError as exc:
        raise AntitrustError(str(exc)) from None
    return record


# --- market definition: the hypothetical-monopolist (SSNIP) test -------------------------------------


def _price_fraction(name: str, value) -> float:
    """Return VALUE as a float in (0, 1], or raise AntitrustError naming NAME."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        raise AntitrustError(f"{name} must be a number, a fraction of price (0.05 for 5%), not {value!r}")
    value = float(value)
    if not 0 < value <= 1:
        raise AntitrustError(f"{name} must be a fraction of price above 0 and at most 1 (0.05 for 5%), not {value:g}")
    return value


def critical_loss(price_rise: float, margin: float) -> float:
    """Return the critical loss X / (X + M): the share of sales a hypothetical monopolist can lose before a
    price rise of PRICE_RISE (X) stops paying, at a margin of MARGIN (M); both fractions of price in (0, 1].

    Standard break-even critical-loss arithmetic (the kit's statement of it): after the rise each sale
    kept earns X + M instead of M, so the rise pays while the share of sales lost stays below X / (X + M).
    Values outside (0, 1] raise AntitrustError.
    """
    x = _price_fraction("price rise", price_rise)
    m = _price_fraction("margin", margin)
    return x / (x + m)


def ssnip_profitable(price_rise: float, margin: float, predicted_loss: float) -> bool:
    """Return True if the price rise pays: the PREDICTED_LOSS of sales (a fraction in [0, 1]) is below the critical loss.

    If it pays, the candidate products are a market under the hypothetical-monopolist test; if not,
    customers switch to products outside it and the market must be drawn wider. At exactly the
    critical loss the rise only breaks even, which does not count as paying.
    """
    critical = critical_loss(price_rise, margin)
    if isinstance(predicted_loss, bool) or not isinstance(predicted_loss, numbers.Real):
        raise AntitrustError(f"predicted loss must be a fraction of sales (0.2 for 20%), not {predicted_loss!r}")
    loss = float(predicted_loss)
    if not (math.isfinite(loss) and 0 <= loss <= 1):
        raise AntitrustError(f"predicted loss must be a fraction of sales from 0 to 1 (0.2 for 20%), not {loss:g}")
    return loss < critical


@dataclass(frozen=True)
class Ssnip:
    """One hypothetical-monopolist test on stated numbers (all fractions: 0.05 for 5%).

    `profit_change` is the change in the hypothetical monopolist's profit, as a share of its profit before the
    rise: (M + X)(1 - L) / M - 1, negative when the rise does not pay."""

    price_rise: float
    margin: float
    predicted_loss: float
    critical_loss: float
    profitable: bool
    profit_change: float


def ssnip(price_rise: float, margin: float, predicted_loss: float) -> Ssnip:
    """Return the hypothetical-monopolist test for PRICE_RISE, MARGIN and PREDICTED_LOSS (see critical_loss and
    ssnip_profitable, which raise AntitrustError for values out of range)."""
    profitable = ssnip_profitable(price_rise, margin, predicted_loss)
    x, m, loss = float(price_rise), float(margin), float(predicted_loss)
    return Ssnip(x, m, loss, critical_loss(x, m), profitable, (m + x) * (1 - loss) / m - 1)


def percent_text(fraction: float) -> str:
    """FRACTION as a percentage with at most one decimal: 0.05 -> '5%', 0.1111 -> '11.1%'."""
    return f"{round(100 * fraction, 1):g}%"


def describe_ssnip(result: Ssnip, candidate: str = "the candidate group of products") -> str:
    """Return RESULT in words: the critical-loss arithmetic, whether the rise pays, and what that means for CANDIDATE
    (a market on these numbers, or one to draw wider). The numbers are the caller's; say so where they are shown."""
    x, m = result.price_rise, result.margin
    arithmetic = f"{percent_text(x)} / ({percent_text(x)} + {percent_text(m)})"
    lines = [f"Critical loss = X / (X + M) = {arithmetic} = {percent_text(result.critical_loss)} of sales."]
    if math.isclose(result.predicted_loss, result.critical_loss, abs_tol=1e-9):
        lines.append(
            f"Predicted loss {percent_text(result.predicted_loss)}: exactly the critical loss. The rise only breaks even, "
            "which does not count as paying."
        )
    else:
        side = "below" if result.predicted_loss < result.critical_loss else "above"
        lines.append(f"Predicted loss {percent_text(result.predicted_loss)}: {side} the critical loss.")
    gain = 0.0 if math.isclose(result.profit_change, 0, abs_tol=1e-9) else result.profit_change
    change = f"{'+' if gain > 0 else ''}{percent_text(gain)}"
    if result.profitable:
        lines.append(
            f"The rise PAYS: the sole seller's profit changes by {change}. On these numbers {candidate} could be a "
            "market: too few buyers switch away to defeat the rise."
        )
    else:
        lines.append(
            f"The rise DOES NOT PAY: the sole seller's profit changes by {change}. On these numbers {candidate} is "
            "too narrow to be a market: enough buyers switch to products outside it, so draw the market wider."
        )
    return "\n".join(lines)


# --- the microblogging market Parler pleaded ---------------------------------------------------------


def common_measures(figures: pd.DataFrame) -> list[tuple[str, str]]:
    """Return the (measure, period) pairs on which every firm in FIGURES has a figure, in the table's order.

    FIGURES holds rows with `firm`, `measure` and `period` (e.g. microblogging_market's user figures). A share
    needs every firm counted the same way at the same time; an empty list means no share can be computed
    honestly. A row whose measure is unclear or whose period is missing matches nothing."""
    names = ("firm", "measure", "period")
    rows = [r for r in _records(figures, names) if not any(pd.isna(r[n]) for n in names)]
    firms = {str(r["firm"]) for r in _records(figures, ("firm",)) if not pd.isna(r["firm"])}
    found: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        if str(r["measure"]) != "unclear":
            found.setdefault((str(r["measure"]), str(r["period"])), set()).add(str(r["firm"]))
    return [basis for basis, who in found.items() if firms and who == firms]
