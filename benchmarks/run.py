"""`make bench`: run every benchmark in this folder in turn and print its figures.

Speed goals live here, not in timed tests: the weighing widget's response to one slider change
(< 50 ms, issue 3), the grader's seconds per submission next to the nbclient floor (issue 4), and
stalls of plain nbclient on the lessons (issue 23: must be 0; the slowest, about 8 minutes).
Run-to-run spread on a 2-core machine is 10-15%; compare medians taken in one run.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    ["weighing_bench.py", "50"],
    ["grade_bench.py", "40"],
    ["grade_dask_bench.py", "40"],
    ["antitrust_bench.py", "60"],
    ["moderation_bench.py", "50"],
    ["contract_bench.py", "50"],
    ["reasoning_bench.py", "100000"],
    ["moderation_triage_bench.py", "20000"],
    ["startup_bench.py", "7"],
    ["stall_bench.py", "--runs", "20"],
]

if __name__ == "__main__":
    failed = 0
    for script, *args in BENCHMARKS:
        print(f"\n== {script} {' '.join(args)}", flush=True)
        failed += subprocess.call([sys.executable, str(HERE / script), *args]) != 0
    sys.exit(1 if failed else 0)
