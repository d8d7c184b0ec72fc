"""casekit.topics.contract.reasoning: notice arithmetic in every time zone, remedies per ground, and both readings of § 7.2(b)(ii)."""

import csv
import datetime as dt
import html
import itertools
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from casekit import data
from casekit.paths import DATASETS
from casekit.topics.contract import reasoning as contract
from casekit.topics.relief import reasoning as relief

LA, NY, UTC = ZoneInfo("America/Los_Angeles"), ZoneInfo("America/New_York"), dt.UTC
CLAUSES = data.load("contract_clauses")
REMEDY_IDS = [i for i in CLAUSES.index if CLAUSES.loc[i, "action"] in contract.REMEDIES]
OTHER_IDS = [i for i in CLAUSES.index if i not in REMEDY_IDS]
ZONES = [
    LA,
    NY,
    UTC,
    ZoneInfo("Europe/London"),
    ZoneInfo("Australia/Lord_Howe"),
    ZoneInfo("Asia/Kolkata"),
    ZoneInfo("America/Sao_Paulo"),
    dt.timezone(dt.timedelta(hours=-8)),
    dt.timezone(dt.timedelta(hours=5, minutes=45)),
]


def _days(clause_id: str) -> int:
    return int(CLAUSES.loc[clause_id, "notice_days"])


# --- earliest_effect: every clause id -----------------------------------------------------------


def test_the_dataset_has_both_kinds_of_clause():
    assert REMEDY_IDS and OTHER_IDS
    assert {_days(i) for i in REMEDY_IDS} == {0, 30}


@pytest.mark.parametrize("clause_id", REMEDY_IDS)
@pytest.mark.parametrize("zone", ZONES, ids=str)
def test_remedy_clauses_take_effect_after_their_notice_days_at_the_same_wall_clock_time(clause_id, zone):
    notice = dt.datetime(2021, 1, 9, 15, 42, 7, tzinfo=zone)
    effect = contract.earliest_effect(clause_id, notice)
    if _days(clause_id) == 0:
        assert effect is notice
    else:
        assert effect.tzinfo is zone
        assert effect.replace(tzinfo=None) == notice.replace(tzinfo=None) + dt.timedelta(days=_days(clause_id))


@pytest.mark.parametrize("clause_id", OTHER_IDS)
def test_clauses_without_a_remedy_raise_naming_the_clause_and_the_reason(clause_id):
    with pytest.raises(contract.ContractError, match=rf"{clause_id}.*grants no remedy"):
        contract.earliest_effect(clause_id, dt.datetime(2021, 1, 9, tzinfo=LA))


def test_parlers_clause_from_the_jan_9_notice_runs_to_february_8():
    notice = dt.datetime(2021, 1, 9, 12, 0, tzinfo=LA)
    assert contract.earliest_effect("csa_7_2_b_i", notice) == dt.datetime(2021, 2, 8, 12, 0, tzinfo=LA)
    assert contract.earliest_effect("csa_7_2_b_ii", notice) == notice


# --- DST boundaries: same wall-clock time, not the same number of hours -------------------------


def test_a_period_across_spring_forward_keeps_the_wall_clock_and_is_an_hour_shorter():
    notice = dt.datetime(2021, 3, 1, 12, 0, tzinfo=LA)  # PST
    effect = contract.earliest_effect("csa_7_2_b_i", notice)
    assert (effect.hour, effect.minute, effect.tzname()) == (12, 0, "PDT")
    assert effect.astimezone(UTC) - notice.astimezone(UTC) == dt.timedelta(days=30, hours=-1)


def test_a_period_across_fall_back_keeps_the_wall_clock_and_is_an_hour_longer():
    notice = dt.datetime(2021, 10, 20, 9, 30, tzinfo=NY)  # EDT
    effect = contract.earliest_effect("csa_7_2_a", notice)
    assert (effect.day, effect.hour, effect.minute, effect.tzname()) == (19, 9, 30, "EST")
    assert effect.astimezone(UTC) - notice.astimezone(UTC) == dt.timedelta(days=30, hours=1)


def test_a_wall_clock_time_missing_at_spring_forward_moves_forward_by_the_gap():
    notice = dt.datetime(2021, 2, 12, 2, 30, tzinfo=LA)  # + 30 days = Mar 14, 02:30, which does not exist
    effect = contract.earliest_effect("csa_7_2_b_i", notice)
    assert (effect.month, effect.day, effect.hour, effect.minute, effect.tzname()) == (3, 14, 3, 30, "PDT")
    assert effect.astimezone(UTC) == dt.datetime(2021, 3, 14, 10, 30, tzinfo=UTC)


def test_a_wall_clock_time_that_occurs_twice_at_fall_back_is_the_earlier_one():
    notice = dt.datetime(2021, 10, 8, 1, 30, tzinfo=LA)  # + 30 days = Nov 7, 01:30, which occurs twice
    effect = contract.earliest_effect("csa_7_2_b_i", notice)
    assert (effect.hour, effect.minute, effect.fold, effect.tzname()) == (1, 30, 0, "PDT")
    later = effect.replace(fold=1)
    assert effect.astimezone(UTC) < later.astimezone(UTC)


def test_notice_given_during_the_repeated_hour_keeps_its_own_instant_for_immediate_clauses():
    notice = dt.datetime(2021, 11, 7, 1, 30, fold=1, tzinfo=LA)  # the second 01:30, PST
    assert contract.earliest_effect("csa_6_1", notice) is notice


def test_a_half_hour_dst_zone_and_a_southern_hemisphere_zone():
    lord_howe = dt.datetime(2021, 3, 10, 12, 0, tzinfo=ZoneInfo("Australia/Lord_Howe"))  # DST ends Apr 4 (30 min)
    effect = contract.earliest_effect("csa_7_2_b_i", lord_howe)
    assert effect.replace(tzinfo=None) == dt.datetime(2021, 4, 9, 12, 0)
    assert effect.astimezone(UTC) - lord_howe.astimezone(UTC) == dt.timedelta(days=30, minutes=30)
    sao_paulo = dt.datetime(2021, 1, 9, 8, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))
    assert contract.earliest_effect("csa_7_2_b_i", sao_paulo).hour == 8


def test_the_result_is_the_same_instant_whatever_zone_the_notice_is_written_in_when_no_dst_intervenes():
    notice = dt.datetime(2021, 1, 9, 20, 0, tzinfo=UTC)
    in_la = notice.astimezone(LA)
    assert contract.earliest_effect("csa_7_2_b_i", notice) == contract.earliest_effect("csa_7_2_b_i", in_la)


def test_pandas_timestamps_get_calendar_days_not_elapsed_hours():
    notice = pd.Timestamp("2021-03-01 12:00", tz="America/Los_Angeles")
    effect = contract.earliest_effect("csa_7_2_b_i", notice)
    assert (effect.month, effect.day, effect.hour) == (3, 31, 12)
    assert contract.earliest_effect("csa_6_1", notice) is notice


# --- errors: one readable line naming the problem -----------------------------------------------


def test_a_naive_datetime_is_refused():
    with pytest.raises(contract.ContractError, match="naive datetime"):
        contract.earliest_effect("csa_7_2_b_i", dt.datetime(2021, 1, 9, 12, 0))


@pytest.mark.parametrize("value", [dt.date(2021, 1, 9), "2021-01-09T12:00-08:00", None, 1610222340])
def test_a_non_datetime_is_refused_naming_its_type(value):
    with pytest.raises(contract.ContractError, match=type(value).__name__):
        contract.earliest_effect("csa_7_2_b_i", value)


@pytest.mark.parametrize("clause_id", ["csa_7_2_b_iii", "§ 7.2(b)(ii)", "", None, ["csa_6_1"]])
def test_an_unknown_clause_id_is_refused_listing_the_known_ones(clause_id):
    with pytest.raises(contract.ContractError, match=r"unknown clause id .*csa_7_2_b_ii"):
        contract.earliest_effect(clause_id, dt.datetime(2021, 1, 9, tzinfo=LA))


def test_contract_error_is_a_value_error():
    assert issubclass(contract.ContractError, ValueError)


def test_errors_are_single_lines():
    for call in (
        lambda: contract.earliest_effect("csa_4_2", dt.datetime(2021, 1, 9, tzinfo=LA)),
        lambda: contract.earliest_effect("nope", dt.datetime(2021, 1, 9, tzinfo=LA)),
        lambda: contract.earliest_effect("csa_6_1", dt.datetime(2021, 1, 9)),
    ):
        with pytest.raises(contract.ContractError) as caught:
            call()
        assert "\n" not in str(caught.value)


# --- cure windows and zones ---------------------------------------------------------------------


@pytest.mark.parametrize("clause_id", REMEDY_IDS)
def test_the_cure_window_follows_the_datasets_cure_days(clause_id):
    notice = dt.datetime(2021, 1, 9, 12, 0, tzinfo=LA)
    cure = CLAUSES.loc[clause_id, "cure_days"]
    ends = contract.cure_deadline(clause_id, notice)
    if pd.isna(cure) or cure == 0:
        assert ends is None
    else:
        assert ends == notice + dt.timedelta(days=int(cure))


def test_in_zones_gives_pacific_eastern_and_utc_for_the_real_effective_moment():
    effect = contract.event_moment("t17")
    zones = contract.in_zones(effect)
    assert list(zones) == ["Pacific", "Eastern", "UTC"]
    assert {m.astimezone(UTC) for m in zones.values()} == {effect.astimezone(UTC)}
    assert zones["Pacific"].day == 10 and zones["Eastern"].day == 11 and zones["UTC"].day == 11
    assert contract.format_moment(zones["Pacific"]) == "Sun Jan 10, 2021, 11:59 PM PST"


# --- grounds ------------------------------------------------------------------------------------


def test_every_ground_of_the_card_is_answered():
    grounds = contract.grounds()
    assert set(grounds) == set(data.load("contract_grounds")["ground"].cat.categories)
    for ground in grounds:
        answer = contract.remedies_for_ground(ground)
        assert answer.remedies or answer.caveats
        days = [r.notice_days for r in answer.remedies]
        assert days == sorted(days)


def test_remedies_carry_the_clause_periods_and_the_rows_sources():
    table = data.load("contract_grounds")
    for ground in contract.grounds():
        for remedy in contract.remedies_for_ground(ground).remedies:
            row = table[(table["ground"] == ground) & (table["clause_id"] == remedy.clause_id)].iloc[0]
            assert remedy.source_ids == tuple(row["source_ids"]) and remedy.confidence == row["confidence"]
            assert remedy.notice_days == _days(remedy.clause_id)
            assert remedy.action == CLAUSES.loc[remedy.clause_id, "action"]


def test_an_end_users_breach_allows_immediate_suspension_and_termination_on_the_form_wording():
    answer = contract.remedies_for_ground("end_user_breach")
    immediate = {(r.action, r.clause_id) for r in answer.remedies if r.notice_days == 0}
    assert {a for a, _ in immediate} == {"suspend", "terminate"}
    assert all(r.confidence == "uncertain" for r in answer.remedies if r.notice_days == 0)


def test_non_payment_is_a_section_6_1_suspension_marked_uncertain():
    answer = contract.remedies_for_ground("non_payment")
    (remedy,) = answer.remedies
    assert (remedy.clause_id, remedy.section, remedy.action, remedy.notice_days) == ("csa_6_1", "§ 6.1", "suspend", 0)
    assert "§ 6.1(b)" in remedy.how and "15 days" in remedy.how
    assert remedy.confidence == "uncertain" and answer.caveats == ()


def test_convenience_is_thirty_days_with_no_cure():
    (remedy,) = contract.remedies_for_ground("convenience").remedies
    assert (remedy.action, remedy.notice_days, remedy.cure_days) == ("terminate", 30, None)


def test_an_unknown_ground_is_refused():
    with pytest.raises(contract.ContractError, match="unknown ground 'spam'.*end_user_breach"):
        contract.remedies_for_ground("spam")


def test_notice_schedule_for_a_ground_and_for_a_clause():
    notice = dt.datetime(2021, 1, 9, 12, 0, tzinfo=LA)
    rows = contract.notice_schedule("end_user_breach", notice)
    assert [r.clause.id for r in rows] == [
        r.clause_id for r in contract.remedies_for_ground("end_user_breach").remedies
    ]
    assert all(r.effect_at == contract.earliest_effect(r.clause.id, notice) for r in rows)
    (row,) = contract.notice_schedule("csa_7_2_b_i", notice)
    assert row.cure_ends == row.effect_at and row.how is None
    with pytest.raises(contract.ContractError):
        contract.notice_schedule("csa_4_5", notice)


# --- Parler's real dates ------------------------------------------------------------------------


def test_parlers_dates_come_from_the_timeline_and_the_clause():
    timeline = data.load("timeline")
    dates = {d.key: d for d in contract.parler_dates()}
    assert set(dates) == {"notice", "effect", "parler_reading_end", "ruling"}
    assert dates["notice"].day == timeline.loc["t16", "date"].date()
    assert dates["effect"].moment.astimezone(UTC) == dt.datetime(2021, 1, 11, 7, 59, tzinfo=UTC)
    assert dates["parler_reading_end"].day - dates["notice"].day == dt.timedelta(days=_days("csa_7_2_b_i"))
    assert dates["parler_reading_end"].computed and dates["parler_reading_end"].moment is None
    assert dates["ruling"].day == timeline.loc["t23", "date"].date()
    assert [d.day for d in contract.parler_dates()] == sorted(d.day for d in dates.values())


# --- reading the contract -------------------------------------------------------------------------


def test_three_questions_in_chain_order_with_both_sides_arguments():
    questions = contract.questions()
    assert [q.id for q in questions] == [contract.Q_LABEL, contract.Q_END_USER, contract.Q_CURE]
    arguments = data.load("arguments")
    for q in questions:
        assert q.readings["parler"] and q.readings["aws"] and q.court_answer
        for side_key, side in (("parler", "Parler"), ("aws", "AWS")):
            assert q.arguments[side_key]
            assert {a["side"] for a in q.arguments[side_key]} == {side}
            assert all(a["id"] in arguments.index for a in q.arguments[side_key])


def test_parlers_supplemental_canons_are_among_its_arguments_on_the_cure_question():
    cure = next(q for q in contract.questions() if q.id == contract.Q_CURE)
    sources = {s for a in cure.arguments["parler"] for s in a["source_ids"]}
    assert "brief_parler_supplemental_dkt31" in sources


ALL_CHOICES = [
    dict(zip((contract.Q_LABEL, contract.Q_END_USER, contract.Q_CURE), combo))
    for combo in itertools.product((None, "parler", "aws"), repeat=3)
]


@pytest.mark.parametrize("choices", ALL_CHOICES, ids=lambda c: "-".join(str(v) for v in c.values()))
def test_implied_rating_is_on_the_scale_or_none_exactly_when_an_open_question_matters(choices):
    rating = contract.implied_rating(choices)
    open_ids = [q for q, v in choices.items() if v is None]
    completions = {
        contract.implied_rating({**choices, **dict(zip(open_ids, fill))})
        for fill in itertools.product(contract.READINGS, repeat=len(open_ids))
    }
    assert completions <= set(relief.SCALE)
    assert rating == (completions.pop() if len(completions) == 1 else None)


@pytest.mark.parametrize(
    "choices", [c for c in ALL_CHOICES if None not in c.values()], ids=lambda c: "-".join(c.values())
)
def test_moving_any_answer_to_parlers_reading_never_lowers_the_rating(choices):
    for question, value in choices.items():
        if value == "aws":
            assert contract.implied_rating({**choices, question: "parler"}) >= contract.implied_rating(choices)


def test_the_extremes_and_the_courts_path():
    ids = (contract.Q_LABEL, contract.Q_END_USER, contract.Q_CURE)
    assert contract.implied_rating(dict.fromkeys(ids, "aws")) == min(relief.SCALE)
    assert contract.implied_rating(dict.fromkeys(ids, "parler")) == max(relief.SCALE)
    court = contract.court_choices()
    assert court[contract.Q_LABEL] is None  # the court did not decide the label, as reconstructed
    assert court[contract.Q_END_USER] is None  # nor whether an end user's breach is Parler's
    assert court[contract.Q_CURE] == "aws"
    assert contract.implied_rating(court) is None  # the readings it took do not settle the claim alone
    assert contract.court_relied_on_non_denial()
    # the cure-period answer plus Parler's non-denial of its own breach decide it, whatever the open questions
    assert contract.implied_rating(court, breach_undenied=True) == min(relief.SCALE)
    assert contract.court_path_rating() == contract.court_rating()


def test_a_non_denial_settles_the_breach_but_not_the_notice_owed():
    ids = (contract.Q_LABEL, contract.Q_END_USER, contract.Q_CURE)
    for combo in itertools.product(contract.READINGS, repeat=3):
        choices = dict(zip(ids, combo))
        undenied = contract.implied_rating(choices, breach_undenied=True)
        assert undenied == contract.implied_rating({**choices, contract.Q_END_USER: "aws"})
    assert contract.implied_rating(dict.fromkeys(ids, "parler"), breach_undenied=True) == 1  # 30 days still owed


def test_the_court_rating_is_lesson_01s_reading_of_the_contract_finding():
    findings = data.load("court_findings")
    finding = str(findings.loc[findings["factor_id"] == "success_contract", "finding"].iloc[0])
    assert contract.court_rating() == relief.COURT_RATINGS[finding]


def test_the_chain_uses_the_datasets_words_and_skips_the_cure_question_on_a_suspension():
    questions = {q.id: q for q in contract.questions()}
    chain = contract.reasoning_chain({contract.Q_LABEL: "aws", contract.Q_END_USER: "parler"})
    steps = {qid: text for qid, _, text in chain.steps}
    assert steps[contract.Q_LABEL] == questions[contract.Q_LABEL].follows["aws"]
    assert steps[contract.Q_END_USER] == questions[contract.Q_END_USER].follows["parler"]
    assert "Not reached" in steps[contract.Q_CURE]
    assert chain.rating == contract.implied_rating({contract.Q_LABEL: "aws", contract.Q_END_USER: "parler"})
    assert relief.describe("success_contract", chain.rating) in chain.conclusion
    assert str(chain.court_rating) in chain.court_words.replace("+", "")


def test_an_open_chain_names_the_questions_it_still_depends_on():
    chain = contract.reasoning_chain({})
    assert chain.rating is None
    assert all(q.question in chain.conclusion for q in contract.questions())


@pytest.mark.parametrize(
    "choices, words",
    [
        ({"q_other": "aws"}, "unknown question"),
        ({contract.Q_LABEL: "AWS"}, "not a reading"),
        ({contract.Q_LABEL: True}, "not a reading"),
    ],
)
def test_bad_choices_are_refused(choices, words):
    with pytest.raises(contract.ContractError, match=words):
        contract.implied_rating(choices)


def test_the_record_holds_only_the_learners_choices_and_words():
    choices = {contract.Q_LABEL: "parler", contract.Q_END_USER: None, contract.Q_CURE: "aws"}
    record = contract.readings_record(
        " Ana ", choices, "Because the form was drafted by AWS.", "2026-01-01T00:00:00+00:00", "0.1.0"
    )
    assert record["learner"] == "Ana" and record["choices"] == choices
    assert record["implied_rating"] == contract.implied_rating(choices)
    assert set(record) == {"schema", "kit_version", "learner", "saved_at", "choices", "justification", "implied_rating"}
    with pytest.raises(contract.ContractError, match="name"):
        contract.readings_record("", choices, "long enough justification here", "t", "v")
    with pytest.raises(contract.ContractError, match="at least"):
        contract.readings_record("Ana", choices, "short", "t", "v")


# --- corrupt datasets: one line naming the file and row -------------------------------------------


@pytest.fixture()
def datasets_copy(tmp_path) -> Path:
    folder = tmp_path / "datasets"
    shutil.copytree(DATASETS, folder)
    return folder


def _edit(folder: Path, name: str, row_id: str, column: str, value: str) -> None:
    path = folder / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    row = next(r for r in rows if r[0] == row_id)
    row[rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_a_question_citing_a_missing_argument_names_file_row_and_column(datasets_copy):
    _edit(datasets_copy, "contract_questions", contract.Q_CURE, "aws_argument_ids", "arg_nope")
    with pytest.raises(
        contract.ContractError, match=r"contract_questions.csv: row q_cure_period, column aws_argument_ids: arg_nope"
    ):
        contract.questions(datasets_copy)


def test_a_bad_time_in_the_timeline_names_the_row(datasets_copy):
    _edit(datasets_copy, "timeline", "t17", "time", "11:59 PM")
    with pytest.raises(contract.ContractError, match=r"timeline.csv: row t17, column time: '11:59 PM' is not HH:MM"):
        contract.event_moment("t17", datasets_copy)
    _edit(datasets_copy, "timeline", "t17", "time", "23:59")
    _edit(datasets_copy, "timeline", "t17", "time_zone", "Pacific")
    with pytest.raises(contract.ContractError, match="is not an IANA time zone"):
        contract.event_moment("t17", datasets_copy)


def test_a_remedy_clause_without_a_notice_period_is_refused(datasets_copy):
    _edit(datasets_copy, "contract_clauses", "csa_7_2_a", "notice_days", "")
    with pytest.raises(contract.ContractError, match="sets no notice period"):
        contract.earliest_effect("csa_7_2_a", dt.datetime(2021, 1, 9, tzinfo=LA), folder=datasets_copy)


def test_a_changed_notice_period_is_read_from_the_dataset_not_the_code(datasets_copy):
    _edit(datasets_copy, "contract_clauses", "csa_7_2_b_i", "notice_days", "45")
    notice = dt.datetime(2021, 1, 9, 12, 0, tzinfo=LA)
    assert contract.earliest_effect("csa_7_2_b_i", notice, folder=datasets_copy).date() == dt.date(2021, 2, 23)


# --- the views: thin, and changing a control changes what they show -----------------------------


@pytest.fixture()
def quiet(capsys):
    yield
    capsys.readouterr()  # outside a kernel, figures in Output widgets print; discard them


def test_calculator_offers_every_ground_and_every_remedy_clause(quiet):
    from casekit.topics.contract import widgets as views

    options = views.choice_options()
    assert set(options.values()) == set(contract.grounds()) | set(REMEDY_IDS)


def test_calculator_updates_table_summary_and_figure_when_the_clause_changes(quiet):
    from casekit.topics.contract import widgets
    from casekit.topics.contract import widgets as views

    calc = widgets.NoticeCalculator()
    assert "casekit-main" in calc.view._dom_classes and "casekit-main-control" in calc.choice._dom_classes
    before = calc.table.value
    words = {v: k for k, v in views.choice_options().items()}
    calc.choice.value = words["convenience"]
    assert calc.table.value != before and "§ 7.2(a)" in calc.table.value
    assert "agreement_aws_customer_agreement" in calc.table.value and "uncertain" in calc.table.value
    assert "Feb 8" in calc.summary.value  # Parler's 30-day reading end, from the datasets


def test_calculator_reports_a_bad_date_inline_and_recovers(quiet):
    from casekit.topics.contract import widgets

    calc = widgets.NoticeCalculator()
    calc.day.value = "2021-02-30"
    assert "not a date" in calc.message.html
    calc.day.value = "2021-02-12"
    calc.time.value = "02:30"
    assert "Feb 12" in calc.message.html
    assert "Sun Mar 14, 2021, 3:30 AM PDT" in calc.summary.value  # the DST gap, as earliest_effect computes it


def test_parse_notice_refuses_an_offset_in_the_time_box():
    from casekit.topics.contract.widgets import parse_notice

    with pytest.raises(contract.ContractError, match="offset"):
        parse_notice("2021-01-09", "12:00+01:00", "UTC")
    assert parse_notice("2021-01-09", "23:59", "America/Los_Angeles") == contract.event_moment("t17").replace(day=9)


def test_notice_figure_draws_each_point_once_and_says_it_all_in_the_summary():
    from casekit.topics.contract import figures as figs

    notice = dt.datetime(2021, 1, 9, 12, 0, tzinfo=LA)
    schedule = contract.notice_schedule("end_user_breach", notice)
    dates = contract.parler_dates()
    fig = figs.notice_figure_json(schedule, notice, dates)
    learner = [x for t in fig["data"] if t["legendgroup"] == "you" for x in t["x"]]
    parler = [x for t in fig["data"] if t["legendgroup"] == "parler" for x in t["x"]]
    assert len(learner) == len(figs.learner_points(schedule, notice)) and len(parler) == len(dates)
    assert len({t["marker"]["symbol"] for t in fig["data"]}) == len(fig["data"])  # never colour alone
    summary = figs.notice_summary(schedule, notice, dates)
    assert all(row.clause.section in summary for row in schedule) and all(d.label in summary for d in dates)


def test_reading_widget_changes_the_chain_and_records_only_the_learners_choices(quiet, tmp_path):
    import json

    from casekit.topics.contract import widgets

    reading = widgets.ReadingWidget(folder=tmp_path)
    first = contract.questions()[0].id
    assert "casekit-main-control" in reading.choices[first]._dom_classes
    names = [c.label for c in reading.choices.values()] + [r.item for r in reading.reveals.values()]
    assert len(set(names)) == len(names) == 6  # every control names its question
    before = reading.chain.value
    reading.choices[first].value = "AWS's reading"
    assert reading.chain.value != before
    questions = contract.questions()
    answers = [html.escape(q.court_answer) for q in questions]
    court_words = html.escape(contract.reasoning_chain({}).court_words)

    def shown() -> str:
        return (
            reading.court.value
            + reading.chain.value
            + reading.rating_text.value
            + "".join(r.html for r in reading.reveals.values())
        )

    # the court's answers, its rating (words and figure) stay hidden until the learner saves
    assert not any(a in shown() for a in answers) and court_words not in shown() and not reading.figure_area.outputs
    reveal = reading.reveals[first]
    reveal.reason = "A suspension is what the email itself called it."
    assert reveal.commit() and answers[0] in reveal.html and not any(a in reveal.html for a in answers[1:])
    assert court_words not in shown() and not reading.figure_area.outputs  # the rating waits for every question
    for q in questions[1:]:
        reading.choices[q.id].value = "Parler's reading"
        reading.reveals[q.id].reason = "The contract's words point that way for me."
        assert reading.reveals[q.id].commit()
    assert court_words in reading.chain.value and reading.figure_area.outputs
    assert all(a in reading.court.value for a in answers) and reading.court.value.startswith("<details")
    reading.choices[first].value = "Parler's reading"  # revised after the reveal
    reading.name.value, reading.justification.value = "Ana", "AWS wrote § 4.5 to make Parler answer for users."
    saved = json.loads(reading.save().read_text())
    assert saved["choices"][first] == "parler" and saved["pre_reveal"][first] == "aws"
    assert saved["justification"].startswith("AWS wrote") and saved["share_reasons"] is False
    assert saved["reasons"][first] == "A suspension is what the email itself called it."
    assert set(saved) == {
        "schema",
        "kit_version",
        "learner",
        "saved_at",
        "choices",
        "justification",
        "implied_rating",
        "pre_reveal",
        "reasons",
        "share_reasons",
    }
    assert contract.validate_readings_record(saved, "f") is saved


def test_a_period_counted_with_the_first_day_left_out_ends_at_midnight_after_its_last_day():
    pacific = ZoneInfo("America/Los_Angeles")
    notice = dt.datetime(2021, 1, 9, 12, 0, tzinfo=pacific)
    assert contract.period_end_excluding_first_day(notice, 30) == dt.datetime(2021, 2, 9, 0, 0, tzinfo=pacific)
    assert contract.period_end_excluding_first_day(notice, 0) == dt.datetime(2021, 1, 10, 0, 0, tzinfo=pacific)
    # across the spring change of clocks, midnight is still midnight in the notice's zone
    spring = contract.period_end_excluding_first_day(dt.datetime(2021, 3, 1, 9, 0, tzinfo=pacific), 30)
    assert spring.replace(tzinfo=None) == dt.datetime(2021, 4, 1, 0, 0) and spring.utcoffset() == dt.timedelta(hours=-7)
    for bad in (-1, 2.5, True, "30"):
        with pytest.raises(contract.ContractError, match="whole number"):
            contract.period_end_excluding_first_day(notice, bad)
    with pytest.raises(contract.ContractError, match="naive"):
        contract.period_end_excluding_first_day(dt.datetime(2021, 1, 9, 12, 0), 30)


def test_the_schedule_gives_both_counts_of_a_30_day_period_and_none_for_an_immediate_one():
    notice = dt.datetime(2021, 1, 9, 23, 30, tzinfo=ZoneInfo("America/New_York"))
    rows = {row.clause.id: row for row in contract.notice_schedule("end_user_breach", notice)}
    for row in rows.values():
        if row.clause.notice_days:
            assert row.effect_at_excluding_first_day == contract.period_end_excluding_first_day(
                notice, row.clause.notice_days
            )
            assert row.effect_at_excluding_first_day > row.effect_at  # the whole last day counts
        else:
            assert row.effect_at_excluding_first_day is None
    assert any(row.clause.notice_days for row in rows.values()) or not rows
