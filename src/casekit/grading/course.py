"""The course gradebook: several exercises' grading results joined with the class roster.

`casekit gradebook grades/00 grades/01 --roster roster.csv --out grades/course` reads each
exercise folder written by `casekit grade` (its batch.json, summary.csv and grades.csv, so merged
manual scores count) and the roster (a CSV with a `login` column, and optionally `name` and
`section`). It writes

- `course.csv`: one row per learner on the roster (and one per unknown submission, marked
  `on_roster = no`): login, name, section, for each exercise its points and status, the total;
- `canvas.csv`: Canvas's gradebook import, one column per exercise, roster learners only;
- `unknown.csv`: every submission whose name matches no roster login, per exercise.

A learner with no submission for an exercise gets 0 points and the status `missing`. A
submission is matched to a roster login by its name (the file stem `casekit grade` made safe),
ignoring case. The functions below the writers give the course views of instructors/grading.ipynb.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from casekit.grading.gradebook import _csv, _write_atomic, canvas_header

STATUSES = ("graded", "pending", "invalid", "error", "missing")  # per learner and exercise


class CourseError(ValueError):
    """A roster or an exercise folder that cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Learner:
    login: str
    name: str = ""
    section: str = ""


@dataclass
class Exercise:
    """One exercise's results, by submission name: {"total", "max", "status"}."""

    id: str
    title: str
    column: str  # the Canvas column header
    max_points: float
    folder: Path
    submissions: dict[str, dict] = field(default_factory=dict)


def match_key(name: str) -> str:
    """How a login or a submission name is compared: made filesystem-safe like submission names, case folded."""
    return (re.sub(r"[^A-Za-z0-9._-]+", "-", str(name).strip()).strip("-._") or "submission").casefold()


def read_roster(path: Path) -> list[Learner]:
    """The learners of ROSTER (columns login, name, section; only login is required)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            columns = {c.strip().casefold(): c for c in reader.fieldnames or []}
            if "login" not in columns:
                raise CourseError(
                    f"{path}: the roster needs a 'login' column (found: {', '.join(reader.fieldnames or []) or 'no header'})"
                )
            learners, seen, problems = [], {}, []
            for line, row in enumerate(reader, start=2):
                get = lambda col: (row.get(columns[col]) or "").strip() if col in columns else ""  # noqa: E731, B023
                login = get("login")
                if not login:
                    if any((v or "").strip() for v in row.values() if isinstance(v, str)):
                        problems.append(f"line {line} has no login")
                    continue
                key = match_key(login)
                if key in seen:
                    problems.append(f"line {line}: login {login!r} is already on line {seen[key]}")
                    continue
                seen[key] = line
                learners.append(Learner(login, get("name"), get("section")))
    except OSError as exc:
        raise CourseError(f"{path}: cannot read the roster ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CourseError(f"{path}: not a readable CSV file ({exc})") from None
    if problems:
        raise CourseError(f"{path}: " + "; ".join(problems))
    if not learners:
        raise CourseError(f"{path}: the roster lists no learner")
    return learners


def _status(row: dict) -> str:
    count = lambda k: int(float(row.get(k) or 0))  # noqa: E731
    questions = sum(count(s) for s in ("passed", "failed", "missing", "timeout", "error", "invalid", "manual"))
    if questions and count("invalid") == questions:
        return "invalid"
    if questions and count("error") == questions:
        return "error"
    if count("manual_pending"):
        return "pending"
    return "graded"


def read_exercise(folder: Path) -> Exercise:
    """The results `casekit grade` wrote into FOLDER (batch.json and summary.csv)."""
    try:
        batch = json.loads((folder / "batch.json").read_text(encoding="utf-8"))
        with open(folder / "summary.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except FileNotFoundError as exc:
        raise CourseError(f"{folder}: not a folder written by `casekit grade` (no {Path(exc.filename).name})") from None
    except (OSError, ValueError) as exc:
        raise CourseError(f"{folder}: cannot read its results ({exc})") from None
    title = batch.get("title") or folder.name
    column = batch.get("canvas_column") or f"{title} ({folder.name})"
    subs = {}
    for row in rows:
        try:
            subs[row["submission"]] = {"total": float(row["total"]), "max": float(row["max"]), "status": _status(row)}
        except (KeyError, ValueError):
            raise CourseError(
                f"{folder / 'summary.csv'}: a row without a numeric total/max ({row.get('submission')!r})"
            ) from None
    max_points = max((s["max"] for s in subs.values()), default=0.0)
    return Exercise(folder.name, title, column, max_points, folder, subs)


def _number(x: float):
    return int(x) if float(x).is_integer() else round(x, 2)


@dataclass
class Course:
    learners: list[Learner]
    exercises: list[Exercise]
    rows: list[dict]  # one per learner (roster first, then unknown submissions)
    unknown: list[dict]  # {exercise, submission, total, max, status}


def join(learners: list[Learner], exercises: list[Exercise]) -> Course:
    """Join EXERCISES' results with the roster: missing work scores 0, unknown submissions are kept and listed."""
    ids = [e.id for e in exercises]
    if len(set(ids)) != len(ids):
        raise CourseError(
            "two exercise folders have the same name: " + ", ".join(sorted({i for i in ids if ids.count(i) > 1}))
        )
    roster = {match_key(p.login): p for p in learners}
    rows, unknown = [], []
    by_learner: dict[str, dict] = {match_key(p.login): {} for p in learners}
    strangers: dict[str, dict] = {}
    for ex in exercises:
        for name, result in ex.submissions.items():
            key = match_key(name)
            if key in roster:
                by_learner[key][ex.id] = result
            else:
                strangers.setdefault(key, {"name": name})[ex.id] = result
                unknown.append(
                    {
                        "exercise": ex.id,
                        "submission": name,
                        "total": _number(result["total"]),
                        "max": _number(result["max"]),
                        "status": result["status"],
                    }
                )

    def row_of(login: str, name: str, section: str, on_roster: bool, results: dict) -> dict:
        row = {"login": login, "name": name, "section": section, "on_roster": "yes" if on_roster else "no"}
        total = 0.0
        for ex in exercises:
            result = results.get(ex.id)
            points = result["total"] if result else 0.0
            row[f"{ex.id} points"] = _number(points)
            row[f"{ex.id} status"] = result["status"] if result else "missing"
            total += points
        row["total"] = _number(total)
        row["max"] = _number(sum(ex.max_points for ex in exercises))
        return row

    for p in learners:
        rows.append(row_of(p.login, p.name, p.section, True, by_learner[match_key(p.login)]))
    for key in sorted(strangers):
        results = strangers[key]
        rows.append(row_of(results.pop("name"), "", "", False, results))
    return Course(learners, exercises, rows, unknown)


def columns(course: Course) -> list[str]:
    cols = ["login", "name", "section", "on_roster"]
    for ex in course.exercises:
        cols += [f"{ex.id} points", f"{ex.id} status"]
    return cols + ["total", "max"]


def write(course: Course, out: Path, canvas: bool = True) -> list[Path]:
    """Write course.csv, unknown.csv and (with CANVAS) canvas.csv into OUT; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "course.csv", out / "unknown.csv"]
    _write_atomic(written[0], _csv(course.rows, columns(course)))
    _write_atomic(written[1], _csv(course.unknown, ["exercise", "submission", "total", "max", "status"]))
    if canvas:
        header = [
            "Student",
            "ID",
            "SIS User ID",
            "SIS Login ID",
            "Section",
            *(canvas_header(e.column) for e in course.exercises),
        ]
        if len(set(header)) != len(header):
            raise CourseError(
                "two exercises have the same Canvas column header; grade them with distinct --canvas names"
            )
        lines = [
            dict(
                zip(header, ["    Points Possible", "", "", "", "", *(_number(e.max_points) for e in course.exercises)])
            )
        ]
        for row in course.rows:
            if row["on_roster"] == "yes":
                lines.append(
                    dict(
                        zip(
                            header,
                            [
                                row["name"] or row["login"],
                                "",
                                "",
                                row["login"],
                                row["section"],
                                *(row[f"{e.id} points"] for e in course.exercises),
                            ],
                        )
                    )
                )
        written.append(out / "canvas.csv")
        _write_atomic(written[-1], _csv(lines, header))
    return written


# ---------------------------------------------------------------- views for instructors/grading.ipynb


def frame(course: Course):
    """The course as a long pandas DataFrame: one row per learner and exercise.

    Columns: login, name, section, exercise, points, max, status, share."""
    import pandas as pd

    records = []
    for row in course.rows:
        for ex in course.exercises:
            records.append(
                {
                    "login": row["login"],
                    "name": row["name"],
                    "section": row["section"] or "(none)",
                    "on_roster": row["on_roster"] == "yes",
                    "exercise": ex.id,
                    "title": ex.title,
                    "points": float(row[f"{ex.id} points"]),
                    "max": ex.max_points,
                    "status": row[f"{ex.id} status"],
                }
            )
    data = pd.DataFrame.from_records(records)
    if not data.empty:
        data["share"] = (data["points"] / data["max"].where(data["max"] > 0)).fillna(0.0)
    return data


def per_exercise(data):
    """Per exercise (roster learners only): how many learners have each status, and the mean share of points."""
    import pandas as pd

    roster = data[data["on_roster"]]
    counts = pd.crosstab(roster["exercise"], roster["status"]).reindex(columns=list(STATUSES), fill_value=0)
    return counts.join(roster.groupby("exercise")["share"].mean().rename("mean_share"))


def per_section(data):
    """Mean share of points per section (rows) and exercise (columns), roster learners only; missing work counts as 0."""
    roster = data[data["on_roster"]]
    return roster.pivot_table(index="section", columns="exercise", values="share", aggfunc="mean")


def per_question(course: Course):
    """Per exercise and question: learners per question status and mean share, with roster learners who submitted nothing as `missing`."""
    import pandas as pd

    from casekit.grading.gradebook import STATUS_ORDER, read_grades

    parts = []
    roster = {match_key(p.login) for p in course.learners}
    for ex in course.exercises:
        grades = read_grades(ex.folder / "grades.csv")
        grades = grades[grades["submission"].map(match_key).isin(roster)]
        questions = grades.drop_duplicates("question")[["question", "max_score"]]
        submitted = set(grades["submission"].map(match_key))
        absent = [p.login for p in course.learners if match_key(p.login) not in submitted]
        filler = pd.DataFrame(
            [
                {"submission": login, "question": q, "score": 0.0, "max_score": m, "status": "missing"}
                for login in absent
                for q, m in questions.itertuples(index=False)
            ]
        )
        full = pd.concat([grades, filler], ignore_index=True) if len(filler) else grades
        counts = pd.crosstab(full["question"], full["status"]).reindex(columns=STATUS_ORDER, fill_value=0)
        marked = full.dropna(subset=["score"])
        share = marked.groupby("question")["score"].sum() / marked.groupby("question")["max_score"].sum()
        table = counts.join(share.rename("mean_share")).reset_index()
        table.insert(0, "exercise", ex.id)
        parts.append(table)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def summary_text(course: Course) -> str:
    """One line per exercise for the text beside the course figures."""
    lines = []
    on_roster = [r for r in course.rows if r["on_roster"] == "yes"]
    for ex in course.exercises:
        statuses = [r[f"{ex.id} status"] for r in on_roster]
        points = [float(r[f"{ex.id} points"]) for r in on_roster]
        mean = sum(points) / len(points) if points else 0.0
        lines.append(
            f"{ex.id} ({ex.title}): {len(statuses) - statuses.count('missing')} of {len(statuses)} learners "
            f"submitted, {statuses.count('missing')} missing; mean {mean:.2f} of {_number(ex.max_points)} points."
        )
    if course.unknown:
        lines.append(
            f"{len(course.unknown)} submission(s) match no roster login: "
            + ", ".join(sorted({u["submission"] for u in course.unknown}))
            + "."
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- the command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit gradebook`."""
    parser.add_argument(
        "exercises", nargs="+", type=Path, help="folders written by `casekit grade --out`, one per exercise"
    )
    parser.add_argument("--roster", type=Path, required=True, help="CSV with a login column (and name, section)")
    parser.add_argument("--out", type=Path, required=True, help="folder for course.csv, canvas.csv and unknown.csv")
    parser.add_argument("--no-canvas", action="store_true", help="do not write canvas.csv")


def run(args: argparse.Namespace) -> int:
    """Join the exercises with the roster and write the course files; exit 2 on a file that cannot be used."""
    try:
        learners = read_roster(args.roster)
        course = join(learners, [read_exercise(folder) for folder in args.exercises])
        paths = write(course, args.out, canvas=not args.no_canvas)
    except CourseError as exc:
        print(f"casekit gradebook: {exc}", file=sys.stderr)
        return 2
    print(summary_text(course))
    for item in course.unknown:
        print(
            f"casekit gradebook: {item['exercise']}: submission {item['submission']!r} matches no login on the roster "
            "(kept in course.csv with on_roster = no, and in unknown.csv)",
            file=sys.stderr,
        )
    print("wrote " + ", ".join(str(p) for p in paths))
    return 0
