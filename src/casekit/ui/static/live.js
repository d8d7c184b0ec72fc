
function render({ model, el }) {
  el.setAttribute('role', 'status');
  el.setAttribute('aria-live', 'polite');
  const sync = () => { el.innerHTML = model.get('html'); };
  model.on('change:html', sync);
  sync();
  return () => model.off('change:html', sync);
}
export default { render };
