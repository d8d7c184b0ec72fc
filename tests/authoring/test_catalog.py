"""The README's lesson table is generated from the notebooks and kept current, with minutes computed from them."""

import math

import nbformat
import pytest

from casekit import data
from casekit.authoring import catalog
from casekit.paths import LESSONS, ROOT

ONRAMP = "00p-pandas-for-this-kit.ipynb"


def test_every_lesson_has_a_title_minutes_and_questions():
    lessons = catalog.lessons()
    names = [lesson.path.name for lesson in lessons]
    assert names == sorted(p.name for p in LESSONS.glob("*.ipynb") if catalog.LESSON_NAME.match(p.name))
    assert set(p.name for p in LESSONS.glob("[0-9][0-9]-*.ipynb")) | {ONRAMP} == set(names)
    for lesson in lessons:
        assert lesson.title and lesson.stated_teaching and lesson.questions and lesson.sections, lesson.path
        assert lesson.words and lesson.teaching_minutes > lesson.reading_minutes, lesson.path


def test_words_are_runs_of_letters_and_digits_without_link_targets_or_tags():
    assert catalog.words("A [link](../x-y.ipynb) <b>bold</b> § 7.2(b)(ii) don't") == 7
    shown = {"output_type": "display_data", "data": {"text/html": "<style>p{}</style><p>a&amp;b</p>"}}
    assert catalog.output_text(shown).split() == ["a&b"]


def test_lesson_names_the_catalog_takes():
    takes = ["00-the-case.ipynb", "00p-pandas-for-this-kit.ipynb", "01a-the-standard.ipynb", "12-x.ipynb"]
    leaves = ["00-the-case.updated.ipynb", "0-x.ipynb", "00P-x.ipynb", "00pp-x.ipynb", "my-reasoning.ipynb"]
    assert [n for n in takes + leaves if catalog.LESSON_NAME.match(n)] == takes


def test_every_widget_a_lesson_shows_has_a_time_allowance():
    for lesson in catalog.lessons():
        assert not lesson.unpriced, f"{lesson.path.name}: add {list(lesson.unpriced)} to catalog.ACTIVITIES"


def test_no_lesson_takes_over_an_hour():
    over = {
        f"{lesson.number}: {lesson.teaching_minutes}" for lesson in catalog.lessons() if lesson.teaching_minutes > 60
    }
    assert not over, f"computed teaching minutes over 60: {sorted(over)} (split or trim; see README's table)"


def test_the_onramp_states_the_minutes_the_catalog_computes():
    onramp = catalog.read_lesson(LESSONS / ONRAMP)
    assert abs(onramp.stated_teaching - onramp.teaching_minutes) <= 3, (onramp.stated_teaching, onramp.teaching_minutes)
    assert 15 <= onramp.teaching_minutes <= 25


def _notebook(tmp_path, cells, name="09-x.ipynb"):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def test_minutes_count_markdown_and_printed_text_but_not_sources_widgets_or_figures(tmp_path):
    printed = nbformat.v4.new_code_cell("print(x)", execution_count=2)
    printed.outputs = [nbformat.v4.new_output("stream", text="word " * 100)]
    table = nbformat.v4.new_code_cell("HTML(t)", execution_count=3)
    table.outputs = [
        nbformat.v4.new_output(
            "execute_result",
            {"text/html": "<table><td>cell</td>" * 100 + "</table>", "text/plain": "<HTML>"},
            execution_count=3,
        )
    ]
    widget = nbformat.v4.new_code_cell("case.widgets.timeline_explorer(timeline)", execution_count=4)
    widget.outputs = [
        nbformat.v4.new_output("display_data", {catalog.WIDGET_VIEW: {"model_id": "m"}, "text/plain": "x " * 500})
    ]
    figure = nbformat.v4.new_code_cell("fig.show()", execution_count=5)
    figure.outputs = [nbformat.v4.new_output("display_data", {catalog.PLOTLY: {"data": []}, "text/plain": "y " * 500})]
    sources = nbformat.v4.new_code_cell("HTML(sources)", execution_count=6)
    sources.outputs = [nbformat.v4.new_output("stream", text="source " * 1000)]
    heading = "# 09 · A lesson\n\n**Questions**\n- Why?\n\n**Minutes:** 7 teaching"
    understanding = "## Check your understanding\n1. One?\n2. Two?\n<details>\n1. answer\n</details>"
    path = _notebook(
        tmp_path,
        [
            nbformat.v4.new_markdown_cell(heading),
            nbformat.v4.new_markdown_cell("## 1. First\n" + "read " * 180 + "[a link](../x/y-z.ipynb)"),
            printed,
            table,
            widget,
            figure,
            nbformat.v4.new_markdown_cell(understanding),
            nbformat.v4.new_code_cell('check("9x", ...)', execution_count=7),
            nbformat.v4.new_markdown_cell("## Key points\n- k\n\n## Sources\n" + "cited " * 1000),
            sources,
        ],
    )
    lesson = catalog.read_lesson(path)
    markdown = catalog.words(heading) + catalog.words(understanding) + 3 + (2 + 180 + 2)  # key points; § 1
    assert lesson.words == markdown + 100 + 100  # printed words and table cells; no widget, figure or source
    assert lesson.activities == (("timeline_explorer", catalog.ACTIVITIES["timeline_explorer"].total()),)
    assert (lesson.understanding, lesson.figures, lesson.sections) == (3, 1, ("First",))
    expected = lesson.words / catalog.READING_RATE + 3 + 3 * catalog.UNDERSTANDING_MINUTES + catalog.FIGURE_MINUTES
    assert lesson.teaching_minutes == math.ceil(expected)


def test_an_unknown_widget_is_flagged_not_priced_at_nothing(tmp_path):
    shown = nbformat.v4.new_code_cell("topic.widgets.NewGadget()", execution_count=1)
    shown.outputs = [nbformat.v4.new_output("display_data", {catalog.WIDGET_VIEW: {"model_id": "m"}})]
    anonymous = nbformat.v4.new_code_cell("gadget", execution_count=2)
    anonymous.outputs = [nbformat.v4.new_output("display_data", {catalog.WIDGET_VIEW: {"model_id": "n"}})]
    lesson = catalog.read_lesson(_notebook(tmp_path, [nbformat.v4.new_markdown_cell("# 09 · x"), shown, anonymous]))
    assert lesson.unpriced == ("NewGadget", "a widget in code cell 2")
    assert lesson.activity_minutes == 2 * catalog.DEFAULT_ACTIVITY_MINUTES
    assert "†" in catalog.lesson_table([lesson]).splitlines()[2]


def test_an_activity_scales_with_its_dataset():
    claims = catalog.ACTIVITIES["ClaimChecker"]
    assert claims.total() == claims.minutes * len(data.load(claims.items))
    assert catalog.Activity(3, 1, "once").total() == 3


@pytest.mark.parametrize(
    "prompt, model, expected",
    [
        ("Argue it in 150–250 words.", "", 250),
        ("in 200-300 words, and", "", 300),
        ("In about 120 words, say", "", 120),
        ("In two or three sentences, explain", "", 3 * catalog.SENTENCE_WORDS),
        ("In one sentence, say", "", catalog.SENTENCE_WORDS),
        ("Propose a plan.", "one two three four five", 5),
    ],
)
def test_a_written_answers_expected_length(prompt, model, expected):
    assert catalog.expected_words(prompt, model) == expected


def test_exercise_minutes_add_reading_code_and_writing(tmp_path):
    def cell(kind, source, **meta):
        made = nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source)
        made.metadata["casekit"] = meta
        return made

    path = _notebook(
        tmp_path,
        [
            nbformat.v4.new_markdown_cell("word " * 400),
            cell("code", "### BEGIN SOLUTION\nx = 1\n### END SOLUTION", question="9a", role="answer", points=1),
            cell("code", 'check("9a", x)', question="9a", role="check", points=1),
            cell(
                "md",
                "**9b.** Argue in 100–200 words.\n### BEGIN SOLUTION\nyes\n### END SOLUTION",
                question="9b",
                role="written",
                points=2,
            ),
        ],
        name="99-nothing-by-this-name.ipynb",
    )
    spent = catalog.exercise_time(path)
    assert (spent.checked, spent.written) == (1, (("9b", 200),))
    assert spent.minutes == math.ceil(
        spent.words / catalog.READING_RATE + catalog.CODE_QUESTION_MINUTES + 200 / catalog.WRITING_RATE
    )
    assert spent.words >= 400


def test_readme_states_the_rates():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    note = catalog.timing_note()
    assert (
        note in readme and f"{catalog.READING_RATE} words a minute" in note and f"{catalog.WRITING_RATE} words" in note
    )


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
