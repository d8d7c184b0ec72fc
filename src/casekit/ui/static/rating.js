const uid = () => 'casekit-' + Math.random().toString(36).slice(2, 10);
const keysStayHere = (node) => { node.setAttribute('data-lm-suppress-shortcuts', 'true'); return node; };

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
