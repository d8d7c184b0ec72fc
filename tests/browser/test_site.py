"""`casekit site` builds lesson pages that render their figures and saved widgets with the network off,
say on every widget that it is a static copy, switch its controls off, and link lessons and exercises."""

from __future__ import annotations

import re

import pytest
from accessibility import audit
from conftest import AUDITS, REPO
from control_notebooks import SITE_CONTROL, SITE_EXPECTED, site_control_notebook
from notebook_page import FIGURE_SLACK_PX, LAYOUT_JS, LAYOUT_WORDS, MIN_FONT_PX

from casekit.site import external_references, figures_to_html, page_name, render_page

pytestmark = pytest.mark.browser
LESSON_STEMS = [p.stem for p in sorted(REPO.glob("lessons/*.ipynb"))]  # the pandas on-ramp (00p) too
EXERCISE_PAGES = [
    page_name(p.relative_to(REPO).as_posix()).removesuffix(".html")
    for p in sorted(REPO.glob("exercises/**/[0-9][0-9]-*.ipynb"))
    if p.stem in LESSON_STEMS
]
CONTROLS = ".widget-subarea input, .widget-subarea select, .widget-subarea textarea, .widget-subarea button"

# Rendered when every figure placeholder holds a plotly graph and every saved widget view is drawn.
RENDERED_JS = """() => {
  const holders = Array.from(document.querySelectorAll('.casekit-plotly'));
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length;
  const drawn = holders.every(h => h.classList.contains('js-plotly-plot') && h.querySelector('.main-svg'));
  const widgets = document.querySelectorAll('.jupyter-widgets').length;
  const failed = document.querySelectorAll('.jupyter-widgets-error-widget').length;
  const controls = Array.from(document.querySelectorAll('CONTROLS')).filter(c => !c.closest('.js-plotly-plot'));
  const enabled = controls.filter(c => !c.disabled).length;
  return drawn && (views === 0 || failed > 0 || (widgets > 0 && controls.length > 0 && enabled === 0));
}""".replace("CONTROLS", CONTROLS)

STATE_JS = """() => ({
  holders: document.querySelectorAll('.casekit-plotly').length,
  plots: Array.from(document.querySelectorAll('.casekit-plotly')).map(p => ({
      drawn: p.classList.contains('js-plotly-plot'), traces: p.querySelectorAll('.trace').length,
      data: (p.data || []).length})),
  views: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
  widgets: document.querySelectorAll('.jupyter-widgets').length,
  errors: document.querySelectorAll('.jupyter-widgets-error-widget').length,
  notes: document.querySelectorAll('.casekit-static-widget-note').length,
  controls: Array.from(document.querySelectorAll('CONTROLS'))
      .filter(c => !c.closest('.js-plotly-plot')).map(c => c.disabled),
  sliders: Array.from(document.querySelectorAll('.widget-subarea .noUi-target')).map(s => s.hasAttribute('disabled')),
  text: document.body.innerText,
})""".replace("CONTROLS", CONTROLS)


# The layout checks of the notebooks (notebook_page.LAYOUT_JS: tokens broken in tables, words split in printed text,
# cut-off controls, numpy reprs, text under 12px, figure texts that overlap) on a site page. LAYOUT_JS reads the
# cells of JupyterLab's notebook panel (window.__casekit.widget); here it reads a stand-in whose "cells" are the
# page's parts: each navigation bar, each code cell's outputs, each markdown cell's rendered text (and, on a page
# that is not a notebook, such as the index, its <main>). Each part's "source" says which part it is.
SITE_LAYOUT_JS = (
    """([minFont, slack]) => {
  const words = (el) => (el ? el.innerText || '' : '').replace(/\\s+/g, ' ').trim().slice(0, 100);
  const part = (el, outputs, source) => ({
    model: {type: 'code', sharedModel: {getSource: () => source}},
    outputArea: {node: {querySelectorAll: (s) => s === '.jp-OutputArea-output' ? outputs : el.querySelectorAll(s)}},
  });
  const parts = [];
  document.querySelectorAll('nav.casekit-nav').forEach((nav, n) => parts.push(part(nav, [nav], `navigation bar ${n + 1}`)));
  const cells = Array.from(document.querySelectorAll('.jp-Cell'));
  cells.forEach((cell, n) => {
    if (cell.classList.contains('jp-CodeCell')) {
      const outputs = Array.from(cell.querySelectorAll('.jp-OutputArea-output'));
      if (outputs.length)
        parts.push(part(cell, outputs, `cell ${n + 1} (code: ${words(cell.querySelector('.jp-InputArea-editor'))})`));
    } else {
      const shown = Array.from(cell.querySelectorAll('.jp-RenderedMarkdown, .jp-RenderedHTMLCommon')).slice(0, 1);
      if (shown.length) parts.push(part(cell, shown, `cell ${n + 1} (markdown: ${words(shown[0])})`));
    }
  });
  const main = document.querySelector('main');
  if (!cells.length && main) parts.push(part(main, [main], 'the page'));
  const saved = window.__casekit;
  window.__casekit = {widget: {content: {widgets: parts}}};
  try { return ("""
    + LAYOUT_JS
    + """)([minFont, slack]); } finally { window.__casekit = saved; }
}"""
)


def layout_problems(page) -> list[str]:
    """What a reader of the loaded site PAGE cannot read (SITE_LAYOUT_JS), one line per part and kind."""
    return [
        f"{LAYOUT_WORDS[kind]}, in {part['source']}: {'; '.join(items[:3])}"
        for part in page.evaluate(SITE_LAYOUT_JS, [MIN_FONT_PX, FIGURE_SLACK_PX])
        for kind, items in part["found"].items()
        if items
    ]


@pytest.fixture
def offline_page(browser):
    """A page that may read file:// URLs only; every other request is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_offline(True)
    page = context.new_page()
    page.blocked, page.errors = [], []

    def route(handled):
        if handled.request.url.startswith("file:"):
            handled.continue_()
        else:
            page.blocked.append(handled.request.url)
            handled.abort()

    context.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and page.errors.append(f"console.error: {m.text}"))
    page.on("pageerror", lambda e: page.errors.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: page.errors.append(f"request failed: {r.url} ({r.failure})"))
    yield page
    context.close()


def test_site_pages_load_no_file_from_another_host(site):
    pages = sorted(site.glob("*.html"))
    assert {p.stem for p in pages} == {"index", *LESSON_STEMS, *EXERCISE_PAGES}
    for page in pages:
        assert external_references(page.read_text(encoding="utf-8")) == [], page.name
    for asset in ("plotly.min.js", "require.js", "embed-amd.js"):
        assert (site / "assets" / asset).is_file(), asset


def test_index_lists_every_lesson_with_a_working_link(site, offline_page):
    offline_page.goto((site / "index.html").as_uri())
    links = offline_page.locator("table.casekit-lessons a").evaluate_all("a => a.map(x => x.getAttribute('href'))")
    assert links == [f"{stem}.html" for stem in LESSON_STEMS]
    assert all((site / link).is_file() for link in links)
    assert not offline_page.errors and not offline_page.blocked, offline_page.errors + offline_page.blocked


@pytest.mark.parametrize("stem", LESSON_STEMS)
def test_lesson_page_renders_figures_and_widgets_offline(site, offline_page, stem):
    offline_page.goto((site / f"{stem}.html").as_uri())
    try:
        offline_page.wait_for_function(RENDERED_JS, timeout=30_000, polling=200)
    except Exception:  # noqa: BLE001 (the state below says what is missing)
        pass
    state = offline_page.evaluate(STATE_JS)
    problems = list(offline_page.errors) + [f"tried the network: {url}" for url in offline_page.blocked]
    problems += [
        f"figure {n + 1} not drawn with data: {p}"
        for n, p in enumerate(state["plots"])
        if not p["drawn"] or p["traces"] == 0 or p["data"] == 0
    ]
    if state["views"] and not state["widgets"]:
        problems.append(f"{state['views']} saved widget views, none rendered")
    if state["errors"] or "Error displaying widget" in state["text"]:
        problems.append("a saved widget shows 'Error displaying widget'")
    if state["notes"] != state["views"]:
        problems.append(f"{state['views']} widgets but {state['notes']} 'Static copy' notices above them")
    if state["views"] and not state["controls"]:
        problems.append("widgets rendered, but no control found to check it is switched off")
    if not all(state["controls"]) or not all(state["sliders"]):
        problems.append(
            f"{state['controls'].count(False) + state['sliders'].count(False)} widget control(s) "
            "still work on the static page, where they compute nothing"
        )
    # the accessibility gate on the whole page (the same page load): no critical or serious axe-core finding
    # The outputs were audited screen by screen in JupyterLab (test_lessons); here the page's own parts (template,
    # navigation, notes, the static widgets) and the first screens of outputs under the site's CSS: a bound that
    # keeps `make test` within its 6 minutes.
    problems += layout_problems(offline_page)
    found = audit(offline_page, f"site/{stem}.html", "body", notebook=False, max_screens=4)
    AUDITS[found.where] = found
    problems += [f"accessibility gate: {line}" for line in found.describe(found.failing).splitlines()]
    if problems:
        folder = REPO / "test-artifacts" / "browser"
        folder.mkdir(parents=True, exist_ok=True)
        offline_page.screenshot(path=str(folder / f"site__{stem}.png"), full_page=True)
        (folder / f"site__{stem}.console.txt").write_text("\n".join(problems) + "\n")
    assert not problems, f"site/{stem}.html offline:\n" + "\n".join(problems)


def test_links_between_lessons_and_exercises_lead_to_site_pages(site):
    """Every relative link in a page is rewritten from a notebook to a page of the site, and that page exists."""
    broken = []
    for page in sorted(site.glob("*.html")):
        for href in re.findall(r'<a\s[^>]*href="([^"]+)"', page.read_text(encoding="utf-8")):
            target = href.split("#", 1)[0]
            if not target or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("/"):
                continue
            if target.endswith(".ipynb") or (target.endswith(".html") and not (site / target).is_file()):
                broken.append(f"{page.name}: {href}")
    assert not broken, "links that do not work on the site:\n" + "\n".join(broken)
    for stem in LESSON_STEMS:
        lesson = (site / f"{stem}.html").read_text(encoding="utf-8")
        if f"exercise-{stem}" in EXERCISE_PAGES:
            assert f'href="exercise-{stem}.html"' in lesson, f"{stem}.html does not link to its exercise"
            assert f'href="{stem}.html"' in (site / f"exercise-{stem}.html").read_text(encoding="utf-8")


def test_index_and_exercise_pages_pass_the_accessibility_gate(site, offline_page):
    """axe-core on every other page of the site (lesson pages: in the test above), whole page: no critical or
    serious finding (the page template's contrast and landmarks are the kit's, as are the outputs)."""
    failing = []
    pages = [p for p in sorted(site.glob("*.html")) if p.stem not in LESSON_STEMS]
    assert len(pages) == 1 + len(EXERCISE_PAGES), [p.name for p in pages]
    # the assessed editions differ from the practice ones only in their check cells' text: one of them stands
    # for all (the whole set cost ~10 s of the suite's 6-minute budget)
    assessed = [p for p in pages if "assessed" in p.stem]
    pages = [p for p in pages if p not in assessed[1:]]
    unreadable = []
    for page in pages:
        offline_page.goto(page.as_uri())
        found = audit(offline_page, f"site/{page.name}", "body", notebook=False)
        AUDITS[found.where] = found
        failing.append(found.describe(found.failing)) if found.failing else None
        unreadable += [f"site/{page.name}: {problem}" for problem in layout_problems(offline_page)]
    assert not failing, "accessibility gate on the static site: critical or serious axe-core findings:\n" + "\n".join(
        failing
    )
    assert not unreadable, "layout checks on the static site:\n" + "\n".join(unreadable)


def test_site_layout_checks_fail_each_defect_of_the_control_page(site, offline_page, tmp_path):
    """The layout checks above, on a page of the site's template (control_notebooks.SITE_CONTROL): each defect is
    reported once, in its part, and nothing else (the passing parts, the prose, the navigation bars)."""
    nb = site_control_notebook()
    figures_to_html(nb)
    nav = (
        '<nav class="casekit-nav"><a href="index.html">All lessons</a><span class="casekit-static-note">Static copy '
        "of the control page.</span></nav>"
    )
    (tmp_path / "assets").symlink_to(site / "assets")
    control = tmp_path / SITE_CONTROL
    control.write_text(render_page(nb, "Control page", nav), encoding="utf-8")
    offline_page.goto(control.as_uri())
    offline_page.wait_for_function(RENDERED_JS, timeout=30_000, polling=200)
    found = offline_page.evaluate(SITE_LAYOUT_JS, [MIN_FONT_PX, FIGURE_SLACK_PX])
    report = "\n".join(layout_problems(offline_page)) or "(nothing found)"
    kinds = sorted(kind for part in found for kind, items in part["found"].items() if items)
    assert kinds == sorted(SITE_EXPECTED), report
    for part in found:  # each defect in its own part: the passing parts, the prose and the navigation pass
        kind = next(kind for kind, items in part["found"].items() if items)
        where = "markdown: Shares by analyst" if kind == "small" else f"code: # the control page: fails {kind}"
        assert where in part["source"] and sum(1 for v in part["found"].values() if v) == 1, report
    assert not offline_page.errors and not offline_page.blocked, offline_page.errors + offline_page.blocked
