"""Commit, then compare: the learner's first judgement on an item, and their reason, kept before the court is shown.

Pure functions and one small value class, shared by the judging widgets of lessons 00, 01, 02 and 04 and by
the saved records they write (docs/reasoning-schema.md, "Commit, then compare"). No view library here.

The kit's convention (stated in each widget's instructions): a reason is "at least one sentence" when it has
at least MIN_REASON_CHARS characters and MIN_REASON_WORDS words once surrounding spaces are removed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

MIN_REASON_CHARS = 20
MIN_REASON_WORDS = 4
MAX_REASON_CHARS = 2000
REASON_RULE = f"at least one sentence: {MIN_REASON_WORDS} words and {MIN_REASON_CHARS} characters or more"


class CommitError(ValueError):
    """A judgement cannot be committed, or a saved commitment is malformed; the message says why."""


def reason_problem(text: str | None) -> str | None:
    """Return what is wrong with a learner's reason (None when it is long enough: see REASON_RULE)."""
    text = (text or "").strip()
    if not text:
        return f"write your reason first ({REASON_RULE})"
    if len(text) > MAX_REASON_CHARS:
        return f"your reason is longer than {MAX_REASON_CHARS} characters"
    if len(text) < MIN_REASON_CHARS or len(text.split()) < MIN_REASON_WORDS:
        return f"your reason is too short: write {REASON_RULE}"
    return None


@dataclass
class Commitments:
    """What the learner committed, item by item: the first judgement (kept), and their latest reason.

    `commit(item, judgement, reason)` records JUDGEMENT as the pre-reveal judgement the first time only; the
    reason may be rewritten later. The final judgement is whatever the widget's control shows when saved.
    """

    first: dict[str, object] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)

    def commit(self, item: str, judgement: object, reason: str | None) -> bool:
        """Commit JUDGEMENT and REASON on ITEM; return True if this was the first commit. Raise CommitError."""
        if judgement is None:
            raise CommitError("choose your judgement first")
        problem = reason_problem(reason)
        if problem:
            raise CommitError(problem)
        self.reasons[item] = (reason or "").strip()
        if item in self.first:
            return False
        self.first[item] = judgement
        return True

    def committed(self, item: str) -> bool:
        """Return True once ITEM has been committed (its comparison may open)."""
        return item in self.first

    def all_committed(self, items: Iterable[str]) -> bool:
        """Return True when every one of ITEMS has been committed."""
        return all(i in self.first for i in items)

    def fields(self, items: Iterable[str], share_reasons: bool) -> dict:
        """Return the record fields `pre_reveal`, `reasons` and `share_reasons`, items in ITEMS' order."""
        order = list(items)
        return {
            "pre_reveal": {i: self.first[i] for i in order if i in self.first},
            "reasons": {i: self.reasons[i] for i in order if i in self.reasons},
            "share_reasons": bool(share_reasons),
        }


def check_commitment_fields(
    record: Mapping, items: Iterable[str], check_value: Callable[[str, object], None], where: str
) -> None:
    """Check the optional `pre_reveal`, `reasons` and `share_reasons` fields of a saved RECORD; raise CommitError.

    Each may be absent (records written before the fields existed stay valid). ITEMS are the item ids the
    record may name; CHECK_VALUE(item, value) raises ValueError when a pre-reveal judgement is not one the
    record's main field could hold.
    """
    known = set(items)
    for name in ("pre_reveal", "reasons"):
        if name not in record:
            continue
        value = record[name]
        if not isinstance(value, Mapping):
            raise CommitError(f"{where}: {name!r} must be an object of item id -> value")
        unknown = [str(i) for i in value if i not in known]
        if unknown:
            raise CommitError(f"{where}: {name}: unknown item(s): {', '.join(unknown)}")
        for item, entry in value.items():
            if name == "reasons":
                if not isinstance(entry, str) or len(entry) > MAX_REASON_CHARS:
                    raise CommitError(
                        f"{where}: reasons: {item}: must be text of at most {MAX_REASON_CHARS} characters"
                    )
            else:
                try:
                    check_value(item, entry)
                except ValueError as exc:
                    raise CommitError(f"{where}: pre_reveal: {item}: {exc}") from None
    if "share_reasons" in record and not isinstance(record["share_reasons"], bool):
        raise CommitError(f"{where}: 'share_reasons' must be true or false")


def shared_reasons(record: Mapping) -> dict[str, str]:
    """Return the reasons a record lets the class see: all of them if `share_reasons` is true, else none."""
    if record.get("share_reasons") is not True:
        return {}
    return {str(i): str(r) for i, r in (record.get("reasons") or {}).items() if str(r).strip()}
