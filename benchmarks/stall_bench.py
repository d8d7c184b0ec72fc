"""Do standard Jupyter tools stall on the kit's notebooks? Plain nbclient, many times over (issue 23).

    .venv/bin/python benchmarks/stall_bench.py [--runs 20] [--timeout 60] [--notebooks lessons/*.ipynb]

Each notebook runs RUNS times, one fresh kernel at a time, through nbclient's own NotebookClient: the
engine of `jupyter nbconvert --execute`, papermill and nbgrader, with none of `casekit execute`'s
polling. A run is a stall when a cell hits the per-cell timeout. nbclient then polls the shell
socket once more and usually finds the execute_reply that was waiting all along, so the run still
"succeeds", exactly TIMEOUT seconds late: a cell that took TIMEOUT seconds or more counts as a
stall too. Without a timeout (nbconvert's default) the same run never ends. docs/notebook-stalls.md
says why it happened (4 stalls in 36 nbconvert runs) and what fixed it.

It also counts the trigger, which unlike a stall does not depend on luck: comm messages that nbclient
itself sent to the kernel on the shell channel while a cell ran (its stand-in for the ipywidgets Output
widget echoes every output displayed into one). The kit's notebooks should send none.

Prints one line per notebook (runs, stalls, echoes, median and slowest seconds) and the total; exits 1
on any stall or failed run. In `make bench`, not `make test`: 6 lessons x 20 runs take about 8 minutes.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ROOT = Path(__file__).resolve().parent.parent


def run_once(path: Path, timeout: int) -> tuple[float, list[str], int]:
    """Execute PATH once in a fresh kernel (cwd: its folder); return seconds taken, stalled cells and echoes."""
    nb = nbformat.read(path, as_version=4)
    started: dict[int, float] = {}
    stalled: list[str] = []
    echoes = 0

    def count_echoes(notebook):
        shell, send = client.kc.shell_channel, client.kc.shell_channel.send

        def counted(msg):
            nonlocal echoes
            echoes += msg["header"]["msg_type"] == "comm_msg"
            return send(msg)

        shell.send = counted

    def cell_started(cell, cell_index):
        started[cell_index] = time.monotonic()

    def cell_done(cell, cell_index, execute_reply):
        if time.monotonic() - started[cell_index] >= timeout:
            stalled.append(f"cell {cell_index}: reply found only at the {timeout} s timeout")

    kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel,
        on_notebook_start=count_echoes,
        on_cell_execute=cell_started,
        on_cell_executed=cell_done,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.monotonic()
    try:
        client.execute(stderr=subprocess.DEVNULL)  # the kernel's TCP warning would fill the screen
    except CellTimeoutError as exc:
        stalled.append(f"timed out: {str(exc).splitlines()[0]}")
    except (CellExecutionError, DeadKernelError) as exc:
        stalled.append(f"failed: {type(exc).__name__}: {str(exc).strip().splitlines()[-1]}")
    return time.monotonic() - start, stalled, echoes


def label(path: Path) -> str:
    """PATH relative to the kit (lessons/00-the-case.ipynb): lessons, solutions and exercises share names."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="executions of each notebook (default 20)")
    parser.add_argument("--timeout", type=int, default=60, help="seconds allowed per cell (default 60)")
    parser.add_argument(
        "--notebooks",
        nargs="+",
        type=Path,
        default=sorted((ROOT / "lessons").glob("*.ipynb")),
        help="notebooks to run (default lessons/*.ipynb)",
    )
    args = parser.parse_args()
    print(f"{'notebook':40s} {'runs':>5s} {'stalls':>7s} {'echoes':>7s} {'median s':>9s} {'max s':>7s}", flush=True)
    total_runs = total_stalls = total_echoes = 0
    for path in args.notebooks:
        seconds, stalls, echoes = [], 0, 0
        for i in range(args.runs):
            took, stalled, echoed = run_once(path, args.timeout)
            seconds.append(took)
            echoes += echoed
            if stalled:
                stalls += 1
                print(f"  stall: {label(path)} run {i + 1}: {'; '.join(stalled)}", flush=True)
        total_runs += args.runs
        total_stalls += stalls
        total_echoes += echoes
        print(
            f"{label(path):40s} {args.runs:5d} {stalls:7d} {echoes:7d} {statistics.median(seconds):9.1f} "
            f"{max(seconds):7.1f}",
            flush=True,
        )
    print(
        f"{'total':40s} {total_runs:5d} {total_stalls:7d} {total_echoes:7d}   "
        f"({total_stalls / max(total_runs, 1):.1%} of runs stalled)"
    )
    return 1 if total_stalls else 0


if __name__ == "__main__":
    sys.exit(main())
