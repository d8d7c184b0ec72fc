"""Answer normalisation shared by every check: each helper returns a normalised value, or None when it cannot tell.

A check calls the helper for the kind of answer its question asks for, turns None into a hint about
the answer's *form* ("give a whole number ..."), and compares the normalised value with the right
answer. So every equivalent way of writing a right answer passes, and a hint about the *content*
("not that one") is only ever given to an answer that was understood. This module registers no
question; it is pure (no datasets, no widgets).
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

_INTEGER_TEXT = re.compile(r"[+-]?\d+(?:\.0*)?")
_SECTION = re.compile(
    r"(?:§+|sections?|secs?\.?|ss?\.)?\s*"  # '§', 'Section', 'sec.', 's.' (or nothing)
    r"(\d+(?:\.\d+)*)\s*"  # 7.2
    r"((?:\(\s*[a-z0-9]+\s*\)\s*)*)\.?"  # (b)(i), spaces allowed; a closing full stop
)
_LETTER = re.compile(r"\(\s*([a-z])\s*\)|([a-z])\s*[).]?")


def _scalar(value: Any) -> Any:
    """The value inside a zero-dimensional numpy array; anything else unchanged."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.item()
    return value


def _real(value: Any) -> bool:
    return isinstance(value, (numbers.Real, Decimal))


def _is_bool(value: Any) -> bool:
    return isinstance(value, (bool, np.bool_))


def whole_number(value: Any) -> int | None:
    """VALUE as an int if it is a whole number: any integer type, an integral float (14.0), or text like " 14 "; never a bool."""
    value = _scalar(value)
    if _is_bool(value):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, str):
        text = value.strip().replace("_", "")
        return int(text.split(".")[0]) if _INTEGER_TEXT.fullmatch(text) else None
    if _real(value):
        try:
            as_float = float(value)
        except (TypeError, ValueError, OverflowError):
            return None
        if math.isfinite(as_float) and as_float == int(as_float):
            return int(as_float)
    return None


def number(value: Any) -> float | None:
    """VALUE as a finite float if it is a real number of any type, or text holding one ("2.5"); never a bool."""
    value = _scalar(value)
    if _is_bool(value):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if _real(value):
        try:
            as_float = float(value)
        except (TypeError, ValueError, OverflowError):
            return None
        return as_float if math.isfinite(as_float) else None
    return None


def share(value: Any) -> float | None:
    """VALUE as a share from 0 to 1: a fraction (0.125), a percentage (12.5, read as 12.5 / 100 when over 1),
    text holding either with or without a percent sign ("12.5%", " 0.125 "), or a one-item list or Series."""
    item = one_item(value)
    if isinstance(item, str) and item.strip().endswith("%"):
        x = number(item.strip()[:-1])
        return None if x is None or not 0 <= x <= 100 else x / 100
    x = number(item)
    if x is None:
        return None
    return x / 100 if 1 < x <= 100 else x


def whole_days(value: Any) -> int | None:
    """A number of days: a whole number (see whole_number), or a time span of whole days (timedelta, pandas or numpy)."""
    value = _scalar(value)
    if isinstance(value, np.timedelta64):
        if np.isnat(value):
            return None
        value = _dt.timedelta(microseconds=int(value.astype("timedelta64[us]").astype(np.int64)))
    if isinstance(value, _dt.timedelta):  # pandas.Timedelta is a subclass
        try:
            if value != value or value % _dt.timedelta(days=1):  # NaT, or not whole days
                return None
        except (TypeError, ValueError):
            return None
        return value.days
    return whole_number(value)


def truth(value: Any) -> bool | None:
    """VALUE as a bool if it is True/False (Python or numpy) or the text "true"/"false" in any case."""
    value = _scalar(value)
    if _is_bool(value):
        return bool(value)
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value.strip().casefold())
    return None


def text(value: Any) -> str | None:
    """VALUE's text with surrounding whitespace removed, inner runs of whitespace made one space, case folded; None if not text or empty."""
    if not isinstance(value, str):
        return None
    folded = " ".join(value.split()).casefold()
    return folded or None


def identifier(value: Any, choices: Iterable[str]) -> str | None:
    """The one of CHOICES (ids such as "irreparable_harm") that VALUE names, ignoring case, surrounding space and '_'/'-'/' '."""

    def key(item: str) -> str:
        return re.sub(r"[\s_-]+", "_", item.strip().casefold())

    if not isinstance(value, str) or not value.strip():
        return None
    wanted = key(value)
    return next((choice for choice in choices if key(choice) == wanted), None)


def letter(value: Any, options: Iterable[str]) -> str | None:
    """The option letter VALUE gives, lower case: "b", "B", "(b)", "b)" and "b." all give "b"; None if not one of OPTIONS."""
    if not isinstance(value, str):
        return None
    match = _LETTER.fullmatch(value.strip().casefold())
    if not match:
        return None
    found = match.group(1) or match.group(2)
    return found if found in {option.casefold() for option in options} else None


def section(value: Any, aliases: Mapping[str, str] | None = None) -> str | None:
    """A section reference in one canonical form, "7.2(b)(i)".

    Accepts '§ 7.2(b)(i)', 'Section 7.2 (b)(i)', 'sec. 7.2(B)(I)', 's. 7.2(b)(i)', '7.2(b)(i)'.

    ALIASES maps other accepted names (such as a clause id, "csa_7_2_b_i") to a section reference.
    """
    if not isinstance(value, str):
        return None
    if aliases:
        name = value.strip().casefold()
        for alias, reference in aliases.items():
            if alias.casefold() == name:
                return section(reference)
    match = _SECTION.fullmatch(value.strip().casefold())
    if not match:
        return None
    number_part, parts = match.groups()
    return number_part + "".join(f"({part})" for part in re.findall(r"[a-z0-9]+", parts))


def one_item(value: Any) -> Any:
    """The single item of a one-item list, tuple, set, numpy array or pandas Series (e.g. relief.weigh(...).deciding).

    Anything else is returned unchanged."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.item()
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray, pd.Series, pd.Index)) and len(value) == 1:
        return next(iter(value))
    return value


def id_set(value: Any, known: Iterable[str]) -> frozenset[str] | None:
    """The set of KNOWN ids VALUE names: a list, tuple, set, array, Series or Index of ids, a filtered table
    (its index), or one id; each id as `identifier` reads it. None if VALUE is none of these or names an unknown id."""
    if isinstance(value, pd.DataFrame):
        value = value.index
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple, set, frozenset, np.ndarray, pd.Series, pd.Index)) or not len(value):
        return None
    known = list(known)
    found = [identifier(item, known) if isinstance(item, str) else None for item in value]
    return None if None in found else frozenset(found)
