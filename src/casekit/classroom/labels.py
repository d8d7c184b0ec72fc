"""`casekit class-labels DIR`: how a class labelled lesson 03's synthetic posts.

Reads every `*.json` file in DIR (the files learners saved with the labelling widget, schema
`casekit.labels/1`), then reports, per post, how the class split between allow, remove and
escalate; the class's Krippendorff's alpha; and the posts that divide the class most (discussion
starters). Files that are not valid JSON, belong to another schema (e.g. lesson 01's saved
reasoning) or label posts the dataset does not have are listed with the reason and skipped; they
never stop the report. When one learner saved several times, only the latest file counts.
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass, field
from pathlib import Path

from casekit import data
from casekit.classroom.files import ClassFiles
from casekit.topics.moderation import reasoning as moderation


@dataclass
class ClassLabels:
    """The valid records of a folder (one per learner), and the files skipped with their reasons."""

    records: dict[str, dict] = field(default_factory=dict)  # learner -> record
    paths: dict[str, Path] = field(default_factory=dict)  # learner -> file
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def check_labels(record: object, where: str, post_ids=None) -> str:
    """Return "labels" if RECORD is a valid casekit.labels/1 file (labelling only posts in POST_IDS, if given),
    else raise ModerationError naming WHERE and the fault."""
    moderation.validate_labels_record(record, where)
    if not isinstance(record.get("saved_at", ""), str):
        raise moderation.ModerationError(f"{where}: 'saved_at' must be text")
    unknown = sorted(set(record["labels"]) - set(post_ids)) if post_ids is not None else []
    if unknown:
        raise moderation.ModerationError(f"{where}: labels posts that are not in synthetic_posts: {', '.join(unknown)}")
    return "labels"


def read_folder(folder: Path, post_ids) -> ClassLabels:
    """Read every *.json in FOLDER; keep valid labels records (the latest per learner), list the rest with reasons."""
    known = set(post_ids)
    files = ClassFiles()
    for path in sorted(Path(folder).glob("*.json")):
        files.read(path, path.name, lambda record, where: check_labels(record, where, known))
    kept = list(files.kept.values())  # only labels files pass check_labels
    return ClassLabels({s.learner: s.record for s in kept}, {s.learner: s.path for s in kept}, files.skipped)


@dataclass(frozen=True)
class PostSplit:
    """How the class labelled one post."""

    post: str
    counts: dict[str, int]
    labelled: int
    majority: str | None
    majority_share: float
    reference: str

    @property
    def division(self) -> float:
        """1 minus the majority's share: 0 when everyone agrees, higher when the class is split."""
        return 1 - self.majority_share if self.labelled else 0.0


def splits(records: dict[str, dict], posts) -> list[PostSplit]:
    """Return one PostSplit per post of POSTS (the synthetic_posts frame), in dataset order."""
    out = []
    for pid in posts.index:
        counts = {label: 0 for label in moderation.LABELS}
        for record in records.values():
            choice = record["labels"].get(pid)
            if choice:
                counts[choice["label"]] += 1
        labelled = sum(counts.values())
        top = max(moderation.LABELS, key=lambda label: counts[label]) if labelled else None
        ties = [label for label in moderation.LABELS if labelled and counts[label] == counts[top]]
        out.append(
            PostSplit(
                pid,
                counts,
                labelled,
                "/".join(ties) if ties else None,
                counts[top] / labelled if labelled else 0.0,
                str(posts.loc[pid, "label"]),
            )
        )
    return out


def most_divisive(split_list: list[PostSplit], n: int = 5) -> list[PostSplit]:
    """Return the N posts that divide the class most (ties: more labels first, then dataset order)."""
    ranked = sorted((s for s in split_list if s.labelled >= 2), key=lambda s: (-s.division, -s.labelled))
    return [s for s in ranked if s.division > 0][:n]


def class_alpha(records: dict[str, dict]) -> float:
    """Return the class's Krippendorff's alpha (nominal) over all posts; NaN when undefined."""
    coders = [{pid: choice["label"] for pid, choice in r["labels"].items()} for r in records.values()]
    return moderation.krippendorff_alpha(coders) if coders else float("nan")


def report(found: ClassLabels, posts, top: int = 5) -> list[str]:
    """Return the class report as lines of text."""
    lines = [f"{len(found.records)} learners' label files read; {len(found.skipped)} file(s) skipped."]
    for path, reason in found.skipped:
        lines.append(f"  skipped {path.name}: {reason}")
    if not found.records:
        return lines + ["No valid label files: nothing to summarise."]
    alpha = class_alpha(found.records)
    lines.append(
        "Krippendorff's alpha (nominal; 1 = perfect agreement, 0 = chance): "
        + ("undefined (too few labels, or one label used by everyone)" if alpha != alpha else f"{alpha:.2f}")
    )
    lines.append("")
    lines.append("post  labelled  allow  remove  escalate  class majority (share)   reference")
    split_list = splits(found.records, posts)
    for s in split_list:
        majority = f"{s.majority} ({s.majority_share:.0%})" if s.majority else "-"
        lines.append(
            f"{s.post:<5} {s.labelled:>8} {s.counts['allow']:>6} {s.counts['remove']:>7} "
            f"{s.counts['escalate']:>9}  {majority:<24} {s.reference}"
        )
    lines.append("")
    divisive = most_divisive(split_list, top)
    if divisive:
        lines.append("Posts that divide the class most (discussion starters):")
        for s in divisive:
            lines.append(
                f"  {s.post}: {s.counts['allow']} allow, {s.counts['remove']} remove, "
                f"{s.counts['escalate']} escalate. {posts.loc[s.post, 'text']}"
            )
    else:
        lines.append("No post divides the class: every labelled post got one label from everyone.")
    return lines


def write_csv(path: Path, split_list: list[PostSplit]) -> None:
    """Write the per-post split as CSV (post, labelled, one column per label, majority, share, reference)."""
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["post", "labelled", *moderation.LABELS, "majority", "majority_share", "reference"])
        for s in split_list:
            writer.writerow(
                [
                    s.post,
                    s.labelled,
                    *(s.counts[label] for label in moderation.LABELS),
                    s.majority or "",
                    f"{s.majority_share:.4f}",
                    s.reference,
                ]
            )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit class-labels`."""
    parser.add_argument("folder", type=Path, help="folder of learners' saved label files (*.json)")
    parser.add_argument("--top", type=int, default=5, help="how many divisive posts to list (default 5)")
    parser.add_argument("--csv", type=Path, help="also write the per-post split to this CSV file")


def run(args: argparse.Namespace) -> int:
    """Print the class report; exit 1 only if the folder is missing or holds no valid label file."""
    if not args.folder.is_dir():
        print(f"{args.folder}: no such folder (give the folder holding the learners' label files)")
        return 1
    posts = data.load("synthetic_posts")
    found = read_folder(args.folder, posts.index)
    print("\n".join(report(found, posts, args.top)))
    if args.csv and found.records:
        write_csv(args.csv, splits(found.records, posts))
        print(f"Per-post split written to {args.csv}")
    return 0 if found.records else 1
