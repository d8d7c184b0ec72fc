"""casekit.ui.reveal: the commit-then-reveal control holds nothing of the finding until the save succeeds."""

from __future__ import annotations

from casekit.topics.commitments import Commitments
from casekit.ui.reveal import REVEAL_ESM, CommitReveal, share_box

FINDING = "<p>The court found for AWS.</p>"


def _reveal(commitments: Commitments, judgement=lambda: 1) -> CommitReveal:
    def on_commit(reveal: CommitReveal) -> str:
        commitments.commit("f", judgement(), reveal.reason)
        return FINDING

    return CommitReveal(item="Public interest", on_commit=on_commit)


def test_the_finding_reaches_the_widget_only_after_a_successful_save():
    commitments = Commitments()
    reveal = _reveal(commitments)
    assert reveal.html == "" and not reveal.committed and not reveal.expanded
    assert reveal.locked_words == "The court's finding opens once you have saved your judgement and your reason."
    reveal.reason = "too short"
    assert reveal.commit() is False and reveal.html == "" and reveal.status.startswith("⚠ Not saved: your reason")
    reveal.reason = "The riot weighs against an injunction here."
    assert reveal.commit() is True and reveal.html == FINDING and reveal.committed and reveal.expanded
    assert reveal.status.startswith("✓ Saved: your first judgement is kept")
    reveal.expanded = False
    assert reveal.commit() is True and not reveal.expanded  # a second save keeps the learner's open/closed choice
    assert "first judgement stays" in reveal.status


def test_a_missing_judgement_is_reported_inline_not_raised():
    reveal = _reveal(Commitments(), judgement=lambda: None)
    reveal.reason = "A full sentence of reasons for it."
    assert reveal.commit() is False and "choose your judgement first" in reveal.status and reveal.html == ""


def test_the_front_ends_save_message_commits():
    commitments = Commitments()
    reveal = _reveal(commitments)
    reveal.reason = "A full sentence of reasons for it."
    reveal._on_msg(reveal, {"event": "commit"}, [])
    assert commitments.first == {"f": 1} and reveal.html == FINDING
    reveal._on_msg(reveal, {"event": "something else"}, [])  # ignored


def test_reset_shows_another_item_closed_unless_it_was_committed():
    reveal = _reveal(Commitments())
    reveal.reset("Claim 2")
    assert (reveal.item, reveal.reason, reveal.committed, reveal.html, reveal.expanded) == (
        "Claim 2",
        "",
        False,
        "",
        False,
    )
    reveal.reset("Claim 1", "my reason", committed=True, answer=FINDING)
    assert reveal.committed and reveal.expanded and reveal.html == FINDING and reveal.reason == "my reason"
    reveal.reset("Claim 3", answer=FINDING)  # not committed: the answer is never kept
    assert reveal.html == ""


def test_the_front_end_exposes_state_and_names_each_control_by_its_item():
    for words in ("aria-expanded", "aria-controls", "data-lm-suppress-shortcuts", "role', 'status'", "htmlFor"):
        assert words in REVEAL_ESM
    # the region holds the finding only while open and committed
    assert "region.innerHTML = open ? model.get('html') : ''" in REVEAL_ESM
    assert share_box().value is False


def test_the_reveal_module_carries_the_page_wide_key_guard_like_every_kit_control():
    from casekit.ui.controls import KEYS_JS

    assert REVEAL_ESM.startswith(KEYS_JS) and "export default" in REVEAL_ESM
