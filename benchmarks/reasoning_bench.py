"""How fast the queue, base-rate, SSNIP and sliding-scale trade-off functions answer (goal: well under 0.1 ms a
call, so widgets can redraw freely).

Run: `.venv/bin/python benchmarks/reasoning_bench.py [N]`. Times N calls of each of
casekit.moderation.fcfs_wait / precision_at_prevalence, casekit.antitrust.critical_loss /
ssnip_profitable and casekit.topics.relief.reasoning.hardship_needed / trade_off over a grid of inputs, in this
process. Prints figures only.
"""

from __future__ import annotations

import sys
import time

from casekit.topics.antitrust import reasoning as antitrust
from casekit.topics.moderation import reasoning as moderation
from casekit.topics.relief import reasoning as relief

GOAL_US = 100.0


def bench(name: str, func, args: list[tuple], n: int) -> float:
    start = time.perf_counter()
    for i in range(n):
        func(*args[i % len(args)])
    per_call = (time.perf_counter() - start) / n * 1e6
    print(f"{name}: {per_call:.2f} µs per call over {n} calls (goal < {GOAL_US:.0f} µs)")
    return per_call


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    queues = [(b, c) for b in (0, 1_500, 26_000, 90_000) for c in (500, 3_000, 12_000)]
    rates = [(r, f, p) for r in (0.2, 0.6, 0.9) for f in (0.01, 0.1, 0.3) for p in (0.001, 0.01, 0.05, 0.4)]
    showings = [(m, h, harm, p) for m in relief.SCALE for h in relief.SCALE for harm in (0, 1) for p in (0, 1)]
    ssnips = [(x, m, loss) for x in (0.05, 0.1) for m in (0.3, 0.5, 0.7) for loss in (0.05, 0.1, 0.2)]
    worst = max(
        bench("fcfs_wait", moderation.fcfs_wait, queues, n),
        bench("precision_at_prevalence", moderation.precision_at_prevalence, rates, n),
        bench("critical_loss", antitrust.critical_loss, [s[:2] for s in ssnips], n),
        bench("ssnip_profitable", antitrust.ssnip_profitable, ssnips, n),
        bench("hardship_needed", relief.hardship_needed, [(m,) for m in relief.SCALE], n),
        bench("trade_off", relief.trade_off, showings, n),
    )
    print(f"slowest: {worst:.2f} µs per call ({'meets' if worst < GOAL_US else 'MISSES'} the goal)")
    sys.exit(0 if worst < GOAL_US else 1)
