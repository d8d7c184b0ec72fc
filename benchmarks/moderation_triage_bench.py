"""How fast lesson 03's triage, growing-wait and base-rate functions answer (goal: well under 0.1 ms a call).

Run: `.venv/bin/python benchmarks/moderation_triage_bench.py [N]`. Times N calls of each of
casekit.moderation.triage_waits, waits_by_day (30 days), wrongful_per_true_catch and review_outcomes over
a grid of inputs, in this process, with reasoning_bench's timer. Prints figures only.
"""

from __future__ import annotations

import sys

from casekit.topics.moderation import reasoning as moderation
from reasoning_bench import GOAL_US, bench

if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    triage = [
        (b, a, c, s, r)
        for b in (0, 26_000)
        for a in (1_000, 2_400)
        for c in (2_000, 5_000)
        for s in (0.0, 0.02, 0.1)
        for r in (0, 200, 800)
    ]
    waits = [(b, a, c, 30) for b in (0, 26_000) for a in (1_000, 2_400, 4_000) for c in (500, 2_000, 5_000)]
    rates = [(r, f, p) for r in (0.0, 0.2, 0.6) for f in (0.0, 0.1, 0.5) for p in (0.001, 0.01, 0.05)]
    noise = [(c, s) for c in (0, 2_000, 5_000) for s in (0.0, 0.5, 0.9)]
    worst = max(
        bench("triage_waits", moderation.triage_waits, triage, n),
        bench("waits_by_day (30 days)", moderation.waits_by_day, waits, n),
        bench("wrongful_per_true_catch", moderation.wrongful_per_true_catch, rates, n),
        bench("review_outcomes", moderation.review_outcomes, noise, n),
    )
    print(f"slowest: {worst:.2f} µs per call ({'meets' if worst < GOAL_US else 'MISSES'} the goal)")
    sys.exit(0 if worst < GOAL_US else 1)
