"""Lesson 02's widgets: the notice calculator and reading the contract (both readings of § 7.2(b)(ii))."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from zoneinfo import ZoneInfo

import ipywidgets as w
import pandas as pd
from IPython.display import display

from casekit import data
from casekit.topics.commitments import REASON_RULE, Commitments
from casekit.topics.contract import figures as contract_figures
from casekit.topics.contract import reasoning as contract
from casekit.ui.controls import LiveHTML, Select, mark_main, show_figure, text_block
from casekit.ui.reveal import CommitReveal, share_box
from casekit.ui.saving import SAVE_FOLDER, justification_box, name_box, save_learner_record
from casekit.ui.theme import mime_bundle

FIGURE_CONFIG = {"displayModeBar": False}
NOT_DECIDED = "not yet decided"
READING_WORDS = {"parler": "Parler's reading", "aws": "AWS's reading"}
_READING_KEY = {words: key for key, words in READING_WORDS.items()}


def _sources_text(ids, sources: pd.DataFrame) -> str:
    return "; ".join(f"{i} ({sources.loc[i, 'confidence']})" if i in sources.index else i for i in ids)


def _badge(confidence: str) -> str:
    flag = " <b>Uncertain: treat this with care.</b>" if confidence == "uncertain" else ""
    return f"confidence: {html.escape(confidence)}{flag}"


def choice_options(folder: Path = contract.DATASETS) -> dict[str, str]:
    """Return the calculator's choices: words shown -> a ground id or a clause id (clauses that grant a remedy)."""
    options = {f"Ground: {label}": ground for ground, label in contract.grounds(folder).items()}
    for clause in contract.clauses(folder).values():
        if clause.grants_remedy:
            options[f"Clause {clause.section}: {clause.title}"] = clause.id
    return options


def zone_options() -> dict[str, str]:
    """Return the time zones a learner can give the notice in: words -> IANA name."""
    return {f"{label} ({zone})": zone for label, zone in contract.ZONES.items()}


def parse_notice(day: str, time: str, zone: str) -> dt.datetime:
    """Return the aware moment for DAY (YYYY-MM-DD), TIME (HH:MM) and ZONE, or raise ContractError saying what is wrong."""
    try:
        date = dt.date.fromisoformat(day.strip())
    except ValueError:
        raise contract.ContractError(
            f"the date {day!r} is not a date: write it as YYYY-MM-DD, e.g. 2021-01-09"
        ) from None
    try:
        clock = dt.time.fromisoformat(time.strip())
    except ValueError:
        raise contract.ContractError(
            f"the time {time!r} is not a time: write it as HH:MM (24-hour), e.g. 15:30"
        ) from None
    if clock.tzinfo is not None:
        raise contract.ContractError(f"the time {time!r} carries its own offset: give the zone in the time-zone menu")
    return dt.datetime.combine(date, clock, tzinfo=ZoneInfo(zone))


def _other_count(moment) -> str:
    """The second count of a period (RCW 1.12.040's way) as a short line under the kit's convention, or ''."""
    if moment is None:
        return ""
    return (
        "<br><small style='font-size:12px'><i>First day left out (RCW 1.12.040, uncertain as applied):</i> "
        f"from {html.escape(contract.format_moment(moment))}</small>"
    )


def schedule_html(choice: str, schedule, sources: pd.DataFrame, folder: Path = contract.DATASETS) -> str:
    """Return the remedies for CHOICE as an HTML table: action, earliest effect and cure end in three zones, paraphrase, sources."""
    caveats = ""
    if choice in contract.grounds(folder):
        answer = contract.remedies_for_ground(choice, folder)
        caveats = "".join(
            f"<p>{html.escape(text)} <small style='font-size:12px'>[{html.escape(_sources_text(ids, sources))}; {_badge(conf)}]</small></p>"
            for text, ids, conf in answer.caveats
        )
    if not schedule:
        return caveats or "<p>No clause in the kit's sources gives a remedy for this choice.</p>"
    rows = []
    for row in schedule:
        zones = contract.in_zones(row.effect_at)
        cure = (
            "no cure period"
            if row.clause.cure_days == 0
            else "not stated"
            if row.cure_ends is None
            else "<br>".join(html.escape(contract.format_moment(m)) for m in contract.in_zones(row.cure_ends).values())
        )
        how = f"<br><i>On this ground:</i> {html.escape(row.how)}" if row.how else ""
        effect_other = _other_count(row.effect_at_excluding_first_day)
        cure_other = _other_count(row.cure_ends_excluding_first_day) if row.cure_ends is not None else ""
        rows.append(
            "<tr>"
            f"<th scope='row' style='text-align:left'>{html.escape(row.clause.section)}<br>"
            f"<small style='font-size:12px'>{html.escape(row.clause.title)}</small></th>"
            f"<td>{html.escape(row.clause.action)}<br><small style='font-size:12px'>{html.escape(row.clause.notice)}</small></td>"
            f"<td>{'<br>'.join(html.escape(contract.format_moment(m)) for m in zones.values())}{effect_other}</td>"
            f"<td>{cure}{cure_other}</td>"
            f"<td>{html.escape(row.clause.summary)}{how}<br><small style='font-size:12px'>Sources: "
            f"{html.escape(_sources_text(row.clause.source_ids, sources))}; {_badge(row.clause.confidence)}</small></td>"
            "</tr>"
        )
    return caveats + (
        "<table class='casekit-notice' style='border-collapse:collapse;text-align:left' border='1' cellpadding='4'>"
        "<caption style='text-align:left'>What the clause allows, and the earliest moment it can take effect "
        "(Pacific, Eastern, UTC), counted by the kit's convention (N days at the same clock time) and, below it, "
        "as Washington's default rule counts (first day left out; uncertain as applied)</caption>"
        "<thead><tr><th scope='col'>Clause</th><th scope='col'>Remedy</th>"
        "<th scope='col'>Earliest effect</th><th scope='col'>Cure window ends</th>"
        "<th scope='col'>What the clause says (paraphrase)</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


class NoticeCalculator:
    """Lesson 02's notice calculator: a clause or ground and a moment of notice in; remedies, times and a timeline out."""

    def __init__(
        self,
        choice: str = "end_user_breach",
        day: str = "2021-01-09",
        time: str = "12:00",
        zone: str = "America/Los_Angeles",
    ):
        self.sources = data.load("sources")
        self.options = choice_options()
        self.zones = zone_options()
        words = {v: k for k, v in self.options.items()}
        self.choice = Select(label="Clause or ground", options=list(self.options), value=words[choice])
        self.day = w.Text(
            value=day,
            description="Date of notice",
            placeholder="YYYY-MM-DD",
            style={"description_width": "initial"},
            continuous_update=False,
        )
        self.time = w.Text(
            value=time,
            description="Time (24-hour)",
            placeholder="HH:MM",
            style={"description_width": "initial"},
            continuous_update=False,
        )
        self.zone = Select(
            label="Time zone", options=list(self.zones), value=next(k for k, v in self.zones.items() if v == zone)
        )
        self.message = LiveHTML()
        self.table = w.HTML()
        self.figure_area = w.Output()
        self.summary = w.HTML()
        self.parler_dates = contract.parler_dates()
        for control in (self.choice, self.day, self.time, self.zone):
            control.observe(self.update, names="value")
        self.view = self._layout()
        self.update()

    def notice_at(self) -> dt.datetime:
        """Return the moment of notice the learner entered (ContractError if it cannot be read)."""
        return parse_notice(self.day.value, self.time.value, self.zones[self.zone.value])

    def update(self, _change=None):
        """Recompute from the controls; a date or time that cannot be read is reported inline."""
        try:
            notice = self.notice_at()
        except contract.ContractError as exc:
            self.message.html = f"⚠ {html.escape(str(exc))}"
            return None
        choice = self.options[self.choice.value]
        schedule = contract.notice_schedule(choice, notice)
        self.message.html = html.escape(
            f"Notice given {contract.format_moment(notice)}: {len(schedule)} remedy(ies) for this choice."
        )
        self.table.value = schedule_html(choice, schedule, self.sources)
        self.summary.value = text_block(contract_figures.notice_summary(schedule, notice, self.parler_dates))
        show_figure(
            self.figure_area,
            mime_bundle(contract_figures.notice_figure_json(schedule, notice, self.parler_dates), FIGURE_CONFIG),
        )
        return schedule

    def _layout(self) -> w.VBox:
        box = w.VBox(
            [
                w.HTML(
                    "<h3>Notice calculator</h3><p>Choose a clause, or a ground on which AWS might act, and when "
                    "notice was given. The table says what the clause allows and the earliest moment it can take "
                    "effect; the timeline puts your notice above Parler's real dates. The text under the figure "
                    "says the same in words.</p>"
                ),
                self.choice,
                w.HBox([self.day, self.time]),
                self.zone,
                self.message,
                self.table,
                self.figure_area,
                w.HTML("<b>Text summary of the timeline</b>"),
                self.summary,
            ]
        )
        mark_main(box, self.choice, self.table)
        return box

    def _ipython_display_(self):
        display(self.view)


def arguments_list(rows, sources: pd.DataFrame) -> str:
    """Return argument rows as an HTML list, each with its evidence, sources and confidence."""
    return (
        "<ul>"
        + "".join(
            f"<li>{html.escape(str(r['argument']))} <i>Evidence:</i> {html.escape(str(r['evidence']))} "
            f"<small style='font-size:12px'>[{html.escape(_sources_text(r['source_ids'], sources))}; "
            f"{_badge(str(r['confidence']))}]</small></li>"
            for r in rows
        )
        + "</ul>"
    )


def question_html(question: contract.Question, sources: pd.DataFrame) -> str:
    """Return one question with both readings side by side, each with the arguments behind it."""
    sides = "".join(
        f"<div style='flex:1;min-width:18em'><b>{READING_WORDS[key]}</b><p>{html.escape(question.readings[key])}</p>"
        f"<details><summary>The arguments behind {READING_WORDS[key]} on question {question.position} "
        "(sources, confidence)</summary>"
        f"{arguments_list(question.arguments[key], sources)}</details></div>"
        for key in ("parler", "aws")
    )
    return (
        f"<p style='margin:0.6em 0 0.2em 0'><b>{question.position}. {html.escape(question.question)}</b> "
        f"<small style='font-size:12px'>({_badge(question.confidence)})</small></p>"
        f"<div style='display:flex;gap:1em;flex-wrap:wrap'>{sides}</div>"
    )


def chain_html(chain: contract.Chain, questions: tuple[contract.Question, ...], show_court: bool = True) -> str:
    """Return the chain of reasoning from the learner's readings to the conclusion, beside the court's rating
    (SHOW_COURT False: without it, until the learner has saved every reading)."""
    texts = {q.id: q.question for q in questions}
    steps = "".join(
        f"<li><b>{html.escape(texts[qid])}</b> You chose: "
        f"{html.escape(READING_WORDS.get(chosen, NOT_DECIDED))}. {html.escape(text)}</li>"
        for qid, chosen, text in chain.steps
    )
    return f"<ol class='casekit-chain'>{steps}</ol><p><b>{html.escape(chain.conclusion)}</b></p>" + (
        f"<p>{html.escape(chain.court_words)}</p>" if show_court else ""
    )


def court_answer_html(q: contract.Question, sources: pd.DataFrame) -> str:
    """Return the court's answer to question Q as reported, with its findings' sources and confidence."""
    ids = tuple(dict.fromkeys(s for f in q.court_findings for s in f["source_ids"]))
    weakest = max((str(f["confidence"]) for f in q.court_findings), key=data.CONFIDENCE.index)
    return (
        f"<b>{html.escape(q.question)}</b> {html.escape(q.court_answer)} "
        f"<small style='font-size:12px'>[{html.escape(_sources_text(ids, sources))}; {_badge(weakest)}]</small>"
    )


def court_answers_html(questions: tuple[contract.Question, ...], sources: pd.DataFrame) -> str:
    """Return the court's answer to each question as reported, with the findings' sources and confidence."""
    return (
        "<ul class='casekit-court'>" + "".join(f"<li>{court_answer_html(q, sources)}</li>" for q in questions) + "</ul>"
    )


def question_court_html(q: contract.Question, first: str, now: str | None, sources: pd.DataFrame) -> str:
    """Return one question's comparison, opened after the learner's save: their first reading (and the current
    one if changed) beside the court's answer as reported."""
    changed = "" if now == first else f" You have since changed it to: {READING_WORDS.get(now, NOT_DECIDED)}."
    court = q.court_reading if q.court_reading in contract.READINGS else None
    verdict = (
        "" if court is None else (" The same as your first reading." if court == first else " Not your first reading.")
    )
    return (
        f"<p><b>Your first reading:</b> {html.escape(READING_WORDS[first])}.{html.escape(changed)}</p>"
        f"<p><b>The court, as reported:</b> {court_answer_html(q, sources)}{html.escape(verdict)}</p>"
    )


class ReadingWidget:
    """Lesson 02's 'reading the contract' widget: choose the stronger reading of each question; see the chain and the rating."""

    def __init__(self, folder: Path = SAVE_FOLDER):
        self.sources = data.load("sources")
        self.questions = contract.questions()
        self.folder = folder
        options = [NOT_DECIDED, *READING_WORDS.values()]
        self.choices = {
            q.id: Select(label=f"The stronger reading, to you: {q.question}", options=options, value=NOT_DECIDED)
            for q in self.questions
        }
        self.outcome = LiveHTML()
        self.chain = w.HTML()
        self.figure_area = w.Output()
        self.rating_text = w.HTML()
        self.court = w.HTML()
        self.by_id = {q.id: q for q in self.questions}
        self.commitments = Commitments()
        self.reveals = {
            q.id: CommitReveal(
                item=q.question,
                show_label="Show the court's answer to:",
                on_commit=lambda reveal, q=q.id: self.commit(q),
            )
            for q in self.questions
        }
        self.name = name_box()
        self.justification = justification_box("Say why you find these readings stronger")
        self.save_button = w.Button(description="Save my readings", icon="save", layout=w.Layout(width="auto"))
        self.share = share_box()
        self.message = w.HTML()
        for control in self.choices.values():
            control.observe(self.update, names="value")
        self.save_button.on_click(self.save)
        self.view = self._layout()
        self.update()

    def chosen(self) -> dict[str, str | None]:
        """Return the learner's readings: question id -> 'parler', 'aws' or None."""
        return {qid: _READING_KEY.get(select.value) for qid, select in self.choices.items()}

    def all_saved(self) -> bool:
        """Return True once the learner has saved a reading and a reason on every question."""
        return self.commitments.all_committed(self.by_id)

    def update(self, _change=None) -> contract.Chain:
        """Recompute the chain and the rating from the learner's readings and refresh every output; the court's
        rating (words, figure) appears only once every question is saved."""
        chain = contract.reasoning_chain(self.chosen())
        done = self.all_saved()
        self.outcome.html = html.escape(chain.conclusion)
        self.chain.value = chain_html(chain, self.questions, show_court=done)
        now = self.chosen()
        for qid, reveal in self.reveals.items():
            if self.commitments.committed(qid):
                reveal.html = question_court_html(self.by_id[qid], self.commitments.first[qid], now[qid], self.sources)
        if done:
            self.rating_text.value = text_block(contract_figures.rating_summary(chain.rating, chain.court_rating))
            self.court.value = (
                "<details class='casekit-court-all'><summary>The court's answers to all three questions</summary>"
                + court_answers_html(self.questions, self.sources)
                + "</details>"
            )
            show_figure(
                self.figure_area,
                mime_bundle(contract_figures.rating_figure_json(chain.rating, chain.court_rating), FIGURE_CONFIG),
            )
        else:
            saved = sum(self.commitments.committed(q) for q in self.by_id)
            self.rating_text.value = ""
            self.court.value = (
                "<p><i>The court's rating, as the kit reads it, and its answers to all the questions appear here "
                f"once you have saved your reading and reason on every question ({saved} of {len(self.by_id)} "
                "saved).</i></p>"
            )
            show_figure(self.figure_area, None)
        return chain

    def commit(self, qid: str) -> str:
        """Save the learner's reading and reason on question QID (the first reading is kept); return the court's
        answer as HTML. Raise CommitError (a ValueError) if no reading is chosen or the reason is too short."""
        self.commitments.commit(qid, self.chosen()[qid], self.reveals[qid].reason)
        self.update()
        return question_court_html(self.by_id[qid], self.commitments.first[qid], self.chosen()[qid], self.sources)

    def save(self, _button=None) -> Path | None:
        """Save the learner's readings and justification as JSON; report problems inline, never raise."""
        return save_learner_record(
            self.message,
            self.folder,
            contract.ContractError,
            lambda **stamp: contract.readings_record(
                self.name.value,
                self.chosen(),
                self.justification.value,
                **stamp,
                commitments=self.commitments.fields(self.by_id, self.share.value),
            ),
        )

    def _layout(self) -> w.VBox:
        panels = [
            w.VBox(
                [w.HTML(question_html(q, self.sources)), self.choices[q.id], self.reveals[q.id]],
                layout=w.Layout(margin="0 0 0.8em 0"),
            )
            for q in self.questions
        ]
        box = w.VBox(
            [
                w.HTML(
                    "<h3>Reading the contract</h3><p>For each question, read both readings and the arguments "
                    "behind them, then choose the one you find stronger. The chain below follows your choices to a "
                    "conclusion on the contract claim and the rating it implies on lesson 01's scale.</p><p>Then write "
                    f"<b>your reason</b> ({html.escape(REASON_RULE)}) and press <b>Save my judgement</b>. Only then "
                    "does <b>Show the court's answer</b> open for that question. Your first reading is kept; you may "
                    "change it afterwards, and your saved file holds both. The court's rating appears once every "
                    "question is saved.</p>"
                ),
                *panels,
                w.HTML("<h3>Where your readings lead</h3>"),
                self.outcome,
                self.chain,
                self.figure_area,
                self.rating_text,
                self.court,
                w.HTML("<h3>Save my readings</h3>"),
                self.name,
                self.justification,
                self.share,
                self.save_button,
                self.message,
            ]
        )
        mark_main(box, self.choices[self.questions[0].id], self.chain)
        return box

    def _ipython_display_(self):
        display(self.view)
