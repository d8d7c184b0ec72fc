"""Pieces every lesson's widgets share: the browser-test marks, text blocks, saving the learner's work.

Browser-test convention (docs/browser-tests.md): a lesson's main widget carries the CSS class
`casekit-main`, the control the test changes `casekit-main-control`, and the output that must
change `casekit-main-output`.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import ipywidgets as w

SAVE_FOLDER = Path("my-reasoning")
PLOTLY_MIME = "application/vnd.plotly.v1+json"


def mark_main(box: w.Widget, control: w.Widget, output: w.Widget) -> None:
    """Mark BOX, CONTROL and OUTPUT with the browser-test classes of a lesson's main widget."""
    box.add_class("casekit-main")
    control.add_class("casekit-main-control")
    output.add_class("casekit-main-output")


def text_block(text: str) -> str:
    """Return TEXT as escaped, wrapping HTML that keeps its line breaks."""
    return "<pre style='white-space:pre-wrap;font-family:inherit'>" + html.escape(text) + "</pre>"


def save_reasoning(record: dict, folder: Path = SAVE_FOLDER) -> Path:
    """Write RECORD as JSON into FOLDER (atomically) and return the file's path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", record["learner"]).strip("-")[:40] or "learner"
    stamp = record["saved_at"].replace(":", "").replace("-", "")[:15]
    path = folder / f"{stem}-{stamp}.json"
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)
    return path
