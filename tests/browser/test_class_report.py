"""The class-results HTML report opens offline in Chromium: every figure draws, with the network blocked."""

from __future__ import annotations

import pytest

from casekit.classroom import results as class_results

pytestmark = pytest.mark.browser


def test_class_report_renders_offline(browser, tmp_path):
    folder = class_results.write_demo_class(tmp_path / "class", learners=12)
    paths = class_results.write_outputs(class_results.load_results(folder), tmp_path / "out")
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    blocked, errors = [], []

    def only_local(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(paths["html"].as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=20_000)
        plots = page.locator(".js-plotly-plot")
        assert plots.count() == 3
        for number in range(plots.count()):
            assert plots.nth(number).locator(".main-svg").count() >= 1  # drawn, not an empty div
        assert page.locator("#ratings .scatterlayer .trace").count() >= 2  # learners and the court
        text = page.locator("pre").inner_text()
        assert "Files that count:" in text and "Demo learner" not in text
        assert errors == [] and blocked == []
    finally:
        context.close()
