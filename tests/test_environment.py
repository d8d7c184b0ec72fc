"""environment.yml (conda, Binder) declares the same dependencies as pyproject.toml."""

import re
import tomllib

from casekit.paths import ROOT


def _normalise(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"\s*([A-Za-z0-9_.-]+)\s*(.*)", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def _environment_requirements() -> dict[str, str]:
    found, in_pip, section = {}, False, None
    for line in (ROOT / "environment.yml").read_text().splitlines():
        stripped = line.split("#", 1)[0].rstrip()
        if not stripped.strip():
            continue
        if not stripped.startswith(" "):
            section = stripped.rstrip(":")
            continue
        if section != "dependencies":
            continue
        if stripped.strip() == "- pip:":
            in_pip = True
            continue
        match = re.match(r"^(\s*)- (.+)$", stripped)
        if match and (in_pip or len(match.group(1)) == 2):
            name, spec = _normalise(match.group(2))
            if name not in ("python", "pip"):
                found[name] = spec
    return found


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = dict(_normalise(r) for r in project["dependencies"])
    assert _environment_requirements() == declared


def test_python_floor_is_the_same():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    assert "  - python>=3.11" in (ROOT / "environment.yml").read_text().splitlines()


def test_lock_pins_every_declared_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = (ROOT / "requirements.lock").read_text().lower().replace("_", "-")
    for requirement in project["dependencies"]:
        name, _ = _normalise(requirement)
        assert re.search(rf"^{re.escape(name)}==", lock, re.M), f"{name} is not pinned in requirements.lock"


def test_binder_postbuild_installs_the_package():
    text = (ROOT / "postBuild").read_text()
    assert text.splitlines()[1:] and "set -e" in text and "pip install --no-deps -e ." in text
