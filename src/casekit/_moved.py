"""Old import paths, kept working for one term after the topic-first layout (until the end of summer term 2027).

Learners' `workspace/` copies and instructors' own notebooks import today's old paths (`casekit.relief`,
`from casekit import widgets`, `casekit.checks.the_case`, ...). An import hook, installed by `import casekit`,
answers each old name with the module that now holds it and warns once per old name, naming the new path.
A moved module is the very same module object under both names, so its functions, monkeypatching and
isinstance checks behave as before. The old `casekit.widgets` and `casekit.figures` re-exported names from
several modules; they come back as stand-in modules that look each name up in its new home.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types
import warnings

# old module -> the module that now holds it
MOVED = {
    "casekit.news": "casekit.topics.case.reasoning",
    "casekit.relief": "casekit.topics.relief.reasoning",
    "casekit.contract": "casekit.topics.contract.reasoning",
    "casekit.moderation": "casekit.topics.moderation.reasoning",
    "casekit.antitrust": "casekit.topics.antitrust.reasoning",
    "casekit.moot": "casekit.topics.moot.reasoning",
    "casekit.widgets.news": "casekit.topics.case.widgets",
    "casekit.widgets.timeline": "casekit.topics.case.widgets",
    "casekit.widgets.relief": "casekit.topics.relief.widgets",
    "casekit.widgets.contract": "casekit.topics.contract.widgets",
    "casekit.widgets.moderation": "casekit.topics.moderation.widgets",
    "casekit.widgets.antitrust": "casekit.topics.antitrust.widgets",
    "casekit.widgets.moot": "casekit.topics.moot.widgets",
    "casekit.figures.timeline": "casekit.topics.case.figures",
    "casekit.figures.relief": "casekit.topics.relief.figures",
    "casekit.figures.contract": "casekit.topics.contract.figures",
    "casekit.figures.moderation": "casekit.topics.moderation.figures",
    "casekit.figures.antitrust": "casekit.topics.antitrust.figures",
    "casekit.figures.theme": "casekit.ui.theme",
    "casekit.tables": "casekit.ui.tables",
    "casekit.checks.the_case": "casekit.topics.case.checks",
    "casekit.checks.emergency_relief": "casekit.topics.relief.checks",
    "casekit.checks.cloud_contracts": "casekit.topics.contract.checks",
    "casekit.checks.content_moderation": "casekit.topics.moderation.checks",
    "casekit.checks.antitrust": "casekit.topics.antitrust.checks",
    "casekit.checks.moot_court": "casekit.topics.moot.checks",
    "casekit.exercise": "casekit.authoring.exercise",
    "casekit.catalog": "casekit.authoring.catalog",
    "casekit.execute": "casekit.authoring.execute",
    "casekit.release": "casekit.authoring.release",
    "casekit.grade": "casekit.grading.grade",
    "casekit.class_results": "casekit.classroom.results",
    "casekit.moderation_class": "casekit.classroom.labels",
    "casekit.class_files": "casekit.classroom.files",
}

# old re-exporting package -> the modules its names now come from (searched in this order)
GATHERED = {
    "casekit.widgets": (
        "casekit.ui.controls",
        "casekit.ui.saving",
        "casekit.topics.case.widgets",
        "casekit.topics.relief.widgets",
        "casekit.topics.contract.widgets",
        "casekit.topics.moderation.widgets",
        "casekit.topics.antitrust.widgets",
        "casekit.topics.moot.widgets",
    ),
    "casekit.widgets.common": ("casekit.ui.controls", "casekit.ui.saving"),
    "casekit.figures": (
        "casekit.ui.theme",
        "casekit.topics.case.figures",
        "casekit.topics.relief.figures",
        "casekit.topics.contract.figures",
        "casekit.topics.moderation.figures",
        "casekit.topics.antitrust.figures",
    ),
}
# the submodules an old package had, so that `widgets.relief` still works after `from casekit import widgets`
_SUBMODULES = {
    old: sorted(n.rsplit(".", 1)[1] for n in [*MOVED, *GATHERED] if n.rsplit(".", 1)[0] == old) for old in GATHERED
}

_warned: set[str] = set()


def new_path(old: str) -> str:
    """Where OLD now lives, in words."""
    if old in MOVED:
        return MOVED[old]
    return " / ".join(GATHERED[old])


def _warn(old: str) -> None:
    if old in _warned:
        return
    _warned.add(old)
    warnings.warn(
        f"{old} has moved to {new_path(old)}; the old name works until the end of summer term 2027 (see CHANGELOG.md)",
        FutureWarning,
        stacklevel=_caller_level(),
    )


def _caller_level() -> int:
    """The stack level of the first frame outside the import machinery and this module (the learner's import)."""
    frame, level = sys._getframe(1), 1
    while frame is not None and (
        frame.f_code.co_filename.startswith("<frozen importlib") or frame.f_code.co_filename == __file__
    ):
        frame, level = frame.f_back, level + 1
    return level


class _Gathered(types.ModuleType):
    """A stand-in for an old re-exporting package: each name is looked up in the modules that now hold it."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        if name in _SUBMODULES.get(self.__name__, ()):
            return importlib.import_module(f"{self.__name__}.{name}")
        for home in GATHERED[self.__name__]:
            module = importlib.import_module(home)
            if hasattr(module, name):
                return getattr(module, name)
        raise AttributeError(
            f"module {self.__name__!r} has no attribute {name!r} (it moved: see {new_path(self.__name__)})"
        )

    def __dir__(self):
        names = set(_SUBMODULES.get(self.__name__, ()))
        for home in GATHERED[self.__name__]:
            names.update(n for n in dir(importlib.import_module(home)) if not n.startswith("_"))
        return sorted(names)


class _Loader(importlib.abc.Loader):
    def create_module(self, spec):
        if spec.name in MOVED:
            return None  # a placeholder; exec_module puts the real module in its place
        module = _Gathered(
            spec.name, f"Moved: {spec.name} is now {new_path(spec.name)}. This stand-in keeps old imports working."
        )
        module.__path__ = []  # a package, so that its old submodules import through this hook
        return module

    def exec_module(self, module):
        old = module.__name__
        _warn(old)
        if old in MOVED:  # the import system hands out whatever sys.modules holds once this returns
            sys.modules[old] = importlib.import_module(MOVED[old])


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname in MOVED or fullname in GATHERED:
            return importlib.util.spec_from_loader(fullname, _Loader(), is_package=fullname in GATHERED)
        return None


def install() -> None:
    """Answer the old import paths (once per process)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
