"""Find a learner's answers in a submitted notebook, however it was edited, and say how they were found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import nbformat

from casekit.authoring.exercise import WRITTEN_PROMPT
from casekit.grading.key import Key
from casekit.variants import without_login_line

SUSPICIOUS = [
    (
        re.compile(r"\bdef\s+check\b|\bcheck\s*=(?!=)|casekit\s*\.\s*checks|\bverdict\b"),
        "redefines or reaches into the checker",
    ),
    (re.compile(r"\bbuiltins\b|\bsys\s*\.\s*stdout\b|\bprint\s*=(?!=)"), "replaces print or the output stream"),
    (
        re.compile(
            r"\benviron\b|\bgetenv\b|CASEKIT_|\bvariants\s*\.\s*(_\w+|salt_for|set_login|seed)\b|casekit\s*\.\s*grading"
        ),
        "reads or changes the environment or the variant machinery (login, salt)",
    ),
    (
        re.compile(r"\bsubprocess\b|\bos\s*\.\s*(system|popen|fork|kill|_exit|exec\w*)\b|\bctypes\b|\bsocket\b"),
        "starts processes or uses low-level system calls",
    ),
    (re.compile(r"\.ipynb|\bglob\s*\(|\bos\s*\.\s*(listdir|walk|scandir)\b|\bopen\s*\("), "reads or lists files"),
]


class InvalidSubmission(ValueError):
    """The file cannot be graded against this key (not a notebook, or another exercise)."""


@dataclass
class Extraction:
    """What was found in one submission: answer sources, written texts and notes per question."""

    answers: dict[str, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)  # the learner's own words (prompt_removed)
    written_cells: dict[str, str] = field(default_factory=dict)  # the whole written cell(s), prompt and all
    missing: dict[str, str] = field(default_factory=dict)  # question -> why
    unanswered: set[str] = field(default_factory=set)
    notes: dict[str, list[str]] = field(default_factory=dict)  # question -> notes ("" = whole notebook)
    claims_pass: set[str] = field(default_factory=set)  # check cells whose stored output says ✓

    def note(self, question: str, text: str) -> None:
        self.notes.setdefault(question, []).append(text)


def _meta(cell) -> dict:
    meta = cell.get("metadata", {}).get("casekit") if isinstance(cell.get("metadata"), dict) else None
    return meta if isinstance(meta, dict) else {}


def _outputs_text(outputs) -> str:
    return "".join(
        o.get("text", "") if o.get("output_type") == "stream" else str(o.get("data", {}).get("text/plain", ""))
        for o in outputs or []
        if isinstance(o, dict)
    )


def _without_block(lines: list[str], block: list[str]) -> list[str] | None:
    """LINES without the first run of lines that reads as BLOCK (its non-blank lines, each stripped, in
    order, with only blank lines between them), or None when LINES holds no such run."""
    if not block:
        return lines
    filled = [i for i, line in enumerate(lines) if line.strip()]
    stripped = [lines[i].strip() for i in filled]
    for start in range(len(stripped) - len(block) + 1):
        if stripped[start : start + len(block)] == block:
            first, last = filled[start], filled[start + len(block) - 1]
            return lines[:first] + lines[last + 1 :]
    return None


def prompt_removed(text: str, stub: str) -> str:
    """The learner's own words in a written answer cell TEXT: without the exercise's prompt.

    STUB is the cell as the exercise hands it out: the prompt, WRITTEN_PROMPT, and perhaps lines after
    it. The prompt (STUB's lines before WRITTEN_PROMPT) is removed only where TEXT holds it whole, line by
    line (each line's surrounding spaces and the blank lines between them aside); then the untouched
    WRITTEN_PROMPT line and the stub's closing lines, where found whole. Whatever the learner wrote
    above, between or below stays. When the prompt is not found (deleted or edited), TEXT is kept whole,
    so no word of the learner's is ever lost.
    """
    head, _, tail = stub.partition(WRITTEN_PROMPT) if WRITTEN_PROMPT in stub else (stub, "", "")
    block = [line.strip() for line in head.splitlines() if line.strip()]
    lines = text.splitlines()
    rest = _without_block(lines, block) if block else None
    if rest is None:
        return text.strip()
    rest = [line for line in rest if line.strip() != WRITTEN_PROMPT]
    closing = [line.strip() for line in tail.splitlines() if line.strip()]
    after = _without_block(rest, closing)
    if after is not None:
        rest = after
    return "\n".join(rest).strip()


def extract(key: Key, nb: nbformat.NotebookNode) -> Extraction:
    """Match NB's cells to KEY's questions (metadata first, then prompt text, then position)."""
    found = Extraction()
    ids = [q.id for q in key.questions]
    cells = nb.cells
    metas = [_meta(c) for c in cells]
    sub_ids = {m.get("question") for m in metas if isinstance(m.get("question"), str)}
    if sub_ids and not sub_ids & set(ids):
        raise InvalidSubmission(
            f"a notebook of another exercise: its questions are {', '.join(sorted(sub_ids))}; "
            f"this key's are {', '.join(ids)}"
        )
    check_source = {q.id: key.nb.cells[q.check_index].source.strip() for q in key.code_questions}
    check_sources = {q.id: set(q.check_sources) | {check_source[q.id]} for q in key.code_questions}  # either edition
    fixed = {without_login_line(s) for s in key.fixed_code_sources}  # a typed LOGIN = "..." keeps a setup cell fixed

    # classify the submission's code cells: anchors (checks, fixed cells, marked answers) and free cells
    role: dict[int, tuple[str, str]] = {}  # index -> (kind, question)
    for i, cell in enumerate(cells):
        m = metas[i]
        qid = m.get("question") if m.get("question") in ids else None
        src = cell.get("source", "").strip() if isinstance(cell.get("source"), str) else ""
        if cell.cell_type == "code":
            matched_check = next((q for q, s in check_sources.items() if src in s), None)
            called = next(
                (q for q in check_source if re.search(rf"""check(_form)?\(["']{re.escape(q)}["']""", src)), None
            )
            if qid and m.get("role") in ("check", "answer", "written"):
                role[i] = (m["role"], qid)
            elif matched_check or called:
                role[i] = ("check", matched_check or called)
            elif without_login_line(src) in fixed:
                role[i] = ("fixed", "")
            else:
                role[i] = ("free", "")
        elif qid and m.get("role") in ("answer", "written", "check"):
            role[i] = ("markdown-" + m["role"], qid)
    if not sub_ids and not any(kind == "check" for kind, _ in role.values()):
        prompts = [q.prompt_lines[0] for q in key.questions if q.prompt_lines]
        if not any(p in c.get("source", "") for c in cells for p in prompts):
            raise InvalidSubmission(
                "does not look like this exercise: no question metadata, and none of its "
                "check cells or prompts were found"
            )
    if not sub_ids:
        found.note("", "question metadata was stripped from this notebook; answers were matched by prompt and position")

    code_order = [i for i, c in enumerate(cells) if c.cell_type == "code"]
    claimed: set[int] = set()

    def region(around: int) -> list[int]:
        """Free code cells in the stretch between the anchors before and after cell AROUND."""
        pos = code_order.index(around)
        start = pos
        while start > 0 and role[code_order[start - 1]][0] == "free":
            start -= 1
        end = pos
        while end + 1 < len(code_order) and role[code_order[end + 1]][0] == "free":
            end += 1
        return [i for i in code_order[start : end + 1] if role[i][0] == "free" and i not in claimed]

    for q in key.code_questions:
        sources: list[int] = [i for i in code_order if role[i] == ("answer", q.id)]
        how = "metadata"
        if sources:
            extra = [i for s in sources for i in region(s)]
            if extra:
                found.note(q.id, f"{len(extra)} extra code cell(s) next to the answer were joined into it")
            sources = sorted(set(sources) | set(extra))
            if len([i for i in sources if role[i][0] == "answer"]) > 1:
                found.note(q.id, "the answer was split over several cells; they were joined in order")
        else:
            prompt = q.prompt_lines[0] if q.prompt_lines and q.prompt_lines[0].startswith("#") else None
            by_prompt = [
                i
                for i in code_order
                if role[i][0] == "free" and i not in claimed and prompt and prompt in cells[i].source
            ]
            checks = [i for i in code_order if role[i] == ("check", q.id)]
            if by_prompt:
                how, sources = "prompt", sorted(set(by_prompt) | set(region(by_prompt[0])))
            elif checks and code_order.index(checks[0]) > 0:
                before = code_order[code_order.index(checks[0]) - 1]
                how, sources = "position", region(before) if role[before][0] == "free" else []
        markdown = [
            i
            for i, c in enumerate(cells)
            if c.cell_type != "code"
            and (
                role.get(i) == ("markdown-answer", q.id)
                or (
                    not sources
                    and q.prompt_lines
                    and q.prompt_lines[0].startswith("#")
                    and q.prompt_lines[0] in c.get("source", "")
                )
            )
        ]
        if not sources:
            if markdown:
                found.missing[q.id] = "the answer cell was turned into a markdown cell, so it could not run"
            else:
                found.missing[q.id] = "no answer cell for this question was found (deleted?)"
            continue
        claimed.update(sources)
        if how != "metadata":
            found.note(q.id, f"answer matched by {how} (its question metadata was missing)")
        text = "\n".join(cells[i].source for i in sources)
        found.answers[q.id] = text
        if text.strip() == q.stub.strip():
            found.unanswered.add(q.id)
        for pattern, what in SUSPICIOUS:
            if pattern.search(text):
                found.note(q.id, f"for the instructor: this answer {what}; review it by hand")

    for q in key.code_questions:
        key_cell = key.nb.cells[q.check_index]
        checks = [
            i
            for i, c in enumerate(cells)
            if role.get(i, ("", ""))[1] == q.id and role[i][0] in ("check", "markdown-check")
        ]
        if not checks:
            found.note(q.id, "the check cell was deleted from the submission; the key's check was used")
            continue
        for i in checks:
            if cells[i].get("source", "").strip() not in check_sources[q.id] or cells[i].cell_type != "code":
                found.note(q.id, "tampering: the check cell was edited; ignored, checks come from the key")
            if (
                cells[i].cell_type == "code"
                and _outputs_text(cells[i].get("outputs")).strip() == _outputs_text(key_cell.outputs).strip()
            ):
                found.claims_pass.add(q.id)

    for q in key.questions:
        if q.kind != "written":
            continue
        marked = [
            i
            for i in range(len(cells))
            if role.get(i, ("", ""))[1] == q.id and role[i][0] in ("written", "markdown-written")
        ]
        how = "metadata"
        if not marked and q.prompt_lines:
            marked = [
                i for i, c in enumerate(cells) if c.cell_type == "markdown" and q.prompt_lines[0] in c.get("source", "")
            ]
            how = "prompt"
        if not marked:
            found.missing[q.id] = "no cell for this written answer was found (deleted?)"
            continue
        if how != "metadata":
            found.note(q.id, "written answer matched by its prompt (its question metadata was missing)")
        text = "\n\n".join(cells[i].source for i in marked).strip()
        own = prompt_removed(text, q.stub)
        if (
            not own
            or text == q.stub.strip()
            or (
                WRITTEN_PROMPT in text
                and text.replace(WRITTEN_PROMPT, "").strip() == q.stub.replace(WRITTEN_PROMPT, "").strip()
            )
        ):
            found.unanswered.add(q.id)
        found.written[q.id], found.written_cells[q.id] = own, text
    return found
