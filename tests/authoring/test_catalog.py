"""The README's lesson table is generated from the notebooks and kept current."""

import pytest

from casekit.authoring import catalog
from casekit.paths import LESSONS, ROOT


def test_every_lesson_has_a_title_minutes_and_questions():
    lessons = catalog.lessons()
    assert [lesson.path.name for lesson in lessons] == sorted(p.name for p in LESSONS.glob("[0-9][0-9]-*.ipynb"))
    for lesson in lessons:
        assert lesson.title and lesson.teaching_minutes and lesson.questions, lesson.path


def test_readme_lesson_table_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert catalog.render_readme(readme) == readme, "README's lesson table is stale: run `.venv/bin/casekit catalog`"


def test_stems_match_across_lessons_exercises_and_solutions():
    for lesson in catalog.lessons():
        if lesson.solution:
            assert lesson.exercise, f"{lesson.path.name}: solution without exercise"


@pytest.mark.parametrize(
    "remote, expected",
    [
        ("https://github.com/law-school/casekit.git", ("law-school", "casekit")),
        ("https://github.com/law-school/casekit", ("law-school", "casekit")),
        ("git@github.com:law-school/parler.v.aws.git", ("law-school", "parler.v.aws")),
        ("ssh://git@github.com/law-school/casekit.git", ("law-school", "casekit")),
        ("https://gitlab.com/law-school/casekit.git", None),
        ("/srv/git/casekit.git", None),
        ("", None),
        (None, None),
    ],
)
def test_github_repository_reads_https_and_ssh_remotes_only(remote, expected):
    assert catalog.github_repository(remote) == expected


def test_binder_badge_opens_the_first_lesson_of_the_github_repository():
    first = catalog.lessons()[0].path.relative_to(ROOT).as_posix()
    line = catalog.binder_line("git@github.com:law-school/casekit.git")
    match = catalog.BINDER_BADGE.search(line)
    assert match and match.groups() == ("law-school", "casekit", first)


def test_without_a_github_remote_the_readme_explains_the_badge_and_links_nowhere():
    line = catalog.binder_line("https://gitlab.com/x/y.git")
    assert "mybinder.org/v2" not in line and "badge_logo" not in line and "casekit catalog" in line


def test_readme_binder_line_is_generated_and_never_a_placeholder():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "your-org" not in readme
    section = readme.split(catalog.BINDER_START, 1)[1].split(catalog.BINDER_END, 1)[0].strip()
    badge = catalog.BINDER_BADGE.search(section)
    remote = f"https://github.com/{badge.group(1)}/{badge.group(2)}" if badge else None
    assert section == catalog.binder_line(remote), "README's Binder line is stale: run `.venv/bin/casekit catalog`"
