"""Figures of the case, built with plotly from the datasets, each with a plain-text summary.

One module per lesson topic (`timeline`, `relief`, ...) over one shared theme (`theme`). The names
below are re-exported so that lessons can write `figures.timeline_figure(...)`.
"""

from casekit.figures.relief import factors_figure, factors_figure_json
from casekit.figures.theme import CONFIDENCE_MARKERS, CONFIDENCE_WORDS, OKABE_ITO, base_layout, use_offline_renderer
from casekit.figures.timeline import (
    filter_timeline, standard_figure, standard_summary, timeline_figure, timeline_summary,
)

__all__ = [
    "CONFIDENCE_MARKERS", "CONFIDENCE_WORDS", "OKABE_ITO", "base_layout", "factors_figure", "factors_figure_json",
    "filter_timeline", "standard_figure", "standard_summary", "timeline_figure", "timeline_summary",
    "use_offline_renderer",
]
