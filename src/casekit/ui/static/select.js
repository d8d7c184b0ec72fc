const uid = () => 'casekit-' + Math.random().toString(36).slice(2, 10);
const keysStayHere = (node) => { node.setAttribute('data-lm-suppress-shortcuts', 'true'); return node; };

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
