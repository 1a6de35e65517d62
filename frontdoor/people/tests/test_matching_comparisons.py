"""Each comparison level, with an example a practitioner would recognise."""

from datetime import date

import pytest

from frontdoor.people.matching.comparisons import FIELDS, compare
from frontdoor.people.matching.records import PersonRecord
from frontdoor.people.matching.standardise import prepare

BASE = PersonRecord(
    record_id="a",
    given_name="William",
    family_name="Smith",
    date_of_birth=date(2015, 3, 4),
    sex="M",
    postcode="EC1A 1BB",
    address_line="12 Acacia Road",
    nhs_number="9434765919",
)


def level(field: str, a: PersonRecord, b: PersonRecord) -> str:
    index = [f.name for f in FIELDS].index(field)
    return FIELDS[index].levels[compare(prepare(a), prepare(b))[index]]


def other(**changes) -> PersonRecord:
    values = {f: getattr(BASE, f) for f in BASE.__slots__} | {"record_id": "b"} | changes
    return PersonRecord(**values)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "exact"),
        ({"given_name": "Bill"}, "nickname"),
        ({"given_name": "Smith", "family_name": "William"}, "swapped"),
        ({"given_name": "Tom", "middle_names": "William"}, "other_name"),
        ({"given_name": "Willaim"}, "jw_high"),
        ({"given_name": "Wilhelm"}, "jw_mid"),
        ({"given_name": "W"}, "initial"),
        ({"given_name": "George"}, "different"),
        ({"given_name": ""}, "missing"),
    ],
)
def test_given_name_levels(changes, expected):
    assert level("given_name", BASE, other(**changes)) == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "exact"),
        ({"family_name": "Smiht"}, "jw_high"),
        ({"family_name": "Smith-Jones"}, "previous"),
        ({"family_name": "Brown", "other_names": (("", "Smith"),)}, "previous"),
        ({"family_name": "Smyth"}, "jw_mid"),
        ({"family_name": "Patel"}, "different"),
        ({"family_name": ""}, "missing"),
    ],
)
def test_family_name_levels(changes, expected):
    assert level("family_name", BASE, other(**changes)) == expected


@pytest.mark.parametrize(
    ("dob", "expected"),
    [
        (date(2015, 3, 4), "exact"),
        (date(2015, 4, 3), "swapped"),
        (date(2015, 3, 5), "typo"),
        (date(2051, 3, 4), "typo"),  # neighbouring digits swapped
        (date(2015, 9, 30), "within_year"),
        (date(2012, 1, 20), "different"),
        (None, "missing"),
    ],
)
def test_date_of_birth_levels(dob, expected):
    assert level("date_of_birth", BASE, other(date_of_birth=dob)) == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "same_address"),
        ({"address_line": "Flat 3, Acacia Court"}, "same_postcode"),
        ({"postcode": "SW1A 2AA"}, "similar_line"),
        ({"postcode": "EC1A 1AA", "address_line": "1 Long Lane"}, "same_sector"),
        ({"postcode": "SW1A 2AA", "address_line": "1 Long Lane"}, "different"),
        ({"postcode": "", "address_line": ""}, "missing"),
    ],
)
def test_address_levels(changes, expected):
    assert level("address", BASE, other(**changes)) == expected


def test_sex_and_nhs_number_levels():
    assert level("sex", BASE, other()) == "same"
    assert level("sex", BASE, other(sex="F")) == "different"
    assert level("sex", BASE, other(sex="")) == "missing"
    assert level("nhs_number", BASE, other()) == "same"
    assert level("nhs_number", BASE, other(nhs_number="4010232137")) == "different"
    assert level("nhs_number", BASE, other(nhs_number="")) == "missing"
