"""`casekit class-results` on a generated folder of 40 files: valid, duplicate, malformed and foreign ones."""

import argparse
import csv
import hashlib
import json
import random
import shutil
from collections import Counter
from pathlib import Path

import pytest

import casekit
from casekit import data
from casekit.classroom import results as class_results
from casekit.topics.antitrust import reasoning as antitrust
from casekit.topics.contract import reasoning as contract
from casekit.topics.moderation import reasoning as moderation
from casekit.topics.moot import reasoning as moot
from casekit.topics.relief import reasoning as relief

N_REASONING, N_BRIEFS, N_MEMOS, N_LABELS = 20, 6, 4, 2
DUPLICATES = ("Learner 01 Zoë", "Learner 02", "Learner 03")
BAD_FILES = {
    "truncated.json": "not valid JSON",
    "reasoning-off-scale.json": "not on the scale",
    "brief-unknown-row.json": "no such evidence row",
    "package.json": "not a casekit file",
    "notes.txt": "not a .json file",
}


def _dump(path: Path, record) -> None:
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _ratings(rng) -> dict:
    return {f: rng.choice(relief.SCALE) for f in relief.FACTORS}


@pytest.fixture(scope="module")
def catalogues():
    return moot.load_catalogues()


@pytest.fixture(scope="module")
def folder(tmp_path_factory, catalogues):
    """Write 40 files and return (folder, what was written that should count)."""
    arguments, evidence = catalogues
    rng = random.Random(2021)
    root = tmp_path_factory.mktemp("class") / "handed-in"
    (root / "briefs").mkdir(parents=True)
    expected = {"ratings": {}, "cited": Counter(), "sides": Counter(), "names": set()}
    by_factor = {f: [i for i, r in arguments.items() if r["factor_id"] == f] for f in relief.FACTORS}
    for n in range(1, N_REASONING + 1):
        name = DUPLICATES[n - 1] if n <= len(DUPLICATES) else f"Learner {n:02d}"
        ratings = _ratings(rng)
        choices = None
        if n % 4 == 0:
            choices = {f: {"arguments": rng.sample(by_factor[f], 1), "words": ""} for f in relief.FACTORS}
        record = relief.reasoning_record(
            name,
            ratings,
            "My reasons for this weighing, in full.",
            f"2026-03-04T10:{n:02d}:00+00:00",
            casekit.__version__,
            choices,
            arguments,
        )
        _dump(root / f"reasoning-{n:02d}.json", record)
        expected["ratings"][("reasoning", name)] = ratings
        expected["names"].add(name)
        if choices:
            expected["cited"].update(i for c in choices.values() for i in c["arguments"])
    for n, name in enumerate(DUPLICATES):  # older saves of the same learners
        record = relief.reasoning_record(
            name,
            _ratings(rng),
            "An earlier attempt at the weighing.",
            f"2026-03-04T09:0{n}:00+00:00",
            casekit.__version__,
        )
        _dump(root / f"zz-older-{n}.json", record)
    evidence_ids = sorted(evidence)
    for n in range(N_BRIEFS):
        side = moot.SIDES[n % 2]
        factors = {
            f: {
                "arguments": rng.sample(by_factor[f], 1),
                "evidence": rng.sample(evidence_ids, 2),
                "point": f"Point {n} on {f}.",
            }
            for f in relief.FACTORS
        }
        name = f"Counsel {n}"
        _dump(
            root / "briefs" / f"brief-{n}.json",
            moot.brief_record(
                name, side, factors, "2026-03-05T10:00:00+00:00", casekit.__version__, arguments, evidence
            ),
        )
        expected["sides"][side] += 1
        expected["names"].add(name)
        expected["cited"].update(i for e in factors.values() for i in e["arguments"] + e["evidence"])
    for n in range(N_MEMOS):
        name, ratings = f"Bench {n}", _ratings(rng)
        _dump(
            root / f"memo-{n}.json",
            moot.memo_record(name, ratings, "2026-03-05T11:00:00+00:00", casekit.__version__, ["brief-0.json"]),
        )
        expected["ratings"][("memo", name)] = ratings
        expected["names"].add(name)
    posts = list(data.load("synthetic_posts").index)
    for n in range(N_LABELS):
        name = f"Labeller {n}"
        labels = {p: {"label": rng.choice(moderation.LABELS), "category": None} for p in posts[:6]}
        _dump(
            root / f"labels-{n}.json",
            moderation.labels_record(name, labels, "2026-03-03T10:00:00+00:00", casekit.__version__, posts),
        )
        expected["names"].add(name)
    (root / "truncated.json").write_text('{"schema": "casekit.reasoning/1", "learner": ', encoding="utf-8")
    bad = relief.reasoning_record(
        "Off Scale",
        _ratings(rng),
        "A weighing saved by hand, then edited.",
        "2026-03-04T12:00:00+00:00",
        casekit.__version__,
    )
    bad["assessments"]["public_interest"] = 3
    _dump(root / "reasoning-off-scale.json", bad)
    brief = json.loads((root / "briefs" / "brief-0.json").read_text(encoding="utf-8"))
    brief["learner"] = "Counsel X"
    brief["factors"]["public_interest"]["evidence"] = ["no_such_row"]
    _dump(root / "brief-unknown-row.json", brief)
    _dump(root / "package.json", {"name": "not-casekit", "version": "1.0.0"})
    (root / "notes.txt").write_text("bring snacks\n", encoding="utf-8")
    assert sum(1 for p in root.rglob("*") if p.is_file()) == 40
    return root, expected


def _digest(root: Path) -> dict:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def results(folder):
    root, _ = folder
    return class_results.load_results(root)


def test_valid_files_count_once_per_learner_and_kind(folder, results):
    _, expected = folder
    kinds = Counter(s.kind for s in results.files.kept.values())
    assert kinds == {"reasoning": N_REASONING, "brief": N_BRIEFS, "memo": N_MEMOS, "labels": N_LABELS}
    for name in DUPLICATES:  # the latest save counts
        kept = results.files.kept[("reasoning", name)]
        assert kept.record["assessments"] == expected["ratings"][("reasoning", name)]


def test_bad_duplicate_and_foreign_files_are_listed_with_reasons(results):
    reasons = {path.name: reason for path, reason in results.files.skipped}
    assert len(results.files.skipped) == len(BAD_FILES) + len(DUPLICATES)
    for name, words in BAD_FILES.items():
        assert words in reasons[name], (name, reasons[name])
    for n in range(len(DUPLICATES)):
        assert "older lesson 01 reasoning file of the same learner" in reasons[f"zz-older-{n}.json"]


def test_distribution_and_shares_match_the_files(folder, results):
    _, expected = folder
    ratings = list(expected["ratings"].values())
    for factor in relief.FACTORS:
        counted = Counter(r[factor] for r in ratings)
        assert results.distribution[factor] == {v: counted.get(v, 0) for v in relief.SCALE}
    winter = sum(relief.winter_test(r).granted for r in ratings)
    sliding = sum(relief.sliding_scale_test(r).granted for r in ratings)
    either = sum(relief.winter_test(r).granted or relief.sliding_scale_test(r).granted for r in ratings)
    assert results.shares["all"] == {
        "winter": (winter, len(ratings)),
        "sliding_scale": (sliding, len(ratings)),
        "granted": (either, len(ratings)),
    }
    assert results.shares["memo"]["granted"][1] == N_MEMOS


def test_most_cited_rows_and_brief_sides(folder, results):
    _, expected = folder
    top = expected["cited"].most_common()
    assert results.cited[0][1] == top[0][1]
    assert dict(results.cited).items() <= dict(expected["cited"]).items()
    assert results.sides == {"Parler": N_BRIEFS // 2, "AWS": N_BRIEFS // 2}


def test_splits_rank_the_most_divided_factor_first(results):
    divisions = [s.division for s in results.splits]
    assert divisions == sorted(divisions, reverse=True)
    unanimous = class_results.factor_splits(
        {f: {v: (5 if v == -2 else 0) for v in relief.SCALE} for f in relief.FACTORS}
    )
    assert all(s.division == 0 for s in unanimous)


def test_court_reading_keeps_irreparable_harm_uncertain(results):
    rating, words = results.court["irreparable_harm"]
    assert rating == 0 and words.startswith("record uncertain")
    assert results.court["public_interest"][0] == -2


def test_outputs_are_pseudonymous_offline_and_never_overwritten(folder, results, tmp_path):
    root, expected = folder
    before = _digest(root)
    first = class_results.write_outputs(results, tmp_path / "out")
    written = {k: p.read_bytes() for k, p in first.items()}
    second = class_results.write_outputs(results, tmp_path / "out")
    assert {p.name for p in second.values()} == {"class-results-2.csv", "pseudonym-key-2.csv", "class-results-2.html"}
    assert {k: p.read_bytes() for k, p in first.items()} == written
    assert _digest(root) == before
    table = first["csv"].read_text(encoding="utf-8")
    page = first["html"].read_text(encoding="utf-8")
    for name in expected["names"]:
        assert name not in table and name not in page
    rows = list(csv.DictReader(table.splitlines()))
    assert len(rows) == len(results.files.kept) and all(r["pseudonym"].startswith("P") for r in rows)
    key = dict(csv.reader(first["key"].read_text(encoding="utf-8").splitlines()[1:]))
    assert set(key.values()) == {s.learner for s in results.files.kept.values()}
    assert "<script src" not in page and "plotly" in page.lower() and "Plotly.newPlot" in page
    assert "zz-older" not in page  # skipped files are shown by number, not name


def test_cli_writes_the_report_and_lists_skipped_files(folder, tmp_path, capsys):
    root = tmp_path / "copy"
    shutil.copytree(folder[0], root)
    args = argparse.Namespace(folder=root, out=root / "results")  # --out inside the folder is not read back
    assert class_results.run(args) == 0
    first = capsys.readouterr().out
    assert class_results.run(args) == 0
    second = capsys.readouterr().out
    assert "skipped truncated.json: not valid JSON" in first
    assert (root / "results" / "class-results-2.html").exists()
    assert first.splitlines()[0] == second.splitlines()[0]  # the first run's outputs are not read as hand-ins
    missing = argparse.Namespace(folder=tmp_path / "nope", out=tmp_path / "out")
    assert class_results.run(missing) == 1


def test_cli_is_registered():
    from casekit import cli

    assert cli.COMMANDS["class-results"][0] == "casekit.classroom.results"


def test_pseudonyms_are_stable_and_distinct():
    names = [f"Learner {i}" for i in range(12)]
    codes = class_results.pseudonyms(names)
    assert codes == class_results.pseudonyms(reversed(names))
    assert len(set(codes.values())) == 12 and set(codes.values()) == {f"P{i:02d}" for i in range(1, 13)}


def test_demo_class_is_labelled_and_reports_its_bad_files(tmp_path):
    folder = class_results.write_demo_class(tmp_path / "demo", learners=12)
    results = class_results.load_results(folder)
    kinds = Counter(s.kind for s in results.files.kept.values())
    assert kinds == {"reasoning": 12, "memo": 2, "brief": 2, "readings": 4, "evidence": 4}
    assert any(sum(c.values()) for c in results.pre_reveal.values()) and results.readings and results.evidence
    assert all(s.learner.startswith("Demo") or s.record.get("written_for_kit") for s in results.files.kept.values())
    assert sorted(p.name for p, _ in results.files.skipped) == ["demo-broken.json", "demo-reasoning-01-first-try.json"]


# --- commit, then compare: the pre-reveal split, lessons 02 and 04, shared reasons ----------------------------

SHARED, PRIVATE = "I shared this reason with the class.", "A private reason that stays in my file."


@pytest.fixture(scope="module")
def committed_class(tmp_path_factory):
    """Generate a class: lesson 01 records with first (pre-reveal) and final ratings, one old record without them,
    lesson 02 readings and lesson 04 evidence records; return (folder, what should be counted)."""
    rng = random.Random(7)
    root = tmp_path_factory.mktemp("committed")
    first_counts = {f: Counter() for f in relief.FACTORS}
    final_counts = {f: Counter() for f in relief.FACTORS}
    shared = Counter()
    for n in range(12):
        first, final = _ratings(rng), _ratings(rng)
        committed = [f for f in relief.FACTORS if rng.random() < 0.7]
        share = n % 3 == 0
        record = relief.reasoning_record(
            f"Weigher {n}",
            final,
            "My reasons for this weighing, in full.",
            f"2026-03-04T10:{n:02d}:00+00:00",
            casekit.__version__,
            commitments={
                "pre_reveal": {f: first[f] for f in committed},
                "reasons": {f: SHARED if share else PRIVATE for f in committed},
                "share_reasons": share,
            },
        )
        _dump(root / f"weigher-{n}.json", record)
        for f in relief.FACTORS:
            final_counts[f][final[f]] += 1
            if f in committed:
                first_counts[f][first[f]] += 1
                shared[f] += share
    old = relief.reasoning_record(
        "Old saver", _ratings(rng), "Saved before first ratings were kept.", "2026-03-01T10:00:00+00:00", "0.0.9"
    )
    _dump(root / "old.json", old)
    questions = [q.id for q in contract.questions()]
    reading_first = {q: Counter() for q in questions}
    for n in range(5):
        first = {q: rng.choice(contract.READINGS) for q in questions}
        final = {q: rng.choice(contract.READINGS) for q in questions}
        _dump(
            root / f"reader-{n}.json",
            contract.readings_record(
                f"Reader {n}",
                final,
                "Why these readings seem stronger to me.",
                f"2026-03-04T11:0{n}:00+00:00",
                casekit.__version__,
                commitments={"pre_reveal": first, "reasons": {}, "share_reasons": False},
            ),
        )
        for q in questions:
            reading_first[q][first[q]] += 1
    items = list(data.load("antitrust_evidence").index)
    evidence_first = {i: Counter() for i in items}
    for n in range(3):
        first = {i: rng.choice(list(antitrust.JUDGEMENTS)) for i in items}
        final = {i: rng.choice(list(antitrust.JUDGEMENTS)) for i in items}
        weighing = antitrust.weigh_evidence(final, items=items)
        _dump(
            root / f"judge-{n}.json",
            antitrust.evidence_record(
                f"Judge {n}",
                weighing,
                "Why I judged the evidence this way.",
                f"2026-03-04T12:0{n}:00+00:00",
                casekit.__version__,
                commitments={"pre_reveal": first, "reasons": {items[0]: SHARED}, "share_reasons": n == 0},
            ),
        )
        for i in items:
            evidence_first[i][first[i]] += 1
    bad = antitrust.evidence_record(
        "Judge X",
        antitrust.weigh_evidence(dict.fromkeys(items, "neutral"), items=items),
        "Why I judged the evidence this way.",
        "2026-03-04T12:30:00+00:00",
        casekit.__version__,
    )
    bad["pre_reveal"] = {items[0]: "certain"}
    _dump(root / "judge-bad.json", bad)
    expected = {
        "first": first_counts,
        "final": final_counts,
        "shared": shared,
        "readings": reading_first,
        "evidence": evidence_first,
    }
    return root, expected


@pytest.fixture(scope="module")
def committed_results(committed_class):
    return class_results.load_results(committed_class[0])


def test_lessons_02_and_04_records_are_read_and_a_bad_one_is_listed(committed_results):
    kinds = Counter(s.kind for s in committed_results.files.kept.values())
    assert kinds == {"reasoning": 13, "readings": 5, "evidence": 3}
    reasons = {p.name: r for p, r in committed_results.files.skipped}
    assert list(reasons) == ["judge-bad.json"] and "pre_reveal" in reasons["judge-bad.json"]


def test_the_pre_reveal_split_counts_first_ratings_only_where_committed(committed_class, committed_results):
    _, expected = committed_class
    for f in relief.FACTORS:
        assert committed_results.pre_reveal[f] == {v: expected["first"][f].get(v, 0) for v in relief.SCALE}
        # the final distribution still counts every record's final rating (the old record too)
        assert sum(committed_results.distribution[f].values()) == 13
    text = "\n".join(class_results.summary_lines(committed_results))
    assert "before the court was shown" in text
    f = relief.FACTORS[0]
    sides = Counter({"Parler": 0, "balanced": 0, "AWS": 0})
    for v, c in expected["first"][f].items():
        sides[class_results.SIDE_OF[v]] += c
    line = next(x for x in text.splitlines() if x.startswith(f"- {committed_results.labels[f]}:") and "committed" in x)
    assert line.startswith(
        f"- {committed_results.labels[f]}: {sides['Parler']} Parler, {sides['balanced']} balanced, "
        f"{sides['AWS']} AWS (of {sum(expected['first'][f].values())} committed). Court: "
    )


def test_lesson_02_and_04_splits_give_first_judgements_beside_the_court(committed_class, committed_results):
    _, expected = committed_class
    assert [s.item for s in committed_results.readings] == [q.id for q in contract.questions()]
    for split in committed_results.readings:
        assert split.first == {r: expected["readings"][split.item].get(r, 0) for r in contract.READINGS}
    cure = next(s for s in committed_results.readings if s.item == contract.Q_CURE)
    assert cure.court == "AWS's reading"
    treatments = data.load("antitrust_evidence")["court_treatment"].astype(str)
    for split in committed_results.evidence:
        assert split.first == {j: expected["evidence"][split.item].get(j, 0) for j in antitrust.JUDGEMENTS}
        assert split.court == antitrust.TREATMENT_WORDS[treatments[split.item]]


def test_reasons_reach_the_report_only_when_shared_and_never_the_csv(committed_class, committed_results, tmp_path):
    _, expected = committed_class
    lesson01 = committed_results.reasons["lesson 01 reasoning"]
    for f in relief.FACTORS:
        assert len(lesson01.get(committed_results.labels[f], [])) == expected["shared"][f]
    assert committed_results.reasons["lesson 04 evidence judgements"] == {
        str(data.load("antitrust_evidence")["item"].iloc[0]): [SHARED]
    }
    paths = class_results.write_outputs(committed_results, tmp_path / "out")
    page, table = paths["html"].read_text(encoding="utf-8"), paths["csv"].read_text(encoding="utf-8")
    assert (
        SHARED in page
        and PRIVATE not in page
        and PRIVATE not in "\n".join(class_results.summary_lines(committed_results))
    )
    assert SHARED not in table and PRIVATE not in table and "Weigher" not in page
    rows = [r for r in csv.DictReader(table.splitlines()) if r["kind"] == "reasoning"]
    firsts = Counter(r[f"first_{relief.FACTORS[0]}"] for r in rows)
    assert firsts[""] == 13 - sum(expected["first"][relief.FACTORS[0]].values())


def test_the_words_name_the_showcase_round_when_the_class_has_bench_memos(tmp_path):
    folder = class_results.write_demo_class(tmp_path / "class", learners=12)
    results = class_results.load_results(folder)
    assert results.files.of("memo")
    lines = class_results.summary_lines(results)
    assert sum(line.startswith("Showcase round") for line in lines) == 1
