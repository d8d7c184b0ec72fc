"""Lesson 00's widgets: the timeline explorer, and the claim checker (pick a claim of the news report, guess its
verdict and say why, save, then see the record that decides it).

Thin views over casekit.topics.case. It records only what the learner chose and wrote (`ClaimChecker.guesses`, claim
id -> first committed verdict; `latest`; `commitments.reasons`); every word it shows about the record comes from
the datasets.
"""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from casekit import data
from casekit.topics.case import figures as case_figures
from casekit.topics.case import reasoning as news
from casekit.topics.commitments import REASON_RULE, Commitments
from casekit.ui import tables, theme
from casekit.ui.controls import LiveHTML, Select, mark_main, show_figure, text_block
from casekit.ui.reveal import CommitReveal

NO_GUESS = "(choose your verdict)"


def claim_options(claims: pd.DataFrame) -> dict[str, str]:
    """Menu label -> claim id, numbered in the report's order."""
    return {f"{number}. {topic}": cid for number, (cid, topic) in enumerate(claims["topic"].items(), start=1)}


def claim_html(claim: pd.Series, report_label: str = "the report") -> str:
    """The claim, who makes it and the report's words: never its verdict (that opens after the learner's save)."""
    esc = html.escape
    return (
        "<div class='casekit-prose'>"
        f"<p><strong>Claim:</strong> {esc(str(claim['claim']))}</p>"
        f"<p><strong>The report's words:</strong> &ldquo;{esc(str(claim['quote']))}&rdquo; ({esc(report_label)})</p>"
        f"<p><strong>Who says it:</strong> {esc(news.SPEAKERS[str(claim['speaker'])])}</p>"
        "</div>"
    )


def verdict_html(claim: pd.Series, first: str, now: str | None = None, record: pd.DataFrame | None = None) -> str:
    """The record's verdict on CLAIM beside the learner's FIRST guess (and NOW, their current one, if changed):
    its confidence, reason, what the record says and the rows that decide it."""
    esc = html.escape
    verdict = str(claim["verdict"])
    same = "the same as your first guess" if first == verdict else "not your first guess"
    changed = "" if now in (None, first) else f" You have since changed it to: {esc(now)}."
    parts = [
        f"<p><strong>Your first guess:</strong> {esc(first)}.{changed} <strong>The record's verdict:</strong> "
        f"{esc(verdict)} ({same}); confidence {tables.confidence_badge(str(claim['confidence']))}</p>",
        f"<p><strong>Why:</strong> {esc(str(claim['reason']))}</p>",
        f"<p><strong>What the record says:</strong> {esc(str(claim['record_says']))}</p>",
    ]
    if record is not None and len(record):
        parts.append(
            tables.prose_table(
                record,
                ["row", "what", "says", "source_ids", "confidence"],
                "The rows and documents that decide it",
                labels={"row": "Row", "what": "What", "says": "It says"},
                row_header="row",
            )
        )
    return "<div class='casekit-prose'>" + "".join(parts) + "</div>"


class ClaimChecker(w.VBox):
    """Pick a claim, choose a verdict and write a reason, save, then see the record's rows with their sources and
    confidence. `guesses` holds the learner's FIRST committed guesses (what the tally counts), `latest` their
    current choices, `commitments.reasons` their reasons."""

    def __init__(self, claims: pd.DataFrame | None = None, **kwargs) -> None:
        self.claims = news.load_claims() if claims is None else claims
        self.frames = news.record_frames(self.claims)
        report_id = str(self.claims["report"].iloc[0])
        report = data.load("sources").loc[report_id]
        self.report_label = f"{report['title'].split(':')[0].split(' (')[0]}, {tables.date_text(report['date'])}"
        self.options = claim_options(self.claims)
        self.topics = {cid: label for label, cid in self.options.items()}
        self.commitments = Commitments()
        self.guesses: dict[str, str] = self.commitments.first  # claim id -> first committed verdict
        self.latest: dict[str, str] = {}  # claim id -> the verdict the menu shows now
        self.claim = Select(label="Claim", options=list(self.options), value=next(iter(self.options)))
        self.guess = Select(label="Your verdict", options=[NO_GUESS, *news.VERDICTS], value=NO_GUESS)
        self.panel = LiveHTML()
        self.reveal = CommitReveal(
            item=self.topics[self.claim_id], show_label="Show the record's verdict on:", on_commit=self._commit
        )
        self.tally = w.HTML()
        self._showing = False
        self.claim.observe(self._on_claim, names="value")
        self.guess.observe(self._on_guess, names="value")
        super().__init__(
            [
                w.HTML(
                    "<p>Choose your verdict and write <b>your reason</b> "
                    f"({html.escape(REASON_RULE)}), then press <b>Save my judgement</b>: only then does <b>Show the "
                    "record's verdict</b> open. Your first guess is kept and counted; you may change it afterwards.</p>"
                ),
                w.HBox([self.claim, self.guess]),
                self.panel,
                self.reveal,
                w.HTML("<b>Your first guesses so far</b>"),
                self.tally,
            ],
            **kwargs,
        )
        mark_main(self, self.claim, self.panel)
        self._show()

    @property
    def claim_id(self) -> str:
        """The id of the claim shown."""
        return self.options[self.claim.value]

    def _answer(self, cid: str) -> str:
        claim = self.claims.loc[cid]
        return verdict_html(claim, self.guesses[cid], self.latest.get(cid), news.record_table(claim, self.frames))

    def _commit(self, reveal: CommitReveal) -> str:
        cid = self.claim_id
        self.commitments.commit(cid, self.latest.get(cid), reveal.reason)
        self.tally.value = text_block(news.guess_summary(self.guesses, self.claims))
        return self._answer(cid)

    def _show(self) -> None:
        cid = self.claim_id
        self.panel.html = claim_html(self.claims.loc[cid], self.report_label)
        committed = self.commitments.committed(cid)
        self.reveal.reset(
            self.topics[cid],
            self.commitments.reasons.get(cid, ""),
            committed,
            self._answer(cid) if committed else "",
        )
        self.tally.value = text_block(news.guess_summary(self.guesses, self.claims))

    def _on_claim(self, _change=None) -> None:
        self._showing = True
        try:
            self.guess.value = self.latest.get(self.claim_id, NO_GUESS)
        finally:
            self._showing = False
        self._show()

    def _on_guess(self, change) -> None:
        if self._showing:
            return
        cid = self.claim_id
        if change["new"] == NO_GUESS:
            self.latest.pop(cid, None)
        else:
            self.latest[cid] = change["new"]
        if self.commitments.committed(cid):
            self.reveal.html = self._answer(cid)


def verdicts_html(
    claims: pd.DataFrame,
    summary: str = "Every verdict, in words (open after you have made your guesses)",
    counts: bool = True,
) -> str:
    """The text summary of every claim's verdict (reasoning.verdict_summary), folded in a <details> the keyboard opens."""
    return (
        f"<details class='casekit-verdicts'><summary style='cursor:pointer;font-weight:600'>{html.escape(summary)}"
        f"</summary>{text_block(news.verdict_summary(claims, counts=counts))}</details>"
    )


def timeline_explorer(timeline: pd.DataFrame | None = None) -> w.VBox:
    """Return the timeline with actor and event-type filters and a live text summary."""
    timeline = data.load("timeline") if timeline is None else timeline
    all_label = "(all)"
    actor = Select(label="Actor", options=[all_label, *map(str, timeline["actor"].cat.categories)], value=all_label)
    kind = Select(
        label="Event type", options=[all_label, *map(str, timeline["event_type"].cat.categories)], value=all_label
    )
    figure_area = w.Output()
    summary = w.HTML()

    def update(_change=None) -> None:
        rows = case_figures.filter_timeline(
            timeline,
            actors=None if actor.value == all_label else [actor.value],
            event_types=None if kind.value == all_label else [kind.value],
        )
        summary.value = text_block(case_figures.timeline_summary(rows))
        show_figure(figure_area, None if rows.empty else theme.mime_bundle(case_figures.timeline_figure(rows)))

    actor.observe(update, names="value")
    kind.observe(update, names="value")
    update()
    box = w.VBox([w.HBox([actor, kind]), figure_area, w.HTML("<b>Text summary of the events shown</b>"), summary])
    mark_main(box, actor, summary)
    return box
