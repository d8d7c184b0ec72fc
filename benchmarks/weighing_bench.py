"""How fast the weighing widget of lesson 01 responds to a slider change (goal: 50 ms).

Run: `.venv/bin/python benchmarks/weighing_bench.py [N] [--in-process]`.

By default the timing runs inside a real IPython kernel (python3), as in JupyterLab: the
figure goes out as a display message to the widget's Output area and widget state is sent over
comms. `--in-process` runs it in this Python process instead, with the figure's printed output
discarded. Either way the widget is built once, outside the timing; then N slider changes are
made the way the browser makes them (setting the slider's value, which calls
`WeighingWidget.update` through its observer), cycling through factors and values; then N
argument choices (setting a chooser's ticked ids, which rebuilds the reasoning table).
`relief.weigh` is timed alone for comparison. Prints figures only; the browser's own rendering
of the figure is not measured.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
import time
from pathlib import Path

import kernel_timing
from kernel_timing import goal_line, percentile, summary, timed, timed_changes


def changes(n: int):
    """Yield N (factor, value) pairs cycling through the factors and the scale."""
    from casekit.topics.relief import reasoning as relief

    values = itertools.cycle((1, -1, 2, -2, 0))
    factors = itertools.cycle(relief.FACTORS)
    for _ in range(n):
        yield next(factors), next(values)


def bench_widget(n: int) -> list[float]:
    """Return the milliseconds each of N slider changes took, observer update included."""
    from casekit.topics.relief import widgets
    from casekit.ui import theme

    theme.use_offline_renderer()
    widget = widgets.WeighingWidget(folder=Path(tempfile.mkdtemp(prefix="casekit-bench-")))
    widget.compare_button.value = True  # the comparison table is rebuilt on every change too

    def slider_changes():
        for factor, value in changes(n):
            slider = widget.sliders[factor]
            yield slider, value if slider.value != value else (0 if value else 1)  # every step a real change

    return timed_changes(slider_changes())


def bench_choices(n: int) -> list[float]:
    """Return the milliseconds each of N argument choices (tick or untick) took, IRAC table rebuilt included."""
    from casekit.topics.relief import widgets
    from casekit.ui import theme

    theme.use_offline_renderer()
    widget = widgets.WeighingWidget(folder=Path(tempfile.mkdtemp(prefix="casekit-bench-")))

    def ticks():
        for factor, _ in changes(n):
            chooser = widget.choosers[factor]
            first = chooser.options[0]["value"]
            yield chooser, [] if first in chooser.value else [first]

    return timed_changes(ticks())


def bench_weigh(n: int) -> list[float]:
    """Return the milliseconds each of N calls of relief.weigh took."""
    from casekit.topics.relief import reasoning as relief

    profiles = []
    profile = dict.fromkeys(relief.FACTORS, 0)
    for factor, value in changes(n):
        profile[factor] = value
        profiles.append(dict(profile))
    return timed(lambda p=p: relief.weigh(p) for p in profiles)


def report(n: int) -> list[str]:
    """Run both benchmarks and return the report lines."""
    start = time.perf_counter()
    from casekit.topics.relief import widgets

    lines = [f"imports (pandas, plotly, ipywidgets, casekit): {(time.perf_counter() - start) * 1000:.0f} ms"]
    start = time.perf_counter()
    widgets.WeighingWidget(folder=Path(tempfile.mkdtemp(prefix="casekit-bench-")))
    lines.append(f"first WeighingWidget() (4 datasets, first figure): {(time.perf_counter() - start) * 1000:.0f} ms")
    widget_ms, choice_ms, weigh_ms = bench_widget(n), bench_choices(n), bench_weigh(n)
    lines.append(summary("slider change -> WeighingWidget.update", widget_ms))
    lines.append(summary("argument ticked -> reasoning rebuilt", choice_ms))
    lines.append(summary("relief.weigh alone", weigh_ms))
    p95 = max(percentile(widget_ms, 0.95), percentile(choice_ms, 0.95))
    lines.append(goal_line(p95))
    return lines


if __name__ == "__main__":
    sys.exit(kernel_timing.main(sys.argv[1:], report, 50))
