"""The pandas on-ramp (lessons/00p-pandas-for-this-kit.ipynb): the pandas moves the exercises need, on the kit's datasets.

It has self-checks only (checks.py): no reasoning, widgets or figures of its own.
"""

from casekit.topics import lazy_parts

LESSON = "00p-pandas-for-this-kit"
__getattr__ = lazy_parts(__name__)
