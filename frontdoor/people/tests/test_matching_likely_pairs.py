"""`batch.likely_pairs`: the duplicates job's candidates, found as link_records finds them."""

from datetime import date

from frontdoor.people.matching.batch import likely_pairs
from frontdoor.people.matching.records import PersonRecord


def record(
    record_id: str, given: str, born: date, *, sex: str = "F", nhs_number: str = ""
) -> PersonRecord:
    return PersonRecord(
        record_id=record_id,
        given_name=given,
        family_name="Example",
        date_of_birth=born,
        sex=sex,
        postcode="ST4 1AA",
        address_line="12 Oak Road",
        nhs_number=nhs_number,
    )


def test_a_typo_is_a_likely_pair_and_twins_are_not():
    records = [
        record("1", "Ruby", date(2018, 5, 4)),
        record("2", "Rbuy", date(2018, 5, 4)),
        record("3", "Grace", date(2018, 5, 4)),  # Ruby's twin
        record("4", "Tom", date(2015, 2, 1), sex="M"),  # their brother
    ]

    pairs = likely_pairs(records)

    assert [(a, b) for a, b, _ in pairs] == [("1", "2")]
    assert pairs[0][2] > 3


def test_different_valid_nhs_numbers_are_never_a_likely_pair():
    records = [
        record("1", "Ruby", date(2018, 5, 4), nhs_number="9434765919"),
        record("2", "Ruby", date(2018, 5, 4), nhs_number="9990000018"),
    ]
    assert likely_pairs(records) == []
