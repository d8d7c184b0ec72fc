"""How fast lesson 04's three widgets respond to one change (goal: 50 ms per change).

Run: `.venv/bin/python benchmarks/antitrust_bench.py [N] [--in-process]`.

By default the timing runs inside a fresh IPython kernel (python3), as in JupyterLab, so figures go
out as display messages and widget state over comms. `--in-process` runs it in this Python process,
with printed output discarded. Each widget is built once, outside the timing; then N changes are
made the way the browser makes them (setting a control's value, which runs the widget's observer):
for the evidence widget a judgement or a "disputed" mark, for the market widget the analyst, the
fringe treatment or the uncertain-shares box, for the SSNIP widget the predicted loss, the margin or
the price rise. Also times the pure functions alone (antitrust.market; antitrust.ssnip with
describe_ssnip). Prints median and p95 per change; the browser's own rendering is not measured.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
import time
from pathlib import Path

import kernel_timing
from kernel_timing import goal_line, percentile, summary, timed, timed_changes


def evidence_changes(widget, n: int):
    """Yield N real changes to the evidence widget: judgements cycling through the options, and disputed marks."""
    from casekit.topics.antitrust.widgets import JUDGEMENT_OPTIONS

    items = itertools.cycle(widget.items)
    for step in range(n):
        item = next(items)
        if step % 3 == 2:
            box = widget.disputed[item]
            yield box, not box.value
        else:
            chooser = widget.choices[item]
            options = [o for o in JUDGEMENT_OPTIONS if o != chooser.value]
            yield chooser, options[step % len(options)]


def market_changes(widget, n: int):
    """Yield N real changes to the market widget: analyst, fringe treatment and the uncertain-shares box in turn."""
    for step in range(n):
        control = (widget.analyst, widget.fringe, widget.uncertain)[step % 3]
        if control is widget.uncertain:
            yield control, not control.value
        else:
            options = [o for o in control.options if o != control.value]
            yield control, options[step % len(options)]


def ssnip_changes(widget, n: int):
    """Yield N real changes to the SSNIP widget: the predicted loss, the margin and the price rise in turn."""
    for step in range(n):
        control = (widget.loss, widget.margin, widget.rise)[step % 3]
        top = max(s["value"] for s in control.steps)
        yield control, (control.value + 1) % (top + 1)


def report(n: int) -> list[str]:
    """Build both widgets, time N changes of each, and return the report lines."""
    start = time.perf_counter()
    from casekit import data
    from casekit.topics.antitrust import reasoning as antitrust
    from casekit.topics.antitrust import widgets
    from casekit.ui import theme

    theme.use_offline_renderer()
    lines = [f"imports (pandas, plotly, ipywidgets, casekit): {(time.perf_counter() - start) * 1000:.0f} ms"]
    start = time.perf_counter()
    evidence = widgets.EvidenceWidget(folder=Path(tempfile.mkdtemp(prefix="casekit-bench-")))
    lines.append(f"first EvidenceWidget(): {(time.perf_counter() - start) * 1000:.0f} ms")
    start = time.perf_counter()
    market = widgets.MarketWidget()
    lines.append(f"first MarketWidget() (first figure): {(time.perf_counter() - start) * 1000:.0f} ms")
    start = time.perf_counter()
    ssnip = widgets.SsnipWidget()
    lines.append(f"first SsnipWidget(): {(time.perf_counter() - start) * 1000:.0f} ms")
    results = {
        "change -> EvidenceWidget.update": timed_changes(evidence_changes(evidence, n)),
        "change -> MarketWidget.update": timed_changes(market_changes(market, n)),
        "change -> SsnipWidget.update": timed_changes(ssnip_changes(ssnip, n)),
    }
    table = data.load("cloud_market_share")
    choices = itertools.islice(itertools.cycle(itertools.product(antitrust.analysts(table), antitrust.FRINGE)), n)
    pure = timed(lambda a=analyst, f=fringe: antitrust.market(table, a, f) for analyst, fringe in choices)
    numbers = itertools.islice(itertools.cycle(itertools.product((0.05, 0.10), (0.2, 0.4, 0.6), (0.05, 0.15))), n)
    tests = timed(
        lambda x=x, m=m, loss=loss: antitrust.describe_ssnip(antitrust.ssnip(x, m, loss)) for x, m, loss in numbers
    )
    for name, samples in results.items():
        lines.append(summary(name, samples))
    lines.append(summary("antitrust.market alone", pure))
    lines.append(summary("antitrust.ssnip + describe_ssnip alone", tests))
    for name, samples in results.items():
        lines.append(goal_line(percentile(samples, 0.95), name.split("-> ")[1]))
    return lines


if __name__ == "__main__":
    sys.exit(kernel_timing.main(sys.argv[1:], report, 60))
