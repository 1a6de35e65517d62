"""Scoped reads and re-referrals."""

from datetime import datetime, timedelta

import pytest
from django.http import Http404

from frontdoor.agencies.actors import actor_for_user
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.selectors import earlier_contacts, get_contact_for_viewing
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import child, contact_details
from frontdoor.core.calendar import LONDON

NOW = datetime(2026, 11, 16, 10, 0, tzinfo=LONDON)


def test_a_mash_member_sees_their_authoritys_contact_and_the_read_is_audited(practitioner):
    alice = actor_for_user(practitioner.user)
    contact = receive_contact(details=contact_details(), by=alice)
    assert get_contact_for_viewing(alice, contact.pk) == contact
    assert AuditEvent.objects.filter(action="contact.viewed", actor=practitioner.user).count() == 1


@pytest.mark.parametrize("viewer", ["other_la_worker", "police_researcher", "analyst", "outsider"])
def test_anyone_else_gets_not_found(request, practitioner, viewer):
    contact = receive_contact(details=contact_details(), by=actor_for_user(practitioner.user))
    someone = actor_for_user(request.getfixturevalue(viewer).user)
    with pytest.raises(Http404):
        get_contact_for_viewing(someone, contact.pk)
    assert not AuditEvent.objects.filter(action="contact.viewed").exists()


def test_a_child_referred_again_within_a_year_shows_earlier_contacts(practitioner, other_la_worker):
    alice = actor_for_user(practitioner.user)
    old = receive_contact(details=contact_details(received_at=NOW - timedelta(days=400)), by=alice)
    # Later contacts name Ruby's record because the practitioner chose it at intake.
    ruby = child(existing_person_id=old.subjects.get().person_id)
    recent = receive_contact(
        details=contact_details(subjects=[ruby], received_at=NOW - timedelta(days=100)), by=alice
    )
    in_stoke = receive_contact(
        details=contact_details(
            subjects=[ruby], local_authority_code="861", received_at=NOW - timedelta(days=50)
        ),
        by=alice,
    )
    other_child = receive_contact(
        details=contact_details(
            subjects=[child(given_name="Leo", nhs_number="")], received_at=NOW - timedelta(days=10)
        ),
        by=alice,
    )
    latest = receive_contact(details=contact_details(subjects=[ruby], received_at=NOW), by=alice)
    found = earlier_contacts(latest, viewer=alice)
    assert found.count == 2
    assert [c.pk for c in found.visible] == [recent.pk]
    assert found.hidden_count == 1  # the Stoke contact: counted, not linked
    assert old.pk not in [c.pk for c in found.visible]
    assert other_child.pk not in [c.pk for c in found.visible]
    assert in_stoke.pk in [
        c.pk for c in earlier_contacts(latest, viewer=actor_for_user(other_la_worker.user)).visible
    ]
