"""Lesson 03, content moderation: labelling, agreement, keyword filters and review queues."""

from casekit.topics import lazy_parts

LESSON = "03-content-moderation"
# the dataset rows `casekit handouts` prints for this lesson: (dataset, columns, caption)
HANDOUT_TABLES = [
    (
        "moderation_record",
        ["fact", "value", "unit", "period", "who", "source_ids", "confidence"],
        "What the record says about moderation",
    ),
]
__getattr__ = lazy_parts(__name__)
