"""Interactive views for the lessons, one module per lesson topic over shared pieces in `common`.

Each widget is a thin view over pure functions of the package. The names below are re-exported
so that lessons can write `widgets.WeighingWidget()`.
"""

from casekit.widgets.antitrust import EvidenceWidget, MarketWidget
from casekit.widgets.contract import NoticeCalculator, ReadingWidget
from casekit.widgets.common import SAVE_FOLDER, ChoiceList, LiveHTML, RatingSlider, Select, save_reasoning
from casekit.widgets.moderation import FilterWidget, LabellingWidget, QueueWidget
from casekit.widgets.news import ClaimChecker
from casekit.widgets.relief import (
    SLIDER_OPTIONS, WeighingWidget, argument_options, court_html, group_by_factor, irac_html, outcome_html,
    rating_steps,
)
from casekit.widgets.timeline import timeline_explorer

__all__ = [
    "FilterWidget", "LabellingWidget", "QueueWidget",
    "ClaimChecker",
    "EvidenceWidget", "MarketWidget",
    "NoticeCalculator", "ReadingWidget",
    "SAVE_FOLDER", "SLIDER_OPTIONS", "ChoiceList", "LiveHTML", "RatingSlider", "Select", "WeighingWidget",
    "argument_options", "court_html", "group_by_factor", "irac_html", "outcome_html", "rating_steps",
    "save_reasoning", "timeline_explorer",
]
