"""Start-up cost of a lesson's set-up cell in a fresh interpreter, with and without casekit deferring
`rfc3987_syntax` (casekit/_deferred.py): plotly's renderers import nbformat, which imports jsonschema,
which imports rfc3987_syntax and compiles 38 lark grammars. Every lesson kernel, grader kernel and
`casekit` command paid that before the deferral.

Usage: python benchmarks/startup_bench.py [RUNS]   (default 7; prints medians of CPU seconds)
"""

from __future__ import annotations

import statistics
import subprocess
import sys

SETUP_CELL = (
    "from casekit import data\nfrom casekit.topics import case\nfrom casekit.ui import tables, theme\n"
    "theme.use_offline_renderer()\ntables.use_readable_frames()\ncase.widgets, case.figures\n"
)
CASES = {
    "deferred (as the kit runs)": SETUP_CELL,
    "not deferred (rfc3987_syntax imported first)": "import rfc3987_syntax\n" + SETUP_CELL,
}
MEASURE = (
    "import resource, sys\nexec(sys.argv[1])\nu = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print(u.ru_utime + u.ru_stime)"
)


def cpu_seconds(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", MEASURE, code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(runs: int) -> None:
    medians = {}
    for name, code in CASES.items():
        cpu_seconds(code)  # warm the file cache
        medians[name] = statistics.median(cpu_seconds(code) for _ in range(runs))
        print(f"{name:48s} {medians[name]:.2f} s CPU (median of {runs})")
    saved = medians[list(CASES)[1]] - medians[list(CASES)[0]]
    print(f"saved per kernel or command: {saved:.2f} s CPU")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
