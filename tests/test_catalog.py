"""The README's lesson table is generated from the notebooks and kept current."""

from casekit import catalog
from casekit.paths import LESSONS, ROOT


def test_every_lesson_has_a_title_minutes_and_questions():
    lessons = catalog.lessons()
    assert [l.path.name for l in lessons] == sorted(p.name for p in LESSONS.glob("[0-9][0-9]-*.ipynb"))
    for lesson in lessons:
        assert lesson.title and lesson.teaching_minutes and lesson.questions, lesson.path


def test_readme_lesson_table_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert catalog.render_readme(readme) == readme, "README's lesson table is stale: run `.venv/bin/casekit catalog`"


def test_stems_match_across_lessons_exercises_and_solutions():
    for lesson in catalog.lessons():
        if lesson.solution:
            assert lesson.exercise, f"{lesson.path.name}: solution without exercise"
