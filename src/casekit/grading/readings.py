"""Answers as the grader compares them: a value's *readings* (as a truth value, days, number, section, ids...).

A hidden question is graded without any check in the package: the grader runs the key's answer cell
for the learner's variant (casekit.grading.keyrun) and reads the value the key's check cell names;
the learner's kernel prints its own value's readings (`report`, one JSON line), never seeing the
key's; and `same` compares the two in the grader. Each reading uses the normaliser of
casekit.checks.answers that the form feedback uses, so every equivalent way of writing an answer
(14, 14.0, "14", a 14-day timedelta; "§ 7.2(b)(i)" and "7.2(b)(i)"; "B" and "(b)") reads the same.
Which reading decides is the question's answer form (casekit.checks.forms): the form's own
normaliser when the Form has one (`Form.normalise`, e.g. a weekday that accepts "Fri"), else the
reading FORM_READING names, else, for a form this module does not know, the kind of value the key's
answer is.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import re
from typing import Any

from casekit.checks import answers

MARK = "casekit-answer"  # the report line's first word: `casekit-answer 1a {...}`
MAX_ITEMS = 100  # a report line must fit the grader's 4000 characters of captured output
NUMBER_TOLERANCE = 0.005  # a number is right to within this, or REL_TOLERANCE of it, whichever is larger
REL_TOLERANCE = 5e-4  # (so a share given to two decimals, or an HHI rounded to a whole number, is right)
FORM_READING = {
    "True/False": "truth",
    "whole number": "days",
    "number of days": "days",
    "letter a-d": "letter",
    "section reference": "section",
    "number": "number",
}


def _key(text: str) -> str:
    return re.sub(r"[\s_-]+", "_", text.strip().casefold())


def _ids(value: Any) -> list[str] | None:
    """VALUE as a sorted list of normalised ids: one id, a list/set/array/Series/Index of them, or a table's index."""
    try:
        import numpy as np
        import pandas as pd
    except ImportError:  # pragma: no cover - the kit always has them
        return None
    if isinstance(value, pd.DataFrame):
        value = value.index
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple, set, frozenset, np.ndarray, pd.Series, pd.Index)) or len(value) > MAX_ITEMS:
        return None
    items = list(value)
    if not items or not all(isinstance(item, str) for item in items):
        return None
    return sorted({_key(item) for item in items})


def _moment(value: Any) -> list | None:
    """A time-zone-aware moment as [UTC ISO time, UTC offset in seconds] (same instant and same zone offset)."""
    value = answers.one_item(value)
    if isinstance(value, _dt.datetime) and value.tzinfo is not None and value.utcoffset() is not None:
        return [value.astimezone(_dt.UTC).isoformat(), value.utcoffset().total_seconds()]
    return None


def _aliases() -> dict[str, str]:
    try:
        from casekit import data

        return data.load("contract_clauses")["section"].to_dict()
    except Exception:  # a reading must never fail
        return {}


def _form_normaliser(form: str):
    """The normaliser the answer FORM declares (a Form's optional `normalise`), or None."""
    if not form:
        return None
    try:
        from casekit.checks.forms import all_forms

        return getattr(all_forms().get(form), "normalise", None)
    except Exception:  # no form registry, or a topic module that fails to load: the generic readings decide
        return None


def _jsonable(value: Any) -> Any:
    """VALUE as JSON can hold it (sets sorted, other objects as their text)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (set, frozenset)):
        return sorted(_jsonable(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


def read(value: Any, form: str = "") -> dict:
    """Every reading of VALUE that applies (JSON-ready), plus its type name and a short repr."""
    found: dict[str, Any] = {"type": type(value).__name__}
    normalise = _form_normaliser(form)
    if normalise is not None:
        try:
            reading = normalise(value)
        except Exception:
            reading = None
        if reading is not None:
            found["form"] = _jsonable(reading)
    readers = {
        "truth": lambda: answers.truth(value),
        "days": lambda: answers.whole_days(answers.one_item(value)),
        "number": lambda: answers.number(answers.one_item(value)),
        "moment": lambda: _moment(value),
        "ids": lambda: _ids(value),
    }
    one = answers.one_item(value)
    if isinstance(one, str):
        readers["text"] = lambda: _key(one) or None
        readers["letter"] = lambda: answers.letter(one, "abcdefghij")
        aliases = _aliases() if form == "section reference" else None
        readers["section"] = lambda: answers.section(one, aliases=aliases)
    for name, reader in readers.items():
        try:
            reading = reader()
        except Exception:  # an odd value has no such reading
            reading = None
        if reading is not None and not (isinstance(reading, float) and not math.isfinite(reading)):
            found[name] = reading
    try:
        found["repr"] = repr(value)[:300]
    except Exception:
        found["repr"] = f"<{found['type']}>"
    return found


def report_line(question: str, value: Any, form: str = "") -> str:
    """The one line `report` prints: `casekit-answer QUESTION {readings}`."""
    return f"{MARK} {question} " + json.dumps(read(value, form), ensure_ascii=False, default=str)


def report(question: str, value: Any, form: str = "") -> None:
    """Print VALUE's readings as QUESTION's answer (the grader's stand-in for a hidden check cell)."""
    print(report_line(question, value, form))


def parse(text: str, question: str) -> dict | None:
    """The readings QUESTION's report line in TEXT holds (None if there is none, or it is not JSON)."""
    for line in reversed(text.splitlines()):
        if line.startswith(f"{MARK} {question} "):
            try:
                found = json.loads(line[len(MARK) + len(question) + 2 :])
            except ValueError:
                return None
            return found if isinstance(found, dict) else None
    return None


def deciding(expected: dict, form: str = "") -> str:
    """Which reading decides whether an answer equals EXPECTED (the key's readings)."""
    if "form" in expected:
        return "form"
    if form in FORM_READING and FORM_READING[form] in expected:
        return FORM_READING[form]
    kind = expected.get("type", "")
    if "truth" in expected and kind in ("bool", "bool_"):
        return "truth"
    if "moment" in expected:
        return "moment"
    if "days" in expected and (
        kind in ("int", "Timedelta", "timedelta", "timedelta64") or kind.startswith(("int", "uint"))
    ):
        return "days"
    if "number" in expected:
        return "number"
    if "section" in expected and "text" in expected and re.match(r"\d", expected["text"].lstrip("§ ")):
        return "section"
    if "letter" in expected and len(expected.get("text", "")) == 1:
        return "letter"
    if "text" in expected:
        return "text"
    if "ids" in expected:
        return "ids"
    return "repr"


def same(expected: dict, given: dict | None, form: str = "", tolerance: float | None = None) -> bool:
    """True if the learner's readings GIVEN are the key's EXPECTED answer, read as the question's form asks."""
    if not given:
        return False
    reading = deciding(expected, form)
    want, got = expected.get(reading), given.get(reading)
    if reading == "text" and got is None and given.get("ids") and len(given["ids"]) == 1:
        got = given["ids"][0]  # a one-item list naming the answer
    if want is None or got is None:
        return False
    if reading == "form" and isinstance(want, (int, float)) and isinstance(got, (int, float)):
        reading, want, got = "number", float(want), float(got)
    if reading == "number":
        allowed = tolerance if tolerance is not None else max(NUMBER_TOLERANCE, REL_TOLERANCE * abs(want))
        if abs(got - want) <= allowed:
            return True
        return "share" in form and 1 < got <= 100 and abs(got / 100 - want) <= allowed  # a percentage for a share
    return want == got


def describe(found: dict | None) -> str:
    """A short human-readable form of readings, for the feedback page."""
    if not found:
        return "(no answer could be read)"
    return str(found.get("repr", "?"))
