"""A class on a real JupyterHub (deploy/jupyterhub/jupyterhub_config.py), run on this machine: `make test-hub`.

Three learner accounts (real unix users, so the hub's LocalProcessSpawner isolates them as on a course
server) follow a `casekit hub-link` link to a clone of the kit served by `git daemon`. In Chromium, one
learner runs lesson 03 and saves her labels; two run exercise 03; all three hand in from JupyterLab's
terminal with `casekit submit`, and one tries to read another's hand-in and is refused. Then
`casekit collect`, `casekit grade` and `casekit class-labels` produce results for exactly those learners,
with their hub logins as the variant logins.

Needs root (to add the accounts), git, node and the proxy (`make hub-env` installs it into .tools/hub).
"""

from __future__ import annotations

import csv
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "browser"))
from notebook_page import NotebookPage  # noqa: E402

from casekit.browser import find_chromium  # noqa: E402
from casekit.classroom.hublink import hub_link  # noqa: E402

pytestmark = pytest.mark.hub
BIN = Path(sys.executable).parent
LEARNER_VENV = Path(os.environ.get("CASEKIT_HUB_VENV", "/opt/casekit/venv"))  # built by `make hub-env`
PROXY = REPO / ".tools" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
LEARNERS = ("ck-alice", "ck-bob", "ck-carol")
GROUP = "casekit-instructors"
LESSON = "lessons/03-content-moderation.ipynb"
EXERCISE = "exercises/03-content-moderation.ipynb"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sh(*command: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return  # the server answers (a 403 or 404 is an answer)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Accounts, a git daemon serving the kit, the course inbox and a running hub; torn down afterwards."""
    if os.geteuid() != 0:
        pytest.fail(
            "the hub suite adds learner accounts and runs JupyterHub as root: run `sudo make test-hub`", pytrace=False
        )
    if not (LEARNER_VENV / "bin" / "jupyterhub-singleuser").exists():
        pytest.fail(f"{LEARNER_VENV} has no learners' environment: `make hub-env` builds it", pytrace=False)
    if not PROXY.exists():
        pytest.fail(f"{PROXY} is missing: `make hub-env` installs configurable-http-proxy", pytrace=False)
    base = Path(tempfile_dir())
    try:
        sh("getent", "group", GROUP)
    except subprocess.CalledProcessError:
        sh("groupadd", GROUP)
    for login in LEARNERS:
        try:
            sh("id", login)
        except subprocess.CalledProcessError:
            sh("useradd", "--create-home", "--shell", "/bin/bash", login)
        shutil.rmtree(Path("/home") / login / "casekit", ignore_errors=True)
        for leftover in [*(Path("/home") / login).glob(".done*"), Path("/home") / login / "probe.txt"]:
            leftover.unlink(missing_ok=True)  # an earlier run's marks would end this run's waits at once
    served = base / "git"
    served.mkdir()
    sh("git", "clone", "--quiet", "--bare", str(REPO), str(served / "casekit.git"))
    git_port = free_port()
    daemon = subprocess.Popen(
        ["git", "daemon", "--export-all", "--reuseaddr", f"--base-path={served}", "--listen=127.0.0.1", f"--port={git_port}", str(served)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    inbox = base / "inbox"
    inbox.mkdir()
    shutil.chown(inbox, group=GROUP)
    os.chmod(inbox, 0o3733)
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    env.update(
        CASEKIT_VENV=str(LEARNER_VENV),
        CASEKIT_INBOX=str(inbox),
        CASEKIT_HUB_PORT=str(port),
        CASEKIT_HUB_LOCAL="1",
        CASEKIT_HUB_STATE=str(base / "hub"),
        CASEKIT_HUB_AUTH="dummy",
        CASEKIT_PROXY_CMD=str(PROXY),
        CASEKIT_HUB_SERVICE_TOKEN=token,
        CASEKIT_SINGLEUSER_ARGS="--LabApp.expose_app_in_browser=True",
    )
    log = open(base / "hub.log", "w")  # noqa: SIM115
    started = time.monotonic()
    hub = subprocess.Popen(
        [str(BIN / "jupyterhub"), "-f", str(REPO / "deploy/jupyterhub/jupyterhub_config.py")],
        cwd=base, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/hub/api/", timeout=60)
        print(f"hub and proxy up in {time.monotonic() - started:.1f} s")
        yield {
            "url": url,
            "token": token,
            "inbox": inbox,
            "repo": f"git://127.0.0.1:{git_port}/casekit.git",
            "base": base,
        }
    finally:
        hub.terminate()
        try:
            hub.wait(timeout=20)
        except subprocess.TimeoutExpired:
            hub.kill()
        daemon.terminate()
        log.close()
        for login in LEARNERS:
            subprocess.run(["pkill", "-u", login], capture_output=True)
        print((base / "hub.log").read_text()[-4000:] if os.environ.get("CASEKIT_HUB_LOG") else "")
        shutil.rmtree(base, ignore_errors=True)


def tempfile_dir() -> str:
    """A fresh folder every account can pass through (pytest's own tmp folders are private to root)."""
    path = Path("/tmp") / f"casekit-hub-{secrets.token_hex(4)}"
    path.mkdir(mode=0o755)
    return str(path)


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


def log_in_by_link(chromium, course, login: str, notebook: str) -> NotebookPage:
    """A learner's page: follow the hub link, log in, wait for JupyterLab with the notebook open."""
    link = hub_link(course["url"], course["repo"], notebook)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(link)
    page.fill("input[name=username]", login)
    page.fill("input[name=password]", "any")
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(f"**/user/{login}/lab/tree/casekit/{notebook}*", timeout=120_000)
    driver = NotebookPage(page, page.url)
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.commands.hasCommand('notebook:run-all-cells')"
        " && window.jupyterapp.commands.hasCommand('docmanager:open')",
        timeout=90_000,
    )
    driver.fresh = True
    return driver


def in_terminal(driver: NotebookPage, course, login: str, command: str, done: Path) -> str:
    """Type COMMAND into a new JupyterLab terminal of LOGIN, wait until the file DONE appears; return its output."""
    page = driver.page
    page.evaluate("async () => { await window.jupyterapp.commands.execute('terminal:create-new'); }")
    page.wait_for_selector(".jp-Terminal .xterm-helper-textarea", state="attached")
    page.locator(".jp-Terminal .xterm-helper-textarea").last.focus()
    page.keyboard.type(f"cd ~/casekit && ({command}) > {done}.log 2>&1; touch {done}\n", delay=5)
    deadline = time.monotonic() + 60
    while not done.exists():
        assert time.monotonic() < deadline, f"{login}'s terminal did not finish: {command}"
        time.sleep(0.3)
    return Path(f"{done}.log").read_text()


def test_a_class_hands_in_through_the_hub_and_is_graded_by_login(course, chromium, tmp_path):
    alice, bob, carol = LEARNERS
    home = {login: Path("/home") / login for login in LEARNERS}

    # Alice: lesson 03 by the link, Run All, save her labels, hand them in.
    driver = log_in_by_link(chromium, course, alice, LESSON)
    driver.open(f"casekit/{LESSON}")
    report = driver.finish(driver.start(f"casekit/{LESSON}"), interact=False, require_main_widget=False)
    assert not report.problems, report.problems
    page = driver.page
    page.evaluate("""() => {  // the name box of the save panel the "Save my labels" button belongs to
      const button = [...document.querySelectorAll('button')].find(b => b.textContent.includes('Save my labels'));
      for (let box = button; box; box = box.parentElement) {
        const name = box.querySelector("input[placeholder='name or class pseudonym']");
        if (name) { name.setAttribute('data-hub-test', 'name'); return; }
      }
    }""")
    page.locator("[data-hub-test=name]").fill("Alice (hub)")
    page.get_by_label(re.compile(r"^Label for post")).first.select_option("remove")
    page.get_by_role("button", name="Save my labels").click()
    saved = home[alice] / "casekit/lessons/my-labels"
    deadline = time.monotonic() + 30
    while not list(saved.glob("*.json")):
        if time.monotonic() > deadline:
            page.get_by_role("button", name="Save my labels").screenshot(path="/tmp/rise/hubfail.png")
            found = list((home[alice] / "casekit").rglob("*.json"))[:20]
            pytest.fail(
                f"the labels were not saved in alice's home: {found}\n" + page.locator("body").inner_text()[-3000:]
            )
        time.sleep(0.3)
    said = in_terminal(
        driver, course, alice, "casekit submit lessons/my-labels/*.json --assignment 03-labels", home[alice] / ".done1"
    )
    assert "Handed in 1 file(s) for '03-labels' as ck-alice" in said, said

    # Bob and Carol: exercise 03 by the link, Run All, save, hand in. Carol then tries to read Bob's hand-in.
    for login in (bob, carol):
        learner = log_in_by_link(chromium, course, login, EXERCISE)
        learner.open(f"casekit/{EXERCISE}")
        learner.finish(learner.start(f"casekit/{EXERCISE}"), interact=False, require_main_widget=False)
        learner.page.evaluate("async () => { await window.jupyterapp.commands.execute('docmanager:save'); }")
        time.sleep(1)
        said = in_terminal(learner, course, login, f"casekit submit {EXERCISE}", home[login] / ".done1")
        assert f"as {login}" in said, said
        if login == carol:
            (bob_folder,) = [p for p in course["inbox"].iterdir() if f"--{bob}--" in p.name]
            probe = f"ls $CASEKIT_INBOX > ~/probe.txt 2>&1; cat {bob_folder}/handin.json >> ~/probe.txt 2>&1"
            in_terminal(learner, course, login, probe, home[login] / ".done2")
            refused = (home[carol] / "probe.txt").read_text()
            assert refused.count("Permission denied") == 2, refused

    # The instructor: collect, grade, class labels.
    collected = tmp_path / "collected"
    sh(str(BIN / "casekit"), "collect", str(course["inbox"]), "--out", str(collected))
    assert sorted(p.name for p in (collected / "03-content-moderation").iterdir()) == [f"{bob}.ipynb", f"{carol}.ipynb"]
    grades = tmp_path / "grades"
    key = REPO / "solutions/03-content-moderation.ipynb"
    sh(
        str(BIN / "casekit"),
        "grade",
        str(collected / "03-content-moderation"),
        "--key",
        str(key),
        "--out",
        str(grades),
        "--quiet",
    )
    with open(grades / "summary.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["submission"] for r in rows) == [bob, carol]
    assert all(r["error"] == "0" and r["invalid"] == "0" for r in rows), rows
    for login in (bob, carol):
        text = (collected / "03-content-moderation" / f"{login}.ipynb").read_text()
        assert f"for login '{login}'" in text, f"{login}'s exercise did not draw its variant from JUPYTERHUB_USER"
    summary = sh(
        str(BIN / "casekit"), "class-labels", str(collected / "03-labels"), "--csv", str(tmp_path / "split.csv")
    )
    assert "1" in summary.stdout and (tmp_path / "split.csv").exists()
    learners = {json.loads(p.read_text())["learner"] for p in (collected / "03-labels").glob("*.json")}
    assert learners == {"Alice (hub)"}
