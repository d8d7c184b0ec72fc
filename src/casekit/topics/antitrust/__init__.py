"""Lesson 04, antitrust: concerted action, the evidence, market shares and concentration."""

from casekit.topics import lazy_parts

LESSON = "04-antitrust"
# the dataset rows `casekit handouts` prints for this lesson: (dataset, columns, caption)
HANDOUT_TABLES = [
    (
        "antitrust_evidence",
        ["item", "offered_by", "status", "statement", "court_treatment", "source_ids", "confidence"],
        "The evidence of concerted action",
    ),
]
__getattr__ = lazy_parts(__name__)
