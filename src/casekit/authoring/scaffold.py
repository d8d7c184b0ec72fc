"""`casekit new-lesson NN slug "Title"`: write a working skeleton for a new lesson, in every place a lesson lives.

    casekit new-lesson 06 platform-liability "Platform liability"

It writes the lesson, its solution (one checked question, one written question), a dataset with its card,
the topic package (reasoning, widgets, figures, checks), its tests and a benchmark stub, and updates the
README's lesson table. It edits no central list: topics, checks and answer forms are found, not listed.
Then run `make exercises outputs` and `make test`; CONTRIBUTING.md lists what is left (sources, session
plan, fact-check). It refuses to overwrite anything that exists.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import nbformat

from casekit.paths import ROOT

STEM = re.compile(r"^\d\d$")
SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class ScaffoldError(ValueError):
    """A new lesson that cannot be written; the message says why."""


def names(number: str, slug: str) -> dict[str, str]:
    """The names a lesson NUMBER-SLUG uses: its stem, topic package, dataset and question ids."""
    if not STEM.match(number):
        raise ScaffoldError(f"lesson number {number!r}: give two digits, e.g. 06")
    if not SLUG.match(slug):
        raise ScaffoldError(f"slug {slug!r}: lower-case words joined by hyphens, e.g. platform-liability")
    topic = slug.replace("-", "_")
    return {"nn": number, "stem": f"{number}-{slug}", "topic": topic, "dataset": f"{topic}_facts",
            "checked": f"{int(number)}a", "written": f"{int(number)}b"}  # fmt: skip


def planned_files(root: Path, n: dict[str, str]) -> dict[Path, str]:
    """Every file the skeleton writes (path -> text), before anything is written."""
    t = n["topic"]
    return {
        root / "src/casekit/topics" / t / "__init__.py": TOPIC_INIT,
        root / "src/casekit/topics" / t / "reasoning.py": REASONING,
        root / "src/casekit/topics" / t / "widgets.py": WIDGETS,
        root / "src/casekit/topics" / t / "figures.py": FIGURES,
        root / "src/casekit/topics" / t / "checks.py": CHECKS,
        root / "datasets" / f"{n['dataset']}.csv": DATASET,
        root / "datasets" / f"{n['dataset']}.md": CARD,
        root / "tests/topics" / f"test_{t}.py": TESTS,
        root / "tests/topics" / f"test_{t}_checks.py": CHECK_TESTS,
        root / "benchmarks" / f"{t}_bench.py": BENCH,
    }


def write_lesson(root: Path, number: str, slug: str, title: str) -> list[Path]:
    """Write the skeleton of lesson NUMBER-SLUG titled TITLE under ROOT; return the files written."""
    n = names(number, slug)
    if not title.strip():
        raise ScaffoldError('give the lesson a title, e.g. "Platform liability"')
    n["title"] = title.strip()
    files = planned_files(root, n)
    notebooks = {root / "lessons" / f"{n['stem']}.ipynb": lesson_notebook(n),
                 root / "solutions" / f"{n['stem']}.ipynb": solution_notebook(n)}  # fmt: skip
    taken = [p for p in [*files, *notebooks] if p.exists()]
    taken += [p for p in (root / "lessons").glob(f"{number}-*.ipynb")]
    if (root / "src/casekit/topics" / n["topic"]).exists():
        taken.append(root / "src/casekit/topics" / n["topic"])
    if taken:
        raise ScaffoldError("already there, nothing written: " + ", ".join(str(p.relative_to(root)) for p in taken))
    written = []
    for path, template in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**n), encoding="utf-8")
        written.append(path)
    for path, nb in notebooks.items():
        nbformat.write(nb, path)
        written.append(path)
    return written


def _md(text: str, **meta) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text, metadata={"casekit": meta} if meta else {})


def _code(text: str, tags: tuple[str, ...] = (), **meta) -> nbformat.NotebookNode:
    metadata = {"casekit": meta} if meta else {}
    if tags:
        metadata["tags"] = list(tags)
    return nbformat.v4.new_code_cell(text, metadata=metadata)


def _notebook(cells: list) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    return nb


def lesson_notebook(n: dict[str, str]) -> nbformat.NotebookNode:
    """The lesson: title; questions, objectives and minutes; set-up; narrative with widget and figure; the rest."""
    t = n["topic"]
    return _notebook([
        _md(f"# {n['nn']} · {n['title']}"),
        _md("**Questions**\n- What does the record say about this lesson's first fact, and how sure is it?\n\n"
            "**Objectives**\n- Read a fact from the kit's datasets with its source and confidence.\n\n"
            "**Time:** 20 minutes teaching, 10 minutes exercises."),
        _md("## Run this cell first\nIt loads the kit's package and tells plotly to draw figures without any "
            "internet connection."),
        _code(f"from casekit import data\nfrom casekit.topics import {t}\nfrom casekit.ui import tables, theme\n"
              "from IPython.display import HTML\ntheme.use_offline_renderer()\ntables.use_readable_frames()"),
        _md(f"## 1. The facts\n\nEach row of `{n['dataset']}` is one fact, with its sources and the confidence "
            "the record gives it. Pick a fact to read it."),
        _code(f'facts = data.load("{n["dataset"]}")\n{t}.widgets.FactPicker(facts)', tags=("nbval-ignore-output",)),
        _md("The figure counts the facts by confidence. A text version follows the figure."),
        _code(f"{t}.figures.confidence_figure(facts).show()"),
        _code(f"print({t}.figures.confidence_summary(facts))"),
        _md("## Check your understanding\n1. Which source would you open to check the first fact?"),
        _md("## Discussion questions\n1. What would make you trust a fact marked `reported` more?"),
        _md("## Key points\n- Every fact in the kit carries its sources and a confidence mark."),
        _md("## Sources"),
        _code('HTML(tables.sources_table(data.cited_sources(facts), "The documents cited in this lesson"))'),
        _md(f"---\n**Next:** practise with [exercise {n['nn']}](../exercises/{n['stem']}.ipynb)."),
    ])  # fmt: skip


def solution_notebook(n: dict[str, str]) -> nbformat.NotebookNode:
    """The solution (the source of both exercise editions): one checked question and one written question."""
    t, q, w = n["topic"], n["checked"], n["written"]
    return _notebook([
        _md(f"# Exercise {n['nn']} · {n['title']}\n\nAnswer each question by replacing `...` with your answer, "
            f"then run the check cell below it. The written question ({w}) is marked by your instructor."),
        _md("**Practice edition.** A check prints `✓` when you are right and `✗` with a hint when you are not.",
            edition="practice"),
        _md("**Assessed edition.** A check cell tells you only whether your answer is in the *form* asked; "
            "your instructor's grader decides whether it is right.", edition="assessed"),
        _md("## Run this cell first"),
        _code(f'from casekit import data\n\nfrom casekit.checks import check\nfrom casekit.checks.forms import check_form\n'
              f'from casekit.topics import {t}\nfacts = data.load("{n["dataset"]}")'),
        _md(f"**{q} (1 point).** How many facts in `facts` are marked `primary`? Assign a whole number to "
            "`primary_count`."),
        _code('### BEGIN SOLUTION\nprimary_count = int((facts["confidence"] == "primary").sum())\n### END SOLUTION',
              question=q, role="answer", points=1, form="whole number", hidden=True),
        _code(f'check("{q}", primary_count)', tags=("nbval-check-output",), question=q, role="check", points=1),
        _md(f"**{w} (1 point, written).** In one or two sentences, say why a lesson shows each fact's confidence."
            "\n\n### BEGIN SOLUTION\nSo that learners weigh a reported fact differently from one read in the "
            "primary record, and check it before relying on it.\n### END SOLUTION\n### BEGIN RUBRIC\n"
            "- 1 point: ties the mark to how far the fact can be relied on.\n### END RUBRIC",
            question=w, role="written", points=1),
    ])  # fmt: skip


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit new-lesson`."""
    parser.add_argument("number", help="two digits, e.g. 06")
    parser.add_argument("slug", help="lower-case words joined by hyphens, e.g. platform-liability")
    parser.add_argument("title", help='the lesson\'s title, e.g. "Platform liability"')
    parser.add_argument("--root", type=Path, default=ROOT, help="the kit to add the lesson to (default: this one)")


def run(args: argparse.Namespace) -> int:
    """Write the skeleton, update the README's lesson table, and say what to do next."""
    try:
        written = write_lesson(args.root, args.number, args.slug, args.title)
    except ScaffoldError as exc:
        print(f"casekit new-lesson: {exc}")
        return 2
    for path in written:
        print(f"wrote {path.relative_to(args.root)}")
    readme = args.root / "README.md"
    if readme.exists():
        from casekit.authoring import catalog

        readme.write_text(catalog.render_readme(readme.read_text(encoding="utf-8")), encoding="utf-8")
        print("updated the lesson table in README.md")
    print("next: make exercises outputs, then make test; CONTRIBUTING.md lists the rest (sources, session plan, "
          "fact-check)")  # fmt: skip
    return 0


# ---------------------------------------------------------------- the templates (str.format with names())

TOPIC_INIT = '''"""Lesson {nn}, {title}."""

from casekit.topics import lazy_parts

LESSON = "{stem}"
__getattr__ = lazy_parts(__name__)
'''

REASONING = '''"""Lesson {nn}'s reasoning as pure functions on plain data (no view library here)."""

from __future__ import annotations

import pandas as pd

CONFIDENCE = ("primary", "reported", "uncertain")


def count_by_confidence(facts: pd.DataFrame) -> dict[str, int]:
    """How many FACTS carry each confidence mark, in the order primary, reported, uncertain."""
    marks = facts["confidence"].astype(str)
    return {{mark: int((marks == mark).sum()) for mark in CONFIDENCE}}
'''

WIDGETS = '''"""Lesson {nn}'s widgets: thin views over casekit.topics.{topic}.reasoning."""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from casekit.ui import tables
from casekit.ui.controls import LiveHTML, Select, mark_main


class FactPicker(w.VBox):
    """Pick a fact by its id and read it with its sources and confidence."""

    def __init__(self, facts: pd.DataFrame):
        self.facts = facts
        self.choice = Select(label="Fact", options=list(map(str, facts.index)), value=str(facts.index[0]))
        self.shown = LiveHTML()
        super().__init__([self.choice, self.shown])
        mark_main(self, self.choice, self.shown)
        self.choice.observe(self._show, names="value")
        self._show()

    def _show(self, _change=None) -> None:
        row = self.facts.loc[self.choice.value]
        self.shown.html = (
            f"<p>{{html.escape(str(row['fact']))}}</p><p>Sources: {{tables.source_ids_html(row['source_ids'])}}; "
            f"confidence: {{tables.confidence_badge(str(row['confidence']))}}</p>"
        )
'''

FIGURES = '''"""Lesson {nn}'s figures, each with a text summary."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from casekit.topics.{topic} import reasoning
from casekit.ui.theme import OKABE_ITO, base_layout


def confidence_figure(facts: pd.DataFrame) -> go.Figure:
    """A bar per confidence mark: how many facts carry it (its text version is confidence_summary)."""
    counts = reasoning.count_by_confidence(facts)
    bars = go.Bar(x=list(counts), y=list(counts.values()), marker_color=OKABE_ITO[0], text=list(counts.values()))
    fig = go.Figure(bars)
    fig.update_yaxes(title="facts", dtick=1)
    return base_layout(fig, "Facts by confidence", height=320)


def confidence_summary(facts: pd.DataFrame) -> str:
    """The figure in words."""
    counts = reasoning.count_by_confidence(facts)
    return "Facts by confidence: " + ", ".join(f"{{mark}} {{n}}" for mark, n in counts.items()) + "."
'''

CHECKS = '''"""Checks for lesson {nn}'s exercise: each answer is computed from the datasets, never retyped."""

from __future__ import annotations

from casekit import data
from casekit.checks import answers, register
from casekit.topics.{topic} import reasoning


def primary_count() -> int:
    """{checked}'s answer: how many facts are marked primary."""
    return reasoning.count_by_confidence(data.load("{dataset}"))["primary"]


@register("{checked}", success="correct: you counted the facts read in the primary record")
def primary_facts(value):
    count = answers.whole_number(value)
    if count is None:
        return 'give a whole number, e.g. (facts["confidence"] == "primary").sum()'
    if count == primary_count():
        return True
    return "count the rows of facts whose confidence column is primary"
'''

DATASET = """id,fact,source_ids,confidence
f1,"The court denied Parler's motion for a preliminary injunction on January 21, 2021.",order_dkt34,primary
"""

CARD = """# {dataset}: the facts lesson {nn} teaches

One row per fact of lesson {nn}, *{title}*, with its sources and the record's confidence. The first row
is the skeleton's example; replace it with the lesson's own facts, each from the dossier.

## Sources
The order (Dkt. 34), read directly.

## Confidence
- `primary`: read in the primary document itself.
- `reported`: stated by news outlets or commentary quoting a primary document.
- `uncertain`: not verified, conflicting, or from background knowledge only.

## Content notes
No sensitive content.

## Columns

| column | type | required | allowed | meaning |
|---|---|---|---|---|
| id | id | yes |  | fact id |
| fact | str | yes |  | the fact, paraphrased |
| source_ids | source_ids | yes |  | ids of rows in sources.csv, separated by `;` |
| confidence | category | yes | primary;reported;uncertain | the record's mark for this row |
"""

TESTS = '''"""casekit.topics.{topic}: lesson {nn}'s reasoning, widget and figure."""

from casekit import data
from casekit.topics.{topic} import figures, reasoning, widgets


def test_count_by_confidence_counts_every_mark():
    facts = data.load("{dataset}")
    counts = reasoning.count_by_confidence(facts)
    assert list(counts) == ["primary", "reported", "uncertain"] and sum(counts.values()) == len(facts)


def test_the_picker_shows_the_chosen_fact():
    facts = data.load("{dataset}")
    picker = widgets.FactPicker(facts)
    assert str(facts.iloc[0]["fact"])[:20] in picker.shown.html


def test_the_summary_says_what_the_figure_shows():
    facts = data.load("{dataset}")
    counts = reasoning.count_by_confidence(facts)
    assert all(f"{{mark}} {{n}}" in figures.confidence_summary(facts) for mark, n in counts.items())
'''

CHECK_TESTS = '''"""Lesson {nn}'s checks accept every equivalent form of the right answer (tests/checks/test_equivalents.py
finds EQUIVALENTS and WRONG here, so no central table is edited)."""

import numpy as np

from casekit.topics.{topic} import checks


def _whole(n: int) -> list:
    return [n, np.int64(n), float(n), str(n), f" {{n}} ", f"{{n}}.0"]


EQUIVALENTS = {{"{checked}": lambda: _whole(checks.primary_count())}}
WRONG = {{"{checked}": lambda: [checks.primary_count() + 1, checks.primary_count() + 2]}}
'''

BENCH = '''"""Lesson {nn}'s reasoning, timed: `python benchmarks/{topic}_bench.py` prints milliseconds per call."""

import timeit

from casekit import data
from casekit.topics.{topic} import reasoning

if __name__ == "__main__":
    facts = data.load("{dataset}")
    runs = 1000
    seconds = timeit.timeit(lambda: reasoning.count_by_confidence(facts), number=runs)
    print(f"count_by_confidence: {{seconds / runs * 1000:.3f}} ms per call ({{len(facts)}} facts, {{runs}} runs)")
'''
