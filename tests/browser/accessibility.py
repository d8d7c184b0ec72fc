"""The accessibility gate: axe-core (shipped inside the axe-playwright-python wheel) on a rendered page.

`audit()` runs every WCAG A/AA and best-practice rule but colour contrast once over the scoped elements
(for a notebook: its output areas, i.e. what the kit drew). Colour contrast can only be judged on
screen (axe asks the browser which element is drawn at a point) and JupyterLab and Notebook 7 render a
long notebook inside one scrolling panel, so the contrast pass picks one element per "look" (text
colour, size, weight and everything drawn behind it; text with a letter or digit, the only text axe
judges), scrolls the panel to each screen holding one and runs axe there. A page that scrolls as a
whole (the static site) needs no scrolling: axe judges text below the fold, so one run covers it. Findings are
merged by rule and element. Critical and serious ones fail the gate;
moderate and minor ones are printed (see conftest.py). docs/browser-tests.md explains the choices.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from axe_playwright_python.base import AXE_SCRIPT

FAILING = ("critical", "serious")
# These fail the gate whatever their impact (issue 29): a link told from its text by colour alone, two landmarks
# (e.g. two tables' scroll regions) of one name, and two controls of one widget of one name (the kit's own check,
# NAMES_JS, since axe has no rule for it).
ALWAYS_FAILING = ("link-in-text-block", "landmark-unique", "casekit-duplicate-name")
# In a notebook the markdown cells are the lessons' prose: their links and landmarks are judged too (these rules only).
NOTEBOOK_MARKDOWN = ".jp-Notebook .jp-MarkdownCell .jp-RenderedMarkdown"
MARKDOWN_RULES = ["link-in-text-block", "landmark-unique"]
# plotly draws text as SVG that axe cannot judge; tests/topics/test_figures.py checks its contrast instead.
EXCLUDE = (".js-plotly-plot .main-svg",)
# axe's tags for WCAG 2.0/2.1/2.2 A and AA and its best practices: the rules the gate runs.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# In a notebook only the kit's outputs are scoped: these rules judge a whole page (JupyterLab's own).
# While contrast is checked screen by screen, a notebook's inputs and markdown cells are collapsed
# (only its outputs are scoped), so there are fewer screens to scroll through.
NOTEBOOK_HIDE_CSS = ".jp-Notebook .jp-Cell-inputWrapper, .jp-Notebook .jp-MarkdownCell { display: none !important; }"
# While a notebook is audited its window is this tall (then restored): each contrast screen then holds
# several of the default window's screens, so a lesson needs 2 or 3 axe runs instead of 6 to 9.
TALL = 8000
NOTEBOOK_SKIPS = (
    "region",
    "landmark-one-main",
    "page-has-heading-one",
    "landmark-complementary-is-top-level",
    "bypass",
)

# One run of every rule but colour contrast over the scoped elements; then colour contrast alone, on one
# element per look, screen by screen, with HIDE_CSS collapsing what is not scoped.
AUDIT_JS = """async ([selector, skip, tags, exclude, hideCss, maxScreens, markdownSelector, markdownRules]) => {
  const scoped = () => Array.from(document.querySelectorAll(selector));
  if (!scoped().length) return {screens: 0, scoped: 0, found: []};
  const excluded = () => exclude.flatMap(s => Array.from(document.querySelectorAll(s)));
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const found = new Map();
  const keep = (result) => {
    for (const rule of result.violations) for (const node of rule.nodes) {
      const key = rule.id + '|' + node.target.join(' ');
      if (found.has(key)) continue;
      let el = null;
      try { el = document.querySelector(node.target[0]); } catch (e) { el = null; }
      const cell = el && el.closest('[data-windowed-list-index]');
      found.set(key, {rule: rule.id, impact: node.impact || rule.impact, help: rule.help,
          cell: cell ? Number(cell.dataset.windowedListIndex) + 1 : null,
          target: node.target.join(' '), html: node.html.slice(0, 240),
          summary: (node.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300)});
    }
  };
  // JupyterLab's and Notebook 7's <body> has height 0 and overflow hidden (the shell is absolutely
  // positioned), which axe reads as clipping every element: give it the viewport's height meanwhile.
  const style = document.createElement('style');
  const collapsed = document.body.getBoundingClientRect().height === 0;
  style.textContent = collapsed ? 'html, body { height: 100% !important; } ' : '';
  document.head.append(style);
  await frame();
  const rules = {'color-contrast': {enabled: false}};
  for (const id of skip) rules[id] = {enabled: false};
  keep(await axe.run({include: scoped(), exclude: excluded()},
                     {runOnly: {type: 'tag', values: tags}, rules, resultTypes: ['violations']}));
  const scrollable = (el) => {
    for (let n = el; n && n !== document.body; n = n.parentElement) {
      const css = getComputedStyle(n);
      if (/(auto|scroll)/.test(css.overflowY) && n.scrollHeight > n.clientHeight + 2) return n;
    }
    return document.scrollingElement;
  };
  const box = scrollable(scoped()[0]);
  const isPage = box === document.scrollingElement;
  const view = () => isPage ? {top: 0, bottom: window.innerHeight} : box.getBoundingClientRect();
  const offset = (el) => el.getBoundingClientRect().top - view().top + box.scrollTop;
  // Run axe's OPTIONS on ELS screen by screen (what axe judges by colour must be on screen); return the screens.
  const byScreen = async (els, options, limit) => {
    let remaining = els.filter(el => el.getBoundingClientRect().height > 0)
                       .map(el => [offset(el), el]).sort((a, b) => a[0] - b[0]).map(pair => pair[1]);
    if (isPage && remaining.length && limit > 0) {
      // the page itself scrolls (the static site): axe judges text below the fold too, so one run does
      keep(await axe.run({include: remaining, exclude: excluded()}, options));
      return 1;
    }
    let used = 0;
    while (remaining.length && used < limit) {
      box.scrollTop = Math.max(0, offset(remaining[0]) - 8);
      await frame();
      const v = view();
      const inView = remaining.filter(el => { const r = el.getBoundingClientRect(); return r.top >= v.top - 1 && r.top < v.bottom; });
      const batch = inView.length ? inView : [remaining[0]];
      used += 1;
      keep(await axe.run({include: batch, exclude: excluded()}, options));
      remaining = remaining.filter(el => !batch.includes(el));
    }
    return used;
  };
  let screens = 0;
  // A notebook's prose (its markdown cells): its landmarks with the outputs' (if it has any), then every link
  // of both not underlined, on screen (link-in-text-block then judges its colour against its text's; an
  // underlined link passes that rule on its style alone, so it needs no screen).
  const markdown = markdownSelector ? Array.from(document.querySelectorAll(markdownSelector)) : [];
  const LANDMARKS = 'main, nav, aside, header, footer, section[aria-label], section[aria-labelledby], form, '
                  + '[role=banner], [role=complementary], [role=contentinfo], [role=form], [role=main], '
                  + '[role=navigation], [role=region], [role=search]';
  try {
    if (markdown.length) {
      const landmarks = markdownRules.filter(r => r !== 'link-in-text-block');
      if (landmarks.length && markdown.some(root => root.querySelector(LANDMARKS))) {
        keep(await axe.run({include: [...scoped(), ...markdown], exclude: excluded()},
                           {runOnly: {type: 'rule', values: landmarks}, resultTypes: ['violations']}));
      }
      const links = [...scoped(), ...markdown].flatMap(root => Array.from(root.querySelectorAll('a[href]')))
        .filter(a => !/underline/.test(getComputedStyle(a).textDecorationLine));
      if (markdownRules.includes('link-in-text-block')) {
        screens += await byScreen(links, {runOnly: {type: 'rule', values: ['link-in-text-block']},
                                          resultTypes: ['violations']}, maxScreens);
      }
    }
  } finally {
    box.scrollTop = 0;
  }
  style.textContent += hideCss;
  await frame();
  const contrast = {runOnly: {type: 'rule', values: ['color-contrast']}, resultTypes: ['violations']};
  // One element per contrast signature: what axe's contrast depends on (text colour, size, weight,
  // opacity, shadow, and every background behind it up to the scoped root). Rows of a long table
  // share one signature, so each look is judged once, and only the screens holding one are visited.
  const backgrounds = new Map();  // element -> what is drawn behind its text, itself and its ancestors
  const behind = (n) => {
    if (!n || n === document.documentElement) return '';
    if (backgrounds.has(n)) return backgrounds.get(n);
    const c = getComputedStyle(n);
    const own = (c.backgroundColor !== 'rgba(0, 0, 0, 0)' || c.backgroundImage !== 'none' || c.opacity !== '1'
                 || c.mixBlendMode !== 'normal' || c.filter !== 'none')
      ? [c.backgroundColor, c.backgroundImage, c.opacity, c.mixBlendMode, c.filter].join(',') : '';
    const key = own + ';' + behind(n.parentElement);
    backgrounds.set(n, key);
    return key;
  };
  const judged = /[\\p{L}\\p{N}]/u;
  const signatures = new Set();
  const reps = [];
  for (const root of scoped()) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let last = null;
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const el = t.parentElement;
      // axe judges only text with a letter or digit in it ("." or "=" alone is skipped), so such text
      // cannot stand for its look: the next element of that look with real text does.
      if (!el || el === last || !judged.test(t.nodeValue) || el.closest('svg')) continue;
      last = el;
      const css = getComputedStyle(el);
      const key = [css.color, css.fontSize, css.fontWeight, css.textShadow, behind(el)].join('|');
      if (signatures.has(key)) continue;
      signatures.add(key);
      reps.push(el);
    }
  }
  try {
    screens += await byScreen(reps, contrast, maxScreens);
  } finally {
    style.remove();
    box.scrollTop = 0;
  }
  return {screens, scoped: scoped().length, found: Array.from(found.values())};
}"""

# No two controls of one widget (one output of a cell) share an accessible name (issue 29: lesson 03's 84 menus
# were "Label" x42 and "Category" x42). Names are axe's own (axe.commons.text.accessibleText); links are left
# out (two links to one source may share a name). One finding per shared name, as axe's findings read.
NAMES_JS = """([selector, exclude]) => {
  const CONTROLS = 'button, input:not([type=hidden]), select, textarea, summary, [role=slider], [role=button], '
                 + '[role=checkbox], [role=switch], [role=radio], [role=combobox], [role=textbox]';
  const outputs = Array.from(document.querySelectorAll(selector))
    .flatMap(root => root.matches('.jp-OutputArea-output') ? [root]
                                                            : Array.from(root.querySelectorAll('.jp-OutputArea-output')));
  const found = [];
  if (!outputs.length) return found;
  axe.setup(outputs[0].closest('.jp-Notebook') || document.documentElement);
  try {
    outputs.forEach((output, number) => {
      const byName = new Map();
      for (const el of output.querySelectorAll(CONTROLS)) {
        if (exclude.some(s => el.closest(s))) continue;
        const name = axe.commons.text.accessibleText(el).replace(/\\s+/g, ' ').trim();
        if (!name) continue;  // a control without a name is axe's finding, not this one
        if (!byName.has(name)) byName.set(name, []);
        byName.get(name).push(el);
      }
      for (const [name, els] of byName) {
        if (els.length < 2) continue;
        const cell = output.closest('[data-windowed-list-index]');
        found.push({rule: 'casekit-duplicate-name', impact: 'serious',
                    help: 'No two controls of one widget share an accessible name',
                    cell: cell ? Number(cell.dataset.windowedListIndex) + 1 : null,
                    target: `output ${number + 1}: ${els.length} controls named "${name.slice(0, 80)}"`,
                    html: els[0].outerHTML.slice(0, 240),
                    summary: 'Name each control by what it is for (e.g. its item), so a screen reader tells them apart'});
      }
    });
  } finally {
    axe.teardown();
  }
  return found;
}"""


@dataclass
class Finding:
    """One axe violation on one element."""

    rule: str
    impact: str
    help: str
    cell: int | None
    target: str
    html: str
    summary: str

    @property
    def fails(self) -> bool:
        return self.impact in FAILING or self.rule in ALWAYS_FAILING

    def line(self, where: str) -> str:
        cell = f" cell {self.cell}," if self.cell else ""
        return (
            f"{where}:{cell} [{self.impact}] {self.rule} ({self.help}) at {self.target[-160:]}: "
            f"{self.html[:160]} -- {self.summary[:200]}"
        )


@dataclass
class Audit:
    """What axe found on one notebook or page."""

    where: str
    screens: int = 0
    scoped: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def failing(self) -> list[Finding]:
        return [f for f in self.findings if f.fails]

    @property
    def other(self) -> list[Finding]:
        return [f for f in self.findings if not f.fails]

    def describe(self, findings: list[Finding] | None = None) -> str:
        chosen = self.findings if findings is None else findings
        return "\n".join(f.line(self.where) for f in chosen)


def audit(page, where: str, selector: str, *, notebook: bool, hide_css: str = "", max_screens: int = 200) -> Audit:
    """Run axe on the elements matching SELECTOR (colour contrast screen by screen); return the findings.

    NOTEBOOK turns off the whole-page rules (the page is JupyterLab's, not the kit's), judges the notebook's
    markdown by MARKDOWN_RULES too, and makes the window TALL pixels high meanwhile; HIDE_CSS is applied during
    the contrast pass only; MAX_SCREENS bounds the scrolling. Then NAMES_JS: no two controls of one output share
    a name."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    skip = list(NOTEBOOK_SKIPS) if notebook else []
    viewport = page.viewport_size
    if notebook and viewport:  # a tall window holds more of the panel per screen: fewer screens to judge
        page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], TALL)})
    markdown = NOTEBOOK_MARKDOWN if notebook else ""
    try:
        raw = page.evaluate(
            AUDIT_JS, [selector, skip, TAGS, list(EXCLUDE), hide_css, max_screens, markdown, MARKDOWN_RULES]
        )
    finally:
        if notebook and viewport:
            page.set_viewport_size(viewport)
    items = raw["found"] + (page.evaluate(NAMES_JS, [selector, list(EXCLUDE)]) if raw["scoped"] else [])
    found = [Finding(**item) for item in items]
    found.sort(key=lambda f: (FAILING.index(f.impact) if f.impact in FAILING else 9, f.rule, f.target))
    return Audit(where, raw["screens"], raw["scoped"], found)
