"""Lesson 01, emergency relief: the Winter factors and the sliding scale, the record factor by factor."""

from casekit.topics import lazy_parts

LESSON = "01-emergency-relief"
# the dataset rows `casekit handouts` prints for this lesson: (dataset, columns, caption)
HANDOUT_TABLES = [
    (
        "court_findings",
        ["factor_id", "finding", "summary", "source_ids", "confidence"],
        "The court's findings, factor by factor",
    ),
]
__getattr__ = lazy_parts(__name__)
