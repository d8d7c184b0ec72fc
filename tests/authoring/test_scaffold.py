"""`casekit new-lesson` writes a lesson that passes the kit's own checks, on a copy of the kit (never the real one)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casekit.authoring import scaffold
from casekit.paths import ROOT

BIN = Path(sys.executable).parent


def _copy_of_the_kit(dest: Path) -> Path:
    """The kit's tracked and new (not ignored) files, copied to DEST: no .venv, no workspace, no outputs."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def _run(copy: Path, *command: str, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(copy / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def test_a_new_lesson_passes_the_kits_checks_on_a_copy(tmp_path):
    copy = _copy_of_the_kit(tmp_path / "kit")
    before = sorted(p.relative_to(ROOT) for p in (ROOT / "lessons").glob("*.ipynb"))
    py = str(BIN / "python")
    made = _run(copy, py, "-m", "casekit", "new-lesson", "06", "platform-liability", "Platform liability").stdout
    assert "wrote lessons/06-platform-liability.ipynb" in made and "updated the lesson table" in made
    # what `make outputs` does, then what `make test` runs on the new lesson
    _run(copy, py, "-m", "casekit", "execute", "lessons/06-platform-liability.ipynb",
         "solutions/06-platform-liability.ipynb")  # fmt: skip
    _run(copy, py, "-m", "casekit", "build-exercises")
    _run(copy, py, "-m", "casekit", "catalog")
    _run(copy, str(BIN / "ruff"), "check", ".")
    _run(copy, str(BIN / "ruff"), "format", "--check", ".")
    _run(copy, str(BIN / "lint-imports"), "--no-cache")
    # nbval on the new lesson and solution, and the unit tests that range over every lesson, in one run
    lesson = ["lessons/06-platform-liability.ipynb", "solutions/06-platform-liability.ipynb"]
    unit = _run(copy, py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", *lesson,
                "tests/topics/test_platform_liability.py", "tests/topics/test_platform_liability_checks.py",
                "tests/authoring/test_catalog.py", "tests/test_stored_outputs.py", "tests/checks/test_equivalents.py",
                "-k", "platform or 6a or catalog or title or stems or stored or registered or Cell")  # fmt: skip
    assert " passed" in unit.stdout and "failed" not in unit.stdout
    # the real kit is untouched
    assert sorted(p.relative_to(ROOT) for p in (ROOT / "lessons").glob("*.ipynb")) == before
    assert not (ROOT / "src/casekit/topics/platform_liability").exists()


def test_new_lesson_refuses_to_overwrite_and_says_why(tmp_path):
    root = _copy_of_the_kit(tmp_path / "kit")
    with pytest.raises(scaffold.ScaffoldError, match="already there, nothing written: lessons/00-the-case.ipynb"):
        scaffold.write_lesson(root, "00", "the-case", "The case")
    with pytest.raises(scaffold.ScaffoldError, match="two digits"):
        scaffold.write_lesson(root, "6", "x", "X")
    with pytest.raises(scaffold.ScaffoldError, match="lower-case words"):
        scaffold.write_lesson(root, "07", "Bad_Slug", "X")
    assert not (root / "lessons" / "07-bad-slug.ipynb").exists()
