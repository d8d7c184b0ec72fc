"""A class of 40 learners, each graded against their own variant in every exercise (00-05).

For each exercise the solution key's code cells (setup, draws and answer cells, never the check
cells) are run in-process under each learner's login (CASEKIT_LOGIN, as the grader sets it), and
each answer is judged by the registered check for that login. Every learner passes with their own
answers; for every question that draws a variant, the class's answers are not all the same, and a
neighbour's different answer fails. Running the cells in-process, not in 240 kernels, keeps this
fast (about 20 s for the six exercises on 2 cores); tests/test_variants.py grades exercise 00's
assessed edition through `casekit grade` with warm kernels.
"""

from __future__ import annotations

import contextlib
import io

import pytest

from casekit import variants
from casekit.authoring import exercise
from casekit.checks import FAIL, PASS, verdict
from casekit.paths import SOLUTIONS

LOGINS = [f"learner{n:02d}" for n in range(1, 41)]
SOLUTION_FILES = sorted(SOLUTIONS.glob("*.ipynb"))


def _key(path):
    """The key's code cells to run (all but check cells), and question -> (answer variable, variant note)."""
    nb = exercise.read_notebook(path)
    cells = exercise.validate_solution(nb, path)
    roles = {c.index: c for c in cells}
    run = [
        c.source
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and roles.get(i, None) is None or (i in roles and roles[i].role == "answer")
    ]
    answers = {}
    for cell in cells:
        if cell.role == "check":
            match = exercise._CHECK_CALL.match(nb.cells[cell.index].source.strip())
            answers[cell.question] = match["value"]
    drawn = {c.question for c in cells if c.role == "answer" and c.variant}
    return run, answers, drawn


def _answers(run: list[str], names: dict[str, str], login: str, monkeypatch) -> dict:
    monkeypatch.setenv("CASEKIT_LOGIN", login)
    namespace: dict = {"display": lambda *args, **kwargs: None}  # the notebook shows; the grader reads
    with contextlib.redirect_stdout(io.StringIO()):
        for source in run:
            exec(compile(source, f"<{login}>", "exec"), namespace)  # noqa: S102 - the kit's own solution key
    return {question: eval(name, namespace) for question, name in names.items()}  # noqa: S307


@pytest.fixture(autouse=True)
def _no_login(monkeypatch):
    for name in variants.ENV_LOGINS:
        monkeypatch.delenv(name, raising=False)
    variants.set_login("")
    yield
    variants.set_login("")


@pytest.mark.parametrize("path", SOLUTION_FILES, ids=[p.stem for p in SOLUTION_FILES])
def test_forty_learners_each_pass_with_their_own_variant_and_fail_with_a_neighbours(path, monkeypatch):
    run, names, drawn = _key(path)
    assert len(drawn) >= 2, f"{path.name}: fewer than two questions draw a per-learner variant"
    class_answers = {login: _answers(run, names, login, monkeypatch) for login in LOGINS}
    assert len({variants.code(path.stem, login) for login in LOGINS}) == 40
    for i, login in enumerate(LOGINS):
        monkeypatch.setenv("CASEKIT_LOGIN", login)
        neighbour = class_answers[LOGINS[(i + 1) % len(LOGINS)]]
        for question, value in class_answers[login].items():
            assert verdict(question, value).startswith(f"{question} {PASS}"), (path.name, login, question, value)
            if question in drawn and repr(neighbour[question]) != repr(value):
                line = verdict(question, neighbour[question])
                if not line.startswith(f"{question} {PASS}"):  # an equal answer in another form may pass
                    assert line.startswith(f"{question} {FAIL}"), line
    for question in drawn:
        distinct = {repr(class_answers[login][question]) for login in LOGINS}
        assert len(distinct) >= 2, f"{path.name} {question}: every learner has the same answer"
