"""Figures of the case, built with plotly from the datasets, each with a plain-text summary.

One module per lesson topic (`timeline`, `relief`, ...) over one shared theme (`theme`). The names
below are re-exported so that lessons can write `figures.timeline_figure(...)`.
"""

from casekit.figures.antitrust import (
    concentration_figure, concentration_summary, shares_figure, shares_figure_json, shares_summary,
)
from casekit.figures.contract import (
    notice_figure_json, notice_summary, rating_figure_json, rating_summary,
)
from casekit.figures.moderation import (
    backlog_figure, backlog_figure_json, backlog_summary, confusion_figure, confusion_summary, pr_figure,
    pr_figure_json, pr_summary,
)
from casekit.figures.relief import factors_figure, factors_figure_json
from casekit.figures.theme import (
    CONFIDENCE_MARKERS, CONFIDENCE_WORDS, OKABE_ITO, PLOTLY_CONFIG, base_layout, mime_bundle, use_offline_renderer,
)
from casekit.figures.timeline import (
    aftermath_figure, aftermath_summary, filter_timeline, standard_figure, standard_summary, timeline_figure, timeline_summary,
)

__all__ = [
    "backlog_figure", "backlog_figure_json", "backlog_summary", "confusion_figure", "confusion_summary",
    "pr_figure", "pr_figure_json", "pr_summary",
    "notice_figure_json", "notice_summary", "rating_figure_json", "rating_summary",
    "concentration_figure", "concentration_summary", "shares_figure", "shares_figure_json", "shares_summary",
    "CONFIDENCE_MARKERS", "CONFIDENCE_WORDS", "OKABE_ITO", "base_layout", "factors_figure", "factors_figure_json",
    "aftermath_figure", "aftermath_summary", "filter_timeline", "standard_figure", "standard_summary", "timeline_figure", "timeline_summary",
    "use_offline_renderer", "PLOTLY_CONFIG", "mime_bundle",
]
