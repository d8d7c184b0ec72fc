"""Load the kit's datasets, validated against their data cards (datasets/NAME.md)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from casekit.paths import DATASETS

CONFIDENCE = ("primary", "reported", "uncertain")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_BASE_TYPES = ("id", "str", "int", "float", "bool", "date", "category", "source_ids")


class DatasetError(ValueError):
    """A dataset or its card is malformed; the message names the file, row and column."""


@dataclass(frozen=True)
class Column:
    """One row of a data card's Columns table."""

    name: str
    type: str
    required: bool
    allowed: tuple[str, ...]
    meaning: str

    @property
    def ref(self) -> str | None:
        """The dataset a `ref:OTHER` column points into, else None."""
        return self.type.split(":", 1)[1] if self.type.startswith("ref:") else None


@dataclass(frozen=True)
class Card:
    """A parsed data card: title, prose sections and the column schema."""

    name: str
    path: Path
    title: str
    sections: dict[str, str]
    columns: tuple[Column, ...]

    @property
    def key(self) -> str:
        """The name of the table's id column."""
        return next(c.name for c in self.columns if c.type == "id")


def names(folder: Path = DATASETS) -> list[str]:
    """Return the names of all datasets (CSV files with a card) in FOLDER."""
    return sorted(p.stem for p in folder.glob("*.csv"))


def read_card(name: str, folder: Path = DATASETS) -> Card:
    """Parse datasets/NAME.md into a Card (DatasetError if it is missing or malformed)."""
    path = folder / f"{name}.md"
    if not path.is_file():
        raise DatasetError(f"{path}: data card missing; every dataset needs NAME.md beside NAME.csv")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    title = next((line[2:].strip() for line in lines if line.startswith("# ")), name)
    sections: dict[str, str] = {}
    current = None
    for line in lines:
        if line.startswith("## "):
            current = line[3:].strip()
            sections[current] = ""
        elif current:
            sections[current] += line + "\n"
    if "Columns" not in sections:
        raise DatasetError(f"{path}: no '## Columns' section")
    columns = []
    for line in sections["Columns"].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.strip().startswith("|") else []
        if len(cells) < 5 or cells[0] in ("column", "") or set(cells[0]) <= set("-: "):
            continue
        col_name, col_type, required, allowed, meaning = cells[:5]
        col_type = col_type.strip("`")
        if col_type not in _BASE_TYPES and not col_type.startswith("ref:"):
            raise DatasetError(f"{path}: column {col_name!r}: unknown type {col_type!r}")
        if required not in ("yes", "no"):
            raise DatasetError(f"{path}: column {col_name!r}: required must be yes or no, not {required!r}")
        values = tuple(v.strip().strip("`") for v in allowed.split(";") if v.strip())
        if col_type == "category" and not values:
            raise DatasetError(f"{path}: column {col_name!r}: a category column needs allowed values")
        columns.append(Column(col_name, col_type, required == "yes", values, meaning))
    if sum(c.type == "id" for c in columns) != 1:
        raise DatasetError(f"{path}: the Columns table needs exactly one column of type id")
    return Card(name, path, title, sections, tuple(columns))


def _read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    if not path.is_file():
        raise DatasetError(f"{path}: file not found")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except csv.Error as exc:
        raise DatasetError(f"{path}: not valid CSV ({exc})") from None
    if not rows:
        raise DatasetError(f"{path}: empty file, expected a header row")
    return rows[0], rows[1:]


def _convert(value: str, column: Column, where: str):
    """Return VALUE converted to COLUMN's type, or raise DatasetError naming WHERE."""
    kind = column.type
    if kind == "int":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise DatasetError(f"{where}: {value!r} is not a whole number")
        return int(value)
    if kind == "float":
        try:
            return float(value)
        except ValueError:
            raise DatasetError(f"{where}: {value!r} is not a number") from None
    if kind == "bool":
        if value not in ("true", "false"):
            raise DatasetError(f"{where}: {value!r} is not true or false")
        return value == "true"
    if kind == "date":
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            return dt.date.fromisoformat(value)
        except ValueError:
            raise DatasetError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None
    if kind == "id" and not _ID.match(value):
        raise DatasetError(f"{where}: id {value!r} must be lowercase letters, digits, '_' or '-'")
    if kind == "category" and value not in column.allowed:
        raise DatasetError(f"{where}: {value!r} is not one of {'; '.join(column.allowed)}")
    if kind == "source_ids":
        ids = tuple(v.strip() for v in value.split(";") if v.strip())
        if not ids:
            raise DatasetError(f"{where}: no source id given")
        return ids
    return value


def validate(name: str, folder: Path = DATASETS, _seen: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read datasets/NAME.csv, check it against its card and return a typed DataFrame."""
    card = read_card(name, folder)
    path = folder / f"{name}.csv"
    header, rows = _read_rows(path)
    expected = [c.name for c in card.columns]
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        detail = (
            f"missing column(s) {', '.join(missing)}"
            if missing
            else f"column(s) {', '.join(extra)} not in the data card"
            if extra
            else f"columns in the wrong order: {', '.join(header)} (card: {', '.join(expected)})"
        )
        raise DatasetError(f"{path}: row 1 (header): {detail}")
    records, seen_ids = [], {}
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise DatasetError(f"{path}: row {line}: {len(row)} fields, expected {len(header)}")
        record = {}
        for column, raw in zip(card.columns, row):
            value = raw.strip()
            where = f"{path}: row {line}, column {column.name}"
            if not value:
                if column.required:
                    raise DatasetError(f"{where}: empty, but the card says it is required")
                record[column.name] = None
                continue
            record[column.name] = _convert(value, column, where)
        key = record[card.key]
        if key in seen_ids:
            raise DatasetError(f"{path}: row {line}, column {card.key}: id {key!r} repeats row {seen_ids[key]}")
        seen_ids[key] = line
        records.append((line, record))
    _check_references(card, path, records, folder, _seen + (name,))
    return _frame(card, [r for _, r in records])


def _check_references(card: Card, path: Path, records, folder: Path, seen: tuple[str, ...]) -> None:
    targets: dict[str, set] = {}
    for column in card.columns:
        other = "sources" if column.type == "source_ids" else column.ref
        if other is None:
            continue
        if other not in targets:
            targets[other] = (
                set(_ids_of(other, folder, seen)) if other != card.name else {r[card.key] for _, r in records}
            )
        for line, record in records:
            value = record[column.name]
            for item in value if isinstance(value, tuple) else (value,) if value is not None else ():
                if item not in targets[other]:
                    raise DatasetError(
                        f"{path}: row {line}, column {column.name}: {item!r} is not an id in {other}.csv"
                    )


def _ids_of(name: str, folder: Path, seen: tuple[str, ...]) -> list[str]:
    """Return the ids of dataset NAME (validating it first, guarding against cycles)."""
    if name in seen:
        raise DatasetError(f"{folder / name}.md: reference cycle {' -> '.join(seen + (name,))}")
    frame = validate(name, folder, seen)
    return list(frame.index)


def _frame(card: Card, records: list[dict]) -> pd.DataFrame:
    dtypes = {"int": "Int64", "float": "Float64", "bool": "boolean", "date": "datetime64[ns]"}
    frame = pd.DataFrame.from_records(records, columns=[c.name for c in card.columns])
    for column in card.columns:
        if column.type in dtypes:
            frame[column.name] = frame[column.name].astype(dtypes[column.type])
        elif column.type == "category":
            frame[column.name] = pd.Categorical(frame[column.name], categories=list(column.allowed))
        elif column.type != "source_ids":
            frame[column.name] = frame[column.name].astype("string")
    frame = frame.set_index(card.key, drop=False)
    frame.index.name = None
    frame.attrs["card"] = card.title
    return frame


@cache
def _load_cached(name: str, folder: Path, mtimes: tuple) -> pd.DataFrame:
    return validate(name, folder)


def load(name: str, folder: Path | str = DATASETS) -> pd.DataFrame:
    """Return dataset NAME as a validated, typed DataFrame indexed by its id column."""
    folder = Path(folder)
    if not (folder / f"{name}.csv").is_file():
        known = ", ".join(names(folder)) or "none"
        raise DatasetError(f"{folder / name}.csv: no such dataset (known: {known})")
    mtimes = tuple(p.stat().st_mtime_ns for p in sorted(folder.glob("*.*")))
    return _load_cached(name, folder, mtimes).copy()


def card(name: str, folder: Path | str = DATASETS) -> Card:
    """Return the parsed data card of dataset NAME."""
    return read_card(name, Path(folder))


def sources_for(ids, folder: Path | str = DATASETS) -> pd.DataFrame:
    """Return the rows of `sources` for the given source ids, in the order given."""
    table = load("sources", folder)
    return table.loc[list(dict.fromkeys(ids))]


def _cited_ids(cell) -> list[str]:
    """The source ids of one `source_ids` cell: a tuple or list of ids, "a;b" text, or empty."""
    if isinstance(cell, str):
        return [part.strip() for part in cell.split(";") if part.strip()]
    if cell is None or (not isinstance(cell, (list, tuple, set)) and pd.isna(cell)):
        return []
    return [str(part) for part in cell]


def cited_sources(*frames, extra_ids: Iterable[str] = (), folder: Path | str = DATASETS) -> pd.DataFrame:
    """Return the rows of `sources` cited by FRAMES' `source_ids` columns, plus EXTRA_IDS, ordered by id.

    A frame may be a DataFrame or anything pandas turns into one (a list of dicts or dataclasses).
    A frame without a `source_ids` column, or an id that `sources` lacks, raises DatasetError.
    """
    folder = Path(folder)
    ids: set[str] = set()
    for number, frame in enumerate(frames, start=1):
        table = frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(list(frame))
        if "source_ids" not in table.columns:
            raise DatasetError(f"cited_sources: table {number} of {len(frames)} has no source_ids column")
        ids.update(i for cell in table["source_ids"] for i in _cited_ids(cell))
    ids.update(_cited_ids(extra_ids) if isinstance(extra_ids, str) else (str(i) for i in extra_ids))
    sources = load("sources", folder)
    unknown = sorted(ids - set(sources.index))
    if unknown:
        raise DatasetError(f"{folder / 'sources'}.csv: no row for the cited source id(s) {', '.join(unknown)}")
    return sources.loc[sorted(ids)]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit validate`."""
    parser.add_argument("--datasets", type=Path, default=DATASETS, help="folder of datasets")


def run(args: argparse.Namespace) -> int:
    """Validate every dataset; print one line each; exit 1 if any is malformed."""
    failed = 0
    for name in names(args.datasets):
        try:
            frame = load(name, args.datasets)
            print(f"ok  {name}: {len(frame)} rows")
        except DatasetError as exc:
            failed += 1
            print(f"bad {exc}")
    return 1 if failed else 0
