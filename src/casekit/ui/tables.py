"""Readable HTML for rows of prose: tables, cards, confidence badges and the sources table.

Pure functions returning HTML strings; lessons show them with `IPython.display.HTML`. Every cell is
left-aligned and top-aligned with inline styles (JupyterLab's own table style right-aligns cells and
the static site keeps inline styles), source ids are text, and confidence is a badge with words.
Tables sit in a keyboard-reachable region that scrolls sideways on narrow screens.
"""

from __future__ import annotations

import datetime as dt
import html
import numbers
import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from casekit.ui.theme import CONFIDENCE_BADGE_COLOURS, CONFIDENCE_WORDS, text_colour_on

SOURCE_ANCHOR = "source-"  # the sources table's row for id X carries the HTML id "source-X"
CONFIDENCE_LABELS = {"primary": "primary", "reported": "reported", "uncertain": "⚠ UNCERTAIN"}
MISSING = "—"
RULE = "1px solid #c8ccd2"
CELL_STYLE = (
    f"text-align:left;vertical-align:top;padding:0.45em 0.6em;border-bottom:{RULE};"
    "line-height:1.45;white-space:normal;overflow-wrap:break-word"
)
# Ids, source ids and numbers are tokens: never broken inside (a column is never narrower than its
# longest token, since a table's auto layout keeps every column at least as wide as what cannot break).
TOKEN_STYLE = "white-space:nowrap;overflow-wrap:normal;word-break:keep-all"
SMALL_FONT = "12px"  # the smallest text the kit draws (badges, notes under a title)
TOKEN_MAX = 40  # a space-free value up to this long is a token (an id, a number); longer ones may wrap
HEAD_STYLE = CELL_STYLE.replace(RULE, "2px solid #8a9099") + ";font-weight:600"
TABLE_STYLE = "border-collapse:collapse;width:100%;table-layout:auto;margin:0;font-size:0.95em"
CAPTION_STYLE = "caption-side:top;text-align:left;font-weight:600;padding:0 0 0.4em 0"
PROSE_MIN_WIDTH = "14em"
SHORT_MIN_WIDTH = "6em"
COLUMN_MIN_WIDTHS = {"confidence": "7.5em", "source_ids": "12em", "date": "6.5em", "url": "12em"}
# Headers for the datasets' columns whose names do not read as words ('aws_answered' -> 'AWS answered').
COLUMN_LABELS = {"source_ids": "Sources", "url": "Link", "aws_answered": "AWS answered", "date_label": "When"}


def _escape(value) -> str:
    return html.escape(str(value), quote=True)


def is_missing(value) -> bool:
    """Whether VALUE is a missing cell (None, NaN, NaT, pd.NA); a list or tuple is never missing."""
    if value is None or isinstance(value, (tuple, list)):
        return value is None
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def confidence_badge(level: str) -> str:
    """Return LEVEL (primary, reported or uncertain) as a badge with words, never colour alone."""
    level = str(level)
    background = CONFIDENCE_BADGE_COLOURS.get(level, "#FFFFFF")
    words = CONFIDENCE_WORDS.get(level, level)
    return (
        f"<span class='casekit-badge casekit-badge-{_escape(level)}' title='{_escape(words)}' "
        f"style='display:inline-block;padding:0.05em 0.55em;border-radius:0.8em;border:1px solid #000000;"
        f"background:{background};color:{text_colour_on(background)};font-size:{SMALL_FONT};font-weight:600;"
        f"white-space:nowrap;min-width:max-content'>{_escape(CONFIDENCE_LABELS.get(level, level))}</span>"
    )


def token_html(text: str) -> str:
    """Return TEXT (escaped) in a span that never breaks inside it: an id, a source id or a number."""
    return f"<span class='casekit-token' style='{TOKEN_STYLE}'>{text}</span>"


def source_ids_html(ids, link: bool = False) -> str:
    """Return source IDS as comma-separated text that wraps only between ids; with LINK, each id links to its
    row in the sources table."""
    if is_missing(ids):
        return MISSING
    items = [ids] if isinstance(ids, str) else list(ids)
    parts = [
        token_html(f"<a href='#{SOURCE_ANCHOR}{_escape(i)}'>{_escape(i)}</a>" if link else _escape(i)) for i in items
    ]
    return f"<span class='casekit-sources'>{', '.join(parts) or MISSING}</span>"


def number_text(value, column: str = "") -> str:
    """Return a number as a reader writes it: whole numbers without '.0' and with thousands separators
    (26,000; a year column keeps 2021), others as they are (37.1), never numpy's `np.float64(...)`."""
    if hasattr(value, "item"):  # a numpy or pandas scalar
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (int, float)) and "year" not in column.lower():
        return f"{value:,}"
    return str(value)


def is_number(value) -> bool:
    """Whether VALUE is a number (Python or numpy), not a bool."""
    return isinstance(value, (numbers.Real, np.number)) and not isinstance(value, (bool, np.bool_))


def _is_token(text: str) -> bool:
    return 0 < len(text) <= TOKEN_MAX and not any(c.isspace() for c in text)


def date_text(value) -> str:
    """Return a date as YYYY-MM-DD, or 'date unknown' when there is none (never NaT)."""
    if is_missing(value):
        return "date unknown"
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.strftime("%Y-%m-%d")
    return _escape(value)


def url_link(url) -> str:
    """Return an http(s) URL as a link that opens in a new tab and wraps; anything else as plain text."""
    if is_missing(url):
        return MISSING
    text = _escape(url)
    if not str(url).lower().startswith(("http://", "https://")):
        return text
    return (
        f"<a href='{text}' target='_blank' rel='noopener noreferrer' "
        f"style='overflow-wrap:anywhere;word-break:break-all'>{text}</a>"
    )


def cell_html(column: str, value, link_sources: bool = False) -> str:
    """Return one value as HTML by its column: badge, source ids, date, link or escaped text."""
    if column == "confidence":
        return MISSING if is_missing(value) else confidence_badge(value)
    if column == "source_ids" or isinstance(value, (tuple, list)):
        return source_ids_html(value, link=link_sources)
    if column == "url":
        return url_link(value)
    if column == "date" or isinstance(value, (pd.Timestamp, dt.date)):
        return date_text(value)
    if is_missing(value):
        return MISSING
    if is_number(value):
        return token_html(_escape(number_text(value, column)))
    text = _escape(value)
    return token_html(text) if _is_token(str(value)) else _keep_references_whole(text)


# A browser may break a line between ')' and '(' ("§ 7.2(b)" / "(ii)"): such a reference is one token.
_REFERENCE = re.compile(r"[^\s<>]*\)\([^\s<>]*")


def _keep_references_whole(text: str) -> str:
    """Return escaped prose TEXT with every space-free word holding ')(' (a pin cite such as 7.2(b)(ii)) unbreakable."""
    return _REFERENCE.sub(lambda m: token_html(m.group(0)), text)


def column_label(column: str, labels: Mapping[str, str] | None = None) -> str:
    """Return the header for COLUMN: LABELS[column], else its name in words ('parler_alleged' -> 'Parler alleged')."""
    if labels and column in labels:
        return labels[column]
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column]
    words = column.replace("_", " ")
    return words[:1].upper() + words[1:]


def _min_width(frame: pd.DataFrame, column: str) -> str:
    if column in COLUMN_MIN_WIDTHS:
        return COLUMN_MIN_WIDTHS[column]
    longest = frame[column].astype(str).str.len().max() if len(frame) else 0
    return PROSE_MIN_WIDTH if longest and longest > 60 else SHORT_MIN_WIDTH


def scroll_region(inner: str, label: str) -> str:
    """Wrap INNER in a region that scrolls sideways when narrow and that the keyboard can reach and scroll.

    data-lm-suppress-shortcuts keeps JupyterLab's command-mode shortcuts from taking the arrow keys.
    """
    return (
        f"<div class='casekit-table' role='region' aria-label='{_escape(label)}' tabindex='0' "
        f"data-lm-suppress-shortcuts='true' style='overflow-x:auto;max-width:100%;margin:0 0 1em 0'>"
        f"{inner}</div>"
    )


def prose_table(
    frame: pd.DataFrame,
    columns: Sequence[str],
    caption: str,
    *,
    labels: Mapping[str, str] | None = None,
    widths: Mapping[str, str] | None = None,
    row_header: str | None = None,
    link_sources: bool = False,
) -> str:
    """Return FRAME's COLUMNS as a readable HTML table: every row, left-aligned, prose columns wide enough to read.

    LABELS renames headers; WIDTHS sets a column's CSS min-width; ROW_HEADER names the column that
    heads each row; LINK_SOURCES links source ids to the sources table's rows on the same page.
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"prose_table: no column(s) {', '.join(missing)}; the table has {', '.join(frame.columns)}")
    widths = {c: (widths or {}).get(c) or _min_width(frame, c) for c in columns}
    head = "".join(
        f"<th scope='col' style='{HEAD_STYLE};min-width:{widths[c]}'>{_escape(column_label(c, labels))}</th>"
        for c in columns
    )
    body = []
    for _, row in frame.iterrows():
        cells = []
        for c in columns:
            tag = "th scope='row'" if c == row_header else "td"
            cells.append(f"<{tag} style='{CELL_STYLE}'>{cell_html(c, row[c], link_sources)}</{tag.split()[0]}>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    table = (
        f"<table style='{TABLE_STYLE}'><caption style='{CAPTION_STYLE}'>{_escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
    return scroll_region(table, caption)


def prose_cards(
    frame: pd.DataFrame,
    title: str,
    fields: Sequence[str],
    caption: str,
    *,
    labels: Mapping[str, str] | None = None,
    link_sources: bool = False,
) -> str:
    """Return one card per row of FRAME: its TITLE column as heading with a confidence badge, then FIELDS
    as labelled paragraphs, then the sources. For rows whose cells are long paragraphs."""
    missing = [c for c in (title, *fields) if c not in frame.columns]
    if missing:
        raise KeyError(f"prose_cards: no column(s) {', '.join(missing)}; the table has {', '.join(frame.columns)}")
    cards = []
    for _, row in frame.iterrows():
        level = str(row["confidence"]) if "confidence" in frame.columns else None
        edge = CONFIDENCE_BADGE_COLOURS.get(level, "#8a9099")
        badge = confidence_badge(level) if level else ""
        items = "".join(
            f"<dt style='font-weight:600;margin:0.5em 0 0.1em'>{_escape(column_label(f, labels))}</dt>"
            f"<dd style='margin:0;line-height:1.45'>{cell_html(f, row[f], link_sources)}</dd>"
            for f in fields
        )
        if "source_ids" in frame.columns and "source_ids" not in fields:
            items += (
                "<dt style='font-weight:600;margin:0.5em 0 0.1em'>Sources</dt>"
                f"<dd style='margin:0;line-height:1.45'>{source_ids_html(row['source_ids'], link_sources)}</dd>"
            )
        cards.append(
            f"<div class='casekit-card' style='text-align:left;border:{RULE};border-left:6px solid {edge};"
            f"border-radius:4px;padding:0.6em 0.9em;margin:0 0 0.8em;max-width:60em'>"
            f"<div style='display:flex;gap:0.6em;align-items:baseline;flex-wrap:wrap'>"
            f"<strong style='font-size:1.05em'>{_escape(row[title])}</strong>{badge}</div>"
            f"<dl style='margin:0.2em 0 0'>{items}</dl></div>"
        )
    return (
        f"<div class='casekit-cards' role='group' aria-label='{_escape(caption)}'>"
        f"<p style='font-weight:600;margin:0 0 0.4em'>{_escape(caption)}</p>{''.join(cards)}</div>"
    )


def sources_table(
    sources: pd.DataFrame, caption: str = "Sources", ids: Iterable[str] | None = None, notes: bool = True
) -> str:
    """Return every row of SOURCES (or the rows for IDS, in that order) as a table: each row anchored
    (#source-ID), unknown dates as 'date unknown', URLs as links that wrap, NOTES under each title."""
    rows = sources if ids is None else sources.loc[list(dict.fromkeys(ids))]
    head = "".join(
        f"<th scope='col' style='{HEAD_STYLE};min-width:{width}'>{name}</th>"
        for name, width in (
            ("Source id", "10em"),
            ("Title", PROSE_MIN_WIDTH),
            ("Kind", "5em"),
            ("Date", "6.5em"),
            ("Confidence", "7.5em"),
            ("Link", COLUMN_MIN_WIDTHS["url"]),
        )
    )
    body = []
    for source_id, row in rows.iterrows():
        note = row["note"] if notes and "note" in rows.columns and not is_missing(row["note"]) else None
        title = _keep_references_whole(_escape(row["title"])) + (
            f"<br><small style='opacity:0.85;font-size:{SMALL_FONT}'>{_keep_references_whole(_escape(note))}</small>"
            if note
            else ""
        )
        body.append(
            f"<tr id='{SOURCE_ANCHOR}{_escape(source_id)}'>"
            f"<th scope='row' style='{CELL_STYLE};font-weight:normal;font-family:monospace'>"
            f"{token_html(_escape(source_id))}</th>"
            f"<td style='{CELL_STYLE}'>{title}</td>"
            f"<td style='{CELL_STYLE}'>{cell_html('kind', row['kind'])}</td>"
            f"<td style='{CELL_STYLE};white-space:nowrap'>{date_text(row['date'])}</td>"
            f"<td style='{CELL_STYLE}'>{cell_html('confidence', row['confidence'])}</td>"
            f"<td style='{CELL_STYLE}'>{url_link(row['url'])}</td></tr>"
        )
    full_caption = f"{caption} ({len(rows)} documents)"
    table = (
        f"<table style='{TABLE_STYLE}'><caption style='{CAPTION_STYLE}'>{_escape(full_caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
    shown_notes = rows["note"] if notes and "note" in rows.columns else []
    cites_dossier = any(not is_missing(n) and RESEARCH_FILE in str(n) for n in shown_notes)
    return scroll_region(table, full_caption) + (RESEARCH_FILE_NOTE if cites_dossier else "")


# A source's note may say where the kit's research found it. Say once, under the table, what that file is.
RESEARCH_FILE = "research file"
RESEARCH_FILE_NOTE = (
    f"<p><small style='font-size:{SMALL_FONT}'>“The research file” in a note is the research dossier this kit was "
    "built from. It is not shipped with the kit: every fact the kit takes from it is a dataset row with its own "
    "sources and confidence, as in this table.</small></p>"
)


def _label_of(key) -> str:
    return " / ".join(map(str, key)) if isinstance(key, tuple) else str(key)


def _row_label(key) -> str:
    """A row's index as its header: each part of it an unbreakable token when it is one (an id, a number)."""
    parts = key if isinstance(key, tuple) else (key,)
    shown = [
        token_html(_escape(number_text(p) if is_number(p) else p)) if is_number(p) or _is_token(str(p)) else _escape(p)
        for p in parts
    ]
    return " / ".join(shown)


NAMED_COLUMNS = 4  # a frame's caption names this many of its columns, then says how many more
FIRST_ROW_CHARS = 40


def frame_caption(frame: pd.DataFrame) -> str:
    """Return the caption (and so the accessible name) of FRAME's table: its size, its first columns and the start
    of its first row, so that two frames of one size on one page are told apart ('Table of 2 rows and 4 columns:
    term, definition, source_ids and 1 more; first row: TRO'), as axe's landmark-unique asks of their regions."""
    rows = f"{len(frame)} row{'s' * (len(frame) != 1)}"
    caption = f"Table of {rows} and {len(frame.columns)} column{'s' * (len(frame.columns) != 1)}"
    names = [_label_of(c) for c in frame.columns]
    if names:
        more = len(names) - NAMED_COLUMNS
        caption += ": " + ", ".join(names[:NAMED_COLUMNS]) + (f" and {more} more" if more > 0 else "")
    if len(frame) and len(frame.columns):
        caption += f"; first row: {_plain_text(frame.iloc[0, 0], str(frame.columns[0]))}"
    return caption


def _plain_text(value, column: str) -> str:
    """VALUE as a short line of plain text (for a name, not a cell): lists joined, dates and numbers as cells show them."""
    if isinstance(value, (tuple, list)):
        text = ", ".join(map(str, value))
    elif is_missing(value):
        text = MISSING
    elif isinstance(value, (pd.Timestamp, dt.date)):
        text = value.strftime("%Y-%m-%d")
    elif is_number(value):
        text = number_text(value, column)
    else:
        text = " ".join(str(value).split())
    if len(text) > FIRST_ROW_CHARS:
        text = text[: FIRST_ROW_CHARS - 1].rstrip() + "…"
    return text


def frame_html(frame: pd.DataFrame) -> str:
    """Return FRAME as an accessible HTML table, as lessons show a DataFrame: every header cell named (the
    index's header is its name, else "Row"), each row headed by its index, cells as `cell_html` writes them
    (badges, sources, dates), at most pandas' display.max_rows rows, in a keyboard-reachable scroll region."""
    names = [str(n) for n in frame.index.names if n is not None]
    corner = " / ".join(names) or "Row"
    if frame.columns.name:
        corner = f"{corner} \\ {frame.columns.name}"
    head = f"<th scope='col' style='{HEAD_STYLE}'>{_escape(corner)}</th>" + "".join(
        f"<th scope='col' style='{HEAD_STYLE};min-width:{_min_width(frame, c) if isinstance(c, str) else SHORT_MIN_WIDTH}'>"
        f"{_escape(_label_of(c))}</th>"
        for c in frame.columns
    )
    limit = pd.get_option("display.max_rows") or len(frame)
    body = []
    for key, row in frame.head(limit).iterrows():
        cells = "".join(f"<td style='{CELL_STYLE}'>{cell_html(str(c), row[c])}</td>" for c in frame.columns)
        body.append(f"<tr><th scope='row' style='{CELL_STYLE}'>{_row_label(key)}</th>{cells}</tr>")
    rows = f"{len(frame)} row{'s' * (len(frame) != 1)}"
    more = f"<p style='margin:0.3em 0'>Showing the first {limit} of {rows}.</p>" if len(frame) > limit else ""
    caption = frame_caption(frame)
    table = (
        f"<table style='{TABLE_STYLE}'><caption style='{CAPTION_STYLE};font-weight:normal'>{_escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
    return scroll_region(table + more, caption)


NUMPY_SCALARS = tuple(np.dtype(code).type for code in "efdbhilqBHILQ?")


def plain_number(value, printer, cycle) -> None:
    """IPython pretty-printer for numpy scalars: `1557.0`, never `np.float64(1557.0)` (also inside tuples and lists)."""
    printer.text(str(value))  # numpy 2: str(np.float64(1557.0)) is "1557.0", str(np.float32(0.1)) is "0.1"


def use_readable_frames() -> None:
    """Show every pandas DataFrame in this notebook with `frame_html` (named headers, keyboard-reachable), and
    numpy numbers as plain numbers (`1557.0`, not `np.float64(1557.0)`)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, frame_html)
        plain = shell.display_formatter.formatters["text/plain"]
        for kind in NUMPY_SCALARS:  # each concrete type: each defines its own __repr__, found before a base's
            plain.for_type(kind, plain_number)
