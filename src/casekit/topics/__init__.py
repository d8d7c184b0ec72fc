"""The lesson topics: one package per lesson, each holding its reasoning, widgets, figures and checks.

A topic is a package here whose `__init__` names its lesson (`LESSON = "02-cloud-contracts"`). It is found
by `all_topics()`, never listed by hand, so adding a lesson adds a folder and edits no central list:

    topics/<topic>/reasoning.py   pure functions on plain data (no view library)
    topics/<topic>/widgets.py     thin ipywidgets/anywidget views over the reasoning
    topics/<topic>/figures.py     plotly figures, each with a text summary
    topics/<topic>/checks.py      the lesson's and exercise's self-checks (@register)

In a lesson: `from casekit.topics import contract`, then `contract.reasoning.cure_deadline(...)` computes and
`contract.widgets.NoticeCalculator()` shows. The parts are imported on first use, so a grading kernel that
needs only the checks never imports a view library.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType

PARTS = ("reasoning", "widgets", "figures", "checks")


@dataclass(frozen=True)
class Topic:
    """A lesson topic: its package name, its lesson's file stem, and the parts it has."""

    name: str
    lesson: str
    parts: tuple[str, ...]

    @property
    def module(self) -> ModuleType:
        """The topic's package."""
        return importlib.import_module(f"{__name__}.{self.name}")

    def part(self, part: str) -> ModuleType:
        """Import and return one part of the topic, e.g. `checks`."""
        return importlib.import_module(f"{__name__}.{self.name}.{part}")


def all_topics() -> list[Topic]:
    """Every topic package, in lesson order."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if not info.ispkg or info.name.startswith("_"):
            continue
        package = importlib.import_module(f"{__name__}.{info.name}")
        lesson = getattr(package, "LESSON", None)
        if not lesson:
            raise ImportError(f'casekit/topics/{info.name}/__init__.py must set LESSON, e.g. LESSON = "06-my-topic"')
        parts = tuple(p for p in PARTS if any(m.name == p for m in pkgutil.iter_modules(package.__path__)))
        found.append(Topic(info.name, lesson, parts))
    return sorted(found, key=lambda t: t.lesson)


def topic_of_lesson(stem: str) -> Topic | None:
    """The topic whose lesson has the file stem STEM (e.g. "02-cloud-contracts"), or None."""
    return next((t for t in all_topics() if t.lesson == stem), None)


def lazy_parts(package_name: str):
    """A module `__getattr__` that imports a topic's parts (reasoning, widgets, figures, checks) on first use."""

    def __getattr__(name: str):
        if name in PARTS:
            return importlib.import_module(f"{package_name}.{name}")
        raise AttributeError(f"module {package_name!r} has no attribute {name!r}")

    return __getattr__
