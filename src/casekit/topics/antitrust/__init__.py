"""Lesson 04, antitrust: concerted action, the evidence, market shares and concentration."""

from casekit.topics import lazy_parts

LESSON = "04-antitrust"
__getattr__ = lazy_parts(__name__)
