"""Defer one costly optional import that every kit process would otherwise pay for at start-up.

plotly's renderers import nbformat, nbformat imports jsonschema, and jsonschema imports
`rfc3987_syntax` (installed because jupyter-events asks for `jsonschema[format-nongpl]`) only to offer
its "iri" and "iri-reference" format checks. Importing `rfc3987_syntax` compiles 38 lark grammars:
about 2 s of CPU in every kernel that shows a figure and in every `casekit` command, before any of the
kit's own work (benchmarks/startup.py measures it). The kit never checks an IRI.

`defer()` registers a stand-in module under that name, so the import is cheap; the real module is
imported the first time anything is used from it. jsonschema's IRI checks still work (they call
`is_valid_syntax`, which loads the real module), and any other code that imports `rfc3987_syntax`
gets the real module's attributes. Nothing changes when the package is not installed or is already
imported.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

SLOW = "rfc3987_syntax"


def load() -> types.ModuleType:
    """The real module (imported now if it was deferred)."""
    current = sys.modules.get(SLOW)
    if not isinstance(current, Deferred):
        return importlib.import_module(SLOW)
    del sys.modules[SLOW]
    try:
        return importlib.import_module(SLOW)
    except BaseException:
        sys.modules[SLOW] = current
        raise


class Deferred(types.ModuleType):
    """Stands in for the module until one of its attributes is used."""

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return getattr(load(), name)


def is_valid_syntax(rule: str, value: str) -> bool:
    """rfc3987_syntax.is_valid_syntax, imported on first call (jsonschema imports this name)."""
    return load().is_valid_syntax(rule, value)


def defer() -> bool:
    """Register the stand-in if the module is installed and not yet imported; return whether it was."""
    if SLOW in sys.modules:
        return False
    try:
        spec = importlib.util.find_spec(SLOW)
    except (ImportError, ValueError):
        return False
    if spec is None:
        return False
    stand_in = Deferred(SLOW, __doc__)
    stand_in.__spec__ = spec
    stand_in.__file__ = spec.origin
    if spec.submodule_search_locations is not None:
        stand_in.__path__ = list(spec.submodule_search_locations)
    stand_in.is_valid_syntax = is_valid_syntax
    sys.modules[SLOW] = stand_in
    return True
