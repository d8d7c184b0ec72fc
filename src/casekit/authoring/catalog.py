"""The lesson catalogue, generated from the notebooks themselves (never typed twice)."""

from __future__ import annotations

import argparse
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from casekit.authoring.exercise import read_notebook
from casekit.paths import EXERCISES, LESSONS, ROOT, SOLUTIONS

START, END = "<!-- lessons:start -->", "<!-- lessons:end -->"
BINDER_START, BINDER_END = "<!-- binder:start -->", "<!-- binder:end -->"
GITHUB = re.compile(
    r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)"
    r"([A-Za-z0-9][A-Za-z0-9-]*)/([A-Za-z0-9._-]+?)(?:\.git)?/?$"
)
BINDER_BADGE = re.compile(
    r"\[!\[Binder\]\(https://mybinder\.org/badge_logo\.svg\)\]"
    r"\(https://mybinder\.org/v2/gh/([^/]+)/([^/]+)/HEAD\?urlpath=lab/tree/([^)]+)\)"
)


@dataclass(frozen=True)
class Lesson:
    """What the first cells of a lesson say about it."""

    path: Path
    number: str
    title: str
    teaching_minutes: int | None
    exercise_minutes: int | None
    questions: tuple[str, ...]

    @property
    def exercise(self) -> Path | None:
        """The lesson's exercise notebook, if it has one."""
        path = EXERCISES / self.path.name
        return path if path.exists() else None

    @property
    def solution(self) -> Path | None:
        """The lesson's solution notebook, if it has one."""
        path = SOLUTIONS / self.path.name
        return path if path.exists() else None


def read_lesson(path: Path) -> Lesson:
    """Read a lesson's title, minutes and questions from its first markdown cells."""
    nb = read_notebook(path)
    text = "\n".join(c.source for c in nb.cells[:3] if c.cell_type == "markdown")
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), path.stem)
    title = re.sub(r"^\d+\s*·\s*", "", title)
    teaching = re.search(r"(\d+)\s*(?:min\w*\s*)?teaching", text)
    exercises = re.search(r"(\d+)\s*(?:min\w*\s*)?exercis", text)
    questions, collecting = [], False
    for line in text.splitlines():
        if line.strip().startswith("**Questions"):
            collecting = True
            continue
        if collecting:
            if line.strip().startswith(("- ", "* ")):
                questions.append(line.strip()[2:].strip())
            elif questions and line.startswith((" ", "\t")) and line.strip():
                questions[-1] += " " + line.strip()
            elif line.strip():
                break
    return Lesson(
        path,
        path.name.split("-", 1)[0],
        title,
        int(teaching.group(1)) if teaching else None,
        int(exercises.group(1)) if exercises else None,
        tuple(questions),
    )


def lessons(folder: Path = LESSONS) -> list[Lesson]:
    """Return every lesson in FOLDER, in file-name order."""
    return [read_lesson(p) for p in sorted(folder.glob("[0-9][0-9]-*.ipynb"))]


def lesson_table(items: list[Lesson] | None = None) -> str:
    """Return the README's lesson table as Markdown."""
    rows = [
        "| # | Lesson | Minutes (teach + exercise) | Questions | Exercise | Solution |",
        "|---|---|---|---|---|---|",
    ]
    for lesson in items if items is not None else lessons():
        minutes = f"{lesson.teaching_minutes or '?'} + {lesson.exercise_minutes or 0}"
        link = lambda p: f"[{p.parent.name}/{p.name}]({p.relative_to(ROOT).as_posix()})" if p else "—"
        rows.append(
            f"| {lesson.number} | [{lesson.title}]({lesson.path.relative_to(ROOT).as_posix()}) | {minutes} | "
            f"{'<br>'.join(lesson.questions)} | {link(lesson.exercise)} | {link(lesson.solution)} |"
        )
    return "\n".join(rows)


def github_repository(remote: str | None) -> tuple[str, str] | None:
    """(owner, name) of a GitHub remote URL (https or ssh), else None."""
    match = GITHUB.match((remote or "").strip())
    return (match.group(1), match.group(2)) if match else None


def origin_url(root: Path = ROOT) -> str | None:
    """`git remote get-url origin` of the checkout at ROOT, or None (no git, no remote)."""
    try:
        done = subprocess.run(
            ["git", "remote", "get-url", "origin"], cwd=root, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def binder_line(remote: str | None, items: list[Lesson] | None = None) -> str:
    """The README's Binder route: a badge opening the first lesson when REMOTE is on GitHub, else how to get one."""
    repository = github_repository(remote)
    found = items if items is not None else lessons()
    if repository and found:
        owner, name = repository
        first = found[0].path.relative_to(ROOT).as_posix()
        return (
            f"**Binder** (nothing to install; runs in the browser on mybinder.org): "
            f"[![Binder](https://mybinder.org/badge_logo.svg)]"
            f"(https://mybinder.org/v2/gh/{owner}/{name}/HEAD?urlpath=lab/tree/{first})"
        )
    return (
        "**Binder** (nothing to install; runs in the browser on mybinder.org): this copy of the kit is not "
        "on GitHub yet, so there is no badge. Once it is, run `.venv/bin/casekit catalog` to add the badge "
        "here (it reads `git remote get-url origin`), or enter the repository's URL at https://mybinder.org."
    )


def _replace_between(text: str, start: str, end: str, body: str) -> str:
    if start not in text or end not in text:
        raise ValueError(f"README.md needs the markers {start} and {end}")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{body}\n{end}{tail}"


def render_readme(text: str, remote: str | None = None, binder: bool = False) -> str:
    """Return README text with the generated lesson table between its markers; with BINDER, the Binder
    line is regenerated from REMOTE too."""
    text = _replace_between(text, START, END, lesson_table())
    return _replace_between(text, BINDER_START, BINDER_END, binder_line(remote)) if binder else text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit catalog`."""
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md", help="README to update in place")


def run(args: argparse.Namespace) -> int:
    """Rewrite the README's lesson table from the notebooks and its Binder badge from the git remote."""
    remote = origin_url()
    text = render_readme(args.readme.read_text(encoding="utf-8"), remote, binder=True)
    args.readme.write_text(text, encoding="utf-8")
    where = "/".join(github_repository(remote)) if github_repository(remote) else None
    print(
        f"updated the lesson table in {args.readme}; Binder: "
        + (f"badge for github.com/{where}" if where else "no GitHub remote, so the README says how to add the badge")
    )
    return 0
