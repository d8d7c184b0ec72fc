"""The lesson catalogue, generated from the notebooks themselves (never typed twice)."""

from __future__ import annotations

import argparse
import functools
import html
import math
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casekit.authoring.exercise import BEGIN, model_answer, read_notebook
from casekit.paths import EXERCISES, LESSONS, ROOT, SOLUTIONS

START, END = "<!-- lessons:start -->", "<!-- lessons:end -->"
LESSON_GLOB = "[0-9][0-9]*-*.ipynb"
LESSON_NAME = re.compile(r"^\d\d[a-z]?-[a-z0-9-]+\.ipynb$")  # NN-slug, or NNx-slug for a lesson that goes with NN
BINDER_START, BINDER_END = "<!-- binder:start -->", "<!-- binder:end -->"
GITHUB = re.compile(
    r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)"
    r"([A-Za-z0-9][A-Za-z0-9-]*)/([A-Za-z0-9._-]+?)(?:\.git)?/?$"
)
BINDER_BADGE = re.compile(
    r"\[!\[Binder\]\(https://mybinder\.org/badge_logo\.svg\)\]"
    r"\(https://mybinder\.org/v2/gh/([^/]+)/([^/]+)/HEAD\?urlpath=lab/tree/([^)]+)\)"
)


# --- how long a lesson and an exercise take (the rates are the kit's stated assumptions) ----------------
READING_RATE = 200  # words a minute: dense legal prose, read with care
WRITING_RATE = 20  # words a minute: composing a written answer, not typing a known text
UNDERSTANDING_MINUTES = 2  # each check-your-understanding question: work it out, run or open the answer
FIGURE_MINUTES = 1  # reading one figure (its text version is counted as words)
CODE_QUESTION_MINUTES = 4  # an exercise's checked question: read the data, write a line or two, run the check
SENTENCE_WORDS = 25  # a written prompt asking for "two or three sentences" expects this many words a sentence
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PLOTLY = "application/vnd.plotly.v1+json"
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a": 1}


@dataclass(frozen=True)
class Activity:
    """The time allowed for one widget activity: MINUTES per item, times ITEMS (a count, or the rows of a dataset
    the learner works through), for WHAT the learner does in it."""

    minutes: float
    items: int | str
    what: str
    reading: Callable[[], str] | None = None  # text the activity has the learner read, counted at READING_RATE

    def total(self) -> float:
        """The activity's minutes, its dataset's rows counted now (so a longer dataset takes longer), plus the
        reading it sets, counted now from what the widget shows (so a longer text takes longer)."""
        from casekit import data

        count = self.items if isinstance(self.items, int) else len(data.load(self.items))
        read = len(re.findall(r"\w+", re.sub(r"<[^>]+>", " ", self.reading()))) / READING_RATE if self.reading else 0
        return self.minutes * count + read


def _example_briefs_text() -> str:
    """What lesson 05's bench memo has a learner read: the two example briefs as the widget shows them."""
    from casekit.topics.moot import widgets as moot_widgets

    return moot_widgets.briefs_html(moot_widgets.EXAMPLE_BRIEFS)


# Each widget a lesson displays, by the name its cell calls (`case.widgets.ClaimChecker(...)`). A widget missing
# here counts DEFAULT_ACTIVITY_MINUTES and is flagged (Lesson.unpriced, † in the tables; tests/authoring/test_catalog.py).
ACTIVITIES: dict[str, Activity] = {
    "ClaimChecker": Activity(
        1, "news_claims", "decide each news claim's verdict, with a reason, then read the record's"
    ),
    "timeline_explorer": Activity(3, 1, "filter the timeline by actor and type; read the summary"),
    "WeighingWidget": Activity(3, "relief_factors", "rate each factor with a reason, tick arguments, compare, save"),
    "TradeOffWidget": Activity(2, 1, "move merits and hardships, tick the floor; read why the trade falls"),
    "NoticeCalculator": Activity(3, 1, "try notice dates and time zones; read the deadlines"),
    "ReadingWidget": Activity(2, "contract_questions", "choose a reading of each question with a reason, then compare"),
    "QueueWidget": Activity(4, 1, "try staffing scenarios; read the backlog figure"),
    "LabellingWidget": Activity(0.5, "synthetic_posts", "label each synthetic post (action and category)"),
    "FilterWidget": Activity(4, 1, "move the threshold; read precision and recall"),
    "EvidenceWidget": Activity(1.5, "antitrust_evidence", "judge each evidence item with a reason, then compare"),
    "SsnipWidget": Activity(3, 1, "set a price rise, margin and switching share; read whether the rise pays"),
    "MarketWidget": Activity(4, 1, "switch analysts and mergers; read the HHI"),
    "BriefBuilder": Activity(3, "relief_factors", "argue each factor in your own words, cite rows, save"),
    "BenchMemo": Activity(
        1.5, "relief_factors", "read both briefs, rate each factor; read the ruling", reading=_example_briefs_text
    ),
    "FactPicker": Activity(2, 1, "pick a fact and read it (the widget `casekit new-lesson` starts a lesson with)"),
}
DEFAULT_ACTIVITY_MINUTES = 5  # a widget shown with no entry above: counted, marked † in the tables, and flagged


def words(text: str) -> int:
    """How many words TEXT holds: runs of letters or digits (joined by ' . - ), link targets and markup left out."""
    text = re.sub(r"\]\([^)]*\)", "]", text)  # [label](target): the target is not read
    text = re.sub(r"<[^>]+>", " ", text)
    return len(re.findall(r"\w+(?:['’.-]\w+)*", text))


def output_text(output: dict) -> str:
    """The text a learner reads in one stored output: printed text, an HTML table's words; no widget, no figure."""
    if output.get("output_type") == "stream":
        return "".join(output.get("text", ""))
    bundle = output.get("data", {})
    if WIDGET_VIEW in bundle or PLOTLY in bundle:
        return ""
    if "text/html" in bundle:
        markup = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", "".join(bundle["text/html"]), flags=re.S | re.I)
        return html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return "".join(bundle.get("text/markdown", bundle.get("text/plain", "")))


def _headings(markdown: str) -> list[str]:
    return [line[3:].strip() for line in markdown.splitlines() if line.startswith("## ")]


def _understanding_items(markdown: str, code: str) -> int:
    """Check-your-understanding questions: each self-check the code runs (`check("1x", ...)`, counted once), and
    each numbered item of the 'Check your understanding' section (answers inside <details> not counted)."""
    checks = set(re.findall(r"\bcheck\(\s*[\"']([^\"']+)[\"']", code))
    body = re.split(r"^## Check your understanding\s*$", markdown, maxsplit=1, flags=re.M)
    if len(body) < 2:
        return len(checks)
    body = re.split(r"^## ", body[1], maxsplit=1, flags=re.M)[0]
    body = re.sub(r"<details>.*?</details>", "", body, flags=re.S)
    return len(checks) + len(re.findall(r"^\d+\.\s", body, flags=re.M))


@dataclass(frozen=True)
class Lesson:
    """What a lesson says about itself (title, questions, stated minutes) and what the catalog computes from it."""

    path: Path
    number: str
    title: str
    stated_teaching: int | None
    stated_exercise: int | None
    questions: tuple[str, ...]
    sections: tuple[str, ...] = ()  # its numbered sections' titles, § 1 first
    words: int = 0  # markdown and stored outputs read, the sources list left out
    activities: tuple[tuple[str, float], ...] = ()  # (widget name, minutes) in the order shown
    unpriced: tuple[str, ...] = ()  # widgets shown with no entry in ACTIVITIES
    understanding: int = 0  # self-checks and check-your-understanding questions
    discussion: int = 0  # discussion questions
    figures: int = 0

    @property
    def reading_minutes(self) -> float:
        """Minutes to read the lesson's words at READING_RATE."""
        return self.words / READING_RATE

    @property
    def activity_minutes(self) -> float:
        """Minutes allowed for its widgets, check-your-understanding questions and figures."""
        return (
            sum(m for _, m in self.activities)
            + UNDERSTANDING_MINUTES * self.understanding
            + FIGURE_MINUTES * self.figures
        )

    @property
    def teaching_minutes(self) -> int:
        """The computed teaching time: reading plus activities, rounded up to a whole minute."""
        return math.ceil(self.reading_minutes + self.activity_minutes)

    @property
    def exercise_minutes(self) -> int:
        """The computed time of the lesson's exercise (0 if it has none)."""
        return exercise_time(self.solution).minutes if self.solution else 0

    @property
    def exercise(self) -> Path | None:
        """The lesson's exercise notebook, if it has one."""
        path = EXERCISES / self.path.name
        return path if path.exists() else None

    @property
    def solution(self) -> Path | None:
        """The lesson's solution notebook, if it has one."""
        path = SOLUTIONS / self.path.name
        return path if path.exists() else None


def read_lesson(path: Path) -> Lesson:
    """Read a lesson's title, stated minutes and questions from its first markdown cells, and measure the rest."""
    path = Path(path)
    stat = path.stat()
    return _read_lesson(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _read_lesson(path: Path, mtime_ns: int, size: int) -> Lesson:
    nb = read_notebook(path)
    text = "\n".join(c.source for c in nb.cells[:3] if c.cell_type == "markdown")
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), path.stem)
    title = re.sub(r"^\w+\s*·\s*", "", title)
    teaching = re.search(r"(\d+)\s*(?:min\w*\s*)?teaching", text)
    exercises = re.search(r"(\d+)\s*(?:min\w*\s*)?exercis", text)
    questions, collecting = [], False
    for line in text.splitlines():
        if line.strip().startswith("**Questions"):
            collecting = True
            continue
        if collecting:
            if line.strip().startswith(("- ", "* ")):
                questions.append(line.strip()[2:].strip())
            elif questions and line.startswith((" ", "\t")) and line.strip():
                questions[-1] += " " + line.strip()
            elif line.strip():
                break
    markdown, counted, sources = [], 0, False
    activities, unpriced, figures = [], [], 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            markdown.append(cell.source)
            read = re.split(r"^## Sources\s*$", cell.source, maxsplit=1, flags=re.M)[0]
            counted += 0 if sources else words(read)
            sources = sources or "Sources" in _headings(cell.source)
            continue
        outputs = cell.get("outputs", [])
        figures += sum(PLOTLY in o.get("data", {}) for o in outputs)
        called = [n for n in re.findall(r"\bwidgets\.(\w+)\s*\(", cell.source) if n[:1].isupper() or n in ACTIVITIES]
        shown = any(WIDGET_VIEW in o.get("data", {}) for o in outputs)
        for name in called:
            if name in ACTIVITIES:
                activities.append((name, ACTIVITIES[name].total()))
            elif shown:
                unpriced.append(name)
                activities.append((name, DEFAULT_ACTIVITY_MINUTES))
        if shown and not called:
            unpriced.append(f"a widget in code cell {cell.execution_count}")
            activities.append(("widget", DEFAULT_ACTIVITY_MINUTES))
        if not sources:
            counted += sum(words(output_text(o)) for o in outputs)
    all_markdown = "\n\n".join(markdown)
    sections = tuple(re.sub(r"^\d+\.\s*", "", h) for h in _headings(all_markdown) if re.match(r"\d+\.\s", h))
    discussion = re.split(r"^## Discussion questions\s*$", all_markdown, maxsplit=1, flags=re.M)
    asked = 0
    if len(discussion) == 2:
        asked = len(
            re.findall(r"^(?:\d+\.|[-*])\s", re.split(r"^## ", discussion[1], maxsplit=1, flags=re.M)[0], flags=re.M)
        )
    return Lesson(
        path,
        path.name.split("-", 1)[0],
        title,
        int(teaching.group(1)) if teaching else None,
        int(exercises.group(1)) if exercises else None,
        tuple(questions),
        sections,
        counted,
        tuple(activities),
        tuple(unpriced),
        _understanding_items(all_markdown, "\n".join(c.source for c in nb.cells if c.cell_type == "code")),
        asked,
        figures,
    )


@dataclass(frozen=True)
class ExerciseTime:
    """How long an exercise takes: its words read, its checked questions, and its written answers' words."""

    words: int
    checked: int
    written: tuple[tuple[str, int], ...]  # (question, expected words)

    @property
    def reading_minutes(self) -> float:
        return self.words / READING_RATE

    @property
    def code_minutes(self) -> float:
        return CODE_QUESTION_MINUTES * self.checked

    @property
    def writing_minutes(self) -> float:
        return sum(n for _, n in self.written) / WRITING_RATE

    @property
    def minutes(self) -> int:
        return math.ceil(self.reading_minutes + self.code_minutes + self.writing_minutes)


def expected_words(prompt: str, model: str) -> int:
    """How many words a written answer is expected to have: the top of a stated range ("150–250 words"), a stated
    count ("in 100 words"), sentences asked for ("two or three sentences", SENTENCE_WORDS each), else the model
    answer's length."""
    found = re.search(r"(\d+)\s*(?:[–-]|to)\s*(\d+)\s*words", prompt) or re.search(r"(\d+)\s*words", prompt)
    if found:
        return int(found.groups()[-1])
    numbers = "|".join(NUMBER_WORDS)
    found = re.search(rf"\b({numbers}|\d+)(?:\s+(?:or|to)\s+({numbers}|\d+))?\s+sentences?\b", prompt, re.I)
    if found:
        most = found.group(2) or found.group(1)
        return SENTENCE_WORDS * (int(most) if most.isdigit() else NUMBER_WORDS[most.lower()])
    return words(model)


def exercise_time(solution: Path) -> ExerciseTime:
    """Measure the exercise generated from SOLUTION: the exercise's markdown (its prompts) read at READING_RATE,
    CODE_QUESTION_MINUTES per checked question, each written answer's expected words at WRITING_RATE."""
    nb = read_notebook(solution)
    roles = [(c.metadata.get("casekit", {}), c.source) for c in nb.cells]
    exercise_nb = read_notebook(EXERCISES / solution.name) if (EXERCISES / solution.name).exists() else nb
    read = sum(words(c.source) for c in exercise_nb.cells if c.cell_type == "markdown")
    checked = len({meta["question"] for meta, _ in roles if meta.get("role") == "answer" and "question" in meta})
    written = []
    for meta, source in roles:
        if meta.get("role") == "written" and BEGIN in source:
            written.append((meta["question"], expected_words(source.split(BEGIN, 1)[0], model_answer(source))))
    return ExerciseTime(read, checked, tuple(written))


def lessons(folder: Path = LESSONS) -> list[Lesson]:
    """Return every lesson in FOLDER, in file-name order: NN-slug.ipynb, and NNx-slug.ipynb for a lesson that
    goes with NN (00p-pandas-for-this-kit.ipynb: the pandas on-ramp, after lesson 00)."""
    return [read_lesson(p) for p in sorted(folder.glob(LESSON_GLOB)) if LESSON_NAME.match(p.name)]


def _relative(path: Path) -> str:
    """PATH relative to the kit's root (as the README links it), or as it is when it lies elsewhere."""
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()


def _minutes(value: float) -> str:
    return f"{value:.0f}" if value >= 1 or value == 0 else "<1"


def timing_note() -> str:
    """How the table's minutes are computed (the rates, stated once, here)."""
    return (
        f"Minutes are computed by `casekit catalog` from the notebooks, not typed. **Teaching** = reading + activities: "
        f"the lesson's words (its markdown and the tables and text its cells print, not the source lists "
        f"or anything after them, such as a lesson's optional appendix of reference tables) at "
        f"{READING_RATE} words a minute, plus an allowance per widget activity (`ACTIVITIES` in "
        f"`src/casekit/authoring/catalog.py`; † marks a widget with none stated, counted as {DEFAULT_ACTIVITY_MINUTES}), "
        f"{UNDERSTANDING_MINUTES} minutes per self-check or check-your-understanding question and {FIGURE_MINUTES} per "
        f"figure. **Exercise** = reading + code + writing: its prompts at {READING_RATE} words a "
        f"minute, {CODE_QUESTION_MINUTES} minutes per checked question, and each written answer's expected length "
        f"(the top of the range it asks for) at {WRITING_RATE} words a minute."
    )


def lesson_table(items: list[Lesson] | None = None) -> str:
    """Return the README's lesson table as Markdown, with the note on how its minutes are computed."""
    rows = [
        "| # | Lesson | Teaching minutes (reading + activities) | Exercise minutes (reading + code + writing) "
        "| Questions | Exercise | Solution |",
        "|---|---|---|---|---|---|---|",
    ]
    for lesson in items if items is not None else lessons():
        teaching = (
            f"**{lesson.teaching_minutes}** ({_minutes(lesson.reading_minutes)} + "
            f"{_minutes(lesson.activity_minutes)}{'†' if lesson.unpriced else ''})"
        )
        if lesson.solution:
            spent = exercise_time(lesson.solution)
            exercise_minutes = (
                f"**{spent.minutes}** ({_minutes(spent.reading_minutes)} + {_minutes(spent.code_minutes)} + "
                f"{_minutes(spent.writing_minutes)})"
            )
        else:
            exercise_minutes = "—"
        link = lambda p: f"[{p.parent.name}/{p.name}]({_relative(p)})" if p else "—"
        rows.append(
            f"| {lesson.number} | [{lesson.title}]({_relative(lesson.path)}) | {teaching} | "
            f"{exercise_minutes} | {'<br>'.join(lesson.questions)} | {link(lesson.exercise)} | {link(lesson.solution)} |"
        )
    return "\n".join(rows) + "\n\n" + timing_note()


# --- the instructor's documents: the same numbers, generated into their marked blocks ----------------------
INSTRUCTORS = ROOT / "instructors"
INSTRUCTOR_DOCS = ("README.md", "session-plans.md", "syllabus.md")  # in instructors/; blocks regenerated by run()
TIMES_START, TIMES_END = "<!-- catalog:times:start -->", "<!-- catalog:times:end -->"


def facts_markers(number: str) -> tuple[str, str]:
    """The markers around lesson NUMBER's generated facts in instructors/session-plans.md."""
    return f"<!-- catalog:lesson {number}:start -->", f"<!-- catalog:lesson {number}:end -->"


def activity_label(name: str) -> str:
    """A widget's name as prose: ClaimChecker -> claim checker, timeline_explorer -> timeline explorer."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).replace("_", " ").lower()


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n or 'no'} {one if n == 1 else many or one + 's'}"


def lesson_facts(lesson: Lesson) -> str:
    """One lesson's facts for its session plan: sections, questions and computed minutes, as one paragraph."""
    sections = "; ".join(f"§ {i} {title}" for i, title in enumerate(lesson.sections, start=1))
    parts = [f"{m:.0f} {activity_label(name)}" for name, m in lesson.activities]
    if lesson.understanding:
        parts.append(f"{UNDERSTANDING_MINUTES * lesson.understanding} for {_count(lesson.understanding, 'self-check')}")
    if lesson.figures:
        parts.append(f"{FIGURE_MINUTES * lesson.figures} for {_count(lesson.figures, 'figure')}")
    text = (
        f"*From the notebook (generated by `casekit catalog`, do not edit):* {_count(len(lesson.sections), 'section')} "
        f"({sections}); {_count(lesson.understanding, 'self-check')} (check-your-understanding questions); "
        f"{_count(lesson.discussion, 'discussion question')}"
        + (f" (Q1–Q{lesson.discussion})" if lesson.discussion > 1 else "")
        + f". Self-paced: **{lesson.teaching_minutes} minutes** of teaching ({_minutes(lesson.reading_minutes)} "
        f"reading, {_minutes(lesson.activity_minutes)} activities: {', '.join(parts) or 'none'})"
    )
    if lesson.solution:
        spent = exercise_time(lesson.solution)
        written = ", ".join(f"{q} {n} words" for q, n in spent.written)
        text += (
            f" and **{spent.minutes} minutes** of exercise ({_count(spent.checked, 'checked question')}"
            + (f"; written: {written}" if written else "")
            + ")"
        )
    return text + "."


def times_table(items: list[Lesson] | None = None) -> str:
    """The instructors' table of every lesson: computed minutes, sections and questions, and its session plan."""
    rows = [
        "| lesson | teaching minutes | exercise minutes | sections | self-checks | discussion questions |",
        "|---|---|---|---|---|---|",
    ]
    for lesson in items if items is not None else lessons():
        rows.append(
            f"| {lesson.number} · {lesson.title} | {lesson.teaching_minutes} | {lesson.exercise_minutes or '—'} | "
            f"{len(lesson.sections)} | {lesson.understanding} | {lesson.discussion or '—'} |"
        )
    return (
        "\n".join(rows)
        + "\n\nGenerated by `casekit catalog` from the notebooks (a test keeps it current). "
        + (
            f"Minutes are self-paced, computed as the README's lesson table explains ({READING_RATE} words a minute, "
            f"an allowance per activity, {WRITING_RATE} words a minute for written answers)."
        )
    )


def render_instructor_doc(text: str, items: list[Lesson] | None = None) -> str:
    """TEXT with every generated block it has (the times table, each lesson's facts) regenerated; the rest as it is."""
    found = items if items is not None else lessons()
    if TIMES_START in text:
        text = _replace_between(text, TIMES_START, TIMES_END, times_table(found))
    for lesson in found:
        start, end = facts_markers(lesson.number)
        if start in text:
            text = _replace_between(text, start, end, lesson_facts(lesson))
    return text


def github_repository(remote: str | None) -> tuple[str, str] | None:
    """(owner, name) of a GitHub remote URL (https or ssh), else None."""
    match = GITHUB.match((remote or "").strip())
    return (match.group(1), match.group(2)) if match else None


def origin_url(root: Path = ROOT) -> str | None:
    """`git remote get-url origin` of the checkout at ROOT, or None (no git, no remote)."""
    try:
        done = subprocess.run(
            ["git", "remote", "get-url", "origin"], cwd=root, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def binder_line(remote: str | None, items: list[Lesson] | None = None) -> str:
    """The README's Binder route: a badge opening the first lesson when REMOTE is on GitHub, else how to get one."""
    repository = github_repository(remote)
    found = items if items is not None else lessons()
    if repository and found:
        owner, name = repository
        first = found[0].path.relative_to(ROOT).as_posix()
        return (
            f"**Binder** (nothing to install; runs in the browser on mybinder.org): "
            f"[![Binder](https://mybinder.org/badge_logo.svg)]"
            f"(https://mybinder.org/v2/gh/{owner}/{name}/HEAD?urlpath=lab/tree/{first})"
        )
    return (
        "**Binder** (nothing to install; runs in the browser on mybinder.org): this copy of the kit is not "
        "on GitHub yet, so there is no badge. Once it is, run `.venv/bin/casekit catalog` to add the badge "
        "here (it reads `git remote get-url origin`), or enter the repository's URL at https://mybinder.org."
    )


def _replace_between(text: str, start: str, end: str, body: str) -> str:
    if start not in text or end not in text:
        raise ValueError(f"the document needs the markers {start} and {end}")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{body}\n{end}{tail}"


def render_readme(text: str, remote: str | None = None, binder: bool = False) -> str:
    """Return README text with the generated lesson table between its markers; with BINDER, the Binder
    line is regenerated from REMOTE too."""
    text = _replace_between(text, START, END, lesson_table())
    return _replace_between(text, BINDER_START, BINDER_END, binder_line(remote)) if binder else text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `casekit catalog`."""
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md", help="README to update in place")


def run(args: argparse.Namespace) -> int:
    """Rewrite the README's lesson table from the notebooks and its Binder badge from the git remote, and the
    generated blocks of the instructor's documents (instructors/README.md, session-plans.md, syllabus.md)."""
    remote = origin_url()
    found = lessons()
    text = render_readme(args.readme.read_text(encoding="utf-8"), remote, binder=True)
    args.readme.write_text(text, encoding="utf-8")
    changed = []
    for name in INSTRUCTOR_DOCS:
        path = INSTRUCTORS / name
        if path.exists():
            before = path.read_text(encoding="utf-8")
            after = render_instructor_doc(before, found)
            if after != before:
                path.write_text(after, encoding="utf-8")
                changed.append(name)
    where = "/".join(github_repository(remote)) if github_repository(remote) else None
    print(
        f"updated the lesson table in {args.readme}; Binder: "
        + (f"badge for github.com/{where}" if where else "no GitHub remote, so the README says how to add the badge")
        + (f"; regenerated the blocks of instructors/{', instructors/'.join(changed)}" if changed else "")
    )
    return 0
