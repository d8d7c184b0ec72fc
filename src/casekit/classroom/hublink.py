"""`casekit hub-link`: the nbgitpuller link that opens the kit for every learner of a JupyterHub.

    casekit hub-link --hub https://hub.example.edu --repo https://github.com/you/casekit --notebook lessons/03-content-moderation.ipynb
    casekit hub-link --hub https://hub.example.edu --repo https://github.com/you/casekit --table links.csv

A learner who follows the link logs in, nbgitpuller clones the repository into their home (or pulls
updates into an existing clone, keeping their own changes), and JupyterLab opens the notebook. The link
always sets nbgitpuller's `targetpath`: without it the clone lands in the repository's base name (e.g.
`casekit.git`) and the notebook path in the link no longer matches.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from casekit import paths

DEFAULT_TARGET = "casekit"


class HubLinkError(ValueError):
    """A hub URL, repository or notebook path that cannot make a working link."""


def hub_link(hub: str, repo: str, notebook: str, branch: str = "main", targetpath: str = DEFAULT_TARGET) -> str:
    """The nbgitpuller link that clones REPO's BRANCH into ~/TARGETPATH on HUB and opens NOTEBOOK in JupyterLab."""
    parts = urlsplit(hub)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HubLinkError(f"the hub {hub!r} is not a web address such as https://hub.example.edu")
    if not repo.strip():
        raise HubLinkError("name the course repository (--repo), e.g. https://github.com/you/casekit")
    notebook = notebook.strip().lstrip("/")
    target = targetpath.strip().strip("/")
    if not target or "/" in target or target in (".", ".."):
        raise HubLinkError(
            f"the target path {targetpath!r} must be one folder name in the learner's home, e.g. casekit"
        )
    if not notebook or ".." in Path(notebook).parts:
        raise HubLinkError(
            f"the notebook {notebook!r} must be a path inside the repository, e.g. lessons/00-the-case.ipynb"
        )
    query = urlencode(
        {"repo": repo.strip(), "branch": branch, "targetpath": target, "urlpath": f"lab/tree/{target}/{notebook}"}
    )
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def course_notebooks(root: Path = paths.ROOT) -> list[str]:
    """Every lesson and exercise (practice and assessed) of the kit, as repository paths, in order."""
    found = []
    for folder in ("lessons", "exercises", "exercises/assessed"):
        found += [f"{folder}/{p.name}" for p in sorted((root / folder).glob("*.ipynb"))]
    return found


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.edu")
    parser.add_argument("--repo", required=True, help="the course repository learners clone (git URL)")
    parser.add_argument("--branch", default="main", help="the branch to clone (default: main)")
    parser.add_argument(
        "--targetpath", default=DEFAULT_TARGET, help="the folder in each learner's home (default: casekit)"
    )
    parser.add_argument("--notebook", default="lessons/00-the-case.ipynb", help="the notebook the link opens")
    parser.add_argument("--table", type=Path, help="write a CSV of links, one per lesson and exercise, for the LMS")


def run(args: argparse.Namespace) -> int:
    try:
        if args.table:
            rows = [(nb, hub_link(args.hub, args.repo, nb, args.branch, args.targetpath)) for nb in course_notebooks()]
            with open(args.table, "w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(["notebook", "link"])
                writer.writerows(rows)
            print(f"wrote {len(rows)} links to {args.table}")
            return 0
        print(hub_link(args.hub, args.repo, args.notebook, args.branch, args.targetpath))
    except HubLinkError as exc:
        print(f"casekit hub-link: {exc}", file=sys.stderr)
        return 2
    return 0
