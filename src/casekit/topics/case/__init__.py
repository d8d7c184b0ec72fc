"""Lesson 00, the case: the timeline, the parties and the news report checked against the record."""

from casekit.topics import lazy_parts

LESSON = "00-the-case"
# the dataset rows `casekit handouts` prints for this lesson: (dataset, columns, caption)
HANDOUT_TABLES = [
    (
        "claims",
        ["name", "legal_basis", "parler_alleged", "aws_answered", "source_ids", "confidence"],
        "Parler's three claims",
    ),
]
__getattr__ = lazy_parts(__name__)
