"""The moot court's pure logic: briefs, warnings, IRAC outline, Markdown, memos and the bench's ruling."""

import json
from pathlib import Path

import pytest

from casekit import data
from casekit.topics.moot import reasoning as moot
from casekit.topics.relief import reasoning as relief

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "lessons" / "briefs").glob("*.json"))
LEGACY_BRIEF = Path(__file__).with_name(
    "moot_legacy_brief.json"
)  # the kit's Parler example as saved before the IRAC fields


@pytest.fixture(scope="module")
def catalogues():
    return moot.load_catalogues()


def _factor_info():
    return data.load("relief_factors").set_index("id", drop=False).to_dict("index")


@pytest.fixture(scope="module")
def factor_info():
    return _factor_info()


def _uncertain_ids(catalogue, confidence="uncertain"):
    return [i for i, row in catalogue.items() if row["confidence"] == confidence]


def test_evidence_ids_are_unique_across_datasets(catalogues):
    _, evidence = catalogues
    sizes = sum(len(data.load(name)) for name in moot.EVIDENCE_TABLES)
    assert len(evidence) == sizes


def test_evidence_catalogue_rejects_a_duplicate_id():
    row = {"id": "x1", "title": "a", "item": "a", "source_ids": "s", "confidence": "primary"}
    with pytest.raises(moot.BriefError, match="x1"):
        moot.evidence_catalogue({"timeline": [row], "antitrust_evidence": [row]})


def test_warnings_cites_nothing_and_no_point(catalogues):
    arguments, evidence = catalogues
    warnings = moot.brief_warnings({}, arguments, evidence)
    assert set(warnings) == set(relief.FACTORS)
    assert all(w == [moot.NOTHING_CITED, moot.NO_APPLICATION, moot.NO_CONCLUSION] for w in warnings.values())


def test_warning_when_a_point_rests_only_on_uncertain_rows(catalogues):
    arguments, evidence = catalogues
    uncertain_arg = next(i for i in _uncertain_ids(arguments) if arguments[i]["factor_id"] == "success_contract")
    uncertain_ev = _uncertain_ids(evidence)[0]
    entry = {"arguments": [uncertain_arg], "evidence": [uncertain_ev], "application": "The clause allowed it."}
    entry = moot.check_factors({"success_contract": entry})["success_contract"]
    assert moot.point_warnings(entry, arguments, evidence) == [moot.ONLY_UNCERTAIN, moot.NO_CONCLUSION]
    firm = _uncertain_ids(evidence, "primary")[0]
    entry = {**entry, "evidence": [uncertain_ev, firm], "conclusion": "Favours AWS."}
    assert moot.point_warnings(entry, arguments, evidence) == []


def test_check_factors_refuses_foreign_and_unknown_rows(catalogues):
    arguments, evidence = catalogues
    wrong_factor = next(i for i, r in arguments.items() if r["factor_id"] == "public_interest")
    with pytest.raises(moot.BriefError, match="success_contract: not an argument on this factor"):
        moot.check_factors({"success_contract": {"arguments": [wrong_factor]}}, arguments, evidence)
    with pytest.raises(moot.BriefError, match="no such evidence row: nope"):
        moot.check_factors({"public_interest": {"evidence": ["nope"]}}, arguments, evidence)
    with pytest.raises(moot.BriefError, match="unknown factor"):
        moot.check_factors({"harm": {}})
    with pytest.raises(moot.BriefError, match="the rule application must be one line"):
        moot.check_factors({"public_interest": {"point": "two\nlines"}})
    with pytest.raises(moot.BriefError, match="the conclusion must be one line"):
        moot.check_factors({"public_interest": {"conclusion": "two\nlines"}})
    with pytest.raises(moot.BriefError, match="the issue is longer than 200 characters"):
        moot.check_factors({"public_interest": {"issue": "x" * 201}})
    with pytest.raises(moot.BriefError, match="not both"):
        moot.check_factors({"public_interest": {"point": "a", "application": "b"}})
    with pytest.raises(moot.BriefError, match="must be text"):
        moot.check_factors({"public_interest": {"application": 3}})
    with pytest.raises(moot.BriefError, match="chosen twice"):
        moot.check_factors({"public_interest": {"evidence": ["t01", "t01"]}})


OWN_WORDS = {
    "issue": " Could AWS end service at once? ",
    "application": " Thirty days were promised.\nAWS gave less than thirty hours. ",
    "conclusion": " Favours Parler strongly. ",
}


def test_brief_record_keeps_the_learners_own_words_and_round_trips_through_validate(catalogues):
    arguments, evidence = catalogues
    factors = {
        "success_contract": {
            "arguments": ["arg_success_contract_parler_1"],
            "evidence": ["csa_7_2_b_i"],
            **OWN_WORDS,
        }
    }
    record = moot.brief_record(" Ana ", "Parler", factors, "2026-03-04T09:15:02+00:00", "0.1.0", arguments, evidence)
    assert list(record) == ["schema", "kit_version", "learner", "saved_at", "side", "factors", "conclusion"]
    assert record["learner"] == "Ana"
    assert record["factors"]["success_contract"] == {
        "arguments": ["arg_success_contract_parler_1"],
        "evidence": ["csa_7_2_b_i"],
        **{key: text.strip() for key, text in OWN_WORDS.items()},
    }
    assert record["factors"]["public_interest"] == {
        "arguments": [],
        "evidence": [],
        "issue": "",
        "application": "",
        "conclusion": "",
    }
    assert list(record["factors"]) == list(relief.FACTORS)
    assert moot.validate_brief(json.loads(json.dumps(record)), "f.json", arguments, evidence) == record


@pytest.mark.parametrize(
    "entry, missing",
    [
        ({"arguments": ["arg_public_interest_aws_1"]}, "rule application and conclusion"),
        ({"application": "Safety first."}, "conclusion"),
        ({"issue": "Is safety the public interest?", "conclusion": "Favours AWS."}, "rule application"),
        ({"application": "Safety first.", "conclusion": "   "}, "conclusion"),
    ],
)
def test_brief_record_refuses_an_argued_factor_without_the_learners_application_or_conclusion(entry, missing):
    factors = {"public_interest": entry, "success_contract": {"application": "x", "conclusion": "y"}}
    with pytest.raises(moot.BriefError, match=f"public_interest: {missing}\\)"):
        moot.brief_record("Ana", "AWS", factors, "t", "0.1.0")


def test_a_brief_saved_before_the_irac_fields_still_loads_and_reads_its_point_as_the_application(catalogues):
    arguments, evidence = catalogues
    legacy = json.loads(LEGACY_BRIEF.read_text(encoding="utf-8"))
    assert all(set(e) == {"arguments", "evidence", "point"} for e in legacy["factors"].values())
    assert moot.validate_brief(legacy, LEGACY_BRIEF.name, arguments, evidence) is legacy
    clean = moot.check_factors(legacy["factors"], arguments, evidence)
    for factor, entry in legacy["factors"].items():
        assert clean[factor]["application"] == entry["point"] and clean[factor]["conclusion"] == ""
    warnings = moot.brief_warnings(legacy["factors"], arguments, evidence)
    assert all(w == [moot.NO_CONCLUSION] for w in warnings.values())  # no conclusion was ever asked for
    again = moot.brief_record(legacy["learner"], legacy["side"], legacy["factors"], "t", "0.1.0", arguments, evidence)
    assert again["factors"]["success_contract"]["application"] == legacy["factors"]["success_contract"]["point"]
    text = moot.brief_markdown(legacy, moot.irac_outline(legacy, _factor_info(), arguments, evidence))
    assert legacy["factors"]["public_interest"]["point"] in text and "**Conclusion.** (not written)" in text


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda r: r.update(schema="casekit.reasoning/1"), "schema is"),
        (lambda r: r.update(side="Twitter"), "side is"),
        (lambda r: r.pop("factors"), "'factors' missing"),
        (lambda r: r.update(learner=" "), "'learner' missing"),
        (lambda r: r["factors"].update(public_interest={"arguments": "arg"}), "must be a list"),
        (lambda r: r.update(written_for_kit="yes"), "written_for_kit"),
    ],
)
def test_validate_brief_names_the_file_and_the_fault(change, message):
    record = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    change(record)
    with pytest.raises(moot.BriefError, match=message) as caught:
        moot.validate_brief(record, "class/b.json")
    assert str(caught.value).startswith("class/b.json: ")


def test_brief_record_refuses_empty_briefs_and_names():
    with pytest.raises(moot.BriefError, match="empty"):
        moot.brief_record("Ana", "AWS", {}, "t", "0.1.0")
    with pytest.raises(moot.BriefError, match="empty"):
        moot.brief_record("Ana", "AWS", {"public_interest": {"issue": " ", "evidence": []}}, "t", "0.1.0")
    with pytest.raises(moot.BriefError, match="name"):
        moot.brief_record(" ", "AWS", {"public_interest": {"application": "x", "conclusion": "y"}}, "t", "0.1.0")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_briefs_validate_and_are_labelled(path, catalogues):
    arguments, evidence = catalogues
    record = moot.validate_brief(json.loads(path.read_text(encoding="utf-8")), path.name, arguments, evidence)
    assert record["written_for_kit"] is True and "written for the kit" in record["learner"]
    assert all(w == [] for w in moot.brief_warnings(record["factors"], arguments, evidence).values())
    assert all(
        set(e) == {"arguments", "evidence", "issue", "application", "conclusion"} for e in record["factors"].values()
    )
    assert all(e["issue"] and e["application"] and e["conclusion"] for e in record["factors"].values())


def test_example_briefs_cover_both_sides():
    sides = sorted(json.loads(p.read_text(encoding="utf-8"))["side"] for p in EXAMPLES)
    assert sides == ["AWS", "Parler"]


def test_irac_outline_and_markdown_show_the_learners_words_and_the_rule_only_as_a_reference(catalogues, factor_info):
    arguments, evidence = catalogues
    brief = moot.brief_record(
        "Ana",
        "AWS",
        {
            "public_interest": {
                "arguments": ["arg_public_interest_aws_1"],
                "evidence": ["t09"],
                "application": "Safety first.",
                "conclusion": "This favours my client a little.",
            }
        },
        "2026-03-04T09:15:02+00:00",
        "0.1.0",
        arguments,
        evidence,
    )
    sections = moot.irac_outline(brief, factor_info, arguments, evidence)
    assert [s.factor for s in sections] == list(relief.FACTORS)
    public = sections[-1]
    assert (public.label, public.rule) == (
        factor_info["public_interest"]["label"],
        factor_info["public_interest"]["rule"],
    )
    assert (public.issue, public.application, public.conclusion) == (
        "",
        "Safety first.",
        "This favours my client a little.",
    )
    assert [c.id for c in public.cited] == ["arg_public_interest_aws_1", "t09"]
    assert public.warnings == () and public.argued
    assert not sections[0].argued and sections[0].conclusion == "" and moot.NOTHING_CITED in sections[0].warnings
    text = moot.brief_markdown(brief, sections)
    assert text.startswith("# Brief for AWS\n") and "\n## 6. Public interest\n" in text
    assert "**Application.** Safety first." in text and "`t09` (timeline" in text
    assert "**Conclusion.** This favours my client a little." in text
    assert "**Rule** (the kit's paraphrase, for reference)." in text and "**Issue.**" not in text
    assert text.count("Not argued.") == 5 and "favours AWS" not in text  # the kit writes no conclusion
    assert "(no overall conclusion written)" in text and "written for the kit" not in text


def test_markdown_nests_an_example_as_a_quote_with_smaller_headings(catalogues, factor_info):
    arguments, evidence = catalogues
    brief = moot.example_briefs(arguments=arguments, evidence=evidence)["aws-example-brief.json"]
    sections = moot.irac_outline(brief, factor_info, arguments, evidence)
    text = moot.brief_markdown(brief, sections, heading_level=4, quoted=True)
    lines = text.splitlines()
    assert lines[0] == "> #### Brief for AWS" and all(line.startswith(">") for line in lines)
    assert not any(line.startswith(("> # ", "> ## ", "> ### ")) for line in lines)
    assert "> ##### 1. Likely success: Sherman Act § 1" in lines
    assert brief["factors"]["success_sherman"]["conclusion"] in text
    with pytest.raises(ValueError, match="heading_level"):
        moot.brief_markdown(brief, sections, heading_level=6)


def test_markdown_flags_uncertain_rows_in_words(catalogues, factor_info):
    arguments, evidence = catalogues
    row = _uncertain_ids(evidence)[0]
    factors = {"success_contract": {"evidence": [row], "application": "x", "conclusion": "y"}}
    brief = moot.brief_record("Ana", "AWS", factors, "t", "0.1.0")
    text = moot.brief_markdown(brief, moot.irac_outline(brief, factor_info, arguments, evidence))
    assert f"`{row}` (" in text and "uncertain **UNCERTAIN**" in text
    assert "> Warning: this factor rests only on uncertain rows" in text


def test_search_rows_matches_every_word_in_id_dataset_or_text(catalogues):
    _, evidence = catalogues
    assert moot.search_rows(evidence, "") == list(evidence) == moot.search_rows(evidence, "   ")
    backlog = moot.search_rows(evidence, "BACKLOG")
    assert backlog and all("backlog" in f"{i} {evidence[i]['text']}".casefold() for i in backlog)
    assert moot.search_rows(evidence, "t16") == ["t16"]
    both = moot.search_rows(evidence, "backlog 26,000")
    assert both and set(both) < set(backlog)
    assert set(moot.search_rows(evidence, "contract_clauses")) == {
        i for i, r in evidence.items() if r["dataset"] == "contract_clauses"
    }
    assert moot.search_rows(evidence, "no-such-word-anywhere") == []


def test_memo_record_recomputes_the_outcome():
    ratings = {
        "success_sherman": -2,
        "success_contract": 1,
        "success_tortious": -1,
        "irreparable_harm": 1,
        "balance_of_equities": 1,
        "public_interest": 1,
    }
    memo = moot.memo_record("Bench 1", ratings, "t", "0.1.0", ["a.json"], {"public_interest": " users "})
    assert memo["outcome"]["granted"] is relief.weigh(ratings).granted is True
    assert memo["reasons"]["public_interest"] == "users" and memo["reasons"]["success_sherman"] == ""
    assert moot.validate_memo(memo, "m.json") is memo
    with pytest.raises(moot.BriefError, match="m.json: assessments"):
        moot.validate_memo({**memo, "assessments": {**ratings, "public_interest": 3}}, "m.json")
    with pytest.raises(moot.BriefError, match="reasons: unknown factor"):
        moot.memo_record("B", ratings, "t", "0.1.0", reasons={"harm": "x"})


def test_bench_ruling_differs_from_the_court_where_sides_oppose():
    findings = moot.court_findings_by_factor(data.load("court_findings").to_dict("records"))
    ratings = {
        "success_sherman": -2,
        "success_contract": 2,
        "success_tortious": -1,
        "irreparable_harm": 2,
        "balance_of_equities": 1,
        "public_interest": -1,
    }
    ruling = moot.bench_ruling(ratings, findings)
    assert ruling.court_outcome.granted is False
    assert ruling.outcome.granted is relief.weigh(ratings).granted
    assert ruling.differences == ("success_contract", "balance_of_equities")
    assert "irreparable_harm" not in ruling.differences  # the court's finding there is unclear
    text = moot.ruling_text(ruling, {})
    assert (
        "The bench's ruling: the motion is DENIED." in text
        and "success_contract: you Parler; court AWS (differs)" in text
    )


def _court_findings():
    return moot.court_findings_by_factor(data.load("court_findings").to_dict("records"))


def test_court_ruling_text_reports_the_uncertain_harm_finding_as_not_counted():
    findings, labels = _court_findings(), data.load("relief_factors")["label"].to_dict()
    assert findings["irreparable_harm"] == "unclear"  # the docket text's conclusion does not mention it
    text = moot.court_ruling_text(findings, labels)
    harm = labels["irreparable_harm"]
    assert f"- {harm}: {moot.NOT_COUNTED}." in text.splitlines()
    reasons = [line for line in text.splitlines() if "fails on" in line or line.startswith("Decided by")]
    assert len(reasons) == 3 and not any(harm in line for line in reasons)
    assert f"The result is the same whatever rating {harm} is given." in text
    assert "DENIED" in text.splitlines()[0] and "you" not in text.casefold().split() and "balanced" not in text
    assert f"- {labels['public_interest']}: for AWS." in text


@pytest.mark.parametrize("finding", ["unclear", "not_decided"])
def test_court_ruling_text_says_when_the_result_turns_on_an_uncertain_finding(finding):
    findings = {**{f: "for_parler" for f in relief.FACTORS}, "irreparable_harm": finding}
    text = moot.court_ruling_text(findings, {})
    assert relief.weigh(relief.court_assessments(findings)).granted is False
    assert "not met only because of factors the record leaves uncertain" in text
    assert "The result depends on how irreparable_harm is rated" in text and "Decided by" not in text
    assert f"- irreparable_harm: {moot.NOT_COUNTED}." in text and "- public_interest: for Parler." in text


def test_court_ruling_text_without_uncertain_findings_lists_every_failure():
    findings = {f: "for_aws" for f in relief.FACTORS}
    text = moot.court_ruling_text(findings, {})
    assert moot.NOT_COUNTED not in text and "whatever rating" not in text
    assert "fails on success_sherman / success_contract / success_tortious, irreparable_harm" in text


def test_example_briefs_are_the_kits_briefs_validated(catalogues):
    briefs = moot.example_briefs(arguments=catalogues[0], evidence=catalogues[1])
    assert briefs == {p.name: json.loads(p.read_text(encoding="utf-8")) for p in EXAMPLES}


def test_example_briefs_name_a_file_that_is_not_json_or_not_a_brief(tmp_path):
    (tmp_path / "a.json").write_text(EXAMPLES[0].read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(moot.BriefError, match=r"b\.json: cannot be read as JSON"):
        moot.example_briefs(tmp_path)
    (tmp_path / "b.json").write_text(json.dumps({"schema": "casekit.brief/1"}), encoding="utf-8")
    with pytest.raises(moot.BriefError, match=r"b\.json: field 'learner' missing"):
        moot.example_briefs(tmp_path)


def test_rows_cited_by_lists_each_cited_row_once_in_first_cited_order(catalogues):
    arguments, evidence = catalogues
    briefs = [json.loads(p.read_text(encoding="utf-8")) for p in EXAMPLES]
    expected = list(
        dict.fromkeys(
            i
            for b in briefs
            for f in relief.FACTORS
            for key in ("arguments", "evidence")
            for i in b["factors"].get(f, {}).get(key, [])
        )
    )
    rows = moot.rows_cited_by(briefs, arguments, evidence)
    assert [r.id for r in rows] == expected and len(rows) > 2
    assert all(r.source_ids == tuple((arguments.get(r.id) or evidence[r.id])["source_ids"]) for r in rows)
    sources = data.cited_sources(rows)
    assert set(sources.index) == {s for r in rows for s in r.source_ids}


def test_court_findings_by_factor_refuses_conflicts():
    with pytest.raises(moot.BriefError, match="two different findings"):
        moot.court_findings_by_factor(
            [{"factor_id": "harm", "finding": "for_aws"}, {"factor_id": "harm", "finding": "unclear"}]
        )


# --- the widgets (thin views): one interaction each, and what they save --------------------------------


def test_brief_builder_records_only_the_learners_words_and_saves_json_and_markdown(tmp_path, catalogues):
    from casekit.topics.moot.widgets import BriefBuilder

    arguments, evidence = catalogues
    builder = BriefBuilder(folder=tmp_path)
    assert all(c.value == [] and c.words == "" for c in builder.choosers.values())  # nothing pre-chosen
    assert all(b.value == "" for b in (*builder.issues.values(), *builder.conclusions.values()))  # nothing pre-written
    assert "Brief for Parler" in builder.outline.html and builder.outline.html.count("⚠ Warning") == 18
    builder.side.value = "AWS"
    builder.choosers["public_interest"].value = ["arg_public_interest_aws_1", "t09"]
    assert "favours AWS" not in builder.outline.html and "no conclusion yet" in builder.outline.html
    assert builder.save() is None and "name" in builder.message.value and not list(tmp_path.iterdir())
    builder.name.value = "Ana"
    assert builder.save() is None and "public_interest: rule application and conclusion" in builder.message.value
    builder.choosers["public_interest"].words = "Safety\nfirst. "
    builder.issues["public_interest"].value = " Is  safety the public interest? "
    builder.conclusions["public_interest"].value = "Favours AWS,\tstrongly."
    assert "Favours AWS, strongly." in builder.outline.html
    path = builder.save()
    record = moot.validate_brief(json.loads(path.read_text(encoding="utf-8")), path.name, arguments, evidence)
    assert record["factors"]["public_interest"] == {
        "arguments": ["arg_public_interest_aws_1"],
        "evidence": ["t09"],
        "issue": "Is safety the public interest?",
        "application": "Safety\nfirst.",
        "conclusion": "Favours AWS, strongly.",
    }
    hand_in = path.with_suffix(".md").read_text(encoding="utf-8")
    assert hand_in.startswith("# Brief for AWS") and "**Application.** Safety first." in hand_in
    builder.issues["public_interest"].value = "x" * (moot.MAX_ISSUE_CHARS + 1)
    assert "role='alert'" in builder.outline.html and "longer than 200 characters" in builder.outline.html
    assert builder.save() is None and "longer than 200 characters" in builder.message.value


def test_brief_builder_lists_arguments_first_then_the_record_rows_its_search_finds(tmp_path, catalogues):
    from casekit.topics.moot.widgets import BriefBuilder

    arguments, evidence = catalogues
    builder = BriefBuilder(folder=tmp_path)
    chooser = builder.choosers["balance_of_equities"]
    own = [i for i, r in arguments.items() if r["factor_id"] == "balance_of_equities"]
    values = [o["value"] for o in chooser.options]
    assert sorted(values[: len(own)]) == sorted(own) and values[len(own) :] == list(evidence)
    assert all(o["group"].startswith("Evidence: ") for o in chooser.options[len(own) :])
    chooser.value = ["t16"]
    builder.searches["balance_of_equities"].value = "backlog"
    values = [o["value"] for o in chooser.options]
    assert values[: len(own)] == [o["value"] for o in builder.argument_options["balance_of_equities"]]
    assert set(values[len(own) :]) == set(moot.search_rows(evidence, "backlog")) | {"t16"}  # a ticked row stays
    assert chooser.value == ["t16"]
    other = builder.choosers["public_interest"]  # another factor's list is untouched
    assert len(other.options) == len(builder.argument_options["public_interest"]) + len(evidence)
    builder.searches["balance_of_equities"].value = ""
    assert len(chooser.options) == len(own) + len(evidence)


def test_bench_memo_rules_with_weigh_and_saves_a_valid_memo(tmp_path):
    from casekit.topics.moot.widgets import EXAMPLE_BRIEFS, BenchMemo

    memo = BenchMemo(folder=tmp_path)
    assert [p.name for p in memo.brief_paths] == [p.name for p in EXAMPLE_BRIEFS]
    assert "Brief for AWS" in memo.briefs_html.value and "Brief for Parler" in memo.briefs_html.value
    for factor in relief.FACTORS:
        memo.sliders[factor].value = 2
    assert "the motion is GRANTED" in memo.ruling.html
    memo.name.value = "Bench 1"
    path = memo.save()
    record = moot.validate_memo(json.loads(path.read_text(encoding="utf-8")), path.name)
    assert record["outcome"]["granted"] is True and record["briefs"] == [p.name for p in EXAMPLE_BRIEFS]


def test_bench_memo_names_a_brief_it_cannot_read(tmp_path):
    from casekit.topics.moot.widgets import BenchMemo

    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    memo = BenchMemo(briefs=[broken], folder=tmp_path)
    assert "broken.json cannot be read" in memo.briefs_html.value


# --- lesson 05's figure: lesson 00's timeline with what came after the order ---------------------------


def test_aftermath_figure_extends_the_timeline_after_the_order():
    from casekit.topics.case import figures
    from casekit.topics.case.figures import TIMELINE_VIEWS, rows_after

    timeline = data.load("timeline")
    after = rows_after(timeline, "t23")
    assert "t23" not in set(after["id"]) and {"t26", "t30", "t31", "t32", "t34", "t35", "t37", "t40"} <= set(
        after["id"]
    )
    assert (after["date"] >= timeline.loc["t23", "date"]).all()
    fig = figures.aftermath_figure(timeline, "t23")
    assert len(fig.layout.shapes) == 1 and fig.layout.shapes[0].x0 == "2021-01-21"
    assert fig.layout.updatemenus[0].active == len(TIMELINE_VIEWS) - 1 and fig.layout.xaxis.range is None
    assert sum(len(t.x) for t in fig.data if t.customdata is not None) == len(timeline)  # every event drawn
    summary = figures.aftermath_summary(timeline, "t23")
    assert summary.startswith("What came after:") and f"{len(after)} events" in summary
    for row in after.itertuples():
        assert row.title in summary
    with pytest.raises(KeyError, match="t99"):
        rows_after(timeline, "t99")
