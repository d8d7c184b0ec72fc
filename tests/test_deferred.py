"""casekit defers rfc3987_syntax (casekit/_deferred.py): importing the kit and jsonschema compiles no
lark grammar, yet jsonschema's IRI checks and the module itself still work when used."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("rfc3987_syntax")


def run(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_importing_the_kit_and_a_figure_renderer_loads_no_grammar():
    assert run(
        "import casekit, sys, plotly.io._renderers, nbformat, jsonschema\n"
        "print('lark' in sys.modules, type(sys.modules['rfc3987_syntax']).__name__)"
    ) == ["False", "Deferred"]


def test_jsonschema_iri_checks_still_judge_iris():
    assert run(
        "import casekit, sys\nfrom jsonschema import Draft7Validator, FormatChecker\n"
        "v = Draft7Validator({'format': 'iri'}, format_checker=FormatChecker())\n"
        "print(v.is_valid('https://example.org/caf\\u00e9'), v.is_valid('no scheme here'), 'lark' in sys.modules)"
    ) == ["True", "False", "True"]


def test_code_importing_the_module_gets_the_real_one():
    assert run(
        "import casekit, importlib.util\nimport rfc3987_syntax\n"
        "print(rfc3987_syntax.is_valid_syntax_iri('https://example.org/'),"
        " importlib.util.find_spec('rfc3987_syntax') is not None)"
    ) == ["True", "True"]


def test_nothing_is_deferred_once_the_module_is_imported():
    assert run(
        "import rfc3987_syntax, sys\nfrom casekit import _deferred\n"
        "print(_deferred.defer(), type(sys.modules['rfc3987_syntax']).__name__)"
    ) == ["False", "module"]
