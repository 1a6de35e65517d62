"""The break-glass page at /governance/break-glass: a MASH member with no reason to see a
contact opens it by stating one, after confirming who they are; the contact page then warns
them, every read is tagged with the grant, and the access ends after BREAK_GLASS_HOURS."""

import re
from datetime import datetime, timedelta
from html import unescape

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from frontdoor.agencies.actors import actor_for_user
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import BreakGlassAccess, Contact
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import contact_details
from frontdoor.core.calendar import LONDON
from frontdoor.core.stepup import SESSION_KEY

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
REASON = "Child moved to Stoke last week; checking the Staffordshire history before visiting"
BANNER = (
    "You opened this record with break-glass: your reason and every page you see are "
    "reviewed by information governance. Access ends at 14:00."
)
PAGE = "/governance/break-glass"


def text_of(response) -> str:
    """The page's text as read: tags removed, whitespace collapsed."""
    html = re.sub(r"</?(a|span|strong)\b[^>]*>", "", response.content.decode())
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def stepped_up(client: Client) -> Client:
    """As if the user had just re-entered their password and code."""
    session = client.session
    session[SESSION_KEY] = timezone.now().isoformat()
    session.save()
    return client


@pytest.fixture
def staffs_contact(practitioner) -> Contact:
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        return receive_contact(details=contact_details(), by=actor_for_user(practitioner.user))


@pytest.fixture
def stella(other_la_worker, sign_in) -> Client:
    """The Stoke-on-Trent practitioner, signed in and stepped up."""
    return stepped_up(sign_in(other_la_worker))


def contact_url(contact: Contact) -> str:
    return reverse("contacts:detail", args=[contact.pk])


def test_the_page_is_at_its_documented_address():
    assert reverse("governance:break_glass") == PAGE


class TestStepUp:
    def test_mash_staff_confirm_who_they_are_before_the_page_shows(
        self, staffs_contact, other_la_worker, sign_in
    ):
        client = sign_in(other_la_worker)
        for response in (
            client.get(PAGE),
            client.post(PAGE, {"reference": staffs_contact.reference, "reason": REASON}),
        ):
            assert response.status_code == 302
            assert (
                response["Location"]
                == f"{reverse('accounts:step_up')}?next=%2Fgovernance%2Fbreak-glass"
            )
        assert not BreakGlassAccess.objects.exists()
        assert client.get(contact_url(staffs_contact)).status_code == 404

    def test_a_step_up_older_than_ten_minutes_no_longer_counts(self, stella):
        with time_machine.travel(timezone.now() + timedelta(minutes=11)):
            assert stella.get(PAGE).status_code == 302

    def test_once_stepped_up_the_page_asks_for_the_reference_and_reason(self, stella):
        response = stella.get(PAGE)
        assert response.status_code == 200
        text = text_of(response)
        assert "Open a contact with break-glass" in text
        assert "Contact reference" in text
        assert "Why do you need to open this contact?" in text
        assert "Access ends after 4 hours" in text


@pytest.mark.parametrize(
    "who",
    [
        "police_researcher",
        "health_researcher",
        "area_worker",
        "analyst",
        "ig_officer",
        "administrator",
        "outsider",
    ],
)
def test_other_roles_are_refused_even_when_stepped_up(request, staffs_contact, sign_in, who):
    client = stepped_up(sign_in(request.getfixturevalue(who)))
    assert client.get(PAGE).status_code == 403
    response = client.post(PAGE, {"reference": staffs_contact.reference, "reason": REASON})
    assert response.status_code == 403
    assert not BreakGlassAccess.objects.exists()


class TestRefusals:
    @pytest.mark.parametrize("reason", ["", "Need to look at it"])
    def test_without_a_reason_of_20_characters_nothing_opens(self, staffs_contact, stella, reason):
        response = stella.post(PAGE, {"reference": staffs_contact.reference, "reason": reason})
        assert response.status_code == 400
        text = text_of(response)
        assert "There is a problem" in text
        assert "Enter why you need to open this contact, in at least 20 characters" in text
        assert not BreakGlassAccess.objects.exists()
        assert stella.get(contact_url(staffs_contact)).status_code == 404
        refusal = AuditEvent.objects.get(action="breakglass.refused")
        assert refusal.details == {"contact": staffs_contact.pk, "fields": ["reason"]}
        assert refusal.local_authority == "860"

    def test_an_unknown_reference_is_a_field_error_and_is_audited(self, staffs_contact, stella):
        unknown = f"FD-2026-{staffs_contact.pk + 500:06d}"
        response = stella.post(PAGE, {"reference": unknown, "reason": REASON})
        assert response.status_code == 400
        assert "No contact has that reference" in text_of(response)
        assert not BreakGlassAccess.objects.exists()
        refusal = AuditEvent.objects.get(action="breakglass.refused")
        assert refusal.details == {"contact": None, "fields": ["reference"]}

    def test_the_right_number_with_the_wrong_year_is_unknown(self, staffs_contact, stella):
        response = stella.post(
            PAGE, {"reference": f"FD-2025-{staffs_contact.pk:06d}", "reason": REASON}
        )
        assert "No contact has that reference" in text_of(response)
        assert not BreakGlassAccess.objects.exists()

    @pytest.mark.parametrize("reference", ["", "Ruby Example", "FD-2026-", "9" * 41, "-1"])
    def test_a_reference_that_is_not_one_says_what_to_enter(self, hub, stella, reference):
        response = stella.post(PAGE, {"reference": reference, "reason": "short"})
        assert response.status_code == 400
        text = text_of(response)
        assert "Enter the contact reference" in text
        assert "20 characters" in text
        assert not BreakGlassAccess.objects.exists()


class TestOpening:
    def test_a_stated_reason_opens_the_contact_with_a_warning_and_every_read_is_tagged(
        self, staffs_contact, other_la_worker, sign_in
    ):
        with time_machine.travel(NOW, tick=False):
            client = stepped_up(sign_in(other_la_worker))
            response = client.post(PAGE, {"reference": staffs_contact.reference, "reason": REASON})
            assert response.status_code == 302
            assert response["Location"] == contact_url(staffs_contact)
            grant = BreakGlassAccess.objects.get()
            assert grant.user_id == other_la_worker.user.pk
            assert grant.reason == REASON
            assert grant.expires_at == NOW + timedelta(hours=4)

            page = client.get(contact_url(staffs_contact))
            assert page.status_code == 200
            text = text_of(page)
            assert BANNER in text
            assert f"Contact {staffs_contact.reference}" in text
            # Break-glass is for reading: none of the work on the contact is offered.
            assert "What you can do" not in text
            assert reverse("contacts:take", args=[staffs_contact.pk]) not in page.content.decode()

        opened = AuditEvent.objects.get(action="breakglass.opened")
        assert opened.details == {"grant": grant.pk, "expires_at": grant.expires_at.isoformat()}
        assert opened.local_authority == "860"
        read = AuditEvent.objects.get(action="contact.viewed")
        assert read.details == {"break_glass": grant.pk}
        assert read.actor_id == other_la_worker.user.pk

    def test_the_plain_number_will_do(self, staffs_contact, stella):
        response = stella.post(PAGE, {"reference": f" {staffs_contact.pk} ", "reason": REASON})
        assert response["Location"] == contact_url(staffs_contact)
        assert BreakGlassAccess.objects.filter(contact=staffs_contact).exists()

    def test_the_people_the_contact_names_open_too(self, staffs_contact, stella):
        ruby = staffs_contact.subjects.get().person
        person_url = reverse("personindex:person", args=[ruby.pk])
        assert stella.get(person_url).status_code == 404
        stella.post(PAGE, {"reference": staffs_contact.reference, "reason": REASON})
        response = stella.get(person_url)
        assert response.status_code == 200
        assert "Ruby Example" in text_of(response)

    def test_access_ends_when_the_grant_expires(self, staffs_contact, other_la_worker, sign_in):
        ruby = staffs_contact.subjects.get().person
        with time_machine.travel(NOW, tick=False):
            client = stepped_up(sign_in(other_la_worker))
            client.post(PAGE, {"reference": staffs_contact.reference, "reason": REASON})
        with time_machine.travel(NOW + timedelta(hours=3, minutes=59), tick=False):
            client = sign_in(other_la_worker)
            assert client.get(contact_url(staffs_contact)).status_code == 200
        with time_machine.travel(NOW + timedelta(hours=4), tick=False):
            client = sign_in(other_la_worker)
            assert client.get(contact_url(staffs_contact)).status_code == 404
            person_url = reverse("personindex:person", args=[ruby.pk])
            assert client.get(person_url).status_code == 404

    def test_a_contact_already_visible_just_opens_without_a_grant(
        self, staffs_contact, practitioner, sign_in
    ):
        client = stepped_up(sign_in(practitioner))
        response = client.post(PAGE, {"reference": staffs_contact.reference, "reason": ""})
        assert response["Location"] == contact_url(staffs_contact)
        assert not BreakGlassAccess.objects.exists()
        page = client.get(contact_url(staffs_contact))
        assert "break-glass" not in text_of(page)

    def test_a_contact_officer_may_open_another_authoritys_contact(
        self, practitioner, contact_officer, sign_in
    ):
        in_stoke = receive_contact(
            details=contact_details(local_authority_code="861"),
            by=actor_for_user(practitioner.user),
        )
        client = stepped_up(sign_in(contact_officer))
        assert client.get(contact_url(in_stoke)).status_code == 404
        response = client.post(PAGE, {"reference": in_stoke.reference, "reason": REASON})
        assert response["Location"] == contact_url(in_stoke)
        assert "reviewed by information governance" in text_of(client.get(contact_url(in_stoke)))
