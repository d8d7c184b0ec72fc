"""casekit.topics.case.reasoning and lesson 00's claim checker: the news report against the record.

Dataset integrity (every verdict traces to existing rows with their confidence), short quotation of the report,
the computed verdicts, the loader's one-line errors, and the widget's logic (it records only the learner's choices).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import nbformat
import pandas as pd
import pytest

from casekit import data
from casekit.paths import DATASETS, ROOT
from casekit.topics.case import reasoning as news
from casekit.topics.case import widgets
from casekit.topics.case.widgets import NO_GUESS, claim_html

SEED = ROOT.parent / "shared" / "seed" / "zdnet-2021-01-11-parler-sues-amazon.txt"
QUOTED = re.compile(r"[\"“]([^\"”]+)[\"”]")


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return news.load_claims()


def _report_text() -> str:
    if not SEED.is_file():
        pytest.skip(f"the report's text is not on this machine ({SEED})")
    return " ".join(SEED.read_text(encoding="utf-8").split())


# --- the dataset ------------------------------------------------------------------------------


def test_the_report_is_a_news_source_with_its_date_and_no_unverified_url(claims):
    sources = data.load("sources")
    (report_id,) = set(claims["report"])
    report = sources.loc[report_id]
    assert report["kind"] == "news" and report["confidence"] == "reported"
    assert report["date"] == pd.Timestamp("2021-01-11")
    assert pd.isna(report["url"]) and "URL not verified" in report["note"]


def test_every_verdict_traces_to_existing_rows_and_carries_their_weakest_confidence(claims):
    sources = data.load("sources")
    rank = {level: i for i, level in enumerate(data.CONFIDENCE)}
    for cid, claim in claims.iterrows():
        levels = []
        items = [] if pd.isna(claim["record"]) else claim["record"].split(";")
        for item in items:
            dataset, row_id = item.split(":")
            frame = data.load(dataset)
            assert row_id in frame.index, (cid, item)
            levels.append(str(frame.loc[row_id, "confidence"]))
        levels += [str(sources.loc[s, "confidence"]) for s in claim["source_ids"]]
        assert levels, cid
        assert set(levels) <= set(data.CONFIDENCE), cid
        assert claim["confidence"] == max(levels, key=rank.__getitem__), cid
        assert claim["verdict"] in news.VERDICTS and claim["speaker"] in news.SPEAKERS
        assert "\n" not in claim["reason"] and len(claim["reason"]) <= 200, cid


def test_every_verdict_is_used_and_each_speaker_is_heard(claims):
    assert set(claims["verdict"].astype(str)) == set(news.VERDICTS)
    assert set(claims["speaker"].astype(str)) == set(news.SPEAKERS)


def test_the_report_is_quoted_only_in_short_verbatim_phrases(claims):
    report = _report_text()
    for cid, claim in claims.iterrows():
        assert news.words(claim["quote"]) <= news.MAX_QUOTE_WORDS, cid
        assert claim["quote"] in report, (cid, claim["quote"])
        for column in ("claim", "record_says", "reason", "topic"):
            for phrase in QUOTED.findall(claim[column]):
                if phrase in report:
                    assert news.words(phrase) <= news.MAX_QUOTE_WORDS, (cid, column, phrase)
    quoted = sum(news.words(q) for q in claims["quote"])
    assert quoted < 0.25 * news.words(report)


def test_lesson_00_quotes_the_report_only_in_short_phrases():
    report = _report_text()
    lesson = nbformat.read(ROOT / "lessons" / "00-the-case.ipynb", as_version=4)
    found = [p for c in lesson.cells if c.cell_type == "markdown" for p in QUOTED.findall(c.source) if p in report]
    assert found, "lesson 00 should quote the report somewhere"
    assert all(news.words(p) <= news.MAX_QUOTE_WORDS for p in found), found


def test_two_claims_rest_only_on_parlers_allegation(claims):
    ids = news.allegation_only(claims)
    assert sorted(ids) == ["nc_blacklisted", "nc_microblogging"]
    assert all(claims.loc[cid, "speaker"] == "parler_complaint" for cid in ids)
    assert all(claims.loc[cid, "verdict"] == "unverifiable" for cid in ids)


# --- computed verdicts ------------------------------------------------------------------------


def test_page_counts_are_read_from_text_and_compared():
    assert news.pages_in("a 19-page Verified Complaint") == [19]
    assert news.pages_in("19 pages. Page 2 of 19") == [19]
    assert news.page_verdict(19, [19, 19]) == "consistent"
    assert news.page_verdict(18, [19]) == "contradicted"
    assert news.page_verdict(18, []) == "unverifiable"


@pytest.mark.parametrize(
    "hour, day, expected",
    [
        (23, "Sunday", "consistent"),  # 11:59 PM Pacific: Sunday where it happened, though Monday in New York
        (20, "Sunday", "consistent"),
        (23, "Monday", "contradicted"),  # Monday only in other zones: not the event's own day
        (20, "monday ", "contradicted"),
    ],
)
def test_weekday_verdict_is_judged_in_the_events_own_zone(hour, day, expected):
    moment = dt.datetime(2021, 1, 10, hour, 59, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert news.weekday_verdict(day, moment) == expected
    assert news.weekday_verdict("Monday", moment.astimezone(ZoneInfo("America/New_York"))) == (
        "consistent" if hour == 23 else "contradicted"
    )


def test_other_zones_give_a_note_not_a_verdict():
    late = dt.datetime(2021, 1, 10, 23, 59, tzinfo=ZoneInfo("America/Los_Angeles"))
    note = news.weekday_note(late)
    assert note is not None and note.startswith("Sunday where it happened")
    assert "Monday in America/New_York" in note and "Monday in UTC" in note
    assert news.weekday_note(dt.datetime(2021, 1, 10, 12, 0, tzinfo=ZoneInfo("America/Los_Angeles"))) is None
    with pytest.raises(ValueError):
        news.weekday_verdict("Sunday", dt.datetime(2021, 1, 10, 23, 59))


def test_the_cutoff_moment_comes_from_the_timed_timeline_row():
    timed = data.load("timeline").dropna(subset=["time"])
    moment = news.moment_of(timed.iloc[0])
    assert moment.tzinfo is not None and moment.astimezone(dt.UTC).strftime("%A") == "Monday"
    with pytest.raises(ValueError):
        news.moment_of(data.load("timeline").iloc[0])


def test_ranking_verdict_compares_with_every_analysts_order():
    ranked = {"A": ["x", "y", "z"], "B": ["x", "z", "y"]}
    assert news.ranking_verdict(["x", "y"], ranked) == "imprecise"
    assert news.ranking_verdict(["x"], ranked) == "consistent"
    assert news.ranking_verdict(["y"], ranked) == "contradicted"
    assert news.ranking_verdict(["x"], {}) == "unverifiable"
    shares = pd.DataFrame({"analyst": ["A", "A"], "provider": ["p", "q"], "share_pct": [1.0, 2.0]})
    assert news.rankings(shares) == {"A": ["q", "p"]}


def test_the_computed_verdicts_are_the_verdicts_stored(claims):
    frames = news.record_frames(claims)
    computed = {cid: news.computed_verdict(claim, frames) for cid, claim in claims.iterrows()}
    computed = {cid: v for cid, v in computed.items() if v is not None}
    assert len(computed) == claims["claimed_value"].notna().sum() >= 3
    assert all(claims.loc[cid, "verdict"] == v for cid, v in computed.items())


def test_weakest_orders_the_confidence_marks():
    assert news.weakest(["primary", "reported"]) == "reported"
    assert news.weakest(["primary"]) == "primary"
    assert news.weakest(["uncertain", "primary"]) == "uncertain"


# --- the loader's errors: one line naming the file, the row and the column -------------------


@pytest.fixture()
def copy_of_datasets(tmp_path) -> Path:
    folder = tmp_path / "datasets"
    shutil.copytree(DATASETS, folder)
    return folder


def _set(folder: Path, claim_id: str, column: str, value: str) -> int:
    path = folder / "news_claims.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    line = next(i for i, row in enumerate(rows) if row[0] == claim_id)
    rows[line][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return line + 1


@pytest.mark.parametrize(
    "claim_id, column, value, reported_as, message",
    [
        ("nc_pages", "record", "timeline:t99", "record", "'t99' is not an id in timeline.csv"),
        ("nc_pages", "record", "timeline", "record", "is not dataset:id"),
        ("nc_pages", "record", "sources:complaint_dkt1", "record", "use source_ids for documents"),
        ("nc_pages", "record", "nonsense:t19", "record", "is not a dataset a claim can cite"),
        ("nc_pages", "verdict", "consistent", "verdict", "the record gives 'imprecise'"),
        ("nc_cutoff_day", "verdict", "imprecise", "verdict", "the record gives 'consistent'"),
        ("nc_cutoff_day", "claimed_value", "weekday=Monday", "verdict", "the record gives 'contradicted'"),
        ("nc_cloud_ranking", "claimed_value", "ranking=Microsoft>AWS", "verdict", "the record gives 'contradicted'"),
        ("nc_filed", "confidence", "reported", "confidence", "the weakest mark of its record and sources is 'primary'"),
        (
            "nc_filed",
            "quote",
            "one two three four five six seven eight nine ten eleven twelve thirteen",
            "quote",
            "13 words",
        ),
        ("nc_pages", "claimed_value", "pages", "claimed_value", "cannot compute a verdict"),
    ],
)
def test_a_bad_claim_row_gives_one_line_naming_file_row_and_column(
    copy_of_datasets, claim_id, column, value, reported_as, message
):
    line = _set(copy_of_datasets, claim_id, column, value)
    with pytest.raises(data.DatasetError) as caught:
        news.load_claims(copy_of_datasets)
    text = str(caught.value)
    assert "\n" not in text and "news_claims.csv" in text, text
    assert f"row {line}, column {reported_as}: " in text and message in text, text


def test_a_card_level_error_still_comes_from_the_data_loader(copy_of_datasets):
    _set(copy_of_datasets, "nc_pages", "verdict", "wrong")
    with pytest.raises(data.DatasetError, match=r"news_claims\.csv: row \d+, column verdict: 'wrong' is not one of"):
        news.load_claims(copy_of_datasets)


# --- summaries and the widget -----------------------------------------------------------------


def test_the_verdict_summary_names_every_claim_once_and_counts_them(claims):
    text = news.verdict_summary(claims)
    counts = news.verdict_counts(claims)
    assert sum(counts.values()) == len(claims)
    assert text.splitlines()[0].startswith(f"{len(claims)} claims") and len(text.splitlines()) == len(claims) + 1
    assert all(text.count(f"- {topic} (") == 1 for topic in claims["topic"])
    assert "<details" in widgets.verdicts_html(claims)


def test_the_verdict_summary_without_counts_tallies_no_verdict_but_keeps_every_claim(claims):
    counted, uncounted = news.verdict_summary(claims), news.verdict_summary(claims, counts=False)
    head = uncounted.splitlines()[0]
    assert head != counted.splitlines()[0] and head.startswith(f"{len(claims)} claims")
    assert not any(f"{n} {verdict}" in head for verdict, n in news.verdict_counts(claims).items())
    assert not any(verdict in head for verdict in news.VERDICTS)
    assert uncounted.splitlines()[1:] == counted.splitlines()[1:]
    shown = widgets.verdicts_html(claims, counts=False)
    assert "<details" in shown and html.escape(head) in shown and html.escape(counted.splitlines()[0]) not in shown


def test_the_guess_summary_compares_only_the_learners_choices(claims):
    assert news.guess_summary({}, claims).startswith("No guesses yet")
    first, second = claims.index[:2]
    right, wrong = (
        str(claims.loc[first, "verdict"]),
        next(v for v in news.VERDICTS if v != claims.loc[second, "verdict"]),
    )
    text = news.guess_summary({first: right, second: wrong}, claims)
    assert text.startswith(f"You have guessed 2 of {len(claims)} claims; 1 of your guesses match")


REASON = "The report gives a date the record does not."


def test_the_checker_hides_the_record_until_the_learner_saves_a_guess_and_a_reason(claims):
    checker = widgets.ClaimChecker(claims)
    assert "casekit-main" in checker._dom_classes and "casekit-main-control" in checker.claim._dom_classes
    assert "casekit-main-output" in checker.panel._dom_classes
    label = next(k for k, v in checker.options.items() if v == "nc_cutoff_day")
    checker.claim.value = label
    claim = claims.loc["nc_cutoff_day"]
    reason = html.escape(claim["reason"])
    assert checker.reveal.item == label and not checker.reveal.committed
    checker.guess.value = "imprecise"  # choosing alone reveals nothing
    assert checker.guesses == {} and checker.latest == {"nc_cutoff_day": "imprecise"}
    assert reason not in checker.panel.html and checker.reveal.html == ""
    checker.reveal.reason = "too short"
    assert not checker.reveal.commit() and "too short" in checker.reveal.status and checker.reveal.html == ""
    checker.reveal.reason = REASON
    assert checker.reveal.commit() and checker.reveal.committed and checker.reveal.expanded
    assert checker.guesses == {"nc_cutoff_day": "imprecise"}
    shown = checker.reveal.html
    assert "<strong>The record's verdict:</strong> consistent (not your first guess)" in shown
    assert reason in shown and "casekit-badge" in shown and reason not in checker.panel.html
    for item in claim["record"].split(";"):
        assert item.replace(":", " ") in shown
    assert all(f"sources {s}" in shown for s in claim["source_ids"])
    assert "You have guessed 1 of" in checker.tally.value


def test_a_guess_changed_after_the_reveal_keeps_the_first_guess_in_the_tally(claims):
    checker = widgets.ClaimChecker(claims)
    cid = checker.claim_id
    wrong = next(v for v in news.VERDICTS if v != claims.loc[cid, "verdict"])
    checker.guess.value = wrong
    checker.reveal.reason = REASON
    assert checker.reveal.commit()
    checker.guess.value = str(claims.loc[cid, "verdict"])  # revised after the reveal
    assert checker.guesses == {cid: wrong} and checker.latest == {cid: str(claims.loc[cid, "verdict"])}
    assert "0 of your guesses match" in checker.tally.value and f"you said {wrong}" in checker.tally.value
    assert "You have since changed it to" in checker.reveal.html
    checker.guess.value = wrong
    checker.reveal.reason = "A second and longer reason, written later."
    assert checker.reveal.commit() and checker.guesses == {cid: wrong}
    assert checker.commitments.reasons[cid].startswith("A second")


def test_switching_claims_restores_the_learners_guess_reason_and_reveal(claims):
    checker = widgets.ClaimChecker(claims)
    labels = list(checker.options)
    checker.claim.value = labels[1]
    checker.guess.value = "unverifiable"
    checker.reveal.reason = REASON
    assert checker.reveal.commit()
    checker.claim.value = labels[2]
    assert checker.guess.value == NO_GUESS and checker.reveal.reason == "" and not checker.reveal.committed
    assert checker.reveal.html == "" and checker.reveal.item == labels[2]
    checker.claim.value = labels[1]
    assert checker.guess.value == "unverifiable" and checker.reveal.reason == REASON and checker.reveal.committed
    assert "The record's verdict" in checker.reveal.html
    checker.guess.value = NO_GUESS  # un-choosing never removes a committed first guess
    assert checker.guesses == {checker.options[labels[1]]: "unverifiable"} and checker.latest == {}


def test_claim_html_escapes_the_text():
    claim = pd.Series(
        {
            "claim": "<b>x</b>",
            "quote": "a & b",
            "speaker": "reporter",
            "verdict": "consistent",
            "reason": "r",
            "record_says": "s",
            "confidence": "primary",
        }
    )
    shown = claim_html(claim)
    assert "<b>x</b>" not in shown and "&lt;b&gt;x&lt;/b&gt;" in shown and "a &amp; b" in shown
    assert "consistent" not in shown  # never the verdict
    assert "<b>x</b>" not in widgets.verdict_html(claim, "imprecise")


def test_lesson_00_never_shows_the_verdict_tally_that_exercise_0e_asks_for(claims):
    lesson = nbformat.read(ROOT / "lessons" / "00-the-case.ipynb", as_version=4)
    stored = html.unescape(
        " ".join(
            str(o.get("text", "")) + " ".join(map(str, o.get("data", {}).values()))
            for c in lesson.cells
            if c.cell_type == "code"
            for o in c.outputs
        )
    )
    assert "grouped by verdict" in stored  # the verdict list is there, without its counts
    assert not [f"{n} {v}" for v, n in news.verdict_counts(claims).items() if f"{n} {v}" in stored]
