"""The learner's workspace: a git-ignored copy of lessons/ and exercises/ that JupyterLab opens.

Files elsewhere in the kit that a lesson or exercise links to (the README's lesson table, a data card
in datasets/, a page of docs/) are copied too, at the same relative path, so that every link a learner
meets opens from the workspace as it does from the kit (linked_files).

Learners run and save their own copies, so using the kit never changes the files the tests
compare or a course update (`git pull`) changes. Each sync copies what is new, updates in place
what the learner has not changed, and never overwrites a learner's edit: when the course changed
a file the learner edited, the new version is written beside it (NAME.updated.ipynb).

What the kit last placed in the workspace is recorded in WORKSPACE/.casekit-workspace.json:
for each file, the SHA-256 of the course version it was last reconciled with. A file whose bytes
still have that hash is the learner's untouched copy; any other content is the learner's work.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import posixpath
import re
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from casekit.paths import ROOT

FOLDERS = ("lessons", "exercises")
MANIFEST = ".casekit-workspace.json"
# widget-state/: the static site's copy of each lesson's saved widgets (casekit.authoring.execute), not for learners
SKIPPED_DIRS = {".ipynb_checkpoints", "__pycache__", "my-reasoning", "widget-state"}
DEFAULT_WORKSPACE = ROOT / "workspace"
# Never copied into a workspace, even when a lesson links there: answers, instructors' files, people's work.
NEVER_LINKED = {"solutions", "instructors", "submissions", "grades", "workspace"}


class WorkspaceError(Exception):
    """The workspace or the course cannot be used; the message names the file and what is wrong."""


@dataclass
class SyncReport:
    """What one sync did, as paths relative to the workspace."""

    copied: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (learner's file, the update beside it)

    def lines(self) -> list[str]:
        """One line per thing a learner should know about."""
        out = [f"new: {name}" for name in self.copied]
        out += [f"updated (you had not changed it): {name}" for name in self.updated]
        out += [
            f"the course changed {mine}, which you had edited: your file is kept as it is and "
            f"the new version is beside it as {beside}"
            for mine, beside in self.kept
        ]
        return out


def digest(path: Path) -> str:
    """SHA-256 of the file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def course_files(course: Path) -> list[str]:
    """Every file of the course's lessons/ and exercises/, and every other file of the kit they link to
    (linked_files), as sorted POSIX paths relative to COURSE."""
    found = []
    for folder in FOLDERS:
        base = course / folder
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            parts = path.relative_to(course).parts
            if path.is_file() and not SKIPPED_DIRS.intersection(parts):
                found.append(Path(*parts).as_posix())
    return sorted(set(found) | set(linked_files(course, [name for name in found if name.endswith(".ipynb")])))


# A markdown link or image `[text](target)` / `![alt](target "title")`, or an HTML href/src attribute.
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*)?\)|\b(?:href|src)\s*=\s*[\"']([^\"']+)[\"']")


def relative_links(text: str) -> list[str]:
    """The relative link targets in markdown TEXT, without #fragment or ?query, URL-decoded ('' for a bare #x)."""
    targets = []
    for match in LINK.finditer(text):
        target = match.group(1) or match.group(2)
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target) or target.startswith(("/", "//")):
            continue  # http:, mailto:, data:, an absolute path: not a file of the kit
        targets.append(urllib.parse.unquote(re.split(r"[#?]", target, maxsplit=1)[0]))
    return targets


def notebook_links(path: Path) -> list[str]:
    """The relative link targets of notebook PATH's markdown cells, as written."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError):
        return []  # not a notebook the kit can read: copied as it is, its links not followed
    links = []
    for cell in cells if isinstance(cells, list) else []:
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            links += relative_links("".join(source) if isinstance(source, list) else str(source))
    return links


def linked_files(course: Path, notebooks: list[str]) -> list[str]:
    """The files outside lessons/ and exercises/ that NOTEBOOKS (POSIX paths relative to COURSE) link to and
    that exist in COURSE, as sorted POSIX paths relative to COURSE (never anything outside it)."""
    found = set()
    for name in notebooks:
        for target in notebook_links(course / name):
            if not target:
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
            parts = resolved.split("/")
            if parts[0] in ("..", ".") or parts[0] in FOLDERS or parts[0] in NEVER_LINKED:
                continue
            if SKIPPED_DIRS.intersection(parts) or any(part.startswith(".") for part in parts):
                continue
            if (course / resolved).is_file():
                found.add(resolved)
    return sorted(found)


def read_manifest(workspace: Path) -> dict[str, str]:
    """The recorded course hashes of the workspace's files (empty for a new workspace)."""
    path = workspace / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WorkspaceError(
            f"{path}: not readable as JSON ({exc}); delete it and run `casekit lab` again "
            "(your notebooks are kept; changed ones get the course version beside them)"
        ) from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        raise WorkspaceError(f'{path}: expected {{"files": {{path: sha256}}}}; delete it and run `casekit lab` again')
    return dict(files)


def _write_manifest(workspace: Path, files: dict[str, str]) -> None:
    path = workspace / MANIFEST
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps({"files": dict(sorted(files.items()))}, indent=1) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def _copy(source: Path, target: Path) -> None:
    """Copy SOURCE to TARGET atomically (a crash never leaves half a notebook)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.casekit-tmp")
    temporary.write_bytes(source.read_bytes())
    os.replace(temporary, target)


def updated_name(relative: str, n: int = 1) -> str:
    """Where the course's new version of RELATIVE goes when the learner edited it: NAME.updated.ipynb."""
    path = Path(relative)
    tag = ".updated" if n == 1 else f".updated-{n}"
    return path.with_name(f"{path.stem}{tag}{path.suffix}").as_posix()


def sync(course: Path, workspace: Path) -> SyncReport:
    """Bring WORKSPACE up to date with COURSE's lessons/ and exercises/, never overwriting the learner's work."""
    course, workspace = Path(course), Path(workspace)
    files = course_files(course)
    if not any(name.startswith("lessons/") and name.endswith(".ipynb") for name in files):
        raise WorkspaceError(f"{course / 'lessons'}: no lesson notebooks to copy (is {course} the kit's folder?)")
    if workspace.exists() and not workspace.is_dir():
        raise WorkspaceError(f"{workspace}: exists but is not a folder; choose another --workspace")
    inside = [course.resolve()] + [(course / folder).resolve() for folder in FOLDERS]
    if workspace.resolve() == inside[0] or any(workspace.resolve().is_relative_to(f) for f in inside[1:]):
        raise WorkspaceError(
            f"{workspace}: is the course itself or inside its lessons/ or exercises/; "
            "choose another --workspace (the default is workspace/ in the kit)"
        )
    workspace.mkdir(parents=True, exist_ok=True)
    recorded = read_manifest(workspace)
    report = SyncReport()
    for name in files:
        source, target = course / name, workspace / name
        new = digest(source)
        base = recorded.get(name)
        if not target.exists():
            _copy(source, target)
            report.copied.append(name)
        elif new == base:
            continue
        else:
            mine = digest(target)
            if mine == new:
                pass
            elif mine == base:
                _copy(source, target)
                report.updated.append(name)
            else:
                beside = _place_update(source, workspace, name, recorded)
                recorded[beside] = new
                report.kept.append((name, beside))
        recorded[name] = new
        _write_manifest(workspace, recorded)
    return report


def _place_update(source: Path, workspace: Path, name: str, recorded: dict[str, str]) -> str:
    """Write SOURCE beside the learner's NAME under the first name free or still the kit's own copy."""
    n = 1
    while True:
        beside = updated_name(name, n)
        target = workspace / beside
        if not target.exists() or digest(target) == recorded.get(beside):
            _copy(source, target)
            return beside
        n += 1


def first_lesson(workspace: Path) -> str | None:
    """The workspace's first lesson (NN-slug.ipynb, in name order) as a POSIX path, if any."""
    lessons = sorted((workspace / "lessons").glob("[0-9][0-9]-*.ipynb"))
    lessons = [p for p in lessons if ".updated" not in p.name]
    return lessons[0].relative_to(workspace).as_posix() if lessons else None


def is_root() -> bool:
    """True when running as root (JupyterLab then needs --allow-root); never on Windows."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_command(workspace: Path, port: int | None = None, open_browser: bool = True) -> list[str]:
    """The `jupyter lab` command line that serves WORKSPACE and opens its first lesson.

    Kernels talk to the server over local IPC sockets where the system has them (not Windows): over TCP,
    ipykernel warns in the terminal, once per kernel, that the traffic is not encrypted."""
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={workspace}"]
    if os.name == "posix":
        command.append("--KernelManager.transport=ipc")
    lesson = first_lesson(workspace)
    if lesson:
        command.append(f"--LabApp.default_url=/lab/tree/{lesson}")
    if port:
        command.append(f"--ServerApp.port={port}")
    if not open_browser:
        command.append("--no-browser")
    if is_root():
        command.append("--allow-root")
    return command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit lab`."""
    parser.add_argument(
        "--workspace",
        type=Path,
        default=DEFAULT_WORKSPACE,
        help="your copy of the lessons and exercises (default: workspace/ in the kit)",
    )
    parser.add_argument("--course", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=None, help="port for JupyterLab (default: 8888 or the next free)")
    parser.add_argument("--no-browser", action="store_true", help="start JupyterLab without opening a browser")
    parser.add_argument("--sync-only", action="store_true", help="update the workspace and exit")


def run(args: argparse.Namespace) -> int:
    """Sync the workspace, say what changed, then start JupyterLab on it."""
    workspace = args.workspace.resolve()
    try:
        report = sync(args.course, workspace)
    except WorkspaceError as exc:
        print(f"casekit lab: {exc}", file=sys.stderr)
        return 1
    print(f"casekit lab: your workspace is {workspace} (your copies; the course files stay untouched)")
    for line in report.lines():
        print(f"  {line}")
    if args.sync_only:
        return 0
    from casekit import labconfig

    labconfig.write_all()
    env = dict(os.environ, CASEKIT_ROOT=str(Path(args.course).resolve()))
    command = lab_command(workspace, args.port, not args.no_browser)
    if os.name == "posix":  # become JupyterLab, so Ctrl-C and the terminal behave as with `jupyter lab`
        sys.stdout.flush()
        os.chdir(workspace)
        os.execve(command[0], command, env)
    try:
        return subprocess.call(command, env=env, cwd=workspace)
    except KeyboardInterrupt:
        return 0
