"""casekit release: learners get lessons, one edition of the exercises, datasets and the package, and no answer.

The leak test searches every file of each release for every answer the solutions hold: each line of
their model answers (code and written) and rubrics, and, for every assessed exercise, each hidden
question's success line (its check cell's stored output in the executed solution), each text its
hidden judge could print, and each helper function that only hidden judges call (the expected-answer
functions). A model-answer code line that a lesson itself contains is a technique the lesson teaches,
public by design, and is not searched for; nor, for a practice exercise, is one that a check module
contains (practice checks ship, by design: docs/assessed-mode.md). Three releases are searched: all
practice, all assessed, and the example course's (practice, with the course file's assessed
exercises and the prompts it picks for their written questions), the last two made with a course
secret that must appear in none of them.
"""

from __future__ import annotations

import ast
import functools
import inspect
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from casekit import coursefile, variants
from casekit import secret as course_secret
from casekit.authoring import exercise, prompts, release
from casekit.checks import REGISTRY, verdict
from casekit.paths import EXERCISES, ROOT, SOLUTIONS

SOLUTION_FILES = sorted(SOLUTIONS.glob("*.ipynb"))
MIN_LENGTH = 16  # shorter lines ("return True", "### END") say nothing about an answer


COURSE = ROOT / "instructors" / "example-course" / "course.toml"
RELEASES = (*release.MODES, "course")


@pytest.fixture(scope="module")
def secret(tmp_path_factory):
    path = tmp_path_factory.mktemp("secret") / "course.secret"
    course_secret.new(path)
    return course_secret.read(path)


@pytest.fixture(scope="module")
def releases(tmp_path_factory, secret):
    base = tmp_path_factory.mktemp("releases")
    made = {
        "practice": (release.write_release(base / "practice", "practice"), base / "practice"),
        "assessed": (release.write_release(base / "assessed", "assessed", secret=secret), base / "assessed"),
    }
    course = coursefile.read(COURSE)
    made["course"] = (release.write_release(base / "course", "practice", course=course, secret=secret), base / "course")
    return made


def assessed_in(name: str) -> frozenset[str]:
    """The exercises (notebook stems) release NAME gives in their assessed edition."""
    stems = {p.stem for p in SOLUTION_FILES}
    if name == "course":
        return frozenset(coursefile.read(COURSE).assessed(stems))
    return frozenset(stems if name == "assessed" else ())


def _solution_cells(names: set[str] | None = None):
    for path in SOLUTION_FILES:
        if names is not None and path.stem not in names:
            continue
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


@functools.cache
def solution_needles(mode: str = "assessed", names: frozenset[str] | None = None) -> set[str]:
    """Every model-answer and rubric line of every solution (or of the exercises NAMES), less code lines a
    lesson teaches, or (practice) a check module holds."""
    needles, taught, lessons_say = set(), _lesson_code(), _lesson_prose()
    if mode == "practice":
        taught += "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src/casekit/topics").glob("*/checks.py"))
    for _, nb, cell in _solution_cells(names):
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


@functools.cache
def hidden_needles(names: frozenset[str] | None = None) -> set[str]:
    """What would reveal a hidden question's check (of the exercises NAMES, or all): its success line, its
    hints, the helpers only hidden judges call (the functions that compute expected answers)."""
    verdict("0a", ...)  # loads every check module
    hidden, imported = set(), set()
    needles = set()
    for _path, _nb, cell in _solution_cells():
        if cell.role == "answer" and cell.hidden:
            hidden.add(cell.question)
    searched = {c.question for _p, _nb, c in _solution_cells(names) if c.role == "answer" and c.hidden}
    for path, nb, cell in _solution_cells(names):
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
        if question not in searched:
            continue
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


@functools.cache
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
    release_texts.cache_clear()  # the checkout's files are not a release's: read them afresh next time


def _setup_sources(nb) -> list[str]:
    return [variants.without_login_line(c.source) for c in nb.cells]


@pytest.mark.parametrize("name", RELEASES)
def test_release_holds_what_learners_need_and_nothing_else(releases, name, secret):
    _, folder = releases[name]
    top = {p.name for p in folder.iterdir()}
    assert {"README.md", "lessons", "exercises", "datasets", "src", "pyproject.toml", "requirements.lock"} <= top
    assert not top & {"solutions", "instructors", "tests", "docs", "benchmarks", "submissions", "grades"}
    briefs = sorted(p.name for p in (ROOT / "lessons" / "briefs").glob("*.json"))
    assert (
        briefs and sorted(p.name for p in (folder / "lessons" / "briefs").glob("*.json")) == briefs
    )  # lesson 05 reads them
    assessed = assessed_in(name)
    assert sorted(p.name for p in (folder / "exercises").iterdir()) == sorted(p.name for p in EXERCISES.glob("*.ipynb"))
    bank = prompts.load_bank()
    for practice in EXERCISES.glob("*.ipynb"):
        source = EXERCISES / exercise.ASSESSED_FOLDER / practice.name if practice.stem in assessed else practice
        released = folder / "exercises" / practice.name
        picks = prompts.read_picks(COURSE, practice.stem) if name == "course" else {}
        if practice.stem not in assessed and not picks:
            assert released.read_bytes() == source.read_bytes()
            continue
        nb = exercise.read_notebook(released)
        original = prompts.apply_prompts(exercise.read_notebook(source), practice.stem, picks, bank)
        assert _setup_sources(nb) == _setup_sources(original)  # the same notebook, but for the salt and the prompts
        if practice.stem not in assessed:
            continue
        calls = [c.source for c in nb.cells if "for_notebook(" in c.source]
        salts = course_secret.salts(secret, variants.assignments_in("\n".join(calls)))
        assert all(variants.has_salt(c) for c in calls) and all(f'salt="{s}"' in "".join(calls) for s in salts.values())
    assert sorted(p.name for p in (folder / "datasets").iterdir()) == sorted(
        p.name for p in (ROOT / "datasets").iterdir()
    )
    readme = (folder / "README.md").read_text(encoding="utf-8")
    mode = "assessed" if name == "assessed" else "practice"
    assert "solutions/" not in readme and f"**{mode}** edition" in readme
    assert all(f"exercises/{stem}.ipynb`" in readme for stem in assessed) or name == "assessed"


@pytest.mark.parametrize("name", RELEASES)
def test_no_solution_text_or_rubric_is_in_the_release(releases, name):
    _, folder = releases[name]
    needles = set(solution_needles("assessed" if name == "assessed" else "practice"))
    if name == "course":
        needles |= solution_needles("assessed", assessed_in(name))
    assert _leaks(folder, needles) == []


@pytest.mark.parametrize("name", ["assessed", "course"])
def test_no_hidden_check_or_expected_answer_function_of_an_assessed_exercise_is_in_any_release(releases, name):
    _, folder = releases[name]
    needles = hidden_needles(assessed_in(name))
    assert needles and _leaks(folder, needles) == []


def test_the_course_secret_is_in_no_release(releases, secret):
    for name in RELEASES:
        _, folder = releases[name]
        assert not [p for p in folder.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()], name


def test_a_release_with_an_assessed_exercise_needs_the_secret(tmp_path, capsys):
    from casekit.cli import main

    assert main(["release", "--out", str(tmp_path / "r"), "--mode", "assessed"]) == 1
    out = capsys.readouterr().out
    assert "need the course secret: give --secret FILE" in out and not (tmp_path / "r").exists()
    assert main(["release", "--out", str(tmp_path / "r"), "--course", str(COURSE)]) == 1
    assert "03-content-moderation" in capsys.readouterr().out


def test_a_single_exercise_release_holds_that_exercise_and_still_leaves_out_every_assessed_check(tmp_path, secret):
    course = coursefile.read(COURSE)
    assessed = assessed_in("course")
    practice_one = sorted({p.stem for p in EXERCISES.glob("*.ipynb")} - assessed)[0]
    folder = tmp_path / "one"
    release.write_release(folder, "practice", course=course, secret=secret, only=[practice_one])
    assert [p.stem for p in (folder / "exercises").iterdir()] == [practice_one]
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert f"exercises/{practice_one}.ipynb" in readme and not any(f"exercises/{a}.ipynb" in readme for a in assessed)
    stripped = "\n".join(p.read_text(encoding="utf-8") for p in (folder / "src/casekit/topics").glob("*/checks.py"))
    assert all(f"# {q}: checked when work is graded" in stripped for q in release.hidden_questions(SOLUTIONS, assessed))
    with pytest.raises(release.ReleaseError, match="no exercise named 99-nothing"):
        release.write_release(tmp_path / "none", "practice", only=["99-nothing"])


def test_a_practice_release_keeps_the_practice_exercises_checks_only(releases):
    _, folder = releases["course"]
    assert (folder / "src/casekit/topics/case/checks.py").read_bytes() == (
        ROOT / "src/casekit/topics/case/checks.py"
    ).read_bytes()
    hidden = release.hidden_questions(SOLUTIONS, assessed_in("course"))
    stripped = "\n".join(p.read_text(encoding="utf-8") for p in (folder / "src/casekit/topics").glob("*/checks.py"))
    assert hidden and all(f"# {q}: checked when work is graded" in stripped for q in hidden)


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

    secret = ["--secret", str(tmp_path / "s.secret")]
    assert main(["secret", "new", secret[1]]) == 0
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["release", "--out", str(tmp_path), "--mode", "assessed", *secret]) == 1
    assert "not empty" in capsys.readouterr().out and (tmp_path / "notes.txt").exists()
    target = tmp_path / "rel"
    assert main(["release", "--out", str(target)]) == 0
    assert main(["release", "--out", str(target), "--mode", "assessed", *secret]) == 0  # replaces an earlier release
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


def _written_prompts(folder: Path, stem: str) -> dict[str, str]:
    """{question: its written cell's source} of the released exercise STEM."""
    nb = exercise.read_notebook(folder / "exercises" / f"{stem}.ipynb")
    return {
        c.metadata["casekit"]["question"]: c.source
        for c in nb.cells
        if c.get("metadata", {}).get("casekit", {}).get("role") == "written"
    }


def test_the_course_release_ships_the_prompts_the_course_file_picks_and_the_default_keeps_prompt_a(releases):
    bank = prompts.load_bank()
    picked = {stem: prompts.read_picks(COURSE, stem) for stem in bank}
    assert any(letter != "a" for picks in picked.values() for letter in picks.values())  # the example picks some
    for stem, questions in bank.items():
        course_cells = _written_prompts(releases["course"][1], stem)
        for name in ("practice", "assessed"):
            default_cells = _written_prompts(releases[name][1], stem)
            for question, options in questions.items():  # no course file: prompt a, as before
                assert options["a"].text in default_cells[question]
                assert all(p.text not in default_cells[question] for letter, p in options.items() if letter != "a")
        for question, options in questions.items():
            letter = picked[stem].get(question, "a")
            assert options[letter].text in course_cells[question], (stem, question, letter)
            others = [p for other, p in options.items() if other != letter]
            assert all(p.text not in course_cells[question] for p in others), (stem, question, letter)
            assert options[letter].guide not in course_cells[question]  # the marker's guide stays out


def test_a_course_file_picking_a_prompt_the_bank_lacks_stops_the_release_naming_the_file(tmp_path):
    course_file = tmp_path / "course.toml"
    course_file.write_text('[exercises."03-content-moderation"]\nprompts = { "3e" = "z" }\n', encoding="utf-8")
    with pytest.raises(prompts.PromptBankError, match=rf"{course_file}: question 3e has no prompt 'z'"):
        release.write_release(tmp_path / "out", "practice", course=coursefile.read(course_file))
    assert not (tmp_path / "out").exists()
