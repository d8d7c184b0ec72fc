"""Lesson 00, the case: the timeline, the parties and the news report checked against the record."""

from casekit.topics import lazy_parts

LESSON = "00-the-case"
__getattr__ = lazy_parts(__name__)
