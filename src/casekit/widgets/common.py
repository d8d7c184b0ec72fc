"""Pieces every lesson's widgets share: the browser-test marks, text blocks, saving the learner's work.

Browser-test convention (docs/browser-tests.md): a lesson's main widget carries the CSS class
`casekit-main`, the control the test changes `casekit-main-control`, and the output that must
change `casekit-main-output`.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import anywidget
import ipywidgets as w
import traitlets

from casekit import __version__

SAVE_FOLDER = Path("my-reasoning")
PLOTLY_MIME = "application/vnd.plotly.v1+json"


def mark_main(box: w.Widget, control: w.Widget, output: w.Widget) -> None:
    """Mark BOX, CONTROL and OUTPUT with the browser-test classes of a lesson's main widget."""
    box.add_class("casekit-main")
    control.add_class("casekit-main-control")
    output.add_class("casekit-main-output")


def text_block(text: str) -> str:
    """Return TEXT as escaped, wrapping HTML that keeps its line breaks."""
    return "<pre style='white-space:pre-wrap;font-family:inherit'>" + html.escape(text) + "</pre>"


def save_reasoning(record: dict, folder: Path = SAVE_FOLDER) -> Path:
    """Write RECORD as JSON into FOLDER (atomically) and return the file's path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", record["learner"]).strip("-")[:40] or "learner"
    stamp = record["saved_at"].replace(":", "").replace("-", "")[:15]
    path = folder / f"{stem}-{stamp}.json"
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)
    return path


def name_box() -> w.Text:
    """Return the "Your name" box every save panel starts with (a name or a class pseudonym)."""
    return w.Text(description="Your name", placeholder="name or class pseudonym",
                  style={"description_width": "initial"})


def justification_box(placeholder: str) -> w.Textarea:
    """Return the "Why?" box a save panel asks the learner to fill in their own words."""
    return w.Textarea(description="Why?", placeholder=placeholder, layout=w.Layout(width="40em", height="6em"))


def save_learner_record(message: w.HTML, folder: Path, errors: type[Exception] | tuple[type[Exception], ...],
                        make_record: Callable[..., dict],
                        then: Callable[[dict, Path], str] | None = None) -> Path | None:
    """A save button's handler: save the learner's record and say so in MESSAGE; report problems inline, never raise.

    `make_record(saved_at=..., kit_version=...)` builds the record (its own checks raise one of ERRORS); it is written
    into FOLDER with `save_reasoning`; `then(record, path)`, if given, writes anything that goes beside it and returns
    words added to the "Saved" line. On one of ERRORS or an OSError, MESSAGE says what is wrong and None is returned.
    """
    try:
        record = make_record(saved_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                             kit_version=__version__)
        path = save_reasoning(record, folder)
        more = then(record, path) if then else ""
    except errors as exc:
        reason = str(exc)
    except OSError as exc:
        reason = f"could not write the file ({exc.strerror or exc})"
    else:
        message.value = f"<span role='status'>✓ Saved to {html.escape(str(path))}{html.escape(more)}</span>"
        return path
    message.value = f"<span role='alert'>⚠ Not saved: {html.escape(reason)}.</span>"
    return None


# --- keyboard-safe controls ---------------------------------------------------------------------
# JupyterLab's and Notebook 7's command-mode shortcuts take arrow keys and letters from a focused
# ipywidgets Dropdown (and, in Notebook 7, a slider). Lumino skips its shortcuts for key events from
# inside an element carrying `data-lm-suppress-shortcuts`, which ipywidgets cannot set; these small
# anywidget controls carry it on their root, use native form elements (one Tab stop each) with a
# visible <label>, and announce the kit's words, not an index.

CONTROLS_CSS = """
.casekit-rating { display: grid; grid-template-columns: 15em 13em minmax(9em, 1fr); column-gap: 0.8em;
  row-gap: 0.1em; align-items: center; margin: 0 0 0.6em 0; }
.casekit-rating-label { grid-column: 1; grid-row: 1 / span 2; font-weight: 600; overflow-wrap: anywhere; }
.casekit-rating input[type=range] { grid-column: 2; grid-row: 1; width: 13em; margin: 0; }
.casekit-rating-value { grid-column: 3; grid-row: 1; font-weight: 600; }
.casekit-rating-words { grid-column: 2 / span 2; grid-row: 2; font-style: italic; color: #374151; }
.casekit-rating-scale { display: grid; grid-template-columns: 15em 13em; column-gap: 0.8em; color: #374151; }
.casekit-rating-ends { grid-column: 2; display: flex; justify-content: space-between; font-size: 0.9em; }
.casekit-select { display: inline-flex; gap: 0.5em; align-items: center; margin: 0 1.5em 0.4em 0; }
.casekit-select label { font-weight: 600; }
.casekit-select select { font: inherit; padding: 0.15em 0.3em; max-width: 24em; }
.casekit-choices { margin: 0 0 0.4em 0; }
.casekit-choices summary { cursor: pointer; font-weight: 600; }
/* every <summary> in a widget is a click target at least 24px high (WCAG 2.2 target size) */
.casekit-choices summary, .jupyter-widgets details > summary, .jp-OutputArea-output details > summary {
  min-height: 24px; padding: 0.1em 0; box-sizing: border-box; }
.casekit-choices fieldset { border: 1px solid #d0d4da; margin: 0.4em 0 0.6em 0; padding: 0.4em 0.8em; }
.casekit-choices legend { font-weight: 600; padding: 0 0.3em; }
.casekit-choices-note { margin: 0.2em 0 0.4em 0; }
.casekit-choices-group { font-weight: 600; margin: 0.6em 0 0.2em 0; }
.casekit-choices-item { display: grid; grid-template-columns: 1.6em 1fr; margin: 0 0 0.5em 0; }
.casekit-choices-item input { margin: 0.2em 0 0 0; width: 1.05em; height: 1.05em; align-self: start; }
.casekit-choices-detail { grid-column: 2; font-size: 0.9em; color: #374151; }
.casekit-choices textarea { display: block; width: 100%; max-width: 48em; box-sizing: border-box; font: inherit; }
.casekit-outcome { border: 2px solid #0072B2; padding: 0.5em 0.8em; min-width: 16em; max-width: 24em; }
.casekit-outcome p { margin: 0.2em 0; }
.casekit-prose { line-height: 1.45; }
.casekit-prose table { border-collapse: collapse; text-align: left; }
.casekit-prose th, .casekit-prose td { vertical-align: top; padding: 0.3em 0.5em; border: 1px solid #6b7280; }
.casekit-prose caption { text-align: left; padding: 0.3em 0; }
"""

# Lumino's key-binding selectors (e.g. `.jp-Notebook.jp-mod-commandMode :focus`) match the focused
# element itself before any ancestor is looked at, so every focusable element carries the attribute too.
_ID = """const uid = () => 'casekit-' + Math.random().toString(36).slice(2, 10);
const keysStayHere = (node) => { node.setAttribute('data-lm-suppress-shortcuts', 'true'); return node; };
"""

RATING_ESM = _ID + """
function render({ model, el }) {
  const id = uid();
  el.classList.add('casekit-rating');
  el.setAttribute('data-lm-suppress-shortcuts', 'true');
  const label = document.createElement('label');
  label.className = 'casekit-rating-label';
  label.htmlFor = id;
  const input = document.createElement('input');
  input.type = 'range'; input.id = id; input.step = '1';
  keysStayHere(input);
  const shown = document.createElement('span');
  shown.className = 'casekit-rating-value';
  shown.setAttribute('aria-hidden', 'true');
  const words = document.createElement('div');
  words.className = 'casekit-rating-words'; words.id = id + '-words';
  input.setAttribute('aria-describedby', words.id);
  const step = (v) => (model.get('steps') || []).find((s) => s.value === v) || { text: String(v), words: '' };
  const show = (v) => {
    const s = step(v);
    input.setAttribute('aria-valuetext', s.text);
    shown.textContent = s.text;
    words.textContent = s.words;
  };
  const sync = () => {
    const values = (model.get('steps') || []).map((s) => s.value);
    input.min = String(Math.min(...values)); input.max = String(Math.max(...values));
    label.textContent = model.get('label');
    input.value = String(model.get('value'));
    show(model.get('value'));
  };
  input.addEventListener('input', () => show(Number(input.value)));
  input.addEventListener('change', () => { model.set('value', Number(input.value)); model.save_changes(); });
  for (const name of ['change:value', 'change:label', 'change:steps']) model.on(name, sync);
  el.append(label, input, shown, words);
  sync();
  return () => { for (const name of ['change:value', 'change:label', 'change:steps']) model.off(name, sync); };
}
export default { render };
"""

SELECT_ESM = _ID + """
function render({ model, el }) {
  const id = uid();
  el.classList.add('casekit-select');
  el.setAttribute('data-lm-suppress-shortcuts', 'true');
  const label = document.createElement('label');
  label.htmlFor = id;
  const select = keysStayHere(document.createElement('select'));
  select.id = id;
  const sync = () => {
    label.textContent = model.get('label');
    const options = model.get('options') || [];
    if (select.options.length !== options.length || options.some((o, i) => select.options[i].value !== o)) {
      select.replaceChildren(...options.map((o) => new Option(o, o)));
    }
    select.value = model.get('value');
  };
  select.addEventListener('change', () => { model.set('value', select.value); model.save_changes(); });
  for (const name of ['change:value', 'change:options', 'change:label']) model.on(name, sync);
  el.append(label, select);
  sync();
  return () => { for (const name of ['change:value', 'change:options', 'change:label']) model.off(name, sync); };
}
export default { render };
"""

CHOICES_ESM = _ID + """
function render({ model, el }) {
  const id = uid();
  el.classList.add('casekit-choices');
  el.setAttribute('data-lm-suppress-shortcuts', 'true');
  const details = document.createElement('details');
  const summary = keysStayHere(document.createElement('summary'));
  const body = document.createElement('div');
  details.append(summary, body);
  el.append(details);
  let boxes = [];
  let textarea = null;
  let timer = null;
  const count = () => {
    const n = (model.get('value') || []).length;
    const words = (model.get('words') || '').trim() ? ', your own words added' : '';
    summary.textContent = `${model.get('summary')} (${n === 0 ? 'none' : n} chosen${words})`;
  };
  const sendWords = () => {
    clearTimeout(timer); timer = null;
    if (textarea.value !== model.get('words')) { model.set('words', textarea.value); model.save_changes(); }
  };
  const draw = () => {
    body.replaceChildren();
    for (const note of model.get('notes') || []) {
      const p = document.createElement('p');
      p.className = 'casekit-choices-note';
      const term = document.createElement('strong');
      term.textContent = note.term ? note.term + ': ' : '';
      p.append(term, document.createTextNode(note.text));
      body.append(p);
    }
    const fieldset = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = model.get('legend');
    fieldset.append(legend);
    boxes = [];
    let group = null;
    (model.get('options') || []).forEach((option, i) => {
      if (option.group !== group) {
        group = option.group;
        const heading = document.createElement('p');
        heading.className = 'casekit-choices-group';
        heading.textContent = group;
        fieldset.append(heading);
      }
      const item = document.createElement('div');
      item.className = 'casekit-choices-item';
      const box = keysStayHere(document.createElement('input'));
      box.type = 'checkbox'; box.id = `${id}-${i}`; box.value = option.value;
      const label = document.createElement('label');
      label.htmlFor = box.id;
      label.textContent = option.text;
      const detail = document.createElement('div');
      detail.className = 'casekit-choices-detail'; detail.id = `${id}-${i}-detail`;
      detail.textContent = option.detail || '';
      box.setAttribute('aria-describedby', detail.id);
      box.addEventListener('change', () => {
        model.set('value', boxes.filter((b) => b.checked).map((b) => b.value));
        model.save_changes();
      });
      boxes.push(box);
      item.append(box, label, detail);
      fieldset.append(item);
    });
    const wordsLabel = document.createElement('label');
    wordsLabel.htmlFor = `${id}-words`;
    wordsLabel.textContent = model.get('words_label');
    textarea = keysStayHere(document.createElement('textarea'));
    textarea.id = `${id}-words`; textarea.rows = 3; textarea.maxLength = model.get('max_words');
    textarea.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(sendWords, 400); });
    textarea.addEventListener('change', sendWords);
    fieldset.append(wordsLabel, textarea);
    body.append(fieldset);
    state();
  };
  const state = () => {
    const chosen = new Set(model.get('value') || []);
    for (const box of boxes) box.checked = chosen.has(box.value);
    if (textarea && document.activeElement !== textarea) textarea.value = model.get('words') || '';
    count();
  };
  model.on('change:options', draw); model.on('change:notes', draw); model.on('change:legend', draw);
  model.on('change:value', state); model.on('change:words', state); model.on('change:summary', count);
  draw();
  return () => {
    if (timer) sendWords();
    model.off('change:options', draw); model.off('change:notes', draw); model.off('change:legend', draw);
    model.off('change:value', state); model.off('change:words', state); model.off('change:summary', count);
  };
}
export default { render };
"""


class RatingSlider(anywidget.AnyWidget):
    """A labelled range input over STEPS that announces each step's words (aria-valuetext), keyboard-safe."""

    _esm = RATING_ESM
    _css = CONTROLS_CSS
    value = traitlets.Int(0).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    # [{"value": -2, "text": "strongly AWS (−2)", "words": "…"}, …] in increasing value
    steps = traitlets.List(traitlets.Dict()).tag(sync=True)

    @traitlets.validate("value")
    def _on_the_scale(self, proposal):
        allowed = [step["value"] for step in self.steps]
        if allowed and proposal["value"] not in allowed:
            raise traitlets.TraitError(f"{self.label}: {proposal['value']!r} is not one of {allowed}")
        return proposal["value"]


class Select(anywidget.AnyWidget):
    """A labelled native <select> (arrow keys and typing work inside JupyterLab and Notebook 7)."""

    _esm = SELECT_ESM
    _css = CONTROLS_CSS
    value = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    options = traitlets.List(traitlets.Unicode()).tag(sync=True)

    @traitlets.validate("value")
    def _one_of_the_options(self, proposal):
        if self.options and proposal["value"] not in self.options:
            raise traitlets.TraitError(f"{self.label}: {proposal['value']!r} is not an option")
        return proposal["value"]


class ChoiceList(anywidget.AnyWidget):
    """A collapsible group of checkboxes (grouped, each with a detail line) plus a box for the learner's words."""

    _esm = CHOICES_ESM
    _css = CONTROLS_CSS
    summary = traitlets.Unicode("").tag(sync=True)
    legend = traitlets.Unicode("").tag(sync=True)
    notes = traitlets.List(traitlets.Dict()).tag(sync=True)  # [{"term": "Winter", "text": "…"}]
    options = traitlets.List(traitlets.Dict()).tag(sync=True)  # [{"value", "text", "detail", "group"}]
    value = traitlets.List(traitlets.Unicode()).tag(sync=True)
    words = traitlets.Unicode("").tag(sync=True)
    words_label = traitlets.Unicode("Your own words (optional)").tag(sync=True)
    max_words = traitlets.Int(2000).tag(sync=True)

LIVE_ESM = """
function render({ model, el }) {
  el.setAttribute('role', 'status');
  el.setAttribute('aria-live', 'polite');
  const sync = () => { el.innerHTML = model.get('html'); };
  model.on('change:html', sync);
  sync();
  return () => model.off('change:html', sync);
}
export default { render };
"""


class LiveHTML(anywidget.AnyWidget):
    """HTML (escaped by the caller) in a persistent role="status" region, so screen readers announce changes."""

    _esm = LIVE_ESM
    _css = CONTROLS_CSS
    html = traitlets.Unicode("").tag(sync=True)
