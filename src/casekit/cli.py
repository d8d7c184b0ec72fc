"""The `casekit` command: each sub-command calls one module's `run(args)`."""

from __future__ import annotations

import argparse
import importlib
import sys

# sub-command -> (module, one-line help); each module defines add_arguments(parser) and run(args)
COMMANDS = {
    "lab": ("casekit.workspace", "copy new lessons and exercises into your workspace, then open JupyterLab on it"),
    "build-exercises": ("casekit.authoring.exercise", "write exercises/ and exercises/assessed/ from solutions/"),
    "release": (
        "casekit.authoring.release",
        "write the learners' release (no solutions; --mode assessed: no hidden checks)",
    ),
    "grade": ("casekit.grading.grade", "grade student notebooks against a solution key"),
    "secret": ("casekit.secret", "write a new course secret (`casekit secret new FILE`) for assessed releases"),
    "gradebook": (
        "casekit.grading.course",
        "join several exercises' grades with the class roster (course.csv, canvas.csv)",
    ),
    "site": ("casekit.site", "build the offline static HTML site"),
    "validate": ("casekit.data", "validate every dataset against its data card"),
    "catalog": ("casekit.authoring.catalog", "regenerate the README's lesson table from the notebooks"),
    "execute": ("casekit.authoring.execute", "run notebooks in place so their stored outputs are real"),
    "class-results": (
        "casekit.classroom.results",
        "summarise a class's saved reasoning, briefs, memos and labels beside the court",
    ),
    "class-labels": (
        "casekit.classroom.labels",
        "summarise a class's saved lesson-03 labels: splits, alpha, divisive posts",
    ),
    "handouts": ("casekit.authoring.handouts", "write printable PDF handouts per lesson and the unit's reading packet"),
    "slides": (
        "casekit.authoring.slides",
        "write each lesson as an offline reveal.js slide deck (--mark: write slide marks)",
    ),
    "new-lesson": ("casekit.authoring.scaffold", "write a working skeleton for a new lesson (see CONTRIBUTING.md)"),
    "submit": ("casekit.classroom.handin", "hand in notebooks or saved records to the course inbox (on a hub)"),
    "collect": (
        "casekit.classroom.collect",
        "gather the latest hand-in per learner (course inbox or Canvas zip) into folders the grader reads",
    ),
    "hub-link": ("casekit.classroom.hublink", "print the nbgitpuller link that opens the kit on a JupyterHub"),
    "browser": ("casekit.browser", "find (or install) the Chromium the browser tests drive"),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Return the argument parser; with ONLY, import just that sub-command's module."""
    parser = argparse.ArgumentParser(prog="casekit", description="Parler v. AWS teaching kit tools")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (module_name, help_text) in COMMANDS.items():
        if only and name != only:
            sub.add_parser(name, help=help_text)
            continue
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `casekit` console script."""
    argv = sys.argv[1:] if argv is None else argv
    only = argv[0] if argv and argv[0] in COMMANDS else None
    args = build_parser(only).parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
