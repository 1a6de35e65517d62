from frontdoor.people.templatetags.people import nhs_number


def test_a_valid_nhs_number_is_shown_in_three_groups():
    assert nhs_number("9434765919") == "943 476 5919"


def test_a_stored_value_that_is_not_ten_digits_is_shown_as_it_is():
    assert nhs_number("94347659") == "94347659"


def test_no_number_shows_nothing():
    assert nhs_number("") == ""
