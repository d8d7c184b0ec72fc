"""How fast lesson 02's widgets respond to one change (goal: 50 ms): the notice calculator and reading the contract.

Run: `.venv/bin/python benchmarks/contract_bench.py [N] [--in-process]`.

By default the timing runs inside a real IPython kernel (python3), as in JupyterLab: figures go
out as display messages to the widgets' Output areas and widget state is sent over comms.
`--in-process` runs it in this Python process instead, with printed figure output discarded.
Each widget is built once, outside the timing; then N changes are made the way the browser makes
them (setting a control's value, which calls the widget's update through its observer), cycling
through the choices. The pure functions are timed alone for comparison. Prints figures only; the
browser's own rendering is not measured.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
import time
from pathlib import Path

import kernel_timing
from kernel_timing import goal_line, percentile, summary, timed, timed_changes


def bench_calculator(n: int) -> list[float]:
    """Return the milliseconds each of N control changes of the notice calculator took."""
    from casekit.topics.contract import widgets

    calc = widgets.NoticeCalculator()
    choices = itertools.cycle(calc.choice.options)
    days = itertools.cycle(["2021-01-09", "2021-02-12", "2021-10-08", "2021-03-01"])
    zones = itertools.cycle(calc.zone.options)

    def changes():
        for i in range(n):
            control, values = [(calc.choice, choices), (calc.day, days), (calc.zone, zones)][i % 3]
            value = next(values)
            yield control, value if value != control.value else next(values)

    return timed_changes(changes())


def bench_reading(n: int) -> list[float]:
    """Return the milliseconds each of N reading choices in the reading widget took."""
    from casekit.topics.contract import widgets

    reading = widgets.ReadingWidget(folder=Path(tempfile.mkdtemp(prefix="casekit-bench-")))
    reading.compare_button.value = True  # the court's answers are rebuilt on every change too
    selects = list(reading.choices.values())
    options = selects[0].options

    def changes():
        for i in range(n):
            select = selects[i % len(selects)]
            yield select, options[(options.index(select.value) + 1) % len(options)]

    return timed_changes(changes())


def bench_pure(n: int) -> tuple[list[float], list[float]]:
    """Return the milliseconds of N calls of contract.notice_schedule and of contract.reasoning_chain alone."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from casekit.topics.contract import reasoning as contract

    notice = dt.datetime(2021, 1, 9, 12, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    grounds = itertools.cycle(contract.grounds())
    combos = itertools.cycle(itertools.product((None, "parler", "aws"), repeat=3))
    ids = (contract.Q_LABEL, contract.Q_END_USER, contract.Q_CURE)
    schedule = timed(lambda: contract.notice_schedule(next(grounds), notice) for _ in range(n))
    chain = timed(lambda: contract.reasoning_chain(dict(zip(ids, next(combos)))) for _ in range(n))
    return schedule, chain


def report(n: int) -> list[str]:
    """Run the benchmarks and return the report lines."""
    start = time.perf_counter()
    from casekit.topics.contract import widgets

    lines = [f"imports (pandas, plotly, ipywidgets, casekit): {(time.perf_counter() - start) * 1000:.0f} ms"]
    start = time.perf_counter()
    widgets.NoticeCalculator()
    lines.append(f"first NoticeCalculator() (datasets, first figure): {(time.perf_counter() - start) * 1000:.0f} ms")
    calc, reading = bench_calculator(n), bench_reading(n)
    schedule, chain = bench_pure(n)
    lines.append(summary("change -> NoticeCalculator.update", calc))
    lines.append(summary("change -> ReadingWidget.update", reading))
    lines.append(summary("contract.notice_schedule alone", schedule))
    lines.append(summary("contract.reasoning_chain alone", chain))
    for name, samples in (("NoticeCalculator", calc), ("ReadingWidget", reading)):
        lines.append(goal_line(percentile(samples, 0.95), name))
    return lines


if __name__ == "__main__":
    sys.exit(kernel_timing.main(sys.argv[1:], report, 50))
