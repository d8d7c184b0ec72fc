"""Run nbval on merged notebooks and stream each cell's result as JSON lines.

`python -m casekit.grading.runner --serve MEMORY_MB` is started by the grader once per job slot,
in a scrubbed environment, and reads one spec file path per line of stdin (so pytest and nbval are
imported once, not once per submission); `python -m casekit.grading.runner SPEC_JSON` grades one.
For each submission it switches to that submission's scrubbed environment and work folder and runs
`pytest --nbval-lax` with the `casekit-sandbox` kernel, and its plugin appends one JSON line per
cell to the report file as soon as the cell finishes, so a submission killed by the time limit
keeps the results of the cells that ran. Two guards are added to nbval: a cell whose kernel has
died fails at once (instead of waiting for the cell timeout), and a cell whose output passes the
output limit fails and stops the kernel.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty

# jsonschema imports this grammar for the rarely used "iri" format; it costs ~1.7 s per process
# and nbformat never needs it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

MAX_TEXT = 4000
OUTPUT_LIMIT = [2_000_000]  # characters one cell may print; set per submission


def _text_of(outputs: list) -> str:
    """The human-readable text of a cell's outputs (streams, text/plain, errors), for feedback."""
    parts = []
    for out in outputs or []:
        kind = out.get("output_type")
        if kind == "stream":
            parts.append(out.get("text", ""))
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            parts.append(str(data.get("text/plain", "[" + ", ".join(sorted(data)) + "]")) + "\n")
        elif kind == "error":
            parts.append(f"{out.get('ename', 'Error')}: {out.get('evalue', '')}\n")
    text = "".join(parts)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "\n[... output truncated]"


def _output_size(msg: dict) -> int:
    content = msg.get("content", {})
    size = len(content.get("text", "")) if isinstance(content.get("text"), str) else 0
    for value in (content.get("data") or {}).values():
        size += len(value) if isinstance(value, str) else len(json.dumps(value))
    return size


def _guard_nbval() -> None:
    """Patch nbval's kernel wrapper: a dead kernel fails the cell at once; enormous output stops the kernel.

    nbval waits for a cell's reply before it reads the cell's output, so output is drained (and
    counted) while waiting, and handed back to nbval afterwards in order.
    """
    from nbval import kernel as nbkernel

    Kernel = nbkernel.RunningKernel
    original_get = Kernel.get_message

    def drain(self) -> None:
        pending = self.__dict__.setdefault("_casekit_pending", [])
        while True:
            try:
                msg = original_get(self, "iopub", timeout=0)
            except Empty:
                return
            pending.append(msg)
            if msg.get("msg_type") == "execute_input":
                self._casekit_output = 0
            self._casekit_output = getattr(self, "_casekit_output", 0) + _output_size(msg)
            if self._casekit_output > OUTPUT_LIMIT[0]:
                pending.clear()
                self._casekit_output = 0
                self.stop()
                raise RuntimeError(f"output limit exceeded: the cell printed more than {OUTPUT_LIMIT[0]} characters")

    def get_message(self, stream, timeout=None):
        if stream == "iopub":
            pending = self.__dict__.setdefault("_casekit_pending", [])
            if not pending and hasattr(self, "km"):
                drain(self)
            if pending:
                return pending.pop(0)
        return original_get(self, stream, timeout=timeout)

    original_await_reply = Kernel.await_reply

    def await_reply(self, msg_id, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            drain(self)
            step = 0.2 if deadline is None else max(0.0, min(0.2, deadline - time.monotonic()))
            try:
                return original_await_reply(self, msg_id, timeout=step)
            except Empty:
                if not self.is_alive():
                    code = getattr(getattr(self.km, "provisioner", None), "exit_code", None)
                    raise RuntimeError(f"the kernel died while running this cell (exit status {code})") from None
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    Kernel.get_message = get_message
    Kernel.await_reply = await_reply


class Reporter:
    """pytest plugin: append {cell, outcome, message, produced, expected} per cell to a JSON-lines file."""

    def __init__(self, path: str):
        self.file = open(path, "a", encoding="utf-8")

    def _write(self, record: dict) -> None:
        self.file.write(json.dumps(record) + "\n")
        self.file.flush()

    def pytest_runtest_makereport(self, item, call):
        if call.when == "call":
            item._casekit_produced = _text_of(getattr(item, "test_outputs", None) or [])

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or (report.when == "setup" and not report.passed):
            outcome = report.outcome
            if hasattr(report, "wasxfail"):
                outcome = "xpassed" if report.passed else "xfailed"
            message = "" if report.passed else str(report.longrepr or "")[-MAX_TEXT:]
            cell = int(report.nodeid.rsplit("Cell ", 1)[-1]) if "Cell " in report.nodeid else -1
            self._write({"cell": cell, "outcome": outcome, "message": message, "when": report.when})

    def pytest_collection_modifyitems(self, items):
        for item in items:
            cell = getattr(item, "cell", None)
            if cell is not None:
                item._casekit_expected = _text_of(cell.get("outputs", []))

    def pytest_runtest_teardown(self, item):
        produced = getattr(item, "_casekit_produced", None)
        if produced is not None:
            self._write({"cell": getattr(item, "cell_num", -1), "produced": produced,
                         "expected": getattr(item, "_casekit_expected", "")})


_guarded = False


def run_spec(spec: dict) -> int:
    """Run nbval as SPEC describes (in SPEC's environment and folder); return pytest's exit status."""
    global _guarded
    import pytest

    if not _guarded:
        _guard_nbval()
        _guarded = True
    OUTPUT_LIMIT[0] = spec["output_limit"]
    os.environ.clear()
    os.environ.update(spec["env"])
    os.chdir(spec["cwd"])
    tempfile.tempdir = None  # gettempdir() caches TMPDIR: forget the previous submission's
    args = [
        spec["notebook"], "--nbval-lax", "--nbval-kernel-name", "casekit-sandbox",
        "--nbval-cell-timeout", str(spec["cell_timeout"]), "--nbval-kernel-startup-timeout", "60",
        "-p", "nbval.plugin", "-p", "no:cacheprovider", "--noconftest", "-c", spec["ini"],
        "--rootdir", spec["rootdir"], "-q", "--tb=short", "--color=no", "-W", "ignore",
    ]
    reporter = Reporter(spec["report"])
    try:
        return int(pytest.main(args, plugins=[reporter]))
    finally:
        reporter.file.close()


def serve(memory_mb: int | None) -> int:
    """Grade one spec file per line of stdin, answering `done STATUS` per line: pytest and nbval load once."""
    if memory_mb:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))
    import pytest  # noqa: F401  (load before the first submission's clock starts)
    import nbval.plugin  # noqa: F401

    answers = os.fdopen(os.dup(1), "w")  # the protocol channel; fds 1 and 2 go to each run's log
    devnull = os.open(os.devnull, os.O_WRONLY)
    for line in sys.stdin:
        spec = json.loads(Path(line.strip()).read_text())
        log = os.open(spec["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        try:
            code = run_spec(spec)
        except BaseException as exc:  # report, keep serving
            code = 99
            print(f"runner error: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.chdir("/")
        answers.write(f"done {code}\n")
        answers.flush()
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        sys.exit(serve(int(sys.argv[2]) if len(sys.argv) > 2 else None))
    sys.exit(run_spec(json.loads(Path(sys.argv[1]).read_text())))
