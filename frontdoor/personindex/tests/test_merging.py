"""Merging two records of one person, undoing it exactly, and the contact page's identity
checks (link to an existing record, or confirm a new one)."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone

from frontdoor.agencies.models import Agency
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import ContactSubject
from frontdoor.contacts.tests.factories import child
from frontdoor.enquiries.models import InformationRequest, LawfulBasis, SharingAgreement
from frontdoor.people.models import (
    DuplicateProposal,
    Household,
    HouseholdMember,
    Person,
    PersonAddress,
    PersonMerge,
    PersonName,
    PersonSearchKey,
    ProposalStatus,
    Relationship,
)
from frontdoor.personindex.merging import (
    DIFFERENT_NHS,
    confirm_new_person,
    link_subject_to_existing,
    mark_not_same,
    merge_people,
    unmerge,
)

from .duplicates_builders import RUBY, actor_for, contact_naming, index, named, proposal_between

NHS_A, NHS_B = "9434765919", "9434765870"


@pytest.fixture
def boss(manager):
    return actor_for(manager)


@pytest.fixture
def pair(hub):
    """Two records of Ruby: the older one without an NHS number, the newer one with."""
    kept = named(**RUBY)
    absorbed = named(**{**RUBY, "given_name": "Rubi", "nhs_number": NHS_A, "postcode": "ST4 2BB"})
    return kept, absorbed


def _rows(model: Any, condition: Q) -> list[dict[str, Any]]:
    return list(model.objects.filter(condition).order_by("pk").values())


def dump(*people: Person) -> dict[str, Any]:
    """Everything about these people, row by row, to compare before and after."""
    ids = [p.pk for p in people]
    subjects = ContactSubject.objects.filter(person_id__in=ids)
    return {
        "people": _rows(Person, Q(pk__in=ids)),
        "names": _rows(PersonName, Q(person_id__in=ids)),
        "addresses": _rows(PersonAddress, Q(person_id__in=ids)),
        "relationships": _rows(Relationship, Q(person_id__in=ids) | Q(relative_id__in=ids)),
        "households": _rows(HouseholdMember, Q(person_id__in=ids)),
        "subjects": _rows(ContactSubject, Q(person_id__in=ids)),
        "requests": _rows(InformationRequest.subjects.through, Q(contactsubject__in=subjects)),
        "keys": sorted(
            PersonSearchKey.objects.filter(person_id__in=ids).values_list("person_id", "key")
        ),
        "proposals": _rows(DuplicateProposal, Q(first_id__in=ids) | Q(second_id__in=ids)),
    }


def _request_naming(subject: ContactSubject, sender: Any) -> InformationRequest:
    request = InformationRequest.objects.create(
        contact=subject.contact,
        agency=Agency.objects.get(code="staffs-police"),
        agreement=SharingAgreement.objects.get(),
        lawful_basis=LawfulBasis.PUBLIC_TASK,
        questions="What do you know?",
        rag_rating_id="red",
        sent_by=sender.user,
        due_at=timezone.now() + timedelta(hours=2),
    )
    request.subjects.add(subject)
    return request


@pytest.fixture
def tangled(pair, manager):
    """The pair with every kind of link, including ones a merge must remove."""
    kept, absorbed = pair
    parent = named(given_name="Jade", family_name="Example", date_of_birth=date(1990, 1, 2))
    brother = named(given_name="Leo", family_name="Example", date_of_birth=date(2016, 2, 3))
    other = named(given_name="Ruby", family_name="Sample", date_of_birth=date(2018, 5, 4))
    # A contact naming both records: the absorbed one's place in it cannot move.
    both = contact_naming(child(**RUBY), child(**{**RUBY, "given_name": "Ruby-Mae"}))
    first_subject, second_subject = both.subjects.order_by("pk")
    ContactSubject.objects.filter(pk=first_subject.pk).update(person=kept)
    ContactSubject.objects.filter(pk=second_subject.pk).update(person=absorbed)
    _request_naming(second_subject, manager)
    PersonName.objects.create(
        person=absorbed, kind="previous", given_name="Ruby", family_name="Old"
    )
    PersonName.objects.create(person=kept, kind="alias", given_name="Rubes", family_name="Example")
    PersonAddress.objects.create(person=absorbed, address="1 Old Lane", postcode="ST5 1AA")
    for person in (kept, absorbed):
        Relationship.objects.create(person=parent, relative=person, kind="parent_carer")
    low, high = sorted((absorbed.pk, brother.pk))
    Relationship.objects.create(person_id=low, relative_id=high, kind="sibling")
    low, high = sorted((absorbed.pk, kept.pk))
    Relationship.objects.create(person_id=low, relative_id=high, kind="sibling")
    home = Household.objects.create(address_key="test|home")
    away = Household.objects.create(address_key="test|away")
    HouseholdMember.objects.create(household=home, person=kept, first_seen=date(2024, 1, 1))
    HouseholdMember.objects.create(
        household=home, person=absorbed, first_seen=date(2023, 1, 1), last_seen=date(2025, 1, 1)
    )
    HouseholdMember.objects.create(household=away, person=absorbed)
    index(kept, absorbed, other)
    proposal_between(kept, absorbed)
    proposal_between(absorbed, other, probability=0.91)
    return kept, absorbed


class TestMerge:
    def test_kept_takes_the_chosen_values_and_absorbed_points_at_it(self, pair, boss):
        kept, absorbed = pair
        merge_people(
            kept=kept, absorbed=absorbed, choices={"name": "absorbed"}, by=boss, reason="Same"
        )
        kept.refresh_from_db()
        absorbed.refresh_from_db()
        assert kept.given_name == "Rubi"
        assert kept.nhs_number == NHS_A  # kept had none: filled by default
        assert kept.postcode == "ST4 1AA"  # kept by default
        assert absorbed.merged_into == kept
        assert not Person.objects.current().filter(pk=absorbed.pk).exists()
        assert list(kept.other_names.values_list("given_name", "kind")) == [("Ruby", "alias")]

    def test_absorbed_name_becomes_an_alias_and_its_contacts_move(self, pair, boss):
        kept, absorbed = pair
        merge_people(kept=kept, absorbed=absorbed, choices={}, by=boss, reason="")
        assert list(kept.other_names.values_list("given_name", flat=True)) == ["Rubi"]
        assert ContactSubject.objects.filter(person=kept).count() == 2
        assert not ContactSubject.objects.filter(person=absorbed).exists()

    def test_links_that_would_repeat_or_point_at_itself_are_removed(self, tangled, boss):
        kept, absorbed = tangled
        merge_people(kept=kept, absorbed=absorbed, choices={}, by=boss, reason="")
        assert not Relationship.objects.filter(person=kept, relative=kept).exists()
        assert Relationship.objects.filter(relative=kept, kind="parent_carer").count() == 1
        assert not Relationship.objects.filter(Q(person=absorbed) | Q(relative=absorbed)).exists()
        home = HouseholdMember.objects.get(person=kept, household__address_key="test|home")
        assert (home.first_seen, home.last_seen) == (date(2023, 1, 1), date(2025, 1, 1))
        # Kept's own contact, absorbed's, and the one naming both (once now); the information
        # request names the kept record's place in it.
        assert ContactSubject.objects.filter(person=kept).count() == 3
        request = InformationRequest.objects.get()
        assert list(request.subjects.values_list("person_id", flat=True)) == [kept.pk]

    def test_the_proposal_for_the_pair_is_marked_merged(self, tangled, boss):
        kept, absorbed = tangled
        merge_people(kept=kept, absorbed=absorbed, choices={}, by=boss, reason="Checked")
        mine = DuplicateProposal.objects.get(
            first_id=min(kept.pk, absorbed.pk), second_id=max(kept.pk, absorbed.pk)
        )
        assert mine.status == ProposalStatus.MERGED
        assert mine.decided_by == boss.user

    def test_is_audited_with_codes_not_names(self, pair, boss):
        kept, absorbed = pair
        merge = merge_people(kept=kept, absorbed=absorbed, choices={}, by=boss, reason="Same")
        event = AuditEvent.objects.get(action="person.merged")
        assert event.object_id == str(merge.pk)
        assert event.details["kept"] == kept.pk
        assert event.details["absorbed"] == absorbed.pk
        assert "Ruby" not in str(event.details)
        assert "Rubi" not in str(event.details)

    def test_different_valid_nhs_numbers_need_a_reason(self, hub, boss):
        kept = named(**{**RUBY, "nhs_number": NHS_A})
        absorbed = named(**{**RUBY, "nhs_number": NHS_B})
        with pytest.raises(ValidationError) as refused:
            merge_people(kept=kept, absorbed=absorbed, choices={}, by=boss, reason="")
        assert refused.value.message_dict == {"nhs_override_reason": [DIFFERENT_NHS]}
        absorbed.refresh_from_db()
        assert absorbed.merged_into is None
        assert not PersonMerge.objects.exists()

        merge = merge_people(
            kept=kept,
            absorbed=absorbed,
            choices={"nhs_number": "absorbed"},
            by=boss,
            reason="",
            nhs_override_reason="GP confirmed the old number was replaced",
        )
        assert merge.nhs_override_reason == "GP confirmed the old number was replaced"
        kept.refresh_from_db()
        assert kept.nhs_number == NHS_B
        assert AuditEvent.objects.get(action="person.merged").details["nhs_override"] is True

    def test_a_record_cannot_be_merged_with_itself(self, pair, boss):
        kept, _ = pair
        with pytest.raises(ValidationError, match="itself"):
            merge_people(kept=kept, absorbed=kept, choices={}, by=boss, reason="")

    def test_a_merged_record_cannot_be_merged_again(self, pair, boss, hub):
        kept, absorbed = pair
        third = named(**RUBY)
        merge_people(kept=kept, absorbed=absorbed, choices={}, by=boss, reason="")
        absorbed.refresh_from_db()
        with pytest.raises(ValidationError, match="already been merged"):
            merge_people(kept=third, absorbed=absorbed, choices={}, by=boss, reason="")

    def test_an_unknown_choice_is_refused(self, pair, boss):
        kept, absorbed = pair
        with pytest.raises(ValidationError):
            merge_people(kept=kept, absorbed=absorbed, choices={"name": "both"}, by=boss, reason="")
        assert not PersonMerge.objects.exists()

    def test_a_practitioner_cannot_merge(self, pair, practitioner):
        kept, absorbed = pair
        with pytest.raises(PermissionDenied):
            merge_people(
                kept=kept, absorbed=absorbed, choices={}, by=actor_for(practitioner), reason=""
            )
        assert not PersonMerge.objects.exists()

    def test_a_manager_cannot_merge_a_record_they_cannot_see(self, hub, boss):
        mine = named(**RUBY)
        theirs = named(la="861", **RUBY)
        with pytest.raises(PermissionDenied):
            merge_people(kept=mine, absorbed=theirs, choices={}, by=boss, reason="")


class TestUnmerge:
    def test_restores_exactly_what_was_there(self, tangled, boss):
        kept, absorbed = tangled
        before = dump(kept, absorbed)
        merge = merge_people(
            kept=kept,
            absorbed=absorbed,
            choices={"name": "absorbed", "address": "absorbed", "sex": "kept"},
            by=boss,
            reason="Same child",
        )
        assert dump(kept, absorbed) != before
        unmerge(merge=merge, by=boss, reason="Two different children")
        assert dump(kept, absorbed) == before

    def test_keeps_what_changed_on_the_kept_record_since(self, pair, boss):
        kept, absorbed = pair
        merge = merge_people(
            kept=kept, absorbed=absorbed, choices={"name": "absorbed"}, by=boss, reason=""
        )
        Person.objects.filter(pk=kept.pk).update(postcode="ST6 9ZZ")
        unmerge(merge=merge, by=boss, reason="Wrong child")
        kept.refresh_from_db()
        assert (kept.given_name, kept.postcode) == ("Ruby", "ST6 9ZZ")

    def test_is_recorded_and_audited(self, pair, boss):
        kept, absorbed = pair
        merge = merge_people(kept=kept, absorbed=absorbed, choices={}, by=boss, reason="")
        unmerge(merge=merge, by=boss, reason="Different children")
        merge.refresh_from_db()
        assert merge.unmerged_by == boss.user
        assert merge.unmerge_reason == "Different children"
        assert AuditEvent.objects.filter(action="person.unmerged", object_id=str(merge.pk)).exists()

    def test_needs_a_reason(self, pair, boss):
        kept, absorbed = pair
        merge = merge_people(kept=kept, absorbed=absorbed, choices={}, by=boss, reason="")
        with pytest.raises(ValidationError) as refused:
            unmerge(merge=merge, by=boss, reason="  ")
        assert "reason" in refused.value.message_dict

    def test_a_second_unmerge_is_refused(self, pair, boss):
        kept, absorbed = pair
        merge = merge_people(kept=kept, absorbed=absorbed, choices={}, by=boss, reason="")
        unmerge(merge=merge, by=boss, reason="Different children")
        with pytest.raises(ValidationError, match="already been undone"):
            unmerge(merge=merge, by=boss, reason="Again")

    def test_a_later_merge_must_be_undone_first(self, pair, boss, hub):
        kept, absorbed = pair
        third = named(**RUBY)
        first = merge_people(kept=kept, absorbed=absorbed, choices={}, by=boss, reason="")
        later = merge_people(kept=kept, absorbed=third, choices={}, by=boss, reason="")
        with pytest.raises(ValidationError, match=f"merge {later.pk}"):
            unmerge(merge=first, by=boss, reason="Wrong")
        unmerge(merge=later, by=boss, reason="Wrong")
        unmerge(merge=first, by=boss, reason="Wrong")
        assert Person.objects.current().filter(pk__in=[absorbed.pk, third.pk]).count() == 2

    def test_a_practitioner_cannot_unmerge(self, pair, boss, practitioner):
        kept, absorbed = pair
        merge = merge_people(kept=kept, absorbed=absorbed, choices={}, by=boss, reason="")
        with pytest.raises(PermissionDenied):
            unmerge(merge=merge, by=actor_for(practitioner), reason="No")


class TestIdentityChecks:
    @pytest.fixture
    def from_the_form(self, hub):
        """A subject of an online referral, recorded as a new person; and the existing one."""
        existing = named(**{**RUBY, "nhs_number": NHS_A})
        contact = contact_naming(
            child(**{**RUBY, "nhs_number": "", "postcode": "ST4 2BB", "address": "3 New Street"}),
            channel="online_form",
        )
        return contact.subjects.get(), existing

    def test_a_practitioner_links_a_subject_to_an_existing_record(
        self, from_the_form, practitioner
    ):
        subject, existing = from_the_form
        new_record = subject.person
        merge_ = link_subject_to_existing(
            subject=subject, existing=existing, by=actor_for(practitioner)
        )
        existing.refresh_from_db()
        row = ContactSubject.objects.get(contact=subject.contact)
        assert row.person == existing
        assert row.identity_checked
        assert existing.nhs_number == NHS_A
        assert (existing.address, existing.postcode) == ("3 New Street", "ST4 2BB")
        assert merge_.absorbed == new_record
        assert AuditEvent.objects.filter(action="person.linked_to_existing").exists()

    def test_unmerging_a_link_leaves_the_identity_unchecked_again(
        self, from_the_form, practitioner, boss
    ):
        subject, existing = from_the_form
        merge_ = link_subject_to_existing(
            subject=subject, existing=existing, by=actor_for(practitioner)
        )
        unmerge(merge=merge_, by=boss, reason="Not the same child")
        subject.refresh_from_db()
        assert subject.person_id != existing.pk
        assert not subject.identity_checked

    def test_an_identity_checked_already_is_refused(self, from_the_form, practitioner):
        subject, existing = from_the_form
        confirm_new_person(subject=subject, by=actor_for(practitioner))
        with pytest.raises(ValidationError, match="already checked"):
            link_subject_to_existing(subject=subject, existing=existing, by=actor_for(practitioner))

    def test_confirming_a_new_person_is_recorded(self, from_the_form, practitioner):
        subject, _ = from_the_form
        confirm_new_person(subject=subject, by=actor_for(practitioner))
        subject.refresh_from_db()
        assert subject.identity_checked
        assert AuditEvent.objects.filter(action="person.confirmed_new").exists()

    def test_another_authority_cannot_check_a_subject(self, from_the_form, other_la_worker):
        subject, existing = from_the_form
        with pytest.raises(PermissionDenied):
            confirm_new_person(subject=subject, by=actor_for(other_la_worker))
        with pytest.raises(PermissionDenied):
            link_subject_to_existing(
                subject=subject, existing=existing, by=actor_for(other_la_worker)
            )


class TestNotSame:
    def test_marks_the_proposal_decided(self, pair, boss):
        proposal = proposal_between(*pair)
        mark_not_same(proposal=proposal, by=boss, reason="Twins")
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.NOT_SAME
        assert (proposal.decided_by, proposal.reason) == (boss.user, "Twins")
        assert AuditEvent.objects.filter(action="duplicate.not_same").exists()

    def test_cannot_be_decided_twice(self, pair, boss):
        proposal = proposal_between(*pair)
        mark_not_same(proposal=proposal, by=boss)
        with pytest.raises(ValidationError):
            mark_not_same(proposal=proposal, by=boss)

    def test_is_for_managers(self, pair, practitioner):
        proposal = proposal_between(*pair)
        with pytest.raises(PermissionDenied):
            mark_not_same(proposal=proposal, by=actor_for(practitioner))
