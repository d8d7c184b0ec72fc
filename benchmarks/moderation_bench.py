"""How fast lesson 03's widgets respond to one change (goal: 50 ms per change).

Run: `.venv/bin/python benchmarks/moderation_bench.py [N] [--in-process]`.

By default the timing runs inside a real IPython kernel (python3), as in JupyterLab: figures go
out as display messages to the widgets' Output areas and widget state is sent over comms.
`--in-process` runs it in this Python process instead, with printed output discarded. Each
widget is built once, outside the timing; then N changes are made the way the browser makes them
(setting a control's value, which calls the widget's `update` through its observer):
- the queue widget: cycling through its five sliders;
- the labelling widget: setting a post's label (the first labels of a class, then relabelling);
- the filter widget: moving the threshold.
Prints figures only; the browser's own rendering is not measured.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
import time
from pathlib import Path

import kernel_timing
from kernel_timing import goal_line, percentile, summary, timed_changes


def bench_queue(n: int) -> list[float]:
    """Milliseconds for each of N slider changes of the queue widget."""
    from casekit.topics.moderation import widgets

    widget = widgets.QueueWidget()
    controls = itertools.cycle(widget.controls)

    def changes():
        for _ in range(n):
            control = next(controls)
            top = max(step["value"] for step in control.steps)
            yield control, (control.value + 1) % (top + 1)

    return timed_changes(changes())


def bench_labelling(n: int) -> list[float]:
    """Milliseconds for each of N label changes of the labelling widget."""
    from casekit.topics.moderation import reasoning as moderation
    from casekit.topics.moderation import widgets

    widget = widgets.LabellingWidget(folder=Path(tempfile.mkdtemp(prefix="casekit-bench-")))
    widget.reveal.value = True  # the per-post comparison table is rebuilt on every change too
    posts = itertools.cycle(widget.posts.index)
    labels = itertools.cycle(moderation.LABELS)

    def changes():
        for _ in range(n):
            select = widget.label[next(posts)]
            label = next(labels)
            yield select, label if select.value != label else next(labels)

    return timed_changes(changes())


def bench_filter(n: int) -> list[float]:
    """Milliseconds for each of N threshold changes of the filter widget."""
    from casekit.topics.moderation import widgets

    widget = widgets.FilterWidget()
    top = max(step["value"] for step in widget.threshold.steps)
    return timed_changes(
        (widget.threshold, (i % top) + 1 if (i % top) + 1 != widget.threshold.value else 0) for i in range(n)
    )


def report(n: int) -> list[str]:
    """Run the benchmarks and return the report lines."""
    from casekit.ui import theme

    theme.use_offline_renderer()
    lines = []
    start = time.perf_counter()
    from casekit.topics.moderation import reasoning as moderation

    moderation.kappa(["allow", "remove"], ["allow", "remove"])  # the first call imports scikit-learn
    lines.append(f"first agreement metric (imports scikit-learn): {(time.perf_counter() - start) * 1000:.0f} ms")
    results = {
        "queue slider -> QueueWidget.update": bench_queue(n),
        "label change -> LabellingWidget.update": bench_labelling(n),
        "threshold -> FilterWidget.update": bench_filter(n),
    }
    worst = 0.0
    for name, samples in results.items():
        lines.append(summary(name, samples))
        worst = max(worst, percentile(samples, 0.95))
    lines.append(goal_line(worst, "the worst widget"))
    return lines


if __name__ == "__main__":
    sys.exit(kernel_timing.main(sys.argv[1:], report, 50))
