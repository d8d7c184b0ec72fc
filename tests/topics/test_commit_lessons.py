"""Commit, then compare, in the lessons themselves: no court finding (or record verdict) that a judging widget hides
sits in a lesson's text or stored outputs above that widget, nor in the widget's saved state (what the static site
shows before anyone judges); after it, the findings are in closed disclosures. A table above the widget may not show
a column that records the court's treatment (e.g. contract_clauses.court_treatment, antitrust_evidence.status)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import nbformat
import pytest

from casekit import data
from casekit.paths import ROOT
from casekit.topics.antitrust import widgets as antitrust_widgets
from casekit.topics.case import reasoning as news
from casekit.topics.contract import reasoning as contract

LESSONS = ROOT / "lessons"
STATE = LESSONS / "widget-state"


def _texts(cell) -> list[str]:
    if cell.cell_type == "markdown":
        return [cell.source]
    texts = []
    for output in cell.get("outputs", []):
        texts.append(str(output.get("text", "")))
        texts += [str(v) for k, v in (output.get("data") or {}).items() if k.startswith("text/")]
    return texts


def _plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _hidden(stem: str) -> list[str]:
    """The sentences each lesson's judging widget hides until the learner saves."""
    findings = data.load("court_findings")
    if stem == "00-the-case":
        return [str(r) for r in news.load_claims()["reason"]]
    if stem == "01-emergency-relief":
        # the clause table of § 5 sits above the widget: its court_treatment column is the court's finding too
        clauses = data.load("contract_clauses")
        return [str(s) for s in findings["summary"]] + [str(t) for t in clauses["court_treatment"].dropna()]
    if stem == "02-cloud-contracts":
        return [q.court_answer for q in contract.questions()] + [
            str(s) for s in findings.loc[findings.factor_id == "success_contract", "summary"]
        ]
    return [str(n) for n in data.load("antitrust_evidence")["court_note"]] + [
        str(findings.loc["cf_sherman_order", "summary"]),
        # the status `finding` in words: which items the court credited, shown per item only after its reveal
        antitrust_widgets.STATUS_WORDS["finding"],
    ]


# Columns whose values are the court's treatment: no table above the judging widget may show them.
HIDDEN_COLUMNS = {
    "01-emergency-relief": {"court_treatment", "finding"},
    "04-antitrust": {"status", "court_treatment", "court_note", "finding"},
}


def _column_headers(cell) -> set[str]:
    """The column headers of every HTML table in a code cell's stored outputs, as column names (snake_case)."""
    heads = set()
    for text in _texts(cell) if cell.cell_type == "code" else []:
        for head in re.findall(r"<th scope='col'[^>]*>(.*?)</th>", text, flags=re.S):
            heads.add("_".join(_plain(head).lower().split()))
    return heads


def _state_text(path: Path) -> str:
    """Every string in a lesson's saved widget state (lessons/widget-state), as plain text."""
    strings: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(path.read_text(encoding="utf-8")))
    return _plain(" ".join(strings))


WIDGET = {
    "00-the-case": "ClaimChecker(",
    "01-emergency-relief": "WeighingWidget(",
    "02-cloud-contracts": "ReadingWidget(",
    "04-antitrust": "EvidenceWidget(",
}


def _widget_at(nb, stem: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and WIDGET[stem] in c.source)


@pytest.mark.parametrize("stem", list(WIDGET))
def test_nothing_the_widget_hides_is_above_it_and_what_follows_is_closed(stem, lessons=LESSONS):
    nb = nbformat.read(lessons / f"{stem}.ipynb", as_version=4)
    at = _widget_at(nb, stem)
    above = _plain(" ".join(t for c in nb.cells[:at] for t in _texts(c)))
    hidden = [_plain(h)[:80] for h in _hidden(stem)]
    shown = [h for h in hidden if h in above]
    assert not shown, f"{stem}: above the widget: {shown[:2]}"
    below = [t for c in nb.cells[at + 1 :] for t in _texts(c)]
    holding = [t for t in below if any(h in _plain(t) for h in hidden)]
    assert holding, f"{stem}: the findings should follow the widget, in a closed disclosure"
    assert all("<details" in t and "<details open" not in t for t in holding), stem


@pytest.mark.parametrize("stem", list(HIDDEN_COLUMNS))
def test_no_table_above_the_widget_shows_the_courts_treatment(stem, lessons=LESSONS):
    nb = nbformat.read(lessons / f"{stem}.ipynb", as_version=4)
    at = _widget_at(nb, stem)
    shown = {(i, column) for i, c in enumerate(nb.cells[:at]) for column in _column_headers(c) & HIDDEN_COLUMNS[stem]}
    assert not shown, f"{stem}: cell and column above the widget: {sorted(shown)}"


@pytest.mark.parametrize("stem", list(WIDGET))
def test_the_saved_widget_state_holds_nothing_the_widget_hides(stem, state=STATE):
    path = state / f"{stem}.json"
    if not path.exists():
        pytest.skip(f"{path.name}: no saved widget state (run casekit execute)")
    text = _state_text(path)
    shown = [h for h in (_plain(h)[:80] for h in _hidden(stem)) if h in text]
    assert not shown, f"{stem}: in the saved widget state before anyone judges: {shown[:2]}"
