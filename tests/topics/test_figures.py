"""casekit.figures: figures drawn from the datasets, each with a matching text summary."""

import html
import json
import re

import pandas as pd
import plotly.graph_objects as go

from casekit import data
from casekit.paths import ROOT
from casekit.topics.case import figures as case_figures
from casekit.topics.relief import figures as relief_figures
from casekit.topics.relief import reasoning as relief
from casekit.ui import theme


def test_timeline_figure_has_every_event_once_with_its_sources_in_the_hover():
    timeline = data.load("timeline")
    fig = case_figures.timeline_figure(timeline)
    points = [x for trace in fig.data if trace.customdata is not None for x in trace.customdata]
    assert len(points) == len(timeline)
    assert {p[0] for p in points} == set(timeline["title"])
    assert all(p[3] for p in points)


def test_uncertain_events_have_their_own_shape_not_just_a_colour():
    fig = case_figures.timeline_figure(data.load("timeline"))
    shapes = {trace.name: trace.marker.symbol for trace in fig.data}
    assert len({shapes[w] for w in theme.CONFIDENCE_WORDS.values() if w in shapes}) == len(shapes)
    assert "UNCERTAIN" in theme.CONFIDENCE_WORDS["uncertain"]


def test_filter_timeline_by_actor_and_type():
    timeline = data.load("timeline")
    rows = case_figures.filter_timeline(timeline, actors=["Court"], event_types=["ruling"])
    assert len(rows) > 0 and set(rows["actor"]) == {"Court"} and set(rows["event_type"]) == {"ruling"}
    assert case_figures.filter_timeline(timeline, actors=[]).empty


def test_summary_lists_each_event_and_flags_uncertain_ones():
    timeline = data.load("timeline")
    text = case_figures.timeline_summary(timeline)
    assert text.startswith(f"{len(timeline)} events")
    uncertain = timeline[timeline["confidence"] == "uncertain"]
    assert text.count("[UNCERTAIN]") == len(uncertain)
    assert case_figures.timeline_summary(timeline.iloc[0:0]) == "No events match these filters."


def test_standard_figure_shows_four_factors_and_three_claims():
    factors, claims = data.load("relief_factors"), data.load("claims")
    sunburst = case_figures.standard_figure(factors, claims).data[0]
    assert len(sunburst.ids) == 1 + 4 + 3
    assert sum(parent == "success" for parent in sunburst.parents) == len(claims)
    summary = case_figures.standard_summary(factors, claims)
    assert all(name in summary for name in claims["name"])


def test_factors_figure_marks_thresholds_and_labels_each_bar_in_words():
    labels = {f: f for f in relief.FACTORS}
    a = dict.fromkeys(relief.FACTORS, 1)
    fig = relief_figures.factors_figure(a, labels, relief.weigh(a))
    bars, words, winter, sliding = fig.data
    assert list(bars.x) == [1] * 6 and all("Parler" in t for t in bars.text)
    assert list(sliding.x) == [0, 0, 0, 1, 2, 1]
    assert "relief granted" in fig.layout.title.text
    # the words sit in a column right of every bar and threshold marker, never on a marker
    assert list(words.text) == list(bars.text) and min(words.x) > max([*winter.x, *sliding.x, *bars.x])


def test_factors_figure_legend_swatches_show_each_sides_own_pattern():
    labels = {f: f for f in relief.FACTORS}
    a = dict(zip(relief.FACTORS, (-2, -1, 0, 1, 2, 1)))
    bars = [t for t in relief_figures.factors_figure(a, labels, relief.weigh(a)).data if t.type == "bar"]
    assert [b.name for b in bars] == ["your rating: for Parler", "your rating: for AWS"]
    assert [b.marker.pattern.shape for b in bars] == ["", "/"]
    assert [list(b.x) for b in bars] == [[1, 2, 1], [-2, -1]]


def test_the_offline_renderer_emits_the_kit_config_without_cloud_upload_or_logo(monkeypatch):
    import plotly.io as pio

    renderer = pio.renderers["plotly_mimetype"]
    monkeypatch.setattr(renderer, "config", dict(renderer.config))
    monkeypatch.setattr(pio.renderers, "default", pio.renderers.default)
    theme.use_offline_renderer()
    bundle = renderer.to_mimebundle(case_figures.timeline_figure(data.load("timeline")).to_dict())
    config = bundle[theme.PLOTLY_MIME]["config"]
    assert pio.renderers.default == "plotly_mimetype"
    assert config["displaylogo"] is False and config["showSendToCloud"] is False
    assert {"sendDataToCloud", "sendChartToCloud"} <= set(config["modeBarButtonsToRemove"])


def test_mime_bundle_adds_the_config_to_raw_figure_json_and_keeps_the_figure():
    labels = {f: f for f in relief.FACTORS}
    ratings = dict.fromkeys(relief.FACTORS, 0)
    figure = relief_figures.factors_figure_json(ratings, labels, relief.weigh(ratings))
    bundle = theme.mime_bundle(figure, config={"displayModeBar": False})
    shown = bundle[theme.PLOTLY_MIME]
    assert list(bundle) == [theme.PLOTLY_MIME] and shown["data"] == figure["data"]
    assert shown["config"]["displaylogo"] is False and shown["config"]["displayModeBar"] is False
    assert "config" not in figure  # the caller's figure is not changed
    assert theme.mime_bundle(go.Figure(figure))[theme.PLOTLY_MIME]["config"] == theme.PLOTLY_CONFIG


def test_timeline_hover_labels_wrap_and_carry_date_sources_and_confidence():
    timeline = data.load("timeline")
    fig = case_figures.timeline_figure(timeline)
    labels = {t.title: t for t in timeline.itertuples()}
    hovers = [h for trace in fig.data if trace.hovertext is not None for h in trace.hovertext]
    assert len(hovers) == len(timeline)
    for hover in hovers:
        lines = [html.unescape(re.sub(r"<[^>]+>", "", line)) for line in hover.split("<br>")]
        assert max(len(line) for line in lines) <= 60  # a label of ~50-character lines fits beside a point
        flat = " ".join(lines)
        row = next(labels[title] for title in labels if flat.startswith(title))
        assert (
            " ".join(row.date_label.split()) in flat and "Confidence: " + theme.CONFIDENCE_WORDS[row.confidence] in flat
        )
        assert all(source in flat for source in row.source_ids)


def test_timeline_offers_the_crowded_days_and_the_whole_case():
    timeline = data.load("timeline")
    (menu,) = case_figures.timeline_figure(timeline).layout.updatemenus
    views = {button.label: button.args[0] for button in menu.buttons}
    assert views["Whole case"] == {"xaxis.autorange": True}
    start, end = (pd.Timestamp(day) for day in views["8–21 Jan 2021"]["xaxis.range"])
    crowded = timeline[timeline["date"].between("2021-01-08", "2021-01-21")]["date"]
    assert len(crowded) > 0 and start <= crowded.min() and crowded.max() <= end
    assert end - start <= pd.Timedelta(days=15)


def test_timeline_summary_is_kept_beside_the_views():
    timeline = data.load("timeline")
    assert all(row.title in case_figures.timeline_summary(timeline) for row in timeline.itertuples())


def test_sunburst_labels_are_not_shrunk_below_12px():
    fig = case_figures.standard_figure(data.load("relief_factors"), data.load("claims"))
    sunburst = fig.data[0]
    assert sunburst.textfont.size >= 12
    assert fig.layout.uniformtext.minsize is None or fig.layout.uniformtext.minsize >= 12
    # measured in Chromium: with "auto" orientation and 640 px the claim labels keep their 13 px
    assert sunburst.insidetextorientation == "auto" and fig.layout.height >= 640


def test_contrast_ratio_follows_wcag():
    assert round(theme.contrast_ratio("#000000", "#FFFFFF"), 6) == 21
    assert theme.contrast_ratio("#0072B2", "#0072B2") == 1
    assert theme.text_colour_on("#000000") == "#FFFFFF" and theme.text_colour_on("#F0E442") == "#000000"


# --- contrast inside figures ------------------------------------------------------------------------
# axe-core cannot judge plotly's SVG text, so the figures' own JSON is checked here: text at 4.5:1 or
# better against what it is drawn on (WCAG 1.4.3), markers at 3:1 against the plot (WCAG 1.4.11).
TEXT_MINIMUM, GRAPHICS_MINIMUM = 4.5, 3.0
NAMED = {"black": "#000000", "white": "#FFFFFF"}
CENTRED = {None, "middle center", "inside", "auto"}


def _hex(colour, under: str = "#FFFFFF") -> str | None:
    """#RRGGBB for a plotly colour (#RGB, #RRGGBB, rgb(), rgba() blended over UNDER, black, white), else None."""
    if not isinstance(colour, str):
        return None
    colour = NAMED.get(colour.strip().lower(), colour.strip())
    if re.fullmatch(r"#[0-9a-fA-F]{3}", colour):
        return "#" + "".join(c * 2 for c in colour[1:])
    if re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        return colour
    match = re.fullmatch(r"rgba?\(([^)]*)\)", colour.replace(" ", ""))
    if not match:
        return None
    parts = [float(p) for p in match.group(1).split(",")]
    alpha = parts[3] if len(parts) == 4 else 1.0
    back = [int(under[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(alpha * c + (1 - alpha) * b):02X}" for c, b in zip(parts[:3], back))


def _each(value, count: int) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value] * count


def figure_contrast_problems(figure: dict, name: str) -> list[str]:
    """Every text or marker in FIGURE (plotly JSON) below its WCAG contrast minimum, in words."""
    layout = figure.get("layout", {})
    template = layout.get("template", {}).get("layout", {})
    paper = _hex(layout.get("paper_bgcolor") or template.get("paper_bgcolor") or "#FFFFFF")
    plot = _hex(layout.get("plot_bgcolor") or template.get("plot_bgcolor") or paper, paper)
    base = _hex((layout.get("font") or {}).get("color") or (template.get("font") or {}).get("color") or "#444444")
    problems = []

    def check(what: str, fg, bg, minimum: float) -> None:
        fg, bg = _hex(fg, bg) if fg else base, bg
        if fg is None or bg is None:
            problems.append(f"{name}: {what}: colour {fg!r} on {bg!r} cannot be read (give it a #RRGGBB colour)")
        elif theme.contrast_ratio(fg, bg) < minimum:
            problems.append(f"{name}: {what}: {fg} on {bg} is {theme.contrast_ratio(fg, bg):.2f}:1 (needs {minimum}:1)")

    check("title", ((layout.get("title") or {}).get("font") or {}).get("color"), paper, TEXT_MINIMUM)
    for note in layout.get("annotations", []):
        check(
            f"annotation {str(note.get('text'))[:40]!r}",
            (note.get("font") or {}).get("color"),
            _hex(note.get("bgcolor"), plot) or plot,
            TEXT_MINIMUM,
        )
    for number, trace in enumerate(figure.get("data", []), start=1):
        kind, marker = trace.get("type", "scatter"), trace.get("marker") or {}
        label = f"trace {number} ({kind} {trace.get('name') or ''})".replace(" )", ")")
        if kind in ("sunburst", "treemap", "icicle", "pie"):
            fills = marker.get("colors") or []
            font = trace.get("insidetextfont") or trace.get("textfont") or {}
            colours = _each(font.get("color"), len(fills))
            if any(c is None for c in colours):
                problems.append(
                    f"{name}: {label}: sector labels need explicit textfont colours (plotly's own "
                    "choice of black or white is not always 4.5:1)"
                )
                continue
            for sector, (text, fill) in enumerate(zip(colours, fills)):
                check(f"{label} sector {sector + 1} label", text, _hex(fill, plot), TEXT_MINIMUM)
            continue
        mode = trace.get("mode") or ("markers" if kind == "scatter" else "")
        xs = trace.get("x") or []
        shown = [x is not None for x in xs] or [True]
        if kind == "scatter" and "markers" in mode:
            count = len(shown)
            fills = _each(marker.get("color"), count)
            lines = _each((marker.get("line") or {}).get("color"), count)
            widths = _each((marker.get("line") or {}).get("width", 0), count)
            symbols = _each(marker.get("symbol", "circle"), count)
            for i, visible in enumerate(shown):
                if not visible:
                    continue
                outlined = (widths[i] or 0) >= 1 and lines[i] and not str(symbols[i]).endswith(("-open", "-open-dot"))
                edge = lines[i] if outlined else fills[i]
                check(f"{label} marker {i + 1} ({symbols[i]})", edge, plot, GRAPHICS_MINIMUM)
        if "text" in mode and trace.get("text") is not None:
            font = trace.get("textfont") or {}
            count = len(shown)
            colours = _each(font.get("color"), count)
            positions = _each(trace.get("textposition"), count)
            fills = _each(marker.get("color"), count)
            for i, visible in enumerate(shown):
                on_marker = "markers" in mode and positions[i] in CENTRED
                if visible:
                    check(
                        f"{label} text {i + 1}", colours[i], _hex(fills[i], plot) if on_marker else plot, TEXT_MINIMUM
                    )
    return problems


def _figures_to_check() -> list[tuple[str, dict]]:
    timeline = data.load("timeline")
    built = {
        "timeline_figure": case_figures.timeline_figure(timeline),
        "standard_figure": case_figures.standard_figure(data.load("relief_factors"), data.load("claims")),
        "aftermath_figure": case_figures.aftermath_figure(timeline, "t23"),
    }
    return [(name, json.loads(fig.to_json())) for name, fig in built.items()]


def _stored_lesson_figures() -> list[tuple[str, dict]]:
    """Every plotly figure stored in the lessons' outputs, also inside saved Output widgets."""
    found = []

    def walk(value, where):
        if isinstance(value, dict):
            if theme.PLOTLY_MIME in value and isinstance(value[theme.PLOTLY_MIME], dict):
                found.append((where, value[theme.PLOTLY_MIME]))
            for item in value.values():
                walk(item, where)
        elif isinstance(value, list):
            for item in value:
                walk(item, where)

    for path in sorted(ROOT.glob("lessons/*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for number, cell in enumerate(nb["cells"], start=1):
            walk(cell.get("outputs", []), f"{path.name} cell {number}")
        walk(nb.get("metadata", {}).get("widgets", {}), f"{path.name} (saved widget state)")
    return found


def test_figure_contrast_check_finds_pale_text_and_pale_markers():
    """The control: a figure with grey-on-white text and a yellow open marker fails, its fixed twin passes."""
    bad = {
        "layout": {"title": {"text": "t", "font": {"color": "#AAAAAA"}}},
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "x": [1],
                "y": [1],
                "marker": {"color": "#F0E442", "symbol": "circle-open-dot", "line": {"width": 2}},
            },
            {
                "type": "sunburst",
                "labels": ["a", "b"],
                "parents": ["", "a"],
                "marker": {"colors": ["#FFFFFF", "#0072B2"]},
                "textfont": {"color": ["#000000", "#000000"]},
            },
        ],
    }
    problems = figure_contrast_problems(bad, "control")
    assert len(problems) == 3, problems
    assert any("title" in p for p in problems) and any("marker 1" in p for p in problems)
    assert any("sector 2" in p for p in problems)
    good = json.loads(json.dumps(bad))
    good["layout"]["title"]["font"]["color"] = "#333333"
    good["data"][0]["marker"].update(symbol="circle-x", line={"width": 2, "color": "#000000"})
    good["data"][1]["textfont"]["color"] = ["#000000", "#FFFFFF"]
    assert figure_contrast_problems(good, "control") == []


def test_kit_figures_text_and_markers_meet_wcag_contrast():
    problems = [p for name, fig in _figures_to_check() for p in figure_contrast_problems(fig, name)]
    assert not problems, "\n".join(problems)


def test_figures_stored_in_the_lessons_meet_wcag_contrast():
    """Every figure a lesson shows (as last executed: re-run the lessons after changing a figure)."""
    stored = _stored_lesson_figures()
    assert stored, "no plotly figure stored in lessons/*.ipynb"
    problems = [p for where, fig in stored for p in figure_contrast_problems(fig, where)]
    assert not problems, "\n".join(problems[:40]) + (f"\n... {len(problems)} in all" if len(problems) > 40 else "")


def test_every_lesson_figure_has_a_caption_saying_where_its_text_version_is():
    """Issue 16: each figure is tied to its text version; in JupyterLab by a caption beside it (the markdown
    cell just before the figure, or just after it) that says where the words are."""
    import re

    from casekit.authoring.exercise import read_notebook
    from casekit.paths import LESSONS

    says = re.compile(r"text version|in words|the text (under|after|below)", re.IGNORECASE)
    missing = []
    for path in sorted(LESSONS.glob("[0-9][0-9]-*.ipynb")):
        cells = read_notebook(path).cells
        for index, cell in enumerate(cells):
            shown = {mime for output in cell.get("outputs", []) for mime in output.get("data", {})}
            if cell.cell_type != "code" or "application/vnd.plotly.v1+json" not in shown:
                continue
            before = next((c.source for c in reversed(cells[:index]) if c.cell_type == "markdown"), "")
            after = (
                cells[index + 1].source if index + 1 < len(cells) and cells[index + 1].cell_type == "markdown" else ""
            )
            if not (says.search(before) or says.search(after)):
                missing.append(f"{path.name}, cell {index}")
    assert not missing, "figures without a caption saying where their text version is: " + "; ".join(missing)
