"""Interactive views for the lessons, one module per lesson topic over shared pieces in `common`.

Each widget is a thin view over pure functions of the package. The names below are re-exported
so that lessons can write `widgets.WeighingWidget()`.
"""

from casekit.widgets.common import SAVE_FOLDER, save_reasoning
from casekit.widgets.relief import (
    SLIDER_OPTIONS, WeighingWidget, arguments_html, court_html, group_by_factor, irac_html,
)
from casekit.widgets.timeline import timeline_explorer

__all__ = [
    "SAVE_FOLDER", "SLIDER_OPTIONS", "WeighingWidget", "arguments_html", "court_html", "group_by_factor",
    "irac_html", "save_reasoning", "timeline_explorer",
]
