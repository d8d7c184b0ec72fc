"""casekit release: learners get lessons, one edition of the exercises, datasets and the package, and no answer.

The leak test searches every file of each release for every answer the solutions hold: each line of
their model answers (code and written) and rubrics, and, in assessed mode, each hidden question's
success line (its check cell's stored output in the executed solution), each text its hidden judge
could print, and each helper function that only hidden judges call. A model-answer code line that a
lesson itself contains is a technique the lesson teaches, public by design, and is not searched for;
nor, in the practice release, is one that a check module contains (practice checks ship, by design:
docs/assessed-mode.md).
"""

from __future__ import annotations

import ast
import inspect
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from casekit.authoring import exercise, release
from casekit.checks import REGISTRY, verdict
from casekit.paths import EXERCISES, ROOT, SOLUTIONS

SOLUTION_FILES = sorted(SOLUTIONS.glob("*.ipynb"))
MIN_LENGTH = 16  # shorter lines ("return True", "### END") say nothing about an answer


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    base = tmp_path_factory.mktemp("releases")
    return {mode: (release.write_release(base / mode, mode), base / mode) for mode in release.MODES}


def _solution_cells():
    for path in SOLUTION_FILES:
        nb = exercise.read_notebook(path)
        for cell in exercise.validate_solution(nb, path):
            yield path, nb, cell


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if len(line.strip()) >= MIN_LENGTH}


def _lesson_code() -> str:
    return "\n".join(
        c.source
        for path in sorted((ROOT / "lessons").glob("*.ipynb"))
        for c in exercise.read_notebook(path).cells
        if c.cell_type == "code"
    )


def solution_needles(mode: str = "assessed") -> set[str]:
    """Every model-answer and rubric line of every solution (less code lines a lesson teaches, or a practice check holds)."""
    needles, taught, lessons_say = set(), _lesson_code(), _lesson_prose()
    if mode == "practice":
        taught += "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src/casekit/topics").glob("*/checks.py"))
    for _, nb, cell in _solution_cells():
        source = nb.cells[cell.index].source
        if cell.role == "answer":
            needles |= {line for line in _lines(exercise.model_answer(source)) if line not in taught}
        if cell.role == "written":  # a line the lessons already print (a quoted holding) reveals nothing
            needles |= {line for line in _lines(exercise.model_answer(source)) if line not in lessons_say}
            needles |= {line for line in _lines(exercise.rubric(source)) if line not in lessons_say}
    return needles


def _lesson_prose() -> str:
    return "\n".join(
        c.source
        for path in sorted((ROOT / "lessons").glob("*.ipynb"))
        for c in exercise.read_notebook(path).cells
        if c.cell_type == "markdown"
    )


def hidden_needles() -> set[str]:
    """What would reveal a hidden question's check: its success line, its hints, the helpers only it calls."""
    verdict("0a", ...)  # loads every check module
    hidden, imported = set(), set()
    needles = set()
    for _path, _nb, cell in _solution_cells():
        if cell.role == "answer" and cell.hidden:
            hidden.add(cell.question)
    for path, nb, cell in _solution_cells():
        if cell.role == "check" and cell.question in hidden:
            out = "".join(o.get("text", "") for o in nb.cells[cell.index].outputs)
            assert "✓" in out, f"{path.name} {cell.question}: the solution's check cell has no stored ✓ line"
            needles.add(out.split("✓", 1)[1].strip())
    for folder in (ROOT / "lessons", EXERCISES):
        for path in folder.rglob("*.ipynb"):
            imported |= release._imported_names([path])
    shown = {
        n.value
        for q in REGISTRY
        if q not in hidden
        for n in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(REGISTRY[q].judge))))
        if isinstance(n, ast.Constant)
    } | {REGISTRY[q].success for q in REGISTRY if q not in hidden}
    hidden_sources = {q: textwrap.dedent(inspect.getsource(REGISTRY[q].judge)) for q in hidden}
    for question, source in hidden_sources.items():
        judge = REGISTRY[question].judge
        tree = ast.parse(source)
        needles |= {
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant)
            and isinstance(n.value, str)
            and len(n.value) >= MIN_LENGTH
            and " " in n.value.strip()  # prose: hints and praise, not names
            and n.value not in shown
        }  # a hint a shown check gives too is no secret
        module_source = inspect.getsource(sys.modules[judge.__module__])
        in_hidden = "\n".join(hidden_sources.values())
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)):
            name = call.func.id
            helper = getattr(sys.modules[judge.__module__], name, None)
            if not (inspect.isfunction(helper) and helper.__module__ == judge.__module__) or name in imported:
                continue
            if (
                module_source.count(f"{name}(") - in_hidden.count(f"{name}(") == 1
            ):  # its def: used by hidden judges only
                needles.add(f"def {name}(")
    return needles


def release_texts(folder: Path) -> dict[str, str]:
    """Each file's text, with notebooks' cell sources and outputs and Python's string constants decoded."""
    texts = {}
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # fonts and other binary assets
        if path.suffix == ".ipynb":
            nb = nbformat.reads(text, as_version=4)
            parts = [c.source for c in nb.cells]
            parts += [json.dumps(o, ensure_ascii=False) for c in nb.cells for o in c.get("outputs", [])]
            parts += [o.get("text", "") for c in nb.cells for o in c.get("outputs", [])]
            parts += [str(o.get("data", {}).get("text/plain", "")) for c in nb.cells for o in c.get("outputs", [])]
            text += "\n".join(parts)
        elif path.suffix == ".py":
            text += "\n".join(
                n.value for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            )
        texts[path.relative_to(folder).as_posix()] = text
    return texts


def _leaks(folder: Path, needles: set[str]) -> list[str]:
    texts = release_texts(folder)
    return sorted(f"{name}: {needle!r}" for needle in needles for name, text in texts.items() if needle in text)


def test_the_needles_are_real():
    """The leak search looks for something: every solution contributes answers, and the search finds them in solutions/."""
    needles, hidden = solution_needles(), hidden_needles()
    assert len(needles) >= 10 and len(hidden) >= 10
    assert _leaks(SOLUTIONS, needles) and _leaks(ROOT / "src", hidden)


@pytest.mark.parametrize("mode", release.MODES)
def test_release_holds_what_learners_need_and_nothing_else(releases, mode):
    _, folder = releases[mode]
    top = {p.name for p in folder.iterdir()}
    assert {"README.md", "lessons", "exercises", "datasets", "src", "pyproject.toml", "requirements.lock"} <= top
    assert not top & {"solutions", "instructors", "tests", "docs", "benchmarks", "submissions", "grades"}
    edition = EXERCISES if mode == "practice" else EXERCISES / exercise.ASSESSED_FOLDER
    assert sorted(p.name for p in (folder / "exercises").iterdir()) == sorted(p.name for p in edition.glob("*.ipynb"))
    for path in edition.glob("*.ipynb"):
        assert (folder / "exercises" / path.name).read_bytes() == path.read_bytes()
    assert sorted(p.name for p in (folder / "datasets").iterdir()) == sorted(
        p.name for p in (ROOT / "datasets").iterdir()
    )
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "solutions/" not in readme and f"**{mode}** edition" in readme


@pytest.mark.parametrize("mode", release.MODES)
def test_no_solution_text_or_rubric_is_in_the_release(releases, mode):
    _, folder = releases[mode]
    assert _leaks(folder, solution_needles(mode)) == []


def test_no_hidden_check_is_in_the_assessed_release(releases):
    _, folder = releases["assessed"]
    assert _leaks(folder, hidden_needles()) == []


def test_the_practice_release_keeps_its_instant_checks(releases):
    _, folder = releases["practice"]
    assert (folder / "src/casekit/topics/case/checks.py").read_bytes() == (
        ROOT / "src/casekit/topics/case/checks.py"
    ).read_bytes()


def _run_in(folder: Path, code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(folder / "src"), "CASEKIT_ROOT": str(folder)}
    for name in ("CASEKIT_LOGIN", "JUPYTERHUB_USER"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_assessed_package_registers_no_hidden_question_and_keeps_the_lesson_checks(releases):
    _, folder = releases["assessed"]
    out = _run_in(
        folder, "import casekit, casekit.checks as c; c._load_all(); print(casekit.__file__); print(sorted(c.REGISTRY))"
    )
    path, registered = out.splitlines()
    assert path.startswith(str(folder))
    hidden = release.hidden_questions(SOLUTIONS)
    assert hidden and not hidden & set(eval(registered))  # noqa: S307 (our own printed list)
    assert {"1x", "1y"} <= set(eval(registered))  # noqa: S307


def test_an_assessed_exercise_runs_on_the_released_package(releases):
    """Run the release's 00 exercise with its own (stripped) package: every check cell gives form feedback only."""
    _, folder = releases["assessed"]
    out = _run_in(
        folder,
        """
import nbformat
from nbclient import NotebookClient
nb = nbformat.read("exercises/00-the-case.ipynb", 4)
NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": "exercises"}}).execute()
for cell in nb.cells:
    for o in cell.get("outputs", []):
        print(o.get("text", "") or o.get("data", {}).get("text/plain", ""))
""",
    )
    assert "not answered yet" in out and "✓" not in out and "✗" not in out
    assert "Variant of 00-the-case for login 'practice'" in out


def test_release_refuses_a_folder_that_is_not_an_earlier_release(tmp_path, capsys):
    from casekit.cli import main

    (tmp_path / "notes.txt").write_text("mine")
    assert main(["release", "--out", str(tmp_path), "--mode", "assessed"]) == 1
    assert "not empty" in capsys.readouterr().out and (tmp_path / "notes.txt").exists()
    target = tmp_path / "rel"
    assert main(["release", "--out", str(target)]) == 0
    assert main(["release", "--out", str(target), "--mode", "assessed"]) == 0  # replaces an earlier release
    assert "assessed" in (target / release.MARKER).read_text()


def test_strip_judges_removes_hidden_judges_and_helpers_only_they_use():
    source = """from casekit.checks import register

LIMIT = 3
SHARED = 2


def answer_of_a():
    return LIMIT + SHARED


def draw_a(v):
    return v


@register("9a", success="correct: nine")
def judge_a(value):
    return value == answer_of_a() + draw_a(0) or "hint for 9a, long enough"


@register("9b")
def judge_b(value):
    return value == SHARED
"""
    text, gone = release.strip_judges(
        source + "\n\ndef _factory(n):\n    def judge(v):\n        return v == n\n    return judge\n\n\n"
        'register("9c")(_factory(3))\n',
        {"9a", "9c"},
        needed={"draw_a"},
    )
    assert set(gone) == {"judge_a", "answer_of_a", "LIMIT", "9c", "_factory"}
    assert "hint for 9a" not in text and "def answer_of_a" not in text and "LIMIT" not in text
    assert "def draw_a" in text and "def judge_b" in text and "SHARED = 2" in text
    assert "# 9a: checked when work is graded" in text
    compile(text, "stripped", "exec")
