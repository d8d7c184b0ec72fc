"""casekit.variants: deterministic per-learner variants, and a class of 40 learners graded against their own.

Forty learners get forty distinct variants, and each learner's own answers pass the checks while a
neighbour's (different) answers fail. The class test then grades assessed-edition submissions of
exercise 00 with `casekit grade --secret` (the salted, assessed draws): each learner answers 0c for
their own variant (half with code, half with the number their notebook printed), one pasted another
learner's number, and one handed in a notebook run under another learner's login. The class has eight learners by default
(tests/grading/test_variants_class.py runs every exercise's answer cells for forty); CASEKIT_CLASS_SIZE=40 grades
all forty through the real grader.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import subprocess
import sys

import nbformat
import pytest

from casekit import variants
from casekit.authoring import exercise
from casekit.checks import FAIL, PASS, verdict
from casekit.paths import SOLUTIONS
from casekit.topics.case import checks as tc
from casekit.topics.relief import checks as er
from casekit.topics.relief import reasoning as relief

LOGINS = [f"learner{n:02d}" for n in range(1, 41)]
CLASS = LOGINS[: max(4, min(40, int(os.environ.get("CASEKIT_CLASS_SIZE", "8"))))]


@pytest.fixture(autouse=True)
def no_login(monkeypatch):
    for name in (*variants.ENV_LOGINS, variants.ENV_SALT):
        monkeypatch.delenv(name, raising=False)
    variants.set_login("")
    variants._salts.clear()
    yield
    variants.set_login("")
    variants._salts.clear()


def test_seed_is_the_same_in_every_process_whatever_pythons_hash_seed():
    code = "from casekit import variants; print(variants.seed('01-emergency-relief', 'jdoe', '1a'), variants.code('a', 'b'))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "random")
    }
    assert outputs == {f"{variants.seed('01-emergency-relief', 'jdoe', '1a')} {variants.code('a', 'b')}\n"}


def test_seed_depends_on_assignment_login_and_question_but_not_on_case_or_spaces():
    assert variants.seed("a", "jdoe", "q") == variants.seed("a", " JDoe ", "q")
    assert (
        len(
            {
                variants.seed("a", "jdoe", "q"),
                variants.seed("b", "jdoe", "q"),
                variants.seed("a", "jroe", "q"),
                variants.seed("a", "jdoe", "r"),
            }
        )
        == 4
    )


def test_login_comes_from_casekit_login_then_jupyterhub_then_the_notebook_then_the_practice_default(monkeypatch):
    assert variants.current_login() == (variants.PRACTICE_LOGIN, "default")
    variants.set_login("  Typed ")
    assert variants.current_login() == ("typed", "LOGIN in the setup cell")
    monkeypatch.setenv("JUPYTERHUB_USER", "hubuser")
    assert variants.current_login() == ("hubuser", "JUPYTERHUB_USER")
    monkeypatch.setenv("CASEKIT_LOGIN", "graded")
    assert variants.current_login() == ("graded", "CASEKIT_LOGIN")
    assert variants.for_notebook("00-the-case", "typed").login == "graded"


def test_draws_are_deterministic_and_valid():
    ids = [f"t{n:02d}" for n in range(44)]
    first = variants.sample(ids, 20, "00-the-case", "jdoe", "0c")
    assert first == variants.sample(ids, 20, "00-the-case", "jdoe", "0c") and len(set(first)) == 20
    assert first == [i for i in ids if i in first]  # original order
    assert sorted(variants.shuffled("abcd", "x", "jdoe", "1e")) == list("abcd")
    assert variants.choose((1, 2, 3), "x", "jdoe", "q") in (1, 2, 3)
    with pytest.raises(ValueError, match="cannot draw 50 of 44"):
        variants.sample(ids, 50, "00-the-case", "jdoe", "0c")


def test_the_variant_line_says_where_the_login_came_from_and_is_read_back():
    default = variants.for_notebook("00-the-case")
    assert "no login found" in str(default) and "set LOGIN" in str(default)
    variants.set_login("jdoe")
    shown = variants.current("00-the-case")
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("variant")
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": str(shown)}, execution_count=1)]
    nb.cells = [cell]
    assert variants.recorded(nb) == [variants.Recorded("00-the-case", "jdoe", shown.code)]
    assert variants.mismatch(nb, "jdoe") == "" and variants.mismatch(nb, "JDoe") == ""
    assert "run as login 'jdoe', not 'jroe'" in variants.mismatch(nb, "jroe")
    cell.outputs[0]["data"]["text/plain"] = str(shown).replace(shown.code, "0" * variants.CODE_LENGTH)
    assert "edited output" in variants.mismatch(nb, "jdoe")
    assert variants.mismatch(nbformat.v4.new_notebook(), "jdoe") == ""  # never run: nothing to compare
    cell.outputs[0]["data"]["text/plain"] = str(default)
    assert "ran the shared practice variant" in variants.mismatch(nb, "jdoe")


def test_a_typed_login_does_not_change_what_counts_as_the_setup_cell():
    assert variants.without_login_line('x = 1\nLOGIN = "jdoe"  # mine\ny = 2') == variants.without_login_line(
        'x = 1\nLOGIN = ""  # your login\ny = 2'
    )


SALT = "5e1f0a2b3c4d5e6f708192a3b4c5d6e7"  # an assignment salt, as casekit.secret derives one


def test_with_a_salt_the_assessed_draw_differs_from_the_practice_copy_for_the_same_login(monkeypatch):
    """A practice copy with LOGIN set cannot reproduce the assessed release's draw (casekit.secret's salt)."""
    setup = 'LOGIN = ""\nvariant = variants.for_notebook("01-emergency-relief", LOGIN)'
    released = variants.with_salt(setup, {"01-emergency-relief": SALT})
    assert released.endswith(f'for_notebook("01-emergency-relief", LOGIN, salt="{SALT}")')
    assert variants.has_salt(released) and not variants.has_salt(setup)
    assert variants.with_salt(released, {"01-emergency-relief": "ab" * 16}).count("salt=") == 1  # replaced, not added
    practice = variants.for_notebook("01-emergency-relief", "jdoe")
    assessed = variants.for_notebook("01-emergency-relief", "jdoe", salt=SALT)
    assert assessed.assessed and not practice.assessed and practice.code != assessed.code
    differ = sum(
        er.draw_profile_a(variants.Variant(er.ASSIGNMENT, login, "t"))
        != er.draw_profile_a(variants.Variant(er.ASSIGNMENT, login, "t", SALT))
        for login in LOGINS
    )
    assert differ >= 30  # profile A has a few ratings per factor: most, not all, learners' profiles differ
    assert variants.seed("a", "jdoe", "q", SALT) != variants.seed("a", "jdoe", "q")
    assert variants.seed("a", "jdoe", "q", SALT) == variants.seed("a", " JDoe", "q", SALT)
    assert variants.seed("a", "jdoe", "q") == variants.seed("a", "jdoe", "q", "")  # practice draws unchanged
    assert "assessed variant" in str(assessed) and SALT not in str(assessed) + repr(assessed)


def test_the_graders_salt_reaches_every_draw_and_a_practice_copy_stays_unsalted(monkeypatch):
    assert variants.current("01-emergency-relief").salt == ""
    monkeypatch.setenv(variants.ENV_SALT, variants.format_salts({"01-emergency-relief": SALT, "00-the-case": "x1"}))
    assert variants.env_salts() == {"01-emergency-relief": SALT, "00-the-case": "x1"}
    assert variants.current("01-emergency-relief").salt == SALT
    assert variants.for_notebook("01-emergency-relief", "jdoe").salt == SALT  # the key's unsalted setup cell
    assert variants.current("02-cloud-contracts").salt == ""
    monkeypatch.delenv(variants.ENV_SALT)
    assert variants.for_notebook("01-emergency-relief", "", salt=SALT).salt == SALT
    assert variants.current("01-emergency-relief").salt == SALT  # checks recompute for the setup cell's salt
    assert variants.for_notebook("01-emergency-relief", "").salt == ""  # rerun without it: the practice draw


def _shown(variant):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("variant")
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": str(variant)}, execution_count=1)]
    nb.cells = [cell]
    return nb


def test_assessed_grading_tells_the_practice_draw_an_edited_code_and_another_login_apart():
    salts = {"00-the-case": SALT}
    mine = _shown(variants.Variant("00-the-case", "jdoe", "JUPYTERHUB_USER", SALT))
    assert variants.variant_problem(mine, "jdoe", salts) == ("", "")
    practice = _shown(variants.Variant("00-the-case", "jdoe", "LOGIN in the setup cell"))
    kind, note = variants.variant_problem(practice, "jdoe", salts)
    assert kind == variants.PRACTICE_DRAW and "practice variant" in note and "score 0" in note
    assert variants.variant_problem(practice, "jdoe") == ("", "")  # practice grading: that is the right draw
    assert variants.variant_problem(mine, "jdoe")[0] == "edited"  # a salted code fits no practice draw
    other = _shown(variants.Variant("00-the-case", "jroe", "JUPYTERHUB_USER", SALT))
    assert variants.variant_problem(other, "jdoe", salts)[0] == "login"
    nobody = _shown(variants.Variant("00-the-case", variants.PRACTICE_LOGIN, "default", SALT))
    kind, note = variants.variant_problem(nobody, "jdoe", salts)
    assert kind == "login" and "no login was set" in note


def test_a_salted_setup_cell_is_the_same_setup_cell():
    setup = 'LOGIN = ""\nvariant = variants.for_notebook("00-the-case", LOGIN)'
    released = variants.with_salt(setup.replace('""', '"jdoe"'), {"00-the-case": SALT})
    assert variants.without_login_line(released) == variants.without_login_line(setup)
    assert variants.assignments_in(released) == ["00-the-case"]


def _draws(login):
    v0, v1 = variants.Variant(tc.ASSIGNMENT, login, "test"), variants.Variant(er.ASSIGNMENT, login, "test")
    return (
        (tuple(tc.draw_events_0c(v0)), tc.draw_mark_0c(v0)),
        (tuple(er.draw_profile_a(v1).items()), tuple(er.draw_profile_d(v1).items()), tuple(er.options_1e(v1).items())),
    )


def test_forty_learners_get_forty_distinct_variants_of_each_exercise():
    draws = [_draws(login) for login in LOGINS]
    assert len({d[0] for d in draws}) == 40 and len({d[1] for d in draws}) == 40


def test_profile_d_always_denies_relief_on_exactly_one_factor_that_fails_both_tests():
    for login in LOGINS:
        outcome = relief.weigh(er.draw_profile_d(variants.Variant(er.ASSIGNMENT, login, "test")))
        assert not outcome.granted and len(outcome.deciding) == 1
        assert outcome.deciding[0] in outcome.winter.failed and outcome.deciding[0] in outcome.sliding_scale.failed


def _own_answers(login):
    """What LOGIN's correct answers are, worked out as the exercise asks (not with the checks' own helpers)."""
    v0, v1 = variants.Variant(tc.ASSIGNMENT, login, "test"), variants.Variant(er.ASSIGNMENT, login, "test")
    timeline = tc.data.load("timeline")
    a, d = er.draw_profile_a(v1), er.draw_profile_d(v1)
    best = max(a[f] for f in relief.CLAIM_FACTORS)
    fails_both = [f for f in relief.OTHER_FACTORS if d[f] < relief.WINTER_NEEDS[f] and d[f] < relief.SLIDING_NEEDS[f]]
    return {
        "0c": int((timeline.loc[tc.draw_events_0c(v0), "confidence"] == tc.draw_mark_0c(v0)).sum()),
        "1a": [r for r, need in relief.WINTER_NEEDS.items() if (best if r == "success" else a[r]) < need],
        "1b": [r for r, need in relief.SLIDING_NEEDS.items() if (best if r == "success" else a[r]) < need],
        "1d": fails_both[0],
        "1e": next(letter for letter, text in er.options_1e(v1).items() if text == "relief under neither test"),
    }


def test_each_learner_passes_with_their_own_answers_and_fails_with_a_neighbours_different_one(monkeypatch):
    answers = {login: _own_answers(login) for login in LOGINS}
    differing = 0
    for i, login in enumerate(LOGINS):
        monkeypatch.setenv("CASEKIT_LOGIN", login)
        neighbour = answers[LOGINS[(i + 1) % len(LOGINS)]]
        for question, value in answers[login].items():
            assert verdict(question, value).startswith(f"{question} {PASS}"), (login, question, value)
            if neighbour[question] != value:
                differing += 1
                assert verdict(question, neighbour[question]).startswith(f"{question} {FAIL}"), (login, question)
    assert differing >= 40  # the variants really change the answers


# --- the grader, on a class of 40 -----------------------------------------------------------------

SOLUTION = SOLUTIONS / "00-the-case.ipynb"


def _submission(login: str, c0: str, ran_as: str | None = None, salt: str = "") -> nbformat.NotebookNode:
    """LOGIN's assessed-edition notebook: 0a and 0b answered with the model code, 0c with C0, run as RAN_AS.

    With SALT its setup cell is the assessed release's (salted) and its variant line shows the salted draw."""
    key = exercise.read_notebook(SOLUTION)
    nb = exercise.make_exercise(key, SOLUTION, "assessed")
    model = {c.id: c.source for c in key.cells if c.metadata.get("casekit", {}).get("role") == "answer"}
    for cell in nb.cells:
        meta = cell.metadata.get("casekit", {})
        if cell.id in model:
            cell.source = model[cell.id] if meta["question"] != "0c" else f"# 0c\nmarked_count = {c0}"
        if "variants.for_notebook" in cell.source:
            cell.source = variants.with_salt(cell.source, {tc.ASSIGNMENT: salt}) if salt else cell.source
            shown = variants.Variant(tc.ASSIGNMENT, ran_as or login, "JUPYTERHUB_USER", salt)
            cell.outputs = [
                nbformat.v4.new_output("execute_result", data={"text/plain": str(shown)}, execution_count=1)
            ]
            cell.execution_count = 1
    return nb


@pytest.fixture(scope="module")
def class_of_40(tmp_path_factory):
    from casekit import cli

    root = tmp_path_factory.mktemp("class")
    secret_file, salt = _course_secret(root)
    counts = {login: tc.marked_event_count(variants.Variant(tc.ASSIGNMENT, login, "test", salt)) for login in LOGINS}
    paster, victim = CLASS[0], next(login for login in CLASS[1:] if counts[login] != counts[CLASS[0]])
    swapped, other = CLASS[1], CLASS[2]
    subs = root / "submissions"
    subs.mkdir()
    for n, login in enumerate(CLASS):
        computed = '(timeline.loc[my_events, "confidence"] == my_mark).sum()'
        c0 = str(counts[victim]) if login == paster else computed if n % 2 else str(counts[login])
        nb = _submission(login, c0, ran_as=other if login == swapped else None, salt=salt)
        if login == swapped:
            nb.cells[next(i for i, c in enumerate(nb.cells) if "LOGIN = " in c.source)].source = nb.cells[
                next(i for i, c in enumerate(nb.cells) if "LOGIN = " in c.source)
            ].source.replace('LOGIN = ""', f'LOGIN = "{other}"')
        nbformat.write(nb, subs / f"{login}.ipynb")
    out = root / "out"
    code = cli.main(
        [
            "grade",
            str(subs),
            "--key",
            str(SOLUTION),
            "--out",
            str(out),
            "--quiet",
            "--jobs",
            "2",
            "--cell-timeout",
            "20",
            "--timeout",
            "120",
            "--secret",
            str(secret_file),
        ]
    )
    with open(out / "grades.csv", encoding="utf-8") as f:
        rows = {(r["submission"], r["question"]): r for r in csv.DictReader(f)}
    return code, rows, out, {"paster": paster, "victim": victim, "swapped": swapped, "other": other}


def _course_secret(folder):
    """A course secret made by `casekit secret new` in FOLDER, and exercise 00's salt derived from it."""
    from casekit import cli
    from casekit import secret as course_secret

    path = folder / "course.secret"
    assert cli.main(["secret", "new", str(path)]) == 0
    return path, course_secret.assignment_salt(course_secret.read(path), tc.ASSIGNMENT)


def test_every_learner_is_graded_against_their_own_variant(class_of_40):
    code, rows, _, who = class_of_40
    assert code == 0
    for login in CLASS:
        expected = "failed" if login == who["paster"] else "passed"
        assert {q: rows[(login, q)]["status"] for q in ("0a", "0b", "0c")} == {
            "0a": "passed",
            "0b": "passed",
            "0c": expected,
        }, login
        assert "tampering" not in rows[(login, "0c")]["note"]  # the assessed edition's form checks are its own


def test_a_pasted_answer_of_another_learner_fails(class_of_40):
    _, rows, _, who = class_of_40
    row = rows[(who["paster"], "0c")]
    assert row["status"] == "failed" and row["score"] in ("0", "0.0")


def test_a_notebook_run_under_another_login_is_flagged_and_graded_against_its_file_name(class_of_40):
    _, rows, out, who = class_of_40
    row = rows[(who["swapped"], "0c")]
    assert row["status"] == "passed"  # its code was rerun for its own login
    assert f"run as login '{who['other']}', not '{who['swapped']}'" in row["note"]
    result = json.loads((out / "results" / f"{who['swapped']}.json").read_text())
    assert any("variant mismatch" in note for note in result["notes"]) and result["edition"] == "assessed"
    assert not any("variant mismatch" in rows[(login, "0c")]["note"] for login in CLASS if login != who["swapped"])


def test_the_typed_login_line_keeps_the_setup_cell_a_setup_cell(class_of_40):
    _, rows, _, who = class_of_40
    assert "joined" not in rows[(who["swapped"], "0a")]["note"]


def test_practice_and_assessed_submissions_of_the_same_answers_get_the_same_scores(tmp_path):
    from casekit import cli

    subs = tmp_path / "subs"
    subs.mkdir()
    secret_file, salt = _course_secret(tmp_path)
    assessed = _submission("learner05", '(timeline.loc[my_events, "confidence"] == my_mark).sum()', salt=salt)
    practice = copy.deepcopy(assessed)
    key = exercise.read_notebook(SOLUTION)
    checks = {
        c.metadata["casekit"]["question"]: c.source
        for c in key.cells
        if c.metadata.get("casekit", {}).get("role") == "check"
    }
    for cell in practice.cells:
        if cell.metadata.get("casekit", {}).get("role") == "check":
            cell.source = checks[cell.metadata["casekit"]["question"]]
    practice.metadata["casekit"] = {"edition": "practice"}
    nbformat.write(assessed, subs / "learner05.ipynb")
    (subs / "practice").mkdir()
    nbformat.write(practice, subs / "practice" / "learner05.ipynb")
    out = tmp_path / "out"
    secret = ["--secret", str(secret_file), "--quiet"]
    assert (
        cli.main(["grade", str(subs / "learner05.ipynb"), "--key", str(SOLUTION), "--out", str(out / "a"), *secret])
        == 0
    )
    assert cli.main(["grade", str(subs / "practice"), "--key", str(SOLUTION), "--out", str(out / "p"), *secret]) == 0
    summaries = []
    for edition in ("a", "p"):
        with open(out / edition / "grades.csv", encoding="utf-8") as f:
            summaries.append({r["question"]: (r["status"], r["score"]) for r in csv.DictReader(f)})
    assert summaries[0] == summaries[1] and summaries[0]["0c"] == ("passed", "1")
