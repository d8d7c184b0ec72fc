// The page-wide part of the kit's controls, installed once per page by whichever kit control renders first
// (every lesson widget holds one): it keeps keys on every control in the notebook's outputs, and says whether
// a toggle button is on.
//  - Keys: JupyterLab's and Notebook 7's command-mode shortcuts (selector `.jp-Notebook.jp-mod-commandMode
//    :focus`) take arrow keys and letters from a focused ipywidgets button, toggle, check box or text box, or a
//    <summary> in an HTML output: focus jumps to another cell and the notebook scrolls. Lumino skips its
//    shortcuts for key events from an element carrying `data-lm-suppress-shortcuts` (it matches the focused
//    element before any ancestor, so the focused element itself carries it): a focusable element in an
//    output gets it for every key but the notebook's own shortcuts (below). Arrow keys on a button, a check
//    box or a summary then do nothing (the browser would otherwise scroll the notebook); on a menu, slider,
//    radio button or text box they keep their own meaning.
//  - Toggles: ipywidgets' ToggleButton shows its state by a class only; `aria-pressed` says it too.
(() => {
  const VERSION = 1;
  if ((window.__casekitKeys || 0) >= VERSION) return;
  window.__casekitKeys = VERSION;
  const OUTPUTS = '.jp-OutputArea-output';
  const FOCUSABLE = 'button, input, select, textarea, summary, a[href], [tabindex]';
  const ARROWS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight']);
  const inOutput = (el) => el instanceof Element && el.matches(FOCUSABLE) && el.closest(OUTPUTS) !== null;
  const arrowsDoNothing = (el) =>
    el.matches('button, summary, input[type=checkbox], input[type=button], input[type=submit]');
  // Shortcuts with Ctrl, Alt or Meta (save, undo), Escape (back to the notebook) and Shift+Enter (run the cell)
  // still reach the notebook; every other key stays on the control. Lumino reads the attribute when the key
  // event reaches it (on the document), after this listener (on the window, capturing) has set or removed it.
  const notebookKey = (e) => e.ctrlKey || e.metaKey || e.altKey || e.key === 'Escape'
    || (e.shiftKey && e.key === 'Enter');
  window.addEventListener('keydown', (event) => {
    const el = event.target;
    if (!inOutput(el)) return;
    if (notebookKey(event)) {
      if (el.hasAttribute('data-casekit-keys')) {
        el.removeAttribute('data-lm-suppress-shortcuts');
        el.removeAttribute('data-casekit-keys');
      }
      return;
    }
    if (!el.hasAttribute('data-lm-suppress-shortcuts')) {
      el.setAttribute('data-lm-suppress-shortcuts', 'true');
      el.setAttribute('data-casekit-keys', 'true');
    }
    if (ARROWS.has(event.key) && arrowsDoNothing(el)) event.preventDefault();
  }, true);
  const TOGGLE = '.widget-toggle-button';
  const pressed = (button) => {
    const on = button.classList.contains('mod-active') ? 'true' : 'false';
    if (button.getAttribute('aria-pressed') !== on) button.setAttribute('aria-pressed', on);
  };
  const sweep = (root) => {
    if (!(root instanceof Element)) return;
    if (root.matches(TOGGLE)) pressed(root);
    root.querySelectorAll(TOGGLE).forEach(pressed);
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'attributes') {
        if (m.target instanceof Element && m.target.matches(TOGGLE)) pressed(m.target);
      } else {
        m.addedNodes.forEach(sweep);
      }
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['class']});
  sweep(document.body);
})();
