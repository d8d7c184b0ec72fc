"""Lesson 04, antitrust: concerted action, the evidence, market shares and concentration, the hypothetical-monopolist
test and the microblogging market Parler pleaded."""

from casekit.topics import lazy_parts

LESSON = "04-antitrust"
# the dataset rows `casekit handouts` prints for this lesson: (dataset, columns, caption)
HANDOUT_TABLES = [
    (
        "antitrust_evidence",
        ["item", "offered_by", "status", "statement", "court_treatment", "source_ids", "confidence"],
        "The evidence of concerted action",
    ),
    (
        "microblogging_market",
        ["firm", "who", "statement", "measure", "period", "source_ids", "confidence"],
        "The microblogging market in the record",
    ),
]
__getattr__ = lazy_parts(__name__)
