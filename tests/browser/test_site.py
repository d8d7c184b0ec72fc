"""`casekit site` builds lesson pages that render their figures and saved widgets with the network off."""

from __future__ import annotations

import pytest

from casekit.site import external_references
from conftest import REPO

pytestmark = pytest.mark.browser
LESSON_STEMS = [p.stem for p in sorted(REPO.glob("lessons/[0-9][0-9]-*.ipynb"))]

# Rendered when every figure placeholder holds a plotly graph and every saved widget view is drawn.
RENDERED_JS = """() => {
  const holders = Array.from(document.querySelectorAll('.casekit-plotly'));
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length;
  const drawn = holders.every(h => h.classList.contains('js-plotly-plot') && h.querySelector('.main-svg'));
  const widgets = document.querySelectorAll('.jupyter-widgets').length;
  const failed = document.querySelectorAll('.jupyter-widgets-error-widget').length;
  return drawn && (views === 0 || widgets > 0 || failed > 0);
}"""

STATE_JS = """() => ({
  holders: document.querySelectorAll('.casekit-plotly').length,
  plots: Array.from(document.querySelectorAll('.casekit-plotly')).map(p => ({
      drawn: p.classList.contains('js-plotly-plot'), traces: p.querySelectorAll('.trace').length,
      data: (p.data || []).length})),
  views: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
  widgets: document.querySelectorAll('.jupyter-widgets').length,
  errors: document.querySelectorAll('.jupyter-widgets-error-widget').length,
  text: document.body.innerText,
})"""


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
    assert {p.stem for p in pages} == {"index", *LESSON_STEMS}
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
    problems += [f"figure {n + 1} not drawn with data: {p}" for n, p in enumerate(state["plots"])
                 if not p["drawn"] or p["traces"] == 0 or p["data"] == 0]
    if state["views"] and not state["widgets"]:
        problems.append(f"{state['views']} saved widget views, none rendered")
    if state["errors"] or "Error displaying widget" in state["text"]:
        problems.append("a saved widget shows 'Error displaying widget'")
    if problems:
        folder = REPO / "test-artifacts" / "browser"
        folder.mkdir(parents=True, exist_ok=True)
        offline_page.screenshot(path=str(folder / f"site__{stem}.png"), full_page=True)
        (folder / f"site__{stem}.console.txt").write_text("\n".join(problems) + "\n")
    assert not problems, f"site/{stem}.html offline:\n" + "\n".join(problems)
