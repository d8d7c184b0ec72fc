"""`casekit handouts`: a printable handout per lesson and one reading packet for the unit, as PDF.

    casekit handouts --out handouts/ [--paper A4|Letter] [--lessons 02-cloud-contracts ...]

A lesson's handout holds its questions, objectives and time; the clause text or findings it uses
(the rows its topic names in HANDOUT_TABLES); its figures, drawn from the lesson's stored run, each
with its text version; its key points and discussion questions; and the written prompts of its
exercise (never a model answer or rubric). The reading packet holds the operative clauses, the
order's passages as quoted, the timeline and the sources with their links.

Everything is printed through the Chromium the browser tests use, offline: plotly.js comes from the
installed plotly package. The PDFs are tagged (headings, lists and tables carry structure) and hold
real text. Each run writes `manifest.json` beside them: per file, its pages, its paper and, per
figure, how many data marks Chromium drew (a blank figure draws none and stops the run).
"""

from __future__ import annotations

import argparse
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import mistune
import nbformat

from casekit import data
from casekit.paths import LESSONS, ROOT, SOLUTIONS
from casekit.ui import tables
from casekit.ui.tables import sources_table

PAPERS = ("A4", "Letter")
PLOTLY_MIME = "application/vnd.plotly.v1+json"
STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.4; color: #111; margin: 0; }
h1 { font-size: 18pt; margin: 0 0 0.4em 0; } h2 { font-size: 14pt; margin: 1.2em 0 0.4em 0; break-after: avoid; }
h3 { font-size: 12pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 0.4em 0 1em 0; }
th, td { border: 1px solid #6b7280; padding: 0.25em 0.4em; vertical-align: top; text-align: left; }
tr { break-inside: avoid; } caption { text-align: left; font-weight: 600; padding: 0.2em 0; }
figure { margin: 0.6em 0 1em 0; break-inside: avoid; } figcaption { font-size: 10pt; white-space: pre-wrap; }
.figure-box { width: 17cm; height: 9cm; } .note { font-size: 10pt; color: #374151; }
a { color: #0b4f8a; text-decoration: underline; }
/* the kit's screen tables set minimum widths and scroll regions; on paper every column fits the page */
table { table-layout: fixed !important; width: 100% !important; font-size: 8.5pt !important; }
th, td { min-width: 0 !important; white-space: normal !important; overflow-wrap: break-word; }
[role=region], div[tabindex] { overflow: visible !important; max-height: none !important; }
"""


class HandoutError(RuntimeError):
    """A handout that cannot be made; the message names the lesson or file and what is wrong."""


@dataclass
class Figure:
    """A figure from a lesson's stored run: its plotly JSON and the text version printed after it."""

    spec: dict
    text: str


@dataclass
class Outline:
    """What a lesson's handout shows."""

    stem: str
    title: str
    header_md: str
    key_points_md: str = ""
    discussion_md: str = ""
    figures: list[Figure] = field(default_factory=list)
    prompts: list[tuple[str, str]] = field(default_factory=list)  # (question id, prompt markdown)
    tables: list[str] = field(default_factory=list)  # HTML tables


def _lesson_sections(markdown_cells: list[str]) -> dict[str, str]:
    """Every '## Heading' of the lesson -> the markdown under it (up to the next '## ')."""
    text = "\n\n".join(markdown_cells)
    found = {}
    for part in re.split(r"^## ", text, flags=re.M)[1:]:
        heading, _, body = part.partition("\n")
        found[heading.strip()] = body.strip()
    return found


def _stdout(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def stored_figures(nb) -> list[Figure]:
    """The plotly figures in the notebook's stored outputs, each with the text the next code cell printed."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    figures = []
    for i, cell in enumerate(code):
        for output in cell.get("outputs", []):
            spec = output.get("data", {}).get(PLOTLY_MIME)
            if spec:  # the text version is printed by the same cell, or else by the next one
                text = _stdout(cell).strip() or (_stdout(code[i + 1]).strip() if i + 1 < len(code) else "")
                figures.append(Figure(dict(spec), text or "(no text version was printed after this figure)"))
    return figures


def written_prompts(solution: Path) -> list[tuple[str, str]]:
    """The written questions' prompts of a solution, without model answers or rubrics."""
    nb = nbformat.read(solution, as_version=4)
    prompts = []
    for cell in nb.cells:
        meta = cell.metadata.get("casekit", {})
        if cell.cell_type == "markdown" and meta.get("role") == "written":
            prompts.append((meta.get("question", "?"), cell.source.split("### BEGIN SOLUTION")[0].strip()))
    return prompts


def _topic_tables(stem: str) -> list[str]:
    from casekit.topics import topic_of_lesson

    topic = topic_of_lesson(stem)
    tables = []
    for name, columns, caption in getattr(topic.module, "HANDOUT_TABLES", ()) if topic else ():
        frame = data.load(name)
        tables.append(_paper_table(frame.reset_index(), ["id", *columns], caption, row_header="id"))
    return tables


def lesson_outline(lesson: Path, solution: Path | None = None) -> Outline:
    """Read a lesson (and its solution's written prompts) into what its handout shows."""
    try:
        nb = nbformat.read(lesson, as_version=4)
    except Exception as exc:  # nbformat's errors name no file
        raise HandoutError(f"{lesson}: not a readable notebook ({type(exc).__name__}: {exc})") from None
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    title = next((line[2:].strip() for line in markdown[0].splitlines() if line.startswith("# ")), lesson.stem)
    sections = _lesson_sections(markdown)
    solution = solution if solution is not None else SOLUTIONS / lesson.name
    return Outline(
        stem=lesson.stem,
        title=title,
        header_md="\n\n".join(markdown[1:2]),
        key_points_md=sections.get("Key points", ""),
        discussion_md=sections.get("Discussion questions", ""),
        figures=stored_figures(nb),
        prompts=written_prompts(solution) if solution.exists() else [],
        tables=_topic_tables(lesson.stem),
    )


_md = mistune.create_markdown(plugins=["table"])


def _cell_text(value, column: str = "") -> str:
    """A value as print text, read as the screen tables read it (ui.tables): a dash when missing, numbers and
    dates as a reader writes them, id lists split at '; '."""
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    if tables.is_missing(value):
        return tables.MISSING
    if tables.is_number(value):
        return tables.number_text(value, column)
    if hasattr(value, "strftime"):
        return tables.date_text(value)
    text = str(value)
    return text.replace(";", "; ") if ";" in text and " " not in text else text


def _paper_table(frame, columns: list[str], caption: str, row_header: str | None = None) -> str:
    """A table for paper: every column fits the page; prose columns get the room, ids and marks stay narrow."""
    texts = {c: [_cell_text(v, c) for v in frame[c]] for c in columns}

    def weight(t: list[str]) -> float:  # room for the longest word, more for long prose
        longest = max((len(w) for v in t for w in re.split(r"[\s_]+", v)), default=4)
        return max(longest / 7, min(3.0, sum(map(len, t)) / max(1, len(t)) / 30), 0.8)

    weight = {c: weight([*t, c.replace("_", " ")]) for c, t in texts.items()}  # the header fits too
    total = sum(weight.values())
    cols = "".join(f"<col style='width:{100 * weight[c] / total:.1f}%'>" for c in columns)
    head = "".join(f"<th scope='col'>{html.escape(c.replace('_', ' ').capitalize())}</th>" for c in columns)
    rows = []
    for i in range(len(frame)):
        cells = []
        for c in columns:
            tag = "th scope='row'" if c == row_header else "td"
            text = html.escape(texts[c][i]).replace("_", "_<wbr>")  # ids break only after an underscore
            cells.append(f"<{tag}>{text}</{tag.split()[0]}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<table><caption>{html.escape(caption)}</caption><colgroup>{cols}</colgroup>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")  # fmt: skip


def _figure_html(figure: Figure, n: int) -> str:
    spec = json.dumps(figure.spec).replace("</", "<\\/")
    return (
        f"<figure><div class='figure-box' id='fig{n}' role='img' aria-label='Figure {n}; its text version follows'>"
        f"</div><script type='application/json' id='spec{n}'>{spec}</script>"
        f"<figcaption><strong>Text version.</strong> {html.escape(figure.text)}</figcaption></figure>"
    )


def _page(title: str, body: str) -> str:
    plotly_js = _plotly_js().as_uri()
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{STYLE}</style><script src='{plotly_js}'></script></head><body><main>{body}</main>"
        "<script>for (const el of document.querySelectorAll('script[id^=spec]')) {"
        " const spec = JSON.parse(el.textContent); const box = document.getElementById('fig' + el.id.slice(4));"
        " const layout = Object.assign({}, spec.layout || {}, {width: 640, height: 340, updatemenus: [], sliders: []});"
        " if (layout.xaxis) layout.xaxis = Object.assign({}, layout.xaxis, {rangeslider: {visible: false}});"
        " Plotly.newPlot(box, spec.data, layout, {staticPlot: true}); }</script></body></html>"
    )


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def handout_html(outline: Outline) -> str:
    """The handout of one lesson as a printable HTML page."""
    parts = [f"<h1>{html.escape(outline.title)}</h1>", _md(outline.header_md)]
    if outline.tables:
        parts.append("<h2>The record this lesson uses</h2>")
        parts += outline.tables
    if outline.figures:
        parts.append("<h2>Figures</h2>")
        parts += [_figure_html(f, n) for n, f in enumerate(outline.figures, start=1)]
    parts += ["<h2>Key points</h2>", _md(outline.key_points_md)]
    parts += ["<h2>Discussion questions</h2>", _md(outline.discussion_md)]
    if outline.prompts:
        parts.append("<h2>The exercise's written questions</h2>")
        parts += [_md(prompt) for _, prompt in outline.prompts]
    parts.append(
        "<p class='note'>From the casekit teaching kit. Facts carry their source ids and confidence "
        "(primary, reported, uncertain) as in the kit's datasets.</p>"
    )
    return _page(outline.title, "\n".join(parts))


def packet_html() -> str:
    """The unit's reading packet: operative clauses, the order's passages as quoted, the timeline, the sources."""
    clauses = data.load("contract_clauses").reset_index()
    parts = ["<h1>Parler LLC v. Amazon Web Services: reading packet</h1>",
             "<p class='note'>Order: Dkt. 34, No. 2:21-cv-00031-BJR (W.D. Wash. Jan. 21, 2021). Passages beyond "
             "page 2 are known from news quotations; page numbers beyond page 2 are not verified.</p>",
             "<h2>The clauses at issue</h2>",
             _paper_table(clauses, ["id", "section", "title", "operative_words", "summary", "source_ids", "confidence"],
                         "AWS Customer Agreement and Acceptable Use Policy, as described in the record", row_header="id")]  # fmt: skip
    clause_text = data.load("clause_text").reset_index()
    if len(clause_text):
        parts.append(_paper_table(clause_text, ["id", "section", "version_label", "text", "caveat", "confidence"],
                                 "Clause text from public copies of the forms (Parler's version not verified)",
                                 row_header="id"))  # fmt: skip
    findings = data.load("court_findings").reset_index()
    quoted = findings[findings["quote"].astype(str).str.len() > 0]
    parts += ["<h2>The order's passages, as quoted</h2>",
              _paper_table(quoted, ["id", "factor_id", "quote", "summary", "source_ids", "confidence"],
                          "The court's findings and the words reported for them", row_header="id")]  # fmt: skip
    timeline = data.load("timeline").reset_index()
    parts += ["<h2>Timeline</h2>",
              _paper_table(timeline, ["id", "date_label", "actor", "title", "source_ids", "confidence"],
                          "What happened, and when", row_header="id")]  # fmt: skip
    parts += ["<h2>Sources</h2>", sources_table(data.load("sources"), "Every source the kit cites, with its link")]
    return _page("Reading packet", "\n".join(parts))


def print_pdfs(pages: dict[Path, str], paper: str = "A4") -> dict[str, dict]:
    """Print each HTML page to its PDF path through Chromium; return the manifest (pages, figures' marks)."""
    if paper not in PAPERS:
        raise HandoutError(f"paper {paper!r}: choose one of {', '.join(PAPERS)}")
    from playwright.sync_api import sync_playwright

    from casekit.browser import find_chromium

    chromium = find_chromium()
    if not chromium:
        raise HandoutError("no Chromium or Chrome found: run `casekit browser` (or `make test` once) to set one up")
    manifest = {}
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=args)
        try:
            page = browser.new_page()
            for path, text in pages.items():
                source = path.with_suffix(".html")
                source.write_text(text, encoding="utf-8")
                page.goto(source.as_uri())
                page.wait_for_load_state("load")
                marks = page.evaluate(
                    "() => [...document.querySelectorAll('.figure-box')].map(b => "
                    "b.querySelectorAll('g.trace path, g.trace text, g.slice path, g.point path').length)"
                )
                blank = [n for n, count in enumerate(marks, start=1) if count == 0]
                if blank:
                    raise HandoutError(f"{path.name}: figure {', '.join(map(str, blank))} drew nothing")
                page.pdf(path=str(path), format=paper, tagged=True, outline=True, print_background=True,
                         margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})  # fmt: skip
                source.unlink()
                manifest[path.name] = {"paper": paper, "figure_marks": marks}
        finally:
            browser.close()
    return manifest


def write_handouts(
    out: Path, paper: str = "A4", stems: list[str] | None = None, packet: bool = True
) -> dict[str, dict]:
    """Write a handout per lesson (or per STEMS) and (with PACKET) the reading packet into OUT; return the manifest."""
    lessons = sorted(LESSONS.glob("[0-9][0-9]-*.ipynb"))
    if stems:
        unknown = sorted(set(stems) - {p.stem for p in lessons})
        if unknown:
            raise HandoutError(f"no such lesson: {', '.join(unknown)} (lessons are named like 02-cloud-contracts)")
        lessons = [p for p in lessons if p.stem in stems]
    out.mkdir(parents=True, exist_ok=True)
    pages = {out / f"{p.stem}-handout.pdf": handout_html(lesson_outline(p)) for p in lessons}
    if packet:
        pages[out / "reading-packet.pdf"] = packet_html()
    manifest = print_pdfs(pages, paper)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit handouts`."""
    parser.add_argument("--out", type=Path, default=ROOT / "handouts", help="folder for the PDFs (default: handouts/)")
    parser.add_argument("--paper", choices=PAPERS, default="A4", help="page size (default: A4)")
    parser.add_argument("--lessons", nargs="*", metavar="NN-slug", help="only these lessons (default: every lesson)")
    parser.add_argument("--no-packet", action="store_true", help="leave out the reading packet")


def run(args: argparse.Namespace) -> int:
    """Write the handouts and the reading packet, and say where."""
    try:
        manifest = write_handouts(args.out, args.paper, args.lessons, packet=not args.no_packet)
    except HandoutError as exc:
        print(f"casekit handouts: {exc}")
        return 2
    for name in manifest:
        print(f"wrote {args.out / name}")
    return 0
