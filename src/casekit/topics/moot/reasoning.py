"""Lesson 05's moot court as pure functions: counsel's brief, the bench's questions, memo and rubric.

Counsel builds a brief: for each of the six factors of `casekit.topics.relief.reasoning`, the arguments (rows of
`datasets/arguments.csv`) and evidence rows (rows of the timeline, antitrust_evidence,
moderation_record and contract_clauses datasets) they rely on, and their own IRAC words: the issue
(optional, short), the rule applied to those rows (required) and a conclusion (required). The kit
shows the rule and the rows only as references; it never writes the learner's issue, application or
conclusion. `brief_warnings` flags a factor that cites nothing, rests only on `uncertain` rows or
lacks the learner's words; `irac_outline` and `brief_markdown` lay the brief out; `brief_record` /
`validate_brief` build and check its JSON form (docs/brief-schema.md; briefs saved before the IRAC
fields, with a one-line `point`, still load). The bench draws its questions from
`datasets/bench_questions.csv` (`draw_bench_questions`), scores counsel with the kit's advocacy
rubric (`datasets/advocacy_rubric.csv`, `advocacy_score`), rates each factor; `bench_ruling` lets
`relief.weigh` decide both tests and compares the ratings with the court's findings.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from casekit.paths import LESSONS
from casekit.topics.relief import reasoning as relief

BRIEF_SCHEMA = "casekit.brief/1"
MEMO_SCHEMA = "casekit.memo/1"
SIDES = ("Parler", "AWS")
MAX_POINT_CHARS = 300  # a factor's conclusion, and the one-line `point` of briefs saved before the IRAC fields
MAX_ISSUE_CHARS = 200
MAX_APPLICATION_CHARS = 1500
MAX_REASON_CHARS = relief.MAX_WORDS_CHARS
# The learner's own words on each factor: field -> (what it is called, most characters, one line only, required)
OWN_WORDS = {
    "issue": ("issue", MAX_ISSUE_CHARS, True, False),
    "application": ("rule application", MAX_APPLICATION_CHARS, False, True),
    "conclusion": ("conclusion", MAX_POINT_CHARS, True, True),
}
# Datasets whose rows counsel may cite as evidence, with the column that names a row.
EVIDENCE_TABLES = {
    "timeline": "title",
    "antitrust_evidence": "item",
    "moderation_record": "fact",
    "contract_clauses": "title",
}
NOTHING_CITED = "cites nothing: choose at least one argument or evidence row"
ONLY_UNCERTAIN = "rests only on uncertain rows: add a primary or reported row, or say in your application that the rows are uncertain"
NO_APPLICATION = "has no rule application in your words yet"
NO_CONCLUSION = "has no conclusion in your words yet"
NO_POINT = NO_APPLICATION  # the old name
EXAMPLE_BRIEF_FOLDER = LESSONS / "briefs"
NOT_COUNTED = "record uncertain, not counted"


class BriefError(ValueError):
    """A brief or memo is malformed; the message names the file (or record) and what is wrong."""


@dataclass(frozen=True)
class Cited:
    """One row a factor of a brief relies on: an argument or an evidence row, with its sources and confidence."""

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


def search_rows(evidence: Mapping[str, Mapping], query: str) -> list[str]:
    """Return the ids of EVIDENCE rows (catalogue order) whose id, dataset or text holds every word of QUERY.

    Case is ignored; an empty QUERY matches every row.
    """
    words = str(query or "").casefold().split()
    return [
        row_id
        for row_id, row in evidence.items()
        if all(word in f"{row_id} {row['dataset']} {row['text']}".casefold() for word in words)
    ]


# --- checking and building a brief --------------------------------------------------------------


def _own_words(factor: str, entry: Mapping) -> dict[str, str]:
    """Return ENTRY's issue, application and conclusion, checked; a legacy `point` is read as the application."""
    if "point" in entry and "application" in entry:
        raise BriefError(f"factors: {factor}: give 'application' or the old 'point', not both")
    words = {}
    for key, (name, limit, one_line, _) in OWN_WORDS.items():
        source = "point" if key == "application" and "point" in entry else key
        text = entry.get(source, "")
        if not isinstance(text, str):
            raise BriefError(f"factors: {factor}: the {name} ({source!r}) must be text")
        text = text.strip()
        if source == "point":
            one_line, limit = True, MAX_POINT_CHARS
        if one_line and "\n" in text:
            raise BriefError(f"factors: {factor}: the {name} must be one line")
        if len(text) > limit:
            raise BriefError(f"factors: {factor}: the {name} is longer than {limit} characters")
        words[key] = text
    return words


def check_factors(
    factors: object, arguments: Mapping[str, Mapping] | None = None, evidence: Mapping[str, Mapping] | None = None
) -> dict[str, dict]:
    """Return FACTORS as {factor: {"arguments", "evidence", "issue", "application", "conclusion"}} for all six
    factors, or raise BriefError.

    Factors left out get nothing. An entry saved before the IRAC fields, with a one-line `point`, is read
    with the point as its application. With ARGUMENTS, each argument id must be an argument on that
    factor (either side); with EVIDENCE, each evidence id must be in the catalogue.
    """
    if factors is None:
        factors = {}
    if not isinstance(factors, Mapping):
        raise BriefError("factors: not an object of factor -> {arguments, evidence, issue, application, conclusion}")
    unknown = [f for f in factors if f not in relief.FACTORS]
    if unknown:
        raise BriefError(f"factors: unknown factor(s): {', '.join(map(str, unknown))}")
    clean = {}
    for factor in relief.FACTORS:
        entry = factors.get(factor) or {}
        if not isinstance(entry, Mapping):
            raise BriefError(f"factors: {factor}: not an object with 'arguments', 'evidence' and your words")
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
        if arguments is not None:
            foreign = [i for i in lists["arguments"] if i not in arguments or arguments[i]["factor_id"] != factor]
            if foreign:
                raise BriefError(f"factors: {factor}: not an argument on this factor: {', '.join(foreign)}")
        if evidence is not None:
            missing = [i for i in lists["evidence"] if i not in evidence]
            if missing:
                raise BriefError(f"factors: {factor}: no such evidence row: {', '.join(missing)}")
        clean[factor] = {**lists, **_own_words(factor, entry)}
    return clean


def argued(entry: Mapping) -> bool:
    """Return whether a checked factor ENTRY holds anything: a chosen row or any of the learner's words."""
    return any(entry.get(key) for key in ("arguments", "evidence", *OWN_WORDS))


def missing_words(entry: Mapping) -> list[str]:
    """Return the required words (rule application, conclusion) that an argued, checked ENTRY still lacks."""
    if not argued(entry):
        return []
    return [name for key, (name, _, _, required) in OWN_WORDS.items() if required and not entry.get(key)]


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
    """Return the warnings for one checked factor ENTRY: cites nothing, rests only on uncertain rows, and no rule
    application or no conclusion in the learner's words."""
    cited = cited_rows(entry, arguments, evidence)
    warnings = []
    if not cited:
        warnings.append(NOTHING_CITED)
    elif all(row.confidence == "uncertain" for row in cited):
        warnings.append(ONLY_UNCERTAIN)
    if not entry.get("application"):
        warnings.append(NO_APPLICATION)
    if not entry.get("conclusion"):
        warnings.append(NO_CONCLUSION)
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
    """Return the JSON-ready brief (schema casekit.brief/1, see docs/brief-schema.md); raise BriefError if incomplete.

    Every factor the brief argues (a chosen row or any words) needs the learner's rule application and
    conclusion; the issue is optional. An entry in the form saved before the IRAC fields (a `point` and
    none of the new fields) is accepted as before, its point read as the application.
    """
    learner = (learner or "").strip()
    if not learner:
        raise BriefError("please type your name (or a class pseudonym) before saving")
    if side not in SIDES:
        raise BriefError(f"side must be one of {', '.join(SIDES)}, not {side!r}")
    clean = check_factors(factors, arguments, evidence)
    if not any(argued(entry) for entry in clean.values()):
        raise BriefError("the brief is empty: argue at least one factor (your rule application and conclusion)")
    unfinished = [
        f"{factor}: {' and '.join(missing_words(entry))}"
        for factor, entry in clean.items()
        if missing_words(entry) and not _legacy((factors or {}).get(factor))
    ]
    if unfinished:
        raise BriefError(
            "write, in your own words, what each factor you argue still lacks (" + "; ".join(unfinished) + ")"
        )
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


def _legacy(entry: object) -> bool:
    """Whether a factor's raw ENTRY is in the form saved before the IRAC fields: a `point`, none of the new fields."""
    return isinstance(entry, Mapping) and "point" in entry and not any(key in entry for key in OWN_WORDS)


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
    """One factor of a brief in IRAC form. The label and the rule are the kit's references; the issue,
    the application and the conclusion are the learner's own words ("" where not written)."""

    factor: str
    label: str
    rule: str
    issue: str
    application: str
    cited: tuple[Cited, ...]
    conclusion: str
    warnings: tuple[str, ...]
    argued: bool


def irac_outline(
    brief: Mapping,
    factor_info: Mapping[str, Mapping],
    arguments: Mapping[str, Mapping],
    evidence: Mapping[str, Mapping],
) -> list[IracSection]:
    """Return one IracSection per factor of BRIEF (FACTOR_INFO: factor id -> row with `label` and `rule`)."""
    clean = check_factors(brief.get("factors"), arguments, evidence)
    return [
        IracSection(
            factor,
            str(factor_info[factor]["label"]),
            str(factor_info[factor]["rule"]),
            clean[factor]["issue"],
            clean[factor]["application"],
            tuple(cited_rows(clean[factor], arguments, evidence)),
            clean[factor]["conclusion"],
            tuple(point_warnings(clean[factor], arguments, evidence)),
            argued(clean[factor]),
        )
        for factor in relief.FACTORS
    ]


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _sentence(text: str) -> str:
    text = _one_line(text)
    return text if not text or text[-1] in ".!?:;)" else f"{text}."


NOT_WRITTEN = "(not written)"


def brief_markdown(brief: Mapping, sections: list[IracSection], heading_level: int = 1, quoted: bool = False) -> str:
    """Return BRIEF as a Markdown hand-in: heading, one IRAC block per factor, cited rows with sources and confidence.

    The brief's title is a heading of HEADING_LEVEL and each factor one level below; QUOTED puts the whole
    brief in a block quote, so that a lesson can show it nested as an example. Only the learner's words
    fill Issue, Application and Conclusion; the rule is marked as the kit's reference.
    """
    if not 1 <= heading_level <= 5:
        raise ValueError(f"heading_level must be 1 to 5, not {heading_level}")
    title, factor_heading = "#" * heading_level, "#" * (heading_level + 1)
    side = brief["side"]
    lines = [
        f"{title} Brief for {side}",
        "",
        f"*Parler LLC v. Amazon Web Services, Inc.*: motion for a preliminary injunction. "
        f"Counsel: {_one_line(brief['learner'])}. Saved {brief['saved_at']}.",
        "",
    ]
    if brief.get("written_for_kit"):
        lines += ["> Example brief written for the kit, not by a learner or a party.", ""]
    for number, section in enumerate(sections, start=1):
        lines += [f"{factor_heading} {number}. {section.label}", ""]
        if not section.argued:
            lines += ["Not argued.", ""]
            continue
        if section.issue:
            lines += [f"**Issue.** {_one_line(section.issue)}", ""]
        lines += [
            f"**Rule** (the kit's paraphrase, for reference). {section.rule}",
            "",
            f"**Application.** {_one_line(section.application) or NOT_WRITTEN}",
            "",
        ]
        for row in section.cited:
            flag = " **UNCERTAIN**" if row.confidence == "uncertain" else ""
            lines.append(
                f"- `{row.id}` ({row.kind}, {row.confidence}{flag}): {_sentence(row.text)} "
                f"Sources: {', '.join(row.source_ids)}."
            )
        if section.cited:
            lines.append("")
        lines += [f"**Conclusion.** {_one_line(section.conclusion) or NOT_WRITTEN}", ""]
        for warning in section.warnings:
            lines += [f"> Warning: this factor {warning}.", ""]
    lines += [
        f"{factor_heading} Overall conclusion",
        "",
        _one_line(brief.get("conclusion", "")) or "(no overall conclusion written)",
        "",
    ]
    if quoted:
        lines = [f"> {line}".rstrip() for line in lines]
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


# --- the bench's questions and the advocacy rubric ---------------------------------------------------

MIN_QUESTIONS_PER_FACTOR = 3
RUBRIC_LEVELS = (1, 2, 3)


class BenchError(ValueError):
    """The question bank, a draw or a rubric score sheet is malformed; the message says what is wrong."""


@dataclass(frozen=True)
class BenchQuestion:
    """One question of the bench's bank: its factor, whose counsel it is put to, and the rows it rests on."""

    id: str
    factor: str
    asks: str
    question: str
    rows: tuple[str, ...]
    source_ids: tuple[str, ...]
    confidence: str


def question_bank(rows: Iterable[Mapping], minimum: int = MIN_QUESTIONS_PER_FACTOR) -> dict[str, list[BenchQuestion]]:
    """Return factor -> its questions (in id order) from rows of the bench_questions dataset.

    BenchError if a factor is unknown or has fewer than MINIMUM questions, or an id repeats.
    """
    bank: dict[str, list[BenchQuestion]] = {f: [] for f in relief.FACTORS}
    seen = set()
    for row in rows:
        question = BenchQuestion(
            str(row["id"]),
            str(row["factor_id"]),
            str(row["asks"]),
            str(row["question"]),
            _ids(row["rows"]),
            _ids(row["source_ids"]),
            str(row["confidence"]),
        )
        if question.factor not in bank:
            raise BenchError(f"bench_questions: {question.id}: unknown factor {question.factor!r}")
        if question.id in seen:
            raise BenchError(f"bench_questions: question id {question.id!r} repeats")
        seen.add(question.id)
        bank[question.factor].append(question)
    short = [f"{f} ({len(q)})" for f, q in bank.items() if len(q) < minimum]
    if short:
        raise BenchError(f"bench_questions: fewer than {minimum} questions on {', '.join(short)}")
    return {f: sorted(q, key=lambda item: item.id) for f, q in bank.items()}


def draw_bench_questions(
    bank: Mapping[str, list[BenchQuestion]], bench: str, per_factor: int = 1
) -> dict[str, list[BenchQuestion]]:
    """Return factor -> PER_FACTOR questions drawn for BENCH (its name is the seed), in the order drawn.

    The same bench name always draws the same questions, whatever the order of BANK's lists (they are
    sorted by id first); different names usually draw different ones. The name is compared with
    surrounding spaces removed and case ignored ("Bench 1" = "bench 1 "). BenchError for an empty name,
    PER_FACTOR below 1, or more than a factor holds.
    """
    name = " ".join(str(bench or "").split()).casefold()
    if not name:
        raise BenchError("type the bench's name: it decides which questions the bench draws")
    if isinstance(per_factor, bool) or not isinstance(per_factor, int) or per_factor < 1:
        raise BenchError(f"questions per factor must be a whole number of at least 1, not {per_factor!r}")
    drawn = {}
    for factor in relief.FACTORS:
        questions = sorted(bank.get(factor, []), key=lambda item: item.id)
        if per_factor > len(questions):
            raise BenchError(f"{factor} has {len(questions)} questions in the bank; cannot draw {per_factor}")
        drawn[factor] = random.Random(f"casekit-bench|{name}|{factor}").sample(questions, per_factor)
    return drawn


def questions_text(drawn: Mapping[str, list[BenchQuestion]], labels: Mapping[str, str], bench: str = "") -> str:
    """Return drawn questions as plain text: per factor, whom each is put to, the question, its rows and confidence."""
    lines = [f"Questions for the bench{f' ({bench.strip()})' if bench.strip() else ''}, factor by factor:"]
    for factor in relief.FACTORS:
        if not drawn.get(factor):
            continue
        lines.append(f"{labels.get(factor, factor)}")
        for q in drawn[factor]:
            to = "either counsel" if q.asks == "both" else f"counsel for {q.asks}"
            lines.append(f"- To {to}: {q.question} (rows: {', '.join(q.rows)}; {q.confidence})")
    return "\n".join(lines)


@dataclass(frozen=True)
class Criterion:
    """One criterion of the advocacy rubric, with what each level (1 to 3) looks like."""

    id: str
    name: str
    question: str
    levels: tuple[str, str, str]


def rubric_criteria(rows: Iterable[Mapping]) -> list[Criterion]:
    """Return the rubric's criteria, in their `order`, from rows of the advocacy_rubric dataset."""
    ordered = sorted(rows, key=lambda row: (int(row["order"]), str(row["id"])))
    return [
        Criterion(
            str(r["id"]), str(r["criterion"]), str(r["question"]), tuple(str(r[f"level_{n}"]) for n in RUBRIC_LEVELS)
        )
        for r in ordered
    ]


def advocacy_score(scores: Mapping[str, int], criteria: list[Criterion]) -> tuple[int, int]:
    """Return (total, most possible) of one counsel's SCORES (criterion id -> 1, 2 or 3) on CRITERIA.

    BenchError names a criterion left unscored, one the rubric does not have, or a score off the scale.
    """
    known = [c.id for c in criteria]
    unknown = [c for c in scores if c not in known]
    if unknown:
        raise BenchError(f"not a criterion of the rubric: {', '.join(map(str, unknown))}")
    missing = [c for c in known if c not in scores]
    if missing:
        raise BenchError(f"score every criterion; not scored: {', '.join(missing)}")
    for criterion, score in scores.items():
        if isinstance(score, bool) or score not in RUBRIC_LEVELS:
            raise BenchError(f"{criterion}: {score!r} is not a score of 1, 2 or 3")
    return sum(scores.values()), max(RUBRIC_LEVELS) * len(criteria)


def rubric_sheet_markdown(criteria: list[Criterion], counsel: Iterable[str] = SIDES) -> str:
    """Return the printable score sheet: each criterion with its three levels, and a box per counsel to score."""
    counsel = list(counsel)
    lines = [
        "| criterion | 1 (beginning) | 2 (developing) | 3 (strong) | "
        + " | ".join(f"{c}: score" for c in counsel)
        + " |",
        "|---|---|---|---|" + "---|" * len(counsel),
    ]
    for c in criteria:
        cells = [f"**{c.name}**: {c.question}", *c.levels, *(["  /3"] * len(counsel))]
        lines.append("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")
    most = max(RUBRIC_LEVELS) * len(criteria)
    lines.append("| **Total** | | | | " + " | ".join([f"  /{most}"] * len(counsel)) + " |")
    return "\n".join(lines)
