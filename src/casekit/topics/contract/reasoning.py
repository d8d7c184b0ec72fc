"""Cloud-contract reasoning for lesson 02: what each clause lets AWS do, how soon, and the readings.

Every fact comes from the datasets: the clauses and their notice and cure periods from
`contract_clauses`, which clause reaches which ground from `contract_grounds`, the interpretive
questions and both sides' readings from `contract_questions` (with `arguments` and
`court_findings`), and Parler's real dates from `timeline`. The functions are pure: datasets and
datetimes in, plain values out. No ipywidgets here; the views live in `casekit.topics.contract.widgets`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from casekit import data
from casekit.paths import DATASETS
from casekit.topics.commitments import CommitError, check_commitment_fields
from casekit.topics.relief import reasoning as relief

REMEDIES = ("suspend", "terminate")
# The zones the calculator reports in, with the words used for them.
ZONES = {"Pacific": "America/Los_Angeles", "Eastern": "America/New_York", "UTC": "UTC"}
# Parler's real dates on the timeline: the notice, the moment it took effect, and the ruling.
PARLER_EVENTS = {"notice": "t16", "effect": "t17", "ruling": "t23"}
# The clause Parler said governed; its notice period gives the end of "Parler's 30-day reading".
PARLER_CLAUSE = "csa_7_2_b_i"
# The interpretive questions, by their ids in contract_questions.
Q_LABEL, Q_END_USER, Q_CURE = "q_suspension_or_termination", "q_end_user_breach", "q_cure_period"
READINGS = ("parler", "aws")
# The finding recording that Parler did not deny being in breach itself: the court relied on it instead of
# deciding the end-user question (contract_questions, q_end_user_breach: not_decided).
NON_DENIAL_FINDING = "cf_contract_conclusion"
RECORD_SCHEMA = "casekit.contract-readings/1"
MIN_JUSTIFICATION = 20


class ContractError(ValueError):
    """A contract question cannot be answered as asked; the message names the problem."""


@dataclass(frozen=True)
class Clause:
    """One row of contract_clauses."""

    id: str
    document: str
    section: str
    title: str
    summary: str
    operative_words: str | None
    action: str
    notice: str
    notice_days: int | None
    cure_days: int | None
    invoked_by: str
    court_treatment: str
    source_ids: tuple[str, ...]
    confidence: str

    @property
    def grants_remedy(self) -> bool:
        """True if the clause lets a party suspend or terminate."""
        return self.action in REMEDIES


def _none(value):
    """Return None for a missing cell (None, NaN, pandas NA), else VALUE."""
    return None if value is None or (not isinstance(value, (tuple, list)) and pd.isna(value)) else value


def _signature(folder: Path) -> tuple:
    """The datasets' modification times: cached views are rebuilt when a file changes."""
    folder = Path(folder)
    return (folder, tuple(p.stat().st_mtime_ns for p in sorted(folder.glob("*.*"))))


def clauses(folder: Path = DATASETS) -> dict[str, Clause]:
    """Return every clause of contract_clauses, by id, in the dataset's order."""
    return dict(_clauses(_signature(folder)))


@lru_cache(maxsize=4)
def _clauses(signature: tuple) -> dict[str, Clause]:
    table = data.load("contract_clauses", signature[0])
    out = {}
    for row in table.itertuples(index=False):
        record = {name: _none(getattr(row, name)) for name in Clause.__dataclass_fields__}
        for key in ("notice_days", "cure_days"):
            record[key] = None if record[key] is None else int(record[key])
        record["source_ids"] = tuple(record["source_ids"])
        out[row.id] = Clause(**record)
    return out


def clause(clause_id: str, folder: Path = DATASETS) -> Clause:
    """Return the clause CLAUSE_ID, or raise ContractError naming it and the known ids."""
    known = clauses(folder)
    if not isinstance(clause_id, str) or clause_id not in known:
        raise ContractError(f"unknown clause id {clause_id!r}: contract_clauses has {', '.join(known)}")
    return known[clause_id]


def remedy_clause(clause_id: str, folder: Path = DATASETS) -> Clause:
    """Return CLAUSE_ID if it grants a remedy with a notice period, else raise ContractError saying why."""
    found = clause(clause_id, folder)
    if not found.grants_remedy:
        raise ContractError(
            f"clause {clause_id!r} ({found.section}, {found.title}) is {_article(found.action)} {found.action}: it grants no "
            "remedy (suspend or terminate), so nothing takes effect after notice"
        )
    if found.notice_days is None:
        raise ContractError(f"clause {clause_id!r} ({found.section}) sets no notice period in the kit's sources")
    return found


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _aware(moment, name: str = "notice_at") -> dt.datetime:
    if not isinstance(moment, dt.datetime):
        raise ContractError(f"{name} must be a datetime with a time zone, not {type(moment).__name__} {moment!r}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ContractError(
            f"{name} {moment.isoformat()} is a naive datetime (no time zone); give it one, e.g. "
            "tzinfo=ZoneInfo('America/Los_Angeles')"
        )
    return moment


def add_calendar_days(moment: dt.datetime, days: int) -> dt.datetime:
    """Return MOMENT plus DAYS calendar days at the same wall-clock time in MOMENT's time zone.

    A wall-clock time that does not exist that day (spring-forward gap) moves forward by the gap;
    one that occurs twice (fall-back) is the earlier occurrence.
    """
    moment = _aware(moment, "moment")
    if hasattr(moment, "to_pydatetime"):  # pandas Timestamp: its + is elapsed time, not calendar days
        moment = moment.to_pydatetime()
    zone = moment.tzinfo
    wall = moment.replace(tzinfo=None) + dt.timedelta(days=days)
    return wall.replace(tzinfo=zone, fold=0).astimezone(dt.UTC).astimezone(zone)


def earliest_effect(clause_id: str, notice_at: dt.datetime, *, folder: Path = DATASETS) -> dt.datetime:
    """Return the earliest moment CLAUSE_ID's remedy may take effect after notice given at NOTICE_AT.

    "Immediately upon notice" returns NOTICE_AT itself; an N-day clause returns NOTICE_AT plus N
    calendar days at the same wall-clock time, in NOTICE_AT's time zone. A naive datetime, an
    unknown id or a clause that grants no remedy raises ContractError.
    """
    _aware(notice_at)
    found = remedy_clause(clause_id, folder)
    return notice_at if found.notice_days == 0 else add_calendar_days(notice_at, found.notice_days)


def cure_deadline(clause_id: str, notice_at: dt.datetime, *, folder: Path = DATASETS) -> dt.datetime | None:
    """Return when CLAUSE_ID's cure window ends after notice at NOTICE_AT, or None if it gives no cure period."""
    _aware(notice_at)
    found = remedy_clause(clause_id, folder)
    if not found.cure_days:
        return None
    return add_calendar_days(notice_at, found.cure_days)


def period_end_excluding_first_day(notice_at: dt.datetime, days: int) -> dt.datetime:
    """Return when a DAYS-day period begun by notice at NOTICE_AT has run, counting as Washington's default rule
    (RCW 1.12.040) does: the day of notice left out, the last day counted whole. The result is midnight at the
    start of the day after the last day, in NOTICE_AT's time zone (the first moment the period is over).

    Whether RCW 1.12.040 governs the Customer Agreement's notice periods is not verified (dossier 11.1,
    uncertain as applied); the kit shows this count beside its own convention (`add_calendar_days`), and
    neither is stated as the law of the contract. Rules on a last day that falls on a weekend or holiday are
    not applied: the kit's sources do not give them.
    """
    notice_at = _aware(notice_at)
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise ContractError(f"days must be a whole number of days, 0 or more, not {days!r}")
    if hasattr(notice_at, "to_pydatetime"):
        notice_at = notice_at.to_pydatetime()
    zone = notice_at.tzinfo
    last_day = notice_at.date() + dt.timedelta(days=days)
    midnight = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0, 0))
    return midnight.replace(tzinfo=zone, fold=0).astimezone(dt.UTC).astimezone(zone)


def in_zones(moment: dt.datetime) -> dict[str, dt.datetime]:
    """Return MOMENT in Pacific, Eastern and UTC time (keys as in ZONES)."""
    _aware(moment, "moment")
    return {label: moment.astimezone(ZoneInfo(zone)) for label, zone in ZONES.items()}


def format_moment(moment: dt.datetime) -> str:
    """Return MOMENT as e.g. 'Sun Jan 10, 2021, 11:59 PM PST'."""
    hour = moment.strftime("%I").lstrip("0") or "12"
    return (
        f"{moment.strftime('%a %b')} {moment.day}, {moment.year}, {hour}:{moment.strftime('%M %p')} {moment.tzname()}"
    )


# --- grounds: which clauses reach a reason for acting ----------------------------------------


@dataclass(frozen=True)
class Remedy:
    """What one clause lets AWS do on a ground, with the clause's periods and the row's caveats."""

    ground: str
    clause_id: str
    section: str
    action: str
    notice_days: int
    cure_days: int | None
    how: str
    source_ids: tuple[str, ...]
    confidence: str


@dataclass(frozen=True)
class GroundAnswer:
    """A ground's remedies, and the caveats of rows that name no clause (e.g. 'not in the sources')."""

    ground: str
    label: str
    remedies: tuple[Remedy, ...]
    caveats: tuple[tuple[str, tuple[str, ...], str], ...]  # (text, source ids, confidence)


def grounds(folder: Path = DATASETS) -> dict[str, str]:
    """Return the grounds of contract_grounds: ground id -> words, in the card's order."""
    return {g: answer.label for g, answer in _ground_answers(_signature(folder)).items()}


def remedies_for_ground(ground: str, folder: Path = DATASETS) -> GroundAnswer:
    """Return what AWS may do on GROUND and how fast, fastest first; ContractError for an unknown ground."""
    answers = _ground_answers(_signature(folder))
    if ground not in answers:
        raise ContractError(f"unknown ground {ground!r}: contract_grounds has {', '.join(answers)}")
    return answers[ground]


@lru_cache(maxsize=4)
def _ground_answers(signature: tuple) -> dict[str, GroundAnswer]:
    folder = signature[0]
    table = data.load("contract_grounds", folder)
    labels = dict(zip(table["ground"].astype(str), table["ground_label"].astype(str)))
    answers = {}
    for ground in (g for g in table["ground"].cat.categories if g in labels):
        remedies, caveats = [], []
        for row in table[table["ground"].astype(str) == ground].itertuples(index=False):
            if _none(row.clause_id) is None:
                caveats.append((str(row.how), tuple(row.source_ids), str(row.confidence)))
                continue
            found = remedy_clause(str(row.clause_id), folder)
            remedies.append(
                Remedy(
                    ground,
                    found.id,
                    found.section,
                    found.action,
                    found.notice_days,
                    found.cure_days,
                    str(row.how),
                    tuple(row.source_ids),
                    str(row.confidence),
                )
            )
        remedies.sort(key=lambda r: (r.notice_days, REMEDIES.index(r.action)))
        answers[ground] = GroundAnswer(ground, labels[ground], tuple(remedies), tuple(caveats))
    return answers


@dataclass(frozen=True)
class ScheduleRow:
    """One remedy's timing for a given notice: when it may take effect and when any cure window ends."""

    clause: Clause
    effect_at: dt.datetime
    cure_ends: dt.datetime | None
    how: str | None
    # the same periods counted the other way, RCW 1.12.040's (uncertain as applied); None when no days are counted
    effect_at_excluding_first_day: dt.datetime | None = None
    cure_ends_excluding_first_day: dt.datetime | None = None


def notice_schedule(choice: str, notice_at: dt.datetime, folder: Path = DATASETS) -> tuple[ScheduleRow, ...]:
    """Return the remedies for CHOICE (a clause id or a ground) with their timing after NOTICE_AT."""
    _aware(notice_at)
    if choice in grounds(folder):
        pairs = [(c.clause_id, c.how) for c in remedies_for_ground(choice, folder).remedies]
    else:
        pairs = [(choice, None)]
    rows = []
    for cid, how in pairs:
        found = remedy_clause(cid, folder)
        other = lambda days: period_end_excluding_first_day(notice_at, days) if days else None  # noqa: E731
        rows.append(
            ScheduleRow(
                found,
                earliest_effect(cid, notice_at, folder=folder),
                cure_deadline(cid, notice_at, folder=folder),
                how,
                other(found.notice_days),
                other(found.cure_days),
            )
        )
    return tuple(rows)


# --- Parler's real dates ------------------------------------------------------------------------


@dataclass(frozen=True)
class ParlerDate:
    """A date of Parler's case for the calculator's timeline: a moment if its time is known, else a day."""

    key: str
    label: str
    day: dt.date
    moment: dt.datetime | None
    source_ids: tuple[str, ...]
    confidence: str
    computed: bool


def event_moment(event_id: str, folder: Path = DATASETS) -> dt.datetime | None:
    """Return a timeline event's aware moment if the row gives a time and zone, else None."""
    row = data.load("timeline", folder).loc[event_id]
    time, zone = _none(row["time"]), _none(row["time_zone"])
    if time is None:
        return None
    where = f"{folder / 'timeline.csv'}: row {event_id}"
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", str(time)):
        raise ContractError(f"{where}, column time: {time!r} is not HH:MM")
    try:
        tz = ZoneInfo(str(zone))
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        raise ContractError(f"{where}, column time_zone: {zone!r} is not an IANA time zone") from None
    hours, minutes = map(int, str(time).split(":"))
    day = row["date"].date()
    return dt.datetime(day.year, day.month, day.day, hours, minutes, tzinfo=tz)


def parler_dates(folder: Path = DATASETS) -> tuple[ParlerDate, ...]:
    """Return Parler's notice, the effective moment, the end of its 30-day reading, and the ruling."""
    timeline = data.load("timeline", folder)
    out = []
    for key, event_id in PARLER_EVENTS.items():
        row = timeline.loc[event_id]
        out.append(
            ParlerDate(
                key,
                f"{row['title']} ({row['date_label']})",
                row["date"].date(),
                event_moment(event_id, folder),
                tuple(row["source_ids"]),
                str(row["confidence"]),
                False,
            )
        )
    notice = out[0]
    relied_on = clause(PARLER_CLAUSE, folder)
    end = notice.day + dt.timedelta(days=relied_on.notice_days)
    confidence = max((notice.confidence, relied_on.confidence), key=data.CONFIDENCE.index)
    out.insert(
        2,
        ParlerDate(
            "parler_reading_end",
            f"End of Parler's {relied_on.notice_days}-day reading: {relied_on.notice_days} days after the notice "
            f"of {notice.day:%b} {notice.day.day} under {relied_on.section} (computed; the notice's time of day is not recorded)",
            end,
            None,
            tuple(dict.fromkeys(notice.source_ids + relied_on.source_ids)),
            confidence,
            True,
        ),
    )
    return tuple(sorted(out, key=lambda d: d.day))


# --- reading the contract: the interpretive questions -------------------------------------------


@dataclass(frozen=True)
class Question:
    """One interpretive question with both readings, the arguments behind them and the court's answer."""

    id: str
    position: int
    question: str
    readings: dict[str, str]  # "parler"/"aws" -> the reading
    arguments: dict[str, tuple[dict, ...]]  # "parler"/"aws" -> argument rows (as dicts)
    follows: dict[str, str]  # "parler"/"aws" -> what follows for the claim
    court_reading: str
    court_answer: str
    court_findings: tuple[dict, ...]
    source_ids: tuple[str, ...]
    confidence: str


def _ids(value: str) -> list[str]:
    return [v.strip() for v in str(value).split(";") if v.strip()]


def questions(folder: Path = DATASETS) -> tuple[Question, ...]:
    """Return the interpretive questions in chain order; ContractError names a row citing a missing id."""
    return _questions(_signature(folder))


@lru_cache(maxsize=4)
def _questions(signature: tuple) -> tuple[Question, ...]:
    folder = signature[0]
    table = data.load("contract_questions", folder).sort_values("position")
    arguments = data.load("arguments", folder)
    findings = data.load("court_findings", folder)
    out = []
    for row in table.itertuples(index=False):

        def rows(column: str, other, name: str) -> tuple[dict, ...]:  # called at once, in this loop
            wanted = _ids(getattr(row, column))  # noqa: B023
            missing = [i for i in wanted if i not in other.index]
            if missing or not wanted:
                raise ContractError(
                    f"{folder / 'contract_questions.csv'}: row {row.id}, column {column}: "  # noqa: B023
                    f"{', '.join(missing) or 'no id'} not an id in {name}.csv"
                )
            return tuple({**other.loc[i].to_dict(), "id": i} for i in wanted)

        out.append(
            Question(
                row.id,
                int(row.position),
                str(row.question),
                {"parler": str(row.parler_reading), "aws": str(row.aws_reading)},
                {
                    "parler": rows("parler_argument_ids", arguments, "arguments"),
                    "aws": rows("aws_argument_ids", arguments, "arguments"),
                },
                {"parler": str(row.if_parler), "aws": str(row.if_aws)},
                str(row.court_reading),
                str(row.court_answer),
                rows("court_finding_ids", findings, "court_findings"),
                tuple(row.source_ids),
                str(row.confidence),
            )
        )
    ids = {q.id for q in out}
    if ids != {Q_LABEL, Q_END_USER, Q_CURE}:
        raise ContractError(
            f"{folder / 'contract_questions.csv'}: expected questions {Q_LABEL}, {Q_END_USER}, "
            f"{Q_CURE}; found {', '.join(sorted(ids))}"
        )
    return tuple(out)


def check_choices(choices: Mapping[str, str | None]) -> dict[str, str | None]:
    """Return CHOICES for the three questions ('parler', 'aws' or None), or raise ContractError."""
    unknown = [q for q in choices if q not in (Q_LABEL, Q_END_USER, Q_CURE)]
    if unknown:
        raise ContractError(f"unknown question(s): {', '.join(map(str, unknown))}")
    clean = {}
    for question in (Q_LABEL, Q_END_USER, Q_CURE):
        value = choices.get(question)
        if value is not None and value not in READINGS:
            raise ContractError(f"{question}: {value!r} is not a reading (parler, aws or None)")
        clean[question] = value
    return clean


def _rating(c: Mapping[str, str], breach_undenied: bool = False) -> int:
    """The kit's model of the contract claim's likely success, for complete choices (see implied_rating)."""
    in_breach = c[Q_END_USER] == "aws" or breach_undenied
    if c[Q_LABEL] == "aws":  # a suspension: § 6.1 lets AWS act at once; its grounds decide how firmly
        return -2 if in_breach else -1
    if c[Q_CURE] == "aws":  # a termination, with § 7.2(b)(ii) available without a cure period
        return -2 if in_breach else 0
    return 1 if in_breach else 2  # only § 7.2(b)(i): 30 days and a cure were owed


def implied_rating(choices: Mapping[str, str | None], *, breach_undenied: bool = False) -> int | None:
    """Return the rating (-2..+2, lesson 01's scale) the readings imply, or None while it still depends on an open question.

    "Parler was in breach" means the end-user question read AWS's way, or, with BREACH_UNDENIED, that
    Parler did not deny being in breach itself (then the end-user reading no longer matters).
    Suspension: -2 if Parler was itself in breach, else -1 (only the unverified end-user wording of
    § 6.1 carries AWS). Termination with § 7.2(b)(ii) free of the cure period: -2 if Parler was in
    breach, else 0 (serious questions over whether the clause reaches an end user's breach).
    Termination with only § 7.2(b)(i): +1 if Parler was in breach (owed 30 days and a cure), else +2.
    """
    c = check_choices(choices)
    open_questions = [q for q, v in c.items() if v is None]
    outcomes = {
        _rating({**c, **dict(zip(open_questions, fill))}, breach_undenied)
        for fill in itertools.product(READINGS, repeat=len(open_questions))
    }
    return outcomes.pop() if len(outcomes) == 1 else None


@dataclass(frozen=True)
class Chain:
    """The chain of reasoning from the learner's readings to a conclusion on the contract claim."""

    steps: tuple[tuple[str, str | None, str], ...]  # (question id, reading or None, what follows)
    rating: int | None
    conclusion: str
    court_rating: int
    court_words: str


def court_rating(folder: Path = DATASETS) -> int:
    """Return the court's contract finding as a rating, read the way lesson 01 reads it (relief.court_assessments)."""
    return _court_rating(_signature(folder))


@lru_cache(maxsize=4)
def _court_rating(signature: tuple) -> int:
    findings = data.load("court_findings", signature[0])
    finding_of = findings.drop_duplicates("factor_id").set_index("factor_id")["finding"].astype(str).to_dict()
    return relief.court_assessments(finding_of)["success_contract"]


def court_choices(folder: Path = DATASETS) -> dict[str, str | None]:
    """Return the readings the order, as reported, took (None where it did not decide)."""
    return {q.id: (q.court_reading if q.court_reading in READINGS else None) for q in questions(folder)}


def court_relied_on_non_denial(folder: Path = DATASETS) -> bool:
    """Return True if the court, leaving the end-user question undecided, relied on Parler's non-denial of its breach."""
    end_user = next(q for q in questions(folder) if q.id == Q_END_USER)
    return end_user.court_reading not in READINGS and any(
        f["id"] == NON_DENIAL_FINDING for f in end_user.court_findings
    )


def court_path_rating(folder: Path = DATASETS) -> int | None:
    """Return the rating the court's path implies: the readings it took plus, where it relied on it, the non-denial."""
    return implied_rating(court_choices(folder), breach_undenied=court_relied_on_non_denial(folder))


def reasoning_chain(choices: Mapping[str, str | None], folder: Path = DATASETS) -> Chain:
    """Lay out the steps from CHOICES to a conclusion and the implied rating, beside the court's."""
    c = check_choices(choices)
    asked = questions(folder)
    steps = []
    for question in asked:
        chosen = c[question.id]
        if question.id == Q_CURE and c[Q_LABEL] == "aws":
            text = "Not reached on this path: a suspension rests on § 6.1, not on a termination clause."
        elif chosen is None:
            text = "Open: choose the reading you find stronger."
        else:
            text = question.follows[chosen]
        steps.append((question.id, chosen, text))
    rating = implied_rating(c)
    if rating is None:
        texts = {q.id: q.question for q in asked}
        open_questions = [texts[q] for q, v in c.items() if v is None]
        conclusion = "No conclusion yet: it still depends on " + " / ".join(open_questions)
    else:
        conclusion = f"Implied rating {rating:+d}: {relief.describe('success_contract', rating)}."
    court = court_rating(folder)
    words = f"The court, as the kit reads its finding: {court:+d}: {relief.describe('success_contract', court)}."
    return Chain(tuple(steps), rating, conclusion, court, words)


def readings_record(
    learner: str,
    choices: Mapping[str, str | None],
    justification: str,
    saved_at: str,
    kit_version: str,
    commitments: Mapping | None = None,
) -> dict:
    """Return the JSON-ready record of a learner's readings: their choices and their own words only.

    COMMITMENTS (casekit.topics.commitments.Commitments.fields: `pre_reveal`, `reasons`, `share_reasons`)
    adds those optional fields (docs/reasoning-schema.md)."""
    learner, justification = (learner or "").strip(), (justification or "").strip()
    if not learner:
        raise ContractError("please type your name (or a class pseudonym) before saving")
    if len(justification) < MIN_JUSTIFICATION:
        raise ContractError(f"please justify your readings in at least {MIN_JUSTIFICATION} characters")
    c = check_choices(choices)
    record = {
        "schema": RECORD_SCHEMA,
        "kit_version": kit_version,
        "learner": learner,
        "saved_at": saved_at,
        "choices": c,
        "justification": justification,
        "implied_rating": implied_rating(c),
    }
    if commitments is not None:
        try:
            check_commitment_fields(commitments, c, _check_reading, "commitments")
        except CommitError as exc:
            raise ContractError(str(exc)) from None
        record.update(commitments)
    return record


def _check_reading(_question: str, value: object) -> None:
    if value not in READINGS:
        raise ContractError(f"{value!r} is not a reading ({', '.join(READINGS)})")


def validate_readings_record(record: object, where: str = "record") -> dict:
    """Check a saved readings record (casekit.contract-readings/1), e.g. for class results; raise ContractError
    naming WHERE. Records without the optional commit-then-compare fields stay valid."""
    if not isinstance(record, dict):
        raise ContractError(f"{where}: not a JSON object")
    if record.get("schema") != RECORD_SCHEMA:
        raise ContractError(f"{where}: schema is {record.get('schema')!r}, expected {RECORD_SCHEMA!r}")
    for key in ("learner", "saved_at", "kit_version", "justification"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise ContractError(f"{where}: field {key!r} missing or empty")
    if not isinstance(record.get("choices"), dict):
        raise ContractError(f"{where}: 'choices' must be an object of question id -> reading")
    try:
        check_choices(record["choices"])
        check_commitment_fields(record, (Q_LABEL, Q_END_USER, Q_CURE), _check_reading, where)
    except (ContractError, CommitError) as exc:
        raise ContractError(f"{where}: {exc}" if not str(exc).startswith(where) else str(exc)) from None
    return record
