"""The view of instructors/marking.ipynb: one written answer at a time, marked by rubric criteria.

A thin view over casekit.grading.marking.Session. Everything is reachable by keyboard in this
order: the criteria (a check box for a one-point criterion or deduction, a menu for a criterion
worth more), the comment box, then the buttons Previous answer, Next answer and Save marks.
Space ticks a check box, Enter presses a button. Moving to another answer saves the marks of the
one you leave if you changed anything (autosave); Save marks saves at once. The status line is a
live region, so a screen reader announces where you are and what was saved. The view adds no
shortcut of its own; the kit's controls keep keys from JupyterLab's command mode (casekit.ui.controls).
The comment box and the buttons are one small control (CommentActions), so a press carries the
comment's latest text with it.
"""

from __future__ import annotations

import html

import anywidget
import ipywidgets as w
import traitlets

from casekit.grading import marking
from casekit.ui.controls import KEYS_JS, LiveHTML, Select, text_block

WIDE = w.Layout(width="auto")

# The comment box and the buttons are one control, so a button press sends the comment's latest text in the
# same message: with separate ipywidgets, a click (a custom message, sent at once) can overtake the text box's
# last update (state updates wait while one is pending), and the end of a quickly typed comment was lost.
ACTIONS_ESM = (
    KEYS_JS
    + """
const uid = () => 'casekit-' + Math.random().toString(36).slice(2, 10);
function render({ model, el }) {
  el.classList.add('casekit-actions');
  el.setAttribute('data-lm-suppress-shortcuts', 'true');
  const id = uid();
  const label = document.createElement('label');
  label.htmlFor = id; label.textContent = model.get('label');
  const box = document.createElement('textarea');
  box.id = id; box.rows = 4; box.placeholder = model.get('placeholder');
  box.setAttribute('data-lm-suppress-shortcuts', 'true');
  box.value = model.get('comment');
  let timer = null;
  const send = () => {
    clearTimeout(timer); timer = null;
    if (box.value !== model.get('comment')) { model.set('comment', box.value); model.save_changes(); }
  };
  box.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(send, 500); });
  box.addEventListener('change', send);
  const row = document.createElement('div');
  row.className = 'casekit-actions-buttons';
  let presses = 0;
  const buttons = (model.get('buttons') || []).map((spec) => {
    const button = document.createElement('button');
    button.type = 'button'; button.textContent = spec.text; button.dataset.name = spec.name;
    button.setAttribute('data-lm-suppress-shortcuts', 'true');
    button.addEventListener('click', () => {
      clearTimeout(timer); timer = null;
      model.set('comment', box.value);
      model.set('action', `${spec.name}:${++presses}`);
      model.save_changes();
    });
    row.append(button);
    return button;
  });
  const states = () => {
    const off = new Set(model.get('disabled') || []);
    buttons.forEach((b) => { b.disabled = off.has(b.dataset.name); });
  };
  const comment = () => { if (box.value !== model.get('comment')) box.value = model.get('comment'); };
  model.on('change:disabled', states);
  model.on('change:comment', comment);
  states();
  el.append(label, box, row);
  return () => { model.off('change:disabled', states); model.off('change:comment', comment); };
}
export default { render };
"""
)
ACTIONS_CSS = """
.casekit-actions { display: flex; flex-direction: column; gap: 0.4em; max-width: 95%; }
.casekit-actions label { font-weight: 600; }
.casekit-actions textarea { font: inherit; width: 100%; box-sizing: border-box; }
.casekit-actions-buttons { display: flex; flex-wrap: wrap; gap: 0.5em; }
.casekit-actions-buttons button { font: inherit; padding: 0.25em 0.9em; cursor: pointer; }
"""


class CommentActions(anywidget.AnyWidget):
    """A labelled comment box and a row of buttons; a press sends `action` ("name:count") with the comment."""

    _esm = ACTIONS_ESM
    _css = ACTIONS_CSS
    label = traitlets.Unicode("").tag(sync=True)
    placeholder = traitlets.Unicode("").tag(sync=True)
    comment = traitlets.Unicode("").tag(sync=True)
    buttons = traitlets.List(traitlets.Dict()).tag(sync=True)  # [{"name": "next", "text": "Next answer"}]
    disabled = traitlets.List(traitlets.Unicode()).tag(sync=True)
    action = traitlets.Unicode("").tag(sync=True)


class MarkingView:
    """The marking widget for SESSION; `widget` is what the notebook displays."""

    def __init__(self, session: marking.Session, exemplars: dict[str, list[marking.Exemplar]] | None = None):
        self.session = session
        self.exemplars = exemplars or {}
        self.index = next((i for i in range(len(session.answers)) if session.mark_of(i) is None), 0)
        self.loading = False
        self.touched = False
        self.heading = w.HTML()
        self.prompt = w.HTML()
        self.answer = w.HTML()
        self.criteria = w.VBox()
        self.controls: dict[str, w.Widget] = {}
        self.actions = CommentActions(
            label="Comment to the learner",
            placeholder="What the answer does well, and the one thing that would most improve it",
            buttons=[
                {"name": "previous", "text": "Previous answer"},
                {"name": "next", "text": "Next answer"},
                {"name": "save", "text": "Save marks"},
            ],
        )
        self.actions.observe(self._act, names="action")
        self.loaded_comment = ""
        self.status = LiveHTML()
        self.calibration = w.HTML()
        self.widget = w.VBox(
            [
                self.heading,
                self.prompt,
                self.answer,
                self.criteria,
                self.actions,
                self.status,
                self.calibration,
            ]
        )
        self.widget.add_class("casekit-marking")
        if session.answers:
            self.show()
        else:
            self.heading.value = "<p>No written answer awaits marking in this folder.</p>"
            self.actions.disabled = ["previous", "next", "save"]

    # --- what is shown ---------------------------------------------------------------------------

    def _criterion_control(self, criterion) -> w.Widget:
        if abs(criterion.points) == 1:
            words = "applies: deduct 1 point" if criterion.points < 0 else "met (1 point)"
            box = w.Checkbox(value=False, description=f"{criterion.name}: {words}", indent=False, layout=WIDE)
            box.observe(self._changed, names="value")
            return box
        options = [f"{n} of {criterion.points}" for n in range(criterion.points + 1)]
        menu = Select(label=f"{criterion.name}: points", options=options, value=options[0])
        menu.observe(self._changed, names="value")
        return menu

    def _value(self, criterion, control) -> int:
        if isinstance(control, w.Checkbox):
            return (1 if criterion.points > 0 else -1) if control.value else 0
        return int(control.value.split(" of ")[0])

    def _set(self, criterion, control, points: int) -> None:
        if isinstance(control, w.Checkbox):
            control.value = bool(points)
        else:
            control.value = f"{points} of {criterion.points}"

    def show(self, event: str = "") -> None:
        """Fill the view with answer `index`: its text, its rubric's controls and its saved marks; announce EVENT."""
        session, i = self.session, self.index
        answer, rubric, mark = session.answers[i], session.rubric(i), session.mark_of(i)
        self.loading = True
        try:
            self.heading.value = (
                f"<h2>Answer {i + 1} of {len(session.answers)}: question {html.escape(answer.question)}, "
                f"{html.escape(answer.pseudonym)}</h2>"
            )
            self.prompt.value = (
                f"<details><summary>Prompt {html.escape(rubric.letter)} and its rubric</summary>"
                + text_block(rubric.text or "(prompt not in the bank)")
                + text_block(rubric.rubric)
                + "</details>"
            )
            self.answer.value = "<h3>The answer</h3>" + text_block(marking.answer_body(answer, rubric) or "(empty)")
            self.controls = {c.id: self._criterion_control(c) for c in rubric.criteria}
            details = [
                w.HTML(f"<p><b>{html.escape(c.name)}</b> ({c.points:+d}): {html.escape(c.text)}</p>")
                for c in rubric.criteria
            ]
            self.criteria.children = [
                w.HTML("<h3>Rubric criteria</h3>"),
                *(item for pair in zip(details, self.controls.values(), strict=True) for item in pair),
            ]
            for c in rubric.criteria:
                self._set(c, self.controls[c.id], mark.criteria.get(c.id, 0) if mark else 0)
            self.loaded_comment = mark.comment if mark else ""
            self.actions.comment = self.loaded_comment
            self.actions.disabled = [
                name for name, off in (("previous", i == 0), ("next", i == len(session.answers) - 1)) if off
            ]
            self.calibration.value = self._calibration_html(answer.question, rubric)
        finally:
            self.loading = False
        self.touched = False
        self._say(event)

    def _calibration_html(self, question: str, rubric) -> str:
        exemplars = self.exemplars.get(question, []) if rubric.letter == "a" else []
        if not exemplars:
            return ""
        names = {c.id: c.name for c in rubric.criteria}
        parts = [
            f"<details><summary>Calibration: the kit's three graded exemplars for {html.escape(question)}</summary>"
        ]
        for e in exemplars:
            marks = "; ".join(f"{names[k]} {v}" for k, v in e.marks.items())
            total = max(0, sum(e.marks.values()))
            parts.append(
                f"<h4>{e.level.capitalize()} ({total} of {rubric.max_points}): {html.escape(marks)}</h4>"
                + text_block(e.answer)
                + f"<p><i>Marker's note:</i> {html.escape(e.note)}</p>"
            )
        return "".join(parts) + "</details>"

    def _say(self, event: str) -> None:
        session, i = self.session, self.index
        mark = session.mark_of(i)
        state = (
            f"marked, {marking.score(mark, session.rubric(i))} of {session.rubric(i).max_points} points"
            if mark
            else "not marked yet"
        )
        words = f"Answer {i + 1} of {len(session.answers)} ({session.answers[i].pseudonym}): {state}. "
        words += f"{session.marked()} of {len(session.answers)} answers marked."
        self.status.html = html.escape((event + " " if event else "") + words)

    # --- actions -----------------------------------------------------------------------------------

    def _changed(self, _change) -> None:
        if not self.loading:
            self.touched = True

    def _act(self, change) -> None:
        name = change["new"].split(":")[0]
        if name == "save":
            self.store(save=True)
        elif name in ("previous", "next"):
            self.go(-1 if name == "previous" else +1)

    def store(self, save: bool = False) -> bool:
        """Record the shown answer's marks in the session and write marks.csv, if SAVE or if anything changed."""
        if not (save or self.touched or self.actions.comment != self.loaded_comment):
            return False
        rubric = self.session.rubric(self.index)
        criteria = {c.id: self._value(c, self.controls[c.id]) for c in rubric.criteria}
        self.session.set_mark(self.index, criteria, self.actions.comment)
        path = self.session.save()
        self.touched = False
        self.loaded_comment = self.actions.comment
        self._say(f"Saved to {path.name}.")
        return True

    def go(self, step: int) -> None:
        """Move STEP answers on, saving the marks of the answer left if they changed (autosave)."""
        saved = self.store()
        self.index = max(0, min(len(self.session.answers) - 1, self.index + step))
        self.show("Saved the marks of the answer you left." if saved else "")
