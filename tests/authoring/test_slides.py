"""`casekit slides`: every lesson carries slide marks; its offline deck shows exactly those slides, with notes."""

from __future__ import annotations

from html.parser import HTMLParser

import nbformat
import pytest

from casekit import cli, site
from casekit.authoring import slides
from casekit.browser import find_chromium
from casekit.paths import LESSONS

LESSON_FILES = sorted(LESSONS.glob("[0-9][0-9]-*.ipynb"))


class _Sections(HTMLParser):
    """Counts reveal's leaf <section>s (a slide or sub-slide) and the <aside class="notes"> in a deck."""

    def __init__(self):
        super().__init__()
        self.stack, self.leaves, self.notes = [], 0, 0

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            if self.stack:
                self.stack[-1] = True  # the enclosing section has a child: not a leaf
            self.stack.append(False)
        if tag == "aside" and ("class", "notes") in attrs:
            self.notes += 1

    def handle_endtag(self, tag):
        if tag == "section" and self.stack:
            self.leaves += not self.stack.pop()


@pytest.mark.parametrize("lesson", LESSON_FILES, ids=lambda p: p.stem)
def test_every_lesson_marks_its_slides(lesson):
    nb = nbformat.read(lesson, as_version=4)
    assert slides.slide_type(nb.cells[0]) == "slide"  # the title
    sections = [c for c in nb.cells if c.cell_type == "markdown" and c.source.lstrip().startswith("## ")]
    assert all(slides.slide_type(c) in ("slide", "skip") for c in sections)
    assert slides.slide_count(nb) >= len(sections) - 1


def test_speaker_notes_are_the_session_plans_beats_for_each_section():
    notes = slides.speaker_notes("01-emergency-relief")
    plan = slides.SESSION_PLANS.read_text(encoding="utf-8")
    assert {1, 2, 3, 6} <= set(notes)  # "§§ 1–3" counts for 1, 2 and 3
    assert all(beat.split(" min: ", 1)[1].split(";")[0] in plan for beats in notes.values() for beat in beats)
    assert slides.speaker_notes("99-nothing") == {}


def test_the_deck_shows_exactly_the_lessons_marked_slides_offline(tmp_path):
    lesson = LESSONS / "01-emergency-relief.ipynb"
    assert cli.main(["slides", "--out", str(tmp_path), "--lessons", lesson.stem]) == 0
    deck = (tmp_path / f"{lesson.stem}.slides.html").read_text(encoding="utf-8")
    parsed = _Sections()
    parsed.feed(deck)
    assert parsed.leaves == slides.slide_count(nbformat.read(lesson, as_version=4))
    assert parsed.notes == len([n for n in slides.speaker_notes(lesson.stem) if f"## {n}." in lesson.read_text()])
    assert site.external_references(deck) == []
    assert (tmp_path / "assets/reveal.js/dist/reveal.js").is_file() and (tmp_path / "assets/plotly.min.js").is_file()
    if find_chromium() is None:
        pytest.skip("the deck's rendering needs the Chromium that `casekit browser` sets up")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        errors, failed = [], []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.goto((tmp_path / f"{lesson.stem}.slides.html").as_uri())
        page.wait_for_function("document.querySelector('.reveal.ready') !== null", timeout=30_000)
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(500)
        assert "present" in page.evaluate("document.querySelectorAll('.slides > section')[1].className")
        browser.close()
    assert not errors and not failed, (errors, failed)


def test_a_lesson_without_marks_or_stored_run_gets_one_message(tmp_path, capsys):
    assert cli.main(["slides", "--out", str(tmp_path), "--lessons", "09-nothing"]) == 2
    assert "no such lesson: 09-nothing" in capsys.readouterr().out
