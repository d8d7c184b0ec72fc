"""Commit, then compare: one item's reason box, its save button, and the disclosure that opens only after the save.

`CommitReveal` is the shared view every judging widget (lessons 00, 01, 02, 04) puts under an item's own control.
The learner writes a reason ("Your reason for: <item>") and presses "Save my judgement on: <item>"; the widget's
`on_commit` callback checks the judgement and the reason (casekit.topics.commitments) and answers with the
comparison's HTML. Until then the disclosure's button is disabled and its region is EMPTY: the court's finding
is not in the page, the widget state or the stored outputs. After the save the button ("Show the court's finding
on: <item>") opens and closes the region, announcing its state with `aria-expanded` and naming it with
`aria-controls`. Every element is a native form element with a visible label and carries
`data-lm-suppress-shortcuts` (keyboard-safe in JupyterLab and Notebook 7, like casekit.ui.controls).
"""

from __future__ import annotations

from collections.abc import Callable

import anywidget
import ipywidgets as w
import traitlets

from casekit.ui.controls import CONTROLS_CSS, KEYS_JS

# Like every kit control's module (casekit.ui.controls._module), it starts with the page-wide key handling.
REVEAL_ESM = (
    KEYS_JS
    + "\n"
    + r"""
const uid = () => 'casekit-' + Math.random().toString(36).slice(2, 10);
const keysStayHere = (node) => { node.setAttribute('data-lm-suppress-shortcuts', 'true'); return node; };

function render({ model, el }) {
  const id = uid();
  el.classList.add('casekit-reveal');
  keysStayHere(el);
  const label = document.createElement('label');
  label.htmlFor = id + '-reason';
  label.className = 'casekit-reveal-label';
  const box = keysStayHere(document.createElement('textarea'));
  box.id = id + '-reason';
  box.rows = 3;
  const save = keysStayHere(document.createElement('button'));
  save.type = 'button';
  save.className = 'casekit-reveal-save';
  const status = document.createElement('div');
  status.setAttribute('role', 'status');
  status.className = 'casekit-reveal-status';
  const toggle = keysStayHere(document.createElement('button'));
  toggle.type = 'button';
  toggle.className = 'casekit-reveal-toggle';
  toggle.setAttribute('aria-controls', id + '-region');
  const region = document.createElement('div');
  region.id = id + '-region';
  region.setAttribute('role', 'region');
  region.className = 'casekit-reveal-region';

  const sync = () => {
    const item = model.get('item');
    label.textContent = model.get('reason_label') + ' ' + item;
    box.placeholder = model.get('placeholder');
    if (box.value !== model.get('reason')) box.value = model.get('reason');
    save.textContent = model.get('save_label') + ' ' + item;
    status.textContent = model.get('status');
    const committed = model.get('committed');
    const open = committed && model.get('expanded');
    toggle.textContent = model.get('show_label') + ' ' + item;  // its state is aria-expanded, not its words
    toggle.disabled = !committed;
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    toggle.title = committed ? '' : model.get('locked_words');
    region.setAttribute('aria-label', model.get('show_label').replace(/^Show /, '') + ' ' + item);
    region.hidden = !open;
    region.innerHTML = open ? model.get('html') : '';
  };
  box.addEventListener('input', () => { model.set('reason', box.value); model.save_changes(); });
  save.addEventListener('click', () => {
    model.set('reason', box.value); model.save_changes(); model.send({ event: 'commit' });
  });
  toggle.addEventListener('click', () => {
    if (!model.get('committed')) return;
    model.set('expanded', !model.get('expanded')); model.save_changes();
  });
  const names = ['item', 'reason', 'status', 'committed', 'expanded', 'html', 'show_label',
                 'save_label', 'reason_label', 'placeholder', 'locked_words'];
  for (const name of names) model.on('change:' + name, sync);
  const locked = document.createElement('p');
  locked.className = 'casekit-reveal-locked';
  const syncLocked = () => { locked.hidden = model.get('committed'); locked.textContent = model.get('locked_words'); };
  model.on('change:committed', syncLocked); model.on('change:locked_words', syncLocked);
  el.append(label, box, save, status, locked, toggle, region);
  sync(); syncLocked();
  return () => { for (const name of names) model.off('change:' + name, sync); };
}
export default { render };
"""
)

REVEAL_CSS = (
    CONTROLS_CSS
    + """
.casekit-reveal { margin: 0.3em 0 0.9em 0; max-width: 48em; }
.casekit-reveal-label { display: block; font-weight: 600; margin: 0 0 0.2em 0; }
.casekit-reveal textarea { display: block; width: 100%; box-sizing: border-box; font: inherit; }
.casekit-reveal button { font: inherit; margin: 0.3em 0.6em 0.3em 0; padding: 0.2em 0.7em; min-height: 24px; }
.casekit-reveal button[disabled] { color: #4b5563; }
.casekit-reveal-status, .casekit-reveal-locked { margin: 0.2em 0; }
.casekit-reveal-region { border-left: 4px solid #0072B2; padding: 0.2em 0.8em; margin: 0.3em 0; line-height: 1.45; }
.casekit-reveal-region table { border-collapse: collapse; text-align: left; }
.casekit-reveal-region th, .casekit-reveal-region td { vertical-align: top; padding: 0.3em 0.5em; border: 1px solid #6b7280; }
"""
)


class CommitReveal(anywidget.AnyWidget):
    """One item's reason box, save button and after-the-save disclosure (see the module's docstring).

    `on_commit(reveal)` is called when the learner presses save: it returns the comparison's HTML (escaped by
    the caller), or raises ValueError whose message is shown ("Not saved: ..."). `html` stays empty until then.
    """

    _esm = REVEAL_ESM
    _css = REVEAL_CSS
    item = traitlets.Unicode("").tag(sync=True)
    reason = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    committed = traitlets.Bool(False).tag(sync=True)
    expanded = traitlets.Bool(False).tag(sync=True)
    html = traitlets.Unicode("").tag(sync=True)
    reason_label = traitlets.Unicode("Your reason for:").tag(sync=True)
    save_label = traitlets.Unicode("Save my judgement on:").tag(sync=True)
    show_label = traitlets.Unicode("Show the court's finding on:").tag(sync=True)
    placeholder = traitlets.Unicode("One sentence at least: why you judge it so").tag(sync=True)
    locked_words = traitlets.Unicode("").tag(sync=True)

    def __init__(self, on_commit: Callable[[CommitReveal], str] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.on_commit = on_commit
        if not self.locked_words:
            self.locked_words = self.default_locked_words()
        self.on_msg(self._on_msg)

    def default_locked_words(self) -> str:
        """The words beside the closed disclosure: what opens it."""
        what = self.show_label.removeprefix("Show ").removesuffix(":").removesuffix(" on").removesuffix(" to")
        return f"{what[0].upper()}{what[1:]} opens once you have saved your judgement and your reason."

    def _on_msg(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("event") == "commit":
            self.commit()

    def commit(self) -> bool:
        """Save the learner's judgement and reason (via on_commit); on success open the disclosure. Never raise."""
        if self.on_commit is None:
            return False
        try:
            answer = self.on_commit(self)
        except ValueError as exc:
            self.status = f"⚠ Not saved: {exc}."
            return False
        first = not self.committed
        self.html = answer
        self.committed = True
        if first:
            self.expanded = True
        self.status = (
            "✓ Saved: your first judgement is kept. You may change it now; the record keeps both."
            if first
            else "✓ Saved your reason again (your first judgement stays as it was)."
        )
        return True

    def reset(self, item: str, reason: str = "", committed: bool = False, answer: str = "") -> None:
        """Show ITEM (lesson 00 shows one claim at a time): its saved reason, and its comparison if committed."""
        with self.hold_trait_notifications():
            self.item = item
            self.reason = reason
            self.committed = committed
            self.html = answer if committed else ""
            self.expanded = committed
            self.status = ""


def share_box() -> w.Checkbox:
    """Return the "share my reasons" tick box of a save panel (off by default: the class sees no free text)."""
    return w.Checkbox(
        value=False,
        description="Share my reasons with the class (shown without my name in class results)",
        indent=False,
        layout=w.Layout(width="auto"),
    )
