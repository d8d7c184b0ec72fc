"""Saving the learner's work: the name and "Why?" boxes every save panel shows, and the atomic JSON writer.

Widgets record what the learner chose and wrote, never reasoning the kit wrote for them. The judging widgets of
lessons 01, 02 and 04 add, compatibly, each item's first (pre-reveal) judgement, the learner's reasons and their
"share my reasons" choice (`pre_reveal`, `reasons`, `share_reasons`: casekit.topics.commitments, documented in
docs/reasoning-schema.md); the share box is casekit.ui.reveal.share_box, off by default.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w

from casekit import __version__

SAVE_FOLDER = Path("my-reasoning")


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


def name_box() -> w.Text:
    """Return the "Your name" box every save panel starts with (a name or a class pseudonym)."""
    return w.Text(
        description="Your name", placeholder="name or class pseudonym", style={"description_width": "initial"}
    )


def justification_box(placeholder: str) -> w.Textarea:
    """Return the "Why?" box a save panel asks the learner to fill in their own words."""
    return w.Textarea(description="Why?", placeholder=placeholder, layout=w.Layout(width="40em", height="6em"))


def save_learner_record(
    message: w.HTML,
    folder: Path,
    errors: type[Exception] | tuple[type[Exception], ...],
    make_record: Callable[..., dict],
    then: Callable[[dict, Path], str] | None = None,
) -> Path | None:
    """A save button's handler: save the learner's record and say so in MESSAGE; report problems inline, never raise.

    `make_record(saved_at=..., kit_version=...)` builds the record (its own checks raise one of ERRORS); it is written
    into FOLDER with `save_reasoning`; `then(record, path)`, if given, writes anything that goes beside it and returns
    words added to the "Saved" line. On one of ERRORS or an OSError, MESSAGE says what is wrong and None is returned.
    """
    try:
        record = make_record(saved_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), kit_version=__version__)
        path = save_reasoning(record, folder)
        more = then(record, path) if then else ""
    except errors as exc:
        reason = str(exc)
    except OSError as exc:
        reason = f"could not write the file ({exc.strerror or exc})"
    else:
        message.value = f"<span role='status'>✓ Saved to {html.escape(str(path))}{html.escape(more)}</span>"
        return path
    message.value = f"<span role='alert'>⚠ Not saved: {html.escape(reason)}.</span>"
    return None
