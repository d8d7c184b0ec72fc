"""Lesson 02, cloud contracts: the Customer Agreement's clauses, notice deadlines and readings."""

from casekit.topics import lazy_parts

LESSON = "02-cloud-contracts"
# the dataset rows `casekit handouts` prints for this lesson: (dataset, columns, caption)
HANDOUT_TABLES = [
    (
        "contract_clauses",
        ["section", "title", "operative_words", "summary", "source_ids", "confidence"],
        "The clauses at issue",
    ),
]
__getattr__ = lazy_parts(__name__)
