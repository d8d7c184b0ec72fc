"""The course file (TOML): the term, and each exercise's mode, practice or assessed.

    term = "2027-spring"

    [exercises."03-content-moderation"]
    mode = "assessed"

An exercise is named by its notebook's stem (solutions/03-content-moderation.ipynb). An exercise the
file does not list takes the default mode (`casekit release --mode`, practice unless told). Keys the
reader does not know (such as `prompts`, read by the prompt bank) are accepted and left to their
readers. instructors/example-course/course.toml is an example; docs/assessed-mode.md explains it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MODES = ("practice", "assessed")


class CourseFileError(ValueError):
    """The course file cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Course:
    """A course file's settings: its term and each listed exercise's table (mode, and keys for other readers)."""

    path: Path
    term: str
    exercises: dict[str, dict[str, Any]] = field(default_factory=dict)

    def mode(self, exercise: str, default: str = "practice") -> str:
        """EXERCISE's mode: the file's, or DEFAULT when the file does not list the exercise (or gives no mode)."""
        return self.exercises.get(exercise, {}).get("mode", default)

    def assessed(self, names: list[str] | set[str], default: str = "practice") -> set[str]:
        """Those of NAMES that are assessed."""
        return {name for name in names if self.mode(name, default) == "assessed"}

    def check_names(self, known: list[str] | set[str]) -> None:
        """CourseFileError if the file lists an exercise that is not one of KNOWN (a typo would otherwise go unnoticed)."""
        unknown = sorted(set(self.exercises) - set(known))
        if unknown:
            raise CourseFileError(
                f"{self.path}: no exercise named {', '.join(unknown)}; the exercises are {', '.join(sorted(known))}"
            )


def read(path: Path) -> Course:
    """Read and check the course file at PATH (CourseFileError with one readable line if it is wrong)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseFileError(f"{path}: no such course file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CourseFileError(
            f"{path}: cannot read the course file ({getattr(exc, 'strerror', None) or exc})"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise CourseFileError(f"{path}: not valid TOML ({exc})") from None
    term = data.get("term", "")
    if not isinstance(term, str):
        raise CourseFileError(f'{path}: term must be text, e.g. term = "2027-spring"')
    exercises = data.get("exercises", {})
    if not isinstance(exercises, dict):
        raise CourseFileError(f'{path}: exercises must be tables, e.g. [exercises."00-the-case"]')
    for name, table in exercises.items():
        if not isinstance(table, dict):
            raise CourseFileError(f'{path}: exercises."{name}" must be a table, e.g. mode = "assessed"')
        if "mode" in table and table["mode"] not in MODES:
            raise CourseFileError(
                f'{path}: exercises."{name}".mode is {table["mode"]!r}; it must be "practice" or "assessed"'
            )
    return Course(path, term, {name: dict(table) for name, table in exercises.items()})
