"""How long `make test` takes, how much CPU it uses, and how fast this host is while it runs.

Usage: python benchmarks/test_time.py [COMMAND ...]   (default: make test; not part of `make bench`)

Prints, before and after the command, a probe: seconds for a fresh interpreter to run a lesson's set-up
cell, alone and two at once. A shared host can run 1.5-2x slower at times (a tight loop may not show
it; this work does), so compare test times only beside their probes.
On Linux it also prints the busy CPU-seconds of the whole machine while the command ran (every process:
browsers, kernels, servers), which is what bounds the wall time on 2 cores: busy CPU / 2. The command's
output goes to test-artifacts/test-time.log; its summary lines are printed.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT / "test-artifacts" / "test-time.log"
SETUP_CELL = (
    "from casekit import data\nfrom casekit.topics import case\nfrom casekit.ui import tables, theme\n"
    "theme.use_offline_renderer()\ntables.use_readable_frames()\ncase.widgets, case.figures\n"
)
SUMMARY = re.compile(r"passed|failed|error|make test:|browser suite:", re.IGNORECASE)


def setup_cell_seconds(_: int = 0) -> float:
    """Wall seconds for a fresh interpreter to run a lesson's set-up cell: the kind of work the suites do
    (imports, bytecode, memory), so it slows down with the host as they do (a tight loop does not)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", SETUP_CELL], check=True, capture_output=True)
    return time.perf_counter() - start


def probe() -> str:
    setup_cell_seconds()  # warm the file cache
    alone = statistics.median(setup_cell_seconds() for _ in range(3))
    with ThreadPoolExecutor(2) as pool:
        both = statistics.median(max(pool.map(setup_cell_seconds, range(2))) for _ in range(3))
    return (
        f"probe (a lesson's set-up cell in a fresh interpreter, median of 3): {alone:.2f} s alone, "
        f"{both:.2f} s with two at once"
    )


def busy_jiffies() -> int | None:
    """Busy CPU time of the whole machine so far, in clock ticks (Linux), or None."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return user + nice + system + irq + softirq + steal


def main(command: list[str]) -> int:
    print(probe(), flush=True)
    LOG.parent.mkdir(parents=True, exist_ok=True)
    before, start = busy_jiffies(), time.monotonic()
    with LOG.open("w", encoding="utf-8") as log:
        code = subprocess.call(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    wall, after = time.monotonic() - start, busy_jiffies()
    for line in LOG.read_text(encoding="utf-8", errors="replace").splitlines():
        if SUMMARY.search(line) and len(line) < 300 and not line.startswith(" "):
            print("  " + line)
    busy = f", {(after - before) / 100:.0f} busy CPU-seconds on the whole machine" if before is not None else ""
    print(f"{' '.join(command)}: exit {code} in {wall:.0f} s{busy} (log: {LOG.relative_to(ROOT)})")
    print(probe())
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["make", "test"]))
