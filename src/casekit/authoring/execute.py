"""Execute notebooks in place in a fresh kernel, so the outputs nbval compares come from real runs."""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Empty

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from casekit.authoring.exercise import NotebookReadError, read_notebook
from casekit.paths import LESSONS

WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
STATE_FOLDER = "widget-state"  # lessons/widget-state/NN-slug.json: see execute_notebook
STATE_FORMAT = "casekit.widget-state/2"


def _poll_in_steps(get_msg, step: float = 1.0):
    """Wrap an async channel's get_msg so that it wakes every STEP seconds until its own timeout.

    A wake-up for the kernel's reply can be lost when nbclient sends a message to the kernel while a cell
    runs (jupyter_client's blocking shadow send; docs/notebook-stalls.md). The kit's widgets no longer
    cause such sends (ui.controls.show_figure), but a learner's own Output widget can: polling in short
    steps bounds any such stall to STEP seconds; the timeout that nbclient asked for is kept.
    """

    async def stepped(timeout: float | None = None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = step if deadline is None else max(0.0, min(step, deadline - time.monotonic()))
            try:
                return await get_msg(timeout=wait)
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    return stepped


# ipykernel logs this at every start when the kernel talks to us over local TCP (as nbclient's always
# do); it alarms instructors running `make site` and says nothing they can act on.
TRANSPORT_WARNING = b"Kernel is running over TCP without encryption"


def _forward_stderr(stream, target=None) -> None:
    """Copy the kernel's stderr STREAM to TARGET (our stderr), line by line, minus the transport warning."""
    target = target or sys.stderr.buffer
    for line in iter(stream.readline, b""):
        if TRANSPORT_WARNING not in line:
            target.write(line)
            target.flush()
    stream.close()


class SteppedClient(NotebookClient):
    """NotebookClient whose shell and iopub reads poll in one-second steps (see _poll_in_steps), and whose
    kernel's stderr reaches ours without the transport warning (every other line is kept)."""

    async def async_start_new_kernel(self, **kwargs):
        kwargs.setdefault("stderr", subprocess.PIPE)
        await super().async_start_new_kernel(**kwargs)
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None and process.stderr is not None:
            threading.Thread(target=_forward_stderr, args=(process.stderr,), daemon=True).start()

    async def async_start_new_kernel_client(self):
        client = await super().async_start_new_kernel_client()
        for channel in (client.shell_channel, client.iopub_channel):
            channel.get_msg = _poll_in_steps(channel.get_msg)
        return client


def run_notebook(path: Path, timeout: int = 300) -> nbformat.NotebookNode:
    """Run PATH top to bottom in a fresh kernel (cwd: its folder); return it with outputs and widget state."""
    path = Path(path)
    nb = read_notebook(path)
    client = SteppedClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
    )
    client.execute()
    return nb


def widget_state_path(path: Path) -> Path:
    """Where `casekit execute` keeps the widget state of lesson PATH: the static site draws its widgets from it."""
    path = Path(path)
    return path.parent / STATE_FOLDER / f"{path.stem}.json"


def widget_views(nb: nbformat.NotebookNode) -> list[str]:
    """The model id of every widget view among NB's stored outputs, in order."""
    return [
        output["data"][WIDGET_VIEW_MIME].get("model_id")
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if WIDGET_VIEW_MIME in (output.get("data") or {})
    ]


def code_digest(nb: nbformat.NotebookNode) -> str:
    """SHA-256 of NB's code cells' sources, in order: tells whether the code changed since a run."""
    digest = hashlib.sha256()
    for cell in nb.cells:
        if cell.cell_type == "code":
            digest.update(cell.source.encode("utf-8") + b"\0")
    return digest.hexdigest()


def execute_notebook(path: Path, timeout: int = 300, keep_widget_state: bool = False) -> float:
    """Run PATH in a fresh kernel and save it in place (without widget state); return seconds taken.

    With KEEP_WIDGET_STATE (lessons) the run's widget state goes beside it, in widget_state_path(PATH),
    with the ids of the widget views it belongs to and the digest of the code that ran; the notebook
    itself never holds it, since JupyterLab would draw saved widgets that no kernel answers."""
    path = Path(path)
    start = time.perf_counter()
    nb = run_notebook(path, timeout)
    state = nb.metadata.pop("widgets", None) or {}
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    if keep_widget_state:
        target = widget_state_path(path)
        target.parent.mkdir(exist_ok=True)
        record = {
            "format": STATE_FORMAT,
            "notebook": path.name,
            "code": code_digest(nb),
            "views": widget_views(nb),
            "widgets": state,
        }
        target.write_text(json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    return time.perf_counter() - start


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit execute`."""
    parser.add_argument("notebooks", nargs="+", type=Path, help="notebooks to run and save in place")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell")


def run(args: argparse.Namespace) -> int:
    """Execute each notebook; report failures in one line each; exit 1 if any failed."""
    failed = 0
    for path in args.notebooks:
        try:
            lesson = Path(path).resolve().parent == LESSONS.resolve()
            print(f"ran {path} in {execute_notebook(path, args.timeout, keep_widget_state=lesson):.1f} s")
        except NotebookReadError as exc:
            failed += 1
            print(f"bad {exc}")
        except CellExecutionError as exc:
            failed += 1
            last = [line for line in str(exc).splitlines() if line.strip()][-1:]
            print(f"bad {path}: a cell raised an error: {' '.join(last)}")
    return 1 if failed else 0
