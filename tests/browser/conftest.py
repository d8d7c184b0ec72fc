"""Browser suite fixtures: a system (or Playwright-installed) Chromium, one isolated Jupyter server, one
JupyterLab page for every notebook, a Notebook 7 page per lesson, and the accessibility gate's findings."""

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
from accessibility import NOTEBOOK_HIDE_CSS, Audit, audit
from control_notebooks import write_control, write_control_a11y, write_control_keys
from lab_server import LabServer, copy_tree_to_serve, without_outputs
from notebook_page import Notebook7Page, NotebookPage, NotebookReport

from casekit.browser import find_chromium

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "browser"
CONTROLS = "browser-controls"
# Notebook 7 runs its own copy of lessons/ (root/notebook7/lessons/...): a kernel session belongs to a
# path, so the two clients running the same lesson at once must open different files.
NOTEBOOK7 = "notebook7"
PRESENTING = "presenting"  # the live-slides test presents its own copy of lessons/, outputs kept
OUTPUTS = ".jp-Notebook .jp-OutputArea"  # what the accessibility gate scans in a notebook: the kit's outputs
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHROMIUM_MISSING = (
    "Chromium not found, so the browser tests cannot run (they are never skipped).\n"
    "Run `.venv/bin/casekit browser`: it finds a system Chromium or Chrome, or installs one (apt, then "
    "Playwright's own), or says why it cannot.\n"
    "Or point CASEKIT_CHROMIUM at a Chromium/Chrome binary{chosen}."
)
TIMES: dict[str, float] = {}
PHASES: dict[str, dict[str, float]] = {}
INTERACTIONS: dict[str, list[str]] = {}
AUDITS: dict[str, Audit] = {}


def lessons_under_test() -> list[str]:
    """Every lesson notebook, as paths relative to the repository root."""
    return [path.relative_to(REPO).as_posix() for path in sorted(REPO.glob("lessons/*.ipynb"))]


# The solutions run in JupyterLab: the two with the most tables and printed checks. Each solution's outputs are
# the kit's tables and check lines, as in the lessons; nbval runs every solution, and a unit test checks that every
# exercise's set-up cell switches the readable tables on (tests/authoring/test_exercise.py). Running all six here
# cost about 15 s of make test's 6 minutes (benchmarks/test_time.py).
SOLUTIONS_UNDER_TEST = ("03-", "04-")


def notebooks_under_test() -> list[str]:
    """Every lesson notebook and the solutions of SOLUTIONS_UNDER_TEST, as paths relative to the repository root."""
    solutions = [p for p in sorted(REPO.glob("solutions/*.ipynb")) if p.name.startswith(SOLUTIONS_UNDER_TEST)]
    return [path.relative_to(REPO).as_posix() for path in sorted(REPO.glob("lessons/*.ipynb")) + solutions]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        chosen = os.environ.get("CASEKIT_CHROMIUM")
        pytest.fail(
            CHROMIUM_MISSING.format(chosen=f" (now {chosen!r}: not an executable file)" if chosen else ""),
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """JupyterLab serving a temporary copy of lessons/, solutions/ and exercises/ plus the control notebooks."""
    start = time.monotonic()
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "root"
    copy_tree_to_serve(REPO, root, ("lessons", "solutions", "exercises"))
    copy_tree_to_serve(REPO, root / NOTEBOOK7, ("lessons",))
    without_outputs(root, ("lessons", "solutions", f"{NOTEBOOK7}/lessons"))  # Run All draws them afresh
    copy_tree_to_serve(REPO, root / PRESENTING, ("lessons",))  # slides show a lesson as stored, outputs and all
    write_control(root / CONTROLS)
    write_control_a11y(root / CONTROLS)
    write_control_keys(root / CONTROLS, REPO / "lessons")
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


def run_audit(driver: NotebookPage, relative: str) -> Audit:
    """The accessibility gate on the notebook open in DRIVER (after Run All): axe-core on its outputs."""
    start = time.monotonic()
    found = audit(driver.page, f"{relative} ({driver.client})", OUTPUTS, notebook=True, hide_css=NOTEBOOK_HIDE_CSS)
    AUDITS[found.where] = found
    TIMES["axe-core gate (all notebooks)"] = TIMES.get("axe-core gate (all notebooks)", 0.0) + time.monotonic() - start
    return found


@pytest.fixture
def check_notebook(lab_page, lab_server):
    """Return check(relative, ...) -> NotebookReport; on any failure the artifacts are saved.

    With audit=True the accessibility gate runs on the notebook's outputs once it has run (report.audit); with
    layout=True the layout checks (notebook_page.LAYOUT_JS) run on them too.
    """

    def check(
        relative: str,
        *,
        interact: bool = True,
        require_main_widget: bool = False,
        expect_problems: bool = False,
        audit: bool = False,
        before_audit=None,
        layout: bool = False,
        as_learner: bool = False,
    ) -> NotebookReport:
        report = NotebookReport(relative)
        try:
            report = lab_page.check(relative, interact=interact, require_main_widget=require_main_widget, layout=layout)
            if before_audit:
                before_audit()
            report.audit = run_audit(lab_page, relative) if audit else None
            if as_learner:  # issue 22: ids on one line at a learner's 1440×900 with the file browser open
                report.screenshot = lab_page.view_as_learner(report, ARTIFACTS)
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


class Notebook7Runs:
    """Lessons in Jupyter Notebook 7, one page each, run beside JupyterLab's runs (two kernels, two cores):
    `start` begins loading the page, `kick` starts Run All once it has loaded, `finish` waits and checks."""

    def __init__(self, browser, server: LabServer):
        self.server = server
        self.context = browser.new_context(viewport={"width": 1280, "height": 1000})
        self.runs: dict[tuple[str, str], list] = {}  # (relative, purpose) -> [driver, report or None, served]

    def start(self, relative: str, purpose: str = "lesson") -> None:
        """Begin loading RELATIVE (a repository path such as lessons/00-x.ipynb) in a new Notebook 7 page."""
        if (relative, purpose) in self.runs:
            return
        # its own copy of the file: a kernel session belongs to a path, and JupyterLab may have RELATIVE open
        served = f"{NOTEBOOK7}/{relative}" if purpose == "lesson" else f"{NOTEBOOK7}/{purpose}/{relative}"
        if not (self.server.root / served).exists():
            source = REPO / relative if (REPO / relative).exists() else self.server.root / relative
            shutil.copytree(source.parent, (self.server.root / served).parent, dirs_exist_ok=True)
        page = self.context.new_page()
        page.set_default_timeout(30_000)
        driver = Notebook7Page(page, self.server.notebook7_url(served))
        driver.navigate()
        self.runs[(relative, purpose)] = [driver, None, served]

    def kick(self, relative: str, purpose: str = "lesson") -> None:
        """Start Run All of RELATIVE in its page (loading it first if need be), without waiting for it."""
        self.start(relative, purpose)
        run = self.runs[(relative, purpose)]
        if run[1] is None:
            run[1] = run[0].start(run[2])
            run[1].name = f"{relative} (Notebook 7)"

    def finish(
        self, relative: str, purpose: str = "lesson", *, interact: bool = False, require_main_widget: bool = False
    ) -> tuple[Notebook7Page, NotebookReport]:
        """Wait for the run of RELATIVE (starting it if need be), check it, and return (driver, report)."""
        self.kick(relative, purpose)
        driver, report, _ = self.runs[(relative, purpose)]
        report = driver.finish(report, interact=interact, require_main_widget=require_main_widget)
        if report.problems:
            report.artifacts = driver.save_artifacts(report, ARTIFACTS)
        return driver, report

    def close(self, relative: str, purpose: str = "lesson") -> None:
        """Close RELATIVE's page and shut its kernel down."""
        if (relative, purpose) not in self.runs:
            return
        driver, report, served = self.runs.pop((relative, purpose))
        if report is not None:
            TIMES[report.name] = report.seconds
            PHASES[report.name] = report.phases
            INTERACTIONS[report.name] = report.interactions
        driver.close_current()
        threading.Thread(target=self.server.shutdown_kernels_of, args=(served,), daemon=True).start()


@pytest.fixture(scope="session")
def notebook7(browser, lab_server):
    """Notebook 7 pages of the same server; see Notebook7Runs."""
    runs = Notebook7Runs(browser, lab_server)
    yield runs
    runs.context.close()


class SiteBuild:
    """`casekit site` running in the background while JupyterLab checks the notebooks."""

    def __init__(self):
        self.out = Path(tempfile.mkdtemp(prefix="casekit-site-")) / "site"
        self.log = self.out.parent / "build.log"
        self.started = time.monotonic()
        # Output to a file, not a pipe: a pipe would also wait for any process the lessons leave behind.
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "casekit", "site", "--out", str(self.out)],
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
            )

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
    if WORKER:  # under xdist every worker collects every test: the `site` fixture starts the build where needed
        return
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


WORKER = os.environ.get("PYTEST_XDIST_WORKER")  # set in each process when the suite runs under pytest-xdist
SUMMARIES = ARTIFACTS / "summaries"  # each xdist worker leaves its timing and audit lines here for the controller


def _summary_lines() -> list[str]:
    """This process's timing and moderate/minor accessibility findings, as lines to print."""
    started = TIMES.pop("_started", None)
    if not TIMES or started is None:
        return []
    notebooks = {k: v for k, v in TIMES.items() if k.endswith((".ipynb", "(Notebook 7)"))}
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in TIMES.items() if k not in notebooks)
    lines = ["--- browser suite timing" + (f" ({WORKER})" if WORKER else "") + " ---"]
    for name, seconds in notebooks.items():
        phases = ", ".join(f"{k} {v:.1f}" for k, v in PHASES.get(name, {}).items())
        lines.append(f"  {seconds:5.1f} s  {name}  ({phases})")
        lines.extend(f"           {done}" for done in INTERACTIONS.get(name, []))
    if AUDITS:
        lines.append("--- accessibility gate (axe-core): moderate and minor findings (not failing) ---")
        for found in AUDITS.values():
            lines.extend("  " + line[:400] for line in found.describe(found.other).splitlines())
            lines.append(
                f"  {found.where}: {len(found.failing)} critical/serious, {len(found.other)} "
                f"moderate/minor ({found.scoped} scoped, {found.screens} screen(s))"
            )
    wall = time.monotonic() - started
    lines.append(f"browser suite: {len(notebooks)} notebooks checked, {wall:.1f} s in all ({steps})")
    return lines


def pytest_sessionstart(session):
    if not WORKER:
        shutil.rmtree(SUMMARIES, ignore_errors=True)


def pytest_terminal_summary(terminalreporter):
    """Print how long the browser suite took, split by step, and the non-failing accessibility findings.

    Under pytest-xdist each worker writes its lines to a file, and the controller prints them all."""
    lines = _summary_lines()
    if WORKER:
        SUMMARIES.mkdir(parents=True, exist_ok=True)
        (SUMMARIES / f"{WORKER}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return
    for path in sorted(SUMMARIES.glob("*.txt")) if SUMMARIES.is_dir() else []:
        lines += path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        terminalreporter.write_line(line)
