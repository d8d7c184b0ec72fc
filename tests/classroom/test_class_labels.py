"""casekit class-labels: a class's saved labels summarised; bad files listed and skipped, never fatal."""

import csv
import json

import pytest

from casekit import cli, data
from casekit.classroom import labels as mc
from casekit.topics.moderation import reasoning as moderation
from casekit.ui.saving import save_reasoning

CLASS = {  # learner -> labels of a few posts
    "Ana": {"p01": "allow", "p20": "allow", "p30": "escalate", "p35": "escalate"},
    "Ben": {"p01": "allow", "p20": "escalate", "p30": "escalate", "p35": "allow"},
    "Cleo": {"p01": "allow", "p20": "remove", "p30": "escalate", "p35": "allow"},
}


def _save(folder, learner, labels, saved_at="2026-03-04T09:00:00+00:00"):
    record = moderation.labels_record(
        learner,
        {p: {"label": lab, "category": None} for p, lab in labels.items()},
        saved_at=saved_at,
        kit_version="0.1.0",
    )
    return save_reasoning(record, folder)


@pytest.fixture()
def folder(tmp_path):
    folder = tmp_path / "labels"
    for learner, labels in CLASS.items():
        _save(folder, learner, labels)
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "latin1.json").write_bytes('{"learner": "Zo\xe9"}'.encode("latin-1"))
    (folder / "reasoning.json").write_text(
        json.dumps({"schema": "casekit.reasoning/1", "learner": "Dee"}), encoding="utf-8"
    )
    (folder / "list.json").write_text("[1, 2]", encoding="utf-8")
    _save(folder, "Eve", {"p99": "allow"})
    (folder / "notes.txt").write_text("not a json file", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def posts():
    return data.load("synthetic_posts")


def test_good_files_are_read_and_every_bad_one_is_listed_with_its_reason(folder, posts):
    found = mc.read_folder(folder, posts.index)
    assert sorted(found.records) == sorted(CLASS)
    reasons = {path.name: reason for path, reason in found.skipped}
    assert "not valid JSON" in reasons["broken.json"]
    assert reasons["latin1.json"] == "not UTF-8 text"
    assert "schema is 'casekit.reasoning/1'" in reasons["reasoning.json"]
    assert "not a JSON object" in reasons["list.json"]
    assert any("p99" in reason for reason in reasons.values())
    assert "notes.txt" not in reasons


def test_only_the_latest_save_of_a_learner_counts(folder, posts):
    _save(folder, "Ana", {"p01": "remove"}, saved_at="2026-03-05T09:00:00+00:00")
    found = mc.read_folder(folder, posts.index)
    assert found.records["Ana"]["labels"] == {"p01": {"label": "remove", "category": None}}
    older = [reason for _, reason in found.skipped if "older lesson 03 labels file of the same learner" in reason]
    assert len(older) == 1
    assert found.paths["Ana"].name not in older[0]  # reasons may be projected: they never name a file


def test_splits_count_each_label_and_compare_with_the_reference(folder, posts):
    found = mc.read_folder(folder, posts.index)
    by_post = {s.post: s for s in mc.splits(found.records, posts)}
    for pid in ("p01", "p20", "p30", "p35"):
        expected = {label: sum(labels[pid] == label for labels in CLASS.values()) for label in moderation.LABELS}
        assert by_post[pid].counts == expected and by_post[pid].labelled == len(CLASS)
        assert by_post[pid].reference == posts.loc[pid, "label"]
    assert by_post["p02"].labelled == 0 and by_post["p02"].majority is None


def test_the_most_divisive_posts_come_first(folder, posts):
    found = mc.read_folder(folder, posts.index)
    divisive = mc.most_divisive(mc.splits(found.records, posts), 5)
    assert [s.post for s in divisive] == ["p20", "p35"]  # a three-way split, then two against one
    assert all(s.post not in ("p01", "p30") for s in divisive)  # unanimous posts do not divide


def test_class_alpha_is_krippendorffs_alpha_over_the_learners(folder, posts):
    found = mc.read_folder(folder, posts.index)
    assert mc.class_alpha(found.records) == pytest.approx(moderation.krippendorff_alpha(list(CLASS.values())))


def test_the_command_prints_the_report_and_writes_the_csv(folder, tmp_path, capsys):
    out_csv = tmp_path / "split.csv"
    assert cli.main(["class-labels", str(folder), "--csv", str(out_csv)]) == 0
    printed = capsys.readouterr().out
    assert "3 learners' label files read; 5 file(s) skipped." in printed
    assert "skipped broken.json: not valid JSON" in printed and "Krippendorff's alpha" in printed
    assert "discussion starters" in printed and posts_text("p20") in printed
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert len(rows) == len(data.load("synthetic_posts")) and rows[19]["post"] == "p20"


def posts_text(pid):
    return data.load("synthetic_posts").loc[pid, "text"]


def test_an_empty_or_missing_folder_is_a_readable_failure(tmp_path, capsys):
    assert cli.main(["class-labels", str(tmp_path / "nowhere")]) == 1
    assert "no such folder" in capsys.readouterr().out
    (tmp_path / "empty").mkdir()
    assert cli.main(["class-labels", str(tmp_path / "empty")]) == 1
    assert "No valid label files" in capsys.readouterr().out
