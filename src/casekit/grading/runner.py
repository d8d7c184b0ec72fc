"""Run nbval on merged notebooks and stream each cell's result as JSON lines.

`python -m casekit.grading.runner --serve MEMORY_MB` is started by the grader once per job slot,
in a scrubbed environment, and reads one spec file path per line of stdin (so pytest and nbval are
imported once, not once per submission); `python -m casekit.grading.runner SPEC_JSON` grades one.
For each submission it switches to that submission's scrubbed environment and work folder and runs
`pytest --nbval-lax` with the `casekit-sandbox` kernel, and its plugin appends one JSON line per
cell to the report file as soon as the cell finishes, so a submission killed by the time limit
keeps the results of the cells that ran. Two guards are added to nbval: a cell whose kernel has
died fails at once (instead of waiting for the cell timeout), and a cell whose output passes the
output limit fails and stops the kernel. After a cell times out, the plugin starts a fresh kernel
and quietly re-runs the notebook's setup cells that came before it (the spec's `setup_cells`), so the
remaining questions are graded instead of being marked xfail by nbval.
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

import casekit  # noqa: E402,F401  (first: defers rfc3987_syntax before nbval imports nbformat, see casekit/_deferred.py)

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
    nbkernel.start_new_kernel = _start_new_kernel
    nbkernel.pformat = _LazyFormat  # nbval formats every kernel message for a debug log nobody reads


def _start_new_kernel(startup_timeout=60, kernel_name="python", **kwargs):
    """nbval's start_new_kernel, with a faster readiness check.

    jupyter_client's wait_for_ready waits 0.2 s for an IOPub message after the first kernel_info
    reply, which nearly always arrives before IOPub's subscription is through: every kernel start
    paid 0.2 s doing nothing. Here kernel_info is resent every 20 ms until its idle status is seen on IOPub.
    """
    from jupyter_client.manager import KernelManager
    from nbval.kernel import NbvalKernelspecManager

    km = KernelManager(kernel_name=kernel_name, kernel_spec_manager=NbvalKernelspecManager())
    km.start_kernel(**kwargs)
    kc = km.client()
    kc.start_channels()
    try:
        _wait_ready(km, kc, startup_timeout)
    except RuntimeError:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        raise
    return km, kc


def _wait_ready(km, kc, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    sent: set[str] = set()
    while time.monotonic() < deadline:
        sent.add(kc.kernel_info())
        try:
            reply = kc.get_shell_msg(timeout=0.5)
        except Empty:
            if not km.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info") from None
            continue
        if reply.get("msg_type") != "kernel_info_reply":
            continue
        handle = getattr(kc, "_handle_kernel_info_reply", None)
        if handle:
            handle(reply)
        end = time.monotonic() + 0.02
        while True:
            try:
                msg = kc.get_iopub_msg(timeout=max(0.0, end - time.monotonic()))
            except Empty:
                break
            if (
                msg.get("msg_type") == "status"
                and msg.get("parent_header", {}).get("msg_id") in sent
                and msg.get("content", {}).get("execution_state") == "idle"
            ):
                return
    raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")


def _run_quietly(kernel, source: str, timeout: float) -> str:
    """Run SOURCE in KERNEL, discarding its output; return the reply status: "ok", "error", "timeout" or "died"."""
    msg_id = kernel.execute_cell_input(source, allow_stdin=False)
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            kernel.interrupt()  # leave the kernel idle for the cells that follow
            return "timeout"
        try:
            msg = kernel.get_message("shell", timeout=min(remaining, 0.2))
        except Empty:
            if not kernel.is_alive():
                return "died"
            continue
        if msg.get("parent_header", {}).get("msg_id") == msg_id:
            status = msg.get("content", {}).get("status", "error")
            break
    try:
        kernel.await_idle(msg_id, 5)  # consume the cell's output messages
    except Empty:
        pass
    return "ok" if status == "ok" else "error"


def restart_after_timeout(item, setup_cells: list[int], cell_timeout: float, answers: list[int] | None = None) -> dict:
    """Replace the kernel of ITEM's notebook by a fresh one and re-run, in notebook order, the SETUP_CELLS
    that come before ITEM and the ANSWERS cells (the learner's earlier answers that ran without error).

    Returns what to record for ITEM's cell: {"restarted": True, "setup_errors": [...], "answers_rerun":
    [...], "answer_errors": [...]} when the later cells can be graded (nbval's timed_out flag is
    cleared), or {"restart_failed": reason}. An earlier answer that times out again is given up (its
    names stay undefined) rather than ending the restart.
    """
    from nbval.kernel import RunningKernel

    notebook = item.parent
    old = notebook.kernel
    try:
        if old is not None and old.is_alive():
            old.stop()
        elif old is not None:
            old.kc.stop_channels()
    except Exception:  # the old kernel may be half gone; the new one is what matters
        pass
    option = item.config.option
    name = option.nbval_kernel_name or notebook.nb.metadata.get("kernelspec", {}).get("name", "python3")
    try:
        notebook.kernel = RunningKernel(
            name, cwd=str(notebook.fspath.dirname), startup_timeout=float(option.nbval_kernel_startup_timeout)
        )
    except Exception as exc:
        return {"restart_failed": f"the kernel could not be restarted ({type(exc).__name__}: {exc})"}
    code = [cell for cell in notebook.nb.cells if cell.cell_type == "code"]
    setup = {n for n in setup_cells if n < item.cell_num}
    earlier = {n for n in (answers or []) if n < item.cell_num} - setup
    errors, rerun, answer_errors = [], [], []
    for number in sorted(setup | earlier):
        status = _run_quietly(notebook.kernel, code[number].source, cell_timeout)
        if number in earlier:
            rerun.append(number)
            if status == "died":
                return {
                    "restart_failed": f"the answer in cell {number} stopped the kernel when re-run after the restart"
                }
            if status != "ok":
                answer_errors.append(number)
            continue
        if status in ("timeout", "died"):
            return {"restart_failed": f"setup cell {number} did not finish after the restart ({status})"}
        if status != "ok":
            errors.append(number)
    notebook.timed_out = False
    return {"restarted": True, "setup_errors": errors, "answers_rerun": rerun, "answer_errors": answer_errors}


class Reporter:
    """pytest plugin: append {cell, outcome, message, produced, expected} per cell to a JSON-lines file.

    After a cell that timed out it restarts the kernel (restart_after_timeout) and records how that went.
    """

    def __init__(
        self,
        path: str,
        setup_cells: list[int] | None = None,
        cell_timeout: float = 30.0,
        answer_cells: list[int] | None = None,
    ):
        self.file = open(path, "a", encoding="utf-8")
        self.setup_cells = list(setup_cells or [])
        self.answer_cells = set(answer_cells or [])
        self.passed: set[int] = set()  # cells whose run passed in the current kernel's notebook
        self.cell_timeout = cell_timeout

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
            if report.when == "call" and report.passed:
                self.passed.add(cell)
            self._write({"cell": cell, "outcome": outcome, "message": message, "when": report.when})

    def pytest_collection_modifyitems(self, items):
        for item in items:
            cell = getattr(item, "cell", None)
            if cell is not None:
                item._casekit_expected = _text_of(cell.get("outputs", []))

    def pytest_runtest_teardown(self, item, nextitem):
        produced = getattr(item, "_casekit_produced", None)
        if produced is not None:
            self._write(
                {
                    "cell": getattr(item, "cell_num", -1),
                    "produced": produced,
                    "expected": getattr(item, "_casekit_expected", ""),
                }
            )
        notebook = getattr(item, "parent", None)
        if (
            nextitem is not None
            and getattr(nextitem, "parent", None) is notebook
            and getattr(notebook, "timed_out", False)
            and not getattr(notebook, "_casekit_gave_up", False)
        ):
            outcome = restart_after_timeout(
                item, self.setup_cells, self.cell_timeout, sorted(self.answer_cells & self.passed)
            )
            notebook._casekit_gave_up = "restart_failed" in outcome
            self._write({"cell": getattr(item, "cell_num", -1), **outcome})


_guarded = False
# pytest's plugins a notebook run never uses; each costs registration time per submission (and
# unraisableexception two full garbage collections)
UNUSED_PLUGINS = (
    "unittest",
    "monkeypatch",
    "recwarn",
    "pastebin",
    "junitxml",
    "doctest",
    "setuponly",
    "setupplan",
    "stepwise",
    "unraisableexception",
    "threadexception",
    "logging",
    "subtests",
    "debugging",
)


class _LazyFormat:
    """pprint.pformat(msg), computed only if a debug log line is really written."""

    def __init__(self, obj):
        self.obj = obj

    def __str__(self) -> str:
        import pprint

        return pprint.pformat(self.obj)


def run_spec(spec: dict) -> int:
    """Run nbval as SPEC describes (in SPEC's environment and folder); return pytest's exit status."""
    global _guarded
    import pytest

    if not _guarded:
        _guard_nbval()
        from casekit.grading import forkserver

        forkserver.register()
        _guarded = True
    OUTPUT_LIMIT[0] = spec["output_limit"]
    os.environ.clear()
    os.environ.update(spec["env"])
    os.chdir(spec["cwd"])
    tempfile.tempdir = None  # gettempdir() caches TMPDIR: forget the previous submission's
    args = [
        spec["notebook"],
        "--nbval-lax",
        "--nbval-kernel-name",
        "casekit-sandbox",
        "--nbval-cell-timeout",
        str(spec["cell_timeout"]),
        "--nbval-kernel-startup-timeout",
        "60",
        "-p",
        "nbval.plugin",
        "-p",
        "no:cacheprovider",
        "--noconftest",
        "-c",
        spec["ini"],
        "--rootdir",
        spec["rootdir"],
        "-q",
        "--tb=short",
        "--color=no",
        "-W",
        "ignore",
        *(arg for plugin in UNUSED_PLUGINS for arg in ("-p", f"no:{plugin}")),
    ]
    reporter = Reporter(spec["report"], spec.get("setup_cells"), spec["cell_timeout"], spec.get("answer_cells"))
    try:
        return int(pytest.main(args, plugins=[reporter]))
    finally:
        reporter.file.close()
        from casekit.grading import forkserver

        forkserver.clean()  # kill what this submission's kernels left behind


def serve(memory_mb: int | None) -> int:
    """Grade one spec file per line of stdin, answering `done STATUS` per line: pytest and nbval load once."""
    if memory_mb:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))
    import nbval.plugin  # noqa: F401
    import pytest  # noqa: F401  (load before the first submission's clock starts)

    template = None
    if os.environ.get("CASEKIT_GRADE_WARM", "1") != "0" and sys.platform.startswith("linux"):
        from casekit.grading import forkserver

        env = dict(
            os.environ,
            OMP_NUM_THREADS="1",
            OPENBLAS_NUM_THREADS="1",
            MKL_NUM_THREADS="1",
            MALLOC_ARENA_MAX="2",
            MPLBACKEND="agg",
            PYTHONIOENCODING="utf-8",
        )
        template = forkserver.start_template(
            tempfile.mkdtemp(prefix="casekit-template-", dir=os.environ.get("HOME")), env
        )

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
    if template is not None:  # stdin closed: the template kills what is left of its kernels and exits
        template.stdin.close()
        try:
            template.wait(timeout=10)
        except Exception:
            template.kill()
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        sys.exit(serve(int(sys.argv[2]) if len(sys.argv) > 2 else None))
    sys.exit(run_spec(json.loads(Path(sys.argv[1]).read_text())))
