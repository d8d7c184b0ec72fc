"""How long `make test` takes, how much CPU it uses, and how fast this host is while it runs.

Usage: python benchmarks/test_time.py [COMMAND ...]   (default: make test; not part of `make bench`)

Prints, before and after the command, a CPU probe: seconds for one fixed Python loop alone and for two
at once. A shared host can run 1.5-2x slower at times, so compare test times only beside their probes.
On Linux it also prints the busy CPU-seconds of the whole machine while the command ran (every process:
browsers, kernels, servers), which is what bounds the wall time on 2 cores: busy CPU / 2. The command's
output goes to test-artifacts/test-time.log; its summary lines are printed.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT / "test-artifacts" / "test-time.log"
SUMMARY = re.compile(r"passed|failed|error|make test:|browser suite:", re.IGNORECASE)


def loop(steps: int = 30_000_000) -> float:
    """Seconds for a fixed CPU-bound loop."""
    start = time.perf_counter()
    total = 0
    for step in range(steps):
        total += step
    return time.perf_counter() - start


def probe() -> str:
    alone = loop()
    with ProcessPoolExecutor(2) as pool:
        both = max(pool.map(loop, [30_000_000] * 2))
    return f"CPU probe: {alone:.2f} s alone, {both:.2f} s with two at once (equal on a free 2-core host)"


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
