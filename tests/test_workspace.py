"""`casekit lab`'s workspace: learners' copies of lessons and exercises, never overwritten by the kit."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from casekit import cli, workspace
from casekit.paths import ROOT
from casekit.workspace import MANIFEST, WorkspaceError, sync


def make_course(folder: Path) -> Path:
    """A small course: two lessons, one exercise, and things that must never be copied."""
    (folder / "lessons" / "my-reasoning").mkdir(parents=True)
    (folder / "lessons" / ".ipynb_checkpoints").mkdir()
    (folder / "exercises").mkdir()
    (folder / "solutions").mkdir()
    (folder / "lessons" / "00-intro.ipynb").write_text('{"lesson": 0}')
    (folder / "lessons" / "01-relief.ipynb").write_text('{"lesson": 1}')
    (folder / "exercises" / "00-intro.ipynb").write_text('{"exercise": 0}')
    (folder / "solutions" / "00-intro.ipynb").write_text('{"answers": "secret"}')
    (folder / "lessons" / "my-reasoning" / "someone.json").write_text("{}")
    (folder / "lessons" / ".ipynb_checkpoints" / "00-intro-checkpoint.ipynb").write_text("{}")
    return folder


def files_under(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


@pytest.fixture
def course(tmp_path):
    return make_course(tmp_path / "course")


def test_first_sync_copies_lessons_and_exercises_but_not_solutions_or_saved_work(course, tmp_path):
    report = sync(course, tmp_path / "ws")
    expected = {
        "lessons/00-intro.ipynb": '{"lesson": 0}',
        "lessons/01-relief.ipynb": '{"lesson": 1}',
        "exercises/00-intro.ipynb": '{"exercise": 0}',
    }
    assert files_under(tmp_path / "ws") == expected
    assert sorted(report.copied) == sorted(expected) and not report.updated and not report.kept


def test_a_second_sync_changes_nothing_and_says_nothing(course, tmp_path):
    sync(course, tmp_path / "ws")
    before = files_under(tmp_path / "ws")
    report = sync(course, tmp_path / "ws")
    assert files_under(tmp_path / "ws") == before and report.lines() == []


def test_the_learners_edit_is_never_overwritten(course, tmp_path):
    ws = tmp_path / "ws"
    sync(course, ws)
    (ws / "lessons" / "00-intro.ipynb").write_text('{"lesson": 0, "my answer": 42}')
    (ws / "lessons" / "my-reasoning").mkdir()
    (ws / "lessons" / "my-reasoning" / "me.json").write_text('{"mine": true}')
    report = sync(course, ws)
    assert (ws / "lessons" / "00-intro.ipynb").read_text() == '{"lesson": 0, "my answer": 42}'
    assert (ws / "lessons" / "my-reasoning" / "me.json").read_text() == '{"mine": true}'
    assert report.lines() == []


def test_new_lessons_and_exercises_arrive_on_a_later_sync(course, tmp_path):
    ws = tmp_path / "ws"
    sync(course, ws)
    (course / "lessons" / "02-antitrust.ipynb").write_text('{"lesson": 2}')
    (course / "exercises" / "01-relief.ipynb").write_text('{"exercise": 1}')
    report = sync(course, ws)
    assert report.copied == ["exercises/01-relief.ipynb", "lessons/02-antitrust.ipynb"]
    assert (ws / "lessons" / "02-antitrust.ipynb").read_text() == '{"lesson": 2}'
    assert "new: lessons/02-antitrust.ipynb" in report.lines()


def test_an_update_to_an_unedited_copy_lands_in_place(course, tmp_path):
    ws = tmp_path / "ws"
    sync(course, ws)
    (course / "lessons" / "01-relief.ipynb").write_text('{"lesson": 1, "fixed": true}')
    report = sync(course, ws)
    assert (ws / "lessons" / "01-relief.ipynb").read_text() == '{"lesson": 1, "fixed": true}'
    assert report.updated == ["lessons/01-relief.ipynb"] and not report.kept
    assert not (ws / "lessons" / "01-relief.updated.ipynb").exists()


def test_an_update_to_an_edited_copy_goes_beside_it_and_the_learner_is_told(course, tmp_path):
    ws = tmp_path / "ws"
    sync(course, ws)
    mine = ws / "lessons" / "00-intro.ipynb"
    mine.write_text('{"lesson": 0, "my notes": "x"}')
    (course / "lessons" / "00-intro.ipynb").write_text('{"lesson": 0, "v": 2}')
    report = sync(course, ws)
    assert mine.read_text() == '{"lesson": 0, "my notes": "x"}'
    assert (ws / "lessons" / "00-intro.updated.ipynb").read_text() == '{"lesson": 0, "v": 2}'
    assert report.kept == [("lessons/00-intro.ipynb", "lessons/00-intro.updated.ipynb")]
    [line] = report.lines()
    assert "lessons/00-intro.ipynb" in line and "kept" in line and "00-intro.updated.ipynb" in line
    assert sync(course, ws).lines() == [], "the same update is reported once"


def test_a_later_update_refreshes_the_kits_copy_but_not_one_the_learner_edited(course, tmp_path):
    ws = tmp_path / "ws"
    sync(course, ws)
    (ws / "lessons" / "00-intro.ipynb").write_text("mine")
    (course / "lessons" / "00-intro.ipynb").write_text("v2")
    sync(course, ws)
    (course / "lessons" / "00-intro.ipynb").write_text("v3")
    assert sync(course, ws).kept == [("lessons/00-intro.ipynb", "lessons/00-intro.updated.ipynb")]
    assert (ws / "lessons" / "00-intro.updated.ipynb").read_text() == "v3"
    (ws / "lessons" / "00-intro.updated.ipynb").write_text("mine too")
    (course / "lessons" / "00-intro.ipynb").write_text("v4")
    assert sync(course, ws).kept == [("lessons/00-intro.ipynb", "lessons/00-intro.updated-2.ipynb")]
    assert (ws / "lessons" / "00-intro.updated.ipynb").read_text() == "mine too"
    assert (ws / "lessons" / "00-intro.updated-2.ipynb").read_text() == "v4"
    assert (ws / "lessons" / "00-intro.ipynb").read_text() == "mine"


def test_a_deleted_copy_comes_back_fresh(course, tmp_path):
    ws = tmp_path / "ws"
    sync(course, ws)
    (ws / "lessons" / "01-relief.ipynb").unlink()
    assert sync(course, ws).copied == ["lessons/01-relief.ipynb"]


def test_a_workspace_without_its_record_keeps_every_file_and_sets_differing_updates_beside(course, tmp_path):
    ws = tmp_path / "ws"
    sync(course, ws)
    (ws / "lessons" / "00-intro.ipynb").write_text("mine")
    (ws / MANIFEST).unlink()
    report = sync(course, ws)
    assert (ws / "lessons" / "00-intro.ipynb").read_text() == "mine"
    assert report.kept == [("lessons/00-intro.ipynb", "lessons/00-intro.updated.ipynb")]
    assert not report.copied and not report.updated


def test_bad_inputs_give_one_readable_error_naming_the_file(course, tmp_path):
    ws = tmp_path / "ws"
    sync(course, ws)
    (ws / MANIFEST).write_text("{not json")
    with pytest.raises(WorkspaceError, match=r"\.casekit-workspace\.json: not readable as JSON"):
        sync(course, ws)
    (ws / MANIFEST).write_text(json.dumps({"files": ["a"]}))
    with pytest.raises(WorkspaceError, match=r"\.casekit-workspace\.json: expected"):
        sync(course, ws)
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(WorkspaceError, match="a-file: exists but is not a folder"):
        sync(course, tmp_path / "a-file")
    for inside in (course, course / "lessons", course / "exercises" / "mine"):
        with pytest.raises(WorkspaceError, match="is the course itself or inside its lessons/ or exercises/"):
            sync(course, inside)
    assert not (course / "exercises" / "mine").exists()
    with pytest.raises(WorkspaceError, match="no lesson notebooks"):
        sync(tmp_path / "nowhere", tmp_path / "ws2")


def test_lab_command_opens_the_first_lesson_of_the_workspace_and_asks_root_only_for_root(course, tmp_path, monkeypatch):
    ws = tmp_path / "ws"
    sync(course, ws)
    monkeypatch.setattr(workspace, "is_root", lambda: False)
    command = workspace.lab_command(ws, port=8899, open_browser=False)
    assert f"--ServerApp.root_dir={ws}" in command and "--ServerApp.port=8899" in command
    assert "--LabApp.default_url=/lab/tree/lessons/00-intro.ipynb" in command
    assert "--no-browser" in command and "--allow-root" not in command
    monkeypatch.setattr(workspace, "is_root", lambda: True)
    assert "--allow-root" in workspace.lab_command(ws)


def test_casekit_lab_sync_only_copies_the_real_course_and_leaves_it_untouched(tmp_path, capsys):
    before = {p: p.read_bytes() for p in sorted((ROOT / "lessons").glob("*.ipynb"))}
    assert cli.main(["lab", "--workspace", str(tmp_path / "ws"), "--sync-only"]) == 0
    out = capsys.readouterr().out
    for lesson in before:
        assert (tmp_path / "ws" / "lessons" / lesson.name).read_bytes() == before[lesson]
        assert f"new: lessons/{lesson.name}" in out
    assert not (tmp_path / "ws" / "solutions").exists()
    assert {p: p.read_bytes() for p in before} == before


def test_casekit_lab_reports_a_bad_workspace_in_one_line(tmp_path, capsys):
    (tmp_path / "taken").write_text("x")
    assert cli.main(["lab", "--workspace", str(tmp_path / "taken"), "--sync-only"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "taken: exists but is not a folder" in err[0]


@pytest.mark.parametrize(
    "path",
    [
        "workspace/lessons/00-the-case.ipynb",
        "lessons/my-reasoning/me.json",
        "workspace/lessons/my-reasoning/me.json",
        "submissions/jdoe.ipynb",
        "grades/00/grades.csv",
        "instructors/grades/00/canvas.csv",
    ],
)
def test_peoples_work_is_git_ignored(path):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    done = subprocess.run(["git", "check-ignore", "--no-index", "-q", path], cwd=ROOT)
    assert done.returncode == 0, f"{path} is not ignored by .gitignore: a commit could publish it"


# --- links: every relative link in a lesson or exercise opens from the kit and from the workspace ------------


def notebook_with_links(*targets: str) -> str:
    cell = {"cell_type": "markdown", "metadata": {}, "source": [f"[link {i}]({t})\n" for i, t in enumerate(targets)]}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_relative_links_keep_files_and_drop_urls_anchors_and_queries():
    text = (
        "[a](../datasets/x.md#cols) [b](https://example.org/y.md) <a href='../docs/z.md?v=1'>z</a> "
        '![i](img%20one.png "t") [top](#top) [mail](mailto:a@b.c) [abs](/etc/passwd)'
    )
    assert workspace.relative_links(text) == ["../datasets/x.md", "../docs/z.md", "img one.png", ""]


def test_files_a_lesson_links_to_are_copied_at_the_same_path_but_never_answers_or_outside_the_kit(course, tmp_path):
    (course / "docs").mkdir()
    (course / "datasets").mkdir()
    (course / "docs" / "brief-schema.md").write_text("# schema")
    (course / "datasets" / "evidence.md").write_text("# card")
    (course / "datasets" / "unlinked.md").write_text("# not linked")
    (tmp_path / "outside.md").write_text("outside the kit")
    (course / "lessons" / "00-intro.ipynb").write_text(
        notebook_with_links(
            "../docs/brief-schema.md#fields",
            "../datasets/evidence.md",
            "../solutions/00-intro.ipynb",
            "../../outside.md",
            "../docs/missing.md",
            "01-relief.ipynb",
        )
    )
    report = sync(course, tmp_path / "ws")
    ws = tmp_path / "ws"
    assert (ws / "docs" / "brief-schema.md").read_text() == "# schema"
    assert (ws / "datasets" / "evidence.md").read_text() == "# card"
    assert {"docs/brief-schema.md", "datasets/evidence.md"} <= set(report.copied)
    assert not (ws / "datasets" / "unlinked.md").exists() and not (ws / "solutions").exists()
    assert not (ws / "outside.md").exists() and sorted(p.name for p in tmp_path.iterdir()) == [
        "course",
        "outside.md",
        "ws",
    ]


def test_every_relative_link_in_the_lessons_and_exercises_opens_from_the_kit_and_from_the_workspace(tmp_path):
    ws = tmp_path / "ws"
    sync(ROOT, ws)
    notebooks = [name for name in workspace.course_files(ROOT) if name.endswith(".ipynb")]
    assert any(name.startswith("lessons/") for name in notebooks)
    broken, seen = [], 0
    for name in notebooks:
        for target in workspace.notebook_links(ROOT / name):
            if not target:
                continue  # a link to a heading of the same notebook
            seen += 1
            for where, base in (("the kit", ROOT), ("the workspace", ws)):
                if not ((base / name).parent / target).exists():
                    broken.append(f"{name}: '{target}' does not open from {where}")
    assert seen, "no relative link found: the link parser reads nothing"
    assert not broken, "\n".join(broken)
