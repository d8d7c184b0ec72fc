"""casekit.topics.contract.checks, question 2z: the element of tortious interference a made-up case fails is named in
every form (EQUIVALENTS and WRONG, run by tests/checks/test_equivalents.py); a wrong element gets a true hint."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit import data
from casekit.checks import FAIL, verdict
from casekit.topics.contract import checks as cloud_contracts

# Worked out by hand from the made-up case in lesson 02, § 6 (question 2z) and WPI 352.03's definitions: Corvid acted
# to be paid (no intent to harm) by a suspension its contract allows on the notice it requires (no improper means).
UNPROVED = "improper_purpose_or_means"


def _elements() -> pd.DataFrame:
    return data.load("tort_elements")


def _element_forms(element_id: str) -> list:
    row = _elements().loc[element_id]
    position = int(row["position"])
    words = element_id.replace("_", " ")
    short = [n for n in str(row["short_names"]).split(";") if n]
    return [
        element_id,
        f" {element_id} ",
        element_id.upper(),
        words,
        words.capitalize(),
        element_id.replace("_", "-"),
        [element_id],
        (element_id,),
        position,
        np.int64(position),
        float(position),
        str(position),
        f" {position} ",
        f"Element {position}",
        np.array(position),
        pd.Series([position]),
        *short,
        *(n.upper() for n in short),
        *(f"{n}." for n in short),
    ]


EQUIVALENTS = {"2z": lambda: _element_forms(UNPROVED)}
WRONG = {
    "2z": lambda: [
        v
        for element_id in _elements().index
        if element_id != UNPROVED
        for v in (element_id, int(_elements().loc[element_id, "position"]), element_id.replace("_", " "))
    ]
}


def test_the_answer_is_an_element_of_the_dataset_and_the_check_agrees():
    assert cloud_contracts.UNPROVED_ELEMENT_2Z == UNPROVED
    assert int(_elements().loc[UNPROVED, "position"]) == 4
    assert set(cloud_contracts.PROVED_HINTS_2Z) == set(_elements().index) - {UNPROVED}


def test_no_short_name_names_two_elements():
    seen = {}
    for element_id, row in _elements().iterrows():
        for name in [element_id, *str(row["short_names"]).split(";")]:
            assert cloud_contracts.tort_element(name) == element_id, name
            assert seen.setdefault(name.casefold(), element_id) == element_id, name


@pytest.mark.parametrize("element_id", ["expectancy", "knowledge", "intentional_interference", "damages"])
def test_a_proved_element_gets_its_own_hint(element_id):
    line = verdict("2z", element_id)
    assert line.startswith(f"2z {FAIL} Fernleaf can prove that one: ")
    assert line.endswith(cloud_contracts.PROVED_HINTS_2Z[element_id])


@pytest.mark.parametrize(
    "value", [None, "", "   ", True, [], object(), np.nan, pd.NA, 0, 6, 3.5, "purpose", ["knowledge", "damages"]]
)
def test_an_answer_not_understood_gets_a_hint_about_its_form(value):
    assert (
        verdict("2z", value)
        == f"2z {FAIL} "
        + 'give one element from tort_elements: its id as text (e.g. "knowledge") or its position, 1 to 5'
    )
