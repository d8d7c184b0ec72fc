"""Handing work in: `casekit submit FILE...` copies a learner's files into the course inbox, stamped.

On a JupyterHub the instructor creates one inbox folder that every learner can write into but no
learner can list (see deploy/jupyterhub/README.md):

    install -d -m 3733 -g casekit-instructors /srv/casekit/inbox     # setgid + sticky, group rwx, others -wx

and points learners' servers at it with the CASEKIT_INBOX environment variable (the hub config does).
Each hand-in is a new folder directly in the inbox, named `<assignment>--<login>--<UTC time>-<random>`,
holding copies of the files and `handin.json` (login, assignment, time, each file's size and SHA-256).
The folder is mode 2750 and the files 0640: the learner and the instructors' group can read them; other
learners can neither list the inbox, nor open the folder, nor (sticky bit) delete or rename it. Earlier
hand-ins are never overwritten: each one is a new folder, and `casekit collect` takes the latest.

Without an inbox (a laptop), `casekit submit` changes nothing and says which files to upload, and where.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from casekit.variants import PRACTICE_LOGIN, current_login, normalise_login

INBOX_ENV = "CASEKIT_INBOX"
RECORD = "handin.json"
SCHEMA = 1
SEPARATOR = "--"
MAX_BYTES = 20 * 1024 * 1024  # per file: a notebook or a saved record is far smaller
SAFE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
FOLDER = re.compile(
    r"^(?P<assignment>[a-z0-9][a-z0-9._-]*?)--(?P<login>[a-z0-9][a-z0-9._@-]*?)--(?P<stamp>\d{8}T\d{6}Z)-[0-9a-f]{8}$"
)


class HandInError(ValueError):
    """A hand-in that cannot be made; the message says what to do."""


@dataclass(frozen=True)
class HandIn:
    """Where a hand-in went and what it holds."""

    folder: Path
    assignment: str
    login: str
    handed_in_at: str
    files: tuple[str, ...]


def safe_name(text: str, what: str) -> str:
    """TEXT as a folder-name part (lower case, letters, digits, '.', '_', '-'); HandInError if nothing is left."""
    name = re.sub(r"[^a-z0-9._@-]+", "-", normalise_login(text)).strip("-.")
    name = name.replace(SEPARATOR, "-")
    if not name:
        raise HandInError(f"the {what} {text!r} has no letters or digits to name a hand-in by")
    return name


def file_digest(path: Path) -> str:
    """The SHA-256 of PATH's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def default_assignment(files: list[Path]) -> str:
    """The assignment a hand-in is for when none is named: the first file's stem (e.g. '03-content-moderation')."""
    return files[0].stem


def check_files(files: list[Path]) -> list[Path]:
    """The FILES as paths, each an existing, readable, not too large file with a distinct name; HandInError otherwise."""
    if not files:
        raise HandInError(
            "name at least one file to hand in, e.g. `casekit submit exercises/03-content-moderation.ipynb`"
        )
    names: set[str] = set()
    for path in files:
        if not path.is_file():
            raise HandInError(f"{path}: no such file (check the name; paths are relative to {Path.cwd()})")
        if path.stat().st_size > MAX_BYTES:
            raise HandInError(f"{path}: {path.stat().st_size:,} bytes, over the {MAX_BYTES:,}-byte limit for one file")
        if path.name in names or path.name == RECORD:
            raise HandInError(f"{path}: two files named {path.name!r} (or a file named {RECORD}); rename one")
        names.add(path.name)
    return files


def hand_in(files: list[Path], inbox: Path, login: str, assignment: str, now: datetime | None = None) -> HandIn:
    """Copy FILES into a new, stamped folder in INBOX for LOGIN and ASSIGNMENT; never touch an earlier hand-in."""
    files = check_files([Path(f) for f in files])
    if not inbox.is_dir():
        raise HandInError(
            f"the course inbox {inbox} does not exist or is not a folder: ask your instructor (the hub sets {INBOX_ENV})"
        )
    login_part, assignment_part = safe_name(login, "login"), safe_name(assignment, "assignment")
    if "/" in login or "\0" in login:
        raise HandInError(f"the login {login!r} cannot name a file")
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    stamp = moment.strftime("%Y%m%dT%H%M%SZ")
    folder = inbox / SEPARATOR.join((assignment_part, login_part, f"{stamp}-{secrets.token_hex(4)}"))
    old_umask = os.umask(0o027)
    try:
        folder.mkdir(mode=0o2750)  # a fresh random suffix: an existing folder is never reused
        entries = []
        for path in files:
            target = folder / path.name
            shutil.copyfile(path, target)
            os.chmod(target, 0o640)
            entries.append({"name": path.name, "bytes": target.stat().st_size, "sha256": file_digest(target)})
        record = {
            "schema": SCHEMA,
            "kind": "casekit hand-in",
            "login": normalise_login(login),  # exactly the variant login; the folder name has a file-safe form
            "assignment": assignment_part,
            "handed_in_at": moment.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "files": entries,
        }
        (folder / RECORD).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        os.chmod(folder / RECORD, 0o640)
    except PermissionError as exc:
        raise HandInError(
            f"could not write into the course inbox {inbox} ({exc.strerror}); ask your instructor to check its permissions"
        ) from None
    finally:
        os.umask(old_umask)
    return HandIn(folder, assignment_part, record["login"], record["handed_in_at"], tuple(p.name for p in files))


def no_inbox_message(files: list[Path], assignment: str) -> str:
    """What a learner without a course inbox (a laptop) should do with FILES."""
    listed = "\n".join(f"  - {path.resolve()}" for path in files)
    return (
        f"No course inbox is set up on this computer ({INBOX_ENV} is not set), so nothing was handed in.\n"
        f"Upload these files to the assignment '{assignment}' on your course page (Canvas, Moodle, ...), "
        f"as your instructor directs:\n{listed}\n"
        "Do not rename them: the grader reads your work from the notebook itself, and the file name helps "
        "your instructor match it to you."
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", type=Path, help="the notebooks or saved records to hand in")
    parser.add_argument("--assignment", help="what the hand-in is for (default: the first file's name without .ipynb)")
    parser.add_argument("--inbox", type=Path, help=f"the course inbox (default: ${INBOX_ENV}, set by the course hub)")
    parser.add_argument("--login", help="your login (default: $JUPYTERHUB_USER on a hub)")


def run(args: argparse.Namespace) -> int:
    try:
        files = check_files(list(args.files))
        assignment = args.assignment or default_assignment(files)
        inbox = args.inbox or (Path(os.environ[INBOX_ENV]) if os.environ.get(INBOX_ENV) else None)
        if inbox is None:
            print(no_inbox_message(files, assignment))
            return 0
        login = args.login or current_login()[0]
        if normalise_login(login) == PRACTICE_LOGIN:
            raise HandInError("no login: on a hub JUPYTERHUB_USER gives it; elsewhere pass --login YOUR_LOGIN")
        done = hand_in(files, inbox, login, assignment)
    except HandInError as exc:
        print(f"casekit submit: {exc}")
        return 2
    print(
        f"Handed in {len(done.files)} file(s) for '{done.assignment}' as {done.login} at {done.handed_in_at}: "
        f"{', '.join(done.files)}.\nHand in again at any time: your latest hand-in before the deadline counts, "
        "and earlier ones are kept."
    )
    return 0
