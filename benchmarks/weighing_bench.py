"""How fast the weighing widget of lesson 01 responds to a slider change (goal: 50 ms).

Run: `.venv/bin/python benchmarks/weighing_bench.py [N] [--in-process]`.

By default the timing runs inside a real IPython kernel (python3), as in JupyterLab: the
figure goes out as a display message to the widget's Output area and widget state is sent over
comms. `--in-process` runs it in this Python process instead, with the figure's printed output
discarded. Either way the widget is built once, outside the timing; then N slider changes are
made the way the browser makes them (setting the slider's value, which calls
`WeighingWidget.update` through its observer), cycling through factors and values.
`relief.weigh` is timed alone for comparison. Prints figures only; the browser's own rendering
of the figure is not measured.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

GOAL_MS = 50.0


def percentile(samples: list[float], fraction: float) -> float:
    """Return the nearest-rank percentile FRACTION (0..1) of SAMPLES."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(name: str, samples_ms: list[float]) -> str:
    """Return one line: count, median, p95 and max in milliseconds."""
    return (f"{name:<40} n={len(samples_ms):<4} median {statistics.median(samples_ms):8.3f} ms   "
            f"p95 {percentile(samples_ms, 0.95):8.3f} ms   max {max(samples_ms):8.3f} ms")


def changes(n: int):
    """Yield N (factor, value) pairs cycling through the factors and the scale."""
    from casekit import relief

    values = itertools.cycle((1, -1, 2, -2, 0))
    factors = itertools.cycle(relief.FACTORS)
    for _ in range(n):
        yield next(factors), next(values)


def bench_widget(n: int) -> list[float]:
    """Return the milliseconds each of N slider changes took, observer update included."""
    from casekit import figures, widgets

    figures.use_offline_renderer()
    widget = widgets.WeighingWidget(folder=Path(tempfile.mkdtemp(prefix="casekit-bench-")))
    widget.compare_button.value = True  # the comparison table is rebuilt on every change too
    samples = []
    for factor, value in changes(n):
        slider = widget.sliders[factor]
        if slider.value == value:  # make every step a real change
            value = 0 if value else 1
        start = time.perf_counter()
        slider.value = value
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def bench_weigh(n: int) -> list[float]:
    """Return the milliseconds each of N calls of relief.weigh took."""
    from casekit import relief

    profile = dict.fromkeys(relief.FACTORS, 0)
    samples = []
    for factor, value in changes(n):
        profile[factor] = value
        start = time.perf_counter()
        relief.weigh(profile)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(n: int) -> list[str]:
    """Run both benchmarks and return the report lines."""
    start = time.perf_counter()
    from casekit import widgets

    lines = [f"imports (pandas, plotly, ipywidgets, casekit): {(time.perf_counter() - start) * 1000:.0f} ms"]
    start = time.perf_counter()
    widgets.WeighingWidget(folder=Path(tempfile.mkdtemp(prefix="casekit-bench-")))
    lines.append(f"first WeighingWidget() (4 datasets, first figure): {(time.perf_counter() - start) * 1000:.0f} ms")
    widget_ms, weigh_ms = bench_widget(n), bench_weigh(n)
    lines.append(summary("slider change -> WeighingWidget.update", widget_ms))
    lines.append(summary("relief.weigh alone", weigh_ms))
    p95 = percentile(widget_ms, 0.95)
    lines.append(f"goal {GOAL_MS:.0f} ms per change: p95 {p95:.1f} ms is {'within' if p95 <= GOAL_MS else 'OVER'} the goal")
    return lines


def in_kernel(n: int) -> list[str]:
    """Run `report(n)` inside a fresh python3 IPython kernel and return its lines."""
    from jupyter_client.manager import start_new_kernel

    here = Path(__file__).resolve().parent
    code = f"import sys; sys.path.insert(0, {str(here)!r})\nimport weighing_bench\nprint('\\n'.join(weighing_bench.report({n})))"
    printed: list[str] = []

    def hook(message):
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])
        elif message["msg_type"] == "error":
            printed.append("\n".join(message["content"]["traceback"]))

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(here))
    try:
        client.execute_interactive(code, output_hook=hook, timeout=600)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return "".join(printed).splitlines()


def main(argv: list[str]) -> int:
    n = next((int(a) for a in argv if a.isdigit()), 50)
    if "--in-process" in argv:
        with contextlib.redirect_stdout(io.StringIO()):  # outside a kernel the figure is printed
            lines = report(n)
        print("where: this Python process (figure output discarded)")
    else:
        lines = in_kernel(n)
        print("where: a fresh python3 IPython kernel (as in JupyterLab)")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
