"""The control notebook written at test time: it proves the checker itself, both ways.

Its first half must pass: a figure, and a slider, a dropdown and a button marked with the lesson
convention, each driving its output. Its second half must fail, each defect reported: a widget
whose front end does not exist, a figure without data, a main widget whose callback raises, the six
layout defects a learner cannot read (a row id broken over lines in a too-narrow column, printed
words split mid-word, a button label cut off, numpy's `np.float64(...)` repr, text under 12px, a
figure's labels drawn over each other), and
a cell that raises (so the cell after it never runs). One notebook, so the control costs one kernel.
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
    # (its width 'auto', as the kit's buttons: ipywidgets' default 148px cuts the label to 'Compare with the co...')
    "button = widgets.Button(description='Compare with the court', layout=widgets.Layout(width='auto'))\n"
    "answer = widgets.HTML('Not yet compared.')\n"
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
    # what a learner cannot read (issue 22), each in its own cell:
    # (a) a row id in a column narrower than it: `overflow-wrap:anywhere` under `table-layout:auto`
    "from IPython.display import HTML\n"
    "HTML(\"<table style='width:320px;table-layout:auto;border-collapse:collapse'><tr>\"\n"
    "     \"<th scope='row' style='overflow-wrap:anywhere'>csa_7_2_b_ii</th>\"\n"
    '     "<td>" + \'Termination for convenience on thirty days notice. \' * 12 + "</td></tr></table>")',
    # (b) a button whose label is cut ('Show the refer...')
    "widgets.Button(description='Show the reference labels and the reasons', icon='eye')",
    # (a') printed text split mid-word, as JupyterLab's `.jp-OutputArea-output pre { word-break: break-all }` did
    # (inline, since the kit's style sheet, once a lesson has loaded it, stays in the page and would fix a print())
    "HTML(\"<pre style='white-space:pre-wrap;word-break:break-all'>\" + 'AWS may terminate immediately upon notice. ' * 60\n"
    "     + '</pre>')",
    # (c) numpy's repr where a number belongs
    "import numpy as np\n(np.float64(1557.0), 1557.0)",
    # (d) text smaller than 12px
    "HTML(\"<p>Shares by analyst <small style='font-size:10px'>Sources: synergy_2021 (reported)</small></p>\")",
    # (e) a figure whose texts collide: two date labels on one spot, as lesson 02's "Jan 9"/"Jan 10" did
    "go.Figure(go.Scatter(x=[1, 2], y=[1, 2]), layout=dict(annotations=[\n"
    "    dict(x=1, y=1, text='Jan 9', showarrow=False), dict(x=1, y=1, text='Jan 10', showarrow=False)])).show()",
    # a cell that raises: Run All stops here
    "raise ValueError('a lesson cell that fails')",
    "print('never runs')",
]

CONTROL = "test-widgets-fail-missing-frontend-empty-figure-raising-callback-unreadable-layout.ipynb"
# The defects the checker must report, one per failing cell.
EXPECTED_PROBLEMS = (
    "widget did not render in the front end",
    "plotly figure rendered without data",
    "did not change",
    "layout: a table column is narrower than a token in it",
    "layout: a word of printed text is broken over two lines",
    "layout: a control's or badge's text is cut off",
    "layout: shows a numpy repr instead of a number",
    "layout: text smaller than 12px",
    "layout: a figure's texts overlap or are cut off",
    "raised ValueError: a lesson cell that fails",
    "never ran",
)
# The working main widgets it must drive: slider, dropdown, button.
EXPECTED_INTERACTIONS = ("moved the slider", "chose option", "pressed the button")


def control_notebook() -> nbformat.NotebookNode:
    """Return the control notebook: working cells first, then one defect per cell."""
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC})
    nb.cells = [
        new_markdown_cell(
            "# Control notebook of the browser checker\n\nWorking widgets first, then one defect per cell."
        )
    ]
    nb.cells += [new_code_cell(source) for source in PASS_CELLS + FAIL_CELLS]
    return nb


def write_control(folder: Path) -> Path:
    """Write the control notebook into FOLDER and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CONTROL
    nbformat.write(control_notebook(), path)
    return path


# --- the accessibility gate's control --------------------------------------------------------------
# Its first half must pass the gate: the kit's own controls (a labelled slider that announces words,
# a labelled menu) and a table from casekit.ui.tables. Its second half must fail it, each defect in its
# own cell and each found by the rule named: the defects issue 16 found in the kit, as they were.
A11Y_PASS_CELLS = [
    "from IPython.display import HTML, display\nimport ipywidgets as widgets\nimport pandas as pd\n"
    "from casekit.ui import tables\nfrom casekit.ui.controls import RatingSlider, Select",
    "RatingSlider(label='Likely success on the merits', value=0, steps=[\n"
    "    {'value': -1, 'text': 'AWS (-1)', 'words': 'favours AWS'},\n"
    "    {'value': 0, 'text': 'balanced (0)', 'words': 'favours neither'},\n"
    "    {'value': 1, 'text': 'Parler (+1)', 'words': 'favours Parler'}])",
    "Select(label='Actor', options=['All actors', 'AWS', 'Parler'], value='All actors')",
    "frame = pd.DataFrame({'term': ['TRO'], 'definition': ['A temporary restraining order. ' * 20],\n"
    "                      'source_ids': ['s01'], 'confidence': ['primary']})\n"
    "HTML(tables.prose_table(frame, list(frame.columns), 'A glossary row', row_header='term'))",
]
A11Y_FAIL_CELLS = [
    # an ipywidgets SelectionSlider without a description: its handle has no accessible name
    "widgets.SelectionSlider(options=['strongly AWS', 'balanced', 'strongly Parler'], value='balanced')",
    # grey text on white at 2.8:1
    "HTML(\"<p style='color:#999999;background:#ffffff'>An uncertain date, in pale grey</p>\")",
    # a wide table that scrolls sideways but that the keyboard cannot reach
    "HTML(\"<div style='overflow-x:auto;max-width:300px'><table><tr><th scope='col'>Clause</th>\"\n"
    "     \"<th scope='col'>Text</th></tr><tr><td>7.2</td><td style='white-space:nowrap'>\" + 'wide text ' * 40 +\n"
    '     "</td></tr></table></div>")',
    # a menu without a label: ipywidgets' Dropdown with no description
    "widgets.Dropdown(options=['AWS', 'Parler'], value='AWS')",
    # (issue 29) a link in running text told apart by colour alone (1.3:1 against its text, no underline)
    "HTML(\"<p style='color:#1f2937'>Read the <a href='#order' style='color:#3b4a63;text-decoration:none'>\"\n"
    '     "order</a> before the briefs.</p>")',
    # two tables' regions of one generated name
    "HTML(\"<div role='region' aria-label='Table of 2 rows and 4 columns'><p>first</p></div>\"\n"
    "     \"<div role='region' aria-label='Table of 2 rows and 4 columns'><p>second</p></div>\")",
    # two controls of one widget of one name (as lesson 03's 42 menus named 'Label')
    "widgets.HBox([widgets.Button(description='Label'), widgets.Button(description='Label')])",
]
CONTROL_A11Y = "test-a11y-fail-unnamed-slider-low-contrast-unreachable-scroll-unlabelled-menu.ipynb"
# (rule, cell of the fail half) the gate must report as critical or serious; nothing else may fail.
EXPECTED_A11Y = (
    ("aria-input-field-name", 0),
    ("color-contrast", 1),
    ("scrollable-region-focusable", 2),
    ("select-name", 3),
    ("link-in-text-block", 4),
    ("landmark-unique", 5),
    ("casekit-duplicate-name", 6),
)


def control_a11y_notebook() -> nbformat.NotebookNode:
    """Return the accessibility control: outputs that pass the gate, then one defect per cell."""
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC})
    nb.cells = [
        new_markdown_cell(
            "# Control notebook of the accessibility gate\n\nAccessible outputs first, then one defect per cell."
        )
    ]
    nb.cells += [new_code_cell(source) for source in A11Y_PASS_CELLS + A11Y_FAIL_CELLS]
    return nb


def first_fail_cell() -> int:
    """The 1-based cell number (as the gate reports it) of the first defect."""
    return 1 + 1 + len(A11Y_PASS_CELLS)


def write_control_a11y(folder: Path) -> Path:
    """Write the accessibility control notebook into FOLDER and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CONTROL_A11Y
    nbformat.write(control_a11y_notebook(), path)
    return path


# --- the keyboard notebook: the lessons' own widget cells, and the ipywidgets controls they still use ---
# test_keyboard.py presses the keys the lessons tell learners to press, in both clients. Running two whole
# lessons for that would cost two lesson runs per client, so the notebook takes, from the lessons
# themselves, only their set-up cell and the cells that build the widgets under test (the same source,
# so a lesson that changes how it builds a widget changes this notebook too).
# Lessons 01, 02 and 04 also tell learners to press Space or Enter on a toggle or a button, Space on a
# check box and to type into text boxes: the last cell holds those controls, in a box of its own.
CONTROL_KEYS = "test-keyboard-pass-lesson-widgets-toggle-checkbox-text-button.ipynb"
LESSON_WIDGET_CELLS = {  # lesson -> the start of each cell taken from it, after its first code cell (set-up)
    "00-the-case.ipynb": ("timeline = data.load(", "case.widgets.timeline_explorer("),
    "01-emergency-relief.ipynb": ("relief.widgets.WeighingWidget(",),
}
KEYS_BOX = "casekit-keys-control"
# After them, for the arrow-key test: a text area, a <summary> in an HTML output (lesson 03's policy), and the
# kit's slider and menu with nothing redrawn when they change (the lessons' redraws would move the notebook).
KEYS_CELLS = [
    "import ipywidgets as ipw\n"
    "toggle = ipw.ToggleButton(description='Compare with the court')\n"
    "disputed = ipw.Checkbox(description='Disputed', indent=False)\n"
    "name = ipw.Text(description='Your name')\n"
    "save = ipw.Button(description='Save')\n"
    "pressed = ipw.Label('pressed 0 times')\n"
    "save.on_click(lambda _: setattr(pressed, 'value', f\"pressed {int(pressed.value.split()[1]) + 1} times\"))\n"
    "why = ipw.Textarea(description='Why?')\n"
    "policy = ipw.HTML('<details><summary>The policy</summary><p>Remove threats; allow opinion.</p></details>')\n"
    "from casekit.ui.controls import RatingSlider, Select\n"
    "days = RatingSlider(label='Days of notice', value=1, steps=[{'value': v, 'text': f'{v} days', 'words': ''}\n"
    "                                                            for v in (0, 1, 2)])\n"
    "label = Select(label='Label for post p01', options=['(not chosen)', 'allow', 'remove'], value='allow')\n"
    f"ipw.VBox([toggle, disputed, name, save, pressed, why, policy, days, label]).add_class('{KEYS_BOX}')",
]


def lesson_widget_cells(lessons: Path) -> list[str]:
    """The cells of the keyboard notebook taken from the lessons in LESSONS (see LESSON_WIDGET_CELLS)."""
    cells = []
    for name, starts in LESSON_WIDGET_CELLS.items():
        code = [c.source for c in nbformat.read(lessons / name, as_version=4).cells if c.cell_type == "code"]
        cells.append(code[0])
        for start in starts:
            found = [source for source in code if source.startswith(start)]
            if len(found) != 1:
                raise LookupError(f"{name}: expected one code cell starting {start!r}, found {len(found)}")
            cells.append(found[0])
    return cells


def write_control_keys(folder: Path, lessons: Path) -> Path:
    """Write the keyboard notebook (widget cells from the lessons in LESSONS) into FOLDER; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC})
    nb.cells = [new_code_cell(source) for source in lesson_widget_cells(lessons) + KEYS_CELLS]
    path = folder / CONTROL_KEYS
    nbformat.write(nb, path)
    return path


# --- the judging notebook: the four widgets that hide the court's finding until the learner saves -------------
# test_reveal.py checks, for each, that the finding is not in the page before the save and is shown after it.
# One notebook, one kernel: the widgets as the lessons build them, saving into a temporary folder.
CONTROL_REVEAL = "test-reveal-pass-court-hidden-until-judgement-and-reason-saved.ipynb"
REVEAL_CELLS = [
    "import tempfile\nfrom casekit.topics import antitrust, case, contract, relief\n"
    "folder = tempfile.mkdtemp(prefix='casekit-reveal-')",
    "case.widgets.ClaimChecker()",
    "relief.widgets.WeighingWidget(folder=folder)",
    "contract.widgets.ReadingWidget(folder=folder)",
    "antitrust.widgets.EvidenceWidget(folder=folder)",
]


def write_control_reveal(folder: Path) -> Path:
    """Write the judging notebook (REVEAL_CELLS) into FOLDER and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC})
    nb.cells = [new_code_cell(source) for source in REVEAL_CELLS]
    path = folder / CONTROL_REVEAL
    nbformat.write(nb, path)
    return path


# --- the site's layout control: a page of the static site that fails each layout check once -------------------
# test_site.py runs notebook_page.LAYOUT_JS on every site page (its code cells' outputs, its rendered markdown and
# its navigation bars). This page, rendered by the site's own template (casekit.site.render_page), proves that it
# does: the same defects as the control notebook's layout cells, one per cell, after parts that must pass (a table
# of ids, a figure, printed text, a labelled button, prose). A static page runs no kernel, so each output is the
# one its object gives in this process: plotly's JSON of the figure, numpy's repr of the tuple, the HTML.
SITE_CONTROL = "test-site-fail-unreadable-layout.html"
SITE_PASS_HTML = [
    "<table><tr><th scope='row'>csa_7_2_b_ii</th><td>Termination for convenience on thirty days notice.</td></tr>"
    "</table>",
    "<pre>AWS may terminate immediately upon notice.</pre>",
    "<button type='button'>Compare with the court</button>",
]
SITE_FAIL_HTML = {  # the check's words (notebook_page.LAYOUT_WORDS) -> the output that fails it
    "tokens": "<table style='width:320px;table-layout:auto;border-collapse:collapse'><tr>"
    "<th scope='row' style='overflow-wrap:anywhere'>csa_7_2_b_ii</th>"
    "<td>" + "Termination for convenience on thirty days notice. " * 12 + "</td></tr></table>",
    "words": "<pre style='white-space:pre-wrap;word-break:break-all'>"
    + "AWS may terminate immediately upon notice. " * 60
    + "</pre>",
    "cut": "<button type='button' style='width:90px;overflow:hidden;white-space:nowrap'>"
    "Show the reference labels and the reasons</button>",
}
# in a markdown cell: text under 12px, so the checks are seen to read the prose as well as the outputs
SITE_FAIL_MARKDOWN = "Shares by analyst <small style='font-size:10px'>Sources: synergy_2021 (reported)</small>"
SITE_EXPECTED = ("tokens", "words", "cut", "reprs", "small", "figures")


def site_control_notebook() -> nbformat.NotebookNode:
    """The site's layout control as a notebook whose outputs are in place (see SITE_CONTROL)."""
    import json

    import numpy as np
    import plotly.graph_objects as go
    from nbformat.v4 import new_output

    def shown(data: dict, what: str):
        cell = new_code_cell(f"# the control page: {what}")
        cell.outputs = [new_output("display_data", data=data)]
        return cell

    def figure(**layout) -> dict:
        return json.loads(go.Figure(go.Scatter(x=[1, 2], y=[1, 2]), layout=layout).to_json())

    nb = new_notebook(metadata={"kernelspec": KERNELSPEC})
    nb.cells = [
        new_markdown_cell("# Control page of the site's layout checks\n\nPassing parts first, then one defect each.")
    ]
    nb.cells += [shown({"text/html": html}, "passes") for html in SITE_PASS_HTML]
    nb.cells.append(shown({"application/vnd.plotly.v1+json": figure()}, "passes"))
    nb.cells += [shown({"text/html": SITE_FAIL_HTML[kind]}, f"fails {kind}") for kind in ("tokens", "words", "cut")]
    nb.cells.append(shown({"text/plain": repr((np.float64(1557.0), 1557.0))}, "fails reprs"))
    nb.cells.append(new_markdown_cell(SITE_FAIL_MARKDOWN))
    collide = [dict(x=1, y=1, text="Jan 9", showarrow=False), dict(x=1, y=1, text="Jan 10", showarrow=False)]
    nb.cells.append(shown({"application/vnd.plotly.v1+json": figure(annotations=collide)}, "fails figures"))
    return nb
