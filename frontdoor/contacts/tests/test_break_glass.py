"""Break-glass in the contacts app: the grant, what it makes visible and for how long, the
audit of reads under it, the reference lookup and the review service."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from frontdoor.agencies.actors import actor_for_user
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.breakglass import (
    find_contact_by_reference,
    open_with_break_glass,
    parse_reference,
    review_break_glass,
)
from frontdoor.contacts.models import BreakGlassAccess, Contact
from frontdoor.contacts.selectors import (
    contacts_visible_to,
    get_contact_for_viewing,
    people_visible_to,
)
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import contact_details
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import LONDON

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
REASON = "Child moved to Stoke last week; checking the Staffordshire history before visiting"


@pytest.fixture
def staffs_contact(practitioner) -> Contact:
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        return receive_contact(details=contact_details(), by=actor_for_user(practitioner.user))


@pytest.fixture
def stella(other_la_worker) -> Actor:
    """The Stoke-on-Trent practitioner, who has no reason to see a Staffordshire contact."""
    return actor_for_user(other_la_worker.user)


def test_a_grant_shows_the_contact_and_its_people_until_it_expires(staffs_contact, stella):
    ruby = staffs_contact.subjects.get().person
    with time_machine.travel(NOW, tick=False):
        assert not contacts_visible_to(stella).filter(pk=staffs_contact.pk).exists()
        assert not people_visible_to(stella).filter(pk=ruby.pk).exists()
        grant = open_with_break_glass(contact=staffs_contact, reason=REASON, by=stella)
        assert grant.expires_at == NOW + timedelta(hours=4)
        assert get_contact_for_viewing(stella, staffs_contact.pk) == staffs_contact
        assert people_visible_to(stella).filter(pk=ruby.pk).exists()
    with time_machine.travel(NOW + timedelta(hours=3, minutes=59), tick=False):
        assert get_contact_for_viewing(stella, staffs_contact.pk) == staffs_contact
    with time_machine.travel(NOW + timedelta(hours=4), tick=False):
        with pytest.raises(Http404):
            get_contact_for_viewing(stella, staffs_contact.pk)
        assert not people_visible_to(stella).filter(pk=ruby.pk).exists()


def test_a_grant_is_for_the_person_who_asked_only(practitioner, contact_officer, manager):
    in_stoke = receive_contact(
        details=contact_details(local_authority_code="861"), by=actor_for_user(practitioner.user)
    )
    open_with_break_glass(contact=in_stoke, reason=REASON, by=actor_for_user(contact_officer.user))
    assert get_contact_for_viewing(actor_for_user(contact_officer.user), in_stoke.pk) == in_stoke
    for colleague in (practitioner, manager):
        with pytest.raises(Http404):
            get_contact_for_viewing(actor_for_user(colleague.user), in_stoke.pk)


@pytest.mark.parametrize("reason", ["", "   ", "Need to check it", " " * 30 + "too short"])
def test_a_reason_under_20_characters_is_refused_and_grants_nothing(staffs_contact, stella, reason):
    with pytest.raises(ValidationError) as refused:
        open_with_break_glass(contact=staffs_contact, reason=reason, by=stella)
    assert "at least 20 characters" in refused.value.message_dict["reason"][0]
    assert not BreakGlassAccess.objects.exists()
    assert not contacts_visible_to(stella).filter(pk=staffs_contact.pk).exists()
    assert not AuditEvent.objects.filter(action="breakglass.opened").exists()


@pytest.mark.parametrize(
    "who",
    ["police_researcher", "area_worker", "analyst", "ig_officer", "administrator", "outsider"],
)
def test_only_mash_staff_may_break_glass(request, staffs_contact, who):
    someone = actor_for_user(request.getfixturevalue(who).user)
    with pytest.raises(PermissionDenied):
        open_with_break_glass(contact=staffs_contact, reason=REASON, by=someone)
    assert not BreakGlassAccess.objects.exists()


def test_the_grant_keeps_the_reason_and_copies_who_asked_in_which_capacity(
    staffs_contact, stella, other_la_worker
):
    grant = open_with_break_glass(contact=staffs_contact, reason=f"  {REASON}  ", by=stella)
    assert grant.user_id == other_la_worker.user.pk
    assert grant.reason == REASON
    assert (grant.role, grant.agency_code, grant.local_authority_code) == (
        "practitioner",
        "stoke-csc",
        "861",
    )
    assert grant.reviewed_at is None
    assert grant.review_outcome == ""


def test_opening_is_audited_for_the_contacts_authority_without_the_reason(staffs_contact, stella):
    with time_machine.travel(NOW, tick=False):
        grant = open_with_break_glass(contact=staffs_contact, reason=REASON, by=stella)
    event = AuditEvent.objects.get(action="breakglass.opened")
    assert event.local_authority == "860"
    assert event.object_id == str(staffs_contact.pk)
    assert event.details == {"grant": grant.pk, "expires_at": grant.expires_at.isoformat()}
    assert "Stoke" not in str(event.details)


def test_reads_under_a_grant_carry_it_and_ordinary_reads_do_not(
    staffs_contact, stella, practitioner
):
    grant = open_with_break_glass(contact=staffs_contact, reason=REASON, by=stella)
    get_contact_for_viewing(stella, staffs_contact.pk)
    get_contact_for_viewing(actor_for_user(practitioner.user), staffs_contact.pk)
    reads = AuditEvent.objects.filter(action="contact.viewed")
    assert reads.get(actor_id=stella.user.pk).details == {"break_glass": grant.pk}
    assert reads.get(actor_id=practitioner.user.pk).details == {}


def test_a_grant_for_a_contact_of_ones_own_authority_is_not_tagged(staffs_contact, practitioner):
    """A Staffordshire practitioner may see it anyway: their reads are ordinary reads."""
    alice = actor_for_user(practitioner.user)
    open_with_break_glass(contact=staffs_contact, reason=REASON, by=alice)
    get_contact_for_viewing(alice, staffs_contact.pk)
    assert AuditEvent.objects.get(action="contact.viewed").details == {}


class TestReferences:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("FD-2026-000123", (2026, 123)),
            ("fd-2026-123", (2026, 123)),
            (" FD - 2026 - 123 ", (2026, 123)),
            ("123", (None, 123)),
            ("000123", (None, 123)),
            ("FD-2026-0", None),
            ("0", None),
            ("", None),
            ("FD-26-123", None),
            ("XY-2026-123", None),
            ("1234567890", None),  # more digits than a record number can have
            ("12a", None),
        ],
    )
    def test_a_reference_is_the_year_and_number_or_just_the_number(self, text, expected):
        assert parse_reference(text) == expected

    def test_the_reference_finds_the_contact_only_with_its_own_year(self, staffs_contact):
        assert find_contact_by_reference(staffs_contact.reference) == staffs_contact
        assert find_contact_by_reference(str(staffs_contact.pk)) == staffs_contact
        assert find_contact_by_reference(f"FD-2025-{staffs_contact.pk}") is None
        assert find_contact_by_reference(str(staffs_contact.pk + 1000)) is None
        assert find_contact_by_reference("999999999") is None


class TestReview:
    @pytest.fixture
    def grant(self, staffs_contact, stella) -> BreakGlassAccess:
        return open_with_break_glass(contact=staffs_contact, reason=REASON, by=stella)

    def test_ig_of_the_contacts_authority_records_a_verdict_once(self, grant, ig_officer):
        ida = actor_for_user(ig_officer.user)
        reviewed = review_break_glass(grant=grant, outcome="justified", note="", by=ida)
        assert reviewed.reviewed_by_id == ig_officer.user.pk
        assert reviewed.review_outcome == "justified"
        event = AuditEvent.objects.get(action="breakglass.reviewed")
        assert event.details == {"grant": grant.pk, "outcome": "justified"}
        assert event.local_authority == "860"
        with pytest.raises(ValidationError) as again:
            review_break_glass(grant=grant, outcome="not_justified", note="Changed my mind", by=ida)
        assert "already reviewed" in again.value.message_dict["outcome"][0]
        grant.refresh_from_db()
        assert grant.review_outcome == "justified"

    def test_not_justified_needs_a_note(self, grant, ig_officer):
        ida = actor_for_user(ig_officer.user)
        with pytest.raises(ValidationError) as refused:
            review_break_glass(grant=grant, outcome="not_justified", note="  ", by=ida)
        assert "note" in refused.value.message_dict
        grant.refresh_from_db()
        assert grant.reviewed_at is None

    def test_an_unknown_outcome_is_refused(self, grant, ig_officer):
        with pytest.raises(ValidationError):
            review_break_glass(
                grant=grant, outcome="maybe", note="", by=actor_for_user(ig_officer.user)
            )
        grant.refresh_from_db()
        assert grant.reviewed_at is None

    def test_ig_of_another_authority_and_other_roles_may_not_review(
        self, grant, manager, other_la_worker
    ):
        stoke_ig = Actor(
            user=other_la_worker.user,
            label="stoke-ig",
            role="ig_officer",
            local_authority_code="861",
        )
        for someone in (stoke_ig, actor_for_user(manager.user)):
            with pytest.raises(PermissionDenied):
                review_break_glass(grant=grant, outcome="justified", note="", by=someone)
        grant.refresh_from_db()
        assert grant.reviewed_at is None
