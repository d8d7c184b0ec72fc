"""Marking written answers by rubric criteria: anonymised, in a seeded shuffled order, with comments.

A graded exercise folder (`casekit grade --out grades/00`) holds manual.csv: one row per written
answer awaiting a mark. A marking session reads it, hides each learner's login behind a pseudonym
that is stable for the folder (an HMAC of the login under a random key kept in the folder's
marking-key.txt), orders the answers question by question in an order shuffled by that key, and
gives each answer the rubric of the prompt the course file picked (casekit.authoring.prompts; prompt
"a" without a course file). The marks go to the folder's marks.csv:

    submission, question, prompt, pseudonym, max_score, score, comment, criterion: <name>, ...

one column per criterion, each cell "earned/possible" ("1/1", "0/2"; a deduction "-1/-1" or
"0/-1"), blank where the criterion is not the row's. `casekit grade --merge-manual marks.csv --out
grades/00` folds it in (casekit.grading.gradebook.merge_manual), and each learner's feedback page
then shows the marker's comment and the criteria met. instructors/marking.ipynb is the view.

The marker sees pseudonyms only; marks.csv keeps the login (the merge needs it), so a marker who
opens that file sees them: give markers the notebook, not the file.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import hmac
import io
import json
import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from casekit.authoring import prompts
from casekit.grading.gradebook import _write_atomic
from casekit.grading.matching import prompt_removed
from casekit.paths import ROOT

MANUAL = "manual.csv"
MARKS = "marks.csv"
KEY_FILE = "marking-key.txt"
EXEMPLARS = ROOT / "instructors" / "exemplars"
BASE_COLUMNS = ["submission", "question", "prompt", "pseudonym", "max_score", "score", "comment"]
CRITERION = "criterion: "
LEVELS = ("strong", "adequate", "weak")


class MarkingError(ValueError):
    """A marking file cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Answer:
    """One written answer to mark: the login (never shown), its pseudonym, the question and the text."""

    submission: str
    pseudonym: str
    question: str
    max_score: int
    text: str


@dataclass
class Mark:
    """The marker's marks for one answer: points per criterion id, and a comment for the learner."""

    criteria: dict[str, int] = field(default_factory=dict)
    comment: str = ""


def score(mark: Mark, rubric: prompts.Prompt) -> int:
    """The answer's points: its criteria's points, deductions taken off, never below 0."""
    return max(0, sum(mark.criteria.get(c.id, 0) for c in rubric.criteria))


def check_mark(mark: Mark, rubric: prompts.Prompt) -> None:
    """MarkingError unless every mark names one of RUBRIC's criteria and lies between 0 and its points."""
    for cid, points in mark.criteria.items():
        criterion = next((c for c in rubric.criteria if c.id == cid), None)
        if criterion is None:
            raise MarkingError(f"question {rubric.question}: no criterion {cid!r} in prompt {rubric.letter}'s rubric")
        if not min(0, criterion.points) <= points <= max(0, criterion.points):
            raise MarkingError(
                f"question {rubric.question}: {criterion.name} takes 0 to {criterion.points}, not {points}"
            )


# --- anonymity and order -------------------------------------------------------------------------


def folder_key(folder: Path) -> str:
    """The folder's marking key (made once, kept in FOLDER/marking-key.txt): it fixes pseudonyms and order."""
    path = Path(folder) / KEY_FILE
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    key = secrets.token_hex(16)
    _write_atomic(path, key + "\n")
    return key


def _digest(key: str, text: str) -> bytes:
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).digest()


def pseudonyms(submissions, key: str) -> dict[str, str]:
    """{login: pseudonym} for SUBMISSIONS under KEY: stable, distinct, and not the login ("Learner 7QK2M")."""
    names = sorted(set(submissions))
    for length in range(5, 53):
        found = {name: "Learner " + base64.b32encode(_digest(key, "name:" + name)).decode()[:length] for name in names}
        if len(set(found.values())) == len(found):
            return found
    raise MarkingError("cannot make distinct pseudonyms")  # pragma: no cover (needs a SHA-256 collision)


def marking_order(answers: list[Answer], key: str, questions: list[str] | None = None) -> list[Answer]:
    """ANSWERS question by question (in QUESTIONS' order, else first seen), each question shuffled by KEY.

    The order of an answer depends only on KEY, its login and its question, so a late submission
    slots in without moving the others."""
    order = questions or list(dict.fromkeys(a.question for a in answers))
    rank = {q: i for i, q in enumerate(order)}
    return sorted(
        answers, key=lambda a: (rank.get(a.question, len(rank)), _digest(key, f"order:{a.question}:{a.submission}"))
    )


# --- reading and writing -------------------------------------------------------------------------


def read_answers(folder: Path, key: str) -> list[Answer]:
    """The written answers of FOLDER's manual.csv (what `casekit grade` wrote), with pseudonyms under KEY."""
    path = Path(folder) / MANUAL
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as exc:
        raise MarkingError(
            f"{path}: cannot read it ({exc.strerror}); run `casekit grade ... --out {folder}` first"
        ) from None
    needed = {"submission", "question", "max_score", "answer"}
    missing = needed - set(rows[0]) if rows else set()
    if missing:
        raise MarkingError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    names = pseudonyms([r["submission"] for r in rows], key)
    answers = []
    for line, row in enumerate(rows, start=2):
        try:
            max_score = int(float(row["max_score"]))
        except ValueError:
            raise MarkingError(f"{path}: line {line}: max_score {row['max_score']!r} is not a number") from None
        answers.append(Answer(row["submission"], names[row["submission"]], row["question"], max_score, row["answer"]))
    return answers


def whole_answer_rubric(question: str, points: int, text: str = "") -> prompts.Prompt:
    """The rubric of a question the bank does not hold: one criterion worth all its points."""
    criterion = prompts.Criterion("whole", "Whole answer", points, text or "the answer as a whole, by the rubric")
    return prompts.Prompt("", question, prompts.DEFAULT, points, "", text, (criterion,), "")


def rubrics_for(answers: list[Answer], bank: prompts.Bank, course: Path | None = None) -> dict[str, prompts.Prompt]:
    """{question: the rubric to mark it by}: the course file's pick from the bank, else a whole-answer rubric."""
    found = {}
    for answer in answers:
        if answer.question in found:
            continue
        stem = prompts.find_question(bank, answer.question)
        if stem is None:
            found[answer.question] = whole_answer_rubric(answer.question, answer.max_score)
            continue
        picks = prompts.read_picks(course, stem)
        prompts.check_picks(bank, stem, picks, str(course))
        rubric = bank[stem][answer.question][picks.get(answer.question, prompts.DEFAULT)]
        if rubric.max_points != answer.max_score:
            raise MarkingError(
                f"question {answer.question}: the graded answers are out of {answer.max_score} points but the prompt "
                f"bank's rubric gives {rubric.max_points}"
            )
        found[answer.question] = rubric
    return found


def marks_csv(answers: list[Answer], marks: dict[tuple[str, str], Mark], rubrics: dict[str, prompts.Prompt]) -> str:
    """marks.csv's text: one row per marked answer, one column per criterion (see the module's docstring)."""
    columns = list(BASE_COLUMNS)
    for answer in answers:
        for c in rubrics[answer.question].criteria:
            if CRITERION + c.name not in columns:
                columns.append(CRITERION + c.name)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for answer in answers:
        mark = marks.get((answer.submission, answer.question))
        if mark is None:
            continue
        rubric = rubrics[answer.question]
        row = {
            "submission": answer.submission,
            "question": answer.question,
            "prompt": rubric.letter,
            "pseudonym": answer.pseudonym,
            "max_score": answer.max_score,
            "score": score(mark, rubric),
            "comment": mark.comment.strip(),
        }
        row.update({CRITERION + c.name: f"{mark.criteria.get(c.id, 0)}/{c.points}" for c in rubric.criteria})
        writer.writerow(row)
    return buffer.getvalue()


def read_marks(path: Path, rubrics: dict[str, prompts.Prompt]) -> dict[tuple[str, str], Mark]:
    """The marks saved in PATH (marks.csv) for the questions of RUBRICS; {} when there is no file yet."""
    path = Path(path)
    if not path.exists():
        return {}
    marks = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            rubric = rubrics.get(row.get("question", ""))
            if rubric is None:
                continue
            mark = Mark(comment=row.get("comment") or "")
            for c in rubric.criteria:
                cell = (row.get(CRITERION + c.name) or "").strip()
                if cell:
                    try:
                        mark.criteria[c.id] = int(float(cell.split("/")[0]))
                    except ValueError:
                        raise MarkingError(f"{path}: line {line}: {c.name}: {cell!r} is not earned/possible") from None
            check_mark(mark, rubric)
            marks[(row["submission"], row["question"])] = mark
    return marks


# --- exemplars -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exemplar:
    """A graded exemplar answer written by the kit (strong, adequate or weak), for calibrating markers."""

    question: str
    level: str
    answer: str
    marks: dict[str, int]
    note: str


def load_exemplars(folder: Path = EXEMPLARS, bank: prompts.Bank | None = None) -> dict[str, list[Exemplar]]:
    """{question: its exemplars (strong, adequate, weak)} from FOLDER/*.toml, each checked against prompt a's rubric."""
    bank = prompts.load_bank() if bank is None else bank
    found: dict[str, list[Exemplar]] = {}
    for path in sorted(Path(folder).glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise MarkingError(f"{path}: not valid TOML ({exc})") from None
        for question, entries in data.get("questions", {}).items():
            where = f"{path}: question {question}"
            rubric = bank.get(path.stem, {}).get(question, {}).get(prompts.DEFAULT)
            if rubric is None:
                raise MarkingError(f"{where}: not a written question of {path.stem} in the prompt bank")
            exemplars = []
            for entry in entries.get("exemplars", []):
                if set(entry) != {"level", "answer", "marks", "note"} or entry["level"] not in LEVELS:
                    raise MarkingError(f"{where}: an exemplar has level ({', '.join(LEVELS)}), answer, marks and note")
                marks = dict(entry["marks"])
                if set(marks) != {c.id for c in rubric.criteria}:
                    raise MarkingError(f"{where}, {entry['level']}: marks must give every criterion of prompt a")
                check_mark(Mark(marks), rubric)
                exemplars.append(
                    Exemplar(question, entry["level"], entry["answer"].strip(), marks, entry["note"].strip())
                )
            if sorted(e.level for e in exemplars) != sorted(LEVELS):
                raise MarkingError(f"{where}: needs exactly one strong, one adequate and one weak exemplar")
            found[question] = sorted(exemplars, key=lambda e: LEVELS.index(e.level))
    return found


# --- a session -------------------------------------------------------------------------------------


class Session:
    """One marker's pass over a graded folder: the answers in marking order, their rubrics and marks."""

    def __init__(self, folder: Path, course: Path | None = None, bank: prompts.Bank | None = None):
        self.folder = Path(folder)
        self.bank = prompts.load_bank() if bank is None else bank
        key = folder_key(self.folder)
        answers = read_answers(self.folder, key)
        self.rubrics = rubrics_for(answers, self.bank, course)
        self.answers = marking_order(answers, key)
        self.path = self.folder / MARKS
        self.marks = read_marks(self.path, self.rubrics)

    def rubric(self, index: int) -> prompts.Prompt:
        return self.rubrics[self.answers[index].question]

    def mark_of(self, index: int) -> Mark | None:
        answer = self.answers[index]
        return self.marks.get((answer.submission, answer.question))

    def set_mark(self, index: int, criteria: dict[str, int], comment: str) -> Mark:
        """Record the marks of answer INDEX (checked against its rubric); `save` writes them."""
        mark = Mark(dict(criteria), comment)
        check_mark(mark, self.rubric(index))
        answer = self.answers[index]
        self.marks[(answer.submission, answer.question)] = mark
        return mark

    def marked(self) -> int:
        return sum(1 for a in self.answers if (a.submission, a.question) in self.marks)

    def save(self) -> Path:
        """Write FOLDER/marks.csv (atomically) and return its path."""
        _write_atomic(self.path, marks_csv(self.answers, self.marks, self.rubrics))
        return self.path


def answer_body(answer: Answer, rubric: prompts.Prompt) -> str:
    """The learner's own words, shown under the prompt (which the view shows once, as the question).

    `casekit grade` records only those words (casekit.grading.matching.prompt_removed); a manual.csv
    written before it did holds the whole cell, so the prompt is taken out here too, where found whole.
    """
    return prompt_removed(answer.text, rubric.text) if rubric.text else answer.text.strip()


# --- a demo folder ---------------------------------------------------------------------------------

DEMO_LEARNERS = ("amara", "bruno", "chen")


def write_demo(folder: Path, stem: str = "00-the-case", bank: prompts.Bank | None = None) -> Path:
    """Write a small graded folder for exercise STEM into FOLDER, for trying the marking notebook.

    Its learners (DEMO_LEARNERS) answered only the written questions, each with one of the kit's
    exemplars (instructors/exemplars/) under prompt a, so the folder holds what `casekit grade`
    writes for written answers (results/*.json, batch.json, manual.csv, feedback/) without running
    the grader. Return FOLDER."""
    from casekit.grading import gradebook

    bank = prompts.load_bank() if bank is None else bank
    exemplars = load_exemplars(bank=bank)
    folder = Path(folder)
    results = []
    for number, login in enumerate(DEMO_LEARNERS):
        rows = []
        for offset, (question, choices) in enumerate(bank[stem].items()):
            prompt = choices[prompts.DEFAULT]
            exemplar = exemplars[question][(number + offset) % len(exemplars[question])]
            rows.append(
                {
                    "question": question,
                    "kind": "written",
                    "status": "manual",
                    "score": None,
                    "max_score": prompt.points,
                    "note": "graded by hand with the rubric",
                    "hint": "",
                    "expected": "",
                    "produced": "",
                    "answer": exemplar.answer,
                    "rubric": prompt.rubric,
                }
            )
        result = {"submission": login, "file": f"{login}.ipynb", "questions": rows, "notes": []}
        _write_atomic(folder / "results" / f"{login}.json", json.dumps(result, indent=1, ensure_ascii=False))
        results.append(result)
    gradebook.write_reports(results, folder, f"Exercise {stem} (demo for the marking notebook)")
    return folder
