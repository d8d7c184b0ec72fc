"""Turn per-submission results into grades.csv, summary.csv, feedback pages, manual.csv and canvas.csv."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import os
import re
import tempfile
from pathlib import Path

GRADE_COLUMNS = ["submission", "question", "kind", "score", "max_score", "status", "note"]
MANUAL_COLUMNS = ["submission", "question", "max_score", "score", "answer", "rubric"]


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


def _csv(rows: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def answer_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()[:16]


def load_manual_scores(out: Path) -> dict:
    """{submission: {question: {"score": x, "answer": hash}}} merged so far."""
    try:
        return json.loads((out / "manual_scores.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def graded_as(q: dict) -> set[str]:
    """The answer hashes a manual mark of result row Q may carry and still be this very answer.

    The hash of its answer (the learner's own words, casekit.grading.matching.prompt_removed), and,
    when the row has one, `cell_hash`: the hash of the whole written cell, prompt and all, which is
    what the answer of a result graded before the prompt was removed held, so marks merged then stay.
    """
    return {answer_hash(q.get("answer", ""))} | ({q["cell_hash"]} if q.get("cell_hash") else set())


def apply_manual(results: list[dict], manual: dict) -> None:
    """Fill the scores of written answers graded by hand (only if the answer is the one that was graded)."""
    for result in results:
        for q in result.get("questions", []):
            entry = manual.get(result["submission"], {}).get(q["question"])
            if q["status"] == "manual" and entry and entry.get("answer") in graded_as(q):
                q["score"] = entry["score"]
                q["comment"] = entry.get("comment", "")
                q["criteria"] = entry.get("criteria", [])


def totals(result: dict) -> dict:
    """Summary row of one result: total, max, and how many questions have each status."""
    questions = result.get("questions", [])
    row = {
        "submission": result["submission"],
        "file": result.get("file", ""),
        "total": sum(q["score"] or 0 for q in questions),
        "max": sum(q["max_score"] for q in questions),
    }
    for status in ("passed", "failed", "missing", "timeout", "error", "invalid", "manual"):
        row[status] = sum(1 for q in questions if q["status"] == status)
    row["manual_pending"] = sum(1 for q in questions if q["status"] == "manual" and q["score"] is None)
    row["notes"] = "; ".join(result.get("notes", []))
    return row


def _criterion_words(points, possible) -> str:
    """'met', 'partly met', 'not met' (or 'applied' / 'not applied' for a deduction), in words, not colour."""
    if possible is None:
        return f"{points} point(s)"
    if possible < 0:
        return f"deduction applied ({points})" if points else "no deduction"
    state = "met" if points == possible else ("partly met" if points else "not met")
    return f"{state}: {points} / {possible}"


def _marking_html(q: dict) -> str:
    """The hand marking of a written answer: the criteria met (as a list, in words) and the marker's comment."""
    e = html.escape
    parts = []
    if q.get("criteria"):
        items = "".join(
            f"<li><b>{e(c['name'])}</b>: {e(_criterion_words(c['points'], c.get('max')))}</li>" for c in q["criteria"]
        )
        parts.append(f"<p>Marked by hand, criterion by criterion:</p><ul class='criteria'>{items}</ul>")
    if q.get("comment"):
        parts.append(f"<p><b>Marker's comment:</b></p><blockquote class='comment'>{e(q['comment'])}</blockquote>")
    return "".join(parts)


def _feedback_html(result: dict, title: str) -> str:
    e = html.escape
    t = totals(result)
    parts = [
        f"<!doctype html><meta charset='utf-8'><title>{e(result['submission'])}: {e(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.4}"
        "pre{background:#f4f4f4;padding:.5em;white-space:pre-wrap}.passed{color:#176f2c}"
        ".failed,.error,.timeout,.invalid,.missing{color:#a4161a}.manual{color:#6a4c93}"
        "blockquote.comment{border-left:4px solid #6a4c93;margin:0 0 1em;padding:.25em 1em;white-space:pre-wrap}</style>",
        f"<h1>{e(title)}</h1><p><b>{e(result['submission'])}</b>: {t['total']} / {t['max']} points"
        + (f" ({t['manual_pending']} written answer(s) still to be marked by hand)" if t["manual_pending"] else "")
        + "</p>",
    ]
    for note in result.get("notes", []):
        parts.append(f"<p><i>{e(note)}</i></p>")
    for q in result.get("questions", []):
        score = "pending" if q["score"] is None else q["score"]
        parts.append(
            f"<h2>Question {e(q['question'])}: <span class='{e(q['status'])}'>{e(q['status'])}</span>"
            f" ({score} / {q['max_score']})</h2><p>{e(q['note'])}</p>"
        )
        if q.get("hint"):
            parts.append(f"<p><b>Hint:</b> {e(q['hint'])}</p>")
        if q["status"] in ("failed", "error", "timeout") and (q.get("expected") or q.get("produced")):
            parts.append(
                f"<p>Expected output:</p><pre>{e(q.get('expected', ''))}</pre>"
                f"<p>Your code produced:</p><pre>{e(q.get('produced', '') or '(nothing)')}</pre>"
            )
        if q["kind"] == "written" and q["status"] == "manual":
            parts.append(_marking_html(q))
            parts.append(f"<p>Your answer:</p><pre>{e(q.get('answer', ''))}</pre>")
    return "\n".join(parts) + "\n"


def write_reports(results: list[dict], out: Path, title: str, canvas_column: str | None = None) -> None:
    """(Re)write every report in OUT from RESULTS (manual scores merged so far are applied)."""
    apply_manual(results, load_manual_scores(out))
    rows = [
        dict(q, submission=r["submission"], score="" if q["score"] is None else q["score"])
        for r in results
        for q in r.get("questions", [])
    ]
    _write_atomic(out / "grades.csv", _csv(rows, GRADE_COLUMNS))
    summary = [totals(r) for r in results]
    columns = [
        "submission",
        "file",
        "total",
        "max",
        "passed",
        "failed",
        "missing",
        "timeout",
        "error",
        "invalid",
        "manual",
        "manual_pending",
        "notes",
    ]
    _write_atomic(out / "summary.csv", _csv(summary, columns))
    manual = [
        dict(q, submission=r["submission"], score="" if q["score"] is None else q["score"])
        for r in results
        for q in r.get("questions", [])
        if q["status"] == "manual"
    ]
    _write_atomic(out / "manual.csv", _csv(manual, MANUAL_COLUMNS))
    for r in results:
        _write_atomic(out / "feedback" / f"{r['submission']}.html", _feedback_html(r, title))
    _write_atomic(
        out / "batch.json",
        json.dumps(
            {"title": title, "canvas_column": canvas_column, "submissions": [r["submission"] for r in results]},
            indent=1,
        ),
    )
    if canvas_column:
        write_canvas(results, out, canvas_column)


def canvas_header(title: str) -> str:
    """TITLE as plain text for a Canvas column header: Markdown links, emphasis, code marks and HTML tags removed."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", title)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|`|~~)", "", text)
    text = re.sub(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)", r"\1", text)
    text = re.sub(r"^\s*#+\s*", "", text)
    return " ".join(html.unescape(text).split())


def write_canvas(results: list[dict], out: Path, column: str) -> Path:
    """Write OUT/canvas.csv: Canvas's gradebook import layout, one assignment column of total points."""
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", canvas_header(column)]
    maximum = max((totals(r)["max"] for r in results), default=0)
    rows = [dict(zip(header, ["    Points Possible", "", "", "", "", maximum]))]
    rows += [dict(zip(header, [r["submission"], "", "", r["submission"], "", totals(r)["total"]])) for r in results]
    path = out / "canvas.csv"
    _write_atomic(path, _csv(rows, header))
    return path


def load_results(out: Path) -> tuple[list[dict], dict]:
    """The results of the last batch graded into OUT, in its order, and the batch description."""
    batch = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    results = [
        json.loads((out / "results" / f"{name}.json").read_text(encoding="utf-8")) for name in batch["submissions"]
    ]
    return results, batch


CRITERION = "criterion: "  # marks.csv's per-criterion columns (casekit.grading.marking): "earned/possible"


def _criteria_of(row: dict) -> tuple[list[dict], str | None]:
    """The per-criterion marks of a row ([{name, points, max}], in column order) and the first problem, if any."""
    found = []
    for column, cell in row.items():
        if not column or not column.startswith(CRITERION) or not (cell or "").strip():
            continue
        name, text = column[len(CRITERION) :].strip(), cell.strip()
        earned, _, possible = text.partition("/")
        try:
            points = float(earned)
            top = float(possible) if possible.strip() else None
        except ValueError:
            return [], f"{name}: {text!r} is not earned/possible, e.g. 1/2"
        if top is not None and not min(0, top) <= points <= max(0, top):
            return [], f"{name}: {text} earns more than the criterion allows"
        as_int = lambda x: int(x) if x is not None and float(x).is_integer() else x  # noqa: E731
        found.append({"name": name, "points": as_int(points), "max": as_int(top)})
    return found, None


def merge_manual(csv_path: Path, out: Path) -> tuple[int, list[str]]:
    """Fold hand-marked scores from CSV_PATH into OUT's reports.

    CSV_PATH is manual.csv with its score column filled, or marks.csv from the marking notebook
    (casekit.grading.marking): per-criterion columns `criterion: NAME` holding "earned/possible" and a
    `comment` column. With criteria and no score, the score is their sum (deductions taken off, never
    below 0); with both, they must agree. The comment and the criteria go to the learner's feedback page.
    """
    results, batch = load_results(out)
    questions = {
        (r["submission"], q["question"]): q for r in results for q in r["questions"] if q["status"] == "manual"
    }
    manual = load_manual_scores(out)
    merged, problems = 0, []
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            raw = (row.get("score") or "").strip()
            criteria, wrong = _criteria_of(row)
            comment = (row.get("comment") or "").strip()
            if wrong:
                problems.append(f"line {line}: {wrong}")
                continue
            if not raw and not criteria:
                if comment:
                    problems.append(f"line {line}: a comment without a score or criteria marks; not merged")
                continue
            q = questions.get(((row.get("submission") or "").strip(), (row.get("question") or "").strip()))
            if q is None:
                problems.append(
                    f"line {line}: no written answer {row.get('submission')}/{row.get('question')} awaits a manual score"
                )
                continue
            total = max(0, sum(c["points"] for c in criteria))
            try:
                value = float(raw) if raw else float(total)
            except ValueError:
                problems.append(f"line {line}: score {raw!r} is not a number")
                continue
            if criteria and value != total:
                problems.append(f"line {line}: score {raw} is not the sum of its criteria ({total:g})")
                continue
            tops = [c["max"] for c in criteria]
            if criteria and None not in tops and sum(t for t in tops if t > 0) != q["max_score"]:
                out_of = sum(t for t in tops if t > 0)
                problems.append(
                    f"line {line}: its criteria are out of {out_of:g} points; the question has {q['max_score']}"
                )
                continue
            if not 0 <= value <= q["max_score"]:
                problems.append(f"line {line}: score {raw or total} is outside 0..{q['max_score']}")
                continue
            entry = {"score": int(value) if value.is_integer() else value, "answer": answer_hash(q.get("answer", ""))}
            if comment:
                entry["comment"] = comment
            if criteria:
                entry["criteria"] = criteria
            manual.setdefault(row["submission"].strip(), {})[row["question"].strip()] = entry
            merged += 1
    _write_atomic(out / "manual_scores.json", json.dumps(manual, indent=1, sort_keys=True))
    write_reports(results, out, batch["title"], batch.get("canvas_column"))
    return merged, problems


def table(results: list[dict]) -> str:
    """A plain-text table of totals, one line per submission."""
    rows = [totals(r) for r in results]
    width = max([len("submission"), *(len(r["submission"]) for r in rows)])
    lines = [f"{'submission':<{width}}  {'score':>9}  statuses"]
    for r in rows:
        statuses = ", ".join(
            f"{r[s]} {s}" for s in ("passed", "failed", "missing", "timeout", "error", "invalid", "manual") if r[s]
        )
        lines.append(f"{r['submission']:<{width}}  {r['total']:>4} / {r['max']:<3}  {statuses}")
    if rows:
        mean = sum(r["total"] for r in rows) / len(rows)
        lines.append(f"{len(rows)} submission(s); mean {mean:.2f} / {rows[0]['max']}")
    return "\n".join(lines)


STATUS_ORDER = ["passed", "failed", "missing", "timeout", "error", "invalid", "manual"]
# Okabe-Ito colours (casekit.ui.theme; grey for missing); each status also has its own bar pattern, so no meaning
# rests on colour alone
STATUS_COLOURS = {
    "passed": "#009E73",
    "failed": "#D55E00",
    "missing": "#999999",
    "timeout": "#E69F00",
    "error": "#CC79A7",
    "invalid": "#000000",
    "manual": "#0072B2",
}


def read_grades(path: Path):
    """grades.csv as a pandas DataFrame (score empty for unmarked written answers)."""
    import pandas as pd

    grades = pd.read_csv(path, dtype={"submission": str, "question": str}, keep_default_na=False)
    grades["score"] = pd.to_numeric(grades["score"], errors="coerce")
    return grades


def question_results(grades):
    """Per question: the number of learners with each status and the mean share of the points earned."""
    import pandas as pd

    counts = pd.crosstab(grades["question"], grades["status"]).reindex(columns=STATUS_ORDER, fill_value=0)
    marked = grades.dropna(subset=["score"])
    share = (marked.groupby("question")["score"].sum() / marked.groupby("question")["max_score"].sum()).rename(
        "mean_share"
    )
    return counts.join(share).fillna({"mean_share": 0.0})


def status_figure(grades, title: str = "Results per question"):
    """A stacked bar chart (plotly) of how many learners passed, failed, ... each question."""
    import plotly.express as px

    long = (
        question_results(grades)[STATUS_ORDER]
        .reset_index()
        .melt(id_vars="question", var_name="status", value_name="learners")
    )
    fig = px.bar(
        long[long["learners"] > 0],
        x="question",
        y="learners",
        color="status",
        pattern_shape="status",
        title=title,
        category_orders={"status": STATUS_ORDER},
        color_discrete_map=STATUS_COLOURS,
    )
    fig.update_layout(barmode="stack", legend_title_text="status")
    return fig


def totals_summary(grades) -> str:
    """The text beside totals_figure: how many learners, and the spread of their totals."""
    totals_frame = grades.groupby("submission").agg(total=("score", "sum"), max=("max_score", "sum"))
    if totals_frame.empty:
        return "No graded submissions."
    t, top = totals_frame["total"], int(totals_frame["max"].max())
    return (
        f"{len(t)} learners; total points out of {top}: median {t.median():g}, "
        f"lowest {t.min():g}, highest {t.max():g}; {int((t == top).sum())} with full marks."
    )


def totals_figure(grades, title: str = "Total points per learner"):
    """A histogram (plotly) of the learners' total points."""
    import plotly.express as px

    totals_frame = grades.groupby("submission").agg(total=("score", "sum"), max=("max_score", "sum")).reset_index()
    fig = px.histogram(
        totals_frame,
        x="total",
        nbins=int(totals_frame["max"].max()) + 1,
        title=title,
        labels={"total": "points", "count": "learners"},
    )
    fig.update_layout(yaxis_title="learners", bargap=0.05)
    return fig
