"""Lesson 05's moot-court widgets: counsel's brief builder and the bench memo (thin views over casekit.topics.moot.reasoning)."""

from __future__ import annotations

import html
import json
from pathlib import Path

import ipywidgets as w
from IPython.display import display

from casekit import data
from casekit.paths import LESSONS
from casekit.topics.moot import reasoning as moot
from casekit.topics.relief import reasoning as relief
from casekit.topics.relief.widgets import PROSE_STYLE, argument_options, group_by_factor, rating_steps
from casekit.ui.controls import ChoiceList, LiveHTML, RatingSlider, Select, mark_main, text_block
from casekit.ui.saving import name_box, save_learner_record
from casekit.ui.tables import confidence_badge

MOOT_FOLDER = Path("my-moot-court")
EXAMPLE_BRIEFS = tuple(sorted((LESSONS / "briefs").glob("*.json")))
DATASET_WORDS = {
    "timeline": "Timeline",
    "antitrust_evidence": "Antitrust evidence",
    "moderation_record": "Moderation record",
    "contract_clauses": "Contract clauses",
}


def evidence_options(evidence: dict, sources) -> list[dict]:
    """Return every evidence row as a ChoiceList option, grouped by dataset, with sources and confidence."""

    def described(ids):
        return "; ".join(f"{i} ({sources.loc[i, 'confidence']})" if i in sources.index else i for i in ids)

    return [
        {
            "value": i,
            "group": f"Evidence: {DATASET_WORDS[row['dataset']]}",
            "text": f"{i}: {row['text']}",
            "detail": f"Sources: {described(row['source_ids'])} · Confidence: {row['confidence']}",
        }
        for i, row in evidence.items()
    ]


def _words_html(text: str, missing: str) -> str:
    return html.escape(text) if text else f"<i>{missing}</i>"


def outline_html(brief: dict, sections: list[moot.IracSection]) -> str:
    """Return a brief's IRAC outline as HTML: per factor the learner's issue, application (with the cited rows,
    badged) and conclusion, the kit's rule as a reference, and the warnings."""
    parts = [
        f"<div style='{PROSE_STYLE}'><h4>Brief for {html.escape(brief['side'])}"
        f"{' (example written for the kit)' if brief.get('written_for_kit') else ''}</h4>"
    ]
    for section in sections:
        cited = (
            "".join(
                f"<li><code>{html.escape(c.id)}</code> {confidence_badge(c.confidence)} {html.escape(c.text)} "
                f"<small style='font-size:12px'>(sources: {html.escape(', '.join(c.source_ids))})</small></li>"
                for c in section.cited
            )
            or "<li>Nothing cited.</li>"
        )
        warnings = "".join(
            f"<p role='note'><b>⚠ Warning:</b> this factor {html.escape(x)}.</p>" for x in section.warnings
        )
        summary = (
            html.escape(section.conclusion)
            if section.conclusion
            else ("no conclusion yet" if section.argued else "not argued")
        )
        parts.append(
            f"<details><summary><b>{html.escape(section.label)}</b>: {summary}"
            f"{' ⚠' if section.warnings else ''}</summary>"
            f"<p><b>Issue.</b> {_words_html(section.issue, '(optional; not written)')}</p>"
            f"<p><b>Rule</b> (the kit's paraphrase, for reference). {html.escape(section.rule)}</p>"
            f"<p><b>Application.</b> {_words_html(section.application, '(not written)')}</p>"
            f"<ul>{cited}</ul><p><b>Conclusion.</b> {_words_html(section.conclusion, '(not written)')}</p>"
            f"{warnings}</details>"
        )
    if brief.get("conclusion"):
        parts.append(f"<p><b>Counsel's conclusion.</b> {html.escape(brief['conclusion'])}</p>")
    return "".join(parts) + "</div>"


def briefs_html(paths, factor_info=None, arguments=None, evidence=None) -> str:
    """The briefs at PATHS as the bench reads them (one IRAC outline each); a brief that cannot be read is named."""
    if factor_info is None:
        factor_info = data.load("relief_factors").to_dict("index")
    if arguments is None or evidence is None:
        arguments, evidence = moot.load_catalogues()
    parts = []
    for path in map(Path, paths):
        try:
            record = moot.validate_brief(json.loads(path.read_text(encoding="utf-8")), path.name, arguments, evidence)
        except (OSError, ValueError) as exc:
            parts.append(f"<p role='alert'>⚠ {html.escape(path.name)} cannot be read: {html.escape(str(exc))}</p>")
            continue
        parts.append(outline_html(record, moot.irac_outline(record, factor_info, arguments, evidence)))
    return "".join(parts) or "<p>No briefs given.</p>"


class _Moot:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        factors = data.load("relief_factors")
        self.factor_info = factors.to_dict("index")
        self.labels = {f: str(factors.loc[f, "label"]) for f in relief.FACTORS}
        self.sources = data.load("sources")
        self.arguments, self.evidence = moot.load_catalogues()
        self.message = w.HTML()
        self.name = name_box()

    def _ipython_display_(self):
        display(self.view)


def _text_box(description: str, placeholder: str, as_you_type: bool = False) -> w.Text:
    """A labelled one-line box; unless AS_YOU_TYPE, its value is sent when the learner presses Enter or leaves it
    (so the outline, a live region, is not rebuilt and announced at every key)."""
    return w.Text(
        description=description,
        placeholder=placeholder,
        continuous_update=as_you_type,
        style={"description_width": "initial"},
        layout=w.Layout(width="48em", max_width="100%"),
    )


class BriefBuilder(_Moot):
    """Counsel's brief in IRAC form, in the learner's own words: per factor an optional issue, the rows relied on
    (arguments first, then record rows, with a search), a required rule application and a required conclusion.
    The rule and the rows are shown only as references. Saves JSON (docs/brief-schema.md) and a Markdown hand-in."""

    def __init__(self, folder: Path = MOOT_FOLDER / "briefs"):
        super().__init__(folder)
        by_factor = group_by_factor(data.load("arguments"), side_column="side")
        self.record_options = evidence_options(self.evidence, self.sources)
        self.argument_options = {f: argument_options(f, by_factor, self.sources) for f in relief.FACTORS}
        self.side = Select(label="You argue for", options=list(moot.SIDES), value=moot.SIDES[0])
        self.issues = {
            f: _text_box(
                f"Issue on {self.labels[f]} (optional, short)",
                f"the question on this factor, in your words (at most {moot.MAX_ISSUE_CHARS} characters)",
            )
            for f in relief.FACTORS
        }
        self.searches = {
            f: _text_box(f"Find record rows for {self.labels[f]}", "words or an id, e.g. notice, backlog, t16", True)
            for f in relief.FACTORS
        }
        self.choosers = {
            f: ChoiceList(
                summary=f"{self.labels[f]}: the rows you rely on and your rule application",
                legend=f"{self.labels[f]}: tick the arguments, then the record rows, you rely on",
                options=self.argument_options[f] + self.record_options,
                words_label=(
                    f"Rule application on {self.labels[f]} (required): apply the rule to the rows you ticked, "
                    f"in your own words (at most {moot.MAX_APPLICATION_CHARS} characters)"
                ),
                max_words=moot.MAX_APPLICATION_CHARS,
            )
            for f in relief.FACTORS
        }
        self.conclusions = {
            f: _text_box(
                f"Conclusion on {self.labels[f]} (required)",
                f"which side this factor favours, and how strongly, in one sentence (at most {moot.MAX_POINT_CHARS})",
            )
            for f in relief.FACTORS
        }
        self.outline = LiveHTML()
        self.conclusion = w.Textarea(
            description="Conclusion",
            placeholder="What you ask the court to do, and why",
            layout=w.Layout(width="40em", height="4em"),
        )
        self.save_button = w.Button(
            description="Save my brief", icon="save", layout=w.Layout(width="auto", align_self="flex-start")
        )
        self.side.observe(self.update, names="value")
        for f in relief.FACTORS:
            self.choosers[f].observe(self.update, names=["value", "words"])
            self.issues[f].observe(self.update, names="value")
            self.conclusions[f].observe(self.update, names="value")
            self.searches[f].observe(lambda change, factor=f: self.search(factor), names="value")
        self.save_button.on_click(self.save)
        self.view = self._layout()
        self.update()

    def search(self, factor: str) -> None:
        """Show FACTOR's arguments, then the record rows that match its search box (rows already ticked stay)."""
        chooser = self.choosers[factor]
        shown = set(moot.search_rows(self.evidence, self.searches[factor].value)) | set(chooser.value)
        chooser.options = self.argument_options[factor] + [o for o in self.record_options if o["value"] in shown]

    def factors(self) -> dict:
        """Return what the learner chose and wrote: factor -> {"arguments", "evidence", "issue", "application",
        "conclusion"} (issue and conclusion on one line)."""
        return {
            f: {
                "arguments": [i for i in c.value if i in self.arguments],
                "evidence": [i for i in c.value if i in self.evidence],
                "issue": " ".join(self.issues[f].value.split()),
                "application": c.words.strip(),
                "conclusion": " ".join(self.conclusions[f].value.split()),
            }
            for f, c in self.choosers.items()
        }

    def brief(self, learner: str = "", saved_at: str = "") -> dict:
        """Return the brief as it stands (unchecked name), for the outline."""
        return {
            "side": self.side.value,
            "learner": learner or "(your name)",
            "saved_at": saved_at,
            "factors": self.factors(),
            "conclusion": self.conclusion.value.strip(),
        }

    def update(self, _change=None) -> list[moot.IracSection] | None:
        """Rebuild the IRAC outline and its warnings from the learner's choices and words."""
        brief = self.brief()
        try:
            sections = moot.irac_outline(brief, self.factor_info, self.arguments, self.evidence)
        except moot.BriefError as exc:  # e.g. an issue longer than allowed: say so, keep the last outline
            self.outline.html = f"<p role='alert'>⚠ {html.escape(str(exc))}</p>"
            return None
        self.outline.html = outline_html(brief, sections)
        return sections

    def save(self, _button=None) -> Path | None:
        """Save the brief as JSON and as Markdown beside it; report problems inline, never raise."""

        def markdown_beside(record: dict, path: Path) -> str:
            sections = moot.irac_outline(record, self.factor_info, self.arguments, self.evidence)
            path.with_suffix(".md").write_text(moot.brief_markdown(record, sections), encoding="utf-8")
            return f" and {path.with_suffix('.md').name} (to hand in)"

        return save_learner_record(
            self.message,
            self.folder,
            moot.BriefError,
            lambda **stamp: moot.brief_record(
                self.name.value,
                self.side.value,
                self.factors(),
                **stamp,
                arguments=self.arguments,
                evidence=self.evidence,
                conclusion=self.conclusion.value,
            ),
            then=markdown_beside,
        )

    def _factor_box(self, number: int, factor: str) -> w.VBox:
        rule = html.escape(str(self.factor_info[factor]["rule"]))
        return w.VBox(
            [
                w.HTML(
                    f"<div style='{PROSE_STYLE}'><h4>{number}. {html.escape(self.labels[factor])}</h4>"
                    f"<p><b>Rule</b> (the kit's paraphrase, for reference): {rule}</p></div>"
                ),
                self.issues[factor],
                self.searches[factor],
                self.choosers[factor],
                self.conclusions[factor],
            ]
        )

    def _layout(self) -> w.VBox:
        box = w.VBox(
            [
                w.HTML(
                    f"<div style='{PROSE_STYLE}'><h3>Build your brief</h3><p>Choose your side. For each factor you "
                    "argue, the kit shows the rule and the rows of the record <b>as references</b>; the argument is "
                    "yours. Write the issue if you like (optional), open the factor's rows and tick the arguments, "
                    "then the record rows, <b>you</b> rely on (the search narrows the record rows), and write your "
                    "<b>rule application</b> and your <b>conclusion</b> in your own words: both are required for "
                    "every factor you argue. The outline below follows what you write and warns when a factor cites "
                    "nothing, rests only on uncertain rows or lacks your words.</p></div>"
                ),
                self.side,
                *(self._factor_box(n, f) for n, f in enumerate(relief.FACTORS, start=1)),
                w.HTML("<h3>Your brief, in IRAC form</h3>"),
                self.outline,
                w.HTML("<h3>Save my brief</h3>"),
                self.name,
                self.conclusion,
                self.save_button,
                self.message,
            ]
        )
        mark_main(box, self.side, self.outline)
        return box


class BenchMemo(_Moot):
    """The bench: read two briefs, rate each factor; relief.weigh rules on both tests, compared with the court."""

    def __init__(self, briefs: list[Path] | None = None, folder: Path = MOOT_FOLDER / "memos"):
        super().__init__(folder)
        self.brief_paths = [Path(p) for p in (briefs if briefs is not None else EXAMPLE_BRIEFS)]
        self.findings = moot.court_findings_by_factor(data.load("court_findings").to_dict("records"))
        self.briefs_html = w.HTML(self._briefs_html())
        self.sliders = {f: RatingSlider(label=self.labels[f], steps=rating_steps(f), value=0) for f in relief.FACTORS}
        self.reasons = {
            f: w.Text(
                description=f"Why ({self.labels[f]})",
                placeholder="optional, your own words",
                style={"description_width": "initial"},
                layout=w.Layout(width="40em"),
            )
            for f in relief.FACTORS
        }
        self.ruling = LiveHTML()
        self.save_button = w.Button(
            description="Save my bench memo", icon="save", layout=w.Layout(width="auto", align_self="flex-start")
        )
        for slider in self.sliders.values():
            slider.observe(self.update, names="value")
        self.save_button.on_click(self.save)
        self.view = self._layout()
        self.update()

    def _briefs_html(self) -> str:
        return briefs_html(self.brief_paths, self.factor_info, self.arguments, self.evidence)

    def assessments(self) -> dict:
        """Return the bench's ratings, factor id -> -2..2."""
        return {f: s.value for f, s in self.sliders.items()}

    def update(self, _change=None) -> moot.BenchRuling:
        """Rule on the current ratings and show the ruling, its reasons, and how it differs from the court's."""
        ruling = moot.bench_ruling(self.assessments(), self.findings, self.labels)
        self.ruling.html = text_block(moot.ruling_text(ruling, self.labels))
        return ruling

    def save(self, _button=None) -> Path | None:
        """Save the memo as JSON (casekit.memo/1); report problems inline, never raise."""
        return save_learner_record(
            self.message,
            self.folder,
            moot.BriefError,
            lambda **stamp: moot.memo_record(
                self.name.value,
                self.assessments(),
                **stamp,
                briefs=[p.name for p in self.brief_paths],
                reasons={f: t.value for f, t in self.reasons.items()},
            ),
        )

    def _layout(self) -> w.VBox:
        box = w.VBox(
            [
                w.HTML(f"<div style='{PROSE_STYLE}'><h3>The briefs before the bench</h3></div>"),
                self.briefs_html,
                w.HTML(
                    f"<div style='{PROSE_STYLE}'><h3>Rate each factor</h3><p>From <b>strongly AWS</b> (−2) to "
                    "<b>strongly Parler</b> (+2). The ruling below follows your ratings.</p></div>"
                ),
                *self.sliders.values(),
                *self.reasons.values(),
                w.HTML("<h3>The bench's ruling</h3>"),
                self.ruling,
                w.HTML("<h3>Save my bench memo</h3>"),
                self.name,
                self.save_button,
                self.message,
            ]
        )
        mark_main(box, self.sliders["success_contract"], self.ruling)
        return box
