"""Handing in (`casekit submit`), collecting (`casekit collect`, inbox and Canvas zip) and `casekit hub-link`."""

from __future__ import annotations

import argparse
import csv
import json
import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from casekit.classroom import collect, handin, hublink

T0 = datetime(2027, 2, 1, 16, 0, tzinfo=UTC)


def notebook(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(json.dumps({"cells": [], "metadata": {"note": text}, "nbformat": 4, "nbformat_minor": 5}))
    return path


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def test_hand_in_copies_stamps_and_never_overwrites(tmp_path, inbox):
    work = notebook(tmp_path, "03-content-moderation.ipynb", "first")
    first = handin.hand_in([work], inbox, "Alice", "03-content-moderation", now=T0)
    work.write_text(work.read_text().replace("first", "second"))
    second = handin.hand_in([work], inbox, "alice", "03-content-moderation", now=T0.replace(hour=17))
    assert first.folder != second.folder and first.folder.exists()
    assert "first" in (first.folder / work.name).read_text() and "second" in (second.folder / work.name).read_text()
    record = json.loads((first.folder / handin.RECORD).read_text())
    assert record["login"] == "alice" and record["handed_in_at"] == "2027-02-01T16:00:00Z"
    assert record["files"][0]["sha256"] == handin.file_digest(first.folder / work.name)
    assert (first.folder.stat().st_mode & 0o777) == 0o750 and (
        (first.folder / work.name).stat().st_mode & 0o777
    ) == 0o640


def test_hand_in_refuses_what_it_cannot_do(tmp_path, inbox):
    with pytest.raises(handin.HandInError, match="no such file"):
        handin.hand_in([tmp_path / "missing.ipynb"], inbox, "alice", "x")
    with pytest.raises(handin.HandInError, match="course inbox .* does not exist"):
        handin.hand_in([notebook(tmp_path, "a.ipynb", "")], tmp_path / "nowhere", "alice", "x")
    with pytest.raises(handin.HandInError, match="no letters or digits"):
        handin.hand_in([notebook(tmp_path, "b.ipynb", "")], inbox, "!!", "x")


def test_submit_without_an_inbox_says_what_to_upload(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(handin.INBOX_ENV, raising=False)
    work = notebook(tmp_path, "02-cloud-contracts.ipynb", "")
    args = argparse.Namespace(files=[work], assignment=None, inbox=None, login=None)
    assert handin.run(args) == 0
    said = capsys.readouterr().out
    assert "nothing was handed in" in said and "02-cloud-contracts" in said and str(work.resolve()) in said


def test_submit_takes_the_hub_login_and_the_inbox_from_the_environment(tmp_path, inbox, monkeypatch, capsys):
    monkeypatch.setenv(handin.INBOX_ENV, str(inbox))
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")
    monkeypatch.delenv("CASEKIT_LOGIN", raising=False)
    args = argparse.Namespace(
        files=[notebook(tmp_path, "01-emergency-relief.ipynb", "")], assignment=None, inbox=None, login=None
    )
    assert handin.run(args) == 0
    (folder,) = inbox.iterdir()
    assert folder.name.startswith("01-emergency-relief--bob--") and "as bob" in capsys.readouterr().out


def test_collect_takes_the_latest_on_time_and_lists_the_rest(tmp_path, inbox):
    for login, hour, text in [
        ("alice", 15, "a-early"),
        ("alice", 16, "a-final"),
        ("bob", 18, "b-late"),
        ("carol", 16, "c"),
    ]:
        handin.hand_in(
            [notebook(tmp_path, "ex.ipynb", text)], inbox, login, "03-content-moderation", now=T0.replace(hour=hour)
        )
    (inbox / "stray.txt").write_text("not a hand-in")
    broken = handin.hand_in(
        [notebook(tmp_path, "ex.ipynb", "tampered")], inbox, "dave", "03-content-moderation", now=T0
    )
    (broken.folder / "ex.ipynb").write_text("changed afterwards")
    out = tmp_path / "out"
    report = collect.collect_inbox(inbox, out, before=collect.parse_time("2027-02-01T09:00-08:00"))
    outcomes = sorted((i.login or i.source, i.outcome) for i in report.items)
    assert outcomes == [
        ("alice", "collected"), ("alice", "older"), ("bob", "late"), ("carol", "collected"), ("dave", "malformed"),
        ("stray.txt", "malformed"),
    ]  # fmt: skip
    written = sorted(p.name for p in (out / "03-content-moderation").iterdir())
    assert (
        written == ["alice.ipynb", "carol.ipynb"]
        and "a-final" in (out / "03-content-moderation/alice.ipynb").read_text()
    )
    with open(collect.write_report(report, out)) as f:
        assert len(list(csv.DictReader(f))) == 6


def test_collect_flags_a_hand_in_whose_name_and_record_disagree(tmp_path, inbox):
    done = handin.hand_in([notebook(tmp_path, "ex.ipynb", "")], inbox, "erin", "04-antitrust", now=T0)
    forged = inbox / done.folder.name.replace("erin", "frank")
    done.folder.rename(forged)
    (item,) = collect.collect_inbox(inbox, tmp_path / "out").items
    assert item.outcome == "foreign" and "disagree" in item.note


def test_deadline_needs_a_zone():
    with pytest.raises(collect.CollectError, match="no time zone"):
        collect.parse_time("2027-02-01T17:00")


def test_canvas_zip_is_matched_by_id_then_name_and_reports_the_unmatched(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text('login,name,canvas_id\nalice,Alice Ng,101\nbob,Bob de Vries,\ncarol,"Okafor, Carol",\n')
    archive = tmp_path / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ngalice_101_9001_04-antitrust.ipynb", "{}")
        z.writestr("vriesbobde_202_9002_04-antitrust.ipynb", "{}")
        z.writestr("okaforcarol_late_303_9003_04-antitrust-1.ipynb", "{}")
        z.writestr("stranger_404_9004_04-antitrust.ipynb", "{}")
        z.writestr("readme.txt", "x")
    report = collect.collect_canvas(archive, roster, "04-antitrust", tmp_path / "out")
    got = {i.source: (i.login, i.outcome) for i in report.items}
    assert got == {
        "ngalice_101_9001_04-antitrust.ipynb": ("alice", "collected"),
        "vriesbobde_202_9002_04-antitrust.ipynb": ("bob", "collected"),
        "okaforcarol_late_303_9003_04-antitrust-1.ipynb": ("carol", "collected"),
        "stranger_404_9004_04-antitrust.ipynb": ("", "unmatched"),
        "readme.txt": ("", "malformed"),
    }
    assert sorted(p.name for p in (tmp_path / "out/04-antitrust").iterdir()) == [
        "alice.ipynb",
        "bob.ipynb",
        "carol.ipynb",
    ]


def test_canvas_with_an_unreadable_zip_names_it(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("login\nalice\n")
    bad = tmp_path / "bad.zip"
    bad.write_text("not a zip")
    with pytest.raises(collect.CollectError, match="bad.zip: not a readable zip"):
        collect.collect_canvas(bad, roster, "04-antitrust", tmp_path / "out")


def test_hub_link_always_sets_the_target_path():
    link = hublink.hub_link(
        "https://hub.example.edu/", "https://github.com/u/casekit", "lessons/03-content-moderation.ipynb"
    )
    parts = urlsplit(link)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert parts.path == "/hub/user-redirect/git-pull"
    assert query == {
        "repo": "https://github.com/u/casekit",
        "branch": "main",
        "targetpath": "casekit",
        "urlpath": "lab/tree/casekit/lessons/03-content-moderation.ipynb",
    }
    for bad in [
        ("hub.example.edu", "r", "a.ipynb", "t"),
        ("https://h", "r", "../x.ipynb", "t"),
        ("https://h", "r", "a.ipynb", "a/b"),
    ]:
        with pytest.raises(hublink.HubLinkError):
            hublink.hub_link(*bad[:3], targetpath=bad[3])


def test_hub_link_table_lists_every_lesson_and_exercise(tmp_path, capsys):
    table = tmp_path / "links.csv"
    args = argparse.Namespace(
        hub="https://h.edu", repo="https://g/r", branch="main", targetpath="casekit", notebook="", table=table
    )
    assert hublink.run(args) == 0
    with open(table) as f:
        rows = list(csv.DictReader(f))
    assert {r["notebook"] for r in rows} >= {"lessons/00-the-case.ipynb", "exercises/assessed/04-antitrust.ipynb"}
    assert all("targetpath=casekit" in r["link"] for r in rows)


@pytest.mark.skipif(os.name != "posix", reason="unix permissions")
def test_inbox_permissions_keep_learners_apart(tmp_path, inbox):
    """The documented inbox mode lets anyone write but no learner list it; each hand-in folder shuts others out."""
    os.chmod(inbox, 0o3733)
    done = handin.hand_in([notebook(tmp_path, "ex.ipynb", "")], inbox, "alice", "03", now=T0)
    mode = done.folder.stat().st_mode
    assert mode & 0o007 == 0 and mode & 0o2000  # no access for others; setgid keeps the instructors' group


@pytest.mark.parametrize("hub_user", ["JDoe@Uni.edu", "ann.lee", "o'brien", "Zoë-Ng"])
def test_a_hub_login_is_the_variant_login_from_hand_in_to_grading(tmp_path, inbox, hub_user, monkeypatch):
    """What an LTI or PAM login becomes on the way: the learner's draw (JUPYTERHUB_USER), the hand-in, the
    collected file's name, which the grader reads as the login. All must give the same variant."""
    from casekit import variants

    monkeypatch.setenv("JUPYTERHUB_USER", hub_user)
    monkeypatch.delenv("CASEKIT_LOGIN", raising=False)
    learner_login, source = variants.current_login()
    assert source == "JUPYTERHUB_USER"
    handin.hand_in([notebook(tmp_path, "ex.ipynb", "")], inbox, hub_user, "04-antitrust", now=T0)
    collect.collect_inbox(inbox, tmp_path / "out")
    (collected,) = (tmp_path / "out" / "04-antitrust").iterdir()
    grader_login = variants.normalise_login(collected.stem)  # what casekit grade uses (submission.grade_one)
    assert grader_login == learner_login
    assert variants.seed("04-antitrust", grader_login, "4a") == variants.seed("04-antitrust", learner_login, "4a")
