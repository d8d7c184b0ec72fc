"""`casekit handouts`: a lesson's handout and the reading packet print to PDF with real text, on the chosen paper."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from casekit import cli
from casekit.authoring import handouts
from casekit.browser import find_chromium
from casekit.paths import LESSONS, SOLUTIONS

LESSON_FILES = sorted(LESSONS.glob("[0-9][0-9]-*.ipynb"))


@pytest.mark.parametrize("lesson", LESSON_FILES, ids=lambda p: p.stem)
def test_every_lesson_outline_has_its_key_points_discussion_figures_and_prompts(lesson):
    outline = handouts.lesson_outline(lesson)
    assert outline.title and "**Questions**" in outline.header_md
    assert outline.key_points_md.startswith("- ") and outline.discussion_md.startswith(("1. ", "- "))
    assert all(f.text and not f.text.startswith("(no text version") for f in outline.figures), lesson.name
    for _, prompt in outline.prompts:  # a written prompt, never its model answer or rubric
        assert prompt and "BEGIN SOLUTION" not in prompt and "RUBRIC" not in prompt
    assert len(outline.prompts) == len(handouts.written_prompts(SOLUTIONS / lesson.name)) >= 1


def test_the_reading_packet_holds_the_clauses_the_orders_passages_the_timeline_and_the_sources():
    page = handouts.packet_html()  # printed like a handout (print_pdfs); here its contents are checked
    for part in ("reading packet", "The clauses at issue", "The order's passages, as quoted", "Timeline", "Sources"):
        assert part in page, part
    assert "csa_<wbr>7_<wbr>2_<wbr>b_<wbr>ii" in page and "order_<wbr>dkt34" in page and "https://" in page


def test_a_bad_lesson_or_paper_gets_one_message(tmp_path):
    with pytest.raises(handouts.HandoutError, match="no such lesson: 09-nothing"):
        handouts.write_handouts(tmp_path, "A4", ["09-nothing"])
    with pytest.raises(handouts.HandoutError, match="paper 'A5'"):
        handouts.print_pdfs({}, "A5")
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(handouts.HandoutError, match="broken.ipynb: not a readable notebook"):
        handouts.lesson_outline(broken)


@pytest.mark.skipif(find_chromium() is None, reason="needs the Chromium that `casekit browser` sets up")
def test_handout_and_packet_print_with_text_on_letter_paper_and_no_blank_figure(tmp_path):
    command = [
        "handouts",
        "--out",
        str(tmp_path),
        "--paper",
        "Letter",
        "--lessons",
        "02-cloud-contracts",
        "--no-packet",
    ]
    assert cli.main(command) == 0
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest) == {"02-cloud-contracts-handout.pdf"}
    outline = handouts.lesson_outline(LESSONS / "02-cloud-contracts.ipynb")
    marks = manifest["02-cloud-contracts-handout.pdf"]["figure_marks"]
    assert len(marks) == len(outline.figures) >= 1 and all(m > 5 for m in marks)  # each figure drew its data
    handout = PdfReader(tmp_path / "02-cloud-contracts-handout.pdf")
    text = " ".join(page.extract_text() for page in handout.pages)
    assert outline.title.split("·")[-1].strip()[:20] in text
    for heading in ("Discussion questions", "Key points", "Text version", "§ 7.2(b)(ii)"):
        assert heading in text, heading
    assert all(
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (612, 792) for p in handout.pages
    )  # Letter
    assert "/StructTreeRoot" in handout.trailer["/Root"]  # tagged
    solution = (SOLUTIONS / "02-cloud-contracts.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" in solution and "BEGIN SOLUTION" not in text
