"""Lesson 00's widget: the timeline explorer."""

from __future__ import annotations

import ipywidgets as w
from IPython.display import display
import pandas as pd

from casekit import data, figures
from casekit.widgets.common import Select, mark_main, text_block


def timeline_explorer(timeline: pd.DataFrame | None = None) -> w.VBox:
    """Return the timeline with actor and event-type filters and a live text summary."""
    timeline = data.load("timeline") if timeline is None else timeline
    all_label = "(all)"
    actor = Select(label="Actor", options=[all_label, *map(str, timeline["actor"].cat.categories)], value=all_label)
    kind = Select(label="Event type", options=[all_label, *map(str, timeline["event_type"].cat.categories)],
                  value=all_label)
    figure_area = w.Output()
    summary = w.HTML()

    def update(_change=None) -> None:
        rows = figures.filter_timeline(
            timeline,
            actors=None if actor.value == all_label else [actor.value],
            event_types=None if kind.value == all_label else [kind.value],
        )
        summary.value = text_block(figures.timeline_summary(rows))
        figure_area.clear_output(wait=True)
        with figure_area:
            if not rows.empty:
                display(figures.mime_bundle(figures.timeline_figure(rows)), raw=True)

    actor.observe(update, names="value")
    kind.observe(update, names="value")
    update()
    box = w.VBox([w.HBox([actor, kind]), figure_area, w.HTML("<b>Text summary of the events shown</b>"), summary])
    mark_main(box, actor, summary)
    return box
