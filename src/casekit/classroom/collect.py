"""Collecting hand-ins: `casekit collect` puts each learner's latest hand-in where the other commands read it.

    casekit collect /srv/casekit/inbox --out collected [--before 2027-02-01T17:00-08:00]
    casekit collect --canvas submissions.zip --roster roster.csv --assignment 03-content-moderation --out collected

From a course inbox (see casekit.classroom.handin) it takes, per assignment and login, the latest hand-in
(before the deadline, if one is given) and writes `OUT/<assignment>/<login>.ipynb` for a notebook, or
`OUT/<assignment>/<login>--<file name>` for any other file: the folders `casekit grade`,
`casekit class-results` and `casekit class-labels` read. From a Canvas bulk-download zip (files named
`lastnamefirstname_<canvas id>_<submission id>_<file name>`, with `_late_` after the name when late) it
matches each file to a roster login by the roster's `canvas_id` column, or else by the name.

Nothing is dropped silently: `OUT/collect-report.csv` lists every item with what happened to it
(collected, older, late, malformed, foreign, unmatched, duplicate), and the command prints the counts.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from casekit.classroom.handin import FOLDER, RECORD, HandInError, safe_name
from casekit.grading.course import CourseError, read_roster

OUTCOMES = ("collected", "older", "late", "malformed", "foreign", "unmatched", "duplicate")
CANVAS_NAME = re.compile(r"^(?P<name>[a-z]+)(?:_(?P<late>late))?_(?P<user>\d+)_(?P<submission>\d+)_(?P<file>.+)$", re.I)


class CollectError(ValueError):
    """An inbox, zip or roster that cannot be read at all; the message names it and what is wrong."""


@dataclass
class Item:
    """One hand-in (or one file of a Canvas zip) and what became of it."""

    source: str
    assignment: str = ""
    login: str = ""
    handed_in_at: str = ""
    outcome: str = ""
    note: str = ""
    files: list[Path] = field(default_factory=list)


@dataclass
class Report:
    """Every item seen, with its outcome; `written` lists the files placed in OUT."""

    items: list[Item] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(item.outcome == outcome for item in self.items)

    def summary(self) -> str:
        parts = [f"{self.count(o)} {o}" for o in OUTCOMES if self.count(o)]
        return ", ".join(parts) or "nothing found"


def parse_time(text: str, what: str = "time") -> datetime:
    """An ISO 8601 time with its offset (or Z) as an aware datetime; CollectError for a naive or unreadable one."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise CollectError(f"the {what} {text!r} is not an ISO 8601 time such as 2027-02-01T17:00-08:00") from None
    if moment.tzinfo is None:
        raise CollectError(f"the {what} {text!r} has no time zone: add one, e.g. -08:00 for Pacific or Z for UTC")
    return moment


def _owner(path: Path) -> str | None:
    """The unix user owning PATH, or None where that cannot be told."""
    try:
        import pwd

        return pwd.getpwuid(path.stat().st_uid).pw_name
    except (ImportError, KeyError, OSError):
        return None


def read_handin(folder: Path) -> Item:
    """One inbox folder as an Item: 'malformed' or 'foreign' with a note when it cannot count."""
    item = Item(source=folder.name)
    match = FOLDER.match(folder.name)
    if not folder.is_dir() or not match:
        item.outcome, item.note = "malformed", "not a hand-in folder (made by `casekit submit`)"
        return item
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        login, assignment = str(record["login"]), str(record["assignment"])
        folder_login = safe_name(login, "login")
        item.handed_in_at = parse_time(str(record["handed_in_at"])).astimezone(UTC).isoformat()
        names = [str(entry["name"]) for entry in record["files"]]
        digests = {str(entry["name"]): str(entry["sha256"]) for entry in record["files"]}
    except (OSError, UnicodeDecodeError) as exc:
        item.outcome, item.note = "malformed", f"{RECORD} cannot be read ({exc})"
        return item
    except (json.JSONDecodeError, KeyError, TypeError, CollectError, HandInError) as exc:
        item.outcome, item.note = "malformed", f"{RECORD} is not a hand-in record ({type(exc).__name__}: {exc})"
        return item
    item.login, item.assignment = login, assignment
    if (folder_login, assignment) != (match["login"], match["assignment"]) or "/" in login:
        item.outcome, item.note = "foreign", "the folder's name and its record disagree on the login or assignment"
        return item
    owner = _owner(folder)
    if owner is not None and owner not in (login, _owner(folder.parent)) and os.geteuid() != folder.stat().st_uid:
        item.outcome, item.note = "foreign", f"made by the account {owner!r}, not by {login!r}"
        return item
    for name in names:
        path = folder / name
        if Path(name).name != name or not path.is_file():
            item.outcome, item.note = "malformed", f"{name!r} is listed but missing"
            return item
        if hashlib.sha256(path.read_bytes()).hexdigest() != digests[name]:
            item.outcome, item.note = "malformed", f"{name!r} was changed after it was handed in"
            return item
        item.files.append(path)
    return item


def choose_latest(items: list[Item], before: datetime | None) -> None:
    """Mark, per (assignment, login), the latest hand-in on time 'collected', earlier ones 'older', later ones 'late'."""
    groups: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        if not item.outcome:
            groups.setdefault((item.assignment, item.login), []).append(item)
    for group in groups.values():
        group.sort(key=lambda i: (i.handed_in_at, i.source))
        on_time = [i for i in group if before is None or datetime.fromisoformat(i.handed_in_at) <= before]
        for item in group:
            if item not in on_time:
                item.outcome, item.note = "late", "handed in after the deadline (not collected)"
        for item in on_time[:-1]:
            item.outcome, item.note = "older", "a later hand-in counts instead"
        if on_time:
            on_time[-1].outcome = "collected"


def target_name(login: str, path: Path) -> str:
    """The collected file's name: `<login>.ipynb` for a notebook (the grader reads the login from the stem)."""
    return f"{login}.ipynb" if path.suffix == ".ipynb" else f"{login}--{path.name}"


def place(report: Report, out: Path) -> None:
    """Copy each collected item's files into OUT/<assignment>/, marking a second notebook of one item 'duplicate'."""
    for item in report.items:
        if item.outcome != "collected":
            continue
        folder = out / item.assignment
        folder.mkdir(parents=True, exist_ok=True)
        notebooks = [p for p in item.files if p.suffix == ".ipynb"]
        if len(notebooks) > 1:
            item.note = f"{len(notebooks)} notebooks in one hand-in; kept {notebooks[0].name}, the first"
        for path in item.files:
            if path.suffix == ".ipynb" and path != notebooks[0]:
                continue
            target = folder / target_name(item.login, path)
            shutil.copyfile(path, target)
            report.written.append(target)


def collect_inbox(inbox: Path, out: Path, before: datetime | None = None) -> Report:
    """Collect the latest hand-in per assignment and login from INBOX into OUT."""
    if not inbox.is_dir():
        raise CollectError(f"{inbox}: no such inbox folder")
    try:
        entries = sorted(inbox.iterdir())
    except PermissionError:
        raise CollectError(f"{inbox}: this account cannot list the inbox (collect as an instructor)") from None
    report = Report([read_handin(entry) for entry in entries if not entry.name.startswith(".")])
    choose_latest(report.items, before)
    place(report, out)
    return report


def name_key(name: str) -> str:
    """A person's name as Canvas writes it in a bulk download: 'lastnamefirstname', letters only, lower case."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    if "," in text:
        last, first = text.split(",", 1)
    else:
        parts = text.split()
        last, first = (parts[-1], " ".join(parts[:-1])) if parts else ("", "")
    return re.sub(r"[^a-z]", "", last + first)


def roster_keys(roster: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(canvas id -> login, name key -> login) from ROSTER; a name shared by two learners matches neither."""
    learners = read_roster(roster)
    with open(roster, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    by_id = {}
    for row in rows:
        columns = {k.strip().casefold(): (v or "").strip() for k, v in row.items() if k}
        if columns.get("canvas_id") and columns.get("login"):
            by_id[columns["canvas_id"]] = columns["login"]
    by_name: dict[str, str] = {}
    shared = set()
    for learner in learners:
        key = name_key(learner.name)
        if key in by_name:
            shared.add(key)
        by_name[key] = learner.login
    return by_id, {k: v for k, v in by_name.items() if k and k not in shared}


def collect_canvas(zip_path: Path, roster: Path, assignment: str, out: Path) -> Report:
    """Collect a Canvas bulk-download zip into OUT/<assignment>/, matched to ROSTER's logins."""
    try:
        by_id, by_name = roster_keys(roster)
    except CourseError as exc:
        raise CollectError(str(exc)) from None
    try:
        archive = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise CollectError(f"{zip_path}: not a readable zip file ({exc})") from None
    report = Report()
    seen: dict[str, Item] = {}
    folder = out / assignment
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = Path(info.filename).name
            item = Item(source=info.filename, assignment=assignment)
            report.items.append(item)
            match = CANVAS_NAME.match(name)
            if not match:
                item.outcome, item.note = "malformed", "not named like a Canvas submission (name_id_id_file)"
                continue
            login = by_id.get(match["user"]) or by_name.get(match["name"].casefold())
            if not login:
                item.outcome, item.note = (
                    "unmatched",
                    f"no roster learner with canvas_id {match['user']} or name '{match['name']}'",
                )
                continue
            item.login = login
            original = Path(match["file"])
            if original.suffix == ".ipynb" and login in seen:
                item.outcome, item.note = "duplicate", f"a second notebook for {login}; kept {seen[login].source}"
                continue
            if original.suffix == ".ipynb":
                seen[login] = item
            item.outcome = "collected"
            if match["late"]:
                item.note = "Canvas marked it late"
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / target_name(login, original)
            target.write_bytes(archive.read(info))
            report.written.append(target)
    return report


def write_report(report: Report, out: Path) -> Path:
    """Write OUT/collect-report.csv: one row per item with its outcome and note."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "collect-report.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["source", "assignment", "login", "handed_in_at", "outcome", "note"])
        for item in report.items:
            writer.writerow([item.source, item.assignment, item.login, item.handed_in_at, item.outcome, item.note])
    return path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inbox", nargs="?", type=Path, help="the course inbox folder (omit with --canvas)")
    parser.add_argument(
        "--out", type=Path, required=True, help="where to write <assignment>/<login>.ipynb and the report"
    )
    parser.add_argument(
        "--before", help="deadline, ISO 8601 with a zone (e.g. 2027-02-01T17:00-08:00): later ones are late"
    )
    parser.add_argument("--canvas", type=Path, help="a Canvas bulk-download zip instead of an inbox")
    parser.add_argument("--roster", type=Path, help="with --canvas: the roster CSV (login, name, optional canvas_id)")
    parser.add_argument("--assignment", help="with --canvas: the assignment the zip holds, e.g. 03-content-moderation")


def run(args: argparse.Namespace) -> int:
    try:
        if args.canvas:
            if not (args.roster and args.assignment):
                raise CollectError("--canvas needs --roster ROSTER.csv and --assignment NAME")
            report = collect_canvas(args.canvas, args.roster, args.assignment, args.out)
        elif args.inbox:
            before = parse_time(args.before, "deadline") if args.before else None
            report = collect_inbox(args.inbox, args.out, before)
        else:
            raise CollectError("name the course inbox, or --canvas ZIP with --roster and --assignment")
    except CollectError as exc:
        print(f"casekit collect: {exc}")
        return 2
    path = write_report(report, args.out)
    print(f"casekit collect: {report.summary()}; {len(report.written)} file(s) written under {args.out}; see {path}")
    for item in report.items:
        if item.outcome not in ("collected", "older"):
            print(f"  {item.outcome}: {item.source} ({item.note})")
    return 0
