"""Learner self-checks: `check("0a", value)` prints one deterministic verdict line and never raises.

This package is the machinery only (register, verdict, answer normalisers, answer forms); it imports no
topic. Each lesson's checks live in `casekit/topics/<topic>/checks.py` and are found on first use.
"""

from __future__ import annotations

import importlib
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PASS = "✓"
FAIL = "✗"


@dataclass(frozen=True)
class Question:
    """A registered check: its id, the function judging a value, and the praise line on success."""

    id: str
    judge: Callable[[Any], bool | str]
    success: str


REGISTRY: dict[str, Question] = {}


def register(question_id: str, success: str = "correct") -> Callable:
    """Decorator: register FUNC(value) -> True | hint as the check of QUESTION_ID."""

    def decorate(judge: Callable[[Any], bool | str]) -> Callable:
        if question_id in REGISTRY:
            raise ValueError(f"check {question_id!r} registered twice")
        REGISTRY[question_id] = Question(question_id, judge, success)
        return judge

    return decorate


def verdict(question_id: str, value: Any) -> str:
    """Return the one-line verdict for VALUE as an answer to QUESTION_ID (never raises)."""
    _load_all()
    question = REGISTRY.get(question_id)
    if question is None:
        return f"{question_id} {FAIL} no such question (check the id in this cell)"
    if value is Ellipsis:
        return f"{question_id} {FAIL} not answered yet: replace ... with your answer"
    try:
        result = question.judge(value)
    except Exception as exc:  # a learner's odd value must never stop the notebook
        return f"{question_id} {FAIL} could not check this answer ({type(exc).__name__}: {exc})"
    if result is True:
        return f"{question_id} {PASS} {question.success}"
    hint = result if isinstance(result, str) and result else "not yet; re-read the question"
    return f"{question_id} {FAIL} {hint}"


WRAP = 88  # a notebook breaks a longer printed line anywhere, even inside a word


def printed(text: str) -> str:
    """TEXT as a check prints it: wrapped at WRAP characters, continuation lines indented two spaces."""
    return textwrap.fill(text, WRAP, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)


def check(question_id: str, value: Any) -> None:
    """Print the verdict for VALUE as an answer to QUESTION_ID (wrapped: see `printed`)."""
    print(printed(verdict(question_id, value)))


_loaded = False


def check_modules() -> list[str]:
    """The module names of every topic's checks (casekit.topics.<topic>.checks), found, not listed."""
    topics = importlib.import_module("casekit.topics")
    return [f"casekit.topics.{t.name}.checks" for t in topics.all_topics() if "checks" in t.parts]


def _load_all() -> None:
    """Import every topic's check module once, so their @register calls run."""
    global _loaded
    if _loaded:
        return
    for name in check_modules():
        importlib.import_module(name)
    _loaded = True
