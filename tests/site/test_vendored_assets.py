"""The site's vendored front-end files are the unmodified npm copies LICENSES.md names, each with its sha256."""

import hashlib
import re

from casekit.site import ASSETS

LICENCES = ASSETS / "LICENSES.md"


def _listed() -> dict[str, str]:
    """File name (or its first six characters) -> sha256, as LICENSES.md's table gives them."""
    text = LICENCES.read_text(encoding="utf-8")
    found = {}
    for row in (line for line in text.splitlines() if line.startswith("| `")):
        for name, digest in re.findall(r"`([\w./-]+?)…?`: `([0-9a-f]{64})`", row):
            found[name] = digest
        names = re.findall(r"`([\w.-]+\.(?:js|woff2))`", row.split("|")[1])
        single = re.findall(r"`([0-9a-f]{64})`", row.split("|")[-2])
        if len(names) == 1 and len(single) == 1:
            found[names[0]] = single[0]
    return found


def test_every_vendored_file_is_listed_with_its_licence_and_checksum():
    listed = _listed()
    files = sorted(
        p.relative_to(ASSETS).as_posix() for p in ASSETS.rglob("*") if p.is_file() and p.name != "LICENSES.md"
    )
    assert files and len(listed) == len(files), (files, listed)
    for name in files:
        digest = listed.get(name) or listed.get(name[:6])
        assert digest, f"{name} is not in LICENSES.md's table"
        assert hashlib.sha256((ASSETS / name).read_bytes()).hexdigest() == digest, f"{name} differs from its npm copy"


def test_require_js_is_requirejs_2_3_8_under_mit():
    text = LICENCES.read_text(encoding="utf-8")
    assert "`require.js` | `requirejs@2.3.8` | MIT" in text
    assert "RequireJS 2.3.8" in (ASSETS / "require.js").read_text(encoding="utf-8")[:400]
