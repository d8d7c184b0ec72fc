"""Using the kit never dirties the checkout: a lesson run and saved in JupyterLab lives in the workspace.

The learner's path, end to end: `casekit lab --sync-only` makes a workspace from the real course,
JupyterLab serves that workspace (as `casekit lab` does, with CASEKIT_ROOT set), a lesson is run
(Run All) and saved with the toolbar's save button. The course's lessons and exercises (what nbval
compares and what `git pull` changes) must be byte-for-byte unchanged, and a course update synced
afterwards must keep the learner's saved notebook and put the new version beside it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import time

import nbformat
import pytest
from conftest import ARTIFACTS, REPO
from lab_server import LabServer
from notebook_page import NotebookPage

from casekit import cli, labconfig, workspace

pytestmark = pytest.mark.browser
COURSE_FOLDERS = ("lessons", "exercises")
# The text of the style sheet the page loaded from /custom/custom.css (null if none).
PAGE_CSS_JS = """() => {
  const sheet = [...document.styleSheets].find(s => (s.href || '').endsWith('/custom/custom.css'));
  return sheet ? [...sheet.cssRules].map(r => r.cssText).join('\\n') : null;
}"""


def course_fingerprint() -> dict[str, str]:
    """SHA-256 of every file in the checkout's lessons/ and exercises/."""
    return {
        p.relative_to(REPO).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in COURSE_FOLDERS
        for p in sorted((REPO / folder).rglob("*"))
        if p.is_file()
    }


def tracked_changes() -> str:
    """`git status --porcelain` of the tracked course files ('' when git is not available)."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        return ""
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", "--", *COURSE_FOLDERS],
        cwd=REPO,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def learner_workspace(tmp_path):
    """A workspace made by `casekit lab --sync-only` from the checkout's course."""
    ws = tmp_path / "workspace"
    assert cli.main(["lab", "--workspace", str(ws), "--sync-only"]) == 0
    return ws


def test_a_lesson_run_and_saved_in_jupyterlab_changes_no_course_file_and_survives_an_update(
    browser, learner_workspace, tmp_path
):
    ws = learner_workspace
    lesson = workspace.first_lesson(ws)
    assert lesson, "the workspace has no lesson"
    before, before_git = course_fingerprint(), tracked_changes()
    original = (ws / lesson).read_bytes()

    server = LabServer(root=ws, home=tmp_path / "home", extra_env={"CASEKIT_ROOT": str(REPO)})
    server.start()
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        driver = NotebookPage(page, f"{server.base_url}/lab?reset&token={server.token}")
        driver.load()
        report = driver.check(lesson, interact=False, require_main_widget=False)
        assert not report.problems, f"{lesson} in the workspace:\n" + "\n".join(report.problems)
        # issue 29: the page itself (not only a kit control's output) carries the kit's link underline
        page_css = page.evaluate(PAGE_CSS_JS)
        assert page_css and "text-decoration: underline" in page_css, f"/custom/custom.css on the page: {page_css!r}"
        page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) [data-command='docmanager:save']").first.click()
        page.wait_for_function("() => !window.__casekit.widget.context.model.dirty")
        deadline = time.monotonic() + 20
        while (ws / lesson).read_bytes() == original and time.monotonic() < deadline:
            time.sleep(0.2)
    except Exception:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "workspace__save.png"))
        raise
    finally:
        context.close()
        server.stop()

    saved = (ws / lesson).read_bytes()
    assert saved != original, "the toolbar's save button did not write the workspace copy"
    ran = [
        c
        for c in nbformat.reads(saved.decode("utf-8"), as_version=4).cells
        if c.cell_type == "code" and c.source.strip()
    ]
    assert ran and all(c.execution_count for c in ran), "the saved copy does not hold the browser's run"
    # the server's save hook (casekit.labconfig): widget views are saved as text, so the reopened copy reads
    outputs = [o for c in ran for o in c.get("outputs", [])]
    assert not [o for o in outputs if labconfig.WIDGET_VIEW_MIME in o.get("data", {})], "a widget view was saved"
    assert any(o.get("data", {}).get("text/plain") == labconfig.WIDGET_TEXT for o in outputs)
    assert course_fingerprint() == before, "running and saving a lesson changed the checkout's course files"
    assert tracked_changes() == before_git

    # A course update arrives (as `git pull` would bring it): this lesson changed, one lesson is new.
    course = tmp_path / "updated-course"
    for folder in COURSE_FOLDERS:
        shutil.copytree(
            REPO / folder, course / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "my-reasoning")
        )
    changed = json.loads((course / lesson).read_text(encoding="utf-8"))
    changed["cells"].append(
        {
            "cell_type": "markdown",
            "id": "course-update",
            "metadata": {},
            "source": "A correction from the course update.",
        }
    )
    (course / lesson).write_text(json.dumps(changed, indent=1) + "\n", encoding="utf-8")
    new_lesson = f"lessons/99-{tmp_path.name[:8].lower()}-new.ipynb"
    shutil.copy2(course / lesson, course / new_lesson)

    report = workspace.sync(course, ws)
    beside = workspace.updated_name(lesson)
    assert (ws / lesson).read_bytes() == saved, "the update overwrote the learner's saved lesson"
    assert (ws / beside).read_bytes() == (course / lesson).read_bytes()
    assert report.kept == [(lesson, beside)] and report.copied == [new_lesson] and not report.updated
    assert any(lesson in line and beside in line for line in report.lines())
    assert course_fingerprint() == before
