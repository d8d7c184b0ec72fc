"""The prompt bank of written questions: alternative prompts, each with its own rubric, picked per term.

The bank lives in instructors/prompt-bank/NN-slug.toml (one file per exercise; README.md there is
its data card). Instructors only: `casekit release` never copies instructors/, so learners see only
the prompt their release was built with. For every written question of every exercise the bank holds

- prompt "a": the solution's own prompt, rubric and model answer (read from solutions/, not
  copied), with its rubric as named criteria with points;
- at least one alternative ("b", ...): its prompt text, its rubric as named criteria with points,
  and a marker's guide (what a good answer does; no model answer is published for it).

The course file picks a prompt per question and term:

    [exercises."00-the-case"]
    prompts = { "0d" = "b" }

`apply_prompts(notebook, stem, picks)` returns a copy of a solution or exercise notebook whose
written cells carry the picked prompts (and, in a solution, their rubric and guide), so a release
and a grading key built from it agree. Questions not picked keep prompt "a": nothing changes by default.
"""

from __future__ import annotations

import copy
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import nbformat

from casekit.authoring import exercise
from casekit.paths import ROOT, SOLUTIONS

BANK = ROOT / "instructors" / "prompt-bank"
DEFAULT = "a"
_LETTER = re.compile(r"^[a-z]$")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class PromptBankError(ValueError):
    """The prompt bank or the course file's picks are wrong; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Criterion:
    """One named criterion of a rubric: POINTS > 0 earns points; POINTS < 0 is a deduction."""

    id: str
    name: str
    points: int
    text: str


@dataclass(frozen=True)
class Prompt:
    """One prompt of a written question, with its rubric (text and criteria) and the marker's guide."""

    exercise: str
    question: str
    letter: str
    points: int
    text: str
    rubric: str
    criteria: tuple[Criterion, ...]
    guide: str

    @property
    def max_points(self) -> int:
        return sum(c.points for c in self.criteria if c.points > 0)


Bank = dict[str, dict[str, dict[str, Prompt]]]  # exercise stem -> question -> letter -> Prompt


def _norm(text: str) -> str:
    return " ".join(text.split())


def prompt_text(source: str) -> str:
    """The prompt part of a written cell (solution or exercise): everything before its answer region."""
    lines = source.splitlines()
    for index, line in enumerate(lines):
        if line.strip() in (exercise.BEGIN, exercise.WRITTEN_PROMPT):
            return "\n".join(lines[:index]).strip()
    return source.strip()


def rubric_text(criteria: tuple[Criterion, ...]) -> str:
    """The rubric of an alternative prompt, as Markdown, from its criteria."""
    lines = []
    for c in criteria:
        if c.points > 0:
            lines.append(f"- **{c.name} ({c.points} point{'s' if c.points != 1 else ''}).** {c.text}")
        else:
            lines.append(f"- **{c.name} (deduct {-c.points}, to a minimum of 0).** {c.text}")
    return "\n".join(lines)


def _written_cells(path: Path) -> dict[str, tuple[int, str]]:
    """{question: (points, source)} of the solution's written cells (only these cells' metadata is read)."""
    found = {}
    for index, cell in enumerate(exercise.read_notebook(path).cells):
        meta = cell.get("metadata", {}).get("casekit")
        if isinstance(meta, dict) and meta.get("role") == "written":
            points = meta.get("points")
            if not isinstance(points, int) or isinstance(points, bool) or points <= 0 or not meta.get("question"):
                raise PromptBankError(
                    f"{path}: cell {index}: a written cell needs casekit.question and positive points"
                )
            found[str(meta["question"])] = (points, cell.source)
    return found


def _criteria(raw, where: str) -> tuple[Criterion, ...]:
    if not isinstance(raw, list) or not raw:
        raise PromptBankError(f"{where}: needs [[...criteria]] entries, each with id, name, points and text")
    found = []
    for number, entry in enumerate(raw, start=1):
        here = f"{where}, criterion {number}"
        if not isinstance(entry, dict) or set(entry) != {"id", "name", "points", "text"}:
            raise PromptBankError(f"{here}: needs exactly the keys id, name, points and text")
        points = entry["points"]
        if not isinstance(points, int) or isinstance(points, bool) or points == 0:
            raise PromptBankError(f"{here}: points must be a whole number other than 0 (negative: a deduction)")
        if not isinstance(entry["id"], str) or not _ID.match(entry["id"]):
            raise PromptBankError(f"{here}: id {entry['id']!r} must be lower-case letters, digits and _")
        if not all(isinstance(entry[k], str) and entry[k].strip() for k in ("name", "text")):
            raise PromptBankError(f"{here}: name and text must be non-empty text")
        found.append(Criterion(entry["id"], entry["name"].strip(), points, _norm(entry["text"])))
    if len({c.id for c in found}) != len(found):
        raise PromptBankError(f"{where}: two criteria share an id")
    return tuple(found)


def load_exercise_bank(path: Path, solutions: Path = SOLUTIONS) -> dict[str, dict[str, Prompt]]:
    """Read and check one bank file against its solution; return {question: {letter: Prompt}}."""
    path = Path(path)
    stem = path.stem
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PromptBankError(f"{path}: cannot read file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise PromptBankError(f"{path}: not valid TOML ({exc})") from None
    solution = solutions / f"{stem}.ipynb"
    if not solution.exists():
        raise PromptBankError(f"{path}: no solution {solution} for this exercise")
    written = _written_cells(solution)
    questions = data.get("questions")
    if not isinstance(questions, dict):
        raise PromptBankError(f"{path}: needs a [questions.<id>] table per written question")
    missing = sorted(set(written) - set(questions))
    extra = sorted(set(questions) - set(written))
    if missing or extra:
        raise PromptBankError(
            f"{path}: "
            + "; ".join(
                ([f"no prompts for written question(s) {', '.join(missing)}"] if missing else [])
                + ([f"{', '.join(extra)} not written question(s) of {solution.name}"] if extra else [])
            )
        )
    bank: dict[str, dict[str, Prompt]] = {}
    for question, (points, source) in written.items():
        entries = questions[question].get("prompts") if isinstance(questions[question], dict) else None
        where = f"{path}: question {question}"
        if not isinstance(entries, list) or len(entries) < 2:
            raise PromptBankError(f"{where}: needs at least two [[questions.{question}.prompts]] (a and another)")
        prompts: dict[str, Prompt] = {}
        for entry in entries:
            letter = entry.get("letter") if isinstance(entry, dict) else None
            if not isinstance(letter, str) or not _LETTER.match(letter) or letter in prompts:
                raise PromptBankError(f"{where}: each prompt needs its own one-letter `letter` (a, b, ...)")
            here = f"{where}, prompt {letter}"
            criteria = _criteria(entry.get("criteria"), here)
            if letter == DEFAULT:
                if set(entry) != {"letter", "source", "criteria"} or entry["source"] != "solution":
                    raise PromptBankError(
                        f'{here}: prompt a is the solution\'s own: give only letter, source = "solution" and criteria'
                    )
                text, rubric, guide = prompt_text(source), exercise.rubric(source), exercise.model_answer(source)
                for c in criteria:
                    if c.text not in _norm(rubric):
                        raise PromptBankError(
                            f"{here}: criterion {c.id!r} is not in the solution's rubric "
                            f"(its text must be copied from {solution.name})"
                        )
            else:
                if set(entry) != {"letter", "prompt", "guide", "criteria"}:
                    raise PromptBankError(
                        f"{here}: an alternative prompt has exactly letter, prompt, guide and criteria"
                    )
                text, guide = str(entry["prompt"]).strip(), str(entry["guide"]).strip()
                rubric = rubric_text(criteria)
                if not text or not guide:
                    raise PromptBankError(f"{here}: prompt and guide must be non-empty")
                if question not in text or f"{points} point" not in text:
                    raise PromptBankError(
                        f"{here}: the prompt must name its question ({question}) and its {points} points"
                    )
                if any(marker in text for marker in (exercise.BEGIN, exercise.BEGIN_RUBRIC, exercise.WRITTEN_PROMPT)):
                    raise PromptBankError(f"{here}: the prompt must not hold solution, rubric or answer markers")
            total = sum(c.points for c in criteria if c.points > 0)
            if total != points:
                raise PromptBankError(f"{here}: its criteria give {total} points; the question has {points}")
            prompts[letter] = Prompt(stem, question, letter, points, text, rubric, criteria, guide)
        if DEFAULT not in prompts:
            raise PromptBankError(f"{where}: needs prompt a (the solution's own)")
        bank[question] = prompts
    return bank


def load_bank(folder: Path = BANK, solutions: Path = SOLUTIONS) -> Bank:
    """Every exercise's prompts: {exercise stem: {question: {letter: Prompt}}}; PromptBankError if anything is wrong.

    A solution with written questions but no bank file is an error too, so every written question has its prompts.
    """
    folder, solutions = Path(folder), Path(solutions)
    bank = {path.stem: load_exercise_bank(path, solutions) for path in sorted(folder.glob("*.toml"))}
    for solution in sorted(solutions.glob("*.ipynb")):
        if solution.stem not in bank and _written_cells(solution):
            raise PromptBankError(f"{folder}: no {solution.stem}.toml for the written questions of {solution.name}")
    return bank


def read_picks(course: Path | None, stem: str) -> dict[str, str]:
    """The prompts the course file picks for exercise STEM: {question: letter}; {} when the file or key is absent."""
    if course is None or not Path(course).exists():
        return {}
    try:
        data = tomllib.loads(Path(course).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PromptBankError(f"{course}: not valid TOML ({exc})") from None
    table = data.get("exercises", {})
    table = table.get(stem, {}) if isinstance(table, dict) else {}
    picks = table.get("prompts", {}) if isinstance(table, dict) else {}
    if not isinstance(picks, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in picks.items()):
        raise PromptBankError(
            f'{course}: [exercises."{stem}"] prompts must map question ids to letters, e.g. {{ "0d" = "b" }}'
        )
    return {question: letter.strip().lower() for question, letter in picks.items()}


def check_picks(bank: Bank, stem: str, picks: dict[str, str], where: str = "course file") -> None:
    """Raise PromptBankError unless every pick names a written question of STEM and one of its prompts."""
    questions = bank.get(stem, {})
    for question, letter in picks.items():
        if question not in questions:
            raise PromptBankError(f"{where}: {stem} has no written question {question!r} in the prompt bank")
        if letter not in questions[question]:
            raise PromptBankError(
                f"{where}: question {question} has no prompt {letter!r}; the bank has {', '.join(sorted(questions[question]))}"
            )


def chosen(bank: Bank, stem: str, picks: dict[str, str]) -> dict[str, Prompt]:
    """{question: the Prompt picked for it (prompt a where nothing is picked)} for exercise STEM."""
    check_picks(bank, stem, picks)
    return {q: prompts[picks.get(q, DEFAULT)] for q, prompts in bank.get(stem, {}).items()}


def find_question(bank: Bank, question: str) -> str | None:
    """The exercise stem whose written question QUESTION is (question ids are unique across the kit)."""
    return next((stem for stem, questions in bank.items() if question in questions), None)


def _swap(source: str, prompt: Prompt) -> str:
    """SOURCE (a solution's or an exercise's written cell) with PROMPT's text, and in a solution its rubric and guide."""
    lines = source.splitlines()
    start = next(
        (i for i, line in enumerate(lines) if line.strip() in (exercise.BEGIN, exercise.WRITTEN_PROMPT)), len(lines)
    )
    rest = lines[start:]
    if rest and rest[0].strip() == exercise.BEGIN:
        end = next(i for i, line in enumerate(rest) if line.strip() == exercise.END)
        guide = f"*Marker's guide for prompt {prompt.letter} (no model answer is published for it).*\n\n{prompt.guide}"
        rest = [exercise.BEGIN, *guide.splitlines(), *rest[end:]]
        text = "\n".join(rest)
        found = exercise._region(text, exercise.BEGIN_RUBRIC, exercise.END_RUBRIC, "cell", required=False)
        if found:
            rest = rest[: found[0] + 1] + prompt.rubric.splitlines() + rest[found[1] :]
    return "\n".join([*prompt.text.splitlines(), "", *rest])


def apply_prompts(nb: nbformat.NotebookNode, stem: str, picks: dict[str, str], bank: Bank | None = None):
    """A copy of notebook NB (exercise STEM's solution or exercise) whose written cells carry the PICKS.

    PICKS maps question ids to prompt letters (from read_picks); questions not picked, and pick "a",
    leave their cells as they are. A solution's rubric and model-answer regions get the picked
    prompt's rubric and marker's guide, so a grading key built from it matches the release.
    """
    bank = load_bank() if bank is None else bank
    prompts = chosen(bank, stem, picks)
    out = copy.deepcopy(nb)
    for cell in out.cells:
        meta = cell.get("metadata", {}).get("casekit", {})
        if not isinstance(meta, dict) or meta.get("role") != "written":
            continue
        prompt = prompts.get(meta.get("question"))
        if prompt is not None and prompt.letter != DEFAULT:
            cell.source = _swap(cell.source, prompt)
    return out
