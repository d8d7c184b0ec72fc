"""Lesson 01's widget: weighing the preliminary-injunction factors, with the learner's own reasons."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w
import pandas as pd
from IPython.display import display

from casekit import data
from casekit.topics.commitments import REASON_RULE, Commitments
from casekit.topics.relief import figures as relief_figures
from casekit.topics.relief import reasoning as relief
from casekit.ui import theme
from casekit.ui.controls import ChoiceList, LiveHTML, RatingSlider, mark_main, show_figure, text_block
from casekit.ui.reveal import CommitReveal, share_box
from casekit.ui.saving import SAVE_FOLDER, justification_box, name_box, save_learner_record
from casekit.ui.theme import mime_bundle

SLIDER_OPTIONS = [("strongly AWS", -2), ("AWS", -1), ("balanced", 0), ("Parler", 1), ("strongly Parler", 2)]
SIDES = ("Parler", "AWS")
# The figure inside the widget shows no modebar: its buttons would sit between the sliders and the rest.
FIGURE_CONFIG = {"displayModeBar": False}
# Prose inside ipywidgets HTML: normal line height (ipywidgets sets one control-height per line) and tables
# that read top-down (the class carries the rest of the style, CONTROLS_CSS in casekit.ui.controls).
PROSE_STYLE = "line-height:1.45;text-align:left"
# Above a column of rating sliders: which end is which side (the sliders themselves announce it in words).
SCALE_ENDS = (
    "<div class='casekit-rating-scale' aria-hidden='true'>"
    "<span class='casekit-rating-ends'><span>← AWS</span><span>Parler →</span></span></div>"
)


def _sources_text(ids, sources: pd.DataFrame) -> str:
    return "; ".join(f"{i} ({sources.loc[i, 'confidence']})" if i in sources.index else i for i in ids)


def group_by_factor(table: pd.DataFrame, side_column: str | None = None) -> dict:
    """Return TABLE's rows grouped once: factor id -> list of rows (or -> side -> list of rows)."""
    grouped: dict = {}
    for row in table.itertuples():
        bucket = grouped.setdefault(row.factor_id, {} if side_column else [])
        (bucket.setdefault(str(getattr(row, side_column)), []) if side_column else bucket).append(row)
    return grouped


def rating_steps(factor: str) -> list[dict]:
    """Return the slider steps of FACTOR: value, the words a screen reader announces, and what it means in law."""
    return [
        {"value": v, "text": f"{name} ({relief.signed(v)})", "words": relief.describe(factor, v)}
        for name, v in SLIDER_OPTIONS
    ]


def argument_options(factor: str, arguments_by_factor: dict, sources: pd.DataFrame) -> list[dict]:
    """Return both sides' arguments on FACTOR as ChoiceList options, each with evidence, sources and confidence."""
    return [
        {
            "value": r.Index,
            "group": f"{side_name} argued",
            "text": str(r.argument),
            "detail": f"Evidence: {r.evidence} · Sources: {_sources_text(r.source_ids, sources)} · "
            f"Confidence: {r.confidence} ({theme.CONFIDENCE_WORDS.get(str(r.confidence), r.confidence)})",
        }
        for side_name in SIDES
        for r in arguments_by_factor.get(factor, {}).get(side_name, [])
    ]


def _chosen_html(row: relief.IracRow, sources: pd.DataFrame) -> str:
    if row.chosen:
        items = "".join(
            f"<li><i>{html.escape(c.side)} argued:</i> {html.escape(c.argument)} "
            f"<small style='font-size:12px'>[sources: {html.escape(_sources_text(c.source_ids, sources))}; confidence: "
            f"{html.escape(c.confidence)}]</small></li>"
            for c in row.chosen
        )
        chosen = f"You rely on:<ul style='margin:0.2em 0;padding-left:1.2em'>{items}</ul>"
    else:
        chosen = "<i>No arguments chosen.</i>"
    words = f"<br>In your words: {html.escape(row.words)}" if row.words else ""
    return f"<b>{html.escape(row.assessment)}</b><br>{chosen}{words}"


def _conclusion(row: relief.IracRow) -> str:
    if row.factor in relief.CLAIM_FACTORS:
        return (
            f"Likely success: {'yes' if row.winter_met else 'no'}<br>"
            f"Serious questions: {'yes' if row.sliding_met else 'no'}"
        )
    return (
        f"Winter: {'met' if row.winter_met else 'not met'}<br>Sliding scale: {'met' if row.sliding_met else 'not met'}"
    )


def irac_html(rows: list[relief.IracRow], factors: pd.DataFrame, outcome: relief.Outcome, sources: pd.DataFrame) -> str:
    """Return the learner's reasoning, IRAC-style, as an HTML table (the merits rule stated once), then the outcome."""
    claims = list(relief.CLAIM_FACTORS)
    merits_rule, claim_parts = relief.shared_rule([factors.loc[f, "rule"] for f in claims])
    merits_sliding, _ = relief.shared_rule([factors.loc[f, "sliding_scale_rule"] for f in claims])
    body = []
    for row in rows:
        label = html.escape(factors.loc[row.factor, "label"])
        if row.factor in relief.CLAIM_FACTORS and merits_rule:
            part = claim_parts[claims.index(row.factor)]
            issue = label + (
                f"<br><small style='font-weight:normal;font-size:12px'>…{html.escape(part)}</small>" if part else ""
            )
            rule = (
                ""
                if row.factor != claims[0]
                else (
                    f"<td rowspan='{len(claims)}'><b>Winter:</b> {html.escape(merits_rule)}"
                    + (f"<br><b>Sliding scale:</b> {html.escape(merits_sliding)}" if merits_sliding else "")
                    + "<br><i>One claim is enough: the best-rated claim counts.</i></td>"
                )
            )
        else:
            issue = label
            factor_row = factors.loc[row.factor]
            rule = (
                f"<td><b>Winter:</b> {html.escape(factor_row['rule'])}"
                f"<br><b>Sliding scale:</b> {html.escape(factor_row['sliding_scale_rule'])}</td>"
            )
        body.append(
            f"<tr><th scope='row' style='text-align:left'>{issue}</th>{rule}"
            f"<td>{_chosen_html(row, sources)}</td><td>{_conclusion(row)}</td></tr>"
        )
    table = (
        f"<div class='casekit-prose' style='{PROSE_STYLE}'><table class='casekit-irac' border='1' cellpadding='4'>"
        "<colgroup><col style='width:17%'><col style='width:30%'><col style='width:39%'><col style='width:14%'>"
        "</colgroup><caption style='text-align:left'>Your reasoning, factor by factor (Issue, Rule, Application, "
        "Conclusion): your rating, the arguments you chose and your words.</caption>"
        "<thead><tr><th scope='col'>Issue</th><th scope='col'>Rule</th><th scope='col'>Your assessment</th>"
        "<th scope='col'>Conclusion</th></tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
        + text_block(outcome.explanation)
        + "</div>"
    )
    return table


def outcome_html(outcome: relief.Outcome, labels: dict) -> str:
    """Return the compact live outcome shown beside the sliders: each test, the result, what decides it."""

    def test_line(name: str, test: relief.TestResult) -> str:
        if test.granted:
            return f"<p>{name}: <b>met</b></p>"
        failed = ", ".join(labels.get(relief.slot_factor(f, outcome.best_claim), f) for f in test.failed)
        return f"<p>{name}: <b>not met</b> <small style='font-size:12px'>(fails on {html.escape(failed)})</small></p>"

    result = "GRANTED" if outcome.granted else "DENIED"
    last = outcome.explanation.splitlines()[3:]
    return (
        "<div class='casekit-outcome'><p><b>Outcome of your ratings</b></p>"
        + test_line("Winter", outcome.winter)
        + test_line("Sliding scale", outcome.sliding_scale)
        + f"<p>Relief: <b>{result}</b></p>"
        + "".join(f"<p><small style='font-size:12px'>{html.escape(line)}</small></p>" for line in last)
        + "</div>"
    )


def _findings_list(factor: str, findings_by_factor: dict, sources: pd.DataFrame) -> str:
    return (
        "".join(
            f"<li>{html.escape(r.summary)}"
            + (" <b>Uncertain: treat this with care.</b>" if r.confidence == "uncertain" else "")
            + f"<br><small style='font-size:12px'>Sources: {html.escape(_sources_text(r.source_ids, sources))}; "
            f"confidence: {html.escape(str(r.confidence))}</small></li>"
            for r in findings_by_factor.get(factor, [])
        )
        or "<li>No finding recorded in the datasets.</li>"
    )


def _court_findings(findings_by_factor: dict) -> dict[str, str]:
    return {f: str(rows[0].finding) for f, rows in findings_by_factor.items()}


def court_html(assessments: dict, factors: pd.DataFrame, findings_by_factor: dict, sources: pd.DataFrame) -> str:
    """Return the court's findings on each factor beside the learner's, each with source and confidence."""
    comparisons = relief.compare_with_court(assessments, _court_findings(findings_by_factor))
    rows = []
    for comparison in comparisons:
        items = _findings_list(comparison.factor, findings_by_factor, sources)
        rows.append(
            "<tr>"
            f"<th scope='row' style='text-align:left'>{html.escape(factors.loc[comparison.factor, 'label'])}</th>"
            f"<td>{html.escape(comparison.learner_side or 'balanced')}</td>"
            f"<td>{html.escape(comparison.court_side or 'no clear finding')}<ul>{items}</ul></td>"
            f"<td><b>{comparison.verdict}</b></td>"
            "</tr>"
        )
    return (
        f"<div class='casekit-prose' style='{PROSE_STYLE}'>"
        "<table class='casekit-court' border='1' cellpadding='4'>"
        "<caption style='text-align:left'>You and the court, factor by factor (your ratings now)</caption>"
        "<thead><tr><th scope='col'>Factor</th><th scope='col'>You favoured</th>"
        "<th scope='col'>The court (Dkt. 34), as the record shows it</th><th scope='col'>You and the court</th></tr></thead>"
        "<tbody>" + "".join(rows) + "</tbody></table></div>"
    )


def factor_court_html(
    factor: str, first: int, now: int, assessments: dict, findings_by_factor: dict, sources: pd.DataFrame
) -> str:
    """Return one factor's comparison, opened after the learner's save: their first and current rating, the
    court's findings with sources and confidence, and whether the first rating agreed."""
    findings = _court_findings(findings_by_factor)
    comparison = next(
        c for c in relief.compare_with_court({**assessments, factor: first}, findings) if c.factor == factor
    )
    changed = (
        "" if now == first else f" You have since moved it to {relief.signed(now)} ({relief.describe(factor, now)})."
    )
    return (
        f"<p><b>Your first rating:</b> {relief.signed(first)} ({html.escape(relief.describe(factor, first))}).{html.escape(changed)}</p>"
        f"<p><b>The court (Dkt. 34), as the record shows it:</b> "
        f"{html.escape(comparison.court_side or 'no clear finding')}. <b>Your first rating and the court: "
        f"{html.escape(comparison.verdict)}.</b></p>"
        f"<ul>{_findings_list(factor, findings_by_factor, sources)}</ul>"
    )


def _beside(controls, panel) -> w.HBox:
    """CONTROLS with PANEL to their right, wrapping below them in a narrow window."""
    return w.HBox([controls, panel], layout=w.Layout(flex_flow="row wrap", align_items="flex-start", grid_gap="1em"))


class WeighingWidget:
    """The factor-weighing widget of lesson 01: sliders and chosen arguments in; outcome, reasoning, figure out."""

    def __init__(self, folder: Path = SAVE_FOLDER):
        self.factors = data.load("relief_factors")
        self.arguments = data.load("arguments")
        self.findings = data.load("court_findings")
        self.sources = data.load("sources")
        self.folder = folder
        self.labels = {f: self.factors.loc[f, "label"] for f in relief.FACTORS}
        self.arguments_by_factor = group_by_factor(self.arguments, side_column="side")
        self.argument_records = {
            i: {
                "factor_id": str(r.factor_id),
                "side": str(r.side),
                "argument": str(r.argument),
                "source_ids": tuple(r.source_ids),
                "confidence": str(r.confidence),
            }
            for i, r in zip(self.arguments.index, self.arguments.itertuples())
        }
        self.findings_by_factor = group_by_factor(self.findings)
        self.sliders = {f: RatingSlider(label=self.labels[f], steps=rating_steps(f), value=0) for f in relief.FACTORS}
        self.choosers = {
            f: ChoiceList(
                summary=f"{self.labels[f]}: the arguments you rely on",
                legend=f"{self.labels[f]}: tick the arguments you rely on (either side)",
                notes=[
                    {"term": "Winter", "text": self.factors.loc[f, "rule"]},
                    {"term": "Sliding scale", "text": self.factors.loc[f, "sliding_scale_rule"]},
                ],
                options=argument_options(f, self.arguments_by_factor, self.sources),
                words_label=f"Your own words on {self.labels[f]} (optional)",
                max_words=relief.MAX_WORDS_CHARS,
            )
            for f in relief.FACTORS
        }
        self.outcome_panel = LiveHTML()
        self.reasoning = w.HTML()
        self.figure_area = w.Output()
        self.court = w.HTML()
        self.commitments = Commitments()
        self.reveals = {
            f: CommitReveal(item=self.labels[f], on_commit=lambda reveal, f=f: self.commit(f)) for f in relief.FACTORS
        }
        self.name = name_box()
        self.justification = justification_box("Justify your weighing in a few sentences")
        self.save_button = w.Button(
            description="Save my reasoning", icon="save", layout=w.Layout(width="auto", align_self="flex-start")
        )
        self.share = share_box()
        self.message = w.HTML()
        for slider in self.sliders.values():
            slider.observe(self.update, names="value")
        for chooser in self.choosers.values():
            chooser.observe(self.update_reasoning, names=["value", "words"])
        self.save_button.on_click(self.save)
        self.view = self._layout()
        self.update()

    def assessments(self) -> dict:
        """Return the current ratings, factor id -> -2..2."""
        return {f: s.value for f, s in self.sliders.items()}

    def choices(self) -> dict:
        """Return what the learner chose: factor id -> {"arguments": ids, "words": text}."""
        return {f: {"arguments": list(c.value), "words": c.words} for f, c in self.choosers.items()}

    def update(self, _change=None) -> relief.Outcome:
        """Recompute the outcome from the sliders and refresh every output."""
        a = self.assessments()
        outcome = relief.weigh(a, labels=self.labels)
        self.outcome_panel.html = outcome_html(outcome, self.labels)
        self.update_reasoning(outcome=outcome)
        self.update_court()
        figure = relief_figures.factors_figure_json(a, self.labels, outcome)
        show_figure(self.figure_area, mime_bundle(figure, FIGURE_CONFIG))
        return outcome

    def update_reasoning(self, _change=None, outcome: relief.Outcome | None = None) -> None:
        """Rebuild the IRAC table from the ratings and the arguments and words the learner chose."""
        a = self.assessments()
        outcome = outcome or relief.weigh(a, labels=self.labels)
        rows = relief.irac_rows(a, self.choices(), self.argument_records)
        self.reasoning.value = irac_html(rows, self.factors, outcome, self.sources)

    def commit(self, factor: str) -> str:
        """Save the learner's rating and reason on FACTOR (the first rating is kept); return the court's finding
        on it as HTML for the factor's disclosure. Raise CommitError (a ValueError) if the reason is too short."""
        self.commitments.commit(factor, self.sliders[factor].value, self.reveals[factor].reason)
        self.update_court()
        return self._factor_court(factor)

    def _factor_court(self, factor: str) -> str:
        a = self.assessments()
        return factor_court_html(
            factor, self.commitments.first[factor], a[factor], a, self.findings_by_factor, self.sources
        )

    def update_court(self, _change=None) -> None:
        """Refresh every opened factor's comparison, and the table of all six once every factor is saved."""
        for factor, reveal in self.reveals.items():
            if self.commitments.committed(factor):
                reveal.html = self._factor_court(factor)
        saved = sum(self.commitments.committed(f) for f in relief.FACTORS)
        if saved < len(relief.FACTORS):
            self.court.value = (
                f"<p><i>The table of you and the court, all six factors, appears here once you have saved your "
                f"rating and reason on every factor ({saved} of {len(relief.FACTORS)} saved).</i></p>"
            )
            return
        self.court.value = (
            "<details class='casekit-court-all'><summary>You and the court, all six factors (your ratings now)</summary>"
            + court_html(self.assessments(), self.factors, self.findings_by_factor, self.sources)
            + "</details>"
        )

    def save(self, _button=None) -> Path | None:
        """Save the weighing, the chosen arguments, the learner's words and justification as JSON; never raise."""
        return save_learner_record(
            self.message,
            self.folder,
            relief.AssessmentError,
            lambda **stamp: relief.reasoning_record(
                self.name.value,
                self.assessments(),
                self.justification.value,
                **stamp,
                choices=self.choices(),
                arguments=self.argument_records,
                commitments=self.commitments.fields(relief.FACTORS, self.share.value),
            ),
        )

    def _layout(self) -> w.VBox:
        sliders = w.VBox(
            [w.HTML(SCALE_ENDS), *self.sliders.values()], layout=w.Layout(flex="1 1 38em", min_width="30em")
        )
        box = w.VBox(
            [
                w.HTML(
                    f"<div style='{PROSE_STYLE}'><h3>Weigh each factor</h3><p>Rate each factor from <b>strongly AWS</b> (−2) to "
                    "<b>strongly Parler</b> (+2). The outcome beside the sliders follows your ratings.</p></div>"
                ),
                _beside(sliders, self.outcome_panel),
                w.HTML(
                    f"<div style='{PROSE_STYLE}'><h3>Your reasons, then the court</h3><p>Open a factor to read its rule "
                    "and both sides' arguments (with sources and confidence). Tick the arguments <b>you</b> rely on, "
                    "from either side, and add your own words if you like. Only what you choose appears in your "
                    "reasoning.</p><p>Then write <b>your reason</b> for the factor's rating "
                    f"({html.escape(REASON_RULE)}) and press <b>Save my judgement</b>. Only then does "
                    "<b>Show the court's finding</b> open for that factor. Your first rating is kept; you may change "
                    "the slider afterwards, and your saved file holds both.</p></div>"
                ),
                *[part for f in relief.FACTORS for part in (self.choosers[f], self.reveals[f])],
                self.figure_area,
                w.HTML("<h3>Your reasoning</h3>"),
                self.reasoning,
                self.court,
                w.HTML("<h3>Save my reasoning</h3>"),
                self.name,
                self.justification,
                self.share,
                self.save_button,
                self.message,
            ]
        )
        mark_main(box, self.sliders["irreparable_harm"], self.reasoning)
        return box

    def _ipython_display_(self):
        display(self.view)


def trade_off_html(result: relief.TradeOff) -> str:
    """Return the trade-off's verdict and its reasons, line by line, for the live region beside the controls."""
    verdict = "RELIEF AVAILABLE" if result.available else "NO RELIEF"
    lines = "".join(f"<p>{html.escape(line)}</p>" for line in result.explanation.splitlines())
    return (
        f"<div class='casekit-outcome' style='{PROSE_STYLE}'><p><b>Hypothetical ratings: {verdict}</b></p>{lines}</div>"
    )


class TradeOffWidget:
    """Lesson 01 § 3: move the merits and the hardships, tick harm and public interest, and read which way the
    sliding scale's trade-off falls, and why. Hypothetical ratings to explore the rule, never the court's findings."""

    def __init__(self, merits: int = 0, hardship: int = 1):
        self.merits = RatingSlider(label="Merits of the best claim", steps=rating_steps("success"), value=merits)
        self.hardship = RatingSlider(
            label="Balance of hardships", steps=rating_steps("balance_of_equities"), value=hardship
        )
        self.harm = w.Checkbox(
            value=True,
            description="Irreparable harm likely (+1); untick: only possible (0)",
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self.public_interest = w.Checkbox(
            value=True,
            description="Public interest favours relief (+1); untick: neither way (0)",
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self.outcome_panel = LiveHTML()
        for control in (self.merits, self.hardship, self.harm, self.public_interest):
            control.observe(self.update, names="value")
        controls = w.VBox(
            [w.HTML(SCALE_ENDS), self.merits, self.hardship, self.harm, self.public_interest],
            layout=w.Layout(flex="1 1 30em", min_width="28em"),
        )
        self.view = w.VBox(
            [
                w.HTML(
                    f"<div style='{PROSE_STYLE}'><p><b>Hypothetical ratings, not the court's findings.</b> Move the "
                    "merits and the hardships, tick or untick the floor, and read which way the trade falls.</p></div>"
                ),
                _beside(controls, self.outcome_panel),
            ]
        )
        mark_main(self.view, self.merits, self.outcome_panel)
        self.update()

    def result(self) -> relief.TradeOff:
        """Return the trade-off for the current controls (a ticked box is +1, an unticked one 0)."""
        return relief.trade_off(
            self.merits.value, self.hardship.value, int(self.harm.value), int(self.public_interest.value)
        )

    def update(self, _change=None) -> relief.TradeOff:
        """Recompute the trade-off from the controls and show it in words."""
        result = self.result()
        self.outcome_panel.html = trade_off_html(result)
        return result

    def _ipython_display_(self):
        display(self.view)
