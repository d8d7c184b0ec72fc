"""Reading a news report against the record: the `news_claims` dataset, its checks and its computed verdicts.

Pure functions on plain data (no widgets). `load_claims()` adds to `casekit.data.load("news_claims")` the checks a
data card cannot express: every `record` reference names an existing row of another dataset, every quotation of
the report is short, every verdict carries the weakest confidence of what it rests on, and the verdicts that can
be computed (a page count, a weekday, a ranking) equal what the record gives.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from casekit import data
from casekit.paths import DATASETS

NAME = "news_claims"
VERDICTS = ("consistent", "imprecise", "contradicted", "unverifiable")
SPEAKERS = {
    "reporter": "the reporter",
    "parler_complaint": "Parler's complaint, as the report quotes or relays it",
    "aws_statement": "AWS, as the report quotes it",
}
MAX_QUOTE_WORDS = 12
US_ZONES = ("America/Los_Angeles", "America/New_York")  # the court's zone and the zone most U.S. news keeps
_RANK = {level: rank for rank, level in enumerate(data.CONFIDENCE)}  # primary < reported < uncertain
_PAGES = re.compile(r"\b(\d+)[- ]pages?\b", re.IGNORECASE)
# The columns that name and describe a row of each dataset a claim may cite (title, detail).
ROW_TEXT = {
    "timeline": ("title", "description"),
    "claims": ("name", "legal_basis"),
    "parties": ("name", "description"),
    "court_findings": ("summary", "reasoning"),
    "glossary": ("term", "definition"),
    "sources": ("title", "note"),
}


def words(text: str) -> int:
    """The number of words in TEXT."""
    return len(str(text).split())


def weakest(levels: Iterable[str]) -> str:
    """The weakest of the confidence LEVELS (primary < reported < uncertain); 'uncertain' if there are none."""
    levels = [str(level) for level in levels]
    return max(levels, key=_RANK.__getitem__) if levels else "uncertain"


def record_refs(text: str | None) -> list[tuple[str, str]]:
    """The (dataset, id) pairs of a `record` cell such as "timeline:t17;parties:aws" (ValueError if malformed)."""
    refs = []
    text = "" if text is None or pd.isna(text) else str(text)
    for item in (part.strip() for part in text.split(";")):
        if not item:
            continue
        dataset, sep, row_id = item.partition(":")
        if not sep or not dataset.strip() or not row_id.strip():
            raise ValueError(f"{item!r} is not dataset:id")
        refs.append((dataset.strip(), row_id.strip()))
    return refs


def parse_claimed(text: str) -> tuple[str, str]:
    """The (kind, value) of a `claimed_value` cell: "pages=18" -> ("pages", "18") (ValueError if malformed)."""
    kind, sep, value = str(text).partition("=")
    if not sep or kind.strip() not in ("pages", "weekday", "ranking") or not value.strip():
        raise ValueError(f"{text!r} is not pages=N, weekday=DAY or ranking=A>B>C")
    return kind.strip(), value.strip()


def pages_in(text: str) -> list[int]:
    """The page counts TEXT states ("a 19-page complaint", "19 pages")."""
    return [int(n) for n in _PAGES.findall(str(text))]


def page_verdict(claimed: int, counts: Iterable[int]) -> str:
    """Verdict on a claimed page count against the counts the record states."""
    counts = set(counts)
    if not counts:
        return "unverifiable"
    if counts == {claimed}:
        return "consistent"
    return "imprecise" if claimed in counts else "contradicted"


def weekday_verdict(day: str, moment: dt.datetime) -> str:
    """Verdict on "it happened on DAY" for a time-zone-aware MOMENT, judged in the moment's own zone.

    The local day where the event happened decides: 11:59 PM PST on a Sunday happened on Sunday, although
    it was already Monday in New York. Other zones give only a note (see `weekday_note`), never the verdict.
    """
    if moment.tzinfo is None:
        raise ValueError("the moment has no time zone, so its weekday is not defined")
    return "consistent" if moment.strftime("%A").casefold() == day.strip().casefold() else "contradicted"


def weekday_note(moment: dt.datetime, zones: Sequence[str] = US_ZONES + ("UTC",)) -> str | None:
    """A note naming the ZONES in which MOMENT fell on a different weekday than in its own zone; None if none."""
    local = moment.strftime("%A")
    other = {zone: moment.astimezone(ZoneInfo(zone)).strftime("%A") for zone in zones}
    other = {zone: weekday for zone, weekday in other.items() if weekday != local}
    if not other:
        return None
    where = ", ".join(f"{weekday} in {zone}" for zone, weekday in other.items())
    return f"{local} where it happened ({moment.tzinfo}); {where}"


def moment_of(event: Mapping) -> dt.datetime:
    """The time-zone-aware moment of a timeline row that has a `time` and a `time_zone` (ValueError if it has none)."""
    if pd.isna(event.get("time")) or pd.isna(event.get("time_zone")):
        raise ValueError("the timeline row has no time of day and time zone")
    hours, minutes = (int(part) for part in str(event["time"]).split(":"))
    day = pd.Timestamp(event["date"]).date()
    return dt.datetime.combine(day, dt.time(hours, minutes), tzinfo=ZoneInfo(str(event["time_zone"])))


def rankings(shares: pd.DataFrame) -> dict[str, list[str]]:
    """Each analyst's providers, largest share first, from rows of cloud_market_share."""
    return {
        str(analyst): list(group.sort_values("share_pct", ascending=False)["provider"].astype(str))
        for analyst, group in shares.groupby(shares["analyst"].astype(str), sort=True)
    }


def ranking_verdict(claimed: Sequence[str], ranked: Mapping[str, Sequence[str]]) -> str:
    """Verdict on a claimed ranking (largest first) against each analyst's ranking: it holds for all, some or none."""
    claimed = [name.strip() for name in claimed]
    holds = [list(order[: len(claimed)]) == claimed for order in ranked.values()]
    if not holds:
        return "unverifiable"
    return "consistent" if all(holds) else "imprecise" if any(holds) else "contradicted"


def _frames(claims: pd.DataFrame, folder: Path) -> dict[str, pd.DataFrame]:
    names = {"sources"}
    for cell in claims["record"]:
        try:
            names |= {dataset for dataset, _ in record_refs(cell)}
        except ValueError:
            continue  # reported with its row by load_claims
    known = set(data.names(folder))
    return {name: data.load(name, folder) for name in names if name in known}


def computed_verdict(claim: Mapping, frames: Mapping[str, pd.DataFrame]) -> str | None:
    """The verdict the record gives for CLAIM when it has a `claimed_value`; None when it has none."""
    if pd.isna(claim.get("claimed_value")):
        return None
    kind, value = parse_claimed(claim["claimed_value"])
    rows = [(dataset, frames[dataset].loc[row_id]) for dataset, row_id in record_refs(claim["record"])]
    if kind == "pages":
        texts = [
            " ".join(str(row[c]) for c in ROW_TEXT.get(dataset, ()) if not pd.isna(row[c])) for dataset, row in rows
        ]
        texts += [str(frames["sources"].loc[s, "note"]) for s in claim["source_ids"]]
        return page_verdict(int(value), [n for text in texts for n in pages_in(text)])
    if kind == "weekday":
        timed = [row for dataset, row in rows if dataset == "timeline" and not pd.isna(row["time"])]
        if len(timed) != 1:
            raise ValueError("a weekday claim needs exactly one timeline row with a time of day in its record")
        return weekday_verdict(value, moment_of(timed[0]))
    shares = frames["cloud_market_share"]
    analysts = {str(row["analyst"]) for dataset, row in rows if dataset == "cloud_market_share"}
    return ranking_verdict(value.split(">"), rankings(shares[shares["analyst"].astype(str).isin(analysts)]))


def record_confidence(claim: Mapping, frames: Mapping[str, pd.DataFrame]) -> str:
    """The weakest confidence among CLAIM's record rows and source documents."""
    levels = [frames[dataset].loc[row_id, "confidence"] for dataset, row_id in record_refs(claim["record"])]
    levels += [frames["sources"].loc[s, "confidence"] for s in claim["source_ids"]]
    return weakest(levels)


def _problem(claim: Mapping, frames: Mapping[str, pd.DataFrame]) -> tuple[str, str] | None:
    """The first thing wrong with CLAIM as (column, message), or None."""
    try:
        refs = record_refs(claim["record"])
    except ValueError as exc:
        return "record", str(exc)
    for dataset, row_id in refs:
        if dataset in ("sources", NAME) or dataset not in frames:
            return "record", f"{dataset!r} is not a dataset a claim can cite (use source_ids for documents)"
        if row_id not in frames[dataset].index:
            return "record", f"{row_id!r} is not an id in {dataset}.csv"
    if words(claim["quote"]) > MAX_QUOTE_WORDS:
        return "quote", f"{words(claim['quote'])} words; quote the report in at most {MAX_QUOTE_WORDS}"
    try:
        computed = computed_verdict(claim, frames)
    except (ValueError, KeyError) as exc:
        return "claimed_value", f"cannot compute a verdict ({exc})"
    if computed is not None and computed != str(claim["verdict"]):
        return "verdict", f"{claim['verdict']!r}, but the record gives {computed!r} for {claim['claimed_value']}"
    expected = record_confidence(claim, frames)
    if str(claim["confidence"]) != expected:
        return "confidence", f"{claim['confidence']!r}, but the weakest mark of its record and sources is {expected!r}"
    return None


def load_claims(folder: Path | str = DATASETS) -> pd.DataFrame:
    """Return news_claims, validated against its card and against the rows it cites (DatasetError naming file, row, column)."""
    folder = Path(folder)
    claims = data.load(NAME, folder)
    frames = _frames(claims, folder)
    for line, (_, claim) in enumerate(claims.iterrows(), start=2):
        problem = _problem(claim, frames)
        if problem:
            column, message = problem
            raise data.DatasetError(f"{folder / NAME}.csv: row {line}, column {column}: {message}")
    return claims


def record_frames(claims: pd.DataFrame, folder: Path | str = DATASETS) -> dict[str, pd.DataFrame]:
    """The datasets CLAIMS cite, by name (always with `sources`)."""
    return _frames(claims, Path(folder))


def _describe(dataset: str, row: pd.Series) -> tuple[str, str]:
    if dataset == "cloud_market_share":
        return (
            f"{row['analyst']}, {row['period']}: {row['provider']} {row['share_pct']:g}%",
            f"Market: {row['market_definition']} ({row['geography']}).",
        )
    title, detail = ROW_TEXT.get(dataset, ("id", "id"))
    return str(row[title]), "" if pd.isna(row[detail]) else str(row[detail])


def record_table(claim: Mapping, frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The rows and documents that decide CLAIM: one row each, with what it says, its sources and its confidence."""
    items = []
    for dataset, row_id in record_refs(claim["record"]):
        row = frames[dataset].loc[row_id]
        title, detail = _describe(dataset, row)
        items.append(
            {
                "row": f"{dataset} {row_id}",
                "what": title,
                "says": detail,
                "source_ids": row["source_ids"],
                "confidence": str(row["confidence"]),
            }
        )
    for source_id in claim["source_ids"]:
        row = frames["sources"].loc[source_id]
        items.append(
            {
                "row": f"sources {source_id}",
                "what": str(row["title"]),
                "says": "" if pd.isna(row["note"]) else str(row["note"]),
                "source_ids": (source_id,),
                "confidence": str(row["confidence"]),
            }
        )
    return pd.DataFrame(items, columns=["row", "what", "says", "source_ids", "confidence"])


def verdict_counts(claims: pd.DataFrame) -> dict[str, int]:
    """How many claims get each verdict, in VERDICTS order."""
    counts = claims["verdict"].astype(str).value_counts()
    return {verdict: int(counts.get(verdict, 0)) for verdict in VERDICTS}


def allegation_only(claims: pd.DataFrame) -> list[str]:
    """The ids of the claims that rest only on Parler's allegation: Parler makes them and the record can neither confirm nor refute them."""
    mask = (claims["speaker"].astype(str) == "parler_complaint") & (claims["verdict"].astype(str) == "unverifiable")
    return list(claims.index[mask])


def verdict_summary(claims: pd.DataFrame, counts: bool = True) -> str:
    """A text summary of every claim's verdict, with who makes it, the reason and the confidence.

    With COUNTS false the first line does not tally the verdicts (a lesson that shows the summary
    leaves the counting to an exercise).
    """
    head = f"{len(claims)} claims of the report checked against the record"
    if counts:
        head += ": " + ", ".join(f"{n} {verdict}" for verdict, n in verdict_counts(claims).items()) + "."
    else:
        head += ", grouped by verdict:"
    lines = [head]
    for verdict in VERDICTS:
        for _, claim in claims[claims["verdict"].astype(str) == verdict].iterrows():
            lines.append(
                f"- {claim['topic']} ({SPEAKERS[str(claim['speaker'])]}): {verdict}, "
                f"confidence {claim['confidence']}. {claim['reason']}"
            )
    return "\n".join(lines)


def guess_summary(guesses: Mapping[str, str], claims: pd.DataFrame) -> str:
    """A text summary of the learner's GUESSES (claim id -> verdict) beside the record's verdicts."""
    guessed = [cid for cid in claims.index if cid in guesses]
    if not guessed:
        return f"No guesses yet: pick a claim and choose your verdict ({len(claims)} claims to check)."
    same = sum(guesses[cid] == str(claims.loc[cid, "verdict"]) for cid in guessed)
    lines = [
        f"You have guessed {len(guessed)} of {len(claims)} claims; {same} of your guesses match the record's verdict."
    ]
    lines += [
        f"- {claims.loc[cid, 'topic']}: you said {guesses[cid]}; the record says {claims.loc[cid, 'verdict']}."
        for cid in guessed
    ]
    return "\n".join(lines)
