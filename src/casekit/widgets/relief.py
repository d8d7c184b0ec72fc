"""Lesson 01's widget: weighing the preliminary-injunction factors."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import ipywidgets as w
import pandas as pd
from IPython.display import display

from casekit import __version__, data, figures, relief
from casekit.widgets.common import PLOTLY_MIME, SAVE_FOLDER, mark_main, save_reasoning, text_block

SLIDER_OPTIONS = [("strongly AWS", -2), ("AWS", -1), ("balanced", 0), ("Parler", 1), ("strongly Parler", 2)]


def _sources_text(ids, sources: pd.DataFrame) -> str:
    return "; ".join(f"{i} ({sources.loc[i, 'confidence']})" if i in sources.index else i for i in ids)


def group_by_factor(table: pd.DataFrame, side_column: str | None = None) -> dict:
    """Return TABLE's rows grouped once: factor id -> list of rows (or -> side -> list of rows)."""
    grouped: dict = {}
    for row in table.itertuples():
        bucket = grouped.setdefault(row.factor_id, {} if side_column else [])
        (bucket.setdefault(str(getattr(row, side_column)), []) if side_column else bucket).append(row)
    return grouped


def arguments_html(factor: str, arguments_by_factor: dict, sources: pd.DataFrame) -> str:
    """Return both sides' arguments on FACTOR as HTML lists, each with sources and confidence."""
    parts = []
    for side_name in ("Parler", "AWS"):
        rows = arguments_by_factor.get(factor, {}).get(side_name, [])
        items = "".join(
            f"<li>{html.escape(r.argument)} <i>Evidence:</i> {html.escape(r.evidence)} "
            f"<small>[{html.escape(_sources_text(r.source_ids, sources))}; confidence: "
            f"{html.escape(str(r.confidence))}]</small></li>"
            for r in rows
        ) or "<li>No argument recorded in the datasets.</li>"
        parts.append(f"<div style='flex:1;min-width:18em'><b>{side_name} argued</b><ul>{items}</ul></div>")
    return "<div style='display:flex;gap:1em;flex-wrap:wrap'>" + "".join(parts) + "</div>"


def irac_html(assessments: dict, factors: pd.DataFrame, arguments_by_factor: dict, outcome: relief.Outcome) -> str:
    """Return the learner's reasoning, IRAC-style, as an HTML table, followed by the outcome."""
    rows = []
    for factor in relief.FACTORS:
        value = assessments[factor]
        favoured = relief.side(value)
        evidence = arguments_by_factor.get(factor, {}).get(favoured, []) if favoured else []
        rests_on = (
            "<ul>" + "".join(f"<li>{html.escape(r.argument)}</li>" for r in evidence) + "</ul>"
            if evidence else " neither side's arguments prevail"
        )
        winter = value >= relief.needs_for(factor, relief.WINTER_NEEDS)
        sliding = value >= relief.needs_for(factor, relief.SLIDING_NEEDS)
        if factor in relief.CLAIM_FACTORS:
            conclusion = (f"Likely success: {'yes' if winter else 'no'}<br>"
                          f"Serious questions: {'yes' if sliding else 'no'}")
        else:
            conclusion = (f"Winter: {'met' if winter else 'not met'}<br>"
                          f"Sliding scale: {'met' if sliding else 'not met'}")
        rows.append(
            "<tr>"
            f"<th scope='row' style='text-align:left'>{html.escape(factors.loc[factor, 'label'])}</th>"
            f"<td>{html.escape(factors.loc[factor, 'rule'])}</td>"
            f"<td><b>{html.escape(relief.describe(factor, value))}</b><br><small>Rests on:{rests_on}</small></td>"
            f"<td>{conclusion}</td>"
            "</tr>"
        )
    table = (
        "<table class='casekit-irac' style='border-collapse:collapse' border='1' cellpadding='4'>"
        "<caption style='text-align:left'>Your reasoning, factor by factor (Issue, Rule, Application, "
        "Conclusion). On the merits one claim is enough: the best-rated claim counts.</caption>"
        "<thead><tr><th scope='col'>Issue</th><th scope='col'>Rule</th><th scope='col'>Your assessment</th>"
        "<th scope='col'>Conclusion</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )
    return table + text_block(outcome.explanation)


def court_html(assessments: dict, factors: pd.DataFrame, findings_by_factor: dict, sources: pd.DataFrame) -> str:
    """Return the court's findings on each factor beside the learner's, each with source and confidence."""
    comparisons = relief.compare_with_court(
        assessments, {f: str(rows[0].finding) for f, rows in findings_by_factor.items()}
    )
    rows = []
    for comparison in comparisons:
        items = "".join(
            f"<li>{html.escape(r.summary)}"
            + (" <b>Uncertain: treat this with care.</b>" if r.confidence == "uncertain" else "")
            + f"<br><small>Sources: {html.escape(_sources_text(r.source_ids, sources))}; "
            f"confidence: {html.escape(str(r.confidence))}</small></li>"
            for r in findings_by_factor.get(comparison.factor, [])
        ) or "<li>No finding recorded in the datasets.</li>"
        rows.append(
            "<tr>"
            f"<th scope='row' style='text-align:left'>{html.escape(factors.loc[comparison.factor, 'label'])}</th>"
            f"<td>{html.escape(comparison.learner_side or 'balanced')}</td>"
            f"<td>{html.escape(comparison.court_side or 'no clear finding')}<ul>{items}</ul></td>"
            f"<td><b>{comparison.verdict}</b></td>"
            "</tr>"
        )
    return (
        "<table class='casekit-court' style='border-collapse:collapse' border='1' cellpadding='4'>"
        "<caption style='text-align:left'>You and the court, factor by factor</caption>"
        "<thead><tr><th scope='col'>Factor</th><th scope='col'>You favoured</th>"
        "<th scope='col'>The court (Dkt. 34), as the record shows it</th><th scope='col'>You and the court</th></tr></thead>"
        "<tbody>" + "".join(rows) + "</tbody></table>"
    )


class WeighingWidget:
    """The factor-weighing widget of lesson 01: sliders in, reasoning, figure and comparison out."""

    def __init__(self, folder: Path = SAVE_FOLDER):
        self.factors = data.load("relief_factors")
        self.arguments = data.load("arguments")
        self.findings = data.load("court_findings")
        self.sources = data.load("sources")
        self.folder = folder
        self.labels = {f: self.factors.loc[f, "label"] for f in relief.FACTORS}
        self.arguments_by_factor = group_by_factor(self.arguments, side_column="side")
        self.findings_by_factor = group_by_factor(self.findings)
        self.sliders = {
            f: w.SelectionSlider(
                options=SLIDER_OPTIONS, value=0, description=self.labels[f], continuous_update=False,
                layout=w.Layout(width="44em"), style={"description_width": "16em"},
                tooltip=f"Rate: {self.labels[f]}",
            )
            for f in relief.FACTORS
        }
        self.level_text = {f: w.HTML() for f in relief.FACTORS}
        self.reasoning = w.HTML()
        self.figure_area = w.Output()
        self.court = w.HTML()
        self.compare_button = w.ToggleButton(description="Compare with the court", icon="balance-scale",
                                             tooltip="Show the court's finding on each factor")
        self.name = w.Text(description="Your name", placeholder="name or class pseudonym")
        self.justification = w.Textarea(description="Why?", placeholder="Justify your weighing in a few sentences",
                                        layout=w.Layout(width="40em", height="6em"))
        self.save_button = w.Button(description="Save my reasoning", icon="save")
        self.message = w.HTML()
        for slider in self.sliders.values():
            slider.observe(self.update, names="value")
        self.compare_button.observe(self.update, names="value")
        self.save_button.on_click(self.save)
        self.view = self._layout()
        self.update()

    def assessments(self) -> dict:
        """Return the current ratings, factor id -> -2..2."""
        return {f: s.value for f, s in self.sliders.items()}

    def update(self, _change=None) -> relief.Outcome:
        """Recompute the reasoning from the sliders and refresh every output."""
        a = self.assessments()
        outcome = relief.weigh(a, labels=self.labels)
        for factor, text in self.level_text.items():
            text.value = f"<span style='margin-left:16em'><i>{html.escape(relief.describe(factor, a[factor]))}</i></span>"
        self.reasoning.value = irac_html(a, self.factors, self.arguments_by_factor, outcome)
        self.court.value = (
            court_html(a, self.factors, self.findings_by_factor, self.sources) if self.compare_button.value else ""
        )
        figure = figures.factors_figure_json(a, self.labels, outcome)
        self.figure_area.clear_output(wait=True)
        with self.figure_area:
            display({PLOTLY_MIME: figure}, raw=True)
        return outcome

    def save(self, _button=None) -> Path | None:
        """Save the weighing and justification as JSON; report problems inline, never raise."""
        try:
            record = relief.reasoning_record(
                self.name.value, self.assessments(), self.justification.value,
                saved_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), kit_version=__version__,
            )
            path = save_reasoning(record, self.folder)
        except relief.AssessmentError as exc:
            self.message.value = f"<span role='alert'>⚠ Not saved: {html.escape(str(exc))}.</span>"
            return None
        except OSError as exc:
            self.message.value = f"<span role='alert'>⚠ Not saved: could not write the file ({html.escape(exc.strerror or str(exc))}).</span>"
            return None
        self.message.value = f"<span role='status'>✓ Saved to {html.escape(str(path))}</span>"
        return path

    def _layout(self) -> w.VBox:
        panels = []
        for factor in relief.FACTORS:
            row = self.factors.loc[factor]
            details = w.HTML(
                f"<details><summary>The rule, and both sides' arguments (sources, confidence)</summary>"
                f"<p><b>Winter:</b> {html.escape(row.rule)}<br><b>Sliding scale:</b> {html.escape(row.sliding_scale_rule)}</p>"
                f"{arguments_html(factor, self.arguments_by_factor, self.sources)}</details>"
            )
            panels.append(w.VBox([self.sliders[factor], self.level_text[factor], details],
                                 layout=w.Layout(margin="0 0 0.8em 0")))
        box = w.VBox([
            w.HTML("<h4>Weigh each factor</h4><p>Slide from <b>strongly AWS</b> (left) to <b>strongly Parler</b> "
                   "(right). Open a factor's details to read the rule and both sides' arguments.</p>"),
            *panels,
            w.HTML("<h4>Your reasoning</h4>"), self.reasoning, self.figure_area,
            self.compare_button, self.court,
            w.HTML("<h4>Save my reasoning</h4>"), self.name, self.justification, self.save_button, self.message,
        ])
        mark_main(box, self.sliders["irreparable_harm"], self.reasoning)
        return box

    def _ipython_display_(self):
        display(self.view)
