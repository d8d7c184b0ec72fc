"""Checks for lesson 04, antitrust: every right answer is computed with casekit.topics.antitrust.reasoning, never retyped.

Lesson self-checks are `4x`, `4y` and `4z` (the SSNIP arithmetic on the lesson's own hypothetical numbers,
SSNIP_4Z); the exercise's questions are `4a`-`4e` (`4f` and `4g` are
written answers, graded by rubric). Every exercise question draws a per-learner variant
(casekit.variants): one analyst's market definition (4a); a hypothetical market's named shares (4b);
a hypothetical price rise and margin (4c) and predicted losses of sales for the three analysts'
candidate markets (4d); and four hypothetical evidence items (4e). Drawn numbers and items are
synthetic, written for the exercise, not the record. Each check draws again for the login in force
and recomputes its answer inside the check, so no function here returns an exercise's answer.
"""

from __future__ import annotations

import math

from casekit import data, variants
from casekit.checks import answers, register
from casekit.checks.forms import Form
from casekit.topics.antitrust import reasoning as antitrust

ASSIGNMENT = "04-antitrust"
HHI_TOLERANCE = 0.5  # an HHI rounded to a whole number is still right
SHARE_TOLERANCE = 0.005  # a share given to two decimals is accepted
DEPENDS = "depends on the fringe"  # 4b: the label differs between the lower and the upper bound
# 4b: hypothetical markets (synthetic shares in percent of the market's top firms; the rest unnamed).
MARKETS_4B = (
    (45, 20, 10),
    (40, 25, 15),
    (35, 30, 10),
    (30, 20, 15, 10),
    (25, 20, 15, 10),
    (20, 15, 12, 10),
    (30, 15, 10, 8),
    (35, 15, 15, 10),
    (40, 20, 10, 5),
    (28, 22, 18, 12),
    (50, 10, 10),
    (22, 18, 12, 8),
    (38, 18, 12),
    (33, 27, 20),
    (26, 14, 10, 6),
    (32, 24, 9, 6),
)
# 4c, 4d: a hypothetical price rise and margin (fractions of price), and predicted losses of sales.
PRICE_RISES_4C = (0.05, 0.10)
MARGINS_4C = (0.30, 0.40, 0.50, 0.60, 0.70, 0.80)
NARROW_LOSSES_4D = (0.06, 0.10, 0.14, 0.18, 0.22, 0.28)  # the narrowest candidate's predicted loss
WIDER_FACTORS_4D = (0.45, 0.6, 0.75, 0.9)  # each wider candidate loses this share of the narrower one's loss
# 4e: hypothetical evidence items (written for the exercise, not the record) about a host that cut off a
# platform whose rival had just become the host's customer.
EVIDENCE_4E = {
    "hx_same_weekend": "Two app stores and the host each suspended the platform within the same 48 hours, "
    "after the same widely reported public event.",
    "hx_call_before": "Two days before the cutoff, the host's executive phoned the rival's executive to discuss "
    "cutting the platform off; the host's own notes record the call.",
    "hx_published_policy": "The host applied a content policy it had published a year earlier, under which it "
    "had suspended other customers before.",
    "hx_against_interest": "The host's internal forecast says dropping the platform loses money unless the rival "
    "moves more business to the host in return; the host dropped it anyway.",
    "hx_prior_complaints": "For several weeks before the cutoff, the host had sent the platform written "
    "complaints about specific posts.",
    "hx_identical_notices": "The host and the rival sent the platform notices on the same day, in identical "
    "words, naming the same deadline.",
    "hx_motive_only": "The host had just signed a large contract with the platform's rival.",
    "hx_offer_accepted": "An email from the rival offers the host a larger contract if the host drops the "
    "platform; the host's reply accepts.",
}
ITEMS_4E = 4


def draw_market_4a(variant: variants.Variant) -> str:
    """The analyst (market definition) whose bounds VARIANT computes in 4a."""
    return variant.choose(antitrust.analysts(data.load("cloud_market_share")), "4a")


def draw_shares_4b(variant: variants.Variant) -> list[int]:
    """VARIANT's hypothetical market (4b): the named top firms' shares in percent, largest first."""
    return list(variant.choose(MARKETS_4B, "4b"))


def draw_ssnip_4c(variant: variants.Variant) -> dict[str, float]:
    """VARIANT's hypothetical price rise and margin (4c, 4d), fractions of price."""
    return {"price_rise": variant.choose(PRICE_RISES_4C, "4c|rise"), "margin": variant.choose(MARGINS_4C, "4c|margin")}


def draw_losses_4d(variant: variants.Variant) -> dict[str, float]:
    """VARIANT's hypothetical predicted losses of sales (4d) for each analyst's candidate market, narrowest first.

    A wider market leaves fewer substitutes outside it, so its predicted loss is smaller.
    """
    table = data.load("cloud_market_share")
    order = sorted(antitrust.analysts(table), key=_breadth)
    loss = variant.choose(NARROW_LOSSES_4D, "4d|narrow")
    losses = {}
    for analyst in order:
        losses[analyst] = round(loss, 3)
        loss *= variant.choose(WIDER_FACTORS_4D, f"4d|{analyst}")
    return losses


def _breadth(analyst: str) -> int:
    """How broad ANALYST's definition is: IaaS only (1), IaaS and PaaS (2), plus hosted private cloud (3)."""
    definition = str(data.load("cloud_market_share").query("analyst == @analyst")["market_definition"].iloc[0])
    return 1 + ("PaaS" in definition) + ("private" in definition)


def draw_items_4e(variant: variants.Variant) -> list[str]:
    """VARIANT's four hypothetical evidence items (4e), in the bank's order (drawn without regard to the answer)."""
    return variant.sample(list(EVIDENCE_4E), ITEMS_4E, "4e")


def labels() -> tuple[str, ...]:
    """Return every concentration label of both guidelines, read from merger_guidelines."""
    return tuple(dict.fromkeys(b.label for g in antitrust.GUIDELINES for b in antitrust.bands(g)))


def lowest_highly_2023() -> int:
    """Return the smallest whole-number HHI that the 2023 guidelines call highly concentrated."""
    band = next(b for b in antitrust.bands("2023") if b.label == "highly concentrated")
    return math.ceil(band.lower) if band.lower_inclusive else math.floor(band.lower) + 1


def credited_count() -> int:
    """Return how many evidence items the court, as reported, credited."""
    return int((data.load("antitrust_evidence")["court_treatment"].astype(str) == "credited").sum())


def as_label(value) -> str | None:
    """The concentration label VALUE names ('Highly concentrated', 'highly', 'not-highly concentrated'...), or None."""
    text = answers.text(answers.one_item(value))
    if text is None:
        return None
    key = " ".join(text.replace("-", " ").split()).removesuffix(" concentrated")
    return next((label for label in labels() if label.removesuffix(" concentrated") == key), None)


def as_item_ids(value) -> frozenset[str] | None:
    """The set of evidence ids VALUE names (answers.id_set: a list, set, Series, filtered table, or one id)."""
    return answers.id_set(value, data.load("antitrust_evidence").index)


def as_number(value) -> float | None:
    """VALUE as a number, also from a one-item list or Series (a 0-d array is read by answers.number itself)."""
    given = answers.number(value)
    return given if given is not None else answers.number(answers.one_item(value))


def as_label_or_depends(value) -> str | None:
    """A 2010 label (as_label), or DEPENDS for answers like "depends on the fringe" / "depends"; None otherwise."""
    text = answers.text(answers.one_item(value))
    if text is not None and text.removesuffix(".") in (
        "depends",
        DEPENDS,
        "it depends",
        "depends on the fringe treatment",
    ):
        return DEPENDS
    return as_label(value)


def as_hypothetical_items(value) -> frozenset[str] | None:
    """The set of 4e item ids VALUE names (a list, set, Series...), or frozenset() for an empty list or "none"."""
    if isinstance(value, str) and value.strip().casefold() in ("none", "nothing"):
        return frozenset()
    if isinstance(value, (list, tuple, set, frozenset)) and not value:
        return frozenset()
    if hasattr(value, "__len__") and hasattr(value, "dtype") and len(value) == 0:
        return frozenset()
    return answers.id_set(value, EVIDENCE_4E)


def as_analysts(value) -> frozenset[str] | None:
    """The set of analysts VALUE names (a list, set, Series...), or frozenset() for an empty list or "none"."""
    if isinstance(value, str) and value.strip().casefold() in ("none", "nothing"):
        return frozenset()
    if isinstance(value, (list, tuple, set, frozenset)) and not value:
        return frozenset()
    if hasattr(value, "__len__") and hasattr(value, "dtype") and len(value) == 0:
        return frozenset()
    return answers.id_set(value, antitrust.analysts(data.load("cloud_market_share")))


def as_share(value) -> float | None:
    """A fraction 0..1; a percentage (1 < x <= 100, or text such as "12.5%") is read as x / 100; a fraction
    written as text ("1/3") is read as one."""
    item = answers.one_item(value)
    if isinstance(item, str) and item.count("/") == 1:
        top, bottom = (answers.number(part) for part in item.split("/"))
        return None if top is None or not bottom or not 0 <= top / bottom <= 1 else top / bottom
    return answers.share(value)


def critical_loss_verdict(given: float, price_rise: float, margin: float) -> bool | str:
    """True if GIVEN is the critical loss X / (X + M) for PRICE_RISE and MARGIN; else a hint naming the slip."""
    x, m = price_rise, margin
    if abs(given - antitrust.critical_loss(x, m)) <= SHARE_TOLERANCE:
        return True
    if abs(given - x / m) <= SHARE_TOLERANCE:
        return "that is X ÷ M; the critical loss is X ÷ (X + M): a kept sale earns the rise on top of the margin"
    if abs(given - m / (x + m)) <= SHARE_TOLERANCE:
        return "that is the share of sales kept at break-even, M ÷ (X + M); the question asks for the share lost"
    return "not that share: the critical loss is the price rise X over the rise plus the margin, X ÷ (X + M)"


def reads_as(form: str, value) -> bool:
    """True if VALUE is in lesson 04's answer FORM, read by the normaliser its hidden checks use.

    casekit.checks.forms gives the assessed edition's form feedback with this, so form feedback and
    the hidden check never disagree on an answer's form (and the release keeps these normalisers).
    """
    if form == "number":
        return as_number(value) is not None
    if form == "share":
        return as_share(value) is not None
    if form == "label or depends":
        return as_label_or_depends(value) is not None
    if form == "analysts":
        return as_analysts(value) is not None
    if form == "hypothetical items":
        return as_hypothetical_items(value) is not None
    raise KeyError(f"lesson 04 has no answer form {form!r}")


# --- lesson self-checks -----------------------------------------------------------------------


@register("4x", success="correct: the 2023 guidelines call an HHI highly concentrated only above their threshold")
def lowest_highly(value):
    given = answers.whole_number(value)
    if given is None:
        return "give a whole number of HHI points"
    if given == lowest_highly_2023():
        return True
    return "read the 2023 'highly concentrated' row of merger_guidelines: its lower end, and whether it is included"


@register("4y", success="correct: those are the items the court, as reported, relied on")
def credited_items(value):
    given = answers.whole_number(value)
    if given is None:
        return "give a whole number: how many rows of antitrust_evidence have court_treatment 'credited'?"
    if given == credited_count():
        return True
    return "count the rows of antitrust_evidence whose court_treatment is 'credited'"


# 4z: the lesson's SSNIP question, on hypothetical numbers written for it (fractions of price).
SSNIP_4Z = {"price_rise": 0.10, "margin": 0.20}


@register("4z", success="correct: that is the share of sales the sole seller can lose before the rise stops paying")
def critical_4z(value):
    given = as_share(value)
    if given is None:
        return (
            'give the critical loss as a share of sales: a number from 0 to 1, a percentage such as "12.5%", or "a/b"'
        )
    return critical_loss_verdict(given, SSNIP_4Z["price_rise"], SSNIP_4Z["margin"])


# --- exercise ---------------------------------------------------------------------------------


@register(
    "4a",
    success="correct: the most concentrated your analyst's market can be, with no unnamed firm above the smallest named one",
)
def upper_bound(value):
    given = as_number(value)
    if given is None:
        return "give the HHI as a number (a float or an int), e.g. the upper end of antitrust.hhi_bounds(...)"
    shares = antitrust.market_shares(data.load("cloud_market_share"), draw_market_4a(variants.current(ASSIGNMENT)))
    low, high = antitrust.hhi_bounds(shares)
    if abs(given - high) <= HHI_TOLERANCE:
        return True
    if abs(given - low) <= HHI_TOLERANCE:
        return "that is the lower bound (the named firms alone); the question asks for the highest attainable HHI"
    if abs(given - antitrust.one_firm_stress_hhi(shares)) <= HHI_TOLERANCE:
        return (
            "that treats the unnamed remainder as one firm, which cannot be: it would be larger than the smallest "
            "named firm, and the analyst would have named it"
        )
    return (
        "not that number: fill the unnamed remainder with firms as large as the smallest named firm (plus one "
        "smaller firm with what is left), square every share in percent and add them up"
    )


@register("4b", success="correct: you bounded the HHI and labelled both ends")
def label_across_bounds(value):
    given = as_label_or_depends(value)
    if given is None:
        return (
            "give a 2010 label as text ("
            + "; ".join(tuple(b.label for b in antitrust.bands("2010")))
            + f") or {DEPENDS!r}"
        )
    low, high = antitrust.hhi_bounds(draw_shares_4b(variants.current(ASSIGNMENT)))
    labels = {antitrust.concentration(low, "2010"), antitrust.concentration(high, "2010")}
    right = labels.pop() if len(labels) == 1 else DEPENDS
    if given == right:
        return True
    if right == DEPENDS and given in {antitrust.concentration(low, "2010"), antitrust.concentration(high, "2010")}:
        return "that is the label of one bound only; label both ends of the range"
    if right != DEPENDS and given == DEPENDS:
        return "both bounds fall in the same 2010 band: compute them with antitrust.hhi_bounds and label each"
    return "not that label: bound the HHI (antitrust.hhi_bounds), then read both ends against the 2010 bands"


@register("4c", success="correct: that is the critical loss for your price rise and margin")
def critical(value):
    given = as_share(value)
    if given is None:
        return "give the critical loss as a number, a share of sales from 0 to 1 (e.g. 0.125)"
    drawn = draw_ssnip_4c(variants.current(ASSIGNMENT))
    return critical_loss_verdict(given, drawn["price_rise"], drawn["margin"])


@register("4d", success="correct: those candidate markets pass the hypothetical-monopolist test on your numbers")
def passing_markets(value):
    given = as_analysts(value)
    if given is None:
        known = antitrust.analysts(data.load("cloud_market_share"))
        return "give a list of analysts (empty if none passes), from: " + ", ".join(known)
    variant = variants.current(ASSIGNMENT)
    drawn = draw_ssnip_4c(variant)
    losses = draw_losses_4d(variant)
    right = frozenset(
        a for a, loss in losses.items() if antitrust.ssnip_profitable(drawn["price_rise"], drawn["margin"], loss)
    )
    if given == right:
        return True
    if given < right:
        return "another candidate market passes too: compare each predicted loss with the critical loss"
    return "at least one of those fails: a rise pays only if the predicted loss is below the critical loss"


@register("4e", success="correct: those items could be plus factors; the others fit independent action")
def plus_factors(value):
    given = as_hypothetical_items(value)
    if given is None:
        return 'give a list of your items\' ids (empty if none), e.g. ["hx_...", "hx_..."]'
    drawn = draw_items_4e(variants.current(ASSIGNMENT))
    if given - set(drawn):
        return "give only ids of your own items (my_items)"
    # The kit's key, following lesson 04's definition: a plus factor makes parallel conduct more plausibly the
    # product of agreement than of independent, self-interested action (kept inside this hidden check).
    could_be_plus = {"hx_call_before", "hx_against_interest", "hx_identical_notices", "hx_offer_accepted"}
    right = could_be_plus & set(drawn)
    if given == right:
        return True
    if given < right:
        return "another of your items makes an agreement more plausible than independent action: look again"
    return (
        "at least one of those is as consistent with independent, self-interested action as with an agreement "
        "(a motive, a common cause, the host's own policy or complaints): that is parallel conduct, not a plus factor"
    )


# --- answer forms for the assessed edition (casekit.checks.forms finds them here) -----------------------------
FORMS = {
    "number": Form(lambda v: reads_as("number", v), "a number", "e.g. 1234.5, or (s ** 2).sum()"),
    "share": Form(lambda v: reads_as("share", v), "a share from 0 to 1", "e.g. 0.125"),
    "label or depends": Form(
        lambda v: reads_as("label or depends", v),
        "a concentration label or 'depends on the fringe'",
        '"unconcentrated"',
    ),
    "analysts": Form(lambda v: reads_as("analysts", v), "a list of analysts", '["Gartner"], or [] for none'),
    "hypothetical items": Form(
        lambda v: reads_as("hypothetical items", v), "a list of your items' ids", '["hx_...", "hx_..."], or [] for none'
    ),
}
