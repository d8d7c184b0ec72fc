"""Lesson 03's widgets: the report queue, labelling posts against a policy, and a keyword filter."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w
from IPython.display import display

from casekit import data
from casekit.topics.moderation import figures as moderation_figures
from casekit.topics.moderation import reasoning as moderation
from casekit.ui.controls import LiveHTML, RatingSlider, Select, index_steps, mark_main, show_figure, text_block
from casekit.ui.saving import name_box, save_learner_record
from casekit.ui.theme import mime_bundle

FIGURE_CONFIG = {"displayModeBar": False}
LABELS_FOLDER = Path("my-labels")
NOT_CHOSEN = "(not chosen)"

# Hypothetical parameter grids for the queue widget (only the starting backlog comes from the record).
MILLION_USERS = tuple(range(10, 16))  # the 10-15 million accounts/users Parler claimed
REPORT_RATES = tuple(r / 10 for r in range(0, 31))  # reports per 1,000 accounts per day
MODERATOR_COUNTS = (0, 5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000)
REVIEW_RATES = (25, 50, 100, 150, 200, 300, 400, 600, 800, 1000)
HORIZONS = (7, 14, 30, 60, 90)
NOISE_SHARES = tuple(r / 10 for r in range(0, 10))  # share of reports that are duplicates or not violations
THREAT_SHARES = (0.0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2)  # share of reports that are credible threats
RESERVED_REVIEWS = (0, 25, 50, 100, 200, 400, 800, 1600)  # reviews a day kept for the priority lane
PREVALENCES = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05)  # share of all posts needing action, 0.1%-5%


def _show_figure(area: w.Output, figure: dict) -> None:
    show_figure(area, mime_bundle(figure, FIGURE_CONFIG))


def _record_backlog() -> tuple[float, str]:
    """The starting backlog and its citation, from datasets/moderation_record.csv."""
    record = data.load("moderation_record")
    row = record.loc["backlog_26000"]
    citation = f"{'; '.join(row['source_ids'])} (confidence: {row['confidence']})"
    return float(row["value"]), citation


class QueueWidget:
    """Sliders for hypothetical users, report rate, moderators, review rate, the share of reports that are not
    violations, the share that are threats and the reviews reserved for them; backlog curve, the wait a new report
    faces, and each triage lane's wait out."""

    def __init__(
        self, users=12, rate=0.2, moderators=50, reviews=100, horizon=30, noise=0.5, threats=0.02, reserved=400
    ):
        self.initial, self.citation = _record_backlog()
        self.users = RatingSlider(
            label="Accounts (claimed 10-15 million)",
            value=MILLION_USERS.index(users),
            steps=index_steps(MILLION_USERS, lambda v: f"{v} million"),
        )
        self.rate = RatingSlider(
            label="New reports per 1,000 accounts a day",
            value=REPORT_RATES.index(rate),
            steps=index_steps(REPORT_RATES, lambda v: f"{v:.1f}"),
        )
        self.moderators = RatingSlider(
            label="Moderators",
            value=MODERATOR_COUNTS.index(moderators),
            steps=index_steps(MODERATOR_COUNTS, lambda v: f"{v:,}"),
        )
        self.reviews = RatingSlider(
            label="Reviews per moderator a day",
            value=REVIEW_RATES.index(reviews),
            steps=index_steps(REVIEW_RATES, lambda v: f"{v:,}"),
        )
        self.horizon = RatingSlider(
            label="Days shown", value=HORIZONS.index(horizon), steps=index_steps(HORIZONS, lambda v: f"{v} days")
        )
        self.noise = RatingSlider(
            label="Reports that are duplicates or not violations (assumption)",
            value=NOISE_SHARES.index(noise),
            steps=index_steps(NOISE_SHARES, lambda v: f"{v:.0%}"),
        )
        self.threats = RatingSlider(
            label="Reports that are credible threats (assumption)",
            value=THREAT_SHARES.index(threats),
            steps=index_steps(THREAT_SHARES, lambda v: f"{v:.1%}"),
        )
        self.reserved = RatingSlider(
            label="Reviews a day reserved for threats",
            value=RESERVED_REVIEWS.index(reserved),
            steps=index_steps(RESERVED_REVIEWS, lambda v: f"{v:,}"),
        )
        self.summary = LiveHTML()
        self.figure_area = w.Output()
        for control in self.controls:
            control.observe(self.update, names="value")
        self.view = self._layout()
        self.update()

    @property
    def controls(self) -> tuple:
        return (
            self.users,
            self.rate,
            self.moderators,
            self.reviews,
            self.horizon,
            self.noise,
            self.threats,
            self.reserved,
        )

    def parameters(self) -> dict:
        """Return the current hypothetical parameters as numbers."""
        return {
            "users": MILLION_USERS[self.users.value] * 1_000_000,
            "reports_per_1000": REPORT_RATES[self.rate.value],
            "moderators": MODERATOR_COUNTS[self.moderators.value],
            "reviews": REVIEW_RATES[self.reviews.value],
            "days": HORIZONS[self.horizon.value],
            "not_violation_share": NOISE_SHARES[self.noise.value],
            "threat_share": THREAT_SHARES[self.threats.value],
            "reserved": RESERVED_REVIEWS[self.reserved.value],
        }

    def update(self, _change=None) -> moderation.Queue:
        """Rerun the queue model from the sliders and refresh the summary and the figure."""
        p = self.parameters()
        arrivals = moderation.daily_reports(p["users"], p["reports_per_1000"])
        queue = moderation.run_queue(self.initial, arrivals, p["moderators"], p["reviews"], p["days"])
        scale = (
            f"{p['users'] / 1e6:.0f} million accounts x {p['reports_per_1000']:.1f} reports per 1,000 a day "
            f"= {arrivals:,.0f} new reports a day (hypothetical)."
        )
        found, other = moderation.review_outcomes(queue.capacity, p["not_violation_share"])
        work = (
            f"Assumption: every report costs one review, whatever it turns out to be. With "
            f"{p['not_violation_share']:.0%} of reports duplicates or not violations, {found:,.0f} of the "
            f"{queue.capacity:,.0f} reviews a day find a violation and {other:,.0f} do not, but all of them count "
            "in the wait."
        )
        self.summary.html = text_block(
            "\n".join([scale, moderation_figures.backlog_summary(queue), work, self.triage_text(queue, p)])
        )
        _show_figure(self.figure_area, moderation_figures.backlog_figure_json(queue))
        return queue

    @staticmethod
    def triage_text(queue: moderation.Queue, p: dict) -> str:
        """The severity-triage lines: each lane's wait now and whether it grows without bound."""
        if p["reserved"] > queue.capacity:
            return (
                f"Severity triage: {p['reserved']:,} reviews a day reserved for threats is more than the team's "
                f"capacity ({queue.capacity:,.0f}); reserve fewer, or add moderators."
            )
        triage = moderation.triage_waits(
            queue.initial, queue.arrivals, queue.capacity, p["threat_share"], p["reserved"]
        )
        lines = [
            f"Severity triage: credible threats ({p['threat_share']:.1%} of reports, an assumption) go to their own "
            f"lane with {p['reserved']:,} reviews a day reserved; the rest wait for the other "
            f"{triage.ordinary.capacity:,.0f}. Assumption: reserved reviewers do only threats."
        ]
        for lane in (triage.priority, triage.ordinary):
            head = (
                f"  {lane.name} lane: {lane.backlog:,.0f} waiting, {lane.arrivals:,.0f} arriving a day, "
                f"{lane.capacity:,.0f} reviews a day: "
            )
            if lane.wait_now == float("inf"):
                lines.append(head + "a report filed now is never reviewed.")
            elif lane.growing:
                lines.append(
                    head + f"a report filed now waits {lane.wait_now:,.1f} days; the wait GROWS WITHOUT BOUND."
                )
            else:
                lines.append(head + f"a report filed now waits {lane.wait_now:,.1f} days.")
        return "\n".join(lines)

    def _layout(self) -> w.VBox:
        box = w.VBox(
            [
                w.HTML(
                    f"<p>Starting backlog: <b>{self.initial:,.0f} reports</b>, the figure Parler's CEO gave AWS "
                    f"(sources: {html.escape(self.citation)}). <b>Every slider is hypothetical.</b></p>"
                ),
                *self.controls,
                self.summary,
                self.figure_area,
            ]
        )
        mark_main(box, self.moderators, self.summary)
        return box

    def _ipython_display_(self):
        display(self.view)


def _policy_html(rules: dict) -> str:
    rows = "".join(
        f"<tr><th scope='row' style='text-align:left'>{html.escape(c)}</th><td>{html.escape(a)}</td>"
        f"<td>{html.escape(meaning)}</td></tr>"
        for c, (a, meaning) in rules.items()
    )
    return (
        "<details><summary>The policy (categories and their usual action)</summary>"
        "<table style='border-collapse:collapse' border='1' cellpadding='4'><thead><tr><th scope='col'>category"
        "</th><th scope='col'>usual action</th><th scope='col'>meaning</th></tr></thead><tbody>"
        + rows
        + "</tbody></table></details>"
    )


def confusion_html(table) -> str:
    """Return a confusion matrix as an HTML table with header cells (rows reference, columns the learner)."""
    head = "".join(f"<th scope='col'>you: {html.escape(c)}</th>" for c in table.columns)
    body = "".join(
        f"<tr><th scope='row' style='text-align:left'>reference: {html.escape(r)}</th>"
        + "".join(f"<td style='text-align:right'>{int(table.loc[r, c])}</td>" for c in table.columns)
        + "</tr>"
        for r in table.index
    )
    return (
        "<table class='casekit-confusion' style='border-collapse:collapse' border='1' cellpadding='4'>"
        "<caption style='text-align:left'>Confusion matrix: rows are the reference label, columns yours"
        "</caption><thead><tr><th scope='col'>reference \\ you</th>"
        + head
        + "</tr></thead><tbody>"
        + body
        + "</tbody></table>"
    )


def agreement_text(reference: list[str], yours: list[str]) -> str:
    """Return the plain-text agreement summary: how many labelled, agreement, Cohen's kappa."""
    if len(yours) < 2:
        return (
            f"You have labelled {len(yours)} post{'s' if len(yours) != 1 else ''}; label at least 2 to see agreement."
        )
    kappa = moderation.kappa(reference, yours)
    matches = sum(a == b for a, b in zip(reference, yours))
    kappa_text = (
        "undefined (you and the reference used a single label on these posts)" if kappa != kappa else f"{kappa:.2f}"
    )
    return (
        f"You have labelled {len(yours)} posts and agree with the reference on {matches} "
        f"({matches / len(yours):.0%}). Cohen's kappa (agreement beyond chance, 1 = perfect, 0 = chance): "
        f"{kappa_text}."
    )


class LabellingWidget:
    """Label each synthetic post (allow / remove / escalate, and a category); compare with the reference; save."""

    def __init__(self, folder: Path = LABELS_FOLDER):
        self.posts = data.load("synthetic_posts")
        self.rules = moderation.policy(data.card("synthetic_posts").sections)
        self._reference_rows = [  # (post id, reference label, its cell, the reason's cell), escaped once
            (
                pid,
                str(row["label"]),
                f"<td>{html.escape(str(row['label']))} ({html.escape(str(row['category']))})</td>",
                f"<td>{html.escape(row['reason'])}</td>",
            )
            for pid, row in self.posts.iterrows()
        ]
        self.folder = folder
        self.label = {
            pid: Select(label=f"Label for post {pid}", options=[NOT_CHOSEN, *moderation.LABELS], value=NOT_CHOSEN)
            for pid in self.posts.index
        }
        self.category = {
            pid: Select(label=f"Category for post {pid}", options=[NOT_CHOSEN, *self.rules], value=NOT_CHOSEN)
            for pid in self.posts.index
        }
        self.reveal = w.ToggleButton(
            description="Show the reference labels",
            icon="eye",
            tooltip="Show the kit's reference label and reason beside each of your labels",
            layout=w.Layout(width="auto"),
        )
        self.agreement = LiveHTML()
        self.matrix = w.HTML()
        self.comparison = w.HTML()
        self.name = name_box()
        self.save_button = w.Button(description="Save my labels", icon="save", layout=w.Layout(width="auto"))
        self.message = w.HTML()
        for select in (*self.label.values(), *self.category.values()):
            select.observe(self.update, names="value")
        self.reveal.observe(self.update, names="value")
        self.save_button.on_click(self.save)
        self.view = self._layout()
        self.update()

    def choices(self) -> dict:
        """Return post id -> {"label", "category"} for the posts the learner has labelled (None if not chosen)."""
        out = {}
        for pid in self.posts.index:
            label, category = self.label[pid].value, self.category[pid].value
            if label != NOT_CHOSEN:
                out[pid] = {"label": label, "category": None if category == NOT_CHOSEN else category}
        return out

    def update(self, _change=None) -> None:
        """Recompute agreement, the confusion matrix and (if shown) the per-post comparison."""
        chosen = self.choices()
        reference = [str(self.posts.loc[p, "label"]) for p in chosen]
        yours = [c["label"] for c in chosen.values()]
        self.agreement.html = text_block(agreement_text(reference, yours))
        if yours:
            table = moderation.confusion(reference, yours)
            self.matrix.value = confusion_html(table) + text_block(moderation_figures.confusion_summary(table))
        else:
            self.matrix.value = ""
        self.comparison.value = self._comparison_html(chosen) if self.reveal.value else ""

    def _comparison_html(self, chosen: dict) -> str:
        rows = []
        for pid, label, label_cell, reason_cell in self._reference_rows:
            mine = chosen.get(pid)
            yours = f"{mine['label']} ({mine['category'] or 'no category'})" if mine else "not labelled"
            same = "" if not mine else ("same" if mine["label"] == label else "<b>different</b>")
            rows.append(
                f"<tr><th scope='row'>{pid}</th><td>{html.escape(yours)}</td>{label_cell}<td>{same}</td>"
                f"{reason_cell}</tr>"
            )
        return (
            "<table style='border-collapse:collapse' border='1' cellpadding='4'><caption style='text-align:left'>"
            "Your labels and the kit's reference (one reasonable reading, not the only one)</caption><thead><tr>"
            "<th scope='col'>post</th><th scope='col'>you</th><th scope='col'>reference</th>"
            "<th scope='col'>label</th><th scope='col'>reason</th></tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table>"
        )

    def save(self, _button=None) -> Path | None:
        """Save the labels as JSON (schema casekit.labels/1); report problems inline, never raise."""
        return save_learner_record(
            self.message,
            self.folder,
            moderation.ModerationError,
            lambda **stamp: moderation.labels_record(
                self.name.value, self.choices(), **stamp, post_ids=self.posts.index
            ),
        )

    def _layout(self) -> w.VBox:
        items = []
        for pid, row in self.posts.iterrows():
            items.append(
                w.VBox(
                    [
                        w.HTML(
                            f"<p style='margin:0.6em 0 0.2em 0'><b>{pid}</b> <i>(synthetic)</i>: "
                            f"{html.escape(row['text'])}</p>"
                        ),
                        w.HBox([self.label[pid], self.category[pid]]),
                    ]
                )
            )
        box = w.VBox(
            [
                w.HTML(
                    "<h3>Label each post</h3><p>All posts are <b>synthetic</b>: written for this kit, fictional. "
                    "Choose <b>allow</b>, <b>remove</b> or <b>escalate</b> (to a trained human reviewer), and the "
                    "policy category that applies.</p>" + _policy_html(self.rules)
                ),
                *items,
                w.HTML("<h3>You and the reference</h3>"),
                self.agreement,
                self.matrix,
                self.reveal,
                self.comparison,
                w.HTML("<h3>Save my labels</h3>"),
                self.name,
                self.save_button,
                self.message,
            ]
        )
        mark_main(box, self.label[self.posts.index[0]], self.agreement)
        return box

    def _ipython_display_(self):
        display(self.view)


def post_items(posts, scores: list[float]) -> list[str]:
    """Return one HTML list item per post: id, category, filter score, the terms found, and the text."""
    return [
        f"<li><b>{pid}</b> ({html.escape(str(row['category']))}, score {score:g}; terms: "
        f"{html.escape(', '.join(moderation.matched_terms(row['text'])) or 'none')}): {html.escape(row['text'])}</li>"
        for (pid, row), score in zip(posts.iterrows(), scores)
    ]


def posts_html(items: list[str], positions: list[int], empty: str) -> str:
    """Return the list items at POSITIONS as an HTML list, or EMPTY as a paragraph."""
    return "<ul>" + "".join(items[i] for i in positions) + "</ul>" if positions else f"<p>{html.escape(empty)}</p>"


class FilterWidget:
    """A threshold slider over the keyword filter's scores; precision, recall, errors and the curve out."""

    def __init__(self, threshold: int = 2, prevalence: float = 0.01):
        self.posts = data.load("synthetic_posts")
        self.reference = [str(x) for x in self.posts["label"]]
        self.scores = [moderation.filter_score(t) for t in self.posts["text"]]
        self.curve = moderation.pr_curve(self.scores, self.reference)
        self.items = post_items(self.posts, self.scores)
        self._results: dict[int, moderation.FilterResult] = {}
        top = int(max(self.scores)) + 1
        self.threshold = RatingSlider(
            label="Remove posts scoring at least",
            value=threshold,
            steps=[
                {
                    "value": t,
                    "text": f"{t}",
                    "words": "removes everything" if t == 0 else "removes nothing" if t == top else "",
                }
                for t in range(0, top + 1)
            ],
        )
        self.prevalence = RatingSlider(
            label="Share of all posts that need action (prevalence, you set it)",
            value=PREVALENCES.index(prevalence),
            steps=index_steps(PREVALENCES, lambda v: f"{v:.1%}"),
        )
        self.summary = LiveHTML()
        self.base_rate = LiveHTML()
        self.errors = w.HTML()
        self.figure_area = w.Output()
        self.threshold.observe(self.update, names="value")
        self.prevalence.observe(self.update_base_rate, names="value")
        self.view = self._layout()
        self.update()

    def update(self, _change=None) -> moderation.FilterResult:
        """Apply the filter at the slider's threshold and refresh the summary, the error lists and the figure."""
        threshold = self.threshold.value
        if threshold not in self._results:  # the posts never change: each threshold is computed once
            self._results[threshold] = moderation.apply_filter(self.scores, self.reference, threshold)
        result = self._results[threshold]
        self.summary.html = text_block(moderation_figures.pr_summary(self.curve, result))
        self.errors.value = (
            f"<h3>Over-removed: allowed under the policy, removed by the filter ({len(result.over_removed)})</h3>"
            + posts_html(self.items, result.over_removed, "None at this threshold.")
            + f"<h3>Missed: needed removal or escalation, let through ({len(result.missed)})</h3>"
            + posts_html(self.items, result.missed, "None at this threshold.")
        )
        _show_figure(self.figure_area, moderation_figures.pr_figure_json(self.curve, result))
        self.update_base_rate()
        return result

    def update_base_rate(self, _change=None) -> float:
        """Refresh precision and wrongful removals per true catch at the learner's prevalence; return the precision."""
        result = self._results[self.threshold.value]
        fpr = moderation.false_positive_rate(result.flagged, self.reference)
        share = PREVALENCES[self.prevalence.value]
        sample = sum(moderation.needs_action(self.reference)) / len(self.reference)
        precision = moderation.precision_at_prevalence(result.recall, fpr, share)
        per_catch = moderation.wrongful_per_true_catch(result.recall, fpr, share)
        if precision != precision:  # NaN: nothing removed
            outcome = "the filter removes nothing, so precision is undefined."
        elif per_catch == float("inf"):
            outcome = "precision 0: every removal is wrong (the filter catches nothing)."
        else:
            outcome = f"precision {precision:.3f}, so {per_catch:,.1f} wrongful removals for each true catch."
        self.base_rate.html = text_block(
            f"On a platform where {share:.1%} of posts need action (your setting; the 42 synthetic posts have "
            f"{sample:.0%}), threshold {result.threshold:g} catches {result.recall:.0%} of them and removes "
            f"{fpr:.0%} of allowed posts (its per-class rates here): {outcome}"
        )
        return precision

    def _layout(self) -> w.VBox:
        terms = ", ".join(f"{t} ({weight:g})" for t, weight in moderation.FILTER_TERMS.items())
        box = w.VBox(
            [
                w.HTML(
                    "<p>The filter adds up the weights of the terms a post contains (matched at the start of a "
                    f"word). Terms and weights, written for the kit: {html.escape(terms)}.</p>"
                ),
                self.threshold,
                self.summary,
                self.figure_area,
                self.prevalence,
                self.base_rate,
                self.errors,
            ]
        )
        mark_main(box, self.threshold, self.summary)
        return box

    def _ipython_display_(self):
        display(self.view)
