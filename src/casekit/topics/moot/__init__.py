"""Lesson 05, the moot court: counsel's briefs, the bench's memos and the ruling."""

from casekit.topics import lazy_parts

LESSON = "05-moot-court"
__getattr__ = lazy_parts(__name__)
