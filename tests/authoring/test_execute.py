"""`casekit execute` / `casekit site` run notebooks quietly: the kernel's transport warning is dropped, nothing else."""

from __future__ import annotations

import io
import time

import nbformat

from casekit.authoring.execute import TRANSPORT_WARNING, _forward_stderr, run_notebook


def test_only_the_transport_warning_is_dropped_from_the_kernels_stderr():
    kernel_stderr = io.BytesIO(
        b"[IPKernelApp] WARNING | " + TRANSPORT_WARNING + b". All communication ...\na real problem\n"
    )
    ours = io.BytesIO()
    _forward_stderr(kernel_stderr, ours)
    assert ours.getvalue() == b"a real problem\n"


def test_a_run_prints_no_transport_warning_but_keeps_the_kernels_own_stderr(tmp_path, capfd):
    path = tmp_path / "quiet.ipynb"
    cell = nbformat.v4.new_code_cell("import os; os.write(2, b'kernel says hello\\n'); print(6 * 7)")
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    nb = run_notebook(path, timeout=60)
    assert nb.cells[0].outputs[0]["text"] == "42\n"
    err, deadline = "", time.monotonic() + 5  # the forwarding thread may still be copying
    while "kernel says hello" not in err and time.monotonic() < deadline:
        time.sleep(0.05)
        err += capfd.readouterr().err
    assert "without encryption" not in err and "kernel says hello" in err
