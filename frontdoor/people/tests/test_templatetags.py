from datetime import date

from frontdoor.people.models import Person
from frontdoor.people.templatetags.people import born, nhs_number


def test_a_valid_nhs_number_is_shown_in_three_groups():
    assert nhs_number("9434765919") == "943 476 5919"


def test_a_stored_value_that_is_not_ten_digits_is_shown_as_it_is():
    assert nhs_number("94347659") == "94347659"


def test_no_number_shows_nothing():
    assert nhs_number("") == ""


def test_born_says_the_date_of_birth_the_expected_date_or_that_it_is_not_known():
    assert born(Person(date_of_birth=date(2018, 5, 4))) == "Born 4 May 2018"
    assert born(Person(expected_date_of_birth=date(2026, 9, 14))) == "Expected 14 September 2026"
    assert born(Person()) == "Date of birth not known"
