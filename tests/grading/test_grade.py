"""casekit grade: real submissions built from a key get the right score and status, hostile ones included.

One batch of submissions (good, half-done, untouched, broken and hostile) is graded once per session
(the `graded` fixture, tests/grading/conftest.py, which the Dask test compares the cluster with),
in parallel and with short time limits, and every assertion reads that batch's reports. The fixture
key (tests/fixtures/grading/key.ipynb, made by make_key.py) was executed for real; when
solutions/00-the-case.ipynb exists, the lesson's own exercise is graded too.
"""

from __future__ import annotations

import copy
import csv
import json
import platform
from pathlib import Path

import nbformat
import pytest

from casekit import cli
from casekit.authoring.exercise import WRITTEN_PROMPT, make_exercise, read_notebook
from casekit.grading import batch, gradebook, sandbox
from casekit.grading.key import load_key
from casekit.grading.matching import extract
from casekit.paths import ROOT

KEY = Path(__file__).parents[1] / "fixtures" / "grading" / "key.ipynb"
LINUX = platform.system() == "Linux"
LIMITS = ["--cell-timeout", "2", "--timeout", "60", "--memory-mb", "1024", "--max-output", "200000", "--jobs", "2"]
ANSWERS = {"9a": "product = 6 * 7", "9b": 'parties = ["parler", "aws"]', "9c": "notice_days = 30"}
CANVAS_TITLE = "Exercise 9 (77)"
WRITTEN = "The notice period decides how long Parler had to find another host."


def _exercise() -> nbformat.NotebookNode:
    return make_exercise(read_notebook(KEY), KEY)


def _cell(nb, question, role):
    return next(
        c
        for c in nb.cells
        if c.metadata.get("casekit", {}).get("question") == question and c.metadata["casekit"]["role"] == role
    )


def _answered(answers: dict[str, str], written: str | None = WRITTEN) -> nbformat.NotebookNode:
    nb = _exercise()
    for question, source in answers.items():
        _cell(nb, question, "answer").source = f"# {question}\n{source}"
    if written:
        cell = _cell(nb, "9d", "written")
        cell.source = cell.source.replace(WRITTEN_PROMPT, written)
    return nb


def _submissions(out_dir: Path) -> dict[str, object]:
    """name -> notebook (or raw bytes) of every case in the batch."""
    cases: dict[str, object] = {
        "good": _answered(ANSWERS),
        "half": _answered({"9a": ANSWERS["9a"], "9c": ANSWERS["9c"]}, written=None),
        "untouched": _exercise(),
        "not-json": b"this is not a notebook {",
        "empty": b"",
        "not-a-notebook": b'{"name": "a json file", "cells": 3}',
        "nbformat3": json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}).encode(),
    }
    other = _answered(ANSWERS)
    for cell in other.cells:
        if "casekit" in cell.metadata:
            cell.metadata["casekit"]["question"] = "5" + cell.metadata["casekit"]["question"][1:]
    cases["other-exercise"] = other

    edited = _answered(ANSWERS)  # 9a deleted, 9b split in two marked cells, 9c followed by an unmarked cell
    edited.cells.remove(_cell(edited, "9a", "answer"))
    first = _cell(edited, "9b", "answer")
    first.source = "# 9b\nparties = []"
    second = copy.deepcopy(first)
    second.id = "split-9b"
    second.source = 'parties += ["parler", "aws"]'
    edited.cells.insert(edited.cells.index(first) + 1, second)
    c9 = _cell(edited, "9c", "answer")
    c9.source = "days = 10"
    edited.cells.insert(edited.cells.index(c9) + 1, nbformat.v4.new_code_cell("notice_days = days * 3"))
    cases["edited"] = edited

    reordered = _answered(ANSWERS)  # 9b and 9c swapped; 9a retyped as markdown
    b, c = _cell(reordered, "9b", "answer"), _cell(reordered, "9c", "answer")
    ib, ic = reordered.cells.index(b), reordered.cells.index(c)
    reordered.cells[ib], reordered.cells[ic] = c, b
    cell = _cell(reordered, "9a", "answer")
    new = nbformat.v4.new_markdown_cell(cell.source)
    new.metadata = cell.metadata
    reordered.cells[reordered.cells.index(cell)] = new
    cases["reordered-markdown"] = reordered

    stripped = _answered(ANSWERS)
    for cell in stripped.cells:
        cell.metadata = {}
    cases["stripped"] = stripped

    attack = f"""
import glob
stolen = ""
for path in ["{KEY}", "../../key.ipynb", *glob.glob("/tmp/**/*.ipynb", recursive=True)]:
    try:
        stolen += open(path).read()
    except OSError:
        pass
for target in ["{out_dir}/results/good.json", "{out_dir}/pwned.txt", "{out_dir}/grades.csv"]:
    try:
        open(target, "w").write("{{}}")
    except OSError:
        pass
parties = ["parler", "aws"] if "BEGIN SOLUTION" in stolen else []"""
    # 9a: a forged stored output; 9b: tries to read the key and write into the output folder; 9c: edited check
    tampered = _answered({"9a": "product = 41", "9b": attack, "9c": "notice_days = 3"})
    _cell(tampered, "9c", "check").source = 'print("9c ✓ correct")'
    forged = _cell(tampered, "9a", "check")
    forged.outputs = [nbformat.v4.new_output("stream", name="stdout", text="9a ✓ correct\n")]
    forged.execution_count = 3
    cases["tampered"] = tampered

    # 9a loops forever, 9b is answered after it, 9c is left as `...`
    cases["loop"] = _answered({"9a": "while True:\n    pass", "9b": ANSWERS["9b"]})
    # a loop that swallows the interrupt: nbval stops the kernel itself, and the grader starts a new one
    stubborn = (
        "import time\nwhile True:\n    try:\n        time.sleep(0.05)\n    except KeyboardInterrupt:\n        pass"
    )
    cases["stubborn-loop"] = _answered({**ANSWERS, "9b": stubborn})
    # 9c uses a name 9a defined: after 9b's restart the grader re-runs 9a's answer first, so 9c is graded fairly
    cases["loop-then-earlier-name"] = _answered(
        {"9a": ANSWERS["9a"], "9b": "while True:\n    pass", "9c": "notice_days = product - 12"}
    )
    cases["crash"] = _answered({**ANSWERS, "9b": "import os\nos._exit(1)"})
    if LINUX:  # RLIMIT_AS is not enforced on macOS: a memory bomb there would really allocate
        cases["memory-bomb"] = _answered({**ANSWERS, "9a": "blocks = [b'x' * 10**9 for _ in range(50)]\nproduct = 42"})
    cases["output-flood"] = _answered({**ANSWERS, "9b": "for i in range(10**7):\n    print('spam ' * 40)"})
    return cases


def _statuses(rows, name):
    return {q: r["status"] for q, r in rows[name].items()}


def test_batch_finishes_with_one_row_per_submission_and_question(graded):
    out, rows, summary, code, _ = graded
    assert code == 0
    assert len(summary) == len(_submissions(out))
    assert all(set(questions) == {"9a", "9b", "9c", "9d"} for questions in rows.values())


def test_complete_submission_gets_full_marks_and_its_written_answer_awaits_marking(graded):
    _, rows, summary, _, _ = graded
    assert _statuses(rows, "good") == {"9a": "passed", "9b": "passed", "9c": "passed", "9d": "manual"}
    assert summary["good"]["total"] == "4" and summary["good"]["max"] == "6"
    assert summary["good"]["manual_pending"] == "1"


def test_untouched_exercise_scores_zero(graded):
    _, rows, summary, _, _ = graded
    assert summary["untouched"]["total"] == "0"
    assert set(_statuses(rows, "untouched").values()) == {"missing"}


def test_half_done_submission_gets_exactly_its_points(graded):
    _, rows, summary, _, _ = graded
    assert _statuses(rows, "half") == {"9a": "passed", "9b": "missing", "9c": "passed", "9d": "missing"}
    assert summary["half"]["total"] == "2"


@pytest.mark.parametrize("name", ["not-json", "empty", "not-a-notebook", "nbformat3", "other-exercise"])
def test_unreadable_or_foreign_notebooks_are_invalid(graded, name):
    _, rows, summary, _, _ = graded
    assert set(_statuses(rows, name).values()) == {"invalid"}
    assert summary[name]["total"] == "0"
    assert summary[name]["notes"]


def test_deleted_split_and_extra_answer_cells(graded):
    _, rows, _, _, _ = graded
    assert _statuses(rows, "edited")["9a"] == "missing"
    assert rows["edited"]["9b"]["status"] == "passed" and "split" in rows["edited"]["9b"]["note"]
    assert rows["edited"]["9c"]["status"] == "passed" and "joined" in rows["edited"]["9c"]["note"]


def test_reordered_answers_are_matched_by_question_id(graded):
    _, rows, _, _, _ = graded
    assert {q: rows["reordered-markdown"][q]["status"] for q in ("9b", "9c", "9d")} == {
        "9b": "passed",
        "9c": "passed",
        "9d": "manual",
    }


def test_answer_retyped_as_markdown_is_missing_with_a_note(graded):
    _, rows, _, _, _ = graded
    row = rows["reordered-markdown"]["9a"]
    assert row["status"] == "missing" and "markdown" in row["note"]


def test_stripped_metadata_falls_back_and_says_so(graded):
    out, rows, _, _, _ = graded
    assert _statuses(rows, "stripped") == {"9a": "passed", "9b": "passed", "9c": "passed", "9d": "manual"}
    assert "matched by" in rows["stripped"]["9a"]["note"]
    assert "metadata was stripped" in (out / "feedback" / "stripped.html").read_text()


def test_edited_or_forged_check_cells_gain_nothing_and_are_reported(graded):
    _, rows, _, _, _ = graded
    assert rows["tampered"]["9c"]["status"] == "failed" and "tampering" in rows["tampered"]["9c"]["note"]
    assert rows["tampered"]["9a"]["status"] == "failed" and "forged" in rows["tampered"]["9a"]["note"]


def test_after_an_infinite_loop_the_kernel_restarts_and_later_answers_are_graded(graded):
    _, rows, summary, _, _ = graded
    assert _statuses(rows, "loop") == {"9a": "timeout", "9b": "passed", "9c": "missing", "9d": "manual"}
    assert "restarted kernel" in rows["loop"]["9b"]["note"] and "9a" in rows["loop"]["9b"]["note"]
    assert summary["loop"]["total"] == "2"


def test_a_loop_that_ignores_the_interrupt_still_lets_later_answers_be_graded(graded):
    _, rows, _, _, _ = graded
    assert _statuses(rows, "stubborn-loop") == {"9a": "passed", "9b": "timeout", "9c": "passed", "9d": "manual"}


def test_after_a_restart_a_later_answer_may_use_a_name_an_earlier_answer_defined(graded):
    _, rows, _, _, _ = graded
    assert _statuses(rows, "loop-then-earlier-name") == {
        "9a": "passed",
        "9b": "timeout",
        "9c": "passed",
        "9d": "manual",
    }
    assert "then the earlier answers to 9a" in rows["loop-then-earlier-name"]["9c"]["note"]


def test_kernel_crash_is_an_error_and_earlier_answers_keep_their_marks(graded):
    _, rows, _, _, _ = graded
    assert rows["crash"]["9a"]["status"] == "passed"
    assert rows["crash"]["9b"]["status"] == "error" and "crash" in rows["crash"]["9b"]["note"]
    assert rows["crash"]["9c"]["status"] == "error"


@pytest.mark.skipif(not LINUX, reason="RLIMIT_AS is enforced on Linux only")
def test_memory_bomb_is_an_error_with_a_memory_note(graded):
    _, rows, _, _, _ = graded
    assert rows["memory-bomb"]["9a"]["status"] == "error" and "memory" in rows["memory-bomb"]["9a"]["note"]
    assert rows["memory-bomb"]["9b"]["status"] == "passed"


def test_enormous_output_is_cut_off(graded):
    _, rows, _, _, _ = graded
    assert rows["output-flood"]["9a"]["status"] == "passed"
    assert rows["output-flood"]["9b"]["status"] == "error" and "output limit" in rows["output-flood"]["9b"]["note"]


@pytest.mark.skipif(sandbox.landlock_abi() < 1, reason="this system has no Landlock")
def test_code_cannot_read_the_key_or_write_into_the_output_folder(graded):
    out, rows, _, _, _ = graded
    assert rows["tampered"]["9b"]["status"] == "failed"  # it would pass had it read the key
    assert "review it by hand" in rows["tampered"]["9b"]["note"]
    assert not (out / "pwned.txt").exists()
    good = json.loads((out / "results" / "good.json").read_text())
    assert good["submission"] == "good" and good["questions"][0]["status"] == "passed"


def test_feedback_shows_verdict_hint_and_expected_versus_produced(graded):
    out, _, _, _, _ = graded
    page = (out / "feedback" / "tampered.html").read_text()
    assert "9a ✓ correct" in page and "9a ✗ multiply 6 by 7" in page and "Hint:</b> multiply 6 by 7" in page
    assert "Expected output" in page and "Your code produced" in page


def test_canvas_export_has_the_assignment_column_and_points_possible(graded):
    out, _, _, _, _ = graded
    with open(out / "canvas.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["Student"].strip() == "Points Possible" and rows[0]["Exercise 9 (77)"] == "6"
    assert {r["Student"]: r["Exercise 9 (77)"] for r in rows[1:]}["good"] == "4"


def test_manual_scores_merge_into_the_gradebook(graded):
    out, _, _, _, _ = graded
    with open(out / "manual.csv", encoding="utf-8") as f:
        manual = list(csv.DictReader(f))
    assert {r["submission"] for r in manual} >= {"good", "reordered-markdown"}
    assert all(r["rubric"].startswith("1 point") and r["score"] == "" for r in manual)
    filled = out.parent / "marked.csv"
    with open(filled, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(manual[0]))
        writer.writeheader()
        for row in manual:
            writer.writerow(dict(row, score="2" if row["submission"] == "good" else ""))
        writer.writerow(dict(manual[0], submission="nobody", score="1"))
    assert cli.main(["grade", "--merge-manual", str(filled), "--out", str(out)]) == 1  # one unknown row reported
    with open(out / "summary.csv", encoding="utf-8") as f:
        summary = {row["submission"]: row for row in csv.DictReader(f)}
    assert summary["good"]["total"] == "6" and summary["good"]["manual_pending"] == "0"


def test_rerun_skips_graded_submissions_unless_forced(graded, capsys):
    out, _, _, _, subs = graded
    assert (
        cli.main(
            [
                "grade",
                str(subs / "good.ipynb"),
                str(subs / "empty.ipynb"),
                "--key",
                str(KEY),
                "--out",
                str(out),
                *LIMITS,
            ]
        )
        == 0
    )
    assert capsys.readouterr().err.count("already graded, skipped") == 2


def test_wall_clock_kill_keeps_finished_questions_and_times_out_the_rest():
    key = load_key(KEY)
    found = extract(key, _answered(ANSWERS))
    run = batch.RunOutcome(
        cells={1: {"outcome": "passed"}, 2: {"outcome": "passed"}},
        killed=True,
        exit_code=None,
        log_tail="",
        landlock=0,
        seconds=60,
    )
    rows = {r["question"]: r for r in batch.score(key, found, run, batch.Limits())}
    assert rows["9a"]["status"] == "passed" and rows["9b"]["status"] == "timeout" and rows["9c"]["status"] == "timeout"


def test_setup_cells_are_the_keys_code_cells_outside_the_exercise():
    key = load_key(KEY)
    exercise = {key.code_cell_number(i) for q in key.code_questions for i in (q.answer_index, q.check_index)}
    assert key.setup_cell_numbers == [0] and not set(key.setup_cell_numbers) & exercise


def test_when_the_restart_fails_later_questions_time_out_and_say_why():
    key = load_key(KEY)
    found = extract(key, _answered({"9a": "while True:\n    pass", "9b": ANSWERS["9b"]}))
    reason = "setup cell 0 did not finish after the restart (timeout)"
    run = batch.RunOutcome(
        cells={
            1: {
                "outcome": "failed",
                "message": "Timeout of 2 seconds exceeded executing cell",
                "restart_failed": reason,
            },
            **{n: {"outcome": "xfailed", "message": ""} for n in (2, 3, 4, 5, 6)},
        },
        killed=False,
        exit_code=1,
        log_tail="",
        landlock=0,
        seconds=9,
    )
    rows = {r["question"]: r for r in batch.score(key, found, run, batch.Limits())}
    assert rows["9a"]["status"] == "timeout" and rows["9c"]["status"] == "missing"
    assert rows["9b"]["status"] == "timeout" and reason in rows["9b"]["note"]


def test_submission_names_are_safe_and_unique(tmp_path):
    files = [tmp_path / "a b.ipynb", tmp_path / "x" / "a-b.ipynb", tmp_path / "../..ipynb", tmp_path / "A B.ipynb"]
    names = list(batch.safe_names(files).values())
    assert names == ["a-b", "a-b-2", "submission", "A-B-3"]


SOLUTION = ROOT / "solutions" / "00-the-case.ipynb"


@pytest.mark.skipif(not SOLUTION.exists(), reason="solutions/00-the-case.ipynb not written yet")
def test_the_lessons_exercise_complete_untouched_and_half_done(tmp_path):
    solution = read_notebook(SOLUTION)
    key_path = SOLUTION
    if any(c.cell_type == "code" and c.get("execution_count") is None for c in solution.cells):
        # mid-edit, the committed solution may lack outputs: execute a copy, as `make outputs` does
        from nbclient import NotebookClient

        NotebookClient(
            solution, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(SOLUTION.parent)}}
        ).execute()
        key_path = tmp_path / SOLUTION.name
        nbformat.write(solution, key_path)
    key = load_key(key_path)
    exercise = make_exercise(read_notebook(SOLUTION), SOLUTION)
    questions = key.code_questions
    half = copy.deepcopy(exercise)
    done = questions[: max(1, len(questions) // 2)]
    for q in done:  # the exercise may have fewer cells than the key (edition notes): match by question id
        _cell(half, q.id, "answer").source = key.nb.cells[q.answer_index].source
    subs = tmp_path / "subs"
    subs.mkdir()
    nbformat.write(key.nb, subs / "complete.ipynb")
    nbformat.write(exercise, subs / "untouched.ipynb")
    nbformat.write(half, subs / "half.ipynb")
    out = tmp_path / "out"
    assert cli.main(["grade", str(subs), "--key", str(key_path), "--out", str(out), "--quiet", "--jobs", "2"]) == 0
    with open(out / "summary.csv", encoding="utf-8") as f:
        summary = {row["submission"]: row for row in csv.DictReader(f)}
    auto = sum(q.points for q in questions)
    assert int(summary["complete"]["total"]) == auto
    assert int(summary["untouched"]["total"]) == 0
    assert int(summary["half"]["total"]) == sum(q.points for q in done)


def test_class_results_count_statuses_per_question():
    grades = gradebook.read_grades(ROOT / "instructors" / "example-grades.csv")
    table = gradebook.question_results(grades)
    assert list(table.index) == ["9a", "9b", "9c", "9d"]
    assert (table[gradebook.STATUS_ORDER].sum(axis=1) == grades["submission"].nunique()).all()
    assert 0 <= table["mean_share"].min() and table["mean_share"].max() <= 1
    assert gradebook.status_figure(grades).data and gradebook.totals_figure(grades).data


def test_totals_summary_is_the_text_beside_the_totals_figure():
    import pandas as pd

    from casekit.grading.gradebook import totals_summary

    grades = pd.DataFrame(
        {
            "submission": ["a", "a", "b", "b"],
            "question": ["0a", "0b"] * 2,
            "score": [1.0, 1.0, 0.0, 1.0],
            "max_score": [1, 1, 1, 1],
        }
    )
    assert (
        totals_summary(grades)
        == "2 learners; total points out of 2: median 1.5, lowest 1, highest 2; 1 with full marks."
    )
    assert totals_summary(grades.iloc[0:0]) == "No graded submissions."


LEAKS = """
import builtins, os, sys
import casekit
import pandas as pd
seen = [hasattr(casekit, "LEAKED"), isinstance(pd.DataFrame({"a": [1]}).sum(), str), "LEAKED" in os.environ,
        "leaky_module" in sys.modules, hasattr(builtins, "LEAKED"), pd.get_option("display.max_rows") == 3]"""
POLLUTE = """
import builtins, os, sys, types
import casekit
import pandas as pd
casekit.LEAKED = "from submission A"
pd.DataFrame.sum = lambda self, *args, **kwargs: "patched by A"
pd.set_option("display.max_rows", 3)
os.environ["LEAKED"] = "1"
sys.modules["leaky_module"] = types.ModuleType("leaky_module")
builtins.LEAKED = True
product = 6 * 7"""


@pytest.mark.skipif(not LINUX, reason="kernels are forked from a warm template on Linux only")
def test_a_warm_kernel_sees_nothing_of_the_submission_graded_before_it_in_the_same_slot(tmp_path):
    """A pollutes its kernel (module global, pandas monkey-patch and option, env, sys.modules, builtins).

    B, next in the same slot, sees none of it."""
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    # A's 9b checks, in A's own kernel, that the pollution is visible there (so B's check can see it if it leaked)
    nbformat.write(
        _answered({"9a": POLLUTE, "9b": LEAKS + '\nparties = ["parler", "aws"] if all(seen) else []'}, written=None),
        subs / "a-polluter.ipynb",
    )
    # B's 9a passes only if nothing leaked; its 9b only if its kernel was forked by the template (the warm path ran)
    parent = 'open(f"/proc/{os.getppid()}/cmdline").read()'
    nbformat.write(
        _answered(
            {
                "9a": LEAKS + "\nproduct = 42 if not any(seen) else 0",
                "9b": f'import os\nparties = ["parler", "aws"] if "casekit.grading.forkserver" in {parent} else []',
            },
            written=None,
        ),
        subs / "b-victim.ipynb",
    )
    assert (
        cli.main(
            [
                "grade",
                str(subs),
                "--key",
                str(KEY),
                "--out",
                str(out),
                "--quiet",
                "--jobs",
                "1",
                "--cell-timeout",
                "10",
                "--timeout",
                "60",
                "--memory-mb",
                "1024",
            ]
        )
        == 0
    )
    with open(out / "grades.csv", encoding="utf-8") as f:
        status = {(r["submission"], r["question"]): r["status"] for r in csv.DictReader(f)}
    assert status[("a-polluter", "9a")] == "passed" and status[("a-polluter", "9b")] == "passed"
    assert status[("b-victim", "9b")] == "passed", "B's kernel was not forked from the warm template"
    assert status[("b-victim", "9a")] == "passed", "B saw what A did to its kernel"


PROBE = """
import socket, sys
conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
conn.connect(sys.argv[1])
try:
    conn.sendall(b'{"op": "clean"}\\n')
    print("answered" if conn.recv(100) else "refused")
except OSError:  # closed by the template before or while we spoke
    print("refused")
"""


@pytest.mark.skipif(not LINUX, reason="kernels are forked from a warm template on Linux only")
def test_only_the_runner_may_ask_the_template_for_a_kernel():
    """A kernel that found the template's socket must not get a kernel with limits of its choosing: other processes are refused."""
    import subprocess
    import sys
    import tempfile

    from casekit.grading import forkserver

    folder = tempfile.mkdtemp(prefix="casekit-t-")
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": folder,
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "CASEKIT_ROOT": str(ROOT),
    }
    template = forkserver.start_template(folder, env)
    assert template is not None
    socket_path = forkserver.SOCKET[0]
    try:
        assert str(socket_path) not in open(f"/proc/{template.pid}/cmdline").read()
        answer = subprocess.run([sys.executable, "-c", PROBE, socket_path], capture_output=True, text=True, timeout=60)
        assert answer.stdout.strip() == "refused"
        assert forkserver.clean() == 0 and forkserver.SOCKET  # its parent (this process) is answered
    finally:
        forkserver.SOCKET.clear()
        template.stdin.close()
        template.wait(timeout=20)
        batch._rmtree(Path(folder))


def test_a_course_file_picking_prompt_b_gives_the_key_and_manual_csv_prompt_bs_rubric(tmp_path):
    """No kernel: the key is read with the course file's pick, a learner's answer to the released prompt b
    is matched and scored, and manual.csv carries prompt b's rubric; without the course file nothing changes."""
    import hashlib

    from casekit.authoring import prompts
    from casekit.grading.submission import Limits, score

    stem, question = "03-content-moderation", "3e"
    solution = ROOT / "solutions" / f"{stem}.ipynb"
    bank = prompts.load_bank()
    a, b = bank[stem][question]["a"], bank[stem][question]["b"]
    course = tmp_path / "course.toml"
    course.write_text(f'[exercises."{stem}"]\nprompts = {{ "{question}" = "b" }}\n', encoding="utf-8")

    default, picked = load_key(solution), load_key(solution, course)
    assert default.picks == {} and default.sha256 == hashlib.sha256(solution.read_bytes()).hexdigest()
    assert picked.picks == {question: "b"} and picked.sha256 != default.sha256  # a changed pick regrades
    assert load_key(solution, tmp_path / "absent.toml").sha256 == default.sha256
    q_default = next(q for q in default.questions if q.id == question)
    q_picked = next(q for q in picked.questions if q.id == question)
    assert q_default.rubric == a.rubric and q_picked.rubric == b.rubric != a.rubric
    assert b.guide in q_picked.model_answer and q_default.model_answer not in q_picked.model_answer

    released = prompts.apply_prompts(read_notebook(ROOT / "exercises" / f"{stem}.ipynb"), stem, {question: "b"}, bank)
    cell = _cell(released, question, "written")
    assert b.text in cell.source
    assert question in extract(picked, released).unanswered  # the untouched prompt b is not an answer
    cell.source = cell.source.replace(WRITTEN_PROMPT, WRITTEN)
    rows = score(picked, extract(picked, released), None, Limits(), login="jdoe")
    out = tmp_path / "out"
    gradebook.write_reports([{"submission": "jdoe", "questions": rows}], out, picked.title)
    with open(out / "manual.csv", encoding="utf-8") as f:
        manual = {row["question"]: row for row in csv.DictReader(f)}
    assert manual[question]["rubric"] == b.rubric
    assert manual[question]["answer"] == WRITTEN  # prompt b, which the key knows, is taken out of the answer
