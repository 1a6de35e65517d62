"""The duplicates batch job: likely pairs proposed once, decided pairs never again, twins not
at all."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.tests.factories import child
from frontdoor.people.models import DuplicateProposal, ProposalStatus
from frontdoor.personindex.duplicates import propose_duplicates
from frontdoor.personindex.merging import mark_not_same, merge_people

from .duplicates_builders import RUBY, SYSTEM, actor_for, contact_naming, index, named


@pytest.fixture
def ruby_twice(hub):
    """One child recorded twice: the second time with a nickname-free typo in the name."""
    first = named(**{**RUBY, "nhs_number": "9434765919"})
    second = named(**{**RUBY, "given_name": "Rubyy"})
    index(first, second)
    return first, second


def test_it_proposes_a_likely_duplicate_with_the_reasons(ruby_twice):
    first, second = ruby_twice
    assert propose_duplicates(by=SYSTEM) == 1
    proposal = DuplicateProposal.objects.get()
    assert (proposal.first, proposal.second) == (first, second)
    assert proposal.status == ProposalStatus.OPEN
    assert proposal.probability >= 0.9
    fields = {item["field"]: item for item in proposal.explanation}
    assert {"given_name", "family_name", "date_of_birth"} <= set(fields)
    assert fields["date_of_birth"]["weight"] > 0
    assert all(item["label"] for item in proposal.explanation)


def test_running_it_again_proposes_nothing_new(ruby_twice):
    propose_duplicates(by=SYSTEM)
    assert propose_duplicates(by=SYSTEM) == 0
    assert DuplicateProposal.objects.count() == 1


def test_a_pair_marked_not_the_same_is_never_proposed_again(ruby_twice, manager):
    propose_duplicates(by=SYSTEM)
    mark_not_same(proposal=DuplicateProposal.objects.get(), by=actor_for(manager))
    assert propose_duplicates(by=SYSTEM) == 0
    assert DuplicateProposal.objects.get().status == ProposalStatus.NOT_SAME


def test_twins_sharing_a_birthday_and_address_are_not_proposed(hub):
    twins = [
        named(**{**RUBY, "given_name": given, "sex": sex})
        for given, sex in (("Amelia", "F"), ("Oliver", "M"))
    ]
    same_sex = named(**{**RUBY, "given_name": "Grace"})
    index(*twins, same_sex)
    assert propose_duplicates(by=SYSTEM) == 0
    assert not DuplicateProposal.objects.exists()


def test_two_people_named_in_one_contact_are_never_proposed(hub):
    """A mother and the daughter named after her, the mother's date of birth not given."""
    mother = child(**{**RUBY, "role": "parent_carer", "date_of_birth": None, "nhs_number": ""})
    daughter = child(**{**RUBY, "nhs_number": ""})
    contact = contact_naming(mother, daughter)
    index(*[subject.person for subject in contact.subjects.select_related("person")])

    assert propose_duplicates(by=SYSTEM) == 0


def test_records_already_merged_are_left_out(ruby_twice, manager):
    first, second = ruby_twice
    merge_people(kept=first, absorbed=second, choices={}, by=actor_for(manager), reason="")
    third = named(**RUBY)
    index(third)
    assert propose_duplicates(by=SYSTEM) == 1
    proposal = DuplicateProposal.objects.get()
    assert {proposal.first_id, proposal.second_id} == {first.pk, third.pk}


def test_unlikely_pairs_are_not_proposed(hub):
    one = named(**RUBY)
    other = named(**{**RUBY, "given_name": "Rita", "date_of_birth": date(2012, 11, 30)})
    index(one, other)
    assert propose_duplicates(by=SYSTEM) == 0


def test_the_run_is_audited_without_personal_data(ruby_twice):
    propose_duplicates(by=SYSTEM, threshold=0.95)
    event = AuditEvent.objects.get(action="duplicates.proposed")
    assert event.details == {"proposed": 1, "threshold": 0.95}


def test_the_command_says_how_many_and_no_names(ruby_twice):
    out = StringIO()
    call_command("propose_duplicates", "--threshold", "0.9", stdout=out)
    assert out.getvalue() == "Proposed 1 possible duplicate pair for review.\n"
    assert DuplicateProposal.objects.count() == 1


def test_the_command_refuses_a_threshold_out_of_range(hub):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("propose_duplicates", "--threshold", "1.5")
