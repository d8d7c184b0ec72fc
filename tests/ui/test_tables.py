"""casekit.ui.tables: prose rows as readable HTML, with every row, escaped text, ids as text and badges in words."""

from html.parser import HTMLParser

import pandas as pd
import pytest

from casekit import data
from casekit.ui import tables, theme

VOID = {"br", "img", "hr", "input", "meta", "link", "col"}


class Parsed(HTMLParser):
    """Collects tags, attributes and text of an HTML fragment and checks that its tags nest."""

    def __init__(self, fragment: str):
        super().__init__(convert_charrefs=True)
        self.stack, self.tags, self.text = [], [], []
        self.feed(fragment)
        self.close()
        assert not self.stack, f"unclosed tags: {self.stack}"

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, text):
        self.text.append(text)

    def all(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def plain(self):
        return "".join(self.text)


def hostile_rows():
    return pd.DataFrame(
        {
            "argument": ["<script>alert('x')</script> & \"quoted\"", "plain text"],
            "source_ids": [("order_dkt34", "news_<b>"), ("complaint_dkt1",)],
            "confidence": ["uncertain", "primary"],
        }
    )


def test_prose_table_escapes_every_cell_and_nests_its_tags():
    fragment = tables.prose_table(hostile_rows(), ["argument", "source_ids", "confidence"], "Caption <i>")
    parsed = Parsed(fragment)
    assert "<script>" not in fragment and "<b>" not in fragment and "Caption <i>" not in fragment
    assert not parsed.all("script") and not parsed.all("b") and not parsed.all("i")
    assert "<script>alert('x')</script> & \"quoted\"" in parsed.plain
    assert "Caption <i>" in parsed.plain


@pytest.mark.parametrize(
    "name, columns",
    [
        ("arguments", ["side", "argument", "evidence", "source_ids", "confidence"]),
        ("court_findings", ["finding", "summary", "reasoning", "quote", "source_ids", "confidence"]),
        ("glossary", ["term", "definition", "source_ids", "confidence"]),
    ],
)
def test_prose_table_shows_every_row_with_ids_as_text_never_a_tuple(name, columns):
    frame = data.load(name)
    parsed = Parsed(tables.prose_table(frame, columns, name))
    rows = parsed.all("tr")
    assert len(rows) == len(frame) + 1  # the header row, then one per dataset row
    for row in frame.itertuples():
        assert getattr(row, columns[1]) in parsed.plain
        assert ", ".join(row.source_ids) in parsed.plain and repr(row.source_ids) not in parsed.plain
    assert all("text-align:left" in attrs["style"] for attrs in parsed.all("td") + parsed.all("th"))


def test_tables_sit_in_a_keyboard_reachable_labelled_region():
    parsed = Parsed(tables.prose_table(hostile_rows(), ["argument"], "Arguments on harm"))
    region = parsed.all("div")[0]
    assert region["role"] == "region" and region["tabindex"] == "0" and region["aria-label"] == "Arguments on harm"
    assert "overflow-x:auto" in region["style"] and region["data-lm-suppress-shortcuts"] == "true"


def test_missing_values_show_a_dash_and_unknown_columns_are_named():
    frame = pd.DataFrame({"quote": [None, pd.NA], "confidence": ["primary", None]})
    parsed = Parsed(tables.prose_table(frame, ["quote", "confidence"], "c"))
    assert "None" not in parsed.plain and "<NA>" not in parsed.plain and "nan" not in parsed.plain
    assert parsed.plain.count(tables.MISSING) == 3
    with pytest.raises(KeyError, match="no column.s. nope"):
        tables.prose_table(frame, ["quote", "nope"], "c")


def test_badges_carry_words_and_readable_contrast():
    for level, words in theme.CONFIDENCE_WORDS.items():
        parsed = Parsed(tables.confidence_badge(level))
        (span,) = parsed.all("span")
        assert level.lower() in parsed.plain.lower() and span["title"] == words
        style = dict(part.split(":", 1) for part in span["style"].split(";"))
        assert theme.contrast_ratio(style["color"], style["background"]) >= 4.5, level
    assert "UNCERTAIN" in Parsed(tables.confidence_badge("uncertain")).plain


def test_linked_source_ids_point_at_rows_of_the_sources_table():
    arguments = data.load("arguments")
    cited = sorted({i for ids in arguments["source_ids"] for i in ids})
    links = Parsed(tables.prose_table(arguments, ["argument", "source_ids"], "a", link_sources=True)).all("a")
    anchors = {
        attrs["id"]
        for attrs in Parsed(tables.sources_table(data.load("sources"), ids=cited)).all("tr")
        if "id" in attrs
    }
    targets = {attrs["href"] for attrs in links}
    assert targets == {f"#{tables.SOURCE_ANCHOR}{i}" for i in cited}
    assert {t[1:] for t in targets} <= anchors
    unlinked = Parsed(tables.prose_table(arguments, ["argument", "source_ids"], "a"))
    assert not unlinked.all("a")


def test_sources_table_shows_every_source_with_dates_in_words_and_clickable_wrapping_links():
    sources = data.load("sources")
    fragment = tables.sources_table(sources)
    parsed = Parsed(fragment)
    assert len([r for r in parsed.all("tr") if "id" in r]) == len(sources)
    assert "NaT" not in parsed.plain
    assert parsed.plain.count("date unknown") == int(sources["date"].isna().sum())
    hrefs = [a["href"] for a in parsed.all("a")]
    assert hrefs == [u for u in sources["url"] if isinstance(u, str) and u.startswith("http")]
    assert all(
        a["target"] == "_blank" and "noopener" in a["rel"] and "overflow-wrap:anywhere" in a["style"]
        for a in parsed.all("a")
    )
    assert f"({len(sources)} documents)" in parsed.plain


def test_sources_table_keeps_the_order_asked_for_and_links_only_web_addresses():
    sources = pd.DataFrame(
        {
            "kind": ["news", "order"],
            "title": ["B", "A"],
            "date": [pd.NaT, pd.Timestamp("2021-01-21")],
            "url": ["javascript:alert(1)", "https://example.org/a?b=1&c=2"],
            "confidence": ["reported", "primary"],
            "note": [None, "read in full"],
        },
        index=["b_src", "a_src"],
    )
    parsed = Parsed(tables.sources_table(sources, ids=["a_src", "b_src"], notes=True))
    assert [r["id"] for r in parsed.all("tr") if "id" in r] == ["source-a_src", "source-b_src"]
    assert [a["href"] for a in parsed.all("a")] == ["https://example.org/a?b=1&c=2"]
    assert "javascript:alert(1)" in parsed.plain and "2021-01-21" in parsed.plain and "read in full" in parsed.plain


def test_cards_give_each_row_its_title_badge_fields_and_sources():
    claims = data.load("claims")
    parsed = Parsed(
        tables.prose_cards(
            claims, "name", ["legal_basis", "parler_alleged", "aws_answered"], "The three claims", link_sources=True
        )
    )
    cards = [d for d in parsed.all("div") if d.get("class") == "casekit-card"]
    assert len(cards) == len(claims)
    for row in claims.itertuples():
        assert row.name in parsed.plain and row.parler_alleged in parsed.plain and row.aws_answered in parsed.plain
    assert parsed.plain.count("Parler alleged") == len(claims)
    assert {a["href"] for a in parsed.all("a")} == {f"#source-{i}" for ids in claims["source_ids"] for i in ids}
    assert not any(repr(ids) in parsed.plain for ids in claims["source_ids"])


def test_a_raw_dataframe_shows_with_every_header_named_in_a_keyboard_reachable_region():
    glossary = data.load("glossary").loc[["tro", "preliminary_injunction"], ["term", "definition", "confidence"]]
    parsed = Parsed(tables.frame_html(glossary))
    heads = [h for h in parsed.all("th") if h.get("scope") == "col"]
    assert len(heads) == 1 + len(glossary.columns)
    region = parsed.all("div")[0]
    assert region.get("role") == "region" and region.get("tabindex") == "0" and region.get("aria-label")
    assert [h["scope"] for h in parsed.all("th")].count("row") == len(glossary)
    named = data.load("sources").groupby(["kind", "confidence"], observed=True).size().unstack(fill_value=0)
    assert "kind \\ confidence" in Parsed(tables.frame_html(named)).plain
    with pd.option_context("display.max_rows", 1):
        assert "Showing the first 1 of 2 rows" in Parsed(tables.frame_html(glossary)).plain
