"""Lesson 05, the moot court: counsel's briefs, the bench's memos and the ruling."""

from casekit.topics import lazy_parts

LESSON = "05-moot-court"
# the dataset rows `casekit handouts` prints for this lesson: (dataset, columns, caption)
HANDOUT_TABLES = [
    (
        "court_findings",
        ["factor_id", "finding", "quote", "source_ids", "confidence"],
        "The court's findings, with the words reported for them",
    ),
]
__getattr__ = lazy_parts(__name__)
