"""datasets/synthetic_posts: synthetic, mild, labelled under the card's policy, and free of terms that must never appear."""

import hashlib
import re

import pytest

from casekit import data
from casekit.topics.moderation import reasoning as moderation

# Words of killing and serious violence: matched at the start of a word ("kill" also finds "killed").
VIOLENCE_STEMS = (
    "kill",
    "murder",
    "shoot",
    "gun",
    "bomb",
    "stab",
    "hang",
    "lynch",
    "execut",
    "assassin",
    "behead",
    "massacre",
    "slaughter",
    "rape",
    "bullet",
    "blood",
    "civil war",
    "torch",
    "burn them",
    "beat up",
    "string up",
    "eliminat",
    "exterminat",
)
VIOLENCE_WORDS = ("die", "dead", "death", "shot", "armed", "weapon", "weapons")
# Real people (politicians, the case's people, tech executives), parties and events of the record.
REAL_NAMES = (
    "trump",
    "biden",
    "pence",
    "pelosi",
    "obama",
    "harris",
    "clinton",
    "schumer",
    "mcconnell",
    "cruz",
    "hawley",
    "matze",
    "peikoff",
    "meckler",
    "mercer",
    "rothstein",
    "bezos",
    "jassy",
    "dorsey",
    "musk",
    "zuckerberg",
    "cook",
    "pichai",
    "kanye",
    "parler",
    "amazon",
    "aws",
    "twitter",
    "apple",
    "google",
    "facebook",
    "capitol",
    "january 6",
    "jan 6",
    "jan. 6",
    "proud boys",
    "oath keepers",
    "antifa",
    "qanon",
    "maga",
)
# Slurs are kept only as the first 16 hex digits of the SHA-256 of the lowercase word, so that this
# file does not itself print them. A post's words are hashed (as written and without a final "s").
SLUR_DIGESTS = frozenset(
    {
        "08a841e996781e9e",
        "0be9b885f4a35a18",
        "120f6e5b4ea32f65",
        "12e6274e4309293e",
        "158869a97379229b",
        "16ea09fc78ca83ca",
        "22fc75e65a0e9d34",
        "333f7618092958c7",
        "3b1e0d7c5dd45583",
        "4c58f5d5fe92c3ed",
        "619bc82e0d200e4a",
        "886d51e97ad7931d",
        "8f5083e3e5c7dc89",
        "94a877e2ce63725e",
        "98b52c4b6b7d1f48",
        "9915ba2d822280f2",
        "ad64e56f214e89dd",
        "bd331fb1d24298f5",
        "c1b4ed05397df5ee",
        "c3de533e9b7fe63b",
        "cc02032349c833ac",
        "dc675e448132fd2a",
        "e7b98c6aa5b944e0",
        "e84dde508a606a3e",
        "e9e8b6c5afa7794f",
        "eef3bd091670c344",
        "f59e28f8bb6499dd",
        "f9d0d9b18ae9033a",
    }
)


def _digest(word: str) -> str:
    return hashlib.sha256(word.encode()).hexdigest()[:16]


def forbidden_hits(text: str, slur_digests=SLUR_DIGESTS) -> list[str]:
    """Return the forbidden terms in TEXT (slurs shown as 'slur #digest')."""
    folded = text.casefold().replace("\u2019", "'")
    hits = [s for s in VIOLENCE_STEMS + REAL_NAMES if re.search(r"\b" + re.escape(s), folded)]
    hits += [s for s in VIOLENCE_WORDS if re.search(r"\b" + re.escape(s) + r"\b", folded)]
    for word in re.findall(r"[a-z]+", folded):
        for form in {word, word.removesuffix("s")}:
            if _digest(form) in slur_digests:
                hits.append(f"slur #{_digest(form)}")
    return hits


@pytest.fixture(scope="module")
def posts():
    return data.load("synthetic_posts")


def test_no_post_contains_a_forbidden_term(posts):
    offending = {pid: forbidden_hits(text) for pid, text in posts["text"].items() if forbidden_hits(text)}
    assert offending == {}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Please kill the lights when you leave.", "kill"),
        ("Someone said TRUMP at the meeting.", "trump"),
        ("a post about the Capitol", "capitol"),
        ("they were armed", "armed"),
    ],
)
def test_the_scan_finds_planted_terms(text, expected):
    assert expected in forbidden_hits(text)


def test_the_slur_scan_matches_words_and_plurals_by_digest():
    planted = frozenset({_digest("zebra")})
    assert forbidden_hits("Two Zebras, one zebra.", planted) == ["slur #" + _digest("zebra")] * 2
    assert forbidden_hits("zebrafish", planted) == []
    assert len(SLUR_DIGESTS) == 28 and all(re.fullmatch(r"[0-9a-f]{16}", d) for d in SLUR_DIGESTS)


def test_ordinary_words_are_not_flagged():
    assert forbidden_hits("The council voted; a fight night at the gym; skill and dedication.") == []


def test_every_post_is_marked_synthetic_and_cites_the_kit(posts):
    assert posts["synthetic"].all()
    assert set(ids for row in posts["source_ids"] for ids in row) == {"kit_synthetic_posts"}
    source = data.sources_for(["kit_synthetic_posts"]).iloc[0]
    assert "fictional" in source["title"] and "synthetic" in source["title"]
    assert "synthetic" in data.card("synthetic_posts").title.casefold()


def test_posts_are_short_and_about_forty(posts):
    assert 35 <= len(posts) <= 50
    assert posts["text"].str.len().max() <= 200
    assert posts["reason"].str.len().min() >= 20


def test_every_category_of_the_policy_is_used_and_every_label_is_a_label(posts):
    rules = moderation.policy(data.card("synthetic_posts").sections)
    assert set(rules) == set(data.card("synthetic_posts").columns[3].allowed) == set(posts["category"].astype(str))
    assert {action for action, _ in rules.values()} == set(moderation.LABELS)
    assert set(posts["label"].astype(str)) == set(moderation.LABELS)


def test_reference_labels_follow_each_categorys_usual_action(posts):
    rules = moderation.policy(data.card("synthetic_posts").sections)
    differing = {
        pid: (row.label, rules[row.category][0]) for pid, row in posts.iterrows() if row.label != rules[row.category][0]
    }
    assert differing == {}


def test_the_filter_over_removes_allowed_speech_and_misses_implied_threats(posts):
    scores = [moderation.filter_score(t) for t in posts["text"]]
    result = moderation.apply_filter(scores, list(posts["label"].astype(str)), threshold=1)
    over = {posts.iloc[i]["category"] for i in result.over_removed}
    missed = {posts.iloc[i]["category"] for i in result.missed}
    assert "political" in over and "threat" in missed
