"""The bench's side of lesson 05: the question bank (a dataset), the draw per bench, and the advocacy rubric."""

from collections import Counter

import pytest

from casekit import data
from casekit.topics.moot import reasoning as moot
from casekit.topics.relief import reasoning as relief

CONFIDENCE_ORDER = ("primary", "reported", "uncertain")


@pytest.fixture(scope="module")
def questions():
    return data.load("bench_questions")


@pytest.fixture(scope="module")
def bank(questions):
    return moot.question_bank(questions.to_dict("records"))


@pytest.fixture(scope="module")
def criteria():
    return moot.rubric_criteria(data.load("advocacy_rubric").to_dict("records"))


def _row_catalogue() -> dict[str, tuple[tuple[str, ...], str]]:
    """Every row a question may rest on: id -> (source ids, confidence)."""
    arguments, evidence = moot.load_catalogues()
    rows = {i: (tuple(r["source_ids"]), str(r["confidence"])) for i, r in arguments.items()}
    rows.update({i: (tuple(r["source_ids"]), r["confidence"]) for i, r in evidence.items()})
    for i, r in data.load("relief_factors").iterrows():
        rows[i] = (tuple(r["source_ids"]), str(r["confidence"]))
    return rows


# --- the dataset --------------------------------------------------------------------------------


def test_at_least_three_questions_per_factor_and_both_sides_are_asked(questions):
    counts = Counter(questions["factor_id"].astype(str))
    assert set(counts) == set(relief.FACTORS) and min(counts.values()) >= moot.MIN_QUESTIONS_PER_FACTOR
    for factor in relief.FACTORS:
        asked = set(questions.loc[questions["factor_id"] == factor, "asks"].astype(str))
        assert asked & {"Parler", "both"} and asked & {"AWS", "both"}, factor  # each counsel can be asked
        assert asked - {"both"}, factor  # and at least one question is put to a named side


def test_every_question_rests_on_rows_that_exist_and_carries_exactly_their_sources_and_weakest_mark(questions):
    catalogue = _row_catalogue()
    for qid, q in questions.iterrows():
        rows = [r for r in str(q["rows"]).split(";") if r]
        assert rows, qid
        unknown = [r for r in rows if r not in catalogue]
        assert not unknown, f"{qid}: no such row {unknown}"
        sources = list(dict.fromkeys(s for r in rows for s in catalogue[r][0]))
        assert list(q["source_ids"]) == sources, qid
        weakest = max((catalogue[r][1] for r in rows), key=CONFIDENCE_ORDER.index)
        assert q["confidence"] == weakest, qid


def test_no_question_cites_a_court_finding_so_none_gives_the_ruling_away(questions):
    findings = set(data.load("court_findings").index)
    cited = {r for rows in questions["rows"].astype(str) for r in rows.split(";")}
    assert not cited & findings
    assert not questions["question"].str.contains("the court (?:found|held|ruled)", case=False, regex=True).any()


def test_a_question_on_an_uncertain_row_says_so_in_its_words(questions):
    uncertain = questions[questions["confidence"] == "uncertain"]
    assert len(uncertain) >= 1
    for qid, q in uncertain.iterrows():
        assert "is uncertain" in q["question"] or "not verified" in q["question"], qid


# --- the bank and the draw ------------------------------------------------------------------------


def test_question_bank_groups_by_factor_in_id_order(bank, questions):
    assert list(bank) == list(relief.FACTORS)
    assert sum(len(q) for q in bank.values()) == len(questions)
    for factor, items in bank.items():
        assert [q.id for q in items] == sorted(q.id for q in items) and {q.factor for q in items} == {factor}


def test_question_bank_refuses_a_thin_factor_an_unknown_factor_and_a_repeated_id(questions):
    rows = questions.to_dict("records")
    with pytest.raises(moot.BenchError, match=r"fewer than 3 questions on public_interest \(2\)"):
        moot.question_bank([r for r in rows if r["id"] != "bq_public_users" and r["id"] != "bq_public_violence"])
    with pytest.raises(moot.BenchError, match="unknown factor 'harm'"):
        moot.question_bank(rows + [{**rows[0], "id": "bq_x", "factor_id": "harm"}])
    with pytest.raises(moot.BenchError, match="repeats"):
        moot.question_bank(rows + [rows[0]])


def test_a_bench_draws_the_same_questions_every_time_whatever_the_banks_order(bank):
    first = moot.draw_bench_questions(bank, "Bench 3", per_factor=2)
    reversed_bank = {f: list(reversed(items)) for f, items in reversed(list(bank.items()))}
    assert moot.draw_bench_questions(reversed_bank, "  bench   3 ", per_factor=2) == first
    assert list(first) == list(relief.FACTORS)
    for factor, drawn in first.items():
        assert len(drawn) == 2 and len({q.id for q in drawn}) == 2 and all(q in bank[factor] for q in drawn)


def test_different_benches_draw_different_sets(bank):
    draws = {
        tuple(q.id for f in relief.FACTORS for q in moot.draw_bench_questions(bank, f"Bench {n}")[f]) for n in range(13)
    }
    assert len(draws) >= 10  # 13 benches of a class of 40: nearly every bench gets its own set
    every_question = {q for draw in draws for q in draw}
    assert len(every_question) > len(relief.FACTORS) * 2  # the draw reaches across the bank


def test_drawing_every_question_of_a_factor_and_the_errors(bank):
    smallest = min(len(items) for items in bank.values())
    drawn = moot.draw_bench_questions(bank, "Bench 1", per_factor=smallest)
    assert all(len(items) == smallest for items in drawn.values())
    with pytest.raises(moot.BenchError, match="cannot draw"):
        moot.draw_bench_questions(bank, "Bench 1", per_factor=smallest + max(len(i) for i in bank.values()))
    with pytest.raises(moot.BenchError, match="bench's name"):
        moot.draw_bench_questions(bank, "  ")
    for bad in (0, -1, 1.5, True):
        with pytest.raises(moot.BenchError, match="whole number"):
            moot.draw_bench_questions(bank, "Bench 1", per_factor=bad)


def test_questions_text_names_whom_each_question_is_put_to_and_its_rows(bank):
    labels = data.load("relief_factors")["label"].to_dict()
    drawn = moot.draw_bench_questions(bank, "Bench 7")
    text = moot.questions_text(drawn, labels, "Bench 7")
    assert text.splitlines()[0] == "Questions for the bench (Bench 7), factor by factor:"
    for factor, items in drawn.items():
        assert labels[factor] in text
        for q in items:
            to = "either counsel" if q.asks == "both" else f"counsel for {q.asks}"
            assert f"- To {to}: {q.question} (rows: {', '.join(q.rows)}; {q.confidence})" in text


# --- the advocacy rubric ----------------------------------------------------------------------------


def test_the_rubric_has_the_four_criteria_in_order_with_three_levels(criteria):
    assert [c.id for c in criteria] == ["structure", "use_of_record", "answering_the_bench", "candour"]
    assert all(len(c.levels) == 3 and all(c.levels) and c.question.endswith("?") for c in criteria)


def test_advocacy_score_totals_a_full_sheet_and_names_what_is_wrong(criteria):
    scores = {"structure": 3, "use_of_record": 2, "answering_the_bench": 1, "candour": 3}
    assert moot.advocacy_score(scores, criteria) == (9, 12)
    with pytest.raises(moot.BenchError, match="not scored: candour"):
        moot.advocacy_score({k: v for k, v in scores.items() if k != "candour"}, criteria)
    with pytest.raises(moot.BenchError, match="not a criterion of the rubric: style"):
        moot.advocacy_score({**scores, "style": 2}, criteria)
    for bad in (0, 4, 2.5, True, "3"):
        with pytest.raises(moot.BenchError, match="is not a score of 1, 2 or 3"):
            moot.advocacy_score({**scores, "structure": bad}, criteria)


def test_the_printable_sheet_has_a_row_per_criterion_and_a_box_per_counsel(criteria):
    sheet = moot.rubric_sheet_markdown(criteria)
    lines = sheet.splitlines()
    assert lines[0].endswith("| Parler: score | AWS: score |") and len(lines) == 2 + len(criteria) + 1
    for criterion, line in zip(criteria, lines[2:]):
        assert line.startswith(f"| **{criterion.name}**: ") and all(level in line for level in criterion.levels)
        assert line.count("/3") == 2
    assert lines[-1].count("/12") == 2
