"""Per-learner variants: a question draws its profile, rows or option order from the learner's login.

The draw is a pure function of (assignment, login, question): a SHA-256 digest, never Python's
`hash()` (which changes from process to process), so the same login always gets the same variant,
in the learner's kernel and in the grader's. The login comes from CASEKIT_LOGIN (the grader sets it
from the submission's file name), then JUPYTERHUB_USER, then the LOGIN a learner types into the
exercise's setup cell; without any of them everyone shares the practice variant, and the notebook
says so. A notebook shows its variant with `Variant(...)`, whose text the grader reads back to flag
a submission that was run under another login.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

ENV_LOGINS = ("CASEKIT_LOGIN", "JUPYTERHUB_USER")
PRACTICE_LOGIN = "practice"
CODE_LENGTH = 8
T = TypeVar("T")

_typed_login: list[str] = []  # the LOGIN set in the notebook's setup cell, if any
_RECORD = re.compile(r"Variant of (?P<assignment>[\w.-]+) for login '(?P<login>[^'\n]*)' \(code (?P<code>[0-9a-f]+)\)")
_LOGIN_LINE = re.compile(r"^LOGIN\s*=.*$", re.MULTILINE)


def normalise_login(login: str) -> str:
    """The login as variants use it: surrounding space removed, case folded ('JDoe ' and 'jdoe' agree)."""
    return str(login).strip().casefold()


def set_login(login: str) -> None:
    """Remember the LOGIN a learner typed into the setup cell (an empty string forgets it)."""
    _typed_login.clear()
    if normalise_login(login):
        _typed_login.append(normalise_login(login))


def current_login() -> tuple[str, str]:
    """Return (login, where it came from): CASEKIT_LOGIN, JUPYTERHUB_USER, the notebook's LOGIN, or the practice default."""
    for name in ENV_LOGINS:
        value = normalise_login(os.environ.get(name, ""))
        if value:
            return value, name
    if _typed_login:
        return _typed_login[0], "LOGIN in the setup cell"
    return PRACTICE_LOGIN, "default"


def seed(assignment: str, login: str, question: str = "") -> int:
    """A 64-bit number that depends only on ASSIGNMENT, LOGIN and QUESTION (SHA-256, stable across runs and machines)."""
    text = f"casekit-variant|{assignment}|{normalise_login(login)}|{question}"
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def code(assignment: str, login: str) -> str:
    """The short code a notebook prints for its variant, so the grader can check it against the file's login."""
    return f"{seed(assignment, login, 'code'):016x}"[:CODE_LENGTH]


def choose(options: Sequence[T], assignment: str, login: str, question: str) -> T:
    """One of OPTIONS, the same one every time for this assignment, login and question."""
    if not options:
        raise ValueError(f"{assignment} {question}: no options to choose from")
    return options[seed(assignment, login, question) % len(options)]


def shuffled(items: Sequence[T], assignment: str, login: str, question: str) -> list[T]:
    """ITEMS in an order that depends only on the assignment, login and question."""
    return sorted(items, key=lambda item: seed(assignment, login, f"{question}|{item!r}"))


def sample(ids: Sequence[T], k: int, assignment: str, login: str, question: str) -> list[T]:
    """K of IDS (in their original order) drawn for this assignment, login and question."""
    if not 0 < k <= len(ids):
        raise ValueError(f"{assignment} {question}: cannot draw {k} of {len(ids)} items")
    drawn = set(shuffled(list(ids), assignment, login, question)[:k])
    return [item for item in ids if item in drawn]


@dataclass(frozen=True)
class Variant:
    """The variant an exercise notebook runs: its assignment id and the learner's login (and where the login came from)."""

    assignment: str
    login: str
    source: str

    @property
    def code(self) -> str:
        return code(self.assignment, self.login)

    def choose(self, options: Sequence[T], question: str) -> T:
        return choose(options, self.assignment, self.login, question)

    def shuffled(self, items: Sequence[T], question: str) -> list[T]:
        return shuffled(items, self.assignment, self.login, question)

    def sample(self, ids: Sequence[T], k: int, question: str) -> list[T]:
        return sample(ids, k, self.assignment, self.login, question)

    def __str__(self) -> str:
        line = f"Variant of {self.assignment} for login '{self.login}' (code {self.code})"
        if self.source == "default":
            return (
                f"{line}: no login found, so this is the shared practice variant. For graded work, set "
                f'LOGIN = "your login" in this cell (unless your course sets it for you) and run the notebook again.'
            )
        return f"{line}, from {self.source}. Your answers are graded against this variant."

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


def for_notebook(assignment: str, typed_login: str = "") -> Variant:
    """The setup cell's call: remember the LOGIN the learner typed, and return the variant in force."""
    set_login(typed_login)
    login, source = current_login()
    return Variant(assignment, login, source)


def current(assignment: str) -> Variant:
    """The variant in force now (what a check recomputes its expected answer for)."""
    login, source = current_login()
    return Variant(assignment, login, source)


@dataclass(frozen=True)
class Recorded:
    """A variant line found in a notebook's stored outputs."""

    assignment: str
    login: str
    code: str

    @property
    def genuine(self) -> bool:
        """True if the code is the one this assignment and login give (not edited by hand)."""
        return self.code == code(self.assignment, self.login)


def recorded(nb: Any) -> list[Recorded]:
    """Every variant line in NB's stored outputs (a submitted notebook), in cell order."""
    found = []
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if isinstance(cell.get("outputs"), list) else []:
            if not isinstance(output, dict):
                continue
            data = output.get("data") if isinstance(output.get("data"), dict) else {}
            for text in (output.get("text"), data.get("text/plain")):
                text = "".join(text) if isinstance(text, list) else text
                if isinstance(text, str):
                    found += [Recorded(m["assignment"], m["login"], m["code"]) for m in _RECORD.finditer(text)]
    return found


def mismatch(nb: Any, login: str) -> str:
    """Why NB's recorded variant is not LOGIN's ('' when it is, or when NB uses no variants)."""
    login = normalise_login(login)
    found = recorded(nb)
    if not found:
        return ""
    wrong = [r for r in found if not r.genuine]
    if wrong:
        return (
            f"variant mismatch: the notebook shows variant code {wrong[0].code} for login '{wrong[0].login}', "
            "which that login does not give (edited output?); graded against this file's login"
        )
    others = sorted({r.login for r in found if r.login != login})
    if others == [PRACTICE_LOGIN]:
        return (
            f"variant mismatch: the notebook ran the shared practice variant (no login was set), not "
            f"'{login}''s (this file's name); graded against '{login}''s variant"
        )
    if others:
        return (
            f"variant mismatch: the notebook was run as login '{others[0]}', not '{login}' (this file's name); "
            f"graded against '{login}''s variant"
        )
    return ""


def without_login_line(source: str) -> str:
    """SOURCE with any `LOGIN = ...` line blanked: a setup cell is the same cell whatever login was typed into it."""
    return _LOGIN_LINE.sub("LOGIN = ...", source)
