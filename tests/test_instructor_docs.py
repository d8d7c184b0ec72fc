"""instructors/syllabus.md and instructors/facilitator-notes.md stay in step with the kit.

- Every discussion question of every lesson has exactly one entry in the facilitator notes, which
  quotes it as the lesson asks it, sits under the lesson's title, and has 2-4 "strong answers"
  bullets (citing rows) and 1-3 traps; no entry exists for a question the lesson does not ask.
- Every dataset row id the notes (or the syllabus) cite in backticks exists in datasets/*.csv.
- The syllabus names every lesson (file and title) and every exercise file, names no file that does
  not exist, gives assessment weights that sum to 100, and states per-exercise points equal to the
  solutions' casekit.points metadata (counted once per question).
- Neither document gives a page cite of the order beyond page 2 (those pages are not verified).
- The instructor's guide, session plans and syllabus agree with the lessons as `casekit catalog` reads them
  (casekit.authoring.catalog): their generated blocks (lesson times, sections, question counts) are
  current; no minutes are typed by hand outside them; the session plans have a page per lesson, titled as
  the lesson is; every "§ N" they (or the syllabus, beside a lesson's name) cite is a section the lesson
  has, named as the lesson names it, and every "Qn" is one of the lesson's discussion questions.

The checkers return lists of problems; the last tests run them on modified copies (an entry
removed, a weight changed, a solution's points changed, a question added to a lesson) to show that
each one catches what it is for.
"""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from casekit.authoring import catalog
from casekit.authoring.exercise import validate_solution
from casekit.paths import DATASETS, EXERCISES, LESSONS, ROOT, SOLUTIONS

NOTES = ROOT / "instructors" / "facilitator-notes.md"
SYLLABUS = ROOT / "instructors" / "syllabus.md"
PLANS = ROOT / "instructors" / "session-plans.md"
GUIDE = ROOT / "instructors" / "README.md"
GENERATED = re.compile(r"<!-- catalog:([^>]*):start -->.*?<!-- catalog:\1:end -->", re.S)
TYPED_MINUTES = re.compile(
    r"\b\d+\s+minutes?\s+(?:of\s+)?(?:teaching|exercises?)\b|\b\d+\s+(?:teaching|exercises)\b|\|\s*\d+\s*\+\s*\d+\s*\|"
)
SECTION_REF = re.compile(r"(?<!Act )(?<!Rule )§(§?)\s*(\d+)(?:\s*[–-]\s*(\d+))?(?![\d.(])(?:\s+\*([^*]+)\*)?")
PLAN_HEADING = re.compile(r"^## (\d\d[a-z]?) · (.+?)\s*$")
LESSON_NAMED = re.compile(r"lessons/(\d\d[a-z]?)-|\blesson (\d\d[a-z]?)\b", re.I)

ENTRY_HEADING = re.compile(r"^### Lesson (\d\d), question (\d+)\s*$")
ROW_ID = re.compile(r"^[a-z][a-z0-9_]*$")
BACKTICKED = re.compile(r"`([^`\n]+)`")
PAGE_CITE = re.compile(r"\bpp?\.\s*(\d+)(?:\s*[–-]\s*(\d+))?")


# --- reading the lessons -------------------------------------------------------------------------


def _squash(text: str) -> str:
    return " ".join(text.split())


def _sections(markdown: str) -> dict[str, str]:
    """Each '## Heading' -> the text under it, up to the next '## ' heading."""
    found = {}
    for part in re.split(r"^## ", markdown, flags=re.M)[1:]:
        heading, _, body = part.partition("\n")
        found[heading.strip()] = body
    return found


def lesson_title(nb) -> str:
    first = next(c.source for c in nb.cells if c.cell_type == "markdown")
    return next(line[2:].strip() for line in first.splitlines() if line.startswith("# "))


def discussion_questions(nb) -> dict[int, str]:
    """The lesson's discussion questions, by number, as one line of text each.

    Numbered items ('1. ...') keep their numbers, which must run 1, 2, 3 ...; a list of bullets
    ('- ...') is numbered in order. Indented lines continue the item above them."""
    markdown = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    body = _sections(markdown).get("Discussion questions")
    if body is None:
        raise AssertionError("the lesson has no '## Discussion questions' section")
    items: list[tuple[int | None, list[str]]] = []
    for line in body.splitlines():
        numbered = re.match(r"^(\d+)\.\s+(.*)$", line)
        bullet = re.match(r"^[-*]\s+(.*)$", line)
        if numbered:
            items.append((int(numbered.group(1)), [numbered.group(2)]))
        elif bullet:
            items.append((None, [bullet.group(1)]))
        elif line.strip() and items and line[:1].isspace():
            items[-1][1].append(line.strip())
    questions = {}
    for position, (number, lines) in enumerate(items, start=1):
        if number is not None and number != position:
            raise AssertionError(f"discussion question {position} is numbered {number}")
        questions[position] = _squash(" ".join(lines))
    if not questions:
        raise AssertionError("the '## Discussion questions' section lists no questions")
    return questions


@dataclass
class Lesson:
    stem: str
    number: str
    title: str
    questions: dict[int, str]


def read_lessons(folder: Path = LESSONS) -> dict[str, Lesson]:
    lessons = {}
    for path in sorted(folder.glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        lessons[path.stem[:2]] = Lesson(path.stem, path.stem[:2], lesson_title(nb), discussion_questions(nb))
    return lessons


# --- reading the facilitator notes -----------------------------------------------------------------


@dataclass
class Entry:
    lesson: str
    number: int
    group: str  # the '## ' heading the entry sits under
    question: str = ""  # the quoted question ('> ' lines), squashed
    strong: list[str] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)
    duplicate: bool = False


def _bullets(lines: list[str]) -> list[str]:
    bullets: list[str] = []
    for line in lines:
        if line.startswith("- "):
            bullets.append(line[2:])
        elif line.startswith("  ") and bullets:
            bullets[-1] += " " + line.strip()
    return [_squash(b) for b in bullets]


def notes_entries(text: str) -> dict[tuple[str, int], Entry]:
    entries: dict[tuple[str, int], Entry] = {}
    group, current, part, parts = "", None, None, {}

    def close():
        if current is not None:
            current.strong = _bullets(parts.get("strong", []))
            current.traps = _bullets(parts.get("traps", []))

    for line in text.splitlines():
        if line.startswith("## "):
            close()
            group, current = line[3:].strip(), None
            continue
        heading = ENTRY_HEADING.match(line)
        if heading:
            close()
            key = (heading.group(1), int(heading.group(2)))
            current, part, parts = Entry(key[0], key[1], group), None, {}
            if key in entries:
                entries[key].duplicate = True
            else:
                entries[key] = current
            continue
        if line.startswith("### "):
            close()
            current = None
            continue
        if current is None:
            continue
        if line.startswith(">"):
            current.question = _squash(current.question + " " + line.lstrip(">").strip())
        elif line.strip().startswith("**Strong answers"):
            part = "strong"
        elif line.strip().startswith("**Misreadings") or line.strip().startswith("**Common misreadings"):
            part = "traps"
        elif part:
            parts.setdefault(part, []).append(line)
    close()
    return entries


def entry_problems(notes: str, lessons: dict[str, Lesson]) -> list[str]:
    """(a) one entry per discussion question, none for a question that does not exist."""
    entries = notes_entries(notes)
    problems = []
    for lesson in lessons.values():
        for number in lesson.questions:
            if (lesson.number, number) not in entries:
                problems.append(f"missing entry: Lesson {lesson.number}, question {number}")
    for (number, question), entry in entries.items():
        lesson = lessons.get(number)
        if lesson is None or question not in lesson.questions:
            problems.append(f"entry for a question that does not exist: Lesson {number}, question {question}")
        if entry.duplicate:
            problems.append(f"two entries for Lesson {number}, question {question}")
    return problems


def entry_content_problems(notes: str, lessons: dict[str, Lesson]) -> list[str]:
    """Each entry quotes its question as the lesson asks it, sits under the lesson's title, and has
    2-4 strong-answer bullets (each section citing at least one row) and 1-3 traps."""
    problems = []
    for (number, question), entry in notes_entries(notes).items():
        lesson = lessons.get(number)
        if lesson is None or question not in lesson.questions:
            continue
        where = f"Lesson {number}, question {question}"
        if entry.group != lesson.title:
            problems.append(f"{where}: sits under '## {entry.group}', not under the lesson's title '## {lesson.title}'")
        if entry.question != lesson.questions[question]:
            problems.append(
                f"{where}: the quoted question differs from the lesson's; update the entry\n"
                f"  notes:  {entry.question}\n  lesson: {lesson.questions[question]}"
            )
        if not 2 <= len(entry.strong) <= 4:
            problems.append(f"{where}: {len(entry.strong)} 'strong answers' bullets (want 2-4)")
        if not 1 <= len(entry.traps) <= 3:
            problems.append(f"{where}: {len(entry.traps)} traps (want 1-3)")
        if not any(row_ids_in(bullet) for bullet in entry.strong):
            problems.append(f"{where}: the strong answers cite no dataset row")
    return problems


# --- dataset ids -----------------------------------------------------------------------------------


def dataset_ids(folder: Path = DATASETS) -> set[str]:
    ids = set()
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames and "id" in reader.fieldnames:
                ids.update(row["id"] for row in reader if row.get("id"))
    return ids


def row_ids_in(text: str) -> list[str]:
    """Backticked tokens that look like row ids (lowercase identifiers), outside quoted lines."""
    own = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))
    return [token for token in BACKTICKED.findall(own) if ROW_ID.match(token)]


def unknown_id_problems(text: str, ids: set[str], name: str) -> list[str]:
    unknown = sorted({token for token in row_ids_in(text) if token not in ids})
    return [f"{name} cites `{token}`, which is no row id in datasets/*.csv" for token in unknown]


def missing_path_problems(text: str, name: str) -> list[str]:
    """Backticked repository paths (with a '/' and a file suffix) must exist; a glob must match something."""
    problems = []
    for token in BACKTICKED.findall(text):
        if "/" in token and " " not in token and re.search(r"\.(ipynb|md|json|csv|py)$", token):
            found = any(ROOT.glob(token)) if "*" in token else (ROOT / token).exists()
            if not found:
                problems.append(f"{name} names `{token}`, which does not exist")
    return sorted(set(problems))


def page_cite_problems(text: str, name: str) -> list[str]:
    """Pages of the order beyond p. 2 are not verified: no 'p. N' or 'pp. N-M' beyond 2."""
    problems = []
    for match in PAGE_CITE.finditer(text):
        pages = [int(p) for p in match.groups() if p]
        if max(pages) > 2:
            problems.append(f"{name}: page cite '{match.group(0)}' goes beyond the verified page 2")
    return problems


# --- the syllabus ----------------------------------------------------------------------------------


def _table(section: str) -> list[dict[str, str]]:
    """The first markdown table in SECTION, as rows keyed by lower-case header."""
    lines = [line.strip() for line in section.splitlines() if line.strip().startswith("|")]
    if len(lines) < 3:
        return []
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in lines]
    header = [h.lower() for h in cells[0]]
    return [dict(zip(header, row)) for row in cells[2:]]


def _plain(cell: str) -> str:
    return cell.replace("`", "").replace("*", "").strip()


def _section_starting(text: str, prefix: str) -> str:
    for heading, body in _sections(text).items():
        if heading.startswith(prefix):
            return body
    raise AssertionError(f"the syllabus has no '## {prefix}...' section")


def syllabus_weights(text: str) -> tuple[list[tuple[str, float]], float | None]:
    """The assessment table's (component, weight %) rows and its stated total, if any."""
    rows, total = [], None
    for row in _table(_section_starting(text, "Assessment")):
        component, weight = _plain(row.get("component", "")), _plain(row.get("weight", ""))
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", weight)
        if not match:
            raise AssertionError(f"assessment row {component!r}: weight {weight!r} is not a percentage")
        if component.lower() == "total":
            total = float(match.group(1))
        else:
            rows.append((component, float(match.group(1))))
    return rows, total


def weight_problems(text: str) -> list[str]:
    rows, total = syllabus_weights(text)
    problems = []
    if not rows:
        problems.append("the assessment table has no weighted components")
    summed = sum(weight for _, weight in rows)
    if abs(summed - 100) > 1e-9:
        problems.append(f"assessment weights sum to {summed:g}%, not 100%")
    if total is not None and abs(total - 100) > 1e-9:
        problems.append(f"the assessment table's total row says {total:g}%, not 100%")
    return problems


@dataclass(frozen=True)
class Points:
    checked: tuple[str, ...]
    checked_points: int
    written: tuple[str, ...]
    written_points: int

    @property
    def total(self) -> int:
        return self.checked_points + self.written_points


def solution_points(path: Path) -> Points:
    """A solution's points, from its cells' casekit.points, once per question."""
    nb = nbformat.read(path, as_version=4)
    points: dict[str, int] = {}
    written: set[str] = set()
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("casekit", {})
        if "question" not in meta:
            continue
        question = meta["question"]
        if question in points and points[question] != meta["points"]:
            raise AssertionError(f"{path.name}: question {question}'s cells disagree on points")
        points[question] = meta["points"]
        if meta.get("role") == "written":
            written.add(question)
    checked = tuple(sorted(q for q in points if q not in written))
    return Points(
        checked,
        sum(points[q] for q in checked),
        tuple(sorted(written)),
        sum(points[q] for q in written),
    )


def syllabus_points(text: str) -> dict[str, Points]:
    """The 'Exercise points' table: exercise stem -> Points."""
    found = {}
    for row in _table(_section_starting(text, "Exercise points")):
        stem = Path(_plain(row["exercise"])).stem

        def ids(cell: str) -> tuple[str, ...]:
            return tuple(sorted(q.strip() for q in _plain(cell).split(",") if q.strip()))

        found[stem] = Points(
            ids(row["checked questions"]),
            int(_plain(row["checked points"])),
            ids(row["written questions"]),
            int(_plain(row["written points"])),
        )
        if int(_plain(row["total points"])) != found[stem].total:
            raise AssertionError(f"syllabus: {stem}'s total points are not checked + written")
    return found


def points_problems(text: str, solutions: Path = SOLUTIONS) -> list[str]:
    """(d) the syllabus's per-exercise points equal the solutions' metadata."""
    stated = syllabus_points(text)
    problems = []
    for path in sorted(solutions.glob("[0-9][0-9]-*.ipynb")):
        actual = solution_points(path)
        mine = stated.get(path.stem)
        if mine is None:
            problems.append(f"the points table has no row for exercises/{path.name}")
        elif mine != actual:
            problems.append(
                f"exercises/{path.name}: the syllabus says {mine.total} points ({mine.checked_points} checked "
                f"{list(mine.checked)}, {mine.written_points} written {list(mine.written)}); the solution has "
                f"{actual.total} ({actual.checked_points} checked {list(actual.checked)}, "
                f"{actual.written_points} written {list(actual.written)})"
            )
    for stem in stated.keys() - {p.stem for p in solutions.glob("[0-9][0-9]-*.ipynb")}:
        problems.append(f"the points table lists {stem}, which has no solution")
    return problems


def kit_files() -> list[str]:
    """Every lesson and exercise file a learner or an instructor can open, relative to the root."""
    files = sorted(LESSONS.glob("[0-9][0-9]-*.ipynb")) + sorted(EXERCISES.glob("[0-9][0-9]-*.ipynb"))
    files += sorted((EXERCISES / "assessed").glob("[0-9][0-9]-*.ipynb"))
    return [path.relative_to(ROOT).as_posix() for path in files]


def naming_problems(text: str, lessons: dict[str, Lesson]) -> list[str]:
    """(c) the syllabus names every lesson file and title and every exercise file."""
    problems = [f"the syllabus does not name `{name}`" for name in kit_files() if f"`{name}`" not in text]
    flat = _squash(text.replace("*", ""))
    for lesson in lessons.values():
        if _squash(lesson.title.replace("*", "")) not in flat:
            problems.append(f"the syllabus does not give lesson {lesson.number}'s title, {lesson.title!r}")
    return problems


def glance_problems(text: str) -> list[str]:
    """The week-by-week table agrees with the assessment table: each week's exercise file matches
    its edition (practice: exercises/, assessed: exercises/assessed/) and carries the same weight."""
    weights = {}
    for component, weight in syllabus_weights(text)[0]:
        match = re.match(r"Exercise (\d\d) \((practice|assessed) edition\)", component)
        if match:
            weights[match.group(1)] = (match.group(2), weight)
    problems = []
    rows = _table(_section_starting(text, "The unit at a glance"))
    for row in rows:
        exercise, edition = _plain(row["exercise"]), _plain(row["edition"])
        number = Path(exercise).stem[:2]
        folder = "exercises/assessed/" if edition == "assessed" else "exercises/"
        if edition not in ("practice", "assessed") or not exercise.startswith(folder) or "/" in exercise[len(folder) :]:
            problems.append(f"week {row['week']}: {exercise} is not the {edition} edition")
        weight = float(_plain(row["weight"]).rstrip("%"))
        if weights.get(number) != (edition, weight):
            problems.append(
                f"week {row['week']}: {edition}, {weight:g}% disagrees with the assessment table {weights.get(number)}"
            )
    if len(rows) != len(weights):
        problems.append(f"{len(rows)} weeks at a glance, {len(weights)} exercises in the assessment table")
    return problems


def workshop_problems(text: str) -> list[str]:
    """The three-hour variant's minute-by-minute table runs 0-180 without gaps or overlaps."""
    rows = _table(_section_starting(text, "Variant: a single three-hour workshop"))
    spans = []
    for row in rows:
        match = re.fullmatch(r"(\d+)\s*[–-]\s*(\d+)", _plain(row.get("minutes", "")))
        if not match:
            return [f"workshop row {row!r} has no 'start–end' minutes"]
        spans.append((int(match.group(1)), int(match.group(2))))
    problems = []
    if not spans or spans[0][0] != 0 or spans[-1][1] != 180:
        problems.append(f"the workshop runs {spans[:1]} ... {spans[-1:]}, not 0-180")
    for (_, end), (start, _) in zip(spans, spans[1:]):
        if start != end:
            problems.append(f"the workshop jumps from minute {end} to {start}")
    return problems


# --- the guide, the session plans and the syllabus against the catalog ------------------------------


def hand_written(text: str) -> str:
    """TEXT without its generated blocks."""
    return GENERATED.sub("", text)


def generated_problems(name: str, text: str, lessons: list[catalog.Lesson]) -> list[str]:
    """The generated blocks are what `casekit catalog` writes from the lessons now."""
    if catalog.render_instructor_doc(text, lessons) != text:
        return [f"{name}: its generated blocks are stale: run `.venv/bin/casekit catalog`"]
    return []


def typed_minutes_problems(name: str, text: str) -> list[str]:
    """Minutes typed by hand (outside the generated blocks) drift: '40 minutes teaching', '| 40 + 25 |'."""
    return [f"{name}: minutes typed by hand: {m.group(0)!r}" for m in TYPED_MINUTES.finditer(hand_written(text))]


def _reference_problems(where: str, line: str, lesson: catalog.Lesson) -> list[str]:
    problems = []
    for match in SECTION_REF.finditer(line):
        first, last = int(match.group(2)), int(match.group(3) or match.group(2))
        for number in sorted({first, last}):
            if not 1 <= number <= len(lesson.sections):
                problems.append(f"{where}: § {number}, but lesson {lesson.number} has {len(lesson.sections)} sections")
        named = match.group(4)
        if named and first <= len(lesson.sections) and not match.group(1):
            actual = lesson.sections[first - 1].replace("*", "")
            if not _squash(actual).casefold().startswith(_squash(named.replace("*", "")).casefold()):
                problems.append(f"{where}: § {first} *{named}*, but lesson {lesson.number}'s § {first} is {actual!r}")
    return problems


def plan_problems(text: str, lessons: list[catalog.Lesson]) -> list[str]:
    """A page per lesson, headed '## NN · Title' (the start of the lesson's title) with its generated block;
    each § and Q on a page exists in that lesson."""
    by_number = {lesson.number: lesson for lesson in lessons}
    problems, seen, current = [], set(), None
    for line in hand_written(text).splitlines():
        heading = PLAN_HEADING.match(line)
        if heading:
            current = by_number.get(heading.group(1))
            if current is None:
                problems.append(f"session plans: a page for lesson {heading.group(1)}, which does not exist")
            elif not _squash(current.title).casefold().startswith(_squash(heading.group(2)).casefold()):
                problems.append(
                    f"session plans: '{line}' does not start lesson {current.number}'s title {current.title!r}"
                )
            else:
                seen.add(current.number)
            continue
        if line.startswith("## "):
            current = None
        if current is None:
            continue
        where = f"session plans, lesson {current.number}"
        problems += _reference_problems(where, line, current)
        for question in re.findall(r"\bQ(\d+)\b", line):
            if not 1 <= int(question) <= current.discussion:
                problems.append(f"{where}: Q{question}, but the lesson has {current.discussion} discussion questions")
    for lesson in lessons:
        if lesson.number not in seen:
            problems.append(f"session plans: no page for lesson {lesson.number} ({lesson.title})")
        elif catalog.facts_markers(lesson.number)[0] not in text:
            problems.append(f"session plans: lesson {lesson.number}'s page has no generated block")
    return problems


def syllabus_reference_problems(text: str, lessons: list[catalog.Lesson]) -> list[str]:
    """In a line naming a lesson (`lessons/NN-...` or 'lesson NN'), each § after the name is a section it has."""
    by_number = {lesson.number: lesson for lesson in lessons}
    problems = []
    for number, line in enumerate(hand_written(text).splitlines(), start=1):
        names = list(LESSON_NAMED.finditer(line))
        for here, after in zip(names, names[1:] + [None]):
            lesson = by_number.get(here.group(1) or here.group(2))
            if lesson is not None:
                span = line[here.end() : after.start() if after else len(line)]
                problems += _reference_problems(f"syllabus line {number}", span, lesson)
    return problems


# --- the tests on the real documents ---------------------------------------------------------------


@pytest.fixture(scope="module")
def lessons() -> dict[str, Lesson]:
    found = read_lessons()
    assert found, "no lessons found"
    return found


@pytest.fixture(scope="module")
def catalogued() -> list[catalog.Lesson]:
    return catalog.lessons()


@pytest.fixture(scope="module")
def plans() -> str:
    return PLANS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def notes() -> str:
    return NOTES.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def syllabus() -> str:
    return SYLLABUS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ids() -> set[str]:
    return dataset_ids()


def test_every_lesson_has_discussion_questions(lessons):
    for lesson in lessons.values():
        assert len(lesson.questions) >= 2, f"lesson {lesson.number} has {len(lesson.questions)} discussion questions"


def test_every_discussion_question_has_exactly_one_entry(notes, lessons):
    assert entry_problems(notes, lessons) == []


def test_entries_quote_their_question_and_have_answers_and_traps(notes, lessons):
    problems = entry_content_problems(notes, lessons)
    assert problems == [], "\n".join(problems)


def test_every_row_id_cited_in_the_notes_exists(notes, ids):
    assert len(row_ids_in(notes)) >= 100, "the notes should cite the kit's rows"
    assert unknown_id_problems(notes, ids, "facilitator-notes.md") == []


def test_every_row_id_cited_in_the_syllabus_exists(syllabus, ids):
    assert unknown_id_problems(syllabus, ids, "syllabus.md") == []


@pytest.mark.parametrize("name", ["syllabus.md", "facilitator-notes.md"])
def test_files_named_exist_and_no_page_cite_beyond_page_2(name, notes, syllabus):
    text = {"syllabus.md": syllabus, "facilitator-notes.md": notes}[name]
    assert missing_path_problems(text, name) == []
    assert page_cite_problems(text, name) == []


def test_syllabus_names_every_lesson_and_exercise_file(syllabus, lessons):
    assert len(kit_files()) >= 3 * len(lessons)
    assert naming_problems(syllabus, lessons) == []


def test_syllabus_weights_sum_to_100(syllabus):
    rows, _ = syllabus_weights(syllabus)
    assert len(rows) >= 6
    assert weight_problems(syllabus) == []


def test_syllabus_points_equal_the_solutions(syllabus):
    assert points_problems(syllabus) == []


def test_weeks_at_a_glance_agree_with_the_assessment_table(syllabus):
    assert glance_problems(syllabus) == []


def test_workshop_variant_runs_three_hours(syllabus):
    assert workshop_problems(syllabus) == []


def test_points_are_counted_once_per_question_as_the_kit_counts_them():
    # answer and check cells both carry a question's points; the kit's own reader counts each question once
    for path in sorted(SOLUTIONS.glob("[0-9][0-9]-*.ipynb")):
        cells = validate_solution(nbformat.read(path, as_version=4), path)
        by_question = {cell.question: cell.points for cell in cells}
        assert solution_points(path).total == sum(by_question.values()), path.name


@pytest.mark.parametrize("path", [GUIDE, PLANS, SYLLABUS], ids=lambda p: p.name)
def test_instructor_documents_carry_the_catalogs_numbers_and_type_none(path, catalogued):
    text = path.read_text(encoding="utf-8")
    assert catalog.TIMES_START in text or catalog.facts_markers(catalogued[0].number)[0] in text
    assert generated_problems(path.name, text, catalogued) == []
    assert typed_minutes_problems(path.name, text) == []


def test_session_plans_follow_the_lessons(plans, catalogued):
    assert plan_problems(plans, catalogued) == []


def test_syllabus_cites_only_sections_the_lessons_have(syllabus, catalogued):
    assert syllabus_reference_problems(syllabus, catalogued) == []


# --- the checkers catch what they are for: modified copies -----------------------------------------


def _drop_entry(text: str, lesson: str, number: int) -> str:
    lines, out, skipping = text.splitlines(keepends=True), [], False
    for line in lines:
        if line.startswith("### ") or line.startswith("## ") or line.startswith("---"):
            skipping = line.strip() == f"### Lesson {lesson}, question {number}"
        if not skipping:
            out.append(line)
    return "".join(out)


NOTES_MUTATIONS = {
    "an entry removed": (lambda t: _drop_entry(t, "02", 3), entry_problems, "missing entry: Lesson 02, question 3"),
    "an entry for a question that does not exist": (
        lambda t: t + "\n### Lesson 02, question 9\n\n> Not a question.\n",
        entry_problems,
        "does not exist: Lesson 02, question 9",
    ),
    "an entry duplicated": (
        lambda t: t + "\n### Lesson 01, question 1\n\n> Again.\n",
        entry_problems,
        "two entries for Lesson 01, question 1",
    ),
    "a question reworded": (
        lambda t: t.replace("> Which single item in the record", "> Which one item in the record", 1),
        entry_content_problems,
        "Lesson 04, question 1: the quoted question differs",
    ),
    "an entry with no traps": (
        lambda t: re.sub(
            r"(### Lesson 03, question 2\n.*?)\*\*Misreadings and traps\*\*\n\n(?:- .*\n(?:  .*\n)*)+",
            r"\1",
            t,
            count=1,
            flags=re.S,
        ),
        entry_content_problems,
        "Lesson 03, question 2: 0 traps",
    ),
}


@pytest.mark.parametrize("mutation", sorted(NOTES_MUTATIONS))
def test_notes_checkers_catch_a_modified_copy(mutation, notes, lessons):
    mutate, checker, expected = NOTES_MUTATIONS[mutation]
    changed = mutate(notes)
    assert changed != notes, "the mutation did not apply: update the test"
    problems = checker(changed, lessons)
    assert any(expected in problem for problem in problems), problems


def test_unknown_row_id_is_caught(notes, ids):
    changed = notes.replace("(`cf_contract_order`", "(`cf_contract_ruling`", 1)
    assert changed != notes
    assert unknown_id_problems(changed, ids, "notes") == [
        "notes cites `cf_contract_ruling`, which is no row id in datasets/*.csv"
    ]


def test_a_new_discussion_question_in_a_lesson_needs_an_entry(tmp_path, notes):
    for path in LESSONS.glob("[0-9][0-9]-*.ipynb"):
        shutil.copy(path, tmp_path / path.name)
    copy = tmp_path / "02-cloud-contracts.ipynb"
    nb = nbformat.read(copy, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## Discussion questions"))
    count = len(discussion_questions(nb))
    added = f"{count + 1}. Who should draft a cloud agreement's notice clause?\n"
    questions, key_points, rest = cell.source.partition("## Key points")
    cell.source = questions.rstrip() + "\n" + added + ("\n" + key_points + rest if key_points else "")
    nbformat.write(nb, copy)
    problems = entry_problems(notes, read_lessons(tmp_path))
    assert problems == [f"missing entry: Lesson 02, question {count + 1}"]


def test_bulleted_and_misnumbered_questions_are_read_right():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 09 · A lesson"),
        nbformat.v4.new_markdown_cell(
            "## Discussion questions\n- First,\n  continued.\n- Second?\n\n## Key points\n- x"
        ),
    ]
    assert discussion_questions(nb) == {1: "First, continued.", 2: "Second?"}
    nb.cells[1].source = "## Discussion questions\n1. One.\n3. Three.\n"
    with pytest.raises(AssertionError, match="numbered 3"):
        discussion_questions(nb)


SYLLABUS_MUTATIONS = {
    "a weight changed": (
        lambda t: t.replace("| 2 | `casekit grade`, 1f by hand | 10% |", "| 2 | `casekit grade`, 1f by hand | 11% |"),
        weight_problems,
        "sum to 101%",
    ),
    "an exercise's points changed": (
        lambda t: t.replace("| 4f, 4g | 7 | 13 |", "| 4f, 4g | 8 | 14 |"),
        points_problems,
        "exercises/04-antitrust.ipynb: the syllabus says 14 points",
    ),
    "a lesson file no longer named": (
        lambda t: t.replace("`lessons/03-content-moderation.ipynb`", "lesson 03"),
        None,
        "does not name `lessons/03-content-moderation.ipynb`",
    ),
    "a week's edition changed": (
        lambda t: t.replace(
            "| `exercises/assessed/03-content-moderation.ipynb` | assessed | 10% |",
            "| `exercises/assessed/03-content-moderation.ipynb` | practice | 10% |",
        ),
        glance_problems,
        "week 4: exercises/assessed/03-content-moderation.ipynb is not the practice edition",
    ),
    "a workshop gap": (
        lambda t: t.replace("| 90–105 |", "| 95–105 |"),
        workshop_problems,
        "jumps from minute 90 to 95",
    ),
    "a page cite beyond page 2": (
        lambda t: t + "\nSee the order, p. 7.\n",
        lambda t: page_cite_problems(t, "syllabus.md"),
        "'p. 7' goes beyond",
    ),
}


@pytest.mark.parametrize("mutation", sorted(SYLLABUS_MUTATIONS))
def test_syllabus_checkers_catch_a_modified_copy(mutation, syllabus, lessons):
    mutate, checker, expected = SYLLABUS_MUTATIONS[mutation]
    changed = mutate(syllabus)
    assert changed != syllabus, "the mutation did not apply: update the test"
    problems = naming_problems(changed, lessons) if checker is None else checker(changed)
    assert any(expected in problem for problem in problems), problems


def test_a_change_to_a_solutions_points_is_caught(tmp_path, syllabus):
    for path in SOLUTIONS.glob("[0-9][0-9]-*.ipynb"):
        shutil.copy(path, tmp_path / path.name)
    copy = tmp_path / "01-emergency-relief.ipynb"
    nb = nbformat.read(copy, as_version=4)
    written = next(c for c in nb.cells if c.metadata.get("casekit", {}).get("role") == "written")
    written.metadata["casekit"]["points"] += 1
    nbformat.write(nb, copy)
    assert points_problems(syllabus, tmp_path)[0].startswith(
        "exercises/01-emergency-relief.ipynb: the syllabus says 10"
    )
    assert points_problems(syllabus) == []


PLAN_MUTATIONS = {
    "a section that does not exist": (
        lambda t: t.replace("| 0–10 | §§ 1–2: the two documents", "| 0–10 | §§ 1–9: the two documents", 1),
        "lesson 02 has",
    ),
    "a section misnamed": (
        lambda t: t.replace("§ 2 *Where the facts come from*", "§ 2 *Who was involved*", 1),
        "lesson 00's § 2 is",
    ),
    "a discussion question that does not exist": (
        lambda t: t.replace("then Q3 |", "then Q7 |", 1),
        "Q7, but the lesson has",
    ),
    "a lesson's page gone": (
        lambda t: t.replace("## 04 · Antitrust", "## Antitrust", 1),
        "no page for lesson 04",
    ),
    "a page titled as no lesson is": (
        lambda t: t.replace("## 03 · Content moderation", "## 03 · Contract moderation", 1),
        "does not start lesson 03's title",
    ),
}


@pytest.mark.parametrize("mutation", sorted(PLAN_MUTATIONS))
def test_plan_checker_catches_a_modified_copy(mutation, plans, catalogued):
    mutate, expected = PLAN_MUTATIONS[mutation]
    changed = mutate(plans)
    assert changed != plans, "the mutation did not apply: update the test"
    problems = plan_problems(changed, catalogued)
    assert any(expected in problem for problem in problems), problems


def test_typed_minutes_and_a_stale_block_are_caught(plans, syllabus, catalogued):
    typed = syllabus.replace(
        "*00 · The case: Parler v. Amazon Web Services*.", "*00 · The case* (40 minutes teaching, 25 exercises).", 1
    )
    assert typed != syllabus
    assert typed_minutes_problems("syllabus", typed) == [
        "syllabus: minutes typed by hand: '40 minutes teaching'",
        "syllabus: minutes typed by hand: '25 exercises'",
    ]
    row = "| 00 · The case | 40 + 25 | in class |"
    assert typed_minutes_problems("guide", row) == ["guide: minutes typed by hand: '| 40 + 25 |'"]
    first = catalogued[0]
    edited = plans.replace(
        f"**{first.teaching_minutes} minutes** of teaching", f"**{first.teaching_minutes + 5} minutes** of teaching", 1
    )
    assert edited != plans
    assert generated_problems("plans", edited, catalogued) == [
        "plans: its generated blocks are stale: run `.venv/bin/casekit catalog`"
    ]


def test_a_section_added_to_a_lesson_makes_the_plans_stale(tmp_path, plans, catalogued):
    for path in LESSONS.glob("*.ipynb"):
        shutil.copy(path, tmp_path / path.name)
    copy = tmp_path / "02-cloud-contracts.ipynb"
    nb = nbformat.read(copy, as_version=4)
    at = next(
        i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "## Check your understanding" in c.source
    )
    count = len(catalog.read_lesson(copy).sections)
    nb.cells.insert(at, nbformat.v4.new_markdown_cell(f"## {count + 1}. A new section\n\nText."))
    nbformat.write(nb, copy)
    changed = catalog.lessons(tmp_path)
    assert generated_problems("plans", plans, changed) == [
        "plans: its generated blocks are stale: run `.venv/bin/casekit catalog`"
    ]
    assert generated_problems("plans", plans, catalogued) == []


def test_syllabus_reference_checker_reads_the_lesson_named_on_the_line(catalogued):
    line = "| 35–50 | x | `lessons/01-emergency-relief.ipynb`, §§ 1–4, live; lesson 02, § 9; Sherman Act § 12 |"
    assert syllabus_reference_problems(line, catalogued) == [
        f"syllabus line 1: § 9, but lesson 02 has {len(catalogued[3].sections)} sections"
    ]
