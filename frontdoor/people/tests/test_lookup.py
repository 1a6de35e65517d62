"""Finding existing records for a subject being entered: ranked, explained, never twins."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from frontdoor.people.lookup import (
    find_candidates,
    forget_population,
    model_for_index,
    new_record,
    person_record,
)
from frontdoor.people.matching.model import load_model
from frontdoor.people.models import NameKind, Person, PersonName, PersonSearchKey
from frontdoor.people.services import PersonDetails, record_person

pytestmark = pytest.mark.django_db

RUBY = {
    "given_name": "Ruby",
    "family_name": "Example",
    "date_of_birth": date(2018, 5, 4),
    "sex_code": "F",
    "address": "1 Example Street\nStoke-on-Trent",
    "postcode": "ST4 1AA",
}


def person(**changes: object) -> Person:
    return record_person(PersonDetails(**{**RUBY, **changes}), on=date(2026, 1, 5))  # type: ignore[arg-type]


def search(**changes: object):
    values = {**RUBY, **changes}
    return new_record(
        given_name=str(values["given_name"]),
        family_name=str(values["family_name"]),
        date_of_birth=values.get("date_of_birth"),  # type: ignore[arg-type]
        sex_code=str(values.get("sex_code", "")),
        address=str(values.get("address", "")),
        postcode=str(values.get("postcode", "")),
        nhs_number=str(values.get("nhs_number", "")),
    )


def test_the_same_child_ranks_first_and_a_near_match_after_it(reference_data):
    swapped = person(given_name="Rubie", date_of_birth=date(2018, 4, 5))
    same = person()
    person(
        given_name="Tom", family_name="Other", date_of_birth=date(2011, 1, 9), postcode="ST5 9ZZ"
    )

    found = find_candidates(search())

    assert [c.person.pk for c in found] == [same.pk, swapped.pk]
    assert found[0].likelihood.startswith("Very likely the same person (")
    assert found[0].score.probability > found[1].score.probability


def test_each_candidate_explains_every_field(reference_data):
    person(given_name="William", nhs_number="9434765919")

    [found] = find_candidates(search(given_name="Bill", date_of_birth=date(2018, 4, 5)))

    reasons = {reason.title: reason for reason in found.reasons}
    assert {"Given name", "Family name", "Date of birth", "Sex", "NHS number"} <= set(reasons)
    assert all(reason.finding for reason in found.reasons)
    assert reasons["Given name"].finding == "Known nickname (Bill / William)"
    assert reasons["Given name"].direction == "same"
    assert reasons["Date of birth"].finding.startswith("Day and month swapped")
    assert reasons["NHS number"].direction == "none"  # not given for the new subject


def test_a_disagreeing_field_is_shown_as_pointing_to_different_people(reference_data):
    person(sex_code="M")
    [found] = find_candidates(search())
    sex = next(r for r in found.reasons if r.field == "sex")
    assert (sex.finding, sex.direction) == ("Different", "different")


def test_a_twin_at_the_same_address_is_not_offered_as_the_same_child(reference_data):
    rose = person(given_name="Rose")
    ruby = person()

    found = find_candidates(search())

    assert [c.person.pk for c in found] == [ruby.pk]
    assert rose.pk not in [c.person.pk for c in found]


def test_a_record_with_a_different_nhs_number_is_not_offered(reference_data):
    person(nhs_number="9434765919")
    assert find_candidates(search(nhs_number="4010232137")) == []


def test_a_merged_record_is_never_a_candidate(reference_data):
    kept = person()
    absorbed = person(given_name="Rubie")
    Person.objects.filter(pk=absorbed.pk).update(merged_into=kept)

    assert [c.person.pk for c in find_candidates(search(given_name="Rubie"))] == [kept.pk]


def test_excluded_records_are_left_out(reference_data):
    ruby = person()
    assert find_candidates(search(), exclude_ids=[ruby.pk]) == []


def test_only_records_among_the_given_ones_are_offered(reference_data):
    ruby = person()
    assert find_candidates(search(), among=Person.objects.exclude(pk=ruby.pk)) == []
    assert [c.person.pk for c in find_candidates(search(), among=Person.objects.all())] == [ruby.pk]


def test_a_candidate_shows_its_other_names(reference_data):
    ruby = person()
    PersonName.objects.create(person=ruby, kind=NameKind.ALIAS, given_name="Rubes", family_name="")
    [found] = find_candidates(search())
    assert found.person.other_names == ("Rubes",)
    assert found.person.sex == "Female"


def test_linking_a_new_address_refreshes_the_keys_so_the_record_is_found_there(reference_data):
    ruby = person()
    no_date = {"date_of_birth": None, "postcode": "ST5 2BB", "address": "9 New Road"}
    assert find_candidates(search(**no_date)) == []

    record_person(
        PersonDetails(**{**RUBY, "postcode": "ST5 2BB", "address": "9 New Road"}),  # type: ignore[arg-type]
        existing_person_id=ruby.pk,
        on=date(2026, 2, 1),
    )

    assert [c.person.pk for c in find_candidates(search(**no_date))] == [ruby.pk]


def test_finding_candidates_takes_three_queries_however_many_there_are(
    reference_data, django_assert_num_queries
):
    for given in ("Ruby", "Rubie", "Rubi", "Rube", "Ruben", "Ruby-Mae", "Rubina"):
        person(given_name=given)
    find_candidates(search(), limit=5)  # counts the persons, for the prior, once a while
    with django_assert_num_queries(3):
        found = find_candidates(search(), limit=5)
    assert len(found) == 5


def test_unknown_sex_is_no_evidence(reference_data):
    ruby = person(sex_code="U")
    assert person_record(ruby).sex == ""


def test_rebuilding_the_keys_makes_every_current_record_findable_again(reference_data):
    ruby = person()
    merged = person(given_name="Rubie")
    Person.objects.filter(pk=merged.pk).update(merged_into=ruby)
    PersonSearchKey.objects.filter(person=ruby).delete()
    assert find_candidates(search()) == []
    out = StringIO()

    call_command("rebuild_search_keys", "--batch-size", "1", stdout=out)

    assert [c.person.pk for c in find_candidates(search())] == [ruby.pk]
    assert not PersonSearchKey.objects.filter(person=merged).exists()
    assert "Search keys rebuilt for 1 people" in out.getvalue()


def test_the_prior_follows_the_size_of_the_index_counted_every_few_minutes(reference_data):
    for given in ("Ruby", "Tom", "Sam"):
        person(given_name=given)
    small = model_for_index()
    assert small.prior == load_model().for_population(3).prior
    for given in ("Ann", "Bea", "Cal", "Dee", "Eve"):
        person(given_name=given)
    assert model_for_index().prior == small.prior  # counted a moment ago: not again yet
    forget_population()
    larger = model_for_index()
    assert larger.prior == load_model().for_population(8).prior
    assert larger.prior < small.prior
