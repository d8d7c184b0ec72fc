"""casekit grade --cluster: a LocalCluster of 2 worker processes grades a hostile batch exactly as the local path does,
loses nothing when a worker is killed mid-batch, and refuses workers that run another casekit."""

from __future__ import annotations

import csv
import os
import signal
from pathlib import Path

import nbformat
import pytest

pytest.importorskip("distributed")

from test_grade import ANSWERS, CANVAS_TITLE, KEY, LIMITS, LINUX, _answered  # noqa: E402

from casekit import cli  # noqa: E402
from casekit.grading import batch, cluster  # noqa: E402
from casekit.grading.key import load_key  # noqa: E402

HOSTILE = ["good", "half", "not-json", "other-exercise", "tampered", "loop", "crash", "memory-bomb", "output-flood"]


def _write(cases: dict, folder: Path) -> Path:
    folder.mkdir()
    for name, content in cases.items():
        path = folder / f"{name}.ipynb"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            nbformat.write(content, path)
    return folder


def _rows(path: Path, names: set[str], every: set[str]) -> list[list[str]]:
    """PATH's CSV rows that name one of NAMES, or no submission at all (headers, Canvas's points row); a submission's
    file is named without its folder (the two runs read the same files from different folders)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = [[Path(v).name if v.endswith(".ipynb") else v for v in row] for row in csv.reader(f)]
    return [row for row in rows if set(row) & names or not set(row) & every]


def test_the_cluster_grades_a_hostile_batch_exactly_like_the_local_path(graded, tmp_path):
    out, _, summary, _, local_subs = graded  # the whole batch, graded once by the local path (conftest.py)
    local = out.parent / "pristine"  # its reports as first written (other tests merge marks into OUT)
    cases = [name for name in HOSTILE if (local_subs / f"{name}.ipynb").exists()]  # memory-bomb: Linux only
    subs, remote = tmp_path / "subs", tmp_path / "remote"
    subs.mkdir()
    for name in cases:  # the very files the local path graded
        (subs / f"{name}.ipynb").write_bytes((local_subs / f"{name}.ipynb").read_bytes())
    argv = ["grade", str(subs), "--key", str(KEY), "--out", str(remote), "--quiet", "--canvas", CANVAS_TITLE]
    assert cli.main([*argv, *LIMITS, "--cluster", "local:1"]) == 0
    for name in ("grades.csv", "summary.csv", "canvas.csv", "manual.csv"):
        assert _rows(remote / name, set(cases), set(summary)) == _rows(local / name, set(cases), set(summary)), name
    assert {row[0] for row in _rows(local / "summary.csv", set(cases), set(summary))[1:]} == set(cases)
    assert sorted(p.name for p in (remote / "results").iterdir()) == sorted(f"{n}.json" for n in cases)
    # resumable: a rerun on the cluster skips everything already graded (and starts no cluster)
    seen: list[bool] = []
    rerun = batch.grade_batch(
        load_key(KEY),
        sorted(subs.glob("*.ipynb")),
        remote,
        batch.Limits(cell_timeout=2, submission_timeout=60, memory_mb=1024, output_chars=200000),
        jobs=2,
        cluster="local:1",
        progress=lambda result, skipped=False: seen.append(skipped),
    )
    assert len(rerun) == len(cases) and seen == [True] * len(cases)


@pytest.mark.skipif(not LINUX, reason="kills a worker process by pid")
def test_a_worker_killed_mid_batch_loses_no_submission(tmp_path):
    subs = _write(
        {f"learner{i:02d}": _answered(ANSWERS if i % 2 else {"9a": ANSWERS["9a"]}) for i in range(4)}, tmp_path / "subs"
    )
    files = sorted(subs.glob("*.ipynb"))
    key = load_key(KEY)
    limits = batch.Limits(cell_timeout=10, submission_timeout=60, memory_mb=1024)
    client, local_cluster = cluster.connect("local:2")
    address = local_cluster.scheduler_address
    killed = []

    def kill_one(result, skipped):  # after the first result, SIGKILL one worker process (its task is rescheduled)
        if not killed:
            pids = client.run(os.getpid)
            victim = sorted(pids)[0]
            os.kill(pids[victim], signal.SIGKILL)
            killed.append(victim)

    try:
        results = batch.grade_batch(key, files, tmp_path / "out", limits, jobs=2, cluster=address, progress=kill_one)
    finally:
        client.close()
        local_cluster.close()
    assert killed
    assert sorted(r["submission"] for r in results) == sorted(p.stem for p in files)
    assert {r["status"] for r in results} <= {"graded", "error"}  # nothing dropped; graded, or recorded as error
    graded = [r for r in results if r["status"] == "graded"]
    assert len(graded) >= len(files) - 2, [
        r["notes"] for r in results if r["status"] != "graded"
    ]  # at most the killed worker's task could end as error
    for r in graded:
        expected = 4 if int(r["submission"][-2:]) % 2 else 1
        assert sum(q["score"] or 0 for q in r["questions"]) == expected


def test_a_worker_running_another_casekit_is_refused_with_a_clear_message():
    mine = cluster.fingerprint()
    other = dict(mine, casekit="0.0.9")
    good, refused = cluster.check_workers({"tcp://a:1": mine, "tcp://b:2": other}, mine)
    assert good == ["tcp://a:1"]
    assert len(refused) == 1 and "tcp://b:2" in refused[0] and "casekit 0.0.9" in refused[0]
    with pytest.raises(cluster.WorkerMismatch, match="this worker runs casekit"):
        cluster.grade_task(KEY.read_bytes(), KEY.name, b"", "x.ipynb", "x", {}, other)


def test_an_unreachable_scheduler_is_one_readable_error(tmp_path, capsys):
    subs = _write({"good": _answered(ANSWERS)}, tmp_path / "subs")
    code = cli.main(
        [
            "grade",
            str(subs),
            "--key",
            str(KEY),
            "--out",
            str(tmp_path / "o"),
            "--quiet",
            "--cluster",
            "tcp://127.0.0.1:9",
        ]
    )
    assert code == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


def test_a_task_grades_with_the_graders_mode_salts_prompt_picks_and_expected_answers(monkeypatch):
    """No kernel: grade_task's key is the grader's (key_setting), not the practice key the bytes alone would give."""
    from casekit.grading import submission

    seen = []
    monkeypatch.setattr(submission, "grade_safely", lambda key, path, name, limits, roots: seen.append(key) or {})
    key = load_key(KEY)
    key.mode, key.salts = "assessed", {"98-variant-fixture": "s" * 16}
    key.expected = {"jdoe": {"9v": {"number": 84.0}}, "other": {"9v": {"number": 2.0}}}
    setting = cluster.key_setting(key, "JDoe")
    assert setting["expected"] == {"jdoe": {"9v": {"number": 84.0}}}  # only this learner's answers travel
    limits = {"cell_timeout": 2, "submission_timeout": 60, "memory_mb": 1024, "output_chars": 200000, "landlock": False}
    cluster.grade_task(KEY.read_bytes(), KEY.name, b"{}", "JDoe.ipynb", "JDoe", limits, cluster.fingerprint(), setting)
    (worker_key,) = seen
    assert (worker_key.mode, worker_key.salts, worker_key.expected) == ("assessed", key.salts, setting["expected"])
    assert worker_key.sha256 == key.sha256 and worker_key.salt_id == key.salt_id
    cluster.grade_task(KEY.read_bytes(), KEY.name, b"{}", "x.ipynb", "x", limits, cluster.fingerprint())
    assert (
        seen[-1].mode == "practice" and seen[-1].salts == {} and seen[-1].expected == {}
    )  # the cached key is unchanged
