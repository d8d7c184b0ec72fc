"""The kit's figure theme: one colour-blind-safe palette, confidence markers, words and badge colours,
the plotly config every figure shows with, and the shared layout."""

from __future__ import annotations

import html
import json
import textwrap

import plotly.graph_objects as go
import plotly.io as pio

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Confidence is never colour alone: each level has its own marker shape and wording.
CONFIDENCE_MARKERS = {
    "primary": dict(symbol="circle", opacity=1.0, line=dict(width=1, color="#000000")),
    "reported": dict(symbol="diamond", opacity=0.85, line=dict(width=1, color="#000000")),
    # a black outline and centre dot: at 3:1 or better on white whatever the fill (WCAG 1.4.11, tested)
    "uncertain": dict(symbol="circle-dot", opacity=1.0, line=dict(width=2, color="#000000")),
}
CONFIDENCE_WORDS = {
    "primary": "primary source (verified)",
    "reported": "reported by news or commentary",
    "uncertain": "UNCERTAIN: not verified",
}
# Badge colours for confidence in tables: Okabe-Ito backgrounds; the text colour is whichever of
# black or white contrasts more (>= 4.5:1, tested). The badge always carries its words too.
CONFIDENCE_BADGE_COLOURS = {"primary": OKABE_ITO[0], "reported": OKABE_ITO[4], "uncertain": OKABE_ITO[5]}

PLOTLY_MIME = "application/vnd.plotly.v1+json"
# One modebar for every figure: no "Share chart" upload (the kit is offline and a figure may carry a
# learner's ratings), no plotly logo link, and only the few buttons a reader needs.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "showSendToCloud": False,
    "modeBarButtonsToRemove": [
        "sendDataToCloud",
        "sendChartToCloud",
        "editInChartStudio",
        "select2d",
        "lasso2d",
        "zoomIn2d",
        "zoomOut2d",
        "autoScale2d",
        "toggleSpikelines",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
    ],
    "toImageButtonOptions": {"format": "png", "filename": "casekit-figure"},
}
HOVER_WIDTH = 50  # characters per hover-label line, so labels fit beside a point instead of being clipped


def use_offline_renderer() -> None:
    """Show figures with the plotly_mimetype renderer (offline, no CDN, stable under nbval) and PLOTLY_CONFIG."""
    # plotly's mimetype renderer writes its `config` into the figure JSON it emits (PlotlyRenderer.to_mimebundle)
    pio.renderers["plotly_mimetype"].config = dict(PLOTLY_CONFIG)
    pio.renderers.default = "plotly_mimetype"


def mime_bundle(figure_json: dict, config: dict | None = None) -> dict:
    """Return a display bundle for plotly FIGURE_JSON with PLOTLY_CONFIG (updated by CONFIG): display(it, raw=True)."""
    figure = json.loads(figure_json.to_json()) if isinstance(figure_json, go.Figure) else figure_json
    return {PLOTLY_MIME: {**figure, "config": {**PLOTLY_CONFIG, **(config or {})}}}


def wrap_hover(text: str, width: int = HOVER_WIDTH) -> str:
    """Return TEXT escaped for a plotly label, with <br> line breaks every WIDTH characters or so."""
    return "<br>".join(html.escape(line, quote=False) for line in wrap_words(str(text), width)) or ""


def wrap_words(text: str, width: int) -> list[str]:
    """Return TEXT as lines of about WIDTH characters, broken only at spaces: never inside a word, an id or
    after a hyphen ('immediately' stays whole; a longer word gets a line of its own)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)


def relative_luminance(colour: str) -> float:
    """Return the WCAG relative luminance of a #RRGGBB colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """Return the WCAG contrast ratio (1 to 21) of two #RRGGBB colours."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_on(background: str) -> str:
    """Return black or white, whichever contrasts more with BACKGROUND."""
    return max(("#000000", "#FFFFFF"), key=lambda text: contrast_ratio(text, background))


# The legend sits at the foot of the figure (its y counted on the whole figure, not the plot area), so plotly
# makes room for it below the x axis's tick labels and title instead of drawing it over them.
LEGEND_BELOW = dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0)


def base_layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    """Apply the kit's layout to FIG: TITLE at the top left, the simple_white template, the legend below the
    x axis's title (LEGEND_BELOW), 13px text."""
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        template="simple_white",
        height=height,
        margin=dict(l=10, r=10, t=60, b=40),
        font=dict(size=13),
        hoverlabel=dict(align="left"),
        legend=LEGEND_BELOW,
    )
    return fig
