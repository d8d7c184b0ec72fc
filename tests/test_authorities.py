"""Authorities the kit now marks `primary` are never described as unverified or uncertain elsewhere.

For every source of kind `case` or `guidelines` that `sources.csv` marks primary:
- no dataset row that cites it may say that the authority's citation or text is "not verified"
  (or call it unverified / uncertain / reported) in a sentence that names it;
- no row may be `uncertain` (or `reported`) solely because of it: a row whose every source is
  primary must not carry a weaker mark than primary, and in particular no row citing only primary
  authorities may be `uncertain`.
`DATASETS_DIR` (an environment variable) points the test at another copy of the datasets, e.g. the
committed ones, to show that it fails on data that still doubts an upgraded authority.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from casekit.paths import DATASETS

FOLDER = Path(os.environ.get("DATASETS_DIR", DATASETS))
KINDS = {"case", "guidelines"}
# Rows that stay weaker than their primary sources for a reason that is not the authority itself, with that reason.
EXEMPT = {
    ("glossary", "ssnip"): "the mechanics of the 2010 Guidelines' § 4.1 were not read; only the table of contents was",
}
DOUBT = re.compile(
    r"not verified|unverified|reportedly|is uncertain|citation is not|not opened|\(reported\)", re.IGNORECASE
)


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(FOLDER / f"{name}.csv", dtype=str, keep_default_na=False)


def _datasets() -> dict[str, pd.DataFrame]:
    return {p.stem: _csv(p.stem) for p in sorted(FOLDER.glob("*.csv")) if p.stem != "sources"}


def _primary_authorities() -> pd.DataFrame:
    sources = _csv("sources")
    return sources[sources["kind"].isin(KINDS) & (sources["confidence"] == "primary")]


def _names(title: str) -> list[str]:
    """Short names a row may use for an authority: the first party of a case, or the guidelines' year."""
    names = []
    case = re.match(r"\s*([A-Z][\w.&' ]+?)(?: Corp\.| Co\.| Inc\.|,| v\.)", title)
    if case:
        names.append(case.group(1).split()[0])
    year = re.search(r"\((\d{4})\)", title)
    if "Guidelines" in title and year:
        names.append(f"{year.group(1)} ")
    return [n for n in names if len(n.strip()) >= 4]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;])\s+", text) if s]


def _citing_rows():
    authorities = _primary_authorities()
    for name, frame in _datasets().items():
        if "source_ids" not in frame.columns:
            continue
        for _, row in frame.iterrows():
            ids = [s for s in row["source_ids"].split(";") if s]
            for sid in set(ids) & set(authorities["id"]):
                yield name, row, ids, authorities.set_index("id").loc[sid]


def test_there_are_primary_authorities_to_check():
    assert len(_primary_authorities()) >= 5


def test_exempt_rows_exist_and_say_what_was_not_read():
    frames = _datasets()
    for (name, row_id), reason in EXEMPT.items():
        frame = frames[name].set_index("id")
        assert row_id in frame.index and reason
        assert DOUBT.search(" ".join(frame.loc[row_id].astype(str))), (name, row_id)


def test_no_row_doubts_an_authority_the_sources_mark_primary():
    problems = []
    for name, row, _, authority in _citing_rows():
        names = _names(authority["title"])
        text = " ".join(str(v) for k, v in row.items() if k not in ("id", "source_ids", "confidence"))
        for sentence in _sentences(text):
            if DOUBT.search(sentence) and any(n in sentence for n in names):
                problems.append(f"{name}:{row['id']} doubts {authority.name}: {sentence!r}")
    assert not problems, "\n".join(problems)


def test_no_row_is_weakened_solely_by_a_primary_authority():
    sources = _csv("sources").set_index("id")
    problems = []
    for name, row, ids, authority in _citing_rows():
        if (name, row["id"]) in EXEMPT:
            continue
        if row.get("confidence", "") in ("uncertain", "reported") and ids:
            if all(sources.loc[s, "confidence"] == "primary" for s in ids if s in sources.index):
                problems.append(
                    f"{name}:{row['id']} is {row['confidence']} but every source is primary "
                    f"(including {authority.name})"
                )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("sid", ["case_nynex", "guidelines_hmg_2010", "guidelines_mg_2023"])
def test_the_upgraded_authorities_are_primary_and_their_notes_do_not_say_unread(sid):
    row = _csv("sources").set_index("id").loc[sid]
    assert row["confidence"] == "primary", sid
    assert not re.search(r"^Not opened|citation itself is not verified", row["note"]), sid
