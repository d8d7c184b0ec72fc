"""The lesson catalogue, generated from the notebooks themselves (never typed twice)."""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

from casekit.exercise import read_notebook
from casekit.paths import EXERCISES, LESSONS, ROOT, SOLUTIONS

START, END = "<!-- lessons:start -->", "<!-- lessons:end -->"


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
        path, path.name.split("-", 1)[0], title,
        int(teaching.group(1)) if teaching else None, int(exercises.group(1)) if exercises else None,
        tuple(questions),
    )


def lessons(folder: Path = LESSONS) -> list[Lesson]:
    """Return every lesson in FOLDER, in file-name order."""
    return [read_lesson(p) for p in sorted(folder.glob("[0-9][0-9]-*.ipynb"))]


def lesson_table(items: list[Lesson] | None = None) -> str:
    """Return the README's lesson table as Markdown."""
    rows = ["| # | Lesson | Minutes (teach + exercise) | Questions | Exercise | Solution |", "|---|---|---|---|---|---|"]
    for lesson in items if items is not None else lessons():
        minutes = f"{lesson.teaching_minutes or '?'} + {lesson.exercise_minutes or 0}"
        link = lambda p: f"[{p.parent.name}/{p.name}]({p.relative_to(ROOT).as_posix()})" if p else "—"
        rows.append(
            f"| {lesson.number} | [{lesson.title}]({lesson.path.relative_to(ROOT).as_posix()}) | {minutes} | "
            f"{'<br>'.join(lesson.questions)} | {link(lesson.exercise)} | {link(lesson.solution)} |"
        )
    return "\n".join(rows)


def render_readme(text: str) -> str:
    """Return README text with the generated lesson table between its markers."""
    if START not in text or END not in text:
        raise ValueError(f"README.md needs the markers {START} and {END}")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{lesson_table()}\n{END}{tail}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit catalog`."""
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md", help="README to update in place")


def run(args: argparse.Namespace) -> int:
    """Rewrite the README's lesson table from the notebooks."""
    args.readme.write_text(render_readme(args.readme.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated the lesson table in {args.readme}")
    return 0
