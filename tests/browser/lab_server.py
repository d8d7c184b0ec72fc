"""Start and stop one isolated Jupyter server for the browser suite: JupyterLab at /lab, Notebook 7 at /notebooks.

`python -m jupyterlab` starts jupyter_server with every installed server extension, so the
`notebook` package's extension serves Jupyter Notebook 7 from the same server, kernels and settings.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

# JupyterLab user settings written into the isolated settings dir: nothing may write the notebooks
# back (no autosave), every cell is rendered (no windowing, so off-screen figures draw too), and
# no news popup covers the page even if `python -m casekit.labconfig` was never run.
USER_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


# Server config in the isolated JUPYTER_CONFIG_DIR: Notebook 7 exposes `window.jupyterapp` as JupyterLab does
# (--LabApp.expose_app_in_browser below), and neither client checks for updates.
SERVER_CONFIG = {"JupyterNotebookApp": {"expose_app_in_browser": True}}


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    """A running `jupyter lab` serving ROOT on 127.0.0.1:PORT with TOKEN."""

    root: Path
    home: Path
    port: int = field(default_factory=free_port)
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    process: subprocess.Popen | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def notebook_url(self, relative: str) -> str:
        """URL that opens ROOT/RELATIVE in JupyterLab with a fresh workspace."""
        return f"{self.base_url}/lab/tree/{relative}?reset&token={self.token}"

    def notebook7_url(self, relative: str) -> str:
        """URL that opens ROOT/RELATIVE in Jupyter Notebook 7 (one notebook per page)."""
        return f"{self.base_url}/notebooks/{relative}?token={self.token}"

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        for name, sub in (
            ("JUPYTER_CONFIG_DIR", "config"),
            ("JUPYTER_DATA_DIR", "data"),
            ("JUPYTER_RUNTIME_DIR", "runtime"),
            ("IPYTHONDIR", "ipython"),
            ("JUPYTERLAB_SETTINGS_DIR", "config/lab/user-settings"),
            ("JUPYTERLAB_WORKSPACES_DIR", "data/lab/workspaces"),
        ):
            env[name] = str(self.home / sub)
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        env.pop("JUPYTER_PATH", None)
        env["PYTHONUNBUFFERED"] = "1"
        env.update(self.extra_env)
        return env

    def write_user_settings(self) -> None:
        for plugin, values in USER_SETTINGS.items():
            path = self.home / "config/lab/user-settings" / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values, indent=2))
        (self.home / "config" / "jupyter_server_config.json").write_text(json.dumps(SERVER_CONFIG, indent=2))

    def start(self, timeout: float = 60) -> None:
        """Start the server and wait until its REST API answers."""
        env = self.environment()
        self.write_user_settings()
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            f"--port={self.port}",
            "--port-retries=0",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.expose_app_in_browser=True",
            "--ServerApp.open_browser=False",
            "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
        ]
        self.log = open(self.home / "jupyter-lab.log", "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(command, env=env, cwd=self.root, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"jupyter lab exited with {self.process.returncode}:\n"
                    + (self.home / "jupyter-lab.log").read_text()[-3000:]
                )
            try:
                self.api("GET", "/api/status")
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"jupyter lab did not answer on port {self.port} within {timeout} s")

    def api(self, method: str, path: str):
        """Call the server's REST API and return the decoded JSON (or None)."""
        request = urllib.request.Request(
            f"{self.base_url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels_of(self, relative: str) -> None:
        """Delete the sessions (and so the kernels) of the notebook at ROOT/RELATIVE."""
        try:
            for session in self.api("GET", "/api/sessions") or []:
                if session.get("path") == relative:
                    self.api("DELETE", f"/api/sessions/{session['id']}")
        except (urllib.error.URLError, OSError):
            pass

    def stop(self) -> None:
        """Stop the server (and its kernels)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()


def copy_tree_to_serve(repo: Path, root: Path, folders: tuple[str, ...]) -> None:
    """Copy FOLDERS of REPO into ROOT and link datasets/, so the browser never touches the repo."""
    root.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        if (repo / folder).is_dir():
            shutil.copytree(
                repo / folder, root / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
            )
    for linked in ("datasets", "pyproject.toml"):
        if (repo / linked).exists() and not (root / linked).exists():
            (root / linked).symlink_to(repo / linked)


def without_outputs(root: Path, folders: tuple[str, ...]) -> None:
    """Clear the code cells' stored outputs of the notebooks in ROOT's FOLDERS (copies being served).

    The browser suite's Run All draws every output afresh; drawing the stored ones first, on open, cost about
    4 s a lesson (benchmarks/test_time.py). Opening a lesson with its stored outputs is covered where it is what
    a learner meets: the workspace test (a lesson, run and saved) and the static site (every lesson)."""
    import nbformat

    for folder in folders:
        for path in sorted((root / folder).glob("*.ipynb")):
            notebook = nbformat.read(path, as_version=4)
            for cell in notebook.cells:
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
            notebook.metadata.pop("widgets", None)
            nbformat.write(notebook, path)
