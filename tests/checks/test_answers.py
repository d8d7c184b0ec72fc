"""casekit.checks.answers: every common way of writing an answer normalises to one value; anything else to None."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from casekit.checks import answers

NOT_UNDERSTOOD = [None, ..., "", "   ", [], {}, object(), b"14", np.nan, pd.NA, pd.NaT, float("inf"), 1 + 2j]


@pytest.mark.parametrize(
    "value",
    [
        14,
        np.int64(14),
        np.int32(14),
        np.uint8(14),
        14.0,
        np.float64(14.0),
        np.float32(14.0),
        " 14 ",
        "14",
        "+14",
        "14.0",
        "14.",
        Decimal("14"),
        Fraction(28, 2),
        np.array(14),
        pd.Series([14]).sum(),
    ],
)
def test_whole_number_accepts_every_integral_type(value):
    result = answers.whole_number(value)
    assert result == 14 and type(result) is int


@pytest.mark.parametrize("value", [-2, "-2", " -2 ", np.int8(-2), -2.0])
def test_whole_number_keeps_the_sign(value):
    assert answers.whole_number(value) == -2


@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        np.True_,
        np.bool_(False),
        14.5,
        np.float64(14.2),
        "14.5",
        "14 days",
        "fourteen",
        "1 4",
        "0x0e",
        *NOT_UNDERSTOOD,
    ],
)
def test_whole_number_refuses_bools_fractions_and_words(value):
    assert answers.whole_number(value) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        (2.5, 2.5),
        ("2.5", 2.5),
        (" -0.5 ", -0.5),
        (np.float32(0.5), 0.5),
        (3, 3.0),
        (np.int64(3), 3.0),
        (Fraction(1, 4), 0.25),
        (Decimal("1.5"), 1.5),
    ],
)
def test_number_accepts_real_numbers_and_numeric_text(value, expected):
    assert answers.number(value) == expected


@pytest.mark.parametrize("value", [True, np.False_, "2,5", "half", *NOT_UNDERSTOOD])
def test_number_refuses_bools_and_text_that_is_not_a_number(value):
    assert answers.number(value) is None


@pytest.mark.parametrize(
    "value",
    [
        10,
        np.int64(10),
        "10",
        10.0,
        dt.timedelta(days=10),
        pd.Timedelta(days=10),
        np.timedelta64(10, "D"),
        pd.Timestamp("2021-01-21") - pd.Timestamp("2021-01-11"),
    ],
)
def test_whole_days_accepts_numbers_and_time_spans(value):
    assert answers.whole_days(value) == 10


@pytest.mark.parametrize(
    "value",
    [dt.timedelta(days=10, hours=1), pd.Timedelta(hours=36), np.timedelta64("NaT"), True, "10 days", *NOT_UNDERSTOOD],
)
def test_whole_days_refuses_partial_days_and_words(value):
    assert answers.whole_days(value) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        (True, True),
        (False, False),
        (np.True_, True),
        (np.bool_(False), False),
        ("true", True),
        (" TRUE ", True),
        ("False", False),
        ("fAlSe", False),
        (np.array(True), True),
    ],
)
def test_truth_accepts_bools_and_their_names(value, expected):
    assert answers.truth(value) is expected


@pytest.mark.parametrize("value", [1, 0, 1.0, "yes", "no", "T", "tru", *NOT_UNDERSTOOD])
def test_truth_refuses_numbers_and_other_words(value):
    assert answers.truth(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "§ 7.2(b)(i)",
        "§7.2(b)(i)",
        "Section 7.2(b)(i)",
        "section 7.2 (b) (i)",
        "sec. 7.2 (b)(i)",
        "Sec 7.2(b)(i)",
        "s. 7.2(b)(i)",
        "S. 7.2(B)(I)",
        "7.2(b)(i)",
        " 7.2(b)(i) ",
        "SECTION 7.2(B)(I)",
        "§ 7.2(b)(i).",
        "§ 7.2( b )( i )",
    ],
)
def test_section_accepts_every_common_form(value):
    assert answers.section(value) == "7.2(b)(i)"


@pytest.mark.parametrize(
    "value, expected",
    [("§ 4.2", "4.2"), ("Section 6.1", "6.1"), ("§ 7.2(a)", "7.2(a)"), ("7.2(b)(ii)", "7.2(b)(ii)"), ("§ 12", "12")],
)
def test_section_keeps_the_parts_that_tell_sections_apart(value, expected):
    assert answers.section(value) == expected


@pytest.mark.parametrize("value", ["7.2(b)(ii)", "7.2(c)(i)", "7.2(b)", "7.3(b)(i)", "72(b)(i)"])
def test_different_sections_stay_different(value):
    assert answers.section(value) != answers.section("§ 7.2(b)(i)")


@pytest.mark.parametrize("value", ["seven point two", "§", "7.2 b i", "Heading: No Illegal", 7.2, *NOT_UNDERSTOOD])
def test_section_refuses_what_is_not_a_numbered_reference(value):
    assert answers.section(value) is None


def test_section_aliases_name_a_section_by_another_id():
    aliases = {"csa_7_2_b_i": "§ 7.2(b)(i)"}
    assert answers.section(" CSA_7_2_B_I ", aliases) == "7.2(b)(i)"
    assert answers.section("§ 7.2(b)(i)", aliases) == "7.2(b)(i)"
    assert answers.section("csa_7_2_b_ii", aliases) is None


@pytest.mark.parametrize("value", ["b", "B", "(b)", "(B)", "b)", "b.", " b ", "( b )"])
def test_letter_accepts_either_case_and_the_usual_marks(value):
    assert answers.letter(value, "abcd") == "b"


@pytest.mark.parametrize("value", ["e", "bc", "b and c", "(b", "option b", "", 2, None, ["b"]])
def test_letter_refuses_other_letters_and_several(value):
    assert answers.letter(value, ["a", "b", "c", "d"]) is None


@pytest.mark.parametrize("value, expected", [("  Parler ", "parler"), ("AWS\n", "aws"), ("a  b\tc", "a b c")])
def test_text_folds_case_and_whitespace(value, expected):
    assert answers.text(value) == expected


@pytest.mark.parametrize("value", ["", "  ", 3, None])
def test_text_refuses_empty_and_non_text(value):
    assert answers.text(value) is None


FACTORS = ("success_contract", "irreparable_harm", "public_interest")


@pytest.mark.parametrize(
    "value", ["irreparable_harm", " irreparable_harm ", "IRREPARABLE_HARM", "Irreparable harm", "irreparable-harm"]
)
def test_identifier_names_one_of_the_choices(value):
    assert answers.identifier(value, FACTORS) == "irreparable_harm"


@pytest.mark.parametrize("value", ["harm", "irreparableharm", "", 1, None])
def test_identifier_refuses_what_is_not_a_choice(value):
    assert answers.identifier(value, FACTORS) is None


@pytest.mark.parametrize("value", [("x",), ["x"], {"x"}, np.array(["x"]), pd.Series(["x"], index=[7]), pd.Index(["x"])])
def test_one_item_unwraps_a_single_item(value):
    assert answers.one_item(value) == "x"


@pytest.mark.parametrize("value", ["xy", ("x", "y"), [], pd.Series([], dtype=object)])
def test_one_item_leaves_everything_else(value):
    assert answers.one_item(value) is value


def test_one_item_unwraps_a_zero_dimensional_array():
    assert answers.one_item(np.array(14)) == 14
    assert answers.whole_number(answers.one_item(np.array(14))) == 14


def test_id_set_reads_every_collection_of_known_ids_and_refuses_unknown_ones():
    known = ["nc_blacklisted", "nc_microblogging", "nc_pages"]
    pair = frozenset({"nc_blacklisted", "nc_microblogging"})
    frame = pd.DataFrame(index=["nc_blacklisted", "nc_microblogging"])
    for value in (["nc_blacklisted", "nc_microblogging"], ("NC-Blacklisted", " nc microblogging "),
                  {"nc_microblogging", "nc_blacklisted"}, np.array(list(pair)), pd.Series(list(pair)),
                  pd.Index(list(pair)), frame):  # fmt: skip
        assert answers.id_set(value, known) == pair, value
    assert answers.id_set("nc_pages", known) == frozenset({"nc_pages"})
    for value in (["nc_pages", "nc_nothing"], [], 3, None, [1, 2]):
        assert answers.id_set(value, known) is None, value


@pytest.mark.parametrize(
    "value",
    [0.125, "0.125", " 0.125 ", np.float64(0.125), 12.5, "12.5", "12.5%", " 12.5 % ", [0.125], pd.Series(["12.5%"])],
)
def test_share_reads_a_fraction_a_percentage_and_percent_text_alike(value):
    assert answers.share(value) == pytest.approx(0.125)


@pytest.mark.parametrize("value", ["150%", "-5%", "%", "x", True, None, [0.1, 0.2]])
def test_share_refuses_what_is_not_a_share(value):
    assert answers.share(value) is None


def test_the_critical_loss_check_takes_percent_text(monkeypatch):
    """4c's hidden check reads "12.5%" as the share 0.125, as it reads 0.125 and 12.5."""
    from casekit import variants
    from casekit.checks import verdict
    from casekit.topics.antitrust import checks as antitrust_checks
    from casekit.topics.antitrust import reasoning as antitrust

    monkeypatch.setenv("CASEKIT_LOGIN", "jdoe")
    drawn = antitrust_checks.draw_ssnip_4c(variants.current(antitrust_checks.ASSIGNMENT))
    right = antitrust.critical_loss(drawn["price_rise"], drawn["margin"])
    for given in (right, f"{100 * right:.3f}%", 100 * right):
        assert "✓" in verdict("4c", given), given
