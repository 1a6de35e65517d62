"""The retention page and legal holds: information governance officers only, their
authorities only."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from frontdoor.agencies.roles import Role
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import Contact
from frontdoor.core.calendar import LONDON
from frontdoor.governance.models import LegalHold, PurgedRecord
from frontdoor.governance.retention import place_legal_hold, purge_expired_records
from frontdoor.outcomes.tests.builders import (
    SYSTEM,
    actor_for,
    decided_contact,
    make_person,
)

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
LONG_AGO = datetime(2020, 3, 9, 10, 0, tzinfo=LONDON)
RETENTION = reverse("governance:retention")
HOLDS = reverse("governance:legal_holds")


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def old_contact(practitioner, manager, **details) -> Contact:
    """Closed with no further action six years and a day ago: due for deletion."""
    with time_machine.travel(LONG_AGO, tick=False):
        return decided_contact(practitioner, manager, outcome="nfa", **details)


@pytest.fixture
def old(practitioner, manager):
    return old_contact(practitioner, manager)


@pytest.fixture
def stoke_old(hub, other_la_worker):
    """A Stoke-on-Trent contact due for deletion."""
    stoke_manager = make_person(
        "stoke.manager@test.frontdoor.invalid",
        role=Role.MANAGER,
        team=hub["stoke-mash"],
        name="Sue Stoke-Manager",
    )
    return old_contact(other_la_worker, stoke_manager, local_authority_code="861")


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def place(client, **data):
    return client.post(HOLDS, {"contact_reference": "", "person_number": "", **data})


# --- Who may see the pages -------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["practitioner", "manager", "analyst", "administrator", "outsider"]
)
def test_only_information_governance_may_open_the_pages(request, sign_in, persona, old):
    client = sign_in(request.getfixturevalue(persona))

    assert client.get(RETENTION).status_code == 403
    assert client.get(HOLDS).status_code == 403
    response = place(client, contact_reference=old.reference, reason="Claim.")
    assert response.status_code == 403
    assert not LegalHold.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(RETENTION)

    assert response.status_code == 302
    assert "/sign-in" in response["Location"]


# --- The retention page ----------------------------------------------------------------------


def test_the_retention_page_shows_the_rules_and_counts_for_the_officers_authority(
    sign_in, ig_officer, old, stoke_old
):
    response = sign_in(ig_officer).get(RETENTION)

    assert response.status_code == 200
    page = text_of(response)
    assert "Contacts closed with no referral" in page
    assert "6 years" in page
    assert "25 years" in page
    [nfa, referred] = response.context["plan"].reports
    # Stoke-on-Trent's contact is not counted for a Staffordshire officer.
    assert (nfa.due, nfa.held, referred.due) == (1, 0, 0)
    assert old.reference not in page  # counts only
    assert Contact.objects.count() == 2  # a report, not a purge


def test_the_retention_page_lists_what_was_purged_in_the_officers_authority(
    sign_in, ig_officer, old, stoke_old
):
    purge_expired_records(by=SYSTEM)

    page = text_of(sign_in(ig_officer).get(RETENTION))

    assert old.reference in page
    assert stoke_old.reference not in page
    assert "contact_no_further_action (6 years)" in page
    assert PurgedRecord.objects.filter(reference=stoke_old.reference).exists()


# --- Legal holds -----------------------------------------------------------------------------


def test_an_officer_places_a_hold_on_a_contact_by_its_reference(sign_in, ig_officer, old):
    client = sign_in(ig_officer)

    response = place(client, contact_reference=old.reference.lower(), reason="Civil claim.")

    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.contact, hold.person, hold.reason) == (old, None, "Civil claim.")
    assert (hold.placed_by, hold.placed_at, hold.local_authority.code) == (
        ig_officer.user,
        NOW,
        "860",
    )
    event = AuditEvent.objects.get(action="retention.hold_placed")
    assert (event.object_id, event.details) == (str(hold.pk), {"contact": old.pk})
    page = text_of(client.get(HOLDS))
    assert f"Contact {old.reference}" in page
    assert "Civil claim." in page


def test_an_officer_places_a_hold_on_a_person_by_record_number(sign_in, ig_officer, old):
    person = old.subjects.get().person

    response = place(sign_in(ig_officer), person_number=str(person.pk), reason="Inquiry.")

    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.person, hold.contact) == (person, None)
    assert AuditEvent.objects.get(action="retention.hold_placed").details == {"person": person.pk}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"reason": "Claim."}, "contact_reference", "Enter a contact reference or a person's"),
        ({"contact_reference": "12345", "reason": "Claim."}, "contact_reference", "in the form"),
        ({"contact_reference": "{wrong_year}", "reason": "Claim."}, "contact_reference", "No"),
        ({"contact_reference": "FD-2020-" + "9" * 12, "reason": "C."}, "contact_reference", "No"),
        ({"contact_reference": "FD-2020-" + "9" * 40, "reason": "C."}, "contact_reference", "40"),
        ({"person_number": "Ruby", "reason": "Claim."}, "person_number", "record number, like"),
        ({"person_number": "9" * 12, "reason": "Claim."}, "person_number", "No one named"),
        ({"person_number": "9" * 13, "reason": "Claim."}, "person_number", "record number, like"),
        ({"contact_reference": "{reference}", "reason": "  "}, "reason", "Enter why"),
        (
            {"contact_reference": "{reference}", "person_number": "1", "reason": "Claim."},
            "contact_reference",
            "not both",
        ),
    ],
)
def test_a_bad_hold_gets_a_field_error_and_changes_nothing(
    sign_in, ig_officer, old, data, field, message
):
    wrong_year = f"FD-2019-{old.pk:06d}"
    data = {k: v.format(reference=old.reference, wrong_year=wrong_year) for k, v in data.items()}

    response = place(sign_in(ig_officer), **data)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert "There is a problem" in text_of(response)
    assert not LegalHold.objects.exists()
    assert not AuditEvent.objects.filter(action="retention.hold_placed").exists()


def test_another_authoritys_contact_cannot_be_held(sign_in, ig_officer, stoke_old):
    response = place(sign_in(ig_officer), contact_reference=stoke_old.reference, reason="Claim.")

    assert response.status_code == 400
    assert response.context["form"].errors["contact_reference"] == [
        "No contact in your authority has this reference"
    ]
    assert not LegalHold.objects.exists()


def test_a_contact_already_held_cannot_be_held_twice(sign_in, ig_officer, old):
    client = sign_in(ig_officer)
    place(client, contact_reference=old.reference, reason="Claim.")

    response = place(client, contact_reference=old.reference, reason="Another claim.")

    assert response.status_code == 400
    assert LegalHold.objects.count() == 1


def test_an_officer_lifts_a_hold(sign_in, ig_officer, old):
    client = sign_in(ig_officer)
    place(client, contact_reference=old.reference, reason="Claim.")
    hold = LegalHold.objects.get()

    response = client.post(reverse("governance:lift_legal_hold", args=[hold.pk]))

    assert response.status_code == 302
    hold.refresh_from_db()
    assert (hold.lifted_by, hold.lifted_at) == (ig_officer.user, NOW)
    event = AuditEvent.objects.get(action="retention.hold_lifted")
    assert (event.object_id, event.details) == (str(hold.pk), {"contact": old.pk})
    assert "no active legal holds" in text_of(client.get(HOLDS))


def test_lifting_a_lifted_hold_says_so_and_changes_nothing(sign_in, ig_officer, old):
    client = sign_in(ig_officer)
    place(client, contact_reference=old.reference, reason="Claim.")
    hold = LegalHold.objects.get()
    lift = reverse("governance:lift_legal_hold", args=[hold.pk])
    client.post(lift)

    response = client.post(lift, follow=True)

    assert "already been lifted" in text_of(response)
    assert AuditEvent.objects.filter(action="retention.hold_lifted").count() == 1


def test_another_authoritys_hold_is_not_found(sign_in, ig_officer, hub, stoke_old):
    stoke_officer = make_person(
        "stoke.ig@test.frontdoor.invalid",
        role=Role.IG_OFFICER,
        team=hub["stoke-mash"],
        name="Sal Stoke-Governance",
    )
    hold = place_legal_hold(
        contact_reference=stoke_old.reference, reason="Claim.", by=actor_for(stoke_officer)
    )
    client = sign_in(ig_officer)

    response = client.post(reverse("governance:lift_legal_hold", args=[hold.pk]))

    assert response.status_code == 404
    hold.refresh_from_db()
    assert hold.lifted_at is None
    assert stoke_old.reference not in text_of(client.get(HOLDS))


def test_lifting_needs_a_post(sign_in, ig_officer):
    response = sign_in(ig_officer).get(reverse("governance:lift_legal_hold", args=[1]))

    assert response.status_code == 405


def test_a_hold_placed_on_the_page_keeps_the_contact_from_the_purge(sign_in, ig_officer, old):
    place(sign_in(ig_officer), contact_reference=old.reference, reason="Claim.")

    result = purge_expired_records(by=SYSTEM)

    assert result.contacts == []
    assert Contact.objects.filter(pk=old.pk).exists()
