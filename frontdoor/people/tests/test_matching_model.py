"""The per-pair scorer: weights, probabilities, labels and the hard rules."""

from datetime import date

from frontdoor.people.matching.model import load_model, probability_from_weight
from frontdoor.people.matching.records import PersonRecord


def child(record_id="a", **changes) -> PersonRecord:
    values = {
        "record_id": record_id,
        "given_name": "Oliver",
        "family_name": "Hughes",
        "date_of_birth": date(2016, 5, 9),
        "sex": "M",
        "postcode": "LS6 2AB",
        "address_line": "14 Cardigan Road",
        "nhs_number": "",
    }
    return PersonRecord(**(values | changes))


def test_the_same_details_score_as_a_likely_match():
    score = load_model().score(child(), child("b"))
    assert score.probability > 0.99
    assert score.blocked_by is None
    assert [f.label for f in score.fields][:3] == [
        "Given name: the same",
        "Family name: the same (not counted: expected for people living at the same address)",
        "Date of birth: the same",
    ]


def test_a_nickname_and_a_swapped_day_and_month_are_explained():
    score = load_model().score(
        child(given_name="William"), child("b", given_name="Bill", date_of_birth=date(2016, 9, 5))
    )
    labels = {f.field: f.label for f in score.fields}
    assert labels["given_name"] == "Given name: known nickname (William / Bill)"
    assert labels["date_of_birth"] == (
        "Date of birth: day and month swapped (9 May 2016 / 5 September 2016)"
    )
    assert score.probability > 0.9


def test_twins_at_one_address_are_never_the_same_person():
    score = load_model().score(child(), child("b", given_name="Harry"))
    assert score.blocked_by == (
        "Both born the same day with different given names: likely twins or siblings"
    )
    assert not score.may_be_same_person


def test_siblings_at_one_address_score_as_different_people():
    score = load_model().score(
        child(), child("b", given_name="Amelia", sex="F", date_of_birth=date(2013, 1, 22))
    )
    assert score.probability < 0.01
    assert score.blocked_by is None


def test_a_parent_and_child_with_the_same_name_score_as_different_people():
    score = load_model().score(child(), child("b", date_of_birth=date(1985, 2, 11)))
    assert score.probability < 0.5


def test_different_valid_nhs_numbers_are_never_the_same_person():
    score = load_model().score(child(nhs_number="9434765919"), child("b", nhs_number="4010232137"))
    assert score.blocked_by == "Different valid NHS numbers"


def test_the_same_nhs_number_outweighs_a_different_given_name():
    score = load_model().score(
        child(nhs_number="9434765919"),
        child("b", given_name="Harry", nhs_number="9434765919"),
    )
    assert score.blocked_by is None
    assert score.probability > 0.9


def test_missing_values_weigh_nothing_and_say_so():
    score = load_model().score(child(), child("b", date_of_birth=None, sex=""))
    by_field = {f.field: f for f in score.fields}
    assert by_field["date_of_birth"].weight == 0
    assert by_field["date_of_birth"].label == "Date of birth: not recorded on both, so not compared"


def test_match_weight_and_probability_agree():
    score = load_model().score(child(), child("b", postcode="M1 1AE", address_line="2 Hope St"))
    assert abs(probability_from_weight(score.match_weight) - score.probability) < 1e-12
    assert probability_from_weight(2000) == 1.0
    assert probability_from_weight(-2000) == 0.0
