const uid = () => 'casekit-' + Math.random().toString(36).slice(2, 10);
const keysStayHere = (node) => { node.setAttribute('data-lm-suppress-shortcuts', 'true'); return node; };

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
