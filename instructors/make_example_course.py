"""Write instructors/example-course/: a small course graded for real, for the course view of grading.ipynb.

    .venv/bin/python instructors/make_example_course.py

Eight learners on the roster (two sections). For exercises 00 and 01 it builds submissions from
the solutions' exercises (complete, half-done, untouched, or none at all), adds one submission
whose login is not on the roster, grades each exercise with `casekit grade` (the real sandboxed
grader), and keeps the files the course gradebook reads: batch.json, summary.csv and grades.csv.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

from casekit import cli
from casekit.authoring.exercise import make_exercise, read_notebook
from casekit.grading.key import load_key

HERE = Path(__file__).resolve().parent
OUT = HERE / "example-course"
ROOT = HERE.parent
ROSTER = [
    ("adeyemi", "Tola Adeyemi", "Mon"),
    ("baptiste", "Claire Baptiste", "Mon"),
    ("chen", "Wei Chen", "Mon"),
    ("dasilva", "Rui da Silva", "Mon"),
    ("eriksen", "Liv Eriksen", "Thu"),
    ("farouk", "Amal Farouk", "Thu"),
    ("garcia", "Inés García", "Thu"),
    ("haddad", "Omar Haddad", "Thu"),
]
# how much of each exercise each login handed in: all, half, wrong (all, the first answer left as `pass`),
# none (the untouched exercise), or absent (nothing)
PLAN = {
    "00-the-case": {
        "adeyemi": "all",
        "baptiste": "all",
        "chen": "half",
        "dasilva": "none",
        "eriksen": "all",
        "farouk": "wrong",
        "garcia": "absent",
        "haddad": "all",
        "visitor": "all",
    },
    "01-emergency-relief": {
        "adeyemi": "all",
        "baptiste": "half",
        "chen": "absent",
        "dasilva": "half",
        "eriksen": "wrong",
        "farouk": "absent",
        "garcia": "half",
        "haddad": "all",
    },
}


def submissions(slug: str, folder: Path) -> None:
    solution = ROOT / "solutions" / f"{slug}.ipynb"
    key = load_key(solution)
    exercise = make_exercise(read_notebook(solution), solution)
    questions = key.code_questions
    for login, how in PLAN[slug].items():
        if how == "absent":
            continue
        nb = nbformat.from_dict(nbformat.reads(nbformat.writes(exercise), as_version=4))
        done = (
            questions if how in ("all", "wrong") else questions[: max(1, len(questions) // 2)] if how == "half" else []
        )
        for q in done:
            cell = next(
                c
                for c in nb.cells
                if c.metadata.get("casekit", {}).get("question") == q.id
                and c.metadata["casekit"].get("role") == "answer"
            )
            cell.source = key.nb.cells[q.answer_index].source
            if how == "wrong" and q is questions[0]:
                cell.source = "pass"
        nbformat.write(nb, folder / f"{login}.ipynb")


def main() -> int:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir()
    (OUT / "roster.csv").write_text(
        "login,name,section\n" + "".join(f"{a},{b},{c}\n" for a, b, c in ROSTER), encoding="utf-8"
    )
    with tempfile.TemporaryDirectory(prefix="casekit-example-course-") as tmp:
        os.chdir(tmp)
        for slug in PLAN:
            Path("submissions").mkdir(exist_ok=True)
            shutil.rmtree("submissions")
            Path("submissions").mkdir()
            submissions(slug, Path("submissions"))
            out = Path(tmp) / slug[:2]
            code = cli.main(
                [
                    "grade",
                    "submissions",
                    "--key",
                    str(ROOT / "solutions" / f"{slug}.ipynb"),
                    "--out",
                    str(out),
                    "--quiet",
                    "--canvas",
                ]
            )
            if code:
                return code
            (OUT / slug[:2]).mkdir()
            for name in ("batch.json", "summary.csv", "grades.csv"):
                shutil.copy(out / name, OUT / slug[:2] / name)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
