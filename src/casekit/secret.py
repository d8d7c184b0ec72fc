"""The course secret: `casekit secret new FILE` writes it; assessed releases and the grader derive salts from it.

    casekit secret new ~/private/course-2027.secret

The secret is 32 random bytes (64 hex digits) in a file only its owner may read (mode 0600). It
never goes into a release, a notebook or a grade file. What goes into an assessed release is one
*salt per assignment*, HMAC-SHA-256(secret, "casekit-assessed|" + assignment), which salts that
assignment's variant draws (casekit.variants). A salt reveals nothing about the secret or about
another assignment's salt; but every learner who has the assessed release has the salt, so anyone
holding it can compute any classmate's assessed draw from their login (docs/assessed-mode.md).
Make a new secret each term.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import re
import secrets
import stat
import sys
from pathlib import Path

SECRET_BYTES = 32
SALT_HEX = 32  # 128 bits of the HMAC: plenty to key a draw, short enough to read in a setup cell
_HEADER = "# casekit course secret: keep it private (not in a release, not in a repository). casekit secret new\n"
_HEX = re.compile(r"[0-9a-f]{64,}")


class SecretError(ValueError):
    """The secret file cannot be used; the message names the file and says why."""


def new(path: Path) -> str:
    """Write a new random secret to PATH (mode 0600); refuse if PATH exists. Return the secret."""
    path = Path(path)
    value = secrets.token_hex(SECRET_BYTES)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SecretError(f"{path}: already exists; a secret is never overwritten (choose a new file name)") from None
    except OSError as exc:
        raise SecretError(f"{path}: cannot create the secret file ({exc.strerror})") from None
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(_HEADER + value + "\n")
    os.chmod(path, 0o600)  # whatever the umask did
    return value


def read(path: Path) -> str:
    """The secret in PATH (SecretError with one readable line if it is missing, malformed or readable by others)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise SecretError(f"{path}: no such secret file (make one with `casekit secret new {path}`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretError(f"{path}: cannot read the secret file ({getattr(exc, 'strerror', None) or exc})") from None
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if len(lines) != 1 or not _HEX.fullmatch(lines[0].lower()):
        raise SecretError(f"{path}: not a casekit secret (one line of at least 64 hex digits; `casekit secret new`)")
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SecretError(f"{path}: others may read this secret file; run `chmod 600 {path}`")
    return lines[0].lower()


def assignment_salt(secret: str, assignment: str) -> str:
    """The salt of ASSIGNMENT's assessed draws: HMAC-SHA-256(SECRET, "casekit-assessed|" + ASSIGNMENT), in hex."""
    digest = hmac.new(secret.encode(), f"casekit-assessed|{assignment}".encode(), hashlib.sha256).hexdigest()
    return digest[:SALT_HEX]


def salts(secret: str, assignments: list[str] | set[str]) -> dict[str, str]:
    """ASSIGNMENTS' salts."""
    return {assignment: assignment_salt(secret, assignment) for assignment in sorted(assignments)}


def fingerprint(salt_map: dict[str, str]) -> str:
    """A short id of SALT_MAP for result files: tells two secrets apart, reveals neither."""
    text = "|".join(f"{a}={s}" for a, s in sorted(salt_map.items()))
    return hashlib.sha256(f"casekit-salt-id|{text}".encode()).hexdigest()[:12] if salt_map else ""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit secret`."""
    sub = parser.add_subparsers(dest="action", required=True)
    made = sub.add_parser("new", help="write a new random course secret to FILE (mode 0600; never overwrites)")
    made.add_argument("file", type=Path, help="where to write it, outside any folder you publish or release")


def run(args: argparse.Namespace) -> int:
    """`casekit secret new FILE`: write the secret; print where (never the secret); exit 1 if it cannot."""
    try:
        new(args.file)
    except SecretError as exc:
        print(f"casekit secret: {exc}", file=sys.stderr)
        return 1
    print(
        f"wrote a new course secret to {args.file} (readable by you only). Keep it private and out of every "
        "repository; use it with `casekit release --secret` and `casekit grade --secret`."
    )
    return 0
