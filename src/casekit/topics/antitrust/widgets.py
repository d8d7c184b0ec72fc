"""Lesson 04's widgets: weighing the evidence of an AWS-Twitter agreement, choosing a market definition, and the
hypothetical-monopolist (SSNIP) test."""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path

import ipywidgets as w
import pandas as pd
from IPython.display import display

from casekit import data
from casekit.topics.antitrust import figures as antitrust_figures
from casekit.topics.antitrust import reasoning as antitrust
from casekit.topics.commitments import REASON_RULE, Commitments
from casekit.ui.controls import LiveHTML, RatingSlider, Select, index_steps, mark_main, show_figure, text_block
from casekit.ui.reveal import CommitReveal, share_box
from casekit.ui.saving import SAVE_FOLDER, justification_box, name_box, save_learner_record
from casekit.ui.theme import mime_bundle

NOT_JUDGED = "not yet judged"
JUDGEMENT_OPTIONS = [NOT_JUDGED, *antitrust.JUDGEMENTS.values()]
_JUDGEMENT_KEY = {words: key for key, words in antitrust.JUDGEMENTS.items()}
STATUS_WORDS = {
    "assertion": "{who}'s assertion (not a finding)",
    "undisputed": "undisputed event (what it proves is disputed)",
    "finding": "credited by the court, as reported (a preliminary view)",
}
# Before an item's reveal, an assertion and a finding read alike: which of a party's items the court credited is
# the court's treatment, shown only after the learner has saved a judgement on the item (issue 25).
UNREVEALED_WORDS = "{who}'s account; whether the court credited it is shown after you judge"
NOT_GIVEN = "not yet given"
OVERALL_OPTIONS = [NOT_GIVEN, *antitrust.OVERALL.values()]
_OVERALL_KEY = {words: key for key, words in antitrust.OVERALL.items()}
TREATMENT_WORDS = antitrust.TREATMENT_WORDS
FIGURE_CONFIG = {"displayModeBar": False}


def _sources_text(ids, sources: pd.DataFrame) -> str:
    return "; ".join(f"{i} ({sources.loc[i, 'confidence']})" if i in sources.index else i for i in ids)


def status_words(row, revealed: bool = True) -> str:
    """Return what an evidence row is in the record, in words (Parler's assertions called assertions).

    Not REVEALED (before the learner has saved a judgement on the item): an assertion or a finding is only
    "<party>'s account", so that neither the word "credited" nor its absence gives the court's treatment away."""
    who = "neither party" if str(row.offered_by) == "neither" else str(row.offered_by)
    status = str(row.status)
    if not revealed and status in ("assertion", "finding"):
        return UNREVEALED_WORDS.format(who=who)
    return STATUS_WORDS[status].format(who=who)


def item_html(row, sources: pd.DataFrame, revealed: bool = False) -> str:
    """Return one evidence item as HTML: who offered it, what it is (see status_words), the statement, its form,
    sources and confidence."""
    offered = (
        "public record (offered by neither party)"
        if str(row.offered_by) == "neither"
        else f"offered by {row.offered_by}"
    )
    return (
        f"<p style='margin:0.2em 0'><b>{html.escape(row.item)}</b> <i>({html.escape(offered)}; "
        f"{html.escape(status_words(row, revealed))})</i><br>{html.escape(row.statement)}<br>"
        f"<small style='font-size:12px'>Evidence: {html.escape(row.evidence_form)}. "
        f"Sources: {html.escape(_sources_text(row.source_ids, sources))}; "
        f"confidence: {html.escape(str(row.confidence))}</small></p>"
    )


def conclusion_text(weighing: antitrust.EvidenceWeighing) -> str:
    """Return the last line of weigh_evidence's explanation: the learner's overall judgement, or that it is not
    yet given."""
    return weighing.explanation.splitlines()[-1]


def outcome_text(weighing: antitrust.EvidenceWeighing) -> str:
    """Return what the learner's judgements add up to, and nothing 'on your judgements' before there are any.

    Nothing judged: how many items are left. Some judged: a tally labelled partial, no conclusion. Every item
    judged: the learner's own overall judgement, or a request for it (the kit draws no conclusion of its own).
    """
    total = len(weighing.judgements)
    judged = total - len(weighing.unjudged)
    if judged == 0:
        return f"Judge the items to see what your judgements add up to: 0 of {total} judged."
    if weighing.unjudged:
        standing = len(weighing.standing_plus_factors)
        disputed = len(weighing.disputed_plus_factors)
        return (
            f"Partial tally, no conclusion yet: {judged} of {total} judged. So far {standing} undisputed and "
            f"{disputed} disputed item(s) could be plus factors. Judge the other {len(weighing.unjudged)} to see "
            "what the record as a whole adds up to."
        )
    return conclusion_text(weighing)


def weighing_html(weighing: antitrust.EvidenceWeighing, evidence: pd.DataFrame, revealed: Iterable[str] = ()) -> str:
    """Return the learner's judgements as a Monsanto / Twombly table and the tally under it; the overall judgement
    is not repeated here (the outcome panel shows it once, see outcome_text). REVEALED: the items whose court
    treatment the learner has opened (status_words)."""
    revealed = set(revealed)
    rows = []
    for row in evidence.itertuples():
        item = row.id
        judged = weighing.judgements[item]
        plus = (
            "yes, not disputed"
            if item in weighing.standing_plus_factors
            else "yes, but disputed"
            if item in weighing.disputed_plus_factors
            else "no"
        )
        rows.append(
            "<tr>"
            f"<th scope='row' style='text-align:left'>{html.escape(row.item)}</th>"
            f"<td>{html.escape(status_words(row, item in revealed))}</td>"
            f"<td>{html.escape(antitrust.JUDGEMENTS.get(judged, NOT_JUDGED))}"
            f"{' (you marked it disputed)' if item in weighing.disputed else ''}</td>"
            f"<td>{plus}</td>"
            "</tr>"
        )
    table = (
        "<table class='casekit-evidence' style='border-collapse:collapse;text-align:left' border='1' cellpadding='4'>"
        "<caption style='text-align:left'>Your judgements, item by item. Monsanto: the evidence must tend to "
        "exclude the possibility that AWS acted independently. Twombly: parallel conduct needs plus factors.</caption>"
        "<thead><tr><th scope='col'>Item</th><th scope='col'>What it is</th><th scope='col'>Your judgement</th>"
        "<th scope='col'>Could be a plus factor?</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )
    return table + text_block("\n".join(weighing.explanation.splitlines()[:-1]))


def court_html(weighing: antitrust.EvidenceWeighing, evidence: pd.DataFrame, finding, sources: pd.DataFrame) -> str:
    """Return the court's reported assessment (a court_findings row) and its treatment of each item beside the learner's."""
    verdict = antitrust.compare_with_court(weighing, str(finding.finding))
    court = antitrust.court_excludes(str(finding.finding))
    court_words = (
        "no clear finding"
        if court is None
        else "the evidence tends to exclude independent action"
        if court
        else "the evidence does not show concerted action"
    )
    learner_words = (
        "not yet decided (items left to judge)"
        if weighing.unjudged
        else "not yet judged as a whole (no overall judgement given)"
        if weighing.overall is None
        else antitrust.OVERALL[weighing.overall]
    )
    head = (
        f"<p><b>The court (Dkt. 34), as reported:</b> {html.escape(court_words)}. {html.escape(finding.summary)}<br>"
        f"<small style='font-size:12px'>Sources: {html.escape(_sources_text(finding.source_ids, sources))}; confidence: "
        f"{html.escape(str(finding.confidence))}. Which § 1 elements the order recited, and whether it cited Twombly "
        f"or Monsanto, is not verified.</small></p>"
        f"<p><b>You:</b> the record {html.escape(learner_words)}. <b>You and the court: {html.escape(verdict)}.</b></p>"
    )
    rows = "".join(
        "<tr>"
        f"<th scope='row' style='text-align:left'>{html.escape(row.item)}</th>"
        f"<td>{html.escape(antitrust.JUDGEMENTS.get(weighing.judgements[row.id], NOT_JUDGED))}</td>"
        f"<td><b>{html.escape(TREATMENT_WORDS[str(row.court_treatment)])}.</b> {html.escape(row.court_note)}</td>"
        "</tr>"
        for row in evidence.itertuples()
    )
    return head + (
        "<table class='casekit-court' style='border-collapse:collapse;text-align:left' border='1' cellpadding='4'>"
        "<caption style='text-align:left'>Each item: your judgement and the court's reported treatment</caption>"
        "<thead><tr><th scope='col'>Item</th><th scope='col'>You</th><th scope='col'>The court, as reported</th></tr>"
        "</thead><tbody>" + rows + "</tbody></table>"
    )


def item_court_html(row, first: str, now: str | None) -> str:
    """Return one item's comparison, opened after the learner's save: their first judgement (and their current
    one if changed) beside the court's reported treatment of the item."""
    changed = (
        ""
        if now == first
        else f" You have since changed it to: {antitrust.JUDGEMENTS.get(now, NOT_JUDGED) if now else NOT_JUDGED}."
    )
    return (
        f"<p><b>Your first judgement:</b> {html.escape(antitrust.JUDGEMENTS[first])}.{html.escape(changed)}</p>"
        f"<p><b>What it is in the record:</b> {html.escape(status_words(row))}.</p>"
        f"<p><b>The court, as reported:</b> {html.escape(TREATMENT_WORDS[str(row.court_treatment)])}. "
        f"{html.escape(str(row.court_note))}</p>"
    )


class EvidenceWidget:
    """Lesson 04's main widget: judge each item of evidence; see plus factors, the overall answer and the court's view."""

    def __init__(self, folder: Path = SAVE_FOLDER, finding_id: str = "cf_sherman_order"):
        self.evidence = data.load("antitrust_evidence")
        self.sources = data.load("sources")
        self.finding = next(data.load("court_findings").loc[[finding_id]].itertuples())
        self.folder = folder
        self.items = list(self.evidence.index)
        self.labels = self.evidence["item"].astype(str).to_dict()
        # Each control names its item, so a screen reader never hears a bare "Your judgement" eleven times.
        self.choices = {
            i: Select(label=f"Your judgement on: {self.labels[i]}", options=JUDGEMENT_OPTIONS, value=NOT_JUDGED)
            for i in self.items
        }
        self.disputed = {
            i: w.Checkbox(
                value=False, description=f"Disputed: {self.labels[i]}", indent=False, layout=w.Layout(width="auto")
            )
            for i in self.items
        }
        self.overall = Select(
            label="Your overall judgement: the record as a whole", options=OVERALL_OPTIONS, value=NOT_GIVEN
        )
        self.outcome_panel = LiveHTML()
        self.reasoning = w.HTML()
        self.rows = {row.id: row for row in self.evidence.itertuples()}
        self.headers = {i: w.HTML(item_html(self.rows[i], self.sources)) for i in self.items}
        self.commitments = Commitments()
        self.reveals = {
            i: CommitReveal(
                item=self.labels[i],
                show_label="Show the court's treatment of:",
                on_commit=lambda reveal, i=i: self.commit(i),
            )
            for i in self.items
        }
        self.court = w.HTML()
        self.name = name_box()
        self.justification = justification_box("Justify your judgements in a few sentences")
        self.save_button = w.Button(description="Save my judgements", icon="save", layout=w.Layout(width="auto"))
        self.share = share_box()
        self.message = w.HTML()
        for control in [*self.choices.values(), *self.disputed.values(), self.overall]:
            control.observe(self.update, names="value")
        self.save_button.on_click(self.save)
        self.view = self._layout()
        self.update()

    def judgements(self) -> dict:
        """Return the learner's judgements: item id -> a key of antitrust.JUDGEMENTS, or None if not yet judged."""
        return {i: _JUDGEMENT_KEY.get(c.value) for i, c in self.choices.items()}

    def weighing(self) -> antitrust.EvidenceWeighing:
        """Return the learner's judgements, and overall judgement, laid out by antitrust.weigh_evidence."""
        disputed = [i for i, box in self.disputed.items() if box.value]
        overall = _OVERALL_KEY.get(self.overall.value)
        return antitrust.weigh_evidence(
            self.judgements(), disputed, items=self.items, labels=self.labels, overall=overall
        )

    def revealed(self) -> list[str]:
        """Return the items whose court treatment the learner may see (judgement and reason saved)."""
        return [i for i in self.items if self.commitments.committed(i)]

    def update(self, _change=None) -> antitrust.EvidenceWeighing:
        """Recompute from the controls and refresh every output."""
        result = self.weighing()
        self.outcome_panel.html = html.escape(outcome_text(result))
        self.reasoning.value = weighing_html(result, self.evidence, self.revealed())
        self.update_court(result)
        return result

    def commit(self, item: str) -> str:
        """Save the learner's judgement and reason on ITEM (the first judgement is kept); return the court's
        treatment of it as HTML. Raise CommitError (a ValueError) if nothing is judged or the reason is short."""
        self.commitments.commit(item, self.judgements()[item], self.reveals[item].reason)
        self.headers[item].value = item_html(self.rows[item], self.sources, revealed=True)
        self.update()
        return item_court_html(self.rows[item], self.commitments.first[item], self.judgements()[item])

    def update_court(self, result: antitrust.EvidenceWeighing | None = None) -> None:
        """Refresh every opened item's comparison, and the court's overall assessment once every item is saved
        and the learner has given an overall judgement."""
        result = result or self.weighing()
        now = self.judgements()
        for item, reveal in self.reveals.items():
            if self.commitments.committed(item):
                reveal.html = item_court_html(self.rows[item], self.commitments.first[item], now[item])
        saved = sum(self.commitments.committed(i) for i in self.items)
        if saved < len(self.items) or result.overall is None:
            self.court.value = (
                "<p><i>The court's overall assessment, beside yours, appears here once you have saved your judgement "
                f"and reason on every item ({saved} of {len(self.items)} saved) and given your overall judgement "
                f"({'given' if result.overall else 'not yet given'}).</i></p>"
            )
        else:
            self.court.value = (
                "<details class='casekit-court-all'><summary>The court's overall assessment, beside yours (your "
                "judgements now)</summary>"
                + court_html(result, self.evidence, self.finding, self.sources)
                + "</details>"
            )

    def save(self, _button=None) -> Path | None:
        """Save the learner's judgements and justification as JSON; report problems inline, never raise."""
        return save_learner_record(
            self.message,
            self.folder,
            antitrust.AntitrustError,
            lambda **stamp: antitrust.evidence_record(
                self.name.value,
                self.weighing(),
                self.justification.value,
                **stamp,
                commitments=self.commitments.fields(self.items, self.share.value),
                require_overall=True,
            ),
        )

    def _layout(self) -> w.VBox:
        panels = [
            w.VBox(
                [
                    self.headers[row.id],
                    self.choices[row.id],
                    self.disputed[row.id],
                    self.reveals[row.id],
                ],
                layout=w.Layout(margin="0 0 0.8em 0"),
            )
            for row in self.evidence.itertuples()
        ]
        box = w.VBox(
            [
                w.HTML(
                    "<h3>Judge each item</h3><p>For each item choose whether it is <b>consistent with independent "
                    "action</b> by AWS, <b>tends to exclude independent action</b>, or is <b>neutral</b>; tick "
                    "<i>disputed</i> if you think the other side has put it in doubt.</p><p>Then write <b>your "
                    f"reason</b> ({html.escape(REASON_RULE)}) and press <b>Save my judgement</b>. Only then does "
                    "<b>Show the court's treatment</b> open for that item. Your first judgement is kept; you may "
                    "change it afterwards, and your saved file holds both.</p>"
                ),
                *panels,
                w.HTML("<h3>What your judgements add up to</h3>"),
                self.reasoning,
                w.HTML(
                    "<p><b>Your overall judgement.</b> <i>Monsanto</i> asks whether the evidence <b>as a whole</b> "
                    "tends to exclude the possibility that AWS acted independently. The kit draws no conclusion "
                    "from your item judgements: weigh them yourself, and say why in your justification.</p>"
                ),
                self.overall,
                self.outcome_panel,
                self.court,
                w.HTML("<h3>Save my judgements</h3>"),
                self.name,
                self.justification,
                self.share,
                self.save_button,
                self.message,
            ]
        )
        mark_main(box, self.choices[self.items[0]], self.reasoning)
        return box

    def _ipython_display_(self):
        display(self.view)


FRINGE_OPTIONS = {words: key for key, words in antitrust.FRINGE.items()}


class MarketWidget:
    """Lesson 04's market-definition widget: analyst and fringe treatment in; shares, HHI and both labels out."""

    def __init__(self):
        self.table = data.load("cloud_market_share")
        self.sources = data.load("sources")
        names = antitrust.analysts(self.table)
        self.definitions = {
            a: str(self.table.loc[self.table["analyst"].astype(str) == a, "market_definition"].iloc[0]) for a in names
        }
        self.analyst = Select(
            label="Market definition (analyst)", options=[self._option(a) for a in names], value=self._option(names[0])
        )
        self.fringe = Select(
            label="The unnamed remainder", options=list(FRINGE_OPTIONS), value=antitrust.FRINGE["many_small"]
        )
        self.uncertain = w.Checkbox(
            value=True, description="Include shares marked uncertain", indent=False, layout=w.Layout(width="auto")
        )
        self.summary = w.HTML()
        self.figure_area = w.Output()
        for control in (self.analyst, self.fringe, self.uncertain):
            control.observe(self.update, names="value")
        self.view = self._layout()
        self.update()

    def _option(self, analyst: str) -> str:
        return f"{analyst}: {self.definitions[analyst]}"

    def market(self) -> antitrust.Market:
        """Return the market for the current choices."""
        analyst = next(a for a in self.definitions if self._option(a) == self.analyst.value)
        return antitrust.market(self.table, analyst, FRINGE_OPTIONS[self.fringe.value], self.uncertain.value)

    def update(self, _change=None) -> antitrust.Market:
        """Recompute the market from the controls and refresh the summary and the figure."""
        chosen = self.market()
        self.summary.value = (
            text_block(antitrust_figures.shares_summary(chosen))
            + f"<small style='font-size:12px'>Sources: {html.escape(_sources_text(chosen.source_ids, self.sources))}</small>"
        )
        show_figure(self.figure_area, mime_bundle(antitrust_figures.shares_figure_json(chosen), FIGURE_CONFIG))
        return chosen

    def _layout(self) -> w.VBox:
        box = w.VBox(
            [
                w.HTML(
                    "<h3>Choose a market definition</h3><p>Each analyst draws the cloud market differently. Choose "
                    "one, and how to treat the share no analyst names; the shares, the HHI and its label under the "
                    "2010 and 2023 guidelines follow. The same words are in the text below the figure.</p>"
                ),
                self.analyst,
                self.fringe,
                self.uncertain,
                self.summary,
                self.figure_area,
            ]
        )
        mark_main(box, self.analyst, self.summary)
        return box

    def _ipython_display_(self):
        display(self.view)


# The SSNIP widget's grids: every number is hypothetical (the record holds no margin or switching data).
SSNIP_RISES = (0.05, 0.10)
SSNIP_MARGINS = tuple(m / 100 for m in range(10, 95, 5))
SSNIP_LOSSES = tuple(p / 100 for p in range(0, 51))


class SsnipWidget:
    """Lesson 04's hypothetical-monopolist widget: a candidate market, a price rise, a margin and a predicted loss
    of sales in (all hypothetical); the critical loss, whether the rise pays and the figure out."""

    def __init__(self, price_rise: float = 0.05, margin: float = 0.40, predicted_loss: float = 0.15):
        table = data.load("cloud_market_share")
        definitions = {
            a: str(table.loc[table["analyst"].astype(str) == a, "market_definition"].iloc[0])
            for a in antitrust.analysts(table)
        }
        self.candidates = {f"{d} ({a}'s definition)": d for a, d in definitions.items()}
        names = list(self.candidates)
        self.candidate = Select(label="Candidate market", options=names, value=names[0])
        self.rise = RatingSlider(
            label="Price rise X (hypothetical)",
            value=SSNIP_RISES.index(price_rise),
            steps=index_steps(SSNIP_RISES, antitrust.percent_text),
        )
        self.margin = RatingSlider(
            label="Margin M, share of price (hypothetical)",
            value=SSNIP_MARGINS.index(margin),
            steps=index_steps(SSNIP_MARGINS, antitrust.percent_text),
        )
        self.loss = RatingSlider(
            label="Predicted loss of sales: buyers who switch away (hypothetical)",
            value=SSNIP_LOSSES.index(predicted_loss),
            steps=index_steps(SSNIP_LOSSES, antitrust.percent_text),
        )
        self.summary = LiveHTML()
        self.figure_area = w.Output()
        for control in (self.candidate, self.rise, self.margin, self.loss):
            control.observe(self.update, names="value")
        self.view = self._layout()
        self.update()

    def result(self) -> antitrust.Ssnip:
        """Return the test on the sliders' numbers."""
        return antitrust.ssnip(
            SSNIP_RISES[self.rise.value], SSNIP_MARGINS[self.margin.value], SSNIP_LOSSES[self.loss.value]
        )

    def update(self, _change=None) -> antitrust.Ssnip:
        """Recompute from the controls and refresh the words and the figure."""
        result = self.result()
        candidate = f"“{self.candidates[self.candidate.value]}”"
        head = (
            f"Your hypothetical numbers: a sole seller of {candidate} raises its price by "
            f"{antitrust.percent_text(result.price_rise)}."
        )
        words = antitrust.describe_ssnip(result, candidate)
        self.summary.html = text_block(f"{head}\n{words}\n{antitrust_figures.ssnip_summary(result)}")
        show_figure(self.figure_area, mime_bundle(antitrust_figures.ssnip_figure_json(result), FIGURE_CONFIG))
        return result

    def _layout(self) -> w.VBox:
        box = w.VBox(
            [
                w.HTML(
                    "<h3>Would a sole seller's price rise pay?</h3><p><b>Every number here is hypothetical</b>: the "
                    "record holds no margin or switching data. Choose a candidate market, a price rise X, a margin "
                    "M and the share of sales you predict would switch away; the critical loss, the verdict and a "
                    "figure follow, with the figure in words below it.</p>"
                ),
                self.candidate,
                self.rise,
                self.margin,
                self.loss,
                self.summary,
                self.figure_area,
            ]
        )
        mark_main(box, self.loss, self.summary)
        return box

    def _ipython_display_(self):
        display(self.view)
