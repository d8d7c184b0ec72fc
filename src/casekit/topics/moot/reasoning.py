"""Lesson 05's moot court as pure functions: counsel's brief and the bench's memo.

Counsel builds a brief: for each of the six factors of `casekit.topics.relief.reasoning`, the arguments (rows of
`datasets/arguments.csv`) and evidence rows (rows of the timeline, antitrust_evidence,
moderation_record and contract_clauses datasets) they rely on, and a one-line point in their own
words. `brief_warnings` flags a point that cites nothing or rests only on `uncertain` rows;
`irac_outline` and `brief_markdown` lay the brief out; `brief_record` / `validate_brief` build and
check its JSON form (docs/brief-schema.md). The bench rates each factor; `bench_ruling` lets
`relief.weigh` decide both tests and compares the ratings with the court's findings.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from casekit.paths import LESSONS
from casekit.topics.relief import reasoning as relief

BRIEF_SCHEMA = "casekit.brief/1"
MEMO_SCHEMA = "casekit.memo/1"
SIDES = ("Parler", "AWS")
MAX_POINT_CHARS = 300
MAX_REASON_CHARS = relief.MAX_WORDS_CHARS
# Datasets whose rows counsel may cite as evidence, with the column that names a row.
EVIDENCE_TABLES = {
    "timeline": "title",
    "antitrust_evidence": "item",
    "moderation_record": "fact",
    "contract_clauses": "title",
}
NOTHING_CITED = "cites nothing: choose at least one argument or evidence row"
ONLY_UNCERTAIN = "rests only on uncertain rows: add a primary or reported row, or say the point is uncertain"
NO_POINT = "no point written yet"
EXAMPLE_BRIEF_FOLDER = LESSONS / "briefs"
NOT_COUNTED = "record uncertain, not counted"


class BriefError(ValueError):
    """A brief or memo is malformed; the message names the file (or record) and what is wrong."""


@dataclass(frozen=True)
class Cited:
    """One row a point relies on: an argument or an evidence row, with its sources and confidence."""

    id: str
    kind: str  # "argument" or the evidence dataset's name
    text: str
    source_ids: tuple[str, ...]
    confidence: str


# --- the evidence a brief may cite --------------------------------------------------------------


def _ids(value) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(part for part in value.split(";") if part)
    return tuple(str(v) for v in value)


def evidence_catalogue(tables: Mapping[str, Iterable[Mapping]]) -> dict[str, dict]:
    """Return evidence id -> {"dataset", "text", "source_ids", "confidence"} from TABLES (name -> records).

    TABLES holds, for each name in EVIDENCE_TABLES, its rows as dicts with `id`, the naming column,
    `source_ids` and `confidence`. An id found in two datasets is an error (ids must be unique).
    """
    catalogue: dict[str, dict] = {}
    for name, column in EVIDENCE_TABLES.items():
        for row in tables.get(name, ()):
            row_id = str(row["id"])
            if row_id in catalogue:
                raise BriefError(f"evidence id {row_id!r} is in both {catalogue[row_id]['dataset']} and {name}")
            catalogue[row_id] = {
                "dataset": name,
                "text": str(row[column]),
                "source_ids": _ids(row["source_ids"]),
                "confidence": str(row["confidence"]),
            }
    return catalogue


def load_catalogues() -> tuple[dict[str, dict], dict[str, dict]]:
    """Return (arguments: id -> row, evidence: id -> entry) from the kit's datasets."""
    from casekit import data

    arguments = {str(i): dict(row) for i, row in data.load("arguments").set_index("id", drop=False).iterrows()}
    evidence = evidence_catalogue({name: data.load(name).to_dict("records") for name in EVIDENCE_TABLES})
    return arguments, evidence


# --- checking and building a brief --------------------------------------------------------------


def check_factors(
    factors: object, arguments: Mapping[str, Mapping] | None = None, evidence: Mapping[str, Mapping] | None = None
) -> dict[str, dict]:
    """Return FACTORS as {factor: {"arguments", "evidence", "point"}} for all six factors, or raise BriefError.

    Factors left out get nothing. With ARGUMENTS, each argument id must be an argument on that
    factor (either side); with EVIDENCE, each evidence id must be in the catalogue.
    """
    if factors is None:
        factors = {}
    if not isinstance(factors, Mapping):
        raise BriefError("factors: not an object of factor -> {arguments, evidence, point}")
    unknown = [f for f in factors if f not in relief.FACTORS]
    if unknown:
        raise BriefError(f"factors: unknown factor(s): {', '.join(map(str, unknown))}")
    clean = {}
    for factor in relief.FACTORS:
        entry = factors.get(factor) or {}
        if not isinstance(entry, Mapping):
            raise BriefError(f"factors: {factor}: not an object with 'arguments', 'evidence' and 'point'")
        lists = {}
        for key in ("arguments", "evidence"):
            ids = entry.get(key, [])
            if isinstance(ids, str) or not isinstance(ids, (list, tuple)) or not all(isinstance(i, str) for i in ids):
                raise BriefError(f"factors: {factor}: {key!r} must be a list of ids")
            if len(set(ids)) != len(ids):
                raise BriefError(
                    f"factors: {factor}: the same {key[:-1] if key == 'arguments' else 'evidence'} row is chosen twice"
                )
            lists[key] = list(ids)
        point = entry.get("point", "")
        if not isinstance(point, str):
            raise BriefError(f"factors: {factor}: 'point' must be text")
        point = point.strip()
        if "\n" in point:
            raise BriefError(f"factors: {factor}: the point must be one line")
        if len(point) > MAX_POINT_CHARS:
            raise BriefError(f"factors: {factor}: the point is longer than {MAX_POINT_CHARS} characters")
        if arguments is not None:
            foreign = [i for i in lists["arguments"] if i not in arguments or arguments[i]["factor_id"] != factor]
            if foreign:
                raise BriefError(f"factors: {factor}: not an argument on this factor: {', '.join(foreign)}")
        if evidence is not None:
            missing = [i for i in lists["evidence"] if i not in evidence]
            if missing:
                raise BriefError(f"factors: {factor}: no such evidence row: {', '.join(missing)}")
        clean[factor] = {"arguments": lists["arguments"], "evidence": lists["evidence"], "point": point}
    return clean


def cited_rows(entry: Mapping, arguments: Mapping[str, Mapping], evidence: Mapping[str, Mapping]) -> list[Cited]:
    """Return the rows one factor's ENTRY cites: its arguments, then its evidence rows."""
    rows = [
        Cited(
            i,
            "argument",
            str(arguments[i]["argument"]),
            _ids(arguments[i]["source_ids"]),
            str(arguments[i]["confidence"]),
        )
        for i in entry.get("arguments", [])
    ]
    rows += [
        Cited(
            i,
            str(evidence[i]["dataset"]),
            str(evidence[i]["text"]),
            _ids(evidence[i]["source_ids"]),
            str(evidence[i]["confidence"]),
        )
        for i in entry.get("evidence", [])
    ]
    return rows


def point_warnings(entry: Mapping, arguments: Mapping[str, Mapping], evidence: Mapping[str, Mapping]) -> list[str]:
    """Return the warnings for one factor's ENTRY: cites nothing, rests only on uncertain rows, no point."""
    cited = cited_rows(entry, arguments, evidence)
    warnings = []
    if not cited:
        warnings.append(NOTHING_CITED)
    elif all(row.confidence == "uncertain" for row in cited):
        warnings.append(ONLY_UNCERTAIN)
    if not str(entry.get("point", "")).strip():
        warnings.append(NO_POINT)
    return warnings


def brief_warnings(
    factors: Mapping[str, Mapping], arguments: Mapping[str, Mapping], evidence: Mapping[str, Mapping]
) -> dict[str, list[str]]:
    """Return factor -> warnings for every factor of a brief's FACTORS (empty list when none)."""
    clean = check_factors(factors, arguments, evidence)
    return {f: point_warnings(clean[f], arguments, evidence) for f in relief.FACTORS}


def brief_record(
    learner: str,
    side: str,
    factors: Mapping[str, Mapping],
    saved_at: str,
    kit_version: str,
    arguments: Mapping[str, Mapping] | None = None,
    evidence: Mapping[str, Mapping] | None = None,
    conclusion: str = "",
    written_for_kit: bool = False,
) -> dict:
    """Return the JSON-ready brief (schema casekit.brief/1, see docs/brief-schema.md); raise BriefError if incomplete."""
    learner = (learner or "").strip()
    if not learner:
        raise BriefError("please type your name (or a class pseudonym) before saving")
    if side not in SIDES:
        raise BriefError(f"side must be one of {', '.join(SIDES)}, not {side!r}")
    clean = check_factors(factors, arguments, evidence)
    if not any(entry["point"] or entry["arguments"] or entry["evidence"] for entry in clean.values()):
        raise BriefError("the brief is empty: write a point or choose a row on at least one factor")
    if not isinstance(conclusion, str) or len(conclusion.strip()) > MAX_REASON_CHARS:
        raise BriefError(f"the conclusion must be text of at most {MAX_REASON_CHARS} characters")
    record = {
        "schema": BRIEF_SCHEMA,
        "kit_version": kit_version,
        "learner": learner,
        "saved_at": saved_at,
        "side": side,
    }
    if written_for_kit:
        record["written_for_kit"] = True
    record["factors"] = clean
    record["conclusion"] = conclusion.strip()
    return record


def _common_fields(record: object, schema: str, where: str) -> dict:
    if not isinstance(record, dict):
        raise BriefError(f"{where}: not a JSON object")
    if record.get("schema") != schema:
        raise BriefError(f"{where}: schema is {record.get('schema')!r}, expected {schema!r}")
    for key in ("learner", "saved_at", "kit_version"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise BriefError(f"{where}: field {key!r} missing or empty")
    return record


def validate_brief(
    record: object,
    where: str = "brief",
    arguments: Mapping[str, Mapping] | None = None,
    evidence: Mapping[str, Mapping] | None = None,
) -> dict:
    """Return RECORD if it is a valid casekit.brief/1 brief, else raise BriefError naming WHERE."""
    _common_fields(record, BRIEF_SCHEMA, where)
    if record.get("side") not in SIDES:
        raise BriefError(f"{where}: side is {record.get('side')!r}, expected one of {', '.join(SIDES)}")
    if "factors" not in record:
        raise BriefError(f"{where}: field 'factors' missing")
    try:
        check_factors(record["factors"], arguments, evidence)
    except BriefError as exc:
        raise BriefError(f"{where}: {exc}") from None
    if not isinstance(record.get("conclusion", ""), str):
        raise BriefError(f"{where}: 'conclusion' must be text")
    if not isinstance(record.get("written_for_kit", False), bool):
        raise BriefError(f"{where}: 'written_for_kit' must be true or false")
    return record


def example_briefs(
    folder: Path | str = EXAMPLE_BRIEF_FOLDER,
    arguments: Mapping[str, Mapping] | None = None,
    evidence: Mapping[str, Mapping] | None = None,
) -> dict[str, dict]:
    """Return file name -> brief for every *.json brief in FOLDER (the kit's examples), validated; BriefError names a bad file."""
    briefs = {}
    for path in sorted(Path(folder).glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BriefError(f"{path}: cannot be read as JSON ({exc})") from None
        briefs[path.name] = validate_brief(record, str(path), arguments, evidence)
    return briefs


def rows_cited_by(
    briefs: Iterable[Mapping], arguments: Mapping[str, Mapping], evidence: Mapping[str, Mapping]
) -> list[Cited]:
    """Return every row the BRIEFS cite, once each, in the order the briefs first cite them."""
    rows: dict[str, Cited] = {}
    for brief in briefs:
        clean = check_factors(brief.get("factors"), arguments, evidence)
        for factor in relief.FACTORS:
            for row in cited_rows(clean[factor], arguments, evidence):
                rows.setdefault(row.id, row)
    return list(rows.values())


# --- the IRAC outline and the Markdown hand-in ----------------------------------------------------


@dataclass(frozen=True)
class IracSection:
    """One factor of a brief as Issue, Rule, Application (the learner's point and cited rows), Conclusion."""

    factor: str
    issue: str
    rule: str
    point: str
    cited: tuple[Cited, ...]
    conclusion: str
    warnings: tuple[str, ...]


def irac_outline(
    brief: Mapping,
    factor_info: Mapping[str, Mapping],
    arguments: Mapping[str, Mapping],
    evidence: Mapping[str, Mapping],
) -> list[IracSection]:
    """Return one IracSection per factor of BRIEF (FACTOR_INFO: factor id -> row with `label` and `rule`)."""
    clean = check_factors(brief.get("factors"), arguments, evidence)
    side = brief.get("side")
    sections = []
    for factor in relief.FACTORS:
        entry = clean[factor]
        has_content = bool(entry["point"] or entry["arguments"] or entry["evidence"])
        conclusion = f"This factor favours {side}." if has_content else "Not argued."
        sections.append(
            IracSection(
                factor,
                str(factor_info[factor]["label"]),
                str(factor_info[factor]["rule"]),
                entry["point"],
                tuple(cited_rows(entry, arguments, evidence)),
                conclusion,
                tuple(point_warnings(entry, arguments, evidence)),
            )
        )
    return sections


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def brief_markdown(brief: Mapping, sections: list[IracSection]) -> str:
    """Return BRIEF as a Markdown hand-in: heading, one IRAC block per factor, cited rows with sources and confidence."""
    side = brief["side"]
    ask = "grant" if side == "Parler" else "deny"
    lines = [
        f"# Brief for {side}",
        "",
        f"*Parler LLC v. Amazon Web Services, Inc.*: motion for a preliminary injunction. "
        f"Counsel: {_one_line(brief['learner'])}. Saved {brief['saved_at']}.",
        "",
    ]
    if brief.get("written_for_kit"):
        lines += ["> Example brief written for the kit, not by a learner or a party.", ""]
    for number, section in enumerate(sections, start=1):
        lines += [
            f"## {number}. {section.issue}",
            "",
            f"**Issue.** {section.issue}.",
            "",
            f"**Rule.** {section.rule}",
            "",
            f"**Application.** {_one_line(section.point) or '(no point written)'}",
            "",
        ]
        for row in section.cited:
            flag = " **UNCERTAIN**" if row.confidence == "uncertain" else ""
            lines.append(
                f"- `{row.id}` ({row.kind}, {row.confidence}{flag}): {_one_line(row.text)} "
                f"Sources: {', '.join(row.source_ids)}."
            )
        if section.cited:
            lines.append("")
        lines += [f"**Conclusion.** {section.conclusion}", ""]
        for warning in section.warnings:
            lines += [f"> Warning: this point {warning}.", ""]
    lines += [
        "## Conclusion",
        "",
        _one_line(brief.get("conclusion", ""))
        or f"(no conclusion written) Counsel for {side} asks the court to {ask} the motion.",
        "",
    ]
    return "\n".join(lines)


# --- the bench memo ---------------------------------------------------------------------------------


def memo_record(
    learner: str,
    assessments: Mapping[str, int],
    saved_at: str,
    kit_version: str,
    briefs: Iterable[str] = (),
    reasons: Mapping[str, str] | None = None,
) -> dict:
    """Return the JSON-ready bench memo (schema casekit.memo/1): ratings, reasons and the outcome of both tests."""
    learner = (learner or "").strip()
    if not learner:
        raise BriefError("please type your name (or a class pseudonym) before saving")
    clean = relief.check_assessments(assessments)
    words = _check_reasons(reasons or {})
    outcome = relief.weigh(clean)
    return {
        "schema": MEMO_SCHEMA,
        "kit_version": kit_version,
        "learner": learner,
        "saved_at": saved_at,
        "briefs": [str(b) for b in briefs],
        "assessments": clean,
        "reasons": words,
        "outcome": {
            "winter": outcome.winter.granted,
            "sliding_scale": outcome.sliding_scale.granted,
            "granted": outcome.granted,
            "deciding": list(outcome.deciding),
        },
    }


def _check_reasons(reasons: object) -> dict[str, str]:
    if not isinstance(reasons, Mapping):
        raise BriefError("reasons: not an object of factor -> text")
    unknown = [f for f in reasons if f not in relief.FACTORS]
    if unknown:
        raise BriefError(f"reasons: unknown factor(s): {', '.join(map(str, unknown))}")
    clean = {}
    for factor in relief.FACTORS:
        text = reasons.get(factor, "")
        if not isinstance(text, str):
            raise BriefError(f"reasons: {factor}: must be text")
        if len(text) > MAX_REASON_CHARS:
            raise BriefError(f"reasons: {factor}: longer than {MAX_REASON_CHARS} characters")
        clean[factor] = text.strip()
    return clean


def validate_memo(record: object, where: str = "memo") -> dict:
    """Return RECORD if it is a valid casekit.memo/1 bench memo, else raise BriefError naming WHERE."""
    _common_fields(record, MEMO_SCHEMA, where)
    try:
        relief.check_assessments(record.get("assessments") or {})
    except relief.AssessmentError as exc:
        raise BriefError(f"{where}: assessments: {exc}") from None
    briefs = record.get("briefs", [])
    if not isinstance(briefs, list) or not all(isinstance(b, str) for b in briefs):
        raise BriefError(f"{where}: 'briefs' must be a list of file names")
    try:
        _check_reasons(record.get("reasons", {}))
    except BriefError as exc:
        raise BriefError(f"{where}: {exc}") from None
    return record


@dataclass(frozen=True)
class BenchRuling:
    """The bench's ruling (relief.weigh on its ratings), the court's, and where the two part company."""

    outcome: relief.Outcome
    court_outcome: relief.Outcome
    comparisons: tuple[relief.Comparison, ...]
    differences: tuple[str, ...]  # factors where the bench and the court favour opposite sides


def bench_ruling(
    assessments: Mapping[str, int], findings: Mapping[str, str], labels: Mapping[str, str] | None = None
) -> BenchRuling:
    """Weigh the bench's ASSESSMENTS with relief.weigh and compare them with the court's FINDINGS (factor -> finding)."""
    outcome = relief.weigh(assessments, labels)
    court = relief.weigh(relief.court_assessments(findings), labels)
    comparisons = tuple(relief.compare_with_court(assessments, findings))
    differences = tuple(c.factor for c in comparisons if c.verdict == "differs")
    return BenchRuling(outcome, court, comparisons, differences)


def court_findings_by_factor(findings: Iterable[Mapping]) -> dict[str, str]:
    """Return factor id -> finding from rows of the court_findings dataset (one finding per factor, or an error)."""
    by_factor: dict[str, str] = {}
    for row in findings:
        factor, finding = str(row["factor_id"]), str(row["finding"])
        if by_factor.get(factor, finding) != finding:
            raise BriefError(f"court_findings: factor {factor} has two different findings")
        by_factor[factor] = finding
    return by_factor


def ruling_text(ruling: BenchRuling, labels: Mapping[str, str]) -> str:
    """Return the bench's ruling, its reasons, and how it differs from the court's, as plain text."""
    verdict = "GRANTED" if ruling.outcome.granted else "DENIED"
    court = "granted" if ruling.court_outcome.granted else "denied"
    lines = [
        f"The bench's ruling: the motion is {verdict}.",
        ruling.outcome.explanation,
        "",
        f"The court (as the kit reads its findings) {court} the motion.",
    ]
    if ruling.outcome.granted != ruling.court_outcome.granted:
        lines.append("Your ruling and the court's come out differently.")
    for c in ruling.comparisons:
        court_side = c.court_side or "no clear finding"
        yours = c.learner_side or "balanced"
        lines.append(f"- {labels.get(c.factor, c.factor)}: you {yours}; court {court_side} ({c.verdict}).")
    return "\n".join(lines)


def _slot_names(outcome: relief.Outcome, ratings: Mapping[str, int], labels: Mapping[str, str]) -> dict[str, str]:
    """Words for each test slot: the best claim (or the tied claims) for 'success', the factor's label otherwise."""
    tied = [f for f in relief.CLAIM_FACTORS if ratings[f] == ratings[outcome.best_claim]]
    names = {f: labels.get(f, f) for f in relief.OTHER_FACTORS}
    names["success"] = " / ".join(labels.get(f, f) for f in tied)
    return names


def court_ruling_text(findings: Mapping[str, str], labels: Mapping[str, str]) -> str:
    """Return the court's findings (factor id -> finding) run through both tests, as plain text.

    A factor with no clear finding (`unclear`, `not_decided`) is reported as "record uncertain, not
    counted": it is rated 0 only so the tests can run, never listed among the failures or as deciding
    the result, and the text says whether the result holds whatever rating it is given.
    """
    ratings = relief.court_assessments(findings)
    uncertain = relief.unsettled(findings)
    outcome = relief.weigh(ratings, labels)
    names = _slot_names(outcome, ratings, labels)

    def counted(slot: str) -> bool:
        factors = (
            [f for f in relief.CLAIM_FACTORS if ratings[f] == ratings[outcome.best_claim]]
            if slot == "success"
            else [slot]
        )
        return not all(f in uncertain for f in factors)

    verdict = "GRANTED" if outcome.granted else "DENIED"
    lines = [f"The court's findings (as the kit reads them), weighed by both tests: the motion is {verdict}."]
    for test in (outcome.winter, outcome.sliding_scale):
        failed = [names[slot] for slot in test.failed if counted(slot)]
        if test.granted:
            lines.append(f"{test.name}: every requirement is met.")
        elif failed:
            lines.append(f"{test.name}: not met; it fails on {', '.join(failed)}.")
        else:
            lines.append(f"{test.name}: not met only because of factors the record leaves uncertain.")
    results = {
        relief.weigh({**ratings, **dict(zip(uncertain, values))}).granted
        for values in itertools.product(relief.SCALE, repeat=len(uncertain))
    }
    uncertain_names = ", ".join(labels.get(f, f) for f in uncertain)
    if uncertain and len(results) == 1:
        lines.append(f"The result is the same whatever rating {uncertain_names} is given.")
    elif uncertain:
        lines.append(f"The result depends on how {uncertain_names} is rated, which the record leaves uncertain.")
    deciding = [
        names["success"] if f == outcome.best_claim else labels.get(f, f)
        for f in outcome.deciding
        if f not in uncertain
    ]
    if deciding and len(results) == 1:
        lines.append(f"{'Closest call' if outcome.granted else 'Decided by'}: {', '.join(deciding)}.")
    for factor in relief.FACTORS:
        finding = findings.get(factor, "unclear")
        side = relief.COURT_SIDES[finding]
        lines.append(f"- {labels.get(factor, factor)}: {f'for {side}' if side else NOT_COUNTED}.")
    return "\n".join(lines)
