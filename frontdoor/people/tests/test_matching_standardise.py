from datetime import date

import pytest

from frontdoor.people.matching.records import PersonRecord
from frontdoor.people.matching.standardise import (
    clean_address,
    clean_name,
    clean_postcode,
    nickname_groups,
    parse_date,
    postcode_sector,
    prepare,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (" Zoë  O'Brien-Smith ", "ZOE OBRIEN SMITH"),
        ("jean-luc", "JEAN LUC"),
        ("Siobhán", "SIOBHAN"),
        ("123", ""),
    ],
)
def test_names_are_upper_case_ascii_words(raw, clean):
    assert clean_name(raw) == clean


def test_street_words_are_spelt_out():
    assert clean_address("12a, Acacia Rd.") == "12A ACACIA ROAD"


def test_a_uk_postcode_is_normalised_and_anything_else_kept_as_written():
    assert clean_postcode("ec1a1bb") == ("EC1A 1BB", True)
    assert clean_postcode("2119") == ("2119", False)
    assert clean_postcode("  ") == ("", True)
    assert postcode_sector("EC1A 1BB") == "EC1A 1"
    assert postcode_sector("2119") == ""


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("2015-03-04", date(2015, 3, 4)),
        ("20150304", date(2015, 3, 4)),
        ("2015-02-30", None),
        ("04/03/2015", None),
        ("1066-10-14", None),
    ],
)
def test_dates_of_birth_are_read_in_iso_form_only(raw, parsed):
    assert parse_date(raw) == parsed


def test_nickname_groups_join_a_nickname_to_its_full_names():
    assert "WILLIAM" in nickname_groups("BILL")
    assert nickname_groups("BILL") & nickname_groups("WILL")
    assert nickname_groups("ZEBEDIAH-NOT-A-NAME") == {"ZEBEDIAH-NOT-A-NAME"}


def test_prepare_keeps_middle_and_previous_names_as_other_names():
    record = PersonRecord(
        "1",
        "Mary Ann",
        "Smith-Jones",
        None,
        "f",
        "",
        "",
        "",
        other_names=(("Polly", "Brown"),),
        middle_names="Elizabeth",
    )
    prepared = prepare(record)
    assert prepared.given_first == "MARY"
    assert prepared.alias_given == ("ELIZABETH", "POLLY")
    assert prepared.alias_family == ("BROWN",)
    assert prepared.family_tokens == ("JONES", "SMITH")
    assert prepared.sex == "F"
