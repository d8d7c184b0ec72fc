"""Lesson 01, emergency relief: the Winter factors and the sliding scale, the record factor by factor."""

from casekit.topics import lazy_parts

LESSON = "01-emergency-relief"
__getattr__ = lazy_parts(__name__)
