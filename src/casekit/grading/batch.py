"""Grade a batch of submissions: several at once (or on a Dask cluster), results saved atomically, reruns skipped.

One submission is graded by casekit.grading.submission; its names are re-exported here for older callers.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict
from pathlib import Path

from casekit.grading.key import Key
from casekit.grading.submission import (  # noqa: F401  (re-exported: batch.Limits, batch.grade_one, ...)
    NOTEBOOK_NAME,
    RESULT_VERSION,
    STATUSES,
    WARM,
    Limits,
    RunOutcome,
    _rmtree,
    close_servers,
    error_result,
    exposed,
    grade_one,
    grade_safely,
    readable_roots,
    run_nbval,
    score,
    sha256,
)


def safe_names(files: list[Path]) -> dict[Path, str]:
    """A filesystem-safe, unique name for each submission, from its file stem (collisions get -2, -3...)."""
    names: dict[Path, str] = {}
    taken: set[str] = set()
    for path in files:
        base = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-._") or "submission"
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name.lower())
        names[path] = name
    return names


def find_submissions(inputs: list[Path]) -> list[Path]:
    """Notebook files named on the command line, plus the *.ipynb files in named folders (sorted)."""
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found += sorted(p for p in item.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        else:
            found.append(item)
    seen, unique = set(), []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _write_json_atomic(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
    os.replace(tmp, path)


def result_path(out: Path, name: str) -> Path:
    return out / "results" / f"{name}.json"


def up_to_date(out: Path, name: str, path: Path, key: Key, limits: Limits) -> dict | None:
    """The stored result of NAME if it graded this very file with this key and these limits."""
    try:
        stored = json.loads(result_path(out, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    same = (
        stored.get("version") == RESULT_VERSION
        and stored.get("sha256") == sha256(path)
        and stored.get("key_sha256") == key.sha256
        and stored.get("limits") == asdict(limits)
        and stored.get("salt_id", "") == key.salt_id
    )
    return stored if same else None


def grade_batch(
    key: Key, files: list[Path], out: Path, limits: Limits, jobs: int, force: bool = False, progress=None, cluster=None
) -> list[dict]:
    """Grade FILES into OUT/results/ (in parallel, or as tasks on the Dask CLUSTER: an address or a distributed Client).

    Return every result, in the order of FILES.
    """
    names = safe_names(files)
    roots = readable_roots() if limits.landlock else []
    results: dict[str, dict] = {}
    todo = []
    for path in files:
        stored = None if force else up_to_date(out, names[path], path, key, limits)
        if stored:
            results[names[path]] = stored
            if progress:
                progress(stored, skipped=True)
        else:
            todo.append(path)

    if key.hidden_questions and todo:  # the key's answers for every login to grade, in one key run
        from casekit.grading import keyrun
        from casekit.variants import normalise_login

        logins = [p.stem for p in todo if normalise_login(p.stem) not in key.expected]
        key.expected.update(keyrun.expected_answers(key, logins, key.salts))

    def finished(result: dict) -> None:
        _write_json_atomic(result_path(out, result["submission"]), result)
        results[result["submission"]] = result
        if progress:
            progress(result, skipped=False)

    if cluster and todo:
        from casekit.grading import cluster as dask_cluster

        dask_cluster.grade(key, todo, names, limits, cluster, finished)
        return [results[names[p]] for p in files if names[p] in results]
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(grade_safely, key, p, names[p], limits, roots): p for p in todo}
        try:
            for future in as_completed(futures):
                finished(future.result())
        except KeyboardInterrupt:
            for future in futures:
                future.cancel()
            raise
        finally:
            close_servers()
    return [results[names[p]] for p in files if names[p] in results]
