"""Where the kit's folders are: the repository root found from this file or the working folder."""

from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    override = os.environ.get("CASEKIT_ROOT")
    if override:
        return Path(override).resolve()
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for folder in (start, *start.parents):
            if (folder / "datasets").is_dir() and (folder / "pyproject.toml").is_file():
                return folder
    return Path.cwd().resolve()


ROOT = _find_root()
DATASETS = ROOT / "datasets"
LESSONS = ROOT / "lessons"
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
