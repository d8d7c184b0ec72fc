"""Lesson 05, the moot court: counsel's briefs, the bench's questions, rubric and memos, and the ruling."""

from casekit.topics import lazy_parts

LESSON = "05-moot-court"
# the dataset rows `casekit handouts` prints for this lesson: (dataset, columns, caption)
HANDOUT_TABLES = [
    (
        "court_findings",
        ["factor_id", "finding", "quote", "source_ids", "confidence"],
        "The court's findings, with the words reported for them",
    ),
    (
        "advocacy_rubric",
        ["criterion", "question", "level_1", "level_2", "level_3"],
        "The bench's oral-advocacy rubric (the kit's convention): score each counsel 1, 2 or 3 per criterion",
    ),
]
__getattr__ = lazy_parts(__name__)
