"""Build the offline static HTML site: every lesson with its figures and saved widgets rendering with
no server and no network (local plotly.js, widget renderer and require.js; no CDN).

A lesson's page shows its stored outputs (those `make outputs` saved from a real run, and that nbval
checks against a fresh one) with the widget state that run kept beside it (lessons/widget-state/). A
lesson whose stored outputs and widget state do not belong together is run afresh, and `--execute`
runs every lesson afresh."""

from __future__ import annotations

import argparse
import html
import json
import posixpath
import re
import shutil
import time
from pathlib import Path

import nbformat
from jinja2 import DictLoader
from nbclient.exceptions import CellExecutionError

from casekit.authoring import catalog
from casekit.authoring.execute import (
    STATE_FORMAT,
    WIDGET_STATE_MIME,
    WIDGET_VIEW_MIME,
    code_digest,
    run_notebook,
    widget_state_path,
    widget_views,
)
from casekit.authoring.exercise import NotebookReadError, read_notebook
from casekit.paths import LESSONS, ROOT

ASSETS = Path(__file__).parent / "assets"
VENDORED = ("require.js", "embed-amd.js", "*.woff2")
PLOTLY_MIME = "application/vnd.plotly.v1+json"
# Shown above every widget on the site: the controls are switched off (FREEZE_JS), and this says why.
STATIC_WIDGET_NOTE = (
    '<div class="casekit-static-widget-note" role="note"><strong>Static copy:</strong> this widget shows '
    "what it showed when the page was built. Its controls are switched off here and compute nothing; "
    "run the lesson in JupyterLab to use it.</div>"
)
# Switches off every control inside a rendered widget (ipywidgets and anywidget), now and as views appear.
FREEZE_JS = """<script>
(function () {
  var NOTE = 'Static copy: run the lesson in JupyterLab to use this control';
  function freeze(area) {
    area.querySelectorAll('input, select, textarea, button').forEach(function (control) {
      if (control.disabled || control.closest('.js-plotly-plot')) return;
      control.disabled = true;
      control.setAttribute('aria-disabled', 'true');
      control.title = NOTE;
    });
    area.querySelectorAll('.noUi-target').forEach(function (s) { s.setAttribute('disabled', 'true'); });
    area.querySelectorAll('.noUi-handle').forEach(function (h) {
      h.setAttribute('tabindex', '-1'); h.setAttribute('aria-disabled', 'true'); h.title = NOTE;
    });
  }
  function sweep() { document.querySelectorAll('.widget-subarea').forEach(freeze); }
  document.addEventListener('DOMContentLoaded', function () {
    sweep();
    new MutationObserver(sweep).observe(document.body, {childList: true, subtree: true, attributes: true,
                                                        attributeFilter: ['disabled']});
  });
})();
</script>"""
# A relative link to a notebook (not a URL, not an absolute path), with an optional #anchor.
NOTEBOOK_HREF = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"#?]+\.ipynb)(#[^"]*)?"')
# A script, stylesheet, image or frame loaded from another host: never allowed in the site.
EXTERNAL = re.compile(
    r"""<(?:script|link|img|iframe|source|embed)\b[^>]*?\b(?:src|href)\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""",
    re.IGNORECASE,
)
EXTERNAL_CSS = re.compile(r"""@import\s+(?:url\()?["']?((?:https?:)?//[^"')\s]+)""", re.IGNORECASE)

LESSON_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}
<script src="assets/plotly.min.js"></script>
{{ super() }}
<script>require.config({baseUrl: "assets/"});</script>
{{ resources.casekit_freeze }}
{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style>
.casekit-nav { display: flex; gap: 1.5em; align-items: baseline; flex-wrap: wrap; padding: 0.6em 1em;
  margin: 0 0 1em; background: #f3f4f6; border-bottom: 1px solid #d0d4da; font-family: var(--jp-ui-font-family); }
.casekit-nav .casekit-static-note { color: #4b5563; }  /* no smaller: text under 12px is hard to read */
.casekit-plotly { width: 100%; }
/* Sub- and superscripts in prose (lesson 03's p<sub>o</sub>) no smaller than 12px (the browser's "smaller" gives 11.7px). */
.jp-RenderedHTMLCommon sub, .jp-RenderedHTMLCommon sup { font-size: max(12px, 0.75em); }
.jupyter-widgets { font-family: var(--jp-ui-font-family); }
.casekit-static-widget-note, .casekit-hidden-note { border-left: 4px solid #E69F00; background: #fff8e6;
  color: #1f2937; padding: 0.4em 0.8em; margin: 0.3em 0; font-family: var(--jp-ui-font-family); }
/* links to the closed disclosures: targets at least 24px high (WCAG 2.2 target size) */
.casekit-hidden-note a { display: inline-block; min-height: 24px; line-height: 24px; }
.widget-subarea :disabled, .widget-subarea .noUi-target[disabled] { cursor: not-allowed; }
/* WCAG AA contrast: the lab template draws inactive In/Out prompts half transparent (2.2:1). */
.jp-InputPrompt, .jp-OutputPrompt { opacity: 1 !important; color: #374151 !important; }
/* Code comments at 4.5:1 or better on the code background (the lab theme's #408080 gives 4.2:1). */
:root { --jp-mirror-editor-comment-color: #2f6363; }
.highlight .c, .highlight .c1, .highlight .ch, .highlight .cm, .highlight .cp, .highlight .cpf,
.highlight .cs { color: #2f6363 !important; }
/* Numbers at 4.5:1 or better too (the lab theme's #008000 gives 4.4:1 on the code background). */
:root { --jp-mirror-editor-number-color: #006400; }
.highlight .m, .highlight .mb, .highlight .mf, .highlight .mh, .highlight .mi, .highlight .mo,
.highlight .il { color: #006400 !important; }
/* Operators (`=`, `.`, `in`, `not`) at 4.5:1 or better too (the lab theme's #AA22FF gives 4.4:1). */
:root { --jp-mirror-editor-operator-color: #9020e0; }
.highlight .o, .highlight .ow { color: #9020e0 !important; }
/* Links in prose are underlined, not told apart by colour alone. */
.jp-RenderedHTMLCommon a, .jp-RenderedHTMLCommon a:link, .jp-RenderedHTMLCommon a:visited,
.casekit-nav a { text-decoration: underline !important; }
</style>
{%- endblock extra_css -%}
{#- Landmarks: the lesson in <main>, the two navigation bars outside it, each with its own name. -#}
{%- block body_header -%}
<body class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
{{ resources.casekit_nav | replace('<nav class="casekit-nav">', '<nav class="casekit-nav" aria-label="Lessons">') }}
<main>
{%- endblock body_header -%}
{%- block body_footer -%}
</main>
{{ resources.casekit_nav | replace('<nav class="casekit-nav">', '<nav class="casekit-nav" aria-label="Lessons, end of page">') }}
</body>
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
<main>
<h1>casekit: Parler v. AWS</h1>
<p class="note">A static copy of the lessons, for reading and projecting without installing anything.
Figures and widgets show the state they had when the site was built; the widgets' controls are
switched off, since nothing computes here. To interact, run the lessons in JupyterLab
(<code>make lab</code>).</p>
<table class="casekit-lessons">
<thead><tr><th>#</th><th>Lesson</th><th>Minutes (teach + exercise)</th><th>Questions</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</main>
</body>
</html>
"""


def plotly_div(figure: dict, element_id: str) -> str:
    """Return HTML that draws FIGURE (plotly's JSON) with the page's local plotly.js."""
    layout = figure.get("layout") or {}
    height = layout.get("height") or 450
    payload = json.dumps(figure, separators=(",", ":")).replace("</", "<\\/")
    title = layout.get("title") or {}
    title = " ".join(
        re.sub(r"<[^>]+>", " ", title.get("text") or "" if isinstance(title, dict) else str(title)).split()
    )
    # A screen reader cannot read the drawing: the figure is named, and says where its words are.
    label = html.escape(f"Figure{': ' + title if title else ''}. Its text version follows the figure.", quote=True)
    return (
        f'<div class="casekit-plotly" id="{element_id}" role="figure" aria-label="{label}" '
        f'style="height:{int(height)}px"></div>\n'
        f'<script type="text/javascript">(function () {{\n'
        f"  var figure = {payload};\n"
        f"  var config = Object.assign({{responsive: true, displaylogo: false}}, figure.config || {{}});\n"
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


def add_widget_notes(nb: nbformat.NotebookNode) -> int:
    """Put STATIC_WIDGET_NOTE above every widget output of NB; return how many widgets got one."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            if WIDGET_VIEW_MIME in (output.get("data") or {}):
                outputs.append(nbformat.v4.new_output("display_data", data={"text/html": STATIC_WIDGET_NOTE}))
                count += 1
            outputs.append(output)
        cell.outputs = outputs
    return count


# Above a judging widget (one holding a casekit.ui.reveal.CommitReveal): where the findings it hides are.
HIDDEN_NOTE = (
    '<div class="casekit-hidden-note" role="note"><strong>Hidden until you judge:</strong> '
    "in JupyterLab this widget shows {what} only after you have saved your own judgement and a reason for it. "
    "Nothing can be saved on this static copy, so {where}</div>"
)
DETAILS_OPEN = re.compile(r"<details(?![^>]*\bid=)([^>]*)>", re.IGNORECASE)
SUMMARY = re.compile(r"<summary[^>]*>(.*?)</summary>", re.IGNORECASE | re.DOTALL)
# A disclosure that holds findings names the court, the record or a verdict in its summary.
FINDINGS_WORDS = re.compile(r"\b(court|record|verdicts?)\b", re.IGNORECASE)


def _model_tree(state: dict, model_id: str) -> set[str]:
    """MODEL_ID and every model it refers to (children, boxes), by their `IPY_MODEL_` references."""
    seen, todo = set(), [model_id]
    while todo:
        current = todo.pop()
        if current in seen or current not in state:
            continue
        seen.add(current)
        text = json.dumps(state[current].get("state", {}))
        todo += re.findall(r"IPY_MODEL_([A-Za-z0-9_-]+)", text)
    return seen


def _reveal_models(state: dict) -> dict[str, dict]:
    """The saved models of commit-then-reveal controls (casekit.ui.reveal.CommitReveal), by model id."""
    return {k: m["state"] for k, m in state.items() if {"show_label", "committed", "item"} <= set(m.get("state", {}))}


def _label_disclosures(cells: list, prefix: str) -> list[tuple[str, str]]:
    """Give every <details> in CELLS (markdown sources, code outputs' HTML) an id; return (id, summary text)."""
    found: list[tuple[str, str]] = []

    def add_id(text: str) -> str:
        def one(match: re.Match) -> str:
            anchor = f"{prefix}-{len(found) + 1}"
            rest = text[match.end() :]
            summary = SUMMARY.search(rest)
            words = " ".join(re.sub(r"<[^>]+>", " ", summary.group(1)).split()) if summary else "details"
            found.append((anchor, words))
            return f'<details id="{anchor}"{match.group(1)}>'

        return DETAILS_OPEN.sub(one, text)

    for cell in cells:
        if cell.cell_type == "markdown":
            cell.source = add_id(cell.source)
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                bundle = output.get("data") or {}
                if isinstance(bundle.get("text/html"), str):
                    bundle["text/html"] = add_id(bundle["text/html"])
    return found


def note_hidden_findings(nb: nbformat.NotebookNode) -> int:
    """Above every judging widget of NB, say what it hides until a learner saves, and link the closed disclosures
    after it (the lesson's own <details>, closed on the page, whose summary names the court, the record or a
    verdict) where a reader of the static copy finds them; return how many widgets got a note."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {})
    reveals = _reveal_models(state)
    if not reveals:
        return 0
    count = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            view = (output.get("data") or {}).get(WIDGET_VIEW_MIME)
            inside = [reveals[m] for m in _model_tree(state, view.get("model_id", "")) if m in reveals] if view else []
            if inside:
                count += 1
                what = html.escape(inside[0]["show_label"].removeprefix("Show ").removesuffix(":") + " each item")
                later = [
                    (anchor, words)
                    for anchor, words in _label_disclosures(nb.cells[index + 1 :], f"casekit-hidden-{count}")
                    if FINDINGS_WORDS.search(words)
                ]
                if later:
                    links = "".join(f'<li><a href="#{a}">{html.escape(words)}</a></li>' for a, words in later)
                    where = f"they are in the closed disclosures after it (open them after you have judged):<ul>{links}</ul>"
                else:
                    where = "run the lesson in JupyterLab to see them after you judge."
                note = HIDDEN_NOTE.format(what=what, where=where)
                outputs.append(nbformat.v4.new_output("display_data", data={"text/html": note}))
            outputs.append(output)
        cell.outputs = outputs
    return count


def disable_saved_widgets(nb: nbformat.NotebookNode) -> int:
    """Set `disabled` in every saved ipywidgets control's state, so the page draws it switched off; return how many."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {})
    controls = [model["state"] for model in state.values() if "disabled" in model.get("state", {})]
    for control in controls:
        control["disabled"] = True
    return len(controls)


def page_name(relative: str) -> str | None:
    """The site page of a notebook given by its path in the kit: lessons/NN-x.ipynb -> NN-x.html,
    exercises/NN-x.ipynb -> exercise-NN-x.html, exercises/assessed/NN-x.ipynb -> exercise-assessed-NN-x.html."""
    parts = relative.split("/")
    if len(parts) < 2 or not parts[-1].endswith(".ipynb") or ".." in parts:
        return None
    stem = "-".join(parts[1:]).removesuffix(".ipynb")
    if parts[0] == "lessons" and len(parts) == 2:
        return f"{stem}.html"
    return f"exercise-{stem}.html" if parts[0] == "exercises" else None


def link_pages(body: str, folder: str, pages: set[str]) -> tuple[str, list[str]]:
    """Point BODY's relative links to notebooks (written from FOLDER, e.g. 'lessons') at their site pages;
    return the new body and the notebook links the site has no page for."""
    missing = []

    def replace(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(folder, html.unescape(match.group(1))))
        page = page_name(target)
        if page in pages:
            return f'href="{page}{match.group(2) or ""}"'
        missing.append(match.group(1))
        return match.group(0)

    return NOTEBOOK_HREF.sub(replace, body), missing


def stored_run(path: Path) -> tuple[nbformat.NotebookNode | None, str]:
    """Lesson PATH as saved, with the widget state its run kept, when the two belong together:
    (notebook, "") or (None, why not)."""
    try:
        nb = read_notebook(path)
    except NotebookReadError as exc:
        return None, str(exc)
    code = [cell for cell in nb.cells if cell.cell_type == "code" and cell.source.strip()]
    if [cell.execution_count for cell in code] != list(range(1, len(code) + 1)):
        return None, "its code cells are not saved as run top to bottom (run `make outputs`)"
    if any(output.output_type == "error" for cell in code for output in cell.get("outputs", [])):
        return None, "it is saved with an error"
    views = widget_views(nb)
    state_file = widget_state_path(path)
    stale = f"{state_file.parent.name}/{state_file.name} is not from the run saved in it (run `make outputs`)"
    try:
        saved = json.loads(state_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, f"no {state_file.parent.name}/{state_file.name} (run `make outputs`)"
    except (OSError, ValueError) as exc:
        return None, f"{state_file.parent.name}/{state_file.name} cannot be read: {exc}"
    if not isinstance(saved, dict) or saved.get("format") != STATE_FORMAT or saved.get("views") != views:
        return None, stale
    if saved.get("code") != code_digest(nb):
        return None, "its code changed since `make outputs` ran it"
    models = (saved.get("widgets") or {}).get(WIDGET_STATE_MIME, {}).get("state", {})
    if not set(views) <= set(models):
        return None, stale
    if saved["widgets"]:  # a lesson without widgets saves an empty state, which nbconvert cannot read
        nb.metadata["widgets"] = saved["widgets"]
    return nb, ""


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


def render_page(nb: nbformat.NotebookNode, title: str, nav: str, exporter=None) -> str:
    """The site's HTML page of NB (its figures and widget notes already prepared), titled TITLE, with the
    navigation bar NAV above and below it (EXPORTER: one made by _exporter, to reuse it across pages)."""
    body, _ = (exporter or _exporter()).from_notebook_node(
        nb, resources={"metadata": {"name": title}, "casekit_nav": nav, "casekit_freeze": FREEZE_JS}
    )
    return body


def _nav(lessons: list[catalog.Lesson], index: int, pages: set[str] | None = None) -> str:
    parts = ['<nav class="casekit-nav"><a href="index.html">All lessons</a>']
    exercise = f"exercise-{lessons[index].path.stem}.html"
    if pages and exercise in pages:
        parts.append(f'<a href="{exercise}">Exercise {lessons[index].number}</a>')
    if index > 0:
        before = lessons[index - 1]
        parts.append(f'<a href="{before.path.stem}.html" rel="prev">Previous: {inline_markdown(before.title)}</a>')
    if index + 1 < len(lessons):
        after = lessons[index + 1]
        parts.append(f'<a href="{after.path.stem}.html" rel="next">Next: {inline_markdown(after.title)}</a>')
    parts.append(
        '<span class="casekit-static-note">Static copy: widgets show their saved state and their '
        "controls are switched off; run the notebook in JupyterLab to interact.</span></nav>"
    )
    return "\n".join(parts)


def _exercise_nav(lesson: catalog.Lesson) -> str:
    return (
        f'<nav class="casekit-nav"><a href="index.html">All lessons</a>'
        f'<a href="{lesson.path.stem}.html">Lesson {lesson.number}: {inline_markdown(lesson.title)}</a>'
        '<span class="casekit-static-note">Static copy of the exercise: open it in JupyterLab '
        "(<code>make lab</code>) to answer and check it.</span></nav>"
    )


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
            f"<tr><td>{html.escape(lesson.number)}</td>"
            f'<td><a href="{lesson.path.stem}.html">{inline_markdown(lesson.title)}</a></td>'
            f"<td>{minutes}</td><td><ul>{questions}</ul></td></tr>"
        )
    return INDEX_PAGE.format(rows="\n".join(rows))


def copy_assets(out: Path) -> None:
    """Copy plotly.js and anywidget's AMD module (from the installed packages) and the vendored widget assets."""
    import anywidget
    import plotly

    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copy2(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", assets / "plotly.min.js")
    # The html-manager asks require.js for a widget's module before any CDN: assets/anywidget.js answers.
    shutil.copy2(Path(anywidget.__file__).parent / "nbextension" / "index.js", assets / "anywidget.js")
    # embed-amd.js loads its icon fonts from beside its named AMD modules: <baseUrl>/@jupyter-widgets/
    (assets / "@jupyter-widgets").mkdir(exist_ok=True)
    for pattern in VENDORED:
        for source in ASSETS.glob(pattern):
            target = assets / "@jupyter-widgets" if source.suffix == ".woff2" else assets
            shutil.copy2(source, target / source.name)


def build(
    out: Path,
    lessons_folder: Path = LESSONS,
    timeout: int = 300,
    log=print,
    exercises_folder: Path | None = None,
    fresh: bool = False,
) -> list[Path]:
    """Render every lesson in LESSONS_FOLDER (its stored run, see stored_run, or a fresh run if that will
    not do or FRESH), render its exercise (as it is, unexecuted) from EXERCISES_FOLDER (default: the
    exercises/ beside it), and write the static site into OUT; return the pages."""
    lessons = catalog.lessons(lessons_folder)
    if not lessons:
        raise SystemExit(f"casekit site: no lessons (NN-slug.ipynb) in {lessons_folder}")
    exercises_folder = exercises_folder or lessons_folder.parent / "exercises"
    stems = {lesson.path.name for lesson in lessons}
    # exercises/NN-x.ipynb and any variant folder (exercises/assessed/NN-x.ipynb) of a lesson on the site
    exercises = {
        "exercises/" + p.relative_to(exercises_folder).as_posix(): p
        for p in sorted(exercises_folder.rglob("[0-9][0-9]-*.ipynb"))
        if p.name in stems and ".ipynb_checkpoints" not in p.parts
    }
    names = {f"{lesson.path.stem}.html" for lesson in lessons} | {page_name(r) for r in exercises}
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    exporter = _exporter()
    pages, problems = [], []

    def write(page: Path, nb: nbformat.NotebookNode, title: str, nav: str, folder: str) -> None:
        body = render_page(nb, title, nav, exporter)
        body, missing = link_pages(body, folder, names)
        for link in missing:
            log(f"note: {page.name} links to {link}, which the site has no page for")
        page.write_text(body, encoding="utf-8")
        pages.append(page)
        problems.extend(f"{page.name}: loads {url}" for url in external_references(body))

    for number, lesson in enumerate(lessons):
        start = time.perf_counter()
        nb, why = (None, "") if fresh else stored_run(lesson.path)
        source = "its stored run"
        if nb is None:
            if why:
                log(f"running {lesson.path.name} afresh: {why}")
            source = "a fresh run"
            try:
                nb = execute(lesson.path, timeout)
            except CellExecutionError as exc:
                last = [line for line in str(exc).splitlines() if line.strip()][-1:]
                raise SystemExit(
                    f"casekit site: {lesson.path.name}: a cell raised an error: {' '.join(last)}"
                ) from None
        figures = figures_to_html(nb)
        note_hidden_findings(nb)
        notes = add_widget_notes(nb)
        disable_saved_widgets(nb)
        page = out / f"{lesson.path.stem}.html"
        write(page, nb, lesson.title, _nav(lessons, number, names), "lessons")
        widgets = len(nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {}))
        log(
            f"wrote {page} from {source} ({figures} figures, {widgets} widget models, {notes} widgets marked "
            f"static) in {time.perf_counter() - start:.1f} s"
        )
        for relative, path in exercises.items():
            if path.name != lesson.path.name:
                continue
            try:
                exercise = read_notebook(path)
            except NotebookReadError as exc:
                log(f"bad {exc}")
                problems.append(str(exc))
                continue
            figures_to_html(exercise)
            add_widget_notes(exercise)
            disable_saved_widgets(exercise)
            kind = " ".join(relative.split("/")[1:-1])
            title = f"Exercise {lesson.number}{f' ({kind})' if kind else ''}: {lesson.title}"
            write(out / page_name(relative), exercise, title, _exercise_nav(lesson), posixpath.dirname(relative))
    index = out / "index.html"
    index.write_text(index_page(lessons), encoding="utf-8")
    pages.insert(0, index)
    keep = {p.name for p in pages}
    for stale in out.glob("*.html"):
        if stale.name not in keep:
            stale.unlink()
    if problems:
        raise SystemExit(
            "casekit site: pages that would load files from the network, or could not be read:\n" + "\n".join(problems)
        )
    return pages


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit site`."""
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="folder to write the site into")
    parser.add_argument("--lessons", type=Path, default=LESSONS, help="folder of the lesson notebooks")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell")
    parser.add_argument(
        "--execute", action="store_true", help="run every lesson afresh instead of showing the run `make outputs` saved"
    )


def run(args: argparse.Namespace) -> int:
    """Build the site and say where it is."""
    start = time.perf_counter()
    pages = build(args.out, args.lessons, args.timeout, fresh=args.execute)
    lessons = sum(not p.name.startswith(("index", "exercise-")) for p in pages)
    print(
        f"casekit site: {lessons} lessons in {time.perf_counter() - start:.1f} s; "
        f"open {pages[0]} in a browser (works offline)"
    )
    return 0
