"""Lesson 03, content moderation: labelling, agreement, keyword filters and review queues."""

from casekit.topics import lazy_parts

LESSON = "03-content-moderation"
__getattr__ = lazy_parts(__name__)
