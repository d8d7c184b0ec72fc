"""`casekit class-results DIR --out DIR`: how a class weighed the motion, beside the court.

Reads every file under DIR (learners' hand-ins): lesson 01 reasoning records, lesson 02 readings and
lesson 04 evidence judgements (docs/reasoning-schema.md), lesson 05 briefs and bench memos
(docs/brief-schema.md) and lesson 03 label files (`casekit.labels/1`). Files that do not validate are listed with the reason and
skipped; when one learner handed in several files of one kind, the latest (`saved_at`, then file
name) counts and the others are listed. Nothing under DIR is changed.

It reports each factor's distribution of ratings beside the court's reading, the class's PRE-REVEAL
split (each learner's first committed judgement, before the widget showed the court's finding:
lesson 01 ratings, lesson 02 readings, lesson 04 evidence judgements) beside the court's, the share of
the class granting relief under each test, the most-cited argument and evidence rows, the factors
that split the class most, and the reasons learners chose to share ("share my reasons", off by
default; shown without names); and writes, under --out, a pseudonymous CSV (no names, no free text),
a private key from pseudonym to name, and a self-contained HTML report (plotly.js from the
installed plotly package, inlined; no network) to project. An existing file is never
overwritten: a new name (`-2`, `-3`, ...) is chosen instead.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import plotly.graph_objects as go

from casekit.classroom import labels as moderation_class
from casekit.classroom import showcase
from casekit.classroom.files import KIND_WORDS, ClassFiles, Submission
from casekit.paths import LESSONS
from casekit.topics.antitrust import reasoning as antitrust
from casekit.topics.commitments import shared_reasons
from casekit.topics.contract import reasoning as contract
from casekit.topics.moderation import reasoning as moderation
from casekit.topics.moot import reasoning as moot
from casekit.topics.relief import reasoning as relief
from casekit.ui.theme import CONFIDENCE_WORDS, OKABE_ITO, PLOTLY_CONFIG, base_layout

KINDS = {  # schema -> kind
    relief.RECORD_SCHEMA: "reasoning",
    contract.RECORD_SCHEMA: "readings",
    antitrust.EVIDENCE_SCHEMA: "evidence",
    moot.BRIEF_SCHEMA: "brief",
    moot.MEMO_SCHEMA: "memo",
    moderation.LABELS_SCHEMA: "labels",
}
RATED_KINDS = ("reasoning", "memo")  # the kinds that rate the six factors
TESTS = (
    ("winter", "Winter four-factor test"),
    ("sliding_scale", "Ninth Circuit sliding scale"),
    ("granted", "either test (relief granted)"),
)
SIDE_OF = {2: "Parler", 1: "Parler", 0: "balanced", -1: "AWS", -2: "AWS"}
CSV_NAME, KEY_NAME, HTML_NAME = "class-results.csv", "pseudonym-key.csv", "class-results.html"


# --- reading ------------------------------------------------------------------------------------


def check_file(record: object, where: str, arguments=None, evidence=None, post_ids=None, evidence_items=None) -> str:
    """Return the kind of a saved RECORD after validating it, or raise ValueError naming WHERE and the fault.

    EVIDENCE_ITEMS (the ids of the kit's antitrust_evidence rows), if given, are the items a lesson 04 record
    must judge."""
    schema = record.get("schema") if isinstance(record, dict) else None
    kind = KINDS.get(schema) if isinstance(schema, str) else None
    if not isinstance(record, dict):
        raise ValueError(f"{where}: not a JSON object, so not a casekit file")
    if kind is None:
        raise ValueError(
            f"{where}: not a casekit file this command reads (schema {schema!r}; expected one of {', '.join(KINDS)})"
        )
    if kind == "reasoning":
        relief.validate_record(record, where, arguments)
    elif kind == "readings":
        contract.validate_readings_record(record, where)
    elif kind == "evidence":
        antitrust.validate_evidence_record(record, where, evidence_items)
    elif kind == "brief":
        moot.validate_brief(record, where, arguments, evidence)
    elif kind == "memo":
        moot.validate_memo(record, where)
    else:
        moderation_class.check_labels(record, where, post_ids)
    return kind


def read_folder(
    folder: Path, exclude: Path | None = None, arguments=None, evidence=None, post_ids=None, evidence_items=None
) -> ClassFiles:
    """Read every file under FOLDER (except under EXCLUDE); keep valid ones (latest per learner and kind)."""
    folder = Path(folder)
    found = ClassFiles()
    skip_under = Path(exclude).resolve() if exclude is not None else None
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if skip_under is not None and skip_under in path.resolve().parents:
            continue
        name = str(path.relative_to(folder))
        if path.suffix.lower() != ".json":
            reason = (
                "a brief's Markdown hand-in (its JSON file is what counts)"
                if path.suffix.lower() == ".md"
                else "not a .json file"
            )
            found.skipped.append((path, reason))
            continue
        found.read(
            path,
            name,
            lambda record, where: check_file(record, where, arguments, evidence, post_ids, evidence_items),
        )
    return found


def pseudonyms(learners) -> dict[str, str]:
    """Return learner -> pseudonym ("P01", ...) in the order of each name's SHA-256, not alphabetical."""
    ordered = sorted(set(learners), key=lambda n: hashlib.sha256(n.encode("utf-8")).hexdigest())
    width = max(2, len(str(len(ordered))))
    return {name: f"P{i:0{width}d}" for i, name in enumerate(ordered, start=1)}


# --- aggregating ----------------------------------------------------------------------------------


def rating_distribution(submissions: list[Submission]) -> dict[str, dict[int, int]]:
    """Return factor -> {rating: count} over SUBMISSIONS that rate the factors."""
    dist = {f: {v: 0 for v in relief.SCALE} for f in relief.FACTORS}
    for s in submissions:
        for factor in relief.FACTORS:
            dist[factor][s.record["assessments"][factor]] += 1
    return dist


def pre_reveal_distribution(submissions: list[Submission]) -> dict[str, dict[int, int]]:
    """Return factor -> {rating: count} of the lesson 01 ratings as first committed, before the court's finding on
    that factor was shown (relief.pre_reveal_assessments); a record counts only for the factors it committed."""
    dist = {f: {v: 0 for v in relief.SCALE} for f in relief.FACTORS}
    for s in submissions:
        if s.kind == "reasoning":
            for factor, rating in relief.pre_reveal_assessments(s.record).items():
                dist[factor][rating] += 1
    return dist


@dataclass(frozen=True)
class ItemSplit:
    """How the class judged one item (a lesson 02 question or a lesson 04 evidence item): first committed
    judgements (pre-reveal) and final ones, each value -> count, beside the court's answer in words."""

    item: str
    label: str
    first: dict[str, int]
    final: dict[str, int]
    court: str


def item_splits(
    submissions: list[Submission], field_name: str, labels: dict[str, str], values, court: dict[str, str]
) -> list[ItemSplit]:
    """Return one ItemSplit per item of LABELS over SUBMISSIONS: `pre_reveal` for the first judgements (only where
    committed), FIELD_NAME for the final ones (None, an undecided reading, is not counted); VALUES in order."""
    out = []
    for item, label in labels.items():
        first = {v: 0 for v in values}
        final = {v: 0 for v in values}
        for s in submissions:
            committed = (s.record.get("pre_reveal") or {}).get(item)
            if committed in first:
                first[committed] += 1
            chosen = (s.record.get(field_name) or {}).get(item)
            if chosen in final:
                final[chosen] += 1
        out.append(ItemSplit(item, label, first, final, court.get(item, "not recorded")))
    return out


def class_reasons(submissions: list[Submission], labels: dict[str, str]) -> dict[str, list[str]]:
    """Return item label -> the reasons learners chose to share (share_reasons true), in LABELS' order; no names."""
    found: dict[str, list[str]] = {}
    for s in submissions:
        for item, reason in shared_reasons(s.record).items():
            found.setdefault(item, []).append(reason)
    return {labels[i]: sorted(found[i]) for i in labels if i in found}


def grant_shares(submissions: list[Submission]) -> dict[str, tuple[int, int]]:
    """Return test -> (how many grant, how many rated), recomputing each outcome with relief.weigh."""
    outcomes = [relief.weigh(s.record["assessments"]) for s in submissions]
    counts = {
        "winter": sum(o.winter.granted for o in outcomes),
        "sliding_scale": sum(o.sliding_scale.granted for o in outcomes),
        "granted": sum(o.granted for o in outcomes),
    }
    return {test: (counts[test], len(outcomes)) for test, _ in TESTS}


def cited_ids(submission: Submission) -> list[str]:
    """Return the argument and evidence ids a brief or a reasoning record relies on (each once per file)."""
    record = submission.record
    if submission.kind == "brief":
        ids = [
            i for entry in record["factors"].values() for key in ("arguments", "evidence") for i in entry.get(key, [])
        ]
    elif submission.kind == "reasoning" and isinstance(record.get("choices"), dict):
        ids = [i for entry in record["choices"].values() for i in (entry or {}).get("arguments", [])]
    else:
        ids = []
    return list(dict.fromkeys(ids))


def most_cited(submissions: list[Submission], n: int = 10) -> list[tuple[str, int]]:
    """Return the N most-cited row ids with the number of files citing each (ties: id order)."""
    counts = Counter(i for s in submissions for i in cited_ids(s))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]


@dataclass(frozen=True)
class FactorSplit:
    """How the class divided on one factor: counts per side, and how split it is (0 = all on one side)."""

    factor: str
    sides: dict[str, int]
    rated: int
    division: float
    spread: float  # standard deviation of the ratings


def factor_splits(distribution: dict[str, dict[int, int]]) -> list[FactorSplit]:
    """Return every factor's split, most divided first (division = 1 - the largest side's share; then spread)."""
    out = []
    for factor, counts in distribution.items():
        rated = sum(counts.values())
        sides = {"Parler": 0, "balanced": 0, "AWS": 0}
        for value, count in counts.items():
            sides[SIDE_OF[value]] += count
        division = 1 - max(sides.values()) / rated if rated else 0.0
        mean = sum(v * c for v, c in counts.items()) / rated if rated else 0.0
        spread = (sum(c * (v - mean) ** 2 for v, c in counts.items()) / rated) ** 0.5 if rated else 0.0
        out.append(FactorSplit(factor, sides, rated, division, spread))
    order = {f: i for i, f in enumerate(relief.FACTORS)}
    return sorted(out, key=lambda s: (-s.division, -s.spread, order[s.factor]))


def court_reading(findings: dict[str, str]) -> dict[str, tuple[int, str]]:
    """Return factor -> (the kit's rating of the court's finding, words), 'record uncertain' where unclear."""
    ratings = relief.court_assessments(findings)
    return {f: (ratings[f], relief.describe_court(f, findings.get(f, "unclear"))) for f in relief.FACTORS}


@dataclass
class ClassResults:
    """Everything the report shows, computed from a ClassFiles and the datasets."""

    files: ClassFiles
    labels: dict[str, str]  # factor id -> label
    court: dict[str, tuple[int, str]]
    rated: dict[str, list[Submission]]  # "all", "reasoning", "memo"
    distribution: dict[str, dict[int, int]]
    shares: dict[str, dict[str, tuple[int, int]]]
    cited: list[tuple[str, int]]
    splits: list[FactorSplit]
    sides: dict[str, int]  # briefs per side
    row_text: dict[str, tuple[str, str]]  # id -> (text, confidence)
    label_splits: list = field(default_factory=list)
    pre_reveal: dict[str, dict[int, int]] = field(default_factory=dict)  # factor -> {rating: count}, first ratings
    readings: list[ItemSplit] = field(default_factory=list)  # lesson 02, per question
    evidence: list[ItemSplit] = field(default_factory=list)  # lesson 04, per item
    reasons: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # lesson -> item label -> shared reasons


def summarise(
    files: ClassFiles,
    labels: dict[str, str],
    findings: dict[str, str],
    row_text: dict[str, tuple[str, str]],
    posts=None,
    top: int = 10,
    readings: tuple[dict[str, str], dict[str, str]] | None = None,
    evidence_items: tuple[dict[str, str], dict[str, str]] | None = None,
) -> ClassResults:
    """Return the class results of FILES: distributions (final and pre-reveal), grant shares, most-cited rows,
    splits, lesson 02 and 04 splits and shared reasons.

    READINGS and EVIDENCE_ITEMS are (item id -> label, item id -> the court's answer in words) for lesson 02's
    questions and lesson 04's evidence items (load_results reads them from the datasets)."""
    rated = {"all": files.of(*RATED_KINDS), **{k: files.of(k) for k in RATED_KINDS}}
    distribution = rating_distribution(rated["all"])
    shares = {k: grant_shares(v) for k, v in rated.items() if v and (k != "all" or len({s.kind for s in v}) > 1)}
    briefs = files.of("brief")
    sides = Counter(s.record["side"] for s in briefs)
    results = ClassResults(
        files,
        labels,
        court_reading(findings),
        rated,
        distribution,
        shares,
        most_cited(files.of("brief", "reasoning"), top),
        factor_splits(distribution),
        {side: sides.get(side, 0) for side in moot.SIDES},
        row_text,
    )
    label_files = files.of("labels")
    if label_files and posts is not None:
        records = {s.learner: s.record for s in label_files}
        results.label_splits = moderation_class.most_divisive(moderation_class.splits(records, posts), 5)
    results.pre_reveal = pre_reveal_distribution(files.of("reasoning"))
    if readings is not None and files.of("readings"):
        labels_q, court_q = readings
        results.readings = item_splits(files.of("readings"), "choices", labels_q, contract.READINGS, court_q)
    if evidence_items is not None and files.of("evidence"):
        labels_e, court_e = evidence_items
        results.evidence = item_splits(files.of("evidence"), "judgements", labels_e, antitrust.JUDGEMENTS, court_e)
    for kind, item_labels in (
        ("reasoning", labels),
        ("readings", readings[0] if readings else {}),
        ("evidence", evidence_items[0] if evidence_items else {}),
    ):
        shared = class_reasons(files.of(kind), item_labels)
        if shared:
            results.reasons[KIND_WORDS[kind]] = shared
    return results


def court_ruling(results: ClassResults) -> str:
    """Return how both tests come out on the kit's reading of the court's findings, in words."""
    outcome = relief.weigh({f: rating for f, (rating, _) in results.court.items()})
    return "; ".join(
        f"{words}: {'granted' if getattr(outcome, test).granted else 'denied'}" for test, words in TESTS[:2]
    )


def _share_words(pair: tuple[int, int]) -> str:
    granted, rated = pair
    return f"{granted} of {rated} ({granted / rated:.0%})" if rated else "no ratings"


def summary_lines(results: ClassResults, show_names: bool = True) -> list[str]:
    """Return the report as text (SHOW_NAMES: list skipped files by name; off for a projected report)."""
    kept = Counter(s.kind for s in results.files.kept.values())
    lines = [
        "Files that count: "
        + (", ".join(f"{kept[k]} {KIND_WORDS[k]}" for k in KIND_WORDS if kept[k]) or "none")
        + f"; {len(results.files.skipped)} file(s) skipped."
    ]
    for number, (path, reason) in enumerate(results.files.skipped, start=1):
        lines.append(f"  skipped {path.name if show_names else f'file {number}'}: {reason}")
    lines.append("")
    if results.rated["all"]:
        lines.append(
            f"Ratings of the six factors ({len(results.rated['all'])} files: reasoning records and bench memos), "
            "-2 strongly AWS ... +2 strongly Parler, beside the court's reading:"
        )
        for factor in relief.FACTORS:
            counts = results.distribution[factor]
            spread = ", ".join(f"{relief.signed(v)}: {counts[v]}" for v in relief.SCALE)
            rating, words = results.court[factor]
            lines.append(f"- {results.labels[factor]}: {spread}. Court: {words}.")
        lines.append("")
        lines.append("Share of the class granting relief:")
        for kind, shares in results.shares.items():
            name = "all rated files" if kind == "all" else KIND_WORDS[kind]
            lines.append(f"- {name}: " + "; ".join(f"{words}: {_share_words(shares[test])}" for test, words in TESTS))
        lines.append(f"- the court (the kit's reading of its findings): {court_ruling(results)}.")
        lines.append("")
        lines.append("Factors that split the class most (share not on the largest side):")
        for s in results.splits:
            lines.append(
                f"- {results.labels[s.factor]}: {s.sides['Parler']} Parler, {s.sides['balanced']} balanced, "
                f"{s.sides['AWS']} AWS (split {s.division:.0%})"
            )
    else:
        lines.append("No reasoning records or bench memos: no ratings to show.")
    if results.files.of("memo"):  # lesson 05: two benches whose rulings differ, for the whole class to hear
        lines.append("")
        lines.append(showcase.pick_showcase(results.files.of("memo"), results.labels).message)
    lines += pre_reveal_lines(results)
    lines.append("")
    if results.cited:
        lines.append("Most-cited rows (number of files citing each, from briefs and reasoning records):")
        for row_id, count in results.cited:
            text, confidence = results.row_text.get(row_id, ("(not in this kit's datasets)", "unknown"))
            flag = " [UNCERTAIN]" if confidence == "uncertain" else ""
            lines.append(f"- {row_id} ({count}): {text}{flag}")
    else:
        lines.append("No brief or reasoning record cites any row.")
    if any(results.sides.values()):
        lines.append(f"Briefs: {results.sides['Parler']} for Parler, {results.sides['AWS']} for AWS.")
    if results.label_splits:
        lines.append("")
        lines.append("Lesson 03: posts that divide the class most:")
        for s in results.label_splits:
            lines.append(f"- {s.post}: " + ", ".join(f"{s.counts[k]} {k}" for k in moderation.LABELS))
    if results.reasons:
        lines.append("")
        lines.append("Reasons learners chose to share (only files with 'share my reasons' ticked; no names):")
        for kind, items in results.reasons.items():
            for item, reasons in items.items():
                lines.append(f"- {kind}, {item}: " + " | ".join(reasons))
    return lines


def _counts(counts: dict, words: dict) -> str:
    return ", ".join(f"{words.get(k, k)} {n}" for k, n in counts.items())


def pre_reveal_lines(results: ClassResults) -> list[str]:
    """Return the pre-reveal part of the report in words: first committed judgements beside the court's."""
    lines: list[str] = []
    reasoning = results.files.of("reasoning")
    if reasoning:
        lines.append("")
        committed = {f: sum(c.values()) for f, c in results.pre_reveal.items()}
        if any(committed.values()):
            lines.append(
                "Lesson 01, before the court was shown: each learner's FIRST committed rating on a factor "
                "(saved with a reason before the widget opened the court's finding), beside the court's reading:"
            )
            for factor in relief.FACTORS:
                sides = {"Parler": 0, "balanced": 0, "AWS": 0}
                for value, count in results.pre_reveal[factor].items():
                    sides[SIDE_OF[value]] += count
                lines.append(
                    f"- {results.labels[factor]}: {sides['Parler']} Parler, {sides['balanced']} balanced, "
                    f"{sides['AWS']} AWS (of {committed[factor]} committed). Court: {results.court[factor][1]}."
                )
        else:
            lines.append(
                "Lesson 01: no reasoning record holds a first (pre-reveal) rating (saved before the kit kept them, "
                "or no factor was committed), so there is no pre-reveal split."
            )
    for title, splits, words in (
        ("Lesson 02 readings", results.readings, READING_WORDS),
        ("Lesson 04 evidence judgements", results.evidence, antitrust.JUDGEMENTS),
    ):
        if not splits:
            continue
        lines.append("")
        lines.append(f"{title}: first committed (before the court's answer was shown) and final, beside the court's:")
        for split in splits:
            lines.append(
                f"- {split.label}: first: {_counts(split.first, words)} (of {sum(split.first.values())} committed); "
                f"final: {_counts(split.final, words)}. Court: {split.court}."
            )
    return lines


READING_WORDS = {"parler": "Parler's reading", "aws": "AWS's reading"}


# --- figures ----------------------------------------------------------------------------------------


def distribution_figure(results: ClassResults) -> go.Figure:
    """Return a grid: one row per factor, one column per rating, bubble size and label = how many chose it;
    the court's reading as a black diamond (an open cross where the record is uncertain)."""
    fig = go.Figure()
    factors = list(relief.FACTORS)
    ys = [results.labels[f] for f in factors]
    xs, y, sizes, text = [], [], [], []
    biggest = max([c for f in factors for c in results.distribution[f].values()] + [1])
    for factor in factors:
        for value, count in results.distribution[factor].items():
            if count:
                xs.append(value)
                y.append(results.labels[factor])
                sizes.append(14 + 24 * count / biggest)
                text.append(str(count))
    for uncertain, name, symbol in (
        (False, "the court (the kit's reading)", "diamond-open"),
        (True, "record uncertain (drawn at 0)", "x-open"),
    ):
        chosen = [f for f in factors if (results.court[f][1].startswith("record uncertain")) == uncertain]
        if chosen:
            fig.add_trace(
                go.Scatter(
                    x=[results.court[f][0] for f in chosen],
                    y=[results.labels[f] for f in chosen],
                    mode="markers",
                    name=name,
                    marker=dict(symbol=symbol, size=46, color="#000000", line=dict(width=3)),
                    hovertext=[results.court[f][1] for f in chosen],
                    hovertemplate="%{y}<br>court: %{hovertext}<extra></extra>",
                )
            )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=y,
            mode="markers+text",
            text=text,
            textposition="middle center",
            name="learners (number)",
            marker=dict(size=sizes, color=OKABE_ITO[4], line=dict(color="#000000", width=1)),
            hovertemplate="%{y}<br>rating %{x}: %{text} learner(s)<extra></extra>",
        )
    )
    fig.update_xaxes(
        tickvals=list(relief.SCALE),
        range=[-2.6, 2.6],
        ticktext=["−2 strongly AWS", "−1 AWS", "0 balanced", "+1 Parler", "+2 strongly Parler"],
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(ys)))
    return base_layout(fig, "How the class rated each factor, beside the court", height=560)


def shares_figure(results: ClassResults) -> go.Figure:
    """Return bars: the share of each group granting relief under each test, labelled 'n of N (p%)'."""
    fig = go.Figure()
    patterns = {"all": "", "reasoning": "/", "memo": "."}
    for i, (kind, shares) in enumerate(results.shares.items()):
        name = "all rated files" if kind == "all" else KIND_WORDS[kind]
        fig.add_trace(
            go.Bar(
                x=[words for _, words in TESTS],
                y=[100 * g / n if n else 0 for g, n in (shares[t] for t, _ in TESTS)],
                text=[_share_words(shares[t]) for t, _ in TESTS],
                textposition="outside",
                name=name,
                marker=dict(
                    color=OKABE_ITO[i], line=dict(color="#000000", width=1), pattern=dict(shape=patterns.get(kind, ""))
                ),
            )
        )
    fig.update_yaxes(title="% granting relief", range=[0, 115])
    return base_layout(
        fig,
        "Share of the class granting relief, under each test "
        f"(the court: {'granted' if relief.weigh({f: r for f, (r, _) in results.court.items()}).granted else 'denied'})",
        height=420,
    )


def cited_figure(results: ClassResults) -> go.Figure:
    """Return horizontal bars: the most-cited rows, with their confidence in the label."""
    rows = list(reversed(results.cited))
    labels = [f"{i} ({results.row_text.get(i, ('', 'unknown'))[1]})" for i, _ in rows]
    fig = go.Figure(
        go.Bar(
            x=[c for _, c in rows],
            y=labels,
            orientation="h",
            text=[str(c) for _, c in rows],
            textposition="outside",
            marker=dict(color=OKABE_ITO[0], line=dict(color="#000000", width=1)),
            hovertext=[results.row_text.get(i, ("", ""))[0] for i, _ in rows],
            hovertemplate="%{y}: %{x} file(s)<br>%{hovertext}<extra></extra>",
        )
    )
    fig.update_xaxes(title="files citing the row")
    return base_layout(fig, "Most-cited rows (briefs and reasoning records)", height=max(300, 34 * len(rows) + 140))


# --- writing --------------------------------------------------------------------------------------


def free_path(path: Path) -> Path:
    """Return PATH, or PATH with -2, -3, ... before its suffix if a file of that name exists (never overwrite)."""
    path = Path(path)
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def csv_rows(results: ClassResults, codes: dict[str, str]) -> list[dict]:
    """Return one pseudonymous row per submission that counts: no names, no file names, no free text."""
    rows = []
    for s in sorted(results.files.kept.values(), key=lambda s: (codes[s.learner], s.kind)):
        row = {
            "pseudonym": codes[s.learner],
            "kind": s.kind,
            "saved_at": s.saved_at,
            "kit_version": s.record.get("kit_version", ""),
            "side": s.record.get("side", ""),
        }
        if s.kind == "reasoning":
            row.update({f"first_{f}": v for f, v in relief.pre_reveal_assessments(s.record).items()})
        if s.kind in RATED_KINDS:
            a = s.record["assessments"]
            outcome = relief.weigh(a)
            row.update({f: a[f] for f in relief.FACTORS})
            row.update(
                winter=outcome.winter.granted, sliding_scale=outcome.sliding_scale.granted, granted=outcome.granted
            )
        row["cited"] = ";".join(cited_ids(s))
        row["labelled_posts"] = len(s.record["labels"]) if s.kind == "labels" else ""
        rows.append(row)
    return rows


CSV_COLUMNS = [
    "pseudonym",
    "kind",
    "saved_at",
    "kit_version",
    "side",
    *relief.FACTORS,
    *(f"first_{f}" for f in relief.FACTORS),
    "winter",
    "sliding_scale",
    "granted",
    "cited",
    "labelled_posts",
]


def write_outputs(results: ClassResults, out: Path) -> dict[str, Path]:
    """Write the CSV, the pseudonym key and the HTML report under OUT (never overwriting); return their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    codes = pseudonyms(s.learner for s in results.files.kept.values())
    paths = {"csv": free_path(out / CSV_NAME), "key": free_path(out / KEY_NAME), "html": free_path(out / HTML_NAME)}
    with paths["csv"].open("x", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(csv_rows(results, codes))
    with paths["key"].open("x", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["pseudonym", "learner"])
        writer.writerows(sorted((code, name) for name, code in codes.items()))
    with paths["html"].open("x", encoding="utf-8") as handle:
        handle.write(report_html(results))
    return paths


def _figure_div(fig: go.Figure, div_id: str) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config=PLOTLY_CONFIG)


def report_html(results: ClassResults) -> str:
    """Return the whole report as one offline HTML page: plotly.js inlined, each figure with its text beside it."""
    from plotly.offline import get_plotlyjs

    text = summary_lines(results, show_names=False)
    sections = []
    if results.rated["all"]:
        sections.append(("How the class rated each factor", _figure_div(distribution_figure(results), "ratings")))
        sections.append(("Share of the class granting relief", _figure_div(shares_figure(results), "shares")))
    if results.cited:
        sections.append(("Most-cited rows", _figure_div(cited_figure(results), "cited")))
    if any(sum(c.values()) for c in results.pre_reveal.values()):
        sections.append(("Before the court was shown: first ratings beside the court's", pre_reveal_table(results)))
    if results.reasons:
        sections.append(("Reasons learners chose to share (no names)", reasons_html(results)))
    body = "".join(f"<section><h2>{html.escape(title)}</h2>{div}</section>" for title, div in sections)
    legend = "; ".join(f"{level}: {words}" for level, words in CONFIDENCE_WORDS.items())
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>casekit: class results</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:72em;margin:1em auto;padding:0 1em;"
        "line-height:1.45;color:#000}pre{white-space:pre-wrap;font-family:inherit;font-size:1.05em}"
        "section{margin:1.5em 0}</style>"
        f"<script>{get_plotlyjs()}</script></head><body>"
        "<h1>Class results: <i>Parler v. AWS</i>, the motion for a preliminary injunction</h1>"
        "<p>Learners appear only as pseudonyms. The court's reading is the kit's reading of the court's "
        "findings: a clear finding counts as strong; where the record shows no clear finding "
        "(irreparable harm: the order's conclusion does not mention it) it is drawn at 0 and marked "
        f"uncertain. Confidence marks: {html.escape(legend)}.</p>"
        f"<section><h2>Summary in words</h2><pre>{html.escape(chr(10).join(text))}</pre></section>"
        f"{body}</body></html>\n"
    )


def pre_reveal_table(results: ClassResults) -> str:
    """Return the lesson 01 pre-reveal split as an HTML table: per factor, first ratings by side beside the court."""
    rows = []
    for factor in relief.FACTORS:
        sides = {"Parler": 0, "balanced": 0, "AWS": 0}
        for value, count in results.pre_reveal[factor].items():
            sides[SIDE_OF[value]] += count
        rows.append(
            f"<tr><th scope='row'>{html.escape(results.labels[factor])}</th>"
            + "".join(f"<td>{sides[k]}</td>" for k in ("Parler", "balanced", "AWS"))
            + f"<td>{html.escape(results.court[factor][1])}</td></tr>"
        )
    return (
        "<table border='1' cellpadding='4' style='border-collapse:collapse;text-align:left'><caption "
        "style='text-align:left'>Each learner's first committed rating, saved with a reason before the court's "
        "finding on that factor was shown (lesson 01)</caption><thead><tr><th scope='col'>Factor</th>"
        "<th scope='col'>for Parler</th><th scope='col'>balanced</th><th scope='col'>for AWS</th>"
        "<th scope='col'>The court (the kit's reading)</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def reasons_html(results: ClassResults) -> str:
    """Return the shared reasons as HTML lists (escaped), grouped by lesson and item; never a name."""
    parts = []
    for kind, items in results.reasons.items():
        parts.append(f"<h3>{html.escape(kind)}</h3>")
        for item, reasons in items.items():
            parts.append(
                f"<p><b>{html.escape(item)}</b></p><ul>"
                + "".join(f"<li>{html.escape(r)}</li>" for r in reasons)
                + "</ul>"
            )
    return "".join(parts)


def load_results(folder: Path, exclude: Path | None = None) -> ClassResults:
    """Read FOLDER against the kit's datasets and return its ClassResults."""
    from casekit import data

    arguments, evidence = moot.load_catalogues()
    posts = data.load("synthetic_posts")
    items = data.load("antitrust_evidence")
    files = read_folder(folder, exclude, arguments, evidence, set(posts.index), list(items.index))
    factors = data.load("relief_factors").set_index("id", drop=False)
    labels = {f: str(factors.loc[f, "label"]) for f in relief.FACTORS}
    findings = moot.court_findings_by_factor(data.load("court_findings").to_dict("records"))
    row_text = {i: (str(r["argument"]), str(r["confidence"])) for i, r in arguments.items()}
    row_text.update({i: (str(r["text"]), str(r["confidence"])) for i, r in evidence.items()})
    questions = contract.questions()
    readings = (
        {q.id: q.question for q in questions},
        {q.id: READING_WORDS.get(q.court_reading, "not decided, as reported") for q in questions},
    )
    evidence_items = (
        items["item"].astype(str).to_dict(),
        {i: antitrust.TREATMENT_WORDS[str(t)] for i, t in items["court_treatment"].items()},
    )
    return summarise(files, labels, findings, row_text, posts, readings=readings, evidence_items=evidence_items)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit class-results`."""
    parser.add_argument("folder", type=Path, help="folder of learners' saved files (reasoning, briefs, memos, labels)")
    parser.add_argument(
        "--out", type=Path, required=True, help="folder for the CSV, the pseudonym key and the HTML report"
    )


def run(args: argparse.Namespace) -> int:
    """Print the report and write the files; exit 1 if the folder is missing or holds no file that counts."""
    if not args.folder.is_dir():
        print(f"{args.folder}: no such folder (give the folder holding the learners' saved files)")
        return 1
    results = load_results(args.folder, exclude=args.out)
    print("\n".join(summary_lines(results)))
    if not results.files.kept:
        print("No file that counts: nothing written.")
        return 1
    paths = write_outputs(results, args.out)
    print(
        f"\nWritten: {paths['csv']} (pseudonymous), {paths['html']} (to project), "
        f"{paths['key']} (pseudonym -> name: keep it private)"
    )
    return 0


def write_demo_class(folder: Path, learners: int = 24, seed: int = 2021) -> Path:
    """Write a DEMO class into FOLDER (generated by the kit, labelled so): reasoning records (with first, pre-reveal
    ratings and demo reasons, some shared), lesson 02 readings and lesson 04 evidence records, bench memos, the two
    example briefs, one older duplicate and one broken file. For trying the report without a class."""
    import random

    import casekit
    from casekit import data

    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lean = {
        "success_sherman": -1.5,
        "success_contract": 0.4,
        "success_tortious": -1.2,
        "irreparable_harm": 0.9,
        "balance_of_equities": 0.1,
        "public_interest": -0.1,
    }  # a class leaning as many first readings do

    def ratings() -> dict[str, int]:
        return {f: max(-2, min(2, round(rng.gauss(lean[f], 1.0)))) for f in relief.FACTORS}

    note = "Demo record generated by the kit to show the report; not a learner's work."
    reason = "Demo reason generated by the kit; not a learner's work."
    court = relief.court_assessments(moot.court_findings_by_factor(data.load("court_findings").to_dict("records")))
    for n in range(1, learners + 1):
        first = ratings()
        # after the reveal some learners move one step toward the court's reading (the demo's assumption)
        final = {
            f: v + (1 if court[f] > v else -1 if court[f] < v else 0) if rng.random() < 0.3 else v
            for f, v in first.items()
        }
        committed = [f for f in relief.FACTORS if rng.random() < 0.85]
        record = relief.reasoning_record(
            f"Demo learner {n:02d}",
            final,
            note,
            f"2026-03-04T10:{n:02d}:00+00:00",
            casekit.__version__,
            commitments={
                "pre_reveal": {f: first[f] for f in committed},
                "reasons": {f: reason for f in committed},
                "share_reasons": n % 3 == 0,
            },
        )
        (folder / f"demo-reasoning-{n:02d}.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    questions = [q.id for q in contract.questions()]
    evidence_items = list(data.load("antitrust_evidence").index)
    for n in range(1, max(2, learners // 3) + 1):
        first = {q: rng.choice(contract.READINGS) for q in questions}
        final = {q: "aws" if rng.random() < 0.3 else v for q, v in first.items()}
        readings = contract.readings_record(
            f"Demo reader {n}",
            final,
            note,
            f"2026-03-04T11:{n:02d}:00+00:00",
            casekit.__version__,
            commitments={"pre_reveal": first, "reasons": dict.fromkeys(first, reason), "share_reasons": n % 2 == 0},
        )
        (folder / f"demo-readings-{n}.json").write_text(json.dumps(readings, indent=2) + "\n", encoding="utf-8")
        first_e = {i: rng.choice(list(antitrust.JUDGEMENTS)) for i in evidence_items}
        final_e = {i: "consistent" if rng.random() < 0.3 else v for i, v in first_e.items()}
        weighing = antitrust.weigh_evidence(
            final_e, items=evidence_items, overall=rng.choice(sorted(antitrust.OVERALL))
        )
        judged = antitrust.evidence_record(
            f"Demo judge {n}",
            weighing,
            note,
            f"2026-03-04T12:{n:02d}:00+00:00",
            casekit.__version__,
            commitments={"pre_reveal": first_e, "reasons": {}, "share_reasons": False},
        )
        (folder / f"demo-evidence-{n}.json").write_text(json.dumps(judged, indent=2) + "\n", encoding="utf-8")
    for n in range(1, max(2, learners // 6) + 1):
        memo = moot.memo_record(
            f"Demo bench {n}",
            ratings(),
            f"2026-03-05T10:{n:02d}:00+00:00",
            casekit.__version__,
            ["parler-example-brief.json", "aws-example-brief.json"],
        )
        (folder / f"demo-memo-{n}.json").write_text(json.dumps(memo, indent=2) + "\n", encoding="utf-8")
    for brief in sorted((LESSONS / "briefs").glob("*.json")):
        (folder / brief.name).write_text(brief.read_text(encoding="utf-8"), encoding="utf-8")
    older = relief.reasoning_record(
        "Demo learner 01", ratings(), note, "2026-03-04T09:00:00+00:00", casekit.__version__
    )
    (folder / "demo-reasoning-01-first-try.json").write_text(json.dumps(older, indent=2) + "\n", encoding="utf-8")
    (folder / "demo-broken.json").write_text('{"schema": "casekit.reasoning/1", "learner": "Demo', encoding="utf-8")
    return folder
