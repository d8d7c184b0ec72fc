"""`casekit slides`: each lesson as an offline reveal.js slide deck, from the slide marks in its cells.

    casekit slides --out slides/ [--lessons 01-emergency-relief ...]
    casekit slides --mark lessons/NN-slug.ipynb ...     # (re)write a lesson's slide marks

A lesson marks its slides in cell metadata, as Jupyter's slideshow tools read them (`slideshow.slide_type`):
the title, each `## ` section, the key figures and widgets, and the discussion questions start a slide or
a sub-slide; the sources table is skipped. `--mark` writes those marks by that rule; an author may change
them by hand (JupyterLab's property inspector), and the deck follows the notebook's marks, not the rule.

The deck shows the lesson's stored run (the outputs `make outputs` saved, with each widget's saved state),
its figures drawn by the installed plotly.js, and reveal.js from the kit's own copy (site/assets/reveal.js):
nothing is fetched from the network. The speaker notes of a section's slide are the beats of the lesson's
50-minute session plan (instructors/session-plans.md) that name that section (§ N).
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
from pathlib import Path

import nbformat

from casekit.paths import LESSONS, ROOT

PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
STARTS = ("slide", "subslide")
SESSION_PLANS = ROOT / "instructors" / "session-plans.md"


class SlidesError(RuntimeError):
    """A deck that cannot be made; the message names the lesson and what is wrong."""


def slide_type(cell) -> str:
    """The cell's slide mark ('slide', 'subslide', 'fragment', '-', 'skip', 'notes'), '-' when unmarked."""
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def _shows(cell, mime: str) -> bool:
    return any(mime in o.get("data", {}) for o in cell.get("outputs", []))


def rule(cell, previous_heading: str) -> str:
    """The slide mark the kit's rule gives CELL (PREVIOUS_HEADING: the last '## ' heading above it)."""
    if cell.cell_type == "markdown":
        text = cell.source.lstrip()
        if text.startswith("# "):
            return "slide"
        if text.startswith("## Sources"):
            return "skip"
        if text.startswith("## "):
            return "slide"
        if text.startswith("### "):
            return "subslide"
    if previous_heading.startswith("## Sources"):
        return "skip"
    if cell.cell_type == "code" and (_shows(cell, PLOTLY_MIME) or _shows(cell, WIDGET_MIME)):
        return "subslide"
    return "-"


def mark_slides(nb) -> int:
    """Write the kit's slide marks into NB's cells; return how many cells start a slide or sub-slide."""
    heading = ""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("## "):
            heading = cell.source.lstrip()
        cell.metadata.setdefault("slideshow", {})["slide_type"] = rule(cell, heading)
    return sum(slide_type(c) in STARTS for c in nb.cells)


def slide_count(nb) -> int:
    """How many slides and sub-slides NB's marks make (what the deck must show)."""
    return sum(slide_type(c) in STARTS for c in nb.cells)


def speaker_notes(stem: str, plans: Path = SESSION_PLANS) -> dict[int, list[str]]:
    """Section number -> the 50-minute plan's beats for it ('min: what; how'), from the lesson's session plan."""
    if not plans.exists():
        return {}
    text = plans.read_text(encoding="utf-8")
    number = stem.split("-", 1)[0]
    match = re.search(rf"^## {number} ·.*?(?=^## \d\d ·|\Z)", text, flags=re.M | re.S)
    if not match:
        return {}
    plan = match.group(0).split("**90 minutes**")[0]
    notes: dict[int, list[str]] = {}
    for row in plan.splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")] if row.startswith("|") else []
        if len(cells) < 3 or not re.match(r"\d", cells[0]):
            continue
        for first, last in re.findall(r"§§?\s*(\d+)(?:\s*[–-]\s*(\d+))?", cells[1]):
            sections = range(int(first), int(last or first) + 1)
            for section in sections:
                notes.setdefault(section, []).append(f"{cells[0]} min: {cells[1]}; {cells[2]}")
    return notes


def with_notes(nb, stem: str):
    """A copy of NB with a speaker-notes cell after each numbered section's heading."""
    notes = speaker_notes(stem)
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        found = re.match(r"## (\d+)\.", cell.source.lstrip()) if cell.cell_type == "markdown" else None
        if found and int(found.group(1)) in notes:
            text = "Session plan (50 minutes):\n\n" + "\n".join(f"- {beat}" for beat in notes[int(found.group(1))])
            cells.append(nbformat.v4.new_markdown_cell(text, metadata={"slideshow": {"slide_type": "notes"}}))
    nb.cells = cells
    return nb


# reveal's own template, less what it would fetch from the network (jQuery, MathJax and mermaid from CDNs;
# the lessons use none of them), plus the local plotly.js, require.js base for the widgets' modules, and a
# start-up script of our own (the template's calls MathJax and jQuery on every slide change)
DECK_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_jquery -%}{%- endblock html_head_js_jquery -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_requirejs -%}
<script src="assets/plotly.min.js"></script>
{{ super() }}
<script>require.config({baseUrl: "assets/"});</script>
{%- endblock html_head_js_requirejs -%}
{%- block footer_js -%}
<script>
require(["assets/reveal.js/dist/reveal.js", "assets/reveal.js/plugin/notes/notes.js"], function (Reveal, RevealNotes) {
  Reveal.initialize({controls: true, progress: true, history: true, transition: "none", slideNumber: "c/t",
                     plugins: [RevealNotes], width: "100%", height: "100%"});
  // a slide taller than the screen scrolls (the lessons' tables are long)
  var scrollTall = function () {
    var limit = document.querySelector(".reveal").clientHeight * 0.95;
    document.querySelectorAll("section.present section, section.present").forEach(function (s) {
      if (s.scrollHeight > limit) { s.style.height = "95vh"; s.style.overflowY = "auto"; }
    });
  };
  Reveal.on("ready", scrollTall);
  Reveal.on("slidechanged", scrollTall);
});
</script>
{%- endblock footer_js -%}
"""


def _exporter():
    from jinja2 import DictLoader
    from nbconvert import SlidesExporter

    return SlidesExporter(
        extra_loaders=[DictLoader({"casekit-deck.html.j2": DECK_TEMPLATE})],
        template_file="casekit-deck.html.j2",
        reveal_url_prefix="assets/reveal.js",
        reveal_theme="white",
        reveal_scroll=True,
        font_awesome_url="",
        require_js_url="assets/require.js",
        widget_renderer_url="assets/embed-amd.js",
    )


def write_deck(lesson: Path, out: Path) -> tuple[Path, int]:
    """Write LESSON's deck into OUT (with its assets); return its path and its number of slides."""
    from casekit import site

    nb, why = site.stored_run(lesson)
    if nb is None:
        raise SlidesError(f"{lesson.name}: no stored run to show ({why}); run `make outputs` first")
    count = slide_count(nb)
    if count == 0:
        raise SlidesError(f"{lesson.name}: no slide marks; run `casekit slides --mark {lesson}` first")
    nb = with_notes(nb, lesson.stem)
    site.figures_to_html(nb)
    site.add_widget_notes(nb)
    site.disable_saved_widgets(nb)
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": lesson.stem}})
    external = site.external_references(body)
    if external:
        raise SlidesError(f"{lesson.name}: the deck would load {', '.join(sorted(set(external)))}")
    out.mkdir(parents=True, exist_ok=True)
    site.copy_assets(out)
    reveal = out / "assets" / "reveal.js"
    if reveal.exists():
        shutil.rmtree(reveal)
    shutil.copytree(site.ASSETS / "reveal.js", reveal)
    path = out / f"{lesson.stem}.slides.html"
    path.write_text(body, encoding="utf-8")
    return path, count


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit slides`."""
    parser.add_argument("--out", type=Path, default=ROOT / "slides", help="folder for the decks (default: slides/)")
    parser.add_argument("--lessons", nargs="*", metavar="NN-slug", help="only these lessons (default: every lesson)")
    parser.add_argument("--mark", nargs="+", type=Path, metavar="NOTEBOOK", help="write the slide marks into these")


def run(args: argparse.Namespace) -> int:
    """Mark lessons' slides, or write their decks."""
    if args.mark:
        for path in args.mark:
            nb = nbformat.read(path, as_version=4)
            count = mark_slides(nb)
            nbformat.write(nb, path)
            print(f"marked {path}: {count} slides and sub-slides")
        return 0
    lessons = sorted(LESSONS.glob("[0-9][0-9]-*.ipynb"))
    if args.lessons:
        unknown = sorted(set(args.lessons) - {p.stem for p in lessons})
        if unknown:
            print(f"casekit slides: no such lesson: {', '.join(unknown)} (lessons are named like 01-emergency-relief)")
            return 2
        lessons = [p for p in lessons if p.stem in args.lessons]
    try:
        for lesson in lessons:
            path, count = write_deck(lesson, args.out)
            print(f"wrote {path} ({count} slides)")
    except SlidesError as exc:
        print(f"casekit slides: {exc}")
        return 2
    return 0
