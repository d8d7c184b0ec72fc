"""Execute notebooks in place in a fresh kernel, so the outputs nbval compares come from real runs."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from casekit.exercise import NotebookReadError, read_notebook


def execute_notebook(path: Path, timeout: int = 300) -> float:
    """Run PATH top to bottom in a fresh kernel (cwd: its folder), save it, return seconds taken."""
    path = Path(path)
    nb = read_notebook(path)
    start = time.perf_counter()
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
        record_timing=False, store_widget_state=True,
    )
    client.execute()
    nb.metadata.pop("widgets", None)
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return time.perf_counter() - start


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit execute`."""
    parser.add_argument("notebooks", nargs="+", type=Path, help="notebooks to run and save in place")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell")


def run(args: argparse.Namespace) -> int:
    """Execute each notebook; report failures in one line each; exit 1 if any failed."""
    failed = 0
    for path in args.notebooks:
        try:
            print(f"ran {path} in {execute_notebook(path, args.timeout):.1f} s")
        except NotebookReadError as exc:
            failed += 1
            print(f"bad {exc}")
        except CellExecutionError as exc:
            failed += 1
            last = [line for line in str(exc).splitlines() if line.strip()][-1:]
            print(f"bad {path}: a cell raised an error: {' '.join(last)}")
    return 1 if failed else 0
