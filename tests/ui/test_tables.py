"""casekit.ui.tables: prose rows as readable HTML, with every row, escaped text, ids as text and badges in words."""

from html.parser import HTMLParser

import numpy as np
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


def test_a_note_naming_the_research_file_gets_one_line_saying_what_that_is():
    sources = pd.DataFrame(
        {
            "kind": ["news", "news"],
            "title": ["A", "B"],
            "date": [pd.NaT, pd.NaT],
            "url": [None, None],
            "confidence": ["reported", "reported"],
            "note": ["Cited by the research file (section 8.2).", "Named by the research file (section 11.4)."],
        },
        index=["a", "b"],
    )
    explained = tables.sources_table(sources)
    assert explained.count(tables.RESEARCH_FILE_NOTE) == 1 and "not shipped with the kit" in explained
    assert tables.RESEARCH_FILE_NOTE not in tables.sources_table(sources, notes=False)
    assert tables.RESEARCH_FILE_NOTE not in tables.sources_table(sources.assign(note=["read in full", None]))


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


# --- ids, source ids and numbers never break inside a token (issue 22) ----------------------------------


def token_spans(parsed):
    return [attrs for attrs in parsed.all("span") if attrs.get("class") == "casekit-token"]


def test_no_cell_lets_the_browser_break_anywhere_inside_a_word():
    fragments = [
        tables.prose_table(hostile_rows(), ["argument", "source_ids", "confidence"], "c"),
        tables.frame_html(data.load("glossary").head(3)),
        tables.sources_table(data.load("sources").head(3)),
    ]
    for fragment in fragments:
        for attrs in Parsed(fragment).all("td") + Parsed(fragment).all("th"):
            assert "overflow-wrap:anywhere" not in attrs["style"], attrs["style"]


def test_a_long_row_id_is_one_unbreakable_token_in_its_row_header():
    frame = pd.DataFrame({"text": ["Termination for convenience. " * 10]}, index=["csa_7_2_b_ii"])
    fragment = tables.frame_html(frame)
    parsed = Parsed(fragment)
    (row_header,) = [h for h in parsed.all("th") if h.get("scope") == "row"]
    assert "overflow-wrap:anywhere" not in row_header["style"]
    assert "<span class='casekit-token' style='white-space:nowrap" in fragment
    assert f"{tables.TOKEN_STYLE}'>csa_7_2_b_ii</span>" in fragment


def test_a_multi_index_row_header_keeps_each_id_whole():
    frame = pd.DataFrame({"n": [1]}, index=pd.MultiIndex.from_tuples([("csa_7_2_b_ii", "order_dkt34")]))
    fragment = tables.frame_html(frame)
    assert f"{tables.TOKEN_STYLE}'>csa_7_2_b_ii</span> / " in fragment
    assert f"{tables.TOKEN_STYLE}'>order_dkt34</span>" in fragment


def test_source_ids_wrap_only_between_ids_never_inside_one():
    fragment = tables.source_ids_html(("complaint_dkt1", "order_dkt34_at_p12"), link=True)
    parsed = Parsed(fragment)
    assert len(token_spans(parsed)) == 2 and "anywhere" not in fragment
    assert all(s["style"] == tables.TOKEN_STYLE for s in token_spans(parsed))
    assert parsed.plain == "complaint_dkt1, order_dkt34_at_p12"
    # the separator sits outside the tokens, so a line may break there and only there
    assert "</span>, <span" in fragment


def test_the_sources_tables_ids_never_break():
    fragment = tables.sources_table(data.load("sources").head(2))
    row_headers = [h for h in Parsed(fragment).all("th") if h.get("scope") == "row"]
    assert row_headers and all("anywhere" not in h["style"] for h in row_headers)
    assert fragment.count("class='casekit-token'") >= 2


def test_prose_still_wraps_between_words_and_long_text_is_not_a_token():
    prose = "A temporary restraining order. " * 5
    assert "casekit-token" not in tables.cell_html("definition", prose)
    assert "casekit-token" in tables.cell_html("id", "csa_7_2_b_ii")
    assert "casekit-token" not in tables.cell_html("id", "x" * (tables.TOKEN_MAX + 1))
    assert "overflow-wrap:break-word" in tables.CELL_STYLE and "white-space:normal" in tables.CELL_STYLE


def test_badges_never_wrap_or_clip_and_are_at_least_12px():
    badge = Parsed(tables.confidence_badge("uncertain")).all("span")[0]
    style = dict(part.split(":", 1) for part in badge["style"].split(";"))
    assert style["white-space"] == "nowrap" and style["min-width"] == "max-content"
    assert style["font-size"] == "12px"


def test_notes_under_a_source_title_are_at_least_12px():
    sources = data.load("sources")
    noted = sources[sources["note"].notna()].head(1)
    small = [t for t in Parsed(tables.sources_table(noted)).all("small")]
    assert small and all("font-size:12px" in s["style"] for s in small)


# --- numbers as a reader writes them (issue 22) ---------------------------------------------------


@pytest.mark.parametrize(
    "value, shown",
    [
        (26000.0, "26,000"),
        (10_000_000.0, "10,000,000"),
        (np.float64(1557.0), "1,557"),
        (np.int64(26000), "26,000"),
        (37.1, "37.1"),
        (np.float64(2585.9), "2,585.9"),
        (3, "3"),
    ],
)
def test_numbers_show_as_integers_with_separators_and_never_as_numpy_reprs(value, shown):
    assert tables.number_text(value) == shown
    cell = tables.cell_html("value", value)
    assert f">{shown}</span>" in cell and "np." not in cell and "casekit-token" in cell


def test_a_year_column_keeps_its_digits_together():
    assert tables.number_text(2021, "year") == "2021"


def test_dataset_numbers_show_without_a_trailing_zero():
    record = data.load("moderation_record")
    parsed = Parsed(tables.prose_table(record, ["fact", "value"], "c"))
    assert "26000.0" not in parsed.plain and "26,000" in parsed.plain
    guidelines = Parsed(tables.frame_html(data.load("merger_guidelines")[["lower", "upper"]])).plain
    assert "1500.0" not in guidelines and "10,000" in guidelines


def test_readable_frames_print_numpy_numbers_plainly_inside_tuples():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    tables.use_readable_frames()
    plain = shell.display_formatter.formatters["text/plain"]
    assert plain((np.float64(1557.0), 1557.0)) == "(1557.0, 1557.0)"
    assert plain([np.int64(3), np.bool_(True), np.float32(0.1)]) == "[3, True, 0.1]"
    assert "Table of" in shell.display_formatter.formatters["text/html"](data.load("glossary").head(1))


def test_a_pin_cite_is_never_broken_between_its_parentheses():
    cell = tables.cell_html("question", "Can § 7.2(b)(ii) be used without § 7.2(b)(i)'s cure period? (a) yes")
    assert (
        f"{tables.TOKEN_STYLE}'>7.2(b)(ii)</span>" in cell and f"{tables.TOKEN_STYLE}'>7.2(b)(i)&#x27;s</span>" in cell
    )
    assert Parsed(cell).plain == "Can § 7.2(b)(ii) be used without § 7.2(b)(i)'s cure period? (a) yes"
    sources = pd.DataFrame(
        {"kind": ["order"], "title": ["Order on § 7.2(b)(ii)"], "date": [pd.NaT], "url": [None]}
        | {"confidence": ["primary"], "note": [None]},
        index=["order_dkt34"],
    )
    assert f"{tables.TOKEN_STYLE}'>7.2(b)(ii)</span>" in tables.sources_table(sources)


def test_each_frame_is_named_by_a_caption_that_tells_frames_of_one_size_apart():
    """Issue 29 (landmark-unique): lesson 02 showed three glossary frames all named 'Table of 2 rows and 4 columns'."""
    import html
    import re

    glossary = data.load("glossary")[["term", "definition", "source_ids", "confidence"]]
    first, second = glossary.iloc[0:2], glossary.iloc[2:4]
    names = [tables.frame_caption(first), tables.frame_caption(second)]
    assert names[0] != names[1]
    assert names[0].startswith("Table of 2 rows and 4 columns: term, definition, source_ids, confidence; first row: ")
    html_text = tables.frame_html(first)
    region = re.search(r"role='region' aria-label='([^']*)'", html_text).group(1)
    caption = re.search(r"<caption[^>]*>([^<]*)</caption>", html_text).group(1)
    assert region == caption == html.escape(names[0], quote=True)
    wide = pd.DataFrame({c: ["x" * 60] for c in "abcdef"})
    assert tables.frame_caption(wide).endswith("a, b, c, d and 2 more; first row: " + "x" * 39 + "…")
    assert tables.frame_caption(pd.DataFrame({"n": [1557.0]})).endswith("first row: 1,557")
    unsafe = tables.frame_html(pd.DataFrame({"<b>": ["<i>'quoted'</i>"]}))
    assert "<b>" not in unsafe.replace("<tbody>", "") and "<i>" not in unsafe
