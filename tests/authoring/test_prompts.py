"""The prompt bank: every written question has at least two prompts, each with a rubric of named criteria that
sum to the question's points; prompt a is the solution's own; the picks of a course file are read and applied."""

from __future__ import annotations

import re
import shutil

import pytest

from casekit.authoring import exercise, prompts
from casekit.paths import SOLUTIONS


@pytest.fixture(scope="module")
def bank():
    return prompts.load_bank()


def written(stem: str) -> dict[str, tuple[int, str]]:
    return prompts._written_cells(SOLUTIONS / f"{stem}.ipynb")


def test_every_written_question_of_every_solution_has_two_prompts_whose_criteria_sum_to_its_points(bank):
    stems = [path.stem for path in sorted(SOLUTIONS.glob("*.ipynb")) if written(path.stem)]
    assert stems and sorted(bank) == stems
    for stem in stems:
        for question, (points, source) in written(stem).items():
            choices = bank[stem][question]
            assert len(choices) >= 2 and "a" in choices, (stem, question)
            for prompt in choices.values():
                assert prompt.max_points == points, (question, prompt.letter)
                assert len({c.id for c in prompt.criteria}) == len(prompt.criteria)
            assert choices["a"].text == prompts.prompt_text(source)
            assert choices["a"].rubric == exercise.rubric(source)


def test_an_alternative_prompt_is_its_own_and_does_not_print_its_rubric(bank):
    for questions in bank.values():
        for question, choices in questions.items():
            for letter, prompt in choices.items():
                if letter == "a":
                    continue
                assert prompt.text != choices["a"].text and prompt.guide
                assert question in prompt.text and f"{prompt.points} point" in prompt.text
                for criterion in prompt.criteria:
                    assert criterion.text not in " ".join(prompt.text.split()), (question, letter, criterion.id)


def test_prompt_a_and_no_pick_leave_a_notebook_as_it_is(bank):
    for stem, questions in bank.items():
        nb = exercise.read_notebook(SOLUTIONS / f"{stem}.ipynb")
        assert prompts.apply_prompts(nb, stem, {}, bank) == nb
        assert prompts.apply_prompts(nb, stem, {q: "a" for q in questions}, bank) == nb


def _written_source(nb, question: str) -> str:
    return next(
        c.source
        for c in nb.cells
        if c.get("metadata", {}).get("casekit", {}).get("question") == question
        and c.metadata["casekit"].get("role") == "written"
    )


def test_picking_b_swaps_prompt_rubric_and_guide_and_the_exercise_matches_the_key(bank):
    for stem, questions in bank.items():
        solution = exercise.read_notebook(SOLUTIONS / f"{stem}.ipynb")
        picks = {q: "b" for q in questions}
        swapped = prompts.apply_prompts(solution, stem, picks, bank)
        for question in questions:
            b, before = bank[stem][question]["b"], _written_source(solution, question)
            after = _written_source(swapped, question)
            assert prompts.prompt_text(after) == b.text
            assert exercise.rubric(after) == b.rubric
            assert b.guide in exercise.model_answer(after)
            assert exercise.model_answer(before) not in after  # last term's model answer is gone
            # the learner's exercise made from the swapped key equals the swap applied to the exercise
            learner = exercise.prompt_written(before)
            assert exercise.prompt_written(after) == prompts._swap(learner, b)
            assert exercise.WRITTEN_PROMPT in exercise.prompt_written(after) and b.text in exercise.prompt_written(
                after
            )


def test_read_picks_tolerates_a_missing_file_or_key_and_reads_the_table(tmp_path):
    course = tmp_path / "course.toml"
    assert prompts.read_picks(course, "00-the-case") == {}
    assert prompts.read_picks(None, "00-the-case") == {}
    course.write_text('term = "2027-spring"\n[exercises."00-the-case"]\nmode = "assessed"\n', encoding="utf-8")
    assert prompts.read_picks(course, "00-the-case") == {}
    course.write_text('[exercises."00-the-case"]\nprompts = { "0d" = "B", "0g" = "a" }\n', encoding="utf-8")
    assert prompts.read_picks(course, "00-the-case") == {"0d": "b", "0g": "a"}
    assert prompts.read_picks(course, "04-antitrust") == {}


@pytest.mark.parametrize(
    "text, words",
    [("[exercises.\n", "not valid TOML"), ('[exercises."00-the-case"]\nprompts = { "0d" = 2 }\n', "map question ids")],
)
def test_a_bad_course_file_gets_one_message_naming_it(tmp_path, text, words):
    course = tmp_path / "course.toml"
    course.write_text(text, encoding="utf-8")
    with pytest.raises(prompts.PromptBankError, match=re.escape(str(course)) + ".*" + words):
        prompts.read_picks(course, "00-the-case")


def test_check_picks_names_an_unknown_question_or_letter(bank):
    with pytest.raises(prompts.PromptBankError, match="no written question '0a'"):
        prompts.check_picks(bank, "00-the-case", {"0a": "b"}, "course.toml")
    with pytest.raises(prompts.PromptBankError, match="no prompt 'z'; the bank has a, b"):
        prompts.check_picks(bank, "00-the-case", {"0d": "z"}, "course.toml")


def test_a_bank_file_that_breaks_the_rules_is_refused_with_its_name(tmp_path):
    good = (prompts.BANK / "00-the-case.toml").read_text(encoding="utf-8")
    path = tmp_path / "00-the-case.toml"
    path.write_text(good.replace("points = 1", "points = 2", 1), encoding="utf-8")
    with pytest.raises(prompts.PromptBankError, match=re.escape(str(path)) + ".*give 3 points; the question has 2"):
        prompts.load_exercise_bank(path)
    path.write_text(good.split("[[questions.0g.prompts]]")[0], encoding="utf-8")
    with pytest.raises(prompts.PromptBankError, match="no prompts for written question"):
        prompts.load_exercise_bank(path)
    path.write_text(
        good.replace("separates the notice (January 9)", "separates the notice (January 8)"), encoding="utf-8"
    )
    with pytest.raises(prompts.PromptBankError, match="not in the solution's rubric"):
        prompts.load_exercise_bank(path)


def test_a_solution_with_written_questions_and_no_bank_file_is_an_error(tmp_path):
    shutil.copy(prompts.BANK / "00-the-case.toml", tmp_path)
    with pytest.raises(prompts.PromptBankError, match="no 01-emergency-relief.toml"):
        prompts.load_bank(tmp_path)
