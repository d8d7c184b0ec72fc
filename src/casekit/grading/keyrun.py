"""Expected answers from the key: run the solution's cells for each learner's variant, outside any learner's kernel.

A hidden question's expected answer is never a function of the installed package (the learner's
package may not even hold its check). The grader computes it here, at grading time: for each login,
a fresh IPython namespace runs the key's setup and answer cells with that login (and, for assessed
work, the assignment's salt) in force, and reads the value each hidden question's check cell names
(`check("1a", winter_granted)` -> `winter_granted`) as casekit.grading.readings. The key is the
instructor's own code, so it runs in a plain subprocess (one per batch), not in the sandbox; no
learner code ever runs beside it, and no learner kernel ever sees what it computed.

    python -m casekit.grading.keyrun SPEC_JSON     # used by expected_answers(); writes SPEC's "out" file
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from casekit import paths, variants
from casekit.grading.key import Key

SECONDS_PER_LOGIN = 20


def program(key: Key) -> list[dict]:
    """The key's code cells as the key run executes them: setup and answer cells, then a read per hidden question."""
    checks = {q.check_index: q for q in key.code_questions if q.check_index is not None}
    steps = []
    for index, cell in enumerate(key.nb.cells):
        if cell.cell_type != "code":
            continue
        question = checks.get(index)
        if question is None:
            steps.append({"code": cell.source})
        elif question.hidden:
            steps.append({"question": question.id, "value": question.check_value, "form": question.form})
    return steps


def expected_answers(key: Key, logins: list[str], salts: dict[str, str] | None = None) -> dict[str, dict[str, dict]]:
    """For each of LOGINS: {hidden question: the key's answer's readings, or {"error": why}}."""
    logins = sorted({variants.normalise_login(login) for login in logins})
    if not logins or not key.hidden_questions:
        return {}
    folder = Path(tempfile.mkdtemp(prefix="casekit-keyrun-"))
    try:
        spec = {"program": program(key), "logins": logins, "out": str(folder / "expected.json")}
        (folder / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        env = {
            "PATH": f"{os.path.dirname(sys.executable)}:/usr/bin:/bin",
            "HOME": str(folder),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "MPLBACKEND": "agg",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONNOUSERSITE": "1",
            "IPYTHONDIR": str(folder / ".ipython"),
            "CASEKIT_ROOT": str(paths.ROOT),
            **({variants.ENV_SALT: variants.format_salts(salts)} if salts else {}),
        }
        if os.environ.get("PYTHONPATH"):
            env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        why = ""
        try:
            done = subprocess.run(
                [sys.executable, "-m", "casekit.grading.keyrun", str(folder / "spec.json")],
                cwd=key.path.parent,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=60 + SECONDS_PER_LOGIN * len(logins),
            )
            if done.returncode != 0:
                why = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1][:300]
        except subprocess.TimeoutExpired:
            why = "the key run did not finish in time"
        try:
            return json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            error = {"error": f"the grader could not run the key ({why or 'no result'})"}
            return {login: {q.id: error for q in key.hidden_questions} for login in logins}
    finally:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def _run(spec: dict) -> dict[str, dict[str, dict]]:
    from IPython.core.interactiveshell import InteractiveShell

    from casekit.grading import readings

    shell = InteractiveShell.instance()
    fresh = dict(shell.user_ns)  # a new namespace per login (cheaper than shell.reset, which costs 0.2 s)
    results: dict[str, dict[str, dict]] = {}
    for login in spec["logins"]:
        os.environ["CASEKIT_LOGIN"] = login
        variants.set_login("")
        variants._salts.clear()
        shell.user_ns.clear()
        shell.user_ns.update(fresh)
        found: dict[str, dict] = {}
        broken = ""
        for step in spec["program"]:
            if "code" in step:
                if broken:
                    continue
                outcome = shell.run_cell(step["code"], store_history=False, silent=True)
                error = outcome.error_before_exec or outcome.error_in_exec
                if error is not None:
                    broken = f"a key cell raised {type(error).__name__}: {str(error)[:200]}"
                continue
            if broken:
                found[step["question"]] = {"error": broken}
                continue
            try:
                value = eval(step["value"], shell.user_ns)  # noqa: S307 (the key's own check expression)
                found[step["question"]] = readings.read(value, step["form"])
            except Exception as exc:
                found[step["question"]] = {"error": f"the key's answer raised {type(exc).__name__}: {str(exc)[:200]}"}
        results[login] = found
    return results


if __name__ == "__main__":
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    Path(spec["out"]).write_text(json.dumps(_run(spec)), encoding="utf-8")
