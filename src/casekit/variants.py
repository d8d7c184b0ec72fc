"""Per-learner variants: a question draws its profile, rows or option order from the learner's login.

The draw is a pure function of (assignment, login, question): a SHA-256 digest, never Python's
`hash()` (which changes from process to process), so the same login always gets the same variant,
in the learner's kernel and in the grader's. The login comes from CASEKIT_LOGIN (the grader sets it
from the submission's file name), then JUPYTERHUB_USER, then the LOGIN a learner types into the
exercise's setup cell; without any of them everyone shares the practice variant, and the notebook
says so. A notebook shows its variant with `Variant(...)`, whose text the grader reads back to flag
a submission that was run under another login.

Assessed draws are salted. An assessed release writes a per-assignment SALT (derived from the
instructor's course secret by casekit.secret; never the secret itself) into the setup cell's
`for_notebook(..., salt="...")`, and the grader passes the same salt to its kernels in
CASEKIT_VARIANT_SALT; the draw is then an HMAC keyed by the salt, so a practice copy (no salt) draws
a different variant for the same login. Practice draws stay unsalted and unchanged.
docs/assessed-mode.md says what this does and does not protect against.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

ENV_LOGINS = ("CASEKIT_LOGIN", "JUPYTERHUB_USER")
ENV_SALT = "CASEKIT_VARIANT_SALT"  # "assignment=salt;assignment=salt": set by the grader for assessed work
PRACTICE_LOGIN = "practice"
CODE_LENGTH = 8
WRAP = 88  # characters per line of printed text: a notebook breaks a longer line anywhere, even inside a word
T = TypeVar("T")

_typed_login: list[str] = []  # the LOGIN set in the notebook's setup cell, if any
_salts: dict[str, str] = {}  # assignment -> the salt its setup cell passed to for_notebook
_RECORD = re.compile(r"Variant of (?P<assignment>[\w.-]+) for login '(?P<login>[^'\n]*)' \(code (?P<code>[0-9a-f]+)\)")
_LOGIN_LINE = re.compile(r"^LOGIN\s*=.*$", re.MULTILINE)
_SALT_ARG = re.compile(r"""\s*,\s*salt\s*=\s*(["'])[^"'\n]*\1""")
_FOR_NOTEBOOK = re.compile(r"""\bfor_notebook\(\s*(["'])(?P<assignment>[\w.-]+)\1(?P<rest>[^()]*)\)""")


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


def env_salts(value: str | None = None) -> dict[str, str]:
    """The salts CASEKIT_VARIANT_SALT names ("assignment=salt;..."), or VALUE's; {} when unset."""
    value = os.environ.get(ENV_SALT, "") if value is None else value
    pairs = (item.split("=", 1) for item in value.split(";") if "=" in item)
    return {assignment.strip(): salt.strip() for assignment, salt in pairs if assignment.strip() and salt.strip()}


def format_salts(salts: dict[str, str]) -> str:
    """SALTS as CASEKIT_VARIANT_SALT writes them."""
    return ";".join(f"{assignment}={salt}" for assignment, salt in sorted(salts.items()))


def salt_for(assignment: str) -> str:
    """The salt of ASSIGNMENT's draws now: the grader's (CASEKIT_VARIANT_SALT), else the setup cell's, else '' (practice)."""
    return env_salts().get(assignment) or _salts.get(assignment, "")


def seed(assignment: str, login: str, question: str = "", salt: str = "") -> int:
    """A 64-bit number that depends only on ASSIGNMENT, LOGIN and QUESTION (SHA-256, stable across runs and machines).

    With a SALT (an assessed draw) it is an HMAC-SHA-256 keyed by the salt: without the salt, nobody
    can compute it, and it has nothing to do with the unsalted (practice) draw.
    """
    text = f"casekit-variant|{assignment}|{normalise_login(login)}|{question}".encode()
    digest = hmac.new(salt.encode(), text, hashlib.sha256).digest() if salt else hashlib.sha256(text).digest()
    return int.from_bytes(digest[:8], "big")


def code(assignment: str, login: str, salt: str = "") -> str:
    """The short code a notebook prints for its variant, so the grader can check it against the file's login."""
    return f"{seed(assignment, login, 'code', salt):016x}"[:CODE_LENGTH]


def choose(options: Sequence[T], assignment: str, login: str, question: str, salt: str = "") -> T:
    """One of OPTIONS, the same one every time for this assignment, login and question (and salt)."""
    if not options:
        raise ValueError(f"{assignment} {question}: no options to choose from")
    return options[seed(assignment, login, question, salt) % len(options)]


def shuffled(items: Sequence[T], assignment: str, login: str, question: str, salt: str = "") -> list[T]:
    """ITEMS in an order that depends only on the assignment, login and question (and salt)."""
    return sorted(items, key=lambda item: seed(assignment, login, f"{question}|{item!r}", salt))


def sample(ids: Sequence[T], k: int, assignment: str, login: str, question: str, salt: str = "") -> list[T]:
    """K of IDS (in their original order) drawn for this assignment, login and question (and salt)."""
    if not 0 < k <= len(ids):
        raise ValueError(f"{assignment} {question}: cannot draw {k} of {len(ids)} items")
    drawn = set(shuffled(list(ids), assignment, login, question, salt)[:k])
    return [item for item in ids if item in drawn]


@dataclass(frozen=True)
class Variant:
    """The variant an exercise notebook runs: its assignment id and the learner's login (and where the login came from)."""

    assignment: str
    login: str
    source: str
    salt: str = field(default="", repr=False)  # "" for the practice draw; the assessed release's salt otherwise

    @property
    def assessed(self) -> bool:
        """True for a salted (assessed) draw."""
        return bool(self.salt)

    @property
    def code(self) -> str:
        return code(self.assignment, self.login, self.salt)

    def choose(self, options: Sequence[T], question: str) -> T:
        return choose(options, self.assignment, self.login, question, self.salt)

    def shuffled(self, items: Sequence[T], question: str) -> list[T]:
        return shuffled(items, self.assignment, self.login, question, self.salt)

    def sample(self, ids: Sequence[T], k: int, question: str) -> list[T]:
        return sample(ids, k, self.assignment, self.login, question, self.salt)

    def __str__(self) -> str:
        line = f"Variant of {self.assignment} for login '{self.login}' (code {self.code})"
        if self.source == "default":
            first, rest = (
                f"{line}:",
                (
                    "no login found, so this is the shared practice variant. For graded work, set "
                    'LOGIN = "your login" in this cell (unless your course sets it for you) and run the notebook again.'
                ),
            )
        elif self.salt:
            first, rest = (
                f"{line}, from {self.source}.",
                (
                    "This is your assessed variant: it differs from any practice copy's, and your answers are graded "
                    "against it."
                ),
            )
        else:
            first, rest = f"{line}, from {self.source}.", "Your answers are graded against this variant."
        # the record line stays whole (the grader reads it back); the rest wraps, as a notebook breaks long lines anywhere
        return first + "\n" + textwrap.fill(rest, WRAP)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


def for_notebook(assignment: str, typed_login: str = "", salt: str = "") -> Variant:
    """The setup cell's call: remember the LOGIN the learner typed (and the assessed release's SALT), and
    return the variant in force. The grader's CASEKIT_VARIANT_SALT, when set, wins over SALT."""
    set_login(typed_login)
    if salt:
        _salts[assignment] = str(salt)
    else:
        _salts.pop(assignment, None)
    login, source = current_login()
    return Variant(assignment, login, source, salt_for(assignment))


def current(assignment: str) -> Variant:
    """The variant in force now (what a check recomputes its expected answer for)."""
    login, source = current_login()
    return Variant(assignment, login, source, salt_for(assignment))


def assignments_in(source: str) -> list[str]:
    """The assignment ids SOURCE's `for_notebook("...", ...)` calls name, in order."""
    return list(dict.fromkeys(m["assignment"] for m in _FOR_NOTEBOOK.finditer(source)))


def salts_in(source: str) -> dict[str, str]:
    """The salts SOURCE's `for_notebook("A", ..., salt="...")` calls carry, by assignment."""
    found = {}
    for match in _FOR_NOTEBOOK.finditer(source):
        salt = _SALT_ARG.search(match["rest"])
        if salt:
            found[match["assignment"]] = salt[0].split("=", 1)[1].strip().strip("\"'")
    return found


def has_salt(source: str) -> bool:
    """True if SOURCE has a `for_notebook(..., salt="...")` call (an assessed release's setup cell)."""
    return any(_SALT_ARG.search(m["rest"]) for m in _FOR_NOTEBOOK.finditer(source))


def with_salt(source: str, salts: dict[str, str]) -> str:
    """SOURCE with each `for_notebook("A", ...)` call given `salt="..."` from SALTS (A's), replacing any salt it had."""

    def salted(match: re.Match) -> str:
        salt = salts.get(match["assignment"])
        if not salt:
            return match[0]
        rest = _SALT_ARG.sub("", match["rest"]).rstrip()
        return f'for_notebook({match[1]}{match["assignment"]}{match[1]}{rest}, salt="{salt}")'

    return _FOR_NOTEBOOK.sub(salted, source)


@dataclass(frozen=True)
class Recorded:
    """A variant line found in a notebook's stored outputs."""

    assignment: str
    login: str
    code: str

    @property
    def genuine(self) -> bool:
        """True if the code is the one this assignment and login give unsalted (the practice draw; not edited by hand)."""
        return self.code == code(self.assignment, self.login)

    def drawn_with(self, salt: str) -> bool:
        """True if the code is the one this assignment and login give under SALT ('' is the practice draw)."""
        return self.code == code(self.assignment, self.login, salt)


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


PRACTICE_DRAW = "practice draw"  # variant_problem's kind: an assessed submission that ran the unsalted draw


def variant_problem(nb: Any, login: str, salts: dict[str, str] | None = None) -> tuple[str, str]:
    """(kind, message) when NB's recorded variant is not LOGIN's; ("", "") when it is, or NB uses no variants.

    SALTS (assignment -> salt) are the assessed draws the grader expects; without them every draw is
    the practice one. Kinds: PRACTICE_DRAW (assessed grading, but the notebook ran the practice,
    unsalted draw, so its answers belong to another variant), "edited" (the code fits no draw of its
    login), "login" (another login's draw, or no login at all).
    """
    salts = salts or {}
    login = normalise_login(login)
    found = recorded(nb)
    if not found:
        return "", ""
    practice = [r for r in found if salts.get(r.assignment) and r.genuine]
    if practice:
        return PRACTICE_DRAW, (
            f"variant mismatch: the notebook ran the practice variant of {practice[0].assignment} (code "
            f"{practice[0].code}, drawn without the course salt), not the assessed one; its answers to variant "
            "questions belong to another variant and score 0"
        )
    wrong = [r for r in found if not r.drawn_with(salts.get(r.assignment, ""))]
    if wrong:
        return "edited", (
            f"variant mismatch: the notebook shows variant code {wrong[0].code} for login '{wrong[0].login}', "
            "which that login does not give (edited output?); graded against this file's login"
        )
    others = sorted({r.login for r in found if r.login != login})
    if others == [PRACTICE_LOGIN]:
        shared = "the shared variant of a notebook without a login" if salts else "the shared practice variant"
        return "login", (
            f"variant mismatch: the notebook ran {shared} (no login was set), not "
            f"'{login}''s (this file's name); graded against '{login}''s variant"
        )
    if others:
        return "login", (
            f"variant mismatch: the notebook was run as login '{others[0]}', not '{login}' (this file's name); "
            f"graded against '{login}''s variant"
        )
    return "", ""


def mismatch(nb: Any, login: str, salts: dict[str, str] | None = None) -> str:
    """Why NB's recorded variant is not LOGIN's ('' when it is, or when NB uses no variants).

    With SALTS (assessed grading) the expected draws are the salted ones, and a practice draw is reported."""
    return variant_problem(nb, login, salts)[1]


def without_login_line(source: str) -> str:
    """SOURCE with any `LOGIN = ...` line blanked and any `salt="..."` argument removed: a setup cell is the
    same cell whatever login was typed into it, and whichever release's salt it carries."""
    return _SALT_ARG.sub("", _LOGIN_LINE.sub("LOGIN = ...", source))
