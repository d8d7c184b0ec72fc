"""casekit.data: every dataset validates against its card; corruptions give one clear line."""

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from casekit import data
from casekit.paths import DATASETS

EXPECTED = {
    "sources",
    "timeline",
    "claims",
    "contract_clauses",
    "relief_factors",
    "court_findings",
    "arguments",
    "cloud_market_share",
    "parties",
    "glossary",
    "bench_questions",
}


def test_every_expected_dataset_is_present_with_a_card():
    assert EXPECTED <= set(data.names())
    for name in data.names():
        assert (DATASETS / f"{name}.md").is_file()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_dataset_loads_typed_and_carries_sources_and_confidence(name):
    frame = data.load(name)
    assert len(frame) > 0
    assert frame.index.is_unique
    card = data.card(name)
    for section in ("Sources", "Confidence", "Content notes", "Columns"):
        assert card.sections.get(section, "").strip(), f"{name}.md lacks a {section} section"
    if name != "sources":
        assert set(frame["confidence"].astype(str)) <= set(data.CONFIDENCE)
        assert frame["source_ids"].map(len).min() >= 1


def test_dates_are_timestamps_and_numbers_are_numeric():
    timeline = data.load("timeline")
    assert pd.api.types.is_datetime64_any_dtype(timeline["date"])
    shares = data.load("cloud_market_share")
    assert pd.api.types.is_float_dtype(shares["share_pct"])


def test_load_returns_a_copy_so_callers_cannot_corrupt_the_cache():
    first = data.load("claims")
    first.loc[first.index[0], "name"] = "changed"
    assert data.load("claims").iloc[0]["name"] != "changed"


def test_unknown_dataset_names_the_known_ones():
    with pytest.raises(data.DatasetError, match=r"no such dataset \(known: .*timeline"):
        data.load("timelines")


# --- corruptions: each gives one line naming the file, the row and the column -------------


@pytest.fixture()
def copy_of_datasets(tmp_path) -> Path:
    folder = tmp_path / "datasets"
    shutil.copytree(DATASETS, folder)
    return folder


def _edit(folder: Path, name: str, edit) -> Path:
    path = folder / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _error(folder: Path, name: str) -> str:
    with pytest.raises(data.DatasetError) as caught:
        data.load(name, folder)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def _set(rows, column, value, row=1):
    rows[row][rows[0].index(column)] = value


def test_missing_column(copy_of_datasets):
    def drop_actor(rows):
        index = rows[0].index("actor")
        for row in rows:
            del row[index]

    path = _edit(copy_of_datasets, "timeline", drop_actor)
    assert _error(copy_of_datasets, "timeline") == f"{path}: row 1 (header): missing column(s) actor"


def test_bad_date(copy_of_datasets):
    path = _edit(copy_of_datasets, "timeline", lambda rows: _set(rows, "date", "2021-02-30", row=3))
    message = _error(copy_of_datasets, "timeline")
    assert message == f"{path}: row 4, column date: '2021-02-30' is not a date (YYYY-MM-DD)"


def test_unknown_source_id(copy_of_datasets):
    path = _edit(copy_of_datasets, "claims", lambda rows: _set(rows, "source_ids", "order_dkt34;no_such_doc", row=2))
    message = _error(copy_of_datasets, "claims")
    assert message == f"{path}: row 3, column source_ids: 'no_such_doc' is not an id in sources.csv"


def test_text_in_numeric_column(copy_of_datasets):
    path = _edit(copy_of_datasets, "cloud_market_share", lambda rows: _set(rows, "share_pct", "about a third"))
    message = _error(copy_of_datasets, "cloud_market_share")
    assert message == f"{path}: row 2, column share_pct: 'about a third' is not a number"


def test_value_outside_the_cards_allowed_list(copy_of_datasets):
    path = _edit(copy_of_datasets, "timeline", lambda rows: _set(rows, "confidence", "certain"))
    assert _error(copy_of_datasets, "timeline").startswith(f"{path}: row 2, column confidence: 'certain' is not one of")


def test_duplicate_id(copy_of_datasets):
    def duplicate(rows):
        rows[2][0] = rows[1][0]

    path = _edit(copy_of_datasets, "glossary", duplicate)
    assert _error(copy_of_datasets, "glossary").startswith(f"{path}: row 3, column id: id ")


def test_empty_required_cell(copy_of_datasets):
    path = _edit(copy_of_datasets, "claims", lambda rows: _set(rows, "name", ""))
    assert _error(copy_of_datasets, "claims") == f"{path}: row 2, column name: empty, but the card says it is required"


def test_broken_reference_between_datasets(copy_of_datasets):
    path = _edit(copy_of_datasets, "court_findings", lambda rows: _set(rows, "factor_id", "no_factor"))
    assert _error(copy_of_datasets, "court_findings") == (
        f"{path}: row 2, column factor_id: 'no_factor' is not an id in relief_factors.csv"
    )


def test_ragged_row(copy_of_datasets):
    path = _edit(copy_of_datasets, "glossary", lambda rows: rows[1].append("extra"))
    assert _error(copy_of_datasets, "glossary").startswith(f"{path}: row 2: ")


def test_not_utf8(copy_of_datasets):
    path = copy_of_datasets / "glossary.csv"
    path.write_bytes(b"id,term\n\xff\xfe\n")
    assert _error(copy_of_datasets, "glossary").startswith(f"{path}: not UTF-8 text")


def test_missing_card(copy_of_datasets):
    (copy_of_datasets / "glossary.md").unlink()
    assert "data card missing" in _error(copy_of_datasets, "glossary")


def test_corrupt_source_table_is_reported_when_another_dataset_needs_it(copy_of_datasets):
    path = _edit(copy_of_datasets, "sources", lambda rows: _set(rows, "date", "yesterday"))
    assert _error(copy_of_datasets, "claims").startswith(f"{path}: row 2, column date:")


def test_validate_command_reports_each_bad_dataset(copy_of_datasets, capsys):
    _edit(copy_of_datasets, "timeline", lambda rows: _set(rows, "date", "Jan 6"))
    from casekit.cli import main

    assert main(["validate", "--datasets", str(copy_of_datasets)]) == 1
    out = capsys.readouterr().out
    assert "bad " in out and "timeline.csv: row 2, column date" in out
    assert "ok  glossary" in out


# --- cited_sources: the sources table a lesson shows --------------------------------------------


def test_cited_sources_are_the_union_of_the_frames_ids_and_the_extras_in_id_order():
    timeline, findings = data.load("timeline").loc[["t07", "t23"]], data.load("court_findings").iloc[:2]
    extra = data.load("sources").index[-1]
    expected = {i for frame in (timeline, findings) for ids in frame["source_ids"] for i in ids} | {extra}
    cited = data.cited_sources(timeline, findings, extra_ids=[extra])
    assert list(cited.index) == sorted(expected)
    pd.testing.assert_frame_equal(cited, data.load("sources").loc[sorted(expected)])
    assert list(data.cited_sources(findings, timeline, extra_ids=(extra, extra)).index) == sorted(expected)


def test_cited_sources_take_records_and_semicolon_text_as_well_as_frames():
    first, second = data.load("sources").index[:2]
    records = [{"id": "a", "source_ids": (first,)}, {"id": "b", "source_ids": f"{second};{first}"}]
    assert list(data.cited_sources(records).index) == sorted({first, second})
    assert list(data.cited_sources(extra_ids=second).index) == [second]
    assert data.cited_sources().empty


def test_cited_sources_name_an_unknown_id_and_a_frame_without_source_ids():
    with pytest.raises(data.DatasetError, match=r"sources\.csv: no row for the cited source id\(s\) no_such_doc$"):
        data.cited_sources(data.load("timeline").iloc[:1], extra_ids=["no_such_doc"])
    with pytest.raises(data.DatasetError, match=r"table 2 of 2 has no source_ids column"):
        data.cited_sources(data.load("timeline"), pd.DataFrame({"id": ["x"]}))
