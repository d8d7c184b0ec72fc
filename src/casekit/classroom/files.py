"""Reading a class's saved files: each file's JSON read and checked, the latest per learner and kind kept,
every other file listed with the reason it was skipped (never fatal). Used by `casekit class-results` and
`casekit class-labels`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

KIND_WORDS = {
    "reasoning": "lesson 01 reasoning",
    "readings": "lesson 02 readings",
    "evidence": "lesson 04 evidence judgements",
    "memo": "lesson 05 bench memos",
    "brief": "lesson 05 briefs",
    "labels": "lesson 03 labels",
}


@dataclass(frozen=True)
class Submission:
    """One valid file that counts: its kind, the learner, the record and where it came from."""

    kind: str
    learner: str
    saved_at: str
    path: Path
    record: dict


@dataclass
class ClassFiles:
    """What a folder holds: the submissions that count (latest per learner and kind) and the files skipped."""

    kept: dict[tuple[str, str], Submission] = field(default_factory=dict)
    skipped: list[tuple[Path, str]] = field(default_factory=list)

    def of(self, *kinds: str) -> list[Submission]:
        """Return the kept submissions of KINDS, sorted by learner."""
        return sorted((s for s in self.kept.values() if s.kind in kinds), key=lambda s: (s.kind, s.learner))

    def read(self, path: Path, where: str, check: Callable[[object, str], str]) -> None:
        """Read PATH's JSON and `check(record, WHERE)` it (returns the kind, or raises ValueError naming WHERE), then
        `keep` it; a file that cannot be read or fails the check is listed as skipped with the reason."""
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            kind = check(record, where)
        except UnicodeDecodeError:
            self.skipped.append((path, "not UTF-8 text"))
        except json.JSONDecodeError as exc:
            self.skipped.append((path, f"not valid JSON (line {exc.lineno}: {exc.msg})"))
        except OSError as exc:
            self.skipped.append((path, f"could not be read ({exc.strerror or exc})"))
        except ValueError as exc:  # the check's own error (AssessmentError, BriefError, ModerationError, ...)
            self.skipped.append((path, str(exc).removeprefix(f"{where}: ")))
        else:
            self.keep(Submission(kind, record["learner"].strip(), str(record.get("saved_at", "")), path, record))

    def keep(self, new: Submission) -> None:
        """Keep NEW if it is its learner's latest of its kind (`saved_at`, then path); list the older one as skipped."""
        old = self.kept.get((new.kind, new.learner))
        if old is None:
            self.kept[(new.kind, new.learner)] = new
            return
        older, newer = sorted((old, new), key=lambda s: (s.saved_at, str(s.path)))
        self.kept[(new.kind, new.learner)] = newer
        self.skipped.append(
            (
                older.path,
                f"an older {KIND_WORDS.get(new.kind, new.kind)} file of the same learner; a later one counts instead",
            )
        )  # no file name: names may be learners' names
