"""The kit's figure theme: one colour-blind-safe palette, confidence markers and words, shared layout."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Confidence is never colour alone: each level has its own marker shape and wording.
CONFIDENCE_MARKERS = {
    "primary": dict(symbol="circle", opacity=1.0, line=dict(width=1, color="#000000")),
    "reported": dict(symbol="diamond", opacity=0.85, line=dict(width=1, color="#000000")),
    "uncertain": dict(symbol="circle-open-dot", opacity=0.9, line=dict(width=2)),
}
CONFIDENCE_WORDS = {
    "primary": "primary source (verified)",
    "reported": "reported by news or commentary",
    "uncertain": "UNCERTAIN: not verified",
}


def use_offline_renderer() -> None:
    """Show figures with the plotly_mimetype renderer: offline, no CDN, stable under nbval."""
    pio.renderers.default = "plotly_mimetype"


def base_layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        template="simple_white",
        height=height,
        margin=dict(l=10, r=10, t=60, b=40),
        font=dict(size=13),
        hoverlabel=dict(align="left"),
        legend=dict(orientation="h", yanchor="top", y=-0.15, x=0),
    )
    return fig
