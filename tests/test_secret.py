"""casekit.secret and casekit.coursefile: the course secret file, its derived salts, and the course file."""

from __future__ import annotations

import stat

import pytest

from casekit import cli, coursefile, secret
from casekit.paths import ROOT


def test_secret_new_writes_a_private_random_secret_and_never_overwrites(tmp_path, capsys):
    path = tmp_path / "course.secret"
    assert cli.main(["secret", "new", str(path)]) == 0
    value = secret.read(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(value) == 64
    assert value not in capsys.readouterr().out  # the command never prints the secret
    assert cli.main(["secret", "new", str(path)]) == 1
    assert "already exists" in capsys.readouterr().err and secret.read(path) == value
    other = tmp_path / "other.secret"
    secret.new(other)
    assert secret.read(other) != value


def test_a_secret_others_can_read_or_a_malformed_one_is_refused_with_the_file_named(tmp_path):
    path = tmp_path / "s"
    secret.new(path)
    path.chmod(0o644)
    with pytest.raises(secret.SecretError, match=rf"{path}: others may read"):
        secret.read(path)
    bad = tmp_path / "bad"
    bad.write_text("hunter2\n")
    bad.chmod(0o600)
    with pytest.raises(secret.SecretError, match=rf"{bad}: not a casekit secret"):
        secret.read(bad)
    with pytest.raises(secret.SecretError, match="no such secret file"):
        secret.read(tmp_path / "absent")


def test_each_assignment_gets_its_own_salt_which_is_not_the_secret():
    value = "ab" * 32
    salts = secret.salts(value, ["00-the-case", "01-emergency-relief"])
    assert salts == secret.salts(value, ["01-emergency-relief", "00-the-case"])
    assert len(set(salts.values())) == 2 and all(value[:16] not in s for s in salts.values())
    assert salts != secret.salts("cd" * 32, ["00-the-case", "01-emergency-relief"])
    assert secret.fingerprint(salts) != secret.fingerprint(secret.salts("cd" * 32, ["00-the-case"]))
    assert secret.fingerprint({}) == ""


def test_the_example_course_file_names_real_exercises_and_keeps_unknown_keys(tmp_path):
    course = coursefile.read(ROOT / "instructors" / "example-course" / "course.toml")
    course.check_names([p.stem for p in (ROOT / "solutions").glob("*.ipynb")])
    assert course.term and course.mode("03-content-moderation") == "assessed"
    assert course.mode("00-the-case") == "practice" and course.mode("not-listed", "assessed") == "assessed"
    path = tmp_path / "course.toml"
    path.write_text('term = "t"\n[exercises."00-the-case"]\nmode = "assessed"\nprompts = {"0d" = "b"}\n')
    assert coursefile.read(path).exercises["00-the-case"]["prompts"] == {"0d": "b"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[exercises."00-the-case"]\nmode = "graded"\n', "exercises.\"00-the-case\".mode is 'graded'"),
        ("term = 3\n", "term must be text"),
        ("exercises = 3\n", "exercises must be tables"),
        ("term = \n", "not valid TOML"),
    ],
)
def test_a_bad_course_file_gets_one_line_naming_the_file(tmp_path, text, message):
    path = tmp_path / "course.toml"
    path.write_text(text)
    with pytest.raises(coursefile.CourseFileError, match=str(path)) as error:
        coursefile.read(path)
    assert message in str(error.value)
    course = coursefile.Course(path, "t", {"00-the-cas": {"mode": "assessed"}})
    with pytest.raises(coursefile.CourseFileError, match="no exercise named 00-the-cas"):
        course.check_names(["00-the-case"])
