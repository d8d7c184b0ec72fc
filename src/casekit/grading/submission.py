"""Grade one submission: its own sandbox folder and nbval run (warm kernels), scored against the key.

Used by both ways of grading a batch: locally (casekit.grading.batch) and on a Dask cluster
(casekit.grading.cluster). Neither imports the other for this.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
import secrets
import select
import shutil
import signal
import site
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat

import casekit
from casekit import paths, variants
from casekit.authoring.exercise import NotebookReadError, edition_of, read_notebook
from casekit.grading import keyrun, readings, sandbox
from casekit.grading.gradebook import answer_hash
from casekit.grading.key import Key, merged_notebook
from casekit.grading.matching import Extraction, InvalidSubmission, extract

NOTEBOOK_NAME = "submission.ipynb"
STATUSES = ("passed", "failed", "missing", "timeout", "error", "invalid", "manual")
RESULT_VERSION = 1


@dataclass
class Limits:
    """Per-submission limits (seconds, megabytes, characters)."""

    cell_timeout: float = 30.0
    submission_timeout: float = 300.0
    memory_mb: int = 2048
    file_mb: int = 64
    output_chars: int = 2_000_000
    landlock: bool = True


def sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def readable_roots() -> list[str]:
    """Folders the sandboxed kernel may read: the Python installation, casekit, datasets/, system folders."""
    roots = {
        sys.prefix,
        sys.base_prefix,
        os.path.dirname(os.path.realpath(sys.executable)),
        *site.getsitepackages(),
        str(Path(casekit.__file__).resolve().parent.parent),
        str(paths.DATASETS),
    }
    roots = {os.path.realpath(r) for r in roots if r and os.path.exists(r)}
    return sorted(roots | {p for p in sandbox.SYSTEM_READ if os.path.exists(p)})


def exposed(path: Path, roots: list[str]) -> bool:
    """True if PATH lies inside a folder the sandbox may read."""
    real = os.path.realpath(path)
    return any(real == r or real.startswith(r.rstrip("/") + "/") for r in roots if r not in ("/proc", "/sys"))


def _scrubbed_env(base: Path, work: Path, marker: str) -> dict[str, str]:
    bin_dir = os.path.dirname(sys.executable)
    return {
        "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(work),
        "TMPDIR": str(work),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "JUPYTER_CONFIG_DIR": str(base / "config"),
        "JUPYTER_DATA_DIR": str(base / "data"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "JUPYTER_PATH": str(base / "data"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "IPYTHONDIR": str(work / ".ipython"),
        "MPLCONFIGDIR": str(work / ".matplotlib"),
        "MPLBACKEND": "agg",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        "PYTHONIOENCODING": "utf-8",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "MALLOC_ARENA_MAX": "2",
        "CASEKIT_ROOT": str(paths.ROOT),
        "CASEKIT_GRADE_RUN": marker,
    }


def _kill_run(marker: str, pids: list[int]) -> None:
    """Kill the run's process groups and any stray process that carries the run's marker."""
    for pid in pids:
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass
    needle = f"CASEKIT_GRADE_RUN={marker}".encode()
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return
    for entry in entries:
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if needle in f.read():
                    os.kill(int(entry), signal.SIGKILL)
        except (OSError, ValueError):
            pass


def _rmtree(path: Path) -> None:
    def fix(func, p, _exc):
        try:
            os.chmod(os.path.dirname(p), 0o700)
            os.chmod(p, 0o700)
            func(p)
        except OSError:
            pass

    shutil.rmtree(path, onerror=fix)


@dataclass
class RunOutcome:
    """What one nbval run left: per-cell records, whether it was killed, and the log's tail."""

    cells: dict[int, dict]
    killed: bool
    exit_code: int | None
    log_tail: str
    landlock: int
    seconds: float


def run_nbval(
    nb: nbformat.NotebookNode,
    limits: Limits,
    roots: list[str],
    setup_cells: list[int] | None = None,
    login: str = "",
    answer_cells: list[int] | None = None,
    salts: dict[str, str] | None = None,
) -> RunOutcome:
    """Run NB under nbval in a fresh sandbox folder and collect each cell's record.

    SETUP_CELLS (nbval cell numbers) are re-run in a fresh kernel after a cell times out. LOGIN
    becomes the kernel's CASEKIT_LOGIN, so variant questions are checked against that learner's variant;
    SALTS (assessed grading) become its CASEKIT_VARIANT_SALT, so that variant is the assessed draw.
    """
    base = Path(tempfile.mkdtemp(prefix="casekit-grade-"))
    work = base / "work"
    marker = secrets.token_hex(8)
    start = time.monotonic()
    try:
        for sub in ("work", "config", "runtime", "data/kernels/casekit-sandbox"):
            (base / sub).mkdir(parents=True, exist_ok=True)
        (work / NOTEBOOK_NAME).write_text(nbformat.writes(nb), encoding="utf-8")
        (base / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        landlock = sandbox.landlock_abi() if limits.landlock else 0
        kernel_limits = {
            "pid_file": str(base / "kernel.pid"),
            "workdir": str(work),
            "readable": roots,
            "memory_mb": limits.memory_mb,
            "cpu_seconds": int(limits.submission_timeout) + 1,
            "file_mb": limits.file_mb,
            "landlock": limits.landlock,
        }
        (base / "limits.json").write_text(json.dumps(kernel_limits), encoding="utf-8")
        kernelspec = {
            "argv": [
                sys.executable,
                "-m",
                "casekit.grading.sandbox",
                str(base / "limits.json"),
                "-f",
                "{connection_file}",
            ],
            "display_name": "casekit sandbox",
            "language": "python",
            "interrupt_mode": "signal",
            "metadata": {"kernel_provisioner": {"provisioner_name": "casekit-fork"}},
        }
        (base / "data/kernels/casekit-sandbox/kernel.json").write_text(json.dumps(kernelspec), encoding="utf-8")
        env = _scrubbed_env(base, work, marker)
        if login:
            env["CASEKIT_LOGIN"] = login
        if salts:
            env[variants.ENV_SALT] = variants.format_salts(salts)
        spec = {
            "notebook": str(work / NOTEBOOK_NAME),
            "report": str(base / "report.jsonl"),
            "ini": str(base / "pytest.ini"),
            "rootdir": str(base),
            "cell_timeout": limits.cell_timeout,
            "output_limit": limits.output_chars,
            "env": env,
            "cwd": str(work),
            "log": str(base / "runner.log"),
            "setup_cells": list(setup_cells or []),
            "answer_cells": list(answer_cells or []),
        }
        (base / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        server = _server(limits)
        code = server.run(base / "spec.json", limits.submission_timeout)
        killed = code == "timeout"
        pids = []
        try:
            pids.append(int((base / "kernel.pid").read_text()))
        except (OSError, ValueError):
            pass
        if code in ("timeout", None):
            server.kill()
        _kill_run(marker, pids)
        cells: dict[int, dict] = {}
        report = base / "report.jsonl"
        if report.exists():
            with open(report, encoding="utf-8", errors="replace") as f:
                for line in f.read(20_000_000).splitlines():
                    try:
                        record = json.loads(line)
                    except ValueError:
                        continue
                    cells.setdefault(int(record.get("cell", -1)), {}).update(record)
        tail = ""
        if (base / "runner.log").exists():
            with open(base / "runner.log", "rb") as f:
                f.seek(max(0, (base / "runner.log").stat().st_size - 3000))
                tail = f.read().decode("utf-8", "replace")
        exit_code = code if isinstance(code, int) else None
        return RunOutcome(cells, killed, exit_code, tail, landlock, time.monotonic() - start)
    finally:
        if not os.environ.get("CASEKIT_GRADE_KEEP"):  # set it to keep sandbox folders for debugging
            _rmtree(base)


class RunnerServer:
    """A `casekit.grading.runner --serve` process: grades one spec at a time, pytest and nbval loaded once."""

    def __init__(self, memory_mb: int, warm: bool = True):
        self.home = Path(tempfile.mkdtemp(prefix="casekit-runner-"))
        self.marker = secrets.token_hex(8)
        env = {
            "PATH": f"{os.path.dirname(sys.executable)}:/usr/bin:/bin",
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONNOUSERSITE": "1",
            "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
            "JUPYTER_PLATFORM_DIRS": "1",
            "CASEKIT_GRADE_RUN": self.marker,
            "CASEKIT_ROOT": str(paths.ROOT),
            "CASEKIT_GRADE_WARM": "1" if warm else "0",
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "casekit.grading.runner", "--serve", str(memory_mb)],
            cwd=self.home,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.buffer = b""

    def run(self, spec: Path, timeout: float) -> int | str | None:
        """Grade SPEC; return pytest's exit status, "timeout" if TIMEOUT passed, None if the server died."""
        try:
            self.proc.stdin.write(f"{spec}\n".encode())
            self.proc.stdin.flush()
        except OSError:
            return None
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return "timeout"
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    return None
                self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        try:
            return int(line.split()[1])
        except (IndexError, ValueError):
            return None

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        _kill_run(self.marker, [self.proc.pid])
        self.proc.wait()
        _rmtree(self.home)

    def close(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


WARM = [os.environ.get("CASEKIT_GRADE_WARM", "1") != "0"]  # fork kernels from a warm template (forkserver.py)
_servers = threading.local()
_all_servers: list[RunnerServer] = []
_servers_lock = threading.Lock()


def _server(limits: Limits) -> RunnerServer:
    """This thread's runner server (started, or restarted after a kill)."""
    server = getattr(_servers, "server", None)
    if server is None or not server.alive():
        server = RunnerServer(max(limits.memory_mb, 2048) + 1024, WARM[0])
        _servers.server = server
        with _servers_lock:
            _all_servers.append(server)
    return server


def close_servers() -> None:
    """Stop every runner server this process started."""
    with _servers_lock:
        servers, _all_servers[:] = list(_all_servers), []
    for server in servers:
        server.close()


def _verdict_hint(question: str, produced: str) -> str:
    """The hint of QUESTION's ✗ verdict in PRODUCED, its wrapped continuation lines (indented) joined back."""
    lines = produced.splitlines()
    for number, line in enumerate(lines):
        if line.startswith(f"{question} ✗"):
            hint = [line.split("✗", 1)[1].strip()]
            for more in lines[number + 1 :]:
                if not more.startswith("  "):
                    break
                hint.append(more.strip())
            return " ".join(hint)
    return ""


def _first_error(record: dict | None) -> str:
    if not record:
        return ""
    for line in reversed((record.get("produced") or "").splitlines()):
        if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit)\b", line):
            return line.strip()
    for line in reversed((record.get("message") or "").splitlines()):
        if re.match(r"^[A-Za-z_][\w.]*(Error|Exception)\b", line.strip()):
            return line.strip()
    return ""


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def score(key: Key, found: Extraction, run: RunOutcome | None, limits: Limits, login: str = "") -> list[dict]:
    """One row per key question: status, score and the feedback material, from nbval's per-cell results.

    A hidden question passes when the answer LOGIN's run reported reads as the key's answer for LOGIN's
    variant (key.expected, from casekit.grading.keyrun)."""
    expected_for = key.expected.get(variants.normalise_login(login), {})
    rows = []
    cells = run.cells if run else {}
    crash_cell = next(
        (
            n
            for n in sorted(cells)
            if "kernel died" in cells[n].get("message", "") or "output limit exceeded" in cells[n].get("message", "")
        ),
        None,
    )
    by_cell = {key.code_cell_number(q.answer_index): q.id for q in key.code_questions}
    by_cell.update({key.code_cell_number(q.check_index): q.id for q in key.code_questions})
    for q in key.questions:
        row = {
            "question": q.id,
            "kind": q.kind,
            "status": "",
            "score": 0,
            "max_score": q.points,
            "note": "",
            "hint": "",
            "expected": "",
            "produced": "",
            "answer": "",
            "rubric": q.rubric,
        }
        notes = list(found.notes.get(q.id, []))
        if q.kind == "written":
            row["answer"] = found.written.get(q.id, "")  # the learner's own text, the prompt taken out
            # the whole cell's hash too: marks merged before the prompt was taken out were keyed by it
            row["cell_hash"] = answer_hash(found.written_cells[q.id]) if q.id in found.written_cells else ""
            if q.id in found.missing:
                row["status"], note = "missing", found.missing[q.id]
            elif q.id in found.unanswered:
                row["status"], note = "missing", "not answered"
            else:
                row["status"], row["score"], note = "manual", None, "graded by hand with the rubric"
            row["note"] = "; ".join([note, *notes])
            rows.append(row)
            continue
        row["answer"] = found.answers.get(q.id, "")
        if q.id in found.missing:
            row["status"], row["note"] = "missing", "; ".join([found.missing[q.id], *notes])
            rows.append(row)
            continue
        a, c = key.code_cell_number(q.answer_index), key.code_cell_number(q.check_index)
        ra, rc = cells.get(a), cells.get(c)
        messages = " ".join(r.get("message", "") for r in (ra, rc) if r)
        given = expected = None
        if q.hidden:
            expected = expected_for.get(q.id) or {"error": "no expected answer was computed for this login"}
            given = readings.parse(rc.get("produced", ""), q.id) if rc else None
            if "error" not in expected:
                row["expected"] = f"{q.id}: the key's answer for your variant: {readings.describe(expected)}"
            row["produced"] = f"{q.id}: your answer: {readings.describe(given)}" if given else ""
        elif rc is not None:
            row["expected"], row["produced"] = rc.get("expected", ""), rc.get("produced", "")
            row["hint"] = _verdict_hint(q.id, row["produced"])
        outcome = rc.get("outcome") if rc else None
        if q.id in found.unanswered:
            status, note = "missing", "not answered: the cell still holds the exercise's `...`"
        elif ra and "Timeout of" in ra.get("message", ""):
            status, note = "timeout", f"the answer ran longer than the cell time limit ({limits.cell_timeout:g} s)"
        elif outcome == "passed" and q.hidden and "error" in expected:
            status, note = "error", "the key's answer for this variant could not be computed: " + expected["error"]
        elif outcome == "passed" and q.hidden:
            if readings.same(expected, given, q.form, q.tolerance):
                status, note = "passed", "correct: the key's answer for your variant"
            else:
                status, note = "failed", "not the key's answer for your variant"
        elif outcome == "passed":
            status, note = "passed", "correct"
        elif rc is None or "outcome" not in rc:
            if run and run.killed:
                status, note = (
                    "timeout",
                    f"the submission's time limit ({limits.submission_timeout:g} s) ran out before this check ran",
                )
            else:
                status, note = (
                    "error",
                    "the grader's run stopped before this check ran"
                    + (f" (exit status {run.exit_code})" if run else ""),
                )
        elif "Timeout of" in messages:
            status, note = "timeout", f"the check ran longer than the cell time limit ({limits.cell_timeout:g} s)"
        elif outcome in ("xfailed", "xpassed"):
            why = next(
                (cells[n]["restart_failed"] for n in sorted(cells) if n < c and cells[n].get("restart_failed")),
                "nbval does not grade the cells after it",
            )
            status, note = "timeout", f"not graded: an earlier cell ran past the time limit, and {why}"
        elif "Kernel died before replying" in messages or "kernel_info" in messages:
            status, note = "error", "the sandboxed kernel could not start: " + _last_line(messages)
        elif "MemoryError" in messages or "MemoryError" in (ra or {}).get("produced", ""):
            status, note = "error", f"the answer ran out of memory (limit {limits.memory_mb} MB)"
        elif "output limit exceeded" in messages:
            status, note = (
                "error",
                f"the answer printed more than the output limit ({limits.output_chars} characters); the kernel was stopped",
            )
        elif "kernel died" in messages:
            status, note = (
                "error",
                "the kernel crashed while running this question (os._exit, a crash, or the CPU-time limit)",
            )
        elif "Kernel dead on test start" in messages:
            where = by_cell.get(crash_cell, "an earlier cell") if crash_cell is not None else "an earlier cell"
            status, note = "error", f"not run: the kernel had stopped earlier (in question {where})"
        elif ra and ra.get("outcome") == "failed":
            status, note = (
                "failed",
                "the answer cell raised an error: " + (_first_error(ra) or _last_line(ra.get("message", ""))),
            )
        elif rc.get("outcome") == "failed" and "Cell outputs differ" not in rc.get("message", ""):
            status, note = (
                "failed",
                "the check cell raised an error: " + (_first_error(rc) or _last_line(rc.get("message", ""))),
            )
        else:
            status, note = "failed", "the check's output differs from the key's"
        restarts = [n for n in sorted(cells) if cells[n].get("restarted") and n < a]
        if restarts and status != "missing":
            where = by_cell.get(restarts[-1], "a setup cell")
            setup_errors = cells[restarts[-1]].get("setup_errors") or []
            rerun = [by_cell.get(n, str(n)) for n in cells[restarts[-1]].get("answers_rerun") or []]
            answer_errors = [by_cell.get(n, str(n)) for n in cells[restarts[-1]].get("answer_errors") or []]
            notes.append(
                f"graded in a restarted kernel: question {where} ran past the time limit, so the kernel "
                "was restarted and the notebook's setup cells re-run"
                + (f", then the earlier answers to {', '.join(rerun)}" if rerun else "")
                + (f" (setup cell(s) {', '.join(map(str, setup_errors))} raised an error)" if setup_errors else "")
                + (f" (the answer to {', '.join(answer_errors)} raised an error this time)" if answer_errors else "")
            )
        if status == "passed":
            row["score"] = q.points
        elif q.id in found.claims_pass:
            notes.append(
                "the submitted check cell's stored output claims a pass that the answer does not earn when run (stale or forged output)"
            )
        row["status"], row["note"] = status, "; ".join([note, *notes])
        rows.append(row)
    return rows


def grade_one(key: Key, path: Path, name: str, limits: Limits, roots: list[str]) -> dict:
    """Grade one submission file; never raises for anything the file contains."""
    start = time.monotonic()
    result = {
        "version": RESULT_VERSION,
        "submission": name,
        "file": str(path),
        "sha256": sha256(path),
        "key": str(key.path),
        "key_sha256": key.sha256,
        "limits": asdict(limits),
        "graded_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "notes": [],
        "landlock": 0,
    }
    try:
        nb = read_notebook(path)
        found = extract(key, nb)
    except (NotebookReadError, InvalidSubmission) as exc:
        reason = str(exc).replace(f"{path}: ", "")
        result.update(status="invalid", notes=[reason], seconds=round(time.monotonic() - start, 3))
        result["questions"] = [
            {
                "question": q.id,
                "kind": q.kind,
                "status": "invalid",
                "score": 0,
                "max_score": q.points,
                "note": reason,
                "hint": "",
                "expected": "",
                "produced": "",
                "answer": "",
                "rubric": q.rubric,
            }
            for q in key.questions
        ]
        return result
    run = None
    login = variants.normalise_login(path.stem)
    if key.hidden_questions and login not in key.expected and any(q.id in found.answers for q in key.hidden_questions):
        key.expected.update(keyrun.expected_answers(key, [login], key.salts))
    if any(q.id in found.answers for q in key.code_questions):
        run = run_nbval(
            merged_notebook(key, found.answers),
            limits,
            roots,
            key.setup_cell_numbers,
            login=path.stem,
            answer_cells=key.answer_cell_numbers,
            salts=key.salts,
        )
        result["landlock"] = run.landlock
        if run.killed:
            result["notes"].append(f"stopped at the submission time limit ({limits.submission_timeout:g} s)")
        elif not run.cells:
            result["notes"].append("the grader's run produced no results: " + run.log_tail.strip()[-500:])
    result["notes"] += found.notes.get("", [])
    result["questions"] = score(key, found, run, limits, login)
    result["edition"] = edition_of(nb)
    result["mode"], result["salt_id"] = key.mode, key.salt_id
    # the draw the notebook ran is not this file's login's (or, assessed, not the salted one)
    kind, mismatch = variants.variant_problem(nb, path.stem, key.salts)
    if mismatch:
        result["notes"].append(mismatch)
        for row in result["questions"]:
            if row["question"] in key.variant_questions:
                row["note"] = "; ".join(filter(None, [row["note"], mismatch]))
                if kind == variants.PRACTICE_DRAW and row["kind"] == "code":
                    row["score"] = 0
                    if row["status"] == "passed":
                        row["status"] = "failed"
    result["status"] = "graded"
    result["seconds"] = round(time.monotonic() - start, 3)
    return result


def error_result(key: Key, path: Path, name: str, limits: Limits, reason: str) -> dict:
    """The result of a submission the grader could not grade: every question `error`, with REASON."""
    return {
        "version": RESULT_VERSION,
        "submission": name,
        "file": str(path),
        "sha256": sha256(path),
        "key": str(key.path),
        "key_sha256": key.sha256,
        "limits": asdict(limits),
        "status": "error",
        "notes": [reason],
        "landlock": 0,
        "seconds": 0,
        "questions": [
            {
                "question": q.id,
                "kind": q.kind,
                "status": "error",
                "score": 0,
                "max_score": q.points,
                "note": ":".join(reason.split(":")[:2]) if reason.startswith("grader error") else reason[:300],
                "hint": "",
                "expected": "",
                "produced": "",
                "answer": "",
                "rubric": q.rubric,
            }
            for q in key.questions
        ],
    }


def grade_safely(key: Key, path: Path, name: str, limits: Limits, roots: list[str]) -> dict:
    """Grade one submission; a grader bug costs this one row (an error result), never the batch."""
    try:
        return grade_one(key, path, name, limits, roots)
    except Exception as exc:  # a grader bug must cost one row, never the batch
        return error_result(key, path, name, limits, f"grader error: {type(exc).__name__}: {exc}")
