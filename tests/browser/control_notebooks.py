"""The control notebook written at test time: it proves the checker itself, both ways.

Its first half must pass: a figure, and a slider, a dropdown and a button marked with the lesson
convention, each driving its output. Its second half must fail, each defect reported: a widget
whose front end does not exist, a figure without data, a main widget whose callback raises, and a
cell that raises (so the cell after it never runs). One notebook, so the control costs one kernel.
The name follows nbval's `test-<feature>-<pass|fail>-<reason>.ipynb`.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

PASS_CELLS = [
    "import ipywidgets as widgets\nimport plotly.graph_objects as go\nimport plotly.io as pio\n"
    "pio.renderers.default = 'plotly_mimetype'",
    "go.Figure(go.Bar(x=['a', 'b', 'c'], y=[3, 1, 2])).show()",
    # slider -> HTML
    "slider = widgets.IntSlider(value=3, min=0, max=10, description='Days')\n"
    "verdict = widgets.HTML(value='<b>3 days</b>')\n"
    "slider.observe(lambda change: setattr(verdict, 'value', f\"<b>{change['new']} days</b>\"), names='value')\n"
    "slider.add_class('casekit-main-control'); verdict.add_class('casekit-main-output')\n"
    "widgets.VBox([slider, verdict]).add_class('casekit-main')",
    # dropdown -> Output holding a plotly figure
    "choice = widgets.Dropdown(options=['bar', 'line'], value='bar')\nshown = widgets.Output()\n"
    "def draw(kind):\n    shown.clear_output(wait=True)\n    with shown:\n"
    "        trace = go.Bar(y=[1, 3, 2]) if kind == 'bar' else go.Scatter(y=[2, 1, 3])\n"
    "        go.Figure(trace).show()\n"
    "choice.observe(lambda change: draw(change['new']), names='value'); draw(choice.value)\n"
    "choice.add_class('casekit-main-control'); shown.add_class('casekit-main-output')\n"
    "widgets.VBox([choice, shown]).add_class('casekit-main')",
    # button -> HTML
    "button = widgets.Button(description='Compare with the court')\nanswer = widgets.HTML('Not yet compared.')\n"
    "button.on_click(lambda _: setattr(answer, 'value', 'The court found no likelihood of success.'))\n"
    "button.add_class('casekit-main-control'); answer.add_class('casekit-main-output')\n"
    "widgets.VBox([button, answer]).add_class('casekit-main')",
]

FAIL_CELLS = [
    "from traitlets import Unicode",
    # a widget whose front-end module does not exist: "Error displaying widget"
    "class Broken(widgets.DOMWidget):\n    _view_module = Unicode('casekit-no-such-frontend').tag(sync=True)\n"
    "    _view_module_version = Unicode('1.0.0').tag(sync=True)\n"
    "    _view_name = Unicode('NoSuchView').tag(sync=True)\n\nBroken()",
    # a figure without data
    "go.Figure().show()",
    # a main widget whose callback raises, so its output never changes
    "stuck = widgets.IntSlider(value=1, max=5)\nstuck_text = widgets.HTML('unchanged')\n"
    "def update(change):\n    raise RuntimeError('callback bug')\n"
    "stuck.observe(update, names='value')\n"
    "stuck.add_class('casekit-main-control'); stuck_text.add_class('casekit-main-output')\n"
    "widgets.VBox([stuck, stuck_text]).add_class('casekit-main')",
    # a cell that raises: Run All stops here
    "raise ValueError('a lesson cell that fails')",
    "print('never runs')",
]

CONTROL = "test-widgets-fail-missing-frontend-empty-figure-raising-callback.ipynb"
# The defects the checker must report, one per failing cell.
EXPECTED_PROBLEMS = (
    "widget did not render in the front end",
    "plotly figure rendered without data",
    "did not change",
    "raised ValueError: a lesson cell that fails",
    "never ran",
)
# The working main widgets it must drive: slider, dropdown, button.
EXPECTED_INTERACTIONS = ("moved the slider", "chose option", "pressed the button")


def control_notebook() -> nbformat.NotebookNode:
    """Return the control notebook: working cells first, then one defect per cell."""
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC})
    nb.cells = [new_markdown_cell("# Control notebook of the browser checker\n\n"
                                  "Working widgets first, then one defect per cell.")]
    nb.cells += [new_code_cell(source) for source in PASS_CELLS + FAIL_CELLS]
    return nb


def write_control(folder: Path) -> Path:
    """Write the control notebook into FOLDER and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CONTROL
    nbformat.write(control_notebook(), path)
    return path
