"""Build the offline static HTML site: every lesson executed, its figures and saved widgets rendering
with no server and no network (local plotly.js, widget renderer and require.js; no CDN)."""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import time
from pathlib import Path

import nbformat
from jinja2 import DictLoader
from nbclient.exceptions import CellExecutionError

from casekit import catalog
from casekit.execute import run_notebook
from casekit.paths import LESSONS, ROOT

ASSETS = Path(__file__).parent / "assets"
VENDORED = ("require.js", "embed-amd.js", "*.woff2")
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
# A script, stylesheet, image or frame loaded from another host: never allowed in the site.
EXTERNAL = re.compile(r"""<(?:script|link|img|iframe|source|embed)\b[^>]*?\b(?:src|href)\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""",
                      re.IGNORECASE)
EXTERNAL_CSS = re.compile(r"""@import\s+(?:url\()?["']?((?:https?:)?//[^"')\s]+)""", re.IGNORECASE)

LESSON_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}
<script src="assets/plotly.min.js"></script>
{{ super() }}
<script>require.config({baseUrl: "assets/"});</script>
{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style>
.casekit-nav { display: flex; gap: 1.5em; align-items: baseline; flex-wrap: wrap; padding: 0.6em 1em;
  margin: 0 0 1em; background: #f3f4f6; border-bottom: 1px solid #d0d4da; font-family: var(--jp-ui-font-family); }
.casekit-nav .casekit-static-note { color: #4b5563; font-size: 0.9em; }
.casekit-plotly { width: 100%; }
.jupyter-widgets { font-family: var(--jp-ui-font-family); }
</style>
{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
{{ resources.casekit_nav }}
{%- endblock body_header -%}
{%- block body_footer -%}
{{ resources.casekit_nav }}
{{ super() }}
{%- endblock body_footer -%}
"""

INDEX_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>casekit: Parler v. AWS, the lessons offline</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 60em;
  margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #1f2937; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; vertical-align: top; padding: 0.5em; border-bottom: 1px solid #d0d4da; }}
td ul {{ margin: 0; padding-left: 1.2em; }}
.note {{ background: #f3f4f6; padding: 0.8em 1em; border-left: 4px solid #0072B2; }}
</style>
</head>
<body>
<h1>casekit: Parler v. AWS</h1>
<p class="note">A static copy of the lessons, for reading and projecting without installing anything.
Figures and widgets show the state they had when the site was built; moving a slider does not
re-run the reasoning here. To interact, run the lessons in JupyterLab (<code>make lab</code>).</p>
<table class="casekit-lessons">
<thead><tr><th>#</th><th>Lesson</th><th>Minutes (teach + exercise)</th><th>Questions</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""


def plotly_div(figure: dict, element_id: str) -> str:
    """Return HTML that draws FIGURE (plotly's JSON) with the page's local plotly.js."""
    layout = figure.get("layout") or {}
    height = layout.get("height") or 450
    payload = json.dumps(figure, separators=(",", ":")).replace("</", "<\\/")
    return (
        f'<div class="casekit-plotly" id="{element_id}" style="height:{int(height)}px"></div>\n'
        f'<script type="text/javascript">(function () {{\n'
        f"  var figure = {payload};\n"
        f'  var config = Object.assign({{responsive: true, displaylogo: false}}, figure.config || {{}});\n'
        f'  Plotly.newPlot("{element_id}", figure.data || [], figure.layout || {{}}, config);\n'
        f"}})();</script>"
    )


def _replace_plotly(outputs: list, prefix: str, counter: list[int]) -> None:
    for output in outputs:
        bundle = output.get("data") or {}
        if PLOTLY_MIME in bundle:
            counter[0] += 1
            bundle["text/html"] = plotly_div(bundle.pop(PLOTLY_MIME), f"{prefix}-{counter[0]}")
            bundle.pop("text/plain", None)


def figures_to_html(nb: nbformat.NotebookNode, prefix: str = "casekit-plotly") -> int:
    """Turn every plotly mimetype output (in cells and in saved Output widgets) into local-plotly.js
    HTML, since nbconvert cannot represent it; return how many figures were converted."""
    counter = [0]
    for cell in nb.cells:
        if cell.cell_type == "code":
            _replace_plotly(cell.get("outputs", []), prefix, counter)
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {})
    for model in state.values():
        if model.get("model_name") == "OutputModel":
            _replace_plotly(model.get("state", {}).get("outputs", []), prefix, counter)
    return counter[0]


def execute(path: Path, timeout: int = 300) -> nbformat.NotebookNode:
    """Run the notebook at PATH in a fresh kernel (cwd: its folder) and keep the widget state."""
    return run_notebook(path, timeout)


def external_references(page: str) -> list[str]:
    """Every URL of another host that PAGE would load (scripts, styles, images, frames)."""
    return EXTERNAL.findall(page) + EXTERNAL_CSS.findall(page)


def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"casekit-site.html.j2": LESSON_TEMPLATE})],
        template_file="casekit-site.html.j2",
        require_js_url="assets/require.js",
        widget_renderer_url="assets/embed-amd.js",
    )


def _nav(lessons: list[catalog.Lesson], index: int) -> str:
    parts = ['<nav class="casekit-nav"><a href="index.html">All lessons</a>']
    if index > 0:
        before = lessons[index - 1]
        parts.append(f'<a href="{before.path.stem}.html" rel="prev">Previous: {inline_markdown(before.title)}</a>')
    if index + 1 < len(lessons):
        after = lessons[index + 1]
        parts.append(f'<a href="{after.path.stem}.html" rel="next">Next: {inline_markdown(after.title)}</a>')
    parts.append('<span class="casekit-static-note">Static copy: widgets show their saved state; '
                 "run the notebook in JupyterLab to interact.</span></nav>")
    return "\n".join(parts)


def inline_markdown(text: str) -> str:
    """Escape TEXT for HTML and render its inline **bold**, *italic* and `code`."""
    text = html.escape(text)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    return re.sub(r"(?<![\w*])[*_](?!\s)(.+?)(?<!\s)[*_](?![\w*])", r"<em>\1</em>", text)


def index_page(lessons: list[catalog.Lesson]) -> str:
    """Return the site's index.html: one row per lesson with its minutes and questions."""
    rows = []
    for lesson in lessons:
        minutes = f"{lesson.teaching_minutes or '?'} + {lesson.exercise_minutes or 0}"
        questions = "".join(f"<li>{inline_markdown(q)}</li>" for q in lesson.questions)
        rows.append(
            f'<tr><td>{html.escape(lesson.number)}</td>'
            f'<td><a href="{lesson.path.stem}.html">{inline_markdown(lesson.title)}</a></td>'
            f"<td>{minutes}</td><td><ul>{questions}</ul></td></tr>"
        )
    return INDEX_PAGE.format(rows="\n".join(rows))


def copy_assets(out: Path) -> None:
    """Copy plotly.js (from the installed plotly package) and the vendored widget assets."""
    import plotly

    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copy2(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", assets / "plotly.min.js")
    # embed-amd.js loads its icon fonts from beside its named AMD modules: <baseUrl>/@jupyter-widgets/
    (assets / "@jupyter-widgets").mkdir(exist_ok=True)
    for pattern in VENDORED:
        for source in ASSETS.glob(pattern):
            target = assets / "@jupyter-widgets" if source.suffix == ".woff2" else assets
            shutil.copy2(source, target / source.name)


def build(out: Path, lessons_folder: Path = LESSONS, timeout: int = 300, log=print) -> list[Path]:
    """Execute every lesson in LESSONS_FOLDER and write the static site into OUT; return the pages."""
    lessons = catalog.lessons(lessons_folder)
    if not lessons:
        raise SystemExit(f"casekit site: no lessons (NN-slug.ipynb) in {lessons_folder}")
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    exporter = _exporter()
    pages, problems = [], []
    for number, lesson in enumerate(lessons):
        start = time.perf_counter()
        try:
            nb = execute(lesson.path, timeout)
        except CellExecutionError as exc:
            last = [line for line in str(exc).splitlines() if line.strip()][-1:]
            raise SystemExit(f"casekit site: {lesson.path.name}: a cell raised an error: {' '.join(last)}") from None
        figures = figures_to_html(nb)
        body, _ = exporter.from_notebook_node(
            nb, resources={"metadata": {"name": lesson.title}, "casekit_nav": _nav(lessons, number)})
        page = out / f"{lesson.path.stem}.html"
        page.write_text(body, encoding="utf-8")
        pages.append(page)
        problems += [f"{page.name}: loads {url}" for url in external_references(body)]
        widgets = len(nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {}))
        log(f"wrote {page} ({figures} figures, {widgets} widget models) in {time.perf_counter() - start:.1f} s")
    index = out / "index.html"
    index.write_text(index_page(lessons), encoding="utf-8")
    pages.insert(0, index)
    keep = {p.name for p in pages}
    for stale in out.glob("*.html"):
        if stale.name not in keep:
            stale.unlink()
    if problems:
        raise SystemExit("casekit site: pages would load files from the network:\n" + "\n".join(problems))
    return pages


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit site`."""
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="folder to write the site into")
    parser.add_argument("--lessons", type=Path, default=LESSONS, help="folder of the lesson notebooks")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell")


def run(args: argparse.Namespace) -> int:
    """Build the site and say where it is."""
    start = time.perf_counter()
    pages = build(args.out, args.lessons, args.timeout)
    print(f"casekit site: {len(pages) - 1} lessons in {time.perf_counter() - start:.1f} s; "
          f"open {pages[0]} in a browser (works offline)")
    return 0
