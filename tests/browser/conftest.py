"""Browser suite fixtures: Debian's Chromium, one isolated JupyterLab server, one JupyterLab page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from control_notebooks import write_control
from lab_server import LabServer, copy_tree_to_serve
from notebook_page import NotebookPage, NotebookReport

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "browser"
CONTROLS = "browser-controls"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHROMIUM_MISSING = (
    "Chromium not found, so the browser tests cannot run (they are never skipped).\n"
    "Install Debian's chromium:  sudo apt-get update && sudo apt-get install -y chromium\n"
    "or point CASEKIT_CHROMIUM at a Chromium/Chrome binary{chosen}.\n"
    "Do not run `playwright install`: the suite uses the system browser. "
    "`.ci/run` installs it automatically."
)
TIMES: dict[str, float] = {}
PHASES: dict[str, dict[str, float]] = {}
INTERACTIONS: dict[str, list[str]] = {}


def find_chromium() -> str | None:
    """Path of the Chromium binary to drive: $CASEKIT_CHROMIUM if set, else chromium on PATH."""
    usable = lambda c: bool(c) and Path(c).is_file() and os.access(c, os.X_OK)  # noqa: E731
    chosen = os.environ.get("CASEKIT_CHROMIUM")
    if chosen:
        return chosen if usable(chosen) else None
    candidates = [shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium",
                  "/usr/lib/chromium/chromium"]
    return next((c for c in candidates if usable(c)), None)


def notebooks_under_test() -> list[str]:
    """Every lesson and solution notebook, as paths relative to the repository root."""
    found = sorted(REPO.glob("lessons/*.ipynb")) + sorted(REPO.glob("solutions/*.ipynb"))
    return [path.relative_to(REPO).as_posix() for path in found]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        chosen = os.environ.get("CASEKIT_CHROMIUM")
        pytest.fail(CHROMIUM_MISSING.format(chosen=f" (now {chosen!r}: not an executable file)" if chosen else ""),
                    pytrace=False)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, headless=True,
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """JupyterLab serving a temporary copy of lessons/ and solutions/ plus the control notebooks."""
    start = time.monotonic()
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "root"
    copy_tree_to_serve(REPO, root, ("lessons", "solutions"))
    write_control(root / CONTROLS)
    server = LabServer(root=root, home=base / "home")
    server.start()
    TIMES["server start"] = time.monotonic() - start
    yield server
    server.stop()


@pytest.fixture(scope="session")
def lab_page(browser, lab_server, chromium_path):
    """One JupyterLab page, loaded once and reused for every notebook."""
    start = time.monotonic()
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    driver = NotebookPage(page, f"{lab_server.base_url}/lab?reset&token={lab_server.token}")
    driver.load()
    TIMES["JupyterLab load"] = time.monotonic() - start
    yield driver
    context.close()


@pytest.fixture
def check_notebook(lab_page, lab_server):
    """Return check(relative, ...) -> NotebookReport; on any failure the artifacts are saved."""

    def check(relative: str, *, interact: bool = True, require_main_widget: bool = False,
              expect_problems: bool = False) -> NotebookReport:
        report = NotebookReport(relative)
        try:
            report = lab_page.check(relative, interact=interact, require_main_widget=require_main_widget)
        except Exception:
            report.problem("the check itself crashed (see the traceback)")
            lab_page.save_artifacts(report, ARTIFACTS)
            lab_page.fresh = False
            raise
        finally:
            TIMES[relative] = report.seconds
            PHASES[relative] = report.phases
            INTERACTIONS[relative] = report.interactions
        if report.problems and not expect_problems:
            files = lab_page.save_artifacts(report, ARTIFACTS)
            report.artifacts = files
        lab_page.close_current()
        threading.Thread(target=lab_server.shutdown_kernels_of, args=(relative,), daemon=True).start()
        return report

    return check


class SiteBuild:
    """`casekit site` running in the background while JupyterLab checks the notebooks."""

    def __init__(self):
        self.out = Path(tempfile.mkdtemp(prefix="casekit-site-")) / "site"
        self.log = self.out.parent / "build.log"
        self.started = time.monotonic()
        # Output to a file, not a pipe: a pipe would also wait for any process the lessons leave behind.
        with open(self.log, "w") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "casekit", "site", "--out", str(self.out)],
                                            cwd=REPO, stdout=log, stderr=subprocess.STDOUT, text=True)

    def wait(self) -> Path:
        """Wait for the build; fail the calling test with its output if it failed."""
        self.process.wait(timeout=900)
        output = self.log.read_text(errors="replace")
        took = re.search(r"lessons in ([0-9.]+) s", output)
        TIMES.setdefault("site build (in background)", float(took.group(1)) if took else 0.0)
        if self.process.returncode != 0:
            pytest.fail(f"casekit site failed:\n{output[-4000:]}", pytrace=False)
        return self.out

    def cleanup(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.out.parent, ignore_errors=True)


SITE_BUILDS: list[SiteBuild] = []


def pytest_collection_finish(session):
    """Start timing; start the site build now if site tests were selected, so it overlaps."""
    TIMES.setdefault("_started", time.monotonic())
    if any(Path(str(item.fspath)).name == "test_site.py" for item in session.items):
        SITE_BUILDS.append(SiteBuild())


def pytest_sessionfinish(session):
    for build in SITE_BUILDS:
        build.cleanup()


@pytest.fixture(scope="session")
def site() -> Path:
    """The site built by `casekit site` into a temporary folder, from the lessons as they are."""
    if not SITE_BUILDS:
        SITE_BUILDS.append(SiteBuild())
    return SITE_BUILDS[0].wait()


def pytest_terminal_summary(terminalreporter):
    """Print how long the browser suite took, split by step."""
    started = TIMES.pop("_started", None)
    if not TIMES or started is None:
        return
    notebooks = {k: v for k, v in TIMES.items() if k.endswith(".ipynb")}
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in TIMES.items() if not k.endswith(".ipynb"))
    terminalreporter.write_sep("-", "browser suite timing")
    for name, seconds in notebooks.items():
        phases = ", ".join(f"{k} {v:.1f}" for k, v in PHASES.get(name, {}).items())
        terminalreporter.write_line(f"  {seconds:5.1f} s  {name}  ({phases})")
        for done in INTERACTIONS.get(name, []):
            terminalreporter.write_line(f"           {done}")
    wall = time.monotonic() - started
    terminalreporter.write_line(f"browser suite: {len(notebooks)} notebooks checked, {wall:.1f} s in all "
                                f"({steps})")
