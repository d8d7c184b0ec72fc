"""The timing harness every widget benchmark shares: time changes, summarise them, run in a real kernel.

A benchmark module defines `report(n) -> list[str]` and ends with
`sys.exit(kernel_timing.main(sys.argv[1:], report, default_n))`. By default `report(n)` then runs
inside a fresh python3 IPython kernel, as in JupyterLab: figures go out as display messages to the
widgets' Output areas and widget state is sent over comms. `--in-process` runs it in this Python
process instead, with printed figure output discarded.
"""

from __future__ import annotations

import contextlib
import functools
import io
import statistics
import time
from collections.abc import Callable, Iterable
from pathlib import Path

GOAL_MS = 50.0


def percentile(samples: list[float], fraction: float) -> float:
    """Return the nearest-rank percentile FRACTION (0..1) of SAMPLES."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(name: str, samples_ms: list[float]) -> str:
    """Return one line: count, median, p95 and max in milliseconds."""
    return (
        f"{name:<44} n={len(samples_ms):<4} median {statistics.median(samples_ms):8.3f} ms   "
        f"p95 {percentile(samples_ms, 0.95):8.3f} ms   max {max(samples_ms):8.3f} ms"
    )


def goal_line(p95_ms: float, what: str = "") -> str:
    """Return the verdict line: is the p95 of one change (of WHAT, if named) within GOAL_MS?"""
    where = f", {what}" if what else ""
    return (
        f"goal {GOAL_MS:.0f} ms per change{where}: p95 {p95_ms:.1f} ms is "
        f"{'within' if p95_ms <= GOAL_MS else 'OVER'} the goal"
    )


def timed(steps: Iterable[Callable[[], object]]) -> list[float]:
    """Call each of STEPS and return the milliseconds each call took."""
    samples = []
    for step in steps:
        start = time.perf_counter()
        step()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def timed_changes(changes: Iterable[tuple[object, object]]) -> list[float]:
    """Set each (control, value) of CHANGES as the browser does; return each one's milliseconds, observers included."""
    return timed(functools.partial(setattr, control, "value", value) for control, value in changes)


def in_kernel(report: Callable[[int], list[str]], n: int) -> list[str]:
    """Run `report(n)` inside a fresh python3 IPython kernel and return the lines it printed."""
    from jupyter_client.manager import start_new_kernel

    source = Path(report.__code__.co_filename)
    here, module = str(source.parent), source.stem
    code = (
        f"import sys; sys.path.insert(0, {here!r})\nimport {module}\nprint('\\n'.join({module}.{report.__name__}({n})))"
    )
    printed: list[str] = []

    def hook(message):
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])
        elif message["msg_type"] == "error":
            printed.append("\n".join(message["content"]["traceback"]))

    manager, client = start_new_kernel(kernel_name="python3", cwd=here)
    try:
        client.execute_interactive(code, output_hook=hook, timeout=600)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return "".join(printed).splitlines()


def main(argv: list[str], report: Callable[[int], list[str]], default_n: int = 50) -> int:
    """Run REPORT with N from ARGV (default DEFAULT_N), in a fresh kernel unless `--in-process`; print its lines."""
    n = next((int(a) for a in argv if a.isdigit()), default_n)
    if "--in-process" in argv:
        with contextlib.redirect_stdout(io.StringIO()):  # outside a kernel the figures are printed
            lines = report(n)
        print("where: this Python process (figure output discarded)")
    else:
        lines = in_kernel(report, n)
        print("where: a fresh python3 IPython kernel (as in JupyterLab)")
    print("\n".join(lines))
    return 0
