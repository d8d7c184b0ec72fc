"""Grade on a Dask distributed cluster: `casekit grade ... --cluster tcp://host:8786` (or `local:N`).

Each submission is one Dask task. The task carries the submission's bytes, its file name (its stem
is the learner's login, for per-learner variants), the key's bytes and the limits; the worker
writes them to a private temporary folder and runs exactly the local path's
`submission.grade_one` (the same sandboxed runner, warm kernels and limits), then returns the result.
The task also carries the key's setting (`key_setting`): its mode, the salts of an assessed exercise,
the course file's prompt picks and the key's answers for that learner's variant (computed once by the
grader, casekit.grading.keyrun), so assessed work is graded on a cluster exactly as locally.
The grader writes every result into `--out/results/` as it arrives, so the output files,
resumability and statuses are the local path's.

- A worker that dies mid-task: the scheduler gives the task to another worker; after
  `distributed.scheduler.allowed-failures` deaths (3 by default) the task fails with
  KilledWorker and the submission is recorded as `error` with that reason. No submission is dropped.
- Before the batch, every worker reports its casekit version and a fingerprint of the package's
  code and datasets (`fingerprint`); workers that differ from the grader are refused (named on
  stderr, given no task), and every task checks again on the worker that runs it.

dask and distributed are imported only here, only with --cluster.
"""

from __future__ import annotations

import copy
import hashlib
import os
import socket
import sys
import tempfile
from dataclasses import asdict, replace
from pathlib import Path

import casekit
from casekit import paths

STALL_SECONDS = 60  # without a finished task for this long, check that a verified worker is still there


class ClusterError(RuntimeError):
    """The cluster cannot be used (unreachable, no matching worker); the message says why."""


class WorkerMismatch(RuntimeError):
    """A worker runs another casekit (version, code or datasets) than the grader."""


_fingerprint: list[dict] = []


def fingerprint(fresh: bool = False) -> dict:
    """casekit's version and a SHA-256 of the package's code and of datasets/ (what a grade depends on).

    Computed once per process (the code a worker loaded is the code on disk when it started), or
    afresh with FRESH (the grader, at the start of each batch).
    """
    if _fingerprint and not fresh:
        return _fingerprint[0]
    digest = hashlib.sha256()
    package = Path(casekit.__file__).resolve().parent
    for label, folder, pattern in (("code", package, "*.py"), ("data", paths.DATASETS, "*")):
        for path in sorted(folder.rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{label}/{path.relative_to(folder)}\0".encode())
                digest.update(path.read_bytes())
    _fingerprint[:] = [{"casekit": casekit.__version__, "code": digest.hexdigest()[:16]}]
    return _fingerprint[0]


def describe(identity: dict) -> str:
    return f"casekit {identity.get('casekit', '?')} (code and datasets {identity.get('code', '?')})"


def check_workers(identities: dict[str, dict], expected: dict) -> tuple[list[str], list[str]]:
    """(workers that match EXPECTED, one message per refused worker)."""
    good, refused = [], []
    for worker, identity in sorted(identities.items()):
        if identity == expected:
            good.append(worker)
        else:
            refused.append(
                f"worker {worker} refused: it runs {describe(identity)}, the grader {describe(expected)}; "
                "install the same casekit checkout (and datasets/) on every worker"
            )
    return good, refused


_keys: dict[str, object] = {}


def _key(key_bytes: bytes, key_name: str, picks: dict[str, str] | None = None):
    """The Key for these bytes (with the course file's prompt PICKS), loaded once per worker process."""
    from casekit.grading.key import load_key

    sha = hashlib.sha256(key_bytes).hexdigest() + repr(sorted((picks or {}).items()))
    if sha not in _keys:
        with tempfile.TemporaryDirectory(prefix="casekit-key-") as tmp:
            path = Path(tmp) / key_name
            path.write_bytes(key_bytes)
            _keys[sha] = load_key(path, picks=picks or {})
    return _keys[sha]


def key_setting(key, login: str) -> dict:
    """What a task needs of KEY beyond its bytes to grade LOGIN's submission as the grader would: the mode,
    the salts of an assessed exercise, the prompt picks, and the key's answers for LOGIN's variant."""
    from casekit.variants import normalise_login

    login = normalise_login(login)
    expected = {login: key.expected[login]} if login in key.expected else {}
    return {"mode": key.mode, "salts": dict(key.salts), "picks": dict(key.picks), "expected": expected}


def grade_task(
    key_bytes: bytes,
    key_name: str,
    data: bytes,
    file_name: str,
    name: str,
    limits: dict,
    expected: dict,
    setting: dict | None = None,
) -> dict:
    """Run on a worker: grade one submission exactly as the local path does; refuse if this worker's casekit differs.

    SETTING (key_setting) gives the worker's key the grader's mode, salts, prompt picks and expected answers."""
    mine = fingerprint()
    if mine != expected:
        raise WorkerMismatch(f"this worker runs {describe(mine)}, the grader {describe(expected)}")
    from casekit.grading import submission

    setting = setting or {}
    key = replace(
        _key(key_bytes, key_name, setting.get("picks")),
        mode=setting.get("mode", "practice"),
        salts=dict(setting.get("salts", {})),
        expected=copy.deepcopy(setting.get("expected", {})),
    )
    limits_ = submission.Limits(**limits)
    roots = submission.readable_roots() if limits_.landlock else []
    with tempfile.TemporaryDirectory(prefix="casekit-task-") as tmp:
        path = Path(tmp) / file_name  # the same file name: its stem is the learner's login
        path.write_bytes(data)
        return submission.grade_safely(key, path, name, limits_, roots)


def _close_servers() -> None:
    from casekit.grading import submission

    submission.close_servers()


def connect(address: str):
    """A distributed Client for ADDRESS (tcp://host:port, or local:N for a LocalCluster of N worker processes)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--cluster needs the dask and distributed packages (pip install distributed)") from None
    if address.startswith("local:"):
        try:
            n = int(address.split(":", 1)[1])
        except ValueError:
            raise ClusterError(f"--cluster {address}: write local:N with N a number of worker processes") from None
        cluster = LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, memory_limit=0, dashboard_address=None, silence_logs=40
        )
        return Client(cluster), cluster
    host, _, port = address.split("://", 1)[-1].rpartition(":")
    if address.startswith("tcp://") and port.isdigit():  # fail at once on a closed port, not after the client's retries
        try:
            socket.create_connection((host.strip("[]"), int(port)), timeout=10).close()
        except OSError as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc.strerror or exc}") from None
    try:
        return Client(address, timeout="20s"), None
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def grade(key, todo: list[Path], names: dict[Path, str], limits, address, on_result, log=None) -> None:
    """Grade TODO on the cluster at ADDRESS (or through a distributed Client); call ON_RESULT(result) per submission as it finishes.

    A submission the cluster could not grade gets an error result, never none.
    """
    from distributed import wait

    from casekit.grading import submission

    log = log or (lambda message: print(f"casekit grade: {message}", file=sys.stderr, flush=True))
    own = isinstance(address, str)  # else a distributed Client made by the caller (Dask Gateway, dask-jobqueue, ...)
    client, cluster = connect(address) if own else (address, None)
    address = address if own else str(getattr(client, "scheduler", None) and client.scheduler.address)
    try:
        if address.startswith("local:"):
            client.wait_for_workers(int(address.split(":", 1)[1]), timeout=120)
        expected = fingerprint(fresh=True)
        good, refused = check_workers(client.run(fingerprint), expected)
        for message in refused:
            log(message)
        if not good:
            raise ClusterError(f"no worker of {address} runs the grader's {describe(expected)}")
        key_bytes = Path(key.path).read_bytes()
        limits_dict = asdict(limits)
        futures = {}
        for path in todo:
            try:
                data = path.read_bytes()
            except OSError:
                data = b""  # an unreadable file is `invalid`, as locally
            future = client.submit(
                grade_task,
                key_bytes,
                Path(key.path).name,
                data,
                path.name,
                names[path],
                limits_dict,
                expected,
                key_setting(key, path.stem),
                key=f"casekit-grade-{names[path]}-{os.urandom(4).hex()}",
                pure=False,
                workers=good,
                allow_other_workers=False,
            )
            futures[future] = path

        def finish(future, result=None, reason=""):
            path = futures.pop(future)
            if result is None:
                try:
                    result = future.result()
                except Exception as exc:  # KilledWorker after repeated worker deaths, a refused worker, ...
                    reason = reason or f"{type(exc).__name__}: {exc}"
                    result = submission.error_result(
                        key, path, names[path], limits, f"the cluster could not grade it: {reason}"
                    )
            result["file"], result["key"] = str(path), str(key.path)  # as the local path records them
            on_result(result)

        while futures:
            try:
                done, _ = wait(list(futures), timeout=STALL_SECONDS, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            for future in done:
                finish(future)
            if not done and not set(good) & set(client.scheduler_info().get("workers", {})):
                reason = "every worker verified at the start has left the cluster; run the command again"
                for future in list(futures):
                    future.cancel()
                    path = futures[future]
                    finish(
                        future,
                        submission.error_result(
                            key, path, names[path], limits, f"the cluster could not grade it: {reason}"
                        ),
                    )
    finally:
        try:
            client.run(_close_servers)
        except Exception:
            pass
        if own:
            client.close()
        if cluster is not None:
            cluster.close()
