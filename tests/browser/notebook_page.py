"""Drive one notebook in a JupyterLab or Notebook 7 page: open, Run All, wait, check outputs, drive the main widget.

Everything here works through `window.jupyterapp` (the server exposes it for both clients, see
lab_server.py) and the rendered DOM, the same DOM a learner sees. Both clients build the notebook from
the same JupyterLab components, so the same checks apply; only opening a notebook differs
(`NotebookPage` opens it in the one JupyterLab page, `Notebook7Page` loads /notebooks/PATH).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# Texts that mean a widget or output failed in the front end.
ERROR_TEXTS = (
    "Error displaying widget",
    "Model not found",
    "model not found",
    "Click to show javascript error",
    "Traceback (most recent call last)",
)

# Once a notebook's widget is open (both clients): wait until it is ready, start the run state, count its cells.
_READY_JS = """  await widget.context.ready;
  await widget.sessionContext.ready;
  await widget.revealed;
  window.__casekit = {widget, run: null, done: false, ok: null, error: null};
  return widget.content.widgets.length;
}"""
OPEN_JS = (
    """async ([path]) => {
  const app = window.jupyterapp;
  const widget = await app.commands.execute('docmanager:open',
      {path, factory: 'Notebook', kernel: {name: 'python3'}});
"""
    + _READY_JS
)

# Notebook 7 opens one notebook per page, at /notebooks/PATH: the shell's current widget.
NOTEBOOK7_READY_JS = """() => { const app = window.jupyterapp;
  const w = app && app.shell && app.shell.currentWidget;
  return !!(w && w.content && w.content.widgets && w.sessionContext && w.context
            && app.commands.hasCommand('notebook:run-all-cells')); }"""
NOTEBOOK7_OPEN_JS = (
    """async () => {
  const widget = window.jupyterapp.shell.currentWidget;
"""
    + _READY_JS
)

RUN_ALL_JS = """() => {
  const state = window.__casekit;
  state.widget.content.activate();
  state.run = window.jupyterapp.commands.execute('notebook:run-all-cells')
    .then(ok => { state.ok = ok; state.done = true; })
    .catch(err => { state.error = String(err); state.done = true; });
}"""

# Finished when Run All has settled, no prompt shows [*], and the kernel is idle.
FINISHED_JS = """() => {
  const state = window.__casekit;
  if (!state || !state.done) return false;
  const prompts = Array.from(state.widget.node.querySelectorAll('.jp-InputPrompt'));
  if (prompts.some(p => p.textContent.includes('*'))) return false;
  const kernel = state.widget.sessionContext.session && state.widget.sessionContext.session.kernel;
  return !kernel || kernel.status === 'idle';
}"""

# Per code cell: execution count, output types/mime types, and what the DOM shows for each output.
CELLS_JS = """() => {
  const widget = window.__casekit.widget;
  const cells = [];
  widget.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code') return;
    const children = cell.outputArea ? Array.from(cell.outputArea.node.children)
        .filter(n => n.classList.contains('jp-OutputArea-child')) : [];
    const outputs = [];
    for (let j = 0; j < cell.model.outputs.length; j++) {
      const model = cell.model.outputs.get(j);
      const node = children[j] ? children[j].querySelector('.jp-OutputArea-output') : null;
      const plots = node ? Array.from(node.querySelectorAll('.js-plotly-plot')) : [];
      if (node && node.classList.contains('js-plotly-plot')) plots.push(node);
      const raw = model.toJSON();
      outputs.push({
        type: model.type,
        name: raw.name || null,
        ename: raw.ename || null, evalue: raw.evalue || null,
        mimes: Object.keys(model.data || {}),
        text: node ? node.innerText.slice(0, 2000) : '',
        // ipywidgets views carry .jupyter-widgets; a bare anywidget view is just the renderer's child element
        widgets: node ? (node.querySelectorAll('.jupyter-widgets').length || node.childElementCount) : 0,
        widgetErrors: node ? node.querySelectorAll('.jupyter-widgets-error-widget').length : 0,
        plots: plots.map(p => ({svg: p.querySelectorAll('.main-svg').length,
                                traces: p.querySelectorAll('.trace').length,
                                data: (p.data || []).length})),
      });
    }
    cells.push({index, count: cell.model.executionCount, source: cell.model.sharedModel.getSource().slice(0, 120),
                outputs});
  });
  return cells;
}"""

# Inside widgets (e.g. an Output widget a callback draws into): errors, stderr and figures.
SCAN_JS = """() => {
  const root = window.__casekit.widget.content.node;
  const inside = (selector) => Array.from(root.querySelectorAll('.jupyter-widgets ' + selector));
  return {
    stderr: inside('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]')
      .map(n => n.innerText.slice(0, 500)),
    errors: inside('.jupyter-widgets-error-widget').length,
    plots: inside('.js-plotly-plot').map(p => ({
      svg: p.querySelectorAll('.main-svg').length, traces: p.querySelectorAll('.trace').length,
      data: (p.data || []).length})),
  };
}"""

# A fingerprint of what a main output shows: its text, its figures' data and its inputs' values.
SIGNATURE_JS = """(node) => JSON.stringify({
  text: node.innerText,
  html: node.innerHTML.length,
  plots: Array.from(node.querySelectorAll('.js-plotly-plot')).map(p => JSON.stringify(p.data || null)),
})"""


# What a learner cannot read, per code cell (issue 22), over the kit's outputs (plotly's SVG left out):
#  tokens: a table cell breaks a token (an id, a number, a word) across lines, or a column is narrower than it
#          (a URL in a link may break anywhere; a line may break after a hyphen, a dash or a slash);
#  words:  a word of printed text (stdout, `text_block`) broken over lines (JupyterLab's `pre` breaks anywhere);
#  cut:    a button's, label's or badge's text is cut (its content wider than its box, or clipped by an
#          ancestor that hides overflow), or a menu is narrower than its longest option;
#  reprs:  an output shows numpy's `np.float64(...)` / `np.int64(...)` instead of a number;
#  small:  text smaller than MIN_FONT_PX pixels;
#  figures: a plotly figure's texts (title, axis titles, tick labels, legend, annotations, data and threshold
#          labels, buttons) overlap each other, cross the figure's edge or are cut by the plot area, by more
#          than FIGURE_SLACK_PX pixels (FIGURE_TEXT_JS, on the SVG plotly drew).
MIN_FONT_PX = 12
FIGURE_SLACK_PX = 2
# (plot, slack) => what is wrong with the texts of one rendered plotly figure PLOT, as sentences. The range
# slider's miniature copy of the data and hover labels are left out; hidden and empty texts too.
FIGURE_TEXT_JS = """(plot, slack) => {
  const frame = plot.querySelector('.main-svg');
  if (!frame) return [];
  const edge = frame.getBoundingClientRect();
  // the box a clip path (plotly's plot-area clip) leaves visible, in page pixels
  const clipBox = (holder) => {
    const ref = (holder.getAttribute('clip-path') || '').match(/#([^)'"]+)/);
    const shape = ref && plot.querySelector('#' + CSS.escape(ref[1]) + ' rect');
    const m = holder.getScreenCTM();
    if (!shape || !m) return null;
    const [x, y, w, h] = ['x', 'y', 'width', 'height'].map(k => parseFloat(shape.getAttribute(k)) || 0);
    const a = new DOMPoint(x, y).matrixTransform(m), b = new DOMPoint(x + w, y + h).matrixTransform(m);
    return {left: Math.min(a.x, b.x), right: Math.max(a.x, b.x), top: Math.min(a.y, b.y), bottom: Math.max(a.y, b.y)};
  };
  const beyond = (r, box) => Math.max(box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom);
  const items = [];
  for (const t of plot.querySelectorAll('.main-svg text')) {
    const words = (t.textContent || '').replace(/\\s+/g, ' ').trim();
    if (!words || t.closest('.rangeslider-container, .hoverlayer, defs, clipPath')) continue;
    let hidden = false;
    for (let n = t; n && n !== plot; n = n.parentElement) {
      const css = getComputedStyle(n);
      if (css.display === 'none' || css.visibility === 'hidden' || parseFloat(css.opacity) === 0) { hidden = true; break; }
    }
    const r = t.getBoundingClientRect();
    if (hidden || r.width < 1 || r.height < 1) continue;
    items.push({words, r, clip: t.closest('[clip-path]')});
  }
  const found = [];
  const name = (w) => `'${w.slice(0, 40)}'`;
  for (const a of items) {
    const out = beyond(a.r, edge);
    if (out > slack) { found.push(`${name(a.words)} crosses the figure's edge by ${Math.round(out)}px`); continue; }
    const box = a.clip && clipBox(a.clip);
    const cut = box ? beyond(a.r, box) : 0;
    if (cut > slack) found.push(`${name(a.words)} is cut by the plot area by ${Math.round(cut)}px`);
  }
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
    const a = items[i].r, b = items[j].r;
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > slack && h > slack)
      found.push(`${name(items[i].words)} overlaps ${name(items[j].words)} (${Math.round(w)}x${Math.round(h)}px)`);
  }
  return found;
}"""
LAYOUT_JS = (
    """([minFont, figureSlack]) => {
  const figureText = """
    + FIGURE_TEXT_JS
    + """;
  const widget = window.__casekit.widget;
  const cells = [];
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const text = (el) => (el.innerText || el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 60);
  const outside = (el) => el.closest('.js-plotly-plot, svg');
  const hides = (el) => /(hidden|clip)/.test(getComputedStyle(el).overflowX);
  // every token (split at spaces, hyphens, dashes and slashes, where a line may break) drawn over two lines
  const broken = (root, sink, own = () => true) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!own(node)) continue;
      for (const m of node.data.matchAll(/[^\\s\\-\\u2010-\\u2015\\/]+/g)) {
        if (/^https?:/.test(m[0]) || node.parentElement.closest('a[href^="http"]')) continue;
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        // one line per rectangle that starts below the previous one by more than half its height
        const rects = Array.from(range.getClientRects()).filter(r => r.width > 0).sort((a, b) => a.top - b.top);
        const lines = rects.filter((r, i) => i === 0 || r.top - rects[i - 1].top > rects[i - 1].height / 2).length;
        if (lines > 1) sink.push(`'${m[0].slice(0, 40)}' broken over ${lines} lines`);
      }
    }
  };
  widget.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code' || !cell.outputArea) return;
    const found = {tokens: [], words: [], cut: [], reprs: [], small: [], figures: []};
    const outputs = Array.from(cell.outputArea.node.querySelectorAll('.jp-OutputArea-output'));
    // figures, each once (an Output widget's output area sits inside the cell's)
    const plots = new Set(outputs.flatMap(out => Array.from(out.querySelectorAll('.js-plotly-plot'))));
    for (const plot of plots) if (shown(plot)) found.figures.push(...figureText(plot, figureSlack));
    for (const out of outputs) {
      const reprs = (out.innerText || '').match(/\\bnp\\.(float|int|uint|bool|str|complex)\\w*\\([^)]{0,30}\\)?/g);
      if (reprs) found.reprs.push(...reprs.slice(0, 3));
      // tokens in table cells
      for (const td of out.querySelectorAll('td, th')) {
        if (outside(td) || !shown(td)) continue;
        if (td.scrollWidth > td.clientWidth + 1 && !hides(td)) found.tokens.push(`${text(td)} (wider than its column)`);
        broken(td, found.tokens, (node) => node.parentElement.closest('td, th') === td);  // nested tables: their own
      }
      // words in printed text (stdout, and the kit's text blocks)
      for (const pre of out.querySelectorAll('pre')) {
        if (!outside(pre) && shown(pre) && !pre.closest('td, th')) broken(pre, found.words);
      }
      // controls and badges whose text is cut
      const controls = out.querySelectorAll(
        'button, select, label, .widget-label, .widget-label-basic, .widget-readout, .casekit-badge');
      for (const el of controls) {
        if (outside(el) || !shown(el)) continue;
        let cut = false;
        if (el.tagName === 'SELECT') {
          const before = [el.style.maxWidth, el.style.width, el.offsetWidth];
          el.style.maxWidth = 'none'; el.style.width = 'auto';
          const natural = el.offsetWidth;
          el.style.maxWidth = before[0]; el.style.width = before[1];
          cut = natural > before[2] + 1;
        } else {
          cut = el.scrollWidth > el.clientWidth + 1;
          const box = el.getBoundingClientRect();
          for (let a = el.parentElement; a && a !== out && !cut; a = a.parentElement) {
            if (!hides(a)) continue;
            const clip = a.getBoundingClientRect();
            cut = box.right > clip.right + 1 || box.left < clip.left - 1;
          }
        }
        if (cut) found.cut.push(`${el.tagName.toLowerCase()} '${text(el) || (el.options && el.options[0] ? el.options[0].text : '')}'`);
      }
      // small text: every element drawing text of its own
      for (const el of [out, ...out.querySelectorAll('*')]) {
        if (outside(el) || !Array.from(el.childNodes).some(n => n.nodeType === 3 && n.data.trim())) continue;
        if (!shown(el)) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < minFont - 0.05) found.small.push(`${size.toFixed(1)}px '${text(el).slice(0, 40)}'`);
      }
    }
    if (Object.values(found).some(v => v.length))
      cells.push({index, source: cell.model.sharedModel.getSource().slice(0, 120), found});
  });
  return cells;
}"""
)
LAYOUT_WORDS = {
    "tokens": "layout: a table column is narrower than a token in it",
    "words": "layout: a word of printed text is broken over two lines",
    "cut": "layout: a control's or badge's text is cut off",
    "reprs": "layout: shows a numpy repr instead of a number",
    "small": f"layout: text smaller than {MIN_FONT_PX}px",
    "figures": "layout: a figure's texts overlap or are cut off",
}


@dataclass
class NotebookReport:
    """What the checker found in one notebook."""

    name: str
    problems: list[str] = field(default_factory=list)
    interactions: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    first_bad_cell: int | None = None
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)
    started: float = 0.0
    run_started: float = 0.0
    audit: object = None  # accessibility.Audit when the gate ran
    artifacts: list = field(default_factory=list)
    screenshot: Path | None = None  # the learner's-size view (view_as_learner), when taken

    def lap(self, phase: str, since: float) -> float:
        """Record the seconds PHASE took since SINCE; return now."""
        now = time.monotonic()
        self.phases[phase] = now - since
        return now

    def problem(self, text: str, cell: int | None = None) -> None:
        if text in self.problems:
            return
        self.problems.append(text)
        if cell is not None and self.first_bad_cell is None:
            self.first_bad_cell = cell


class NotebookPage:
    """One JupyterLab page reused for every notebook (JupyterLab loads once per session)."""

    client = "JupyterLab"

    def __init__(self, page: Page, lab_url: str, run_timeout: float = 180):
        self.page = page
        self.lab_url = lab_url
        self.run_timeout = run_timeout
        self.console: list[str] = []
        self.static_failures: list[str] = []  # a JupyterLab / Notebook 7 / kit asset refused (403) or missing (404)
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        page.on("response", self._on_response)
        self.fresh = False

    def _on_response(self, response) -> None:
        if response.status in (403, 404) and ("/static/" in response.url or "/custom/" in response.url):
            self.static_failures.append(f"{response.status} for {response.url.split('?')[0]}")

    def _on_page_error(self, error) -> None:
        if not self.upstream_error(error):
            self.console.append(f"page error: {error}")

    def upstream_error(self, error) -> bool:
        """True for a known error of the client itself, raised whatever notebook is open (none in JupyterLab)."""
        return False

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.console.append(f"console.error: {message.text}")

    def load(self) -> None:
        """(Re)load JupyterLab with a fresh workspace and wait until the app is up."""
        self.page.goto(self.lab_url)
        self.page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.shell "
            "&& window.jupyterapp.commands.hasCommand('notebook:run-all-cells')",
            timeout=60_000,
        )
        self.page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
        self.fresh = True

    def close_current(self) -> None:
        """Close the notebook without saving (the server shuts its kernel down, see conftest)."""
        try:
            self.page.evaluate("""() => {
              const state = window.__casekit; if (!state) return;
              window.__casekit = null;
              state.widget.context.model.dirty = false;
              state.widget.dispose();
            }""")
        except Exception:  # noqa: BLE001 (a broken page is reloaded by the next check)
            self.fresh = False

    def open(self, relative: str) -> None:
        """Open RELATIVE in this page as the notebook under test (window.__casekit.widget)."""
        if not self.fresh:
            self.load()
        self.page.evaluate(OPEN_JS, [relative])

    def check(
        self, relative: str, *, interact: bool, require_main_widget: bool, layout: bool = False
    ) -> NotebookReport:
        """Open RELATIVE, Run All, wait, and return every problem found (empty when all is well).

        With LAYOUT, also what a learner cannot read (LAYOUT_JS): broken tokens, cut controls, numpy reprs, small text."""
        return self.finish(
            self.start(relative), interact=interact, require_main_widget=require_main_widget, layout=layout
        )

    def start(self, relative: str) -> NotebookReport:
        """Open RELATIVE and start Run All without waiting for it; `finish` waits and checks."""
        report = NotebookReport(relative)
        report.started = time.monotonic()
        self.console.clear()
        self.open(relative)
        report.lap("open", report.started)
        self.page.evaluate(RUN_ALL_JS)
        report.run_started = time.monotonic()
        return report

    def finish(
        self, report: NotebookReport, *, interact: bool, require_main_widget: bool, layout: bool = False
    ) -> NotebookReport:
        """Wait until the Run All begun by `start` has finished, then check (and drive) what it shows."""
        relative, start, lap = report.name, report.started, report.run_started
        try:
            self.page.wait_for_function(FINISHED_JS, timeout=self.run_timeout * 1000, polling=100)
        except PlaywrightTimeout:
            report.problem(
                f"{relative}: Run All did not finish within {self.run_timeout:.0f} s "
                "(a cell still shows [*] or the kernel is busy)"
            )
            report.console_errors = list(self.console)
            self.fresh = False
            report.seconds = time.monotonic() - start
            return report
        lap = report.lap("run all", lap)
        self._wait_for_rendering()
        self._check_outputs(report)
        if layout:
            self._check_layout(report)
        lap = report.lap("render+check", lap)
        if interact:
            self._drive_main_widgets(report, require_main_widget)
            if layout:  # what the driven widgets show now (e.g. a judged item, a chosen clause)
                self._check_layout(report)
            lap = report.lap("interact", lap)
        report.console_errors = list(self.console)
        report.seconds = time.monotonic() - start
        return report

    def _wait_for_rendering(self, timeout: float = 20) -> None:
        """Wait until every widget and figure output has drawn something (or given up)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pending = 0
            for cell in self.page.evaluate(CELLS_JS):
                for out in cell["outputs"]:
                    if "application/vnd.jupyter.widget-view+json" in out["mimes"]:
                        pending += (
                            out["widgets"] == 0
                            and out["widgetErrors"] == 0
                            and not any(t in out["text"] for t in ERROR_TEXTS)
                        )
                    if "application/vnd.plotly.v1+json" in out["mimes"]:
                        pending += not out["plots"] or any(p["svg"] == 0 for p in out["plots"])
            plots = self.page.evaluate(SCAN_JS)["plots"]
            pending += sum(p["svg"] == 0 for p in plots)
            if not pending:
                return
            time.sleep(0.25)

    def _check_outputs(self, report: NotebookReport) -> None:
        state = self.page.evaluate("() => ({ok: window.__casekit.ok, error: window.__casekit.error})")
        if state["error"]:
            report.problem(f"Run All failed in the front end: {state['error']}")
        for cell in self.page.evaluate(CELLS_JS):
            where = f"cell {cell['index'] + 1} ({cell['source'].splitlines()[0] if cell['source'] else 'empty'!r})"
            if cell["count"] is None and cell["source"].strip():
                report.problem(f"{where} never ran (Run All stopped before it)", cell["index"])
            for out in cell["outputs"]:
                if out["type"] == "error":
                    report.problem(f"{where} raised {out['ename']}: {out['evalue']}", cell["index"])
                elif out["type"] == "stream" and out["name"] == "stderr":
                    report.problem(f"{where} wrote to stderr: {out['text'][:300]}", cell["index"])
                if "application/vnd.jupyter.widget-view+json" in out["mimes"]:
                    shown = [t for t in ERROR_TEXTS[:4] if t in out["text"]]
                    if out["widgetErrors"] or shown:
                        cause = next(
                            (
                                line.splitlines()[0]
                                for line in self.console
                                if "widget" in line.lower() or "module" in line.lower()
                            ),
                            "",
                        )
                        report.problem(
                            f"{where}: widget did not render in the front end: "
                            f"{out['widgetErrors']} broken view(s), shows {shown}"
                            + (f"; browser console: {cause[:200]}" if cause else ""),
                            cell["index"],
                        )
                    elif out["widgets"] == 0:
                        report.problem(f"{where}: widget output shows no widget", cell["index"])
                if "application/vnd.plotly.v1+json" in out["mimes"]:
                    if not out["plots"] or any(p["svg"] == 0 for p in out["plots"]):
                        report.problem(f"{where}: plotly figure did not render", cell["index"])
                    elif any(p["traces"] == 0 or p["data"] == 0 for p in out["plots"]):
                        report.problem(f"{where}: plotly figure rendered without data", cell["index"])
        scan = self.page.evaluate(SCAN_JS)
        for text in scan["stderr"]:
            report.problem(f"a widget's output shows an error or stderr: {text[:300]!r}")
        for plot in scan["plots"]:
            if plot["svg"] == 0:
                report.problem("a plotly figure inside a widget did not render")
            elif plot["traces"] == 0 or plot["data"] == 0:
                report.problem("a plotly figure inside a widget rendered without data")
        for line in self.console:
            if line.startswith("page error"):
                report.problem(f"uncaught error in the page: {line}")
        while self.static_failures:  # e.g. Notebook 7's fonts, refused while JupyterLab's of the same name were cached
            report.problem(f"a static file the page asked for was not served: {self.static_failures.pop(0)}")

    def _check_layout(self, report: NotebookReport) -> None:
        """Report, per cell, what a learner cannot read (LAYOUT_JS), one problem per cell and kind."""
        for cell in self.page.evaluate(LAYOUT_JS, [MIN_FONT_PX, FIGURE_SLACK_PX]):
            where = f"cell {cell['index'] + 1} ({cell['source'].splitlines()[0] if cell['source'] else 'empty'!r})"
            for kind, found in cell["found"].items():
                if found:
                    examples = "; ".join(dict.fromkeys(found))
                    report.problem(
                        f"{where}: {LAYOUT_WORDS[kind]}: {len(found)} found, e.g. {examples[:400]}", cell["index"]
                    )

    def view_as_learner(self, report: NotebookReport, folder: Path) -> Path:
        """Look as a new learner does (1440×900, the file browser open): the layout checks again, and a screenshot
        saved to FOLDER, whatever they find; then back to the suite's own size."""
        size = self.page.viewport_size
        self.page.set_viewport_size({"width": 1440, "height": 900})
        self.page.evaluate("() => window.jupyterapp.commands.execute('filebrowser:activate')")
        self.page.wait_for_timeout(500)  # the panel's animation and the notebook's relayout
        try:
            self._check_layout(report)
            tables = self.page.locator(".jp-OutputArea .casekit-table")
            if tables.count():  # the screenshot shows the first table of ids, as the learner scrolls to it
                tables.first.scroll_into_view_if_needed()
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / (report.name.replace("/", "__").removesuffix(".ipynb") + "-1440x900-file-browser.png")
            self.page.screenshot(path=str(path))
        finally:
            self.page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
            self.page.set_viewport_size(size)
        return path

    def _drive_main_widgets(self, report: NotebookReport, required: bool) -> None:
        containers = self.page.locator(".jp-Notebook .casekit-main")
        if containers.count() == 0:
            if required:
                report.problem(
                    "no main widget: mark one with add_class('casekit-main') (plus "
                    "'casekit-main-control' and 'casekit-main-output'), or set notebook "
                    'metadata {"casekit": {"browser": {"interaction": false}}}'
                )
            return
        for number in range(containers.count()):
            container = containers.nth(number)
            control = container.locator(".casekit-main-control").first
            output = container.locator(".casekit-main-output").first
            label = f"main widget {number + 1}"
            if control.count() == 0 or output.count() == 0:
                report.problem(
                    f"{label}: a .casekit-main needs one .casekit-main-control and one .casekit-main-output inside it"
                )
                continue
            if control.locator(".jupyter-widgets-error-widget").count():
                report.problem(f"{label}: its control did not render, so it cannot be driven")
                continue
            before = output.evaluate(SIGNATURE_JS)
            action = self._act_on(control)
            if action is None:
                report.problem(
                    f"{label}: no known way to drive a control with classes "
                    f"{control.get_attribute('class')!r} (see docs/browser-tests.md)"
                )
                continue
            if self._wait_for_change(output, before):
                report.interactions.append(f"{label}: {action} -> output changed")
            else:
                report.problem(
                    f"{label}: {action}, but its .casekit-main-output did not change "
                    "(does the callback raise, or is it wired to another widget?)"
                )
        self._wait_for_rendering(timeout=10)
        self._check_outputs(report)

    def _wait_for_change(self, output, before: str, patience: float = 3, limit: float = 20) -> bool:
        """True once OUTPUT's signature differs from BEFORE; False if the kernel went idle without it."""
        start = time.monotonic()
        while time.monotonic() - start < limit:
            if output.evaluate(SIGNATURE_JS) != before:
                return True
            idle = self.page.evaluate(
                "() => { const s = window.__casekit.widget.sessionContext.session;"
                " return !s || !s.kernel || s.kernel.status === 'idle'; }"
            )
            if idle and time.monotonic() - start > patience:
                return False
            time.sleep(0.1)
        return False

    def _act_on(self, control) -> str | None:
        """Change CONTROL the way a learner would and say what was done."""
        control.scroll_into_view_if_needed()
        select = control.locator("select")
        if select.count():
            current = select.first.input_value()
            values = select.first.evaluate("s => Array.from(s.options).map(o => o.value)")
            other = next((v for v in values if v != current), None)
            if other is None:
                return "the dropdown has a single option, nothing to choose"
            select.first.select_option(other)
            return f"chose option {other!r}"
        slider = control.locator("input[type=range]")
        if slider.count():
            before = slider.first.input_value()
            slider.first.focus()
            self.page.keyboard.press("ArrowRight")
            if slider.first.input_value() == before:
                self.page.keyboard.press("ArrowLeft")
            return f"moved the slider from {before} to {slider.first.input_value()}"
        handle = control.locator(".noUi-handle")
        if handle.count():
            before = handle.first.get_attribute("aria-valuenow")
            handle.first.focus()
            self.page.keyboard.press("ArrowRight")
            if handle.first.get_attribute("aria-valuenow") == before:
                self.page.keyboard.press("ArrowLeft")
            return f"moved the slider from {before} to {handle.first.get_attribute('aria-valuenow')}"
        radio = control.locator("input[type=radio]:not(:checked)")
        if radio.count():
            radio.first.check()
            return "picked another radio option"
        toggle = control.locator("button:not(.mod-active)")
        if "widget-toggle-buttons" in (control.get_attribute("class") or "") and toggle.count():
            toggle.first.click()
            return f"picked the toggle button {toggle.first.inner_text()!r}"
        checkbox = control.locator("input[type=checkbox]")
        if checkbox.count():
            checkbox.first.click()
            return "toggled the checkbox"
        if control.evaluate("n => n.tagName") == "BUTTON" or control.locator("button").count():
            button = control if control.evaluate("n => n.tagName") == "BUTTON" else control.locator("button").first
            text = button.inner_text()
            button.click()
            return f"pressed the button {text!r}"
        text_input = control.locator("input[type=text], textarea")
        if text_input.count():
            text_input.first.fill(text_input.first.input_value() + " changed")
            text_input.first.press("Enter")
            return "typed into the text box"
        return None

    def save_artifacts(self, report: NotebookReport, folder: Path) -> list[Path]:
        """Save a screenshot of the first bad cell and the console errors; return the files."""
        folder.mkdir(parents=True, exist_ok=True)
        stem = report.name.replace("/", "__").removesuffix(".ipynb")
        shot, console = folder / f"{stem}.png", folder / f"{stem}.console.txt"
        try:
            if report.first_bad_cell is not None:
                self.page.evaluate(
                    "(i) => { const w = window.__casekit && window.__casekit.widget;"
                    " if (w) w.content.widgets[i].node.scrollIntoView(); }",
                    report.first_bad_cell,
                )
            self.page.screenshot(path=str(shot))
        except Exception as error:  # noqa: BLE001 (a screenshot must never hide the real failure)
            shot.with_suffix(".png.txt").write_text(f"screenshot failed: {error}\n")
        lines = [
            "Problems:",
            *report.problems,
            "",
            "Interactions:",
            *report.interactions,
            "",
            "Browser console errors:",
            *(self.console or report.console_errors or ["(none)"]),
        ]
        console.write_text("\n".join(lines) + "\n")
        return [shot, console]


class Notebook7Page(NotebookPage):
    """One notebook in its own Jupyter Notebook 7 page (/notebooks/PATH), from the same server."""

    client = "Notebook 7"
    # Notebook 7.6's keyboard-shortcuts settings handler reads the schema of a plugin it never loaded, when
    # any notebook opens (a print(1) notebook too): an error of the client, not of the kit, so not counted.
    UPSTREAM = ("Cannot read properties of undefined (reading 'schema')", "notebook_core")

    def upstream_error(self, error) -> bool:
        message, where = self.UPSTREAM
        return message in str(error) and where in (getattr(error, "stack", "") or "")

    def __init__(self, page: Page, url: str, run_timeout: float = 180):
        super().__init__(page, url, run_timeout)

    navigated = False

    def navigate(self) -> None:
        """Start loading the notebook's page without waiting for it (`open` waits)."""
        self.page.goto(self.lab_url, wait_until="commit")
        self.navigated = True

    def load(self) -> None:
        if not self.navigated:
            self.navigate()
        self.page.wait_for_function(NOTEBOOK7_READY_JS, timeout=60_000, polling=100)
        self.fresh = True

    def open(self, relative: str) -> None:
        self.load()
        self.page.evaluate(NOTEBOOK7_OPEN_JS)

    def close_current(self) -> None:
        try:
            self.page.evaluate("() => { const s = window.__casekit; if (s) s.widget.context.model.dirty = false; }")
        except Exception:  # noqa: BLE001 (the page is closed anyway)
            pass
        self.page.close()


def read_interaction_flag(path: Path) -> bool:
    """False when the notebook's metadata says {"casekit": {"browser": {"interaction": false}}}."""
    metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    return bool(metadata.get("casekit", {}).get("browser", {}).get("interaction", True))
