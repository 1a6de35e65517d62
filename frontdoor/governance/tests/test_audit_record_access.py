"""Who has seen this record: /governance/contacts/<pk>/access and /governance/people/<pk>/access,
for IG officers and MASH managers of the record's authority."""

import re
from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from frontdoor.agencies.actors import actor_for_user
from frontdoor.agencies.roles import Role
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.breakglass import open_with_break_glass
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import contact_details
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import LONDON
from frontdoor.outcomes.tests.builders import make_person

SYSTEM = Actor.system("tests")


def text_of(response) -> str:
    html = re.sub(r"</?(a|span|strong)\b[^>]*>", "", response.content.decode())
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def contact_access(contact) -> str:
    return reverse("governance:contact_access", args=[contact.pk])


def person_access(person) -> str:
    return reverse("governance:person_access", args=[person.pk])


@pytest.fixture
def contact(hub):
    return receive_contact(details=contact_details(), by=SYSTEM)


@pytest.fixture
def stoke_manager(hub):
    return make_person(
        "stoke.manager@test.frontdoor.invalid",
        role=Role.MANAGER,
        team=hub["stoke-mash"],
        name="Sid Stoke-Manager",
    )


@pytest.fixture
def seen_twice_by_alice_once_by_mo(contact, practitioner, manager, sign_in):
    """Alice opens the contact on 2 March and 3 March, Mo on 4 March."""
    page = reverse("contacts:detail", args=[contact.pk])
    for day, person in ((2, practitioner), (3, practitioner), (4, manager)):
        with time_machine.travel(datetime(2026, 3, day, 10, 0, tzinfo=LONDON), tick=False):
            assert sign_in(person).get(page).status_code == 200
    return contact


class TestWhoMaySee:
    @pytest.mark.parametrize("who", ["ig_officer", "manager"])
    def test_ig_officers_and_managers_of_the_authority_see_the_contacts_access(
        self, contact, who, request, sign_in
    ):
        response = sign_in(request.getfixturevalue(who)).get(contact_access(contact))
        assert response.status_code == 200
        assert f"Who has seen contact {contact.reference}" in text_of(response)

    @pytest.mark.parametrize(
        ("who", "status"),
        [
            # MASH staff see the contact, so they are told they may not see its access list;
            # to roles that cannot see the contact at all it does not exist.
            ("practitioner", 403),
            ("contact_officer", 403),
            ("police_researcher", 404),
            ("analyst", 404),
            ("outsider", 404),
        ],
    )
    def test_other_roles_are_refused(self, contact, who, status, request, sign_in):
        client = sign_in(request.getfixturevalue(who))
        assert client.get(contact_access(contact)).status_code == status
        person = contact.subjects.get().person
        assert client.get(person_access(person)).status_code == status

    def test_a_manager_of_another_authority_gets_not_found(self, contact, stoke_manager, sign_in):
        client = sign_in(stoke_manager)
        assert client.get(contact_access(contact)).status_code == 404
        assert client.get(person_access(contact.subjects.get().person)).status_code == 404
        assert not AuditEvent.objects.filter(action="audit.record_access_viewed").exists()

    def test_a_missing_contact_is_not_found(self, hub, ig_officer, sign_in):
        assert (
            sign_in(ig_officer).get(reverse("governance:contact_access", args=[999])).status_code
            == 404
        )


class TestContactAccess:
    def test_lists_views_by_two_people_with_the_counts(
        self, seen_twice_by_alice_once_by_mo, practitioner, manager, ig_officer, sign_in
    ):
        contact = seen_twice_by_alice_once_by_mo

        response = sign_in(ig_officer).get(contact_access(contact))

        text = text_of(response)
        assert "Seen by 2 people in 3 views since 2 March 2026." in text
        viewed = [
            (row.who, row.kind, row.role)
            for row in response.context["rows"]
            if row.event.action == "contact.viewed"
        ]
        assert viewed == [
            (manager.email, "viewed", "MASH manager"),
            (practitioner.email, "viewed", "MASH practitioner"),
            (practitioner.email, "viewed", "MASH practitioner"),
        ]
        assert "Contact received" in text  # changes are listed too, not counted as views

    def test_reading_the_page_is_audited_but_is_not_a_view_of_the_contact(
        self, seen_twice_by_alice_once_by_mo, manager, sign_in
    ):
        contact = seen_twice_by_alice_once_by_mo
        client = sign_in(manager)
        client.get(contact_access(contact))

        response = client.get(contact_access(contact))

        event = AuditEvent.objects.filter(action="audit.record_access_viewed").first()
        assert event is not None
        assert event.object_id == str(contact.pk)
        assert event.local_authority == "860"
        assert event.actor_id == manager.user.pk
        assert AuditEvent.objects.filter(action="contact.viewed").count() == 3
        assert "Seen by 2 people in 3 views" in text_of(response)
        assert "Who has seen this record viewed" in text_of(response)

    def test_a_contact_nobody_opened(self, contact, ig_officer, sign_in):
        response = sign_in(ig_officer).get(contact_access(contact))
        assert "Nobody has viewed this record yet." in text_of(response)


class TestBreakGlass:
    def test_a_break_glass_read_is_flagged_and_ig_reaches_the_reason(
        self, contact, other_la_worker, ig_officer, manager, sign_in
    ):
        grant = open_with_break_glass(
            contact=contact,
            reason="Child known to us; urgent joint visit tonight",
            by=actor_for_user(other_la_worker.user),
        )
        page = reverse("contacts:detail", args=[contact.pk])
        assert sign_in(other_la_worker).get(page).status_code == 200

        ig_page = sign_in(ig_officer).get(contact_access(contact))
        manager_page = sign_in(manager).get(contact_access(contact))

        flagged = [row for row in ig_page.context["rows"] if row.break_glass]
        assert [(row.who, row.event.action) for row in flagged] == [
            (other_la_worker.email, "contact.viewed")
        ]
        review = reverse("governance:break_glass_review", args=[grant.pk])
        assert f'href="{review}"' in ig_page.content.decode()
        assert "Break-glass" in text_of(manager_page)
        assert f'href="{review}"' not in manager_page.content.decode()


class TestPersonAccess:
    def test_lists_views_of_the_person_and_links_the_contacts_naming_them(
        self, contact, practitioner, manager, ig_officer, sign_in
    ):
        person = contact.subjects.get().person
        for who in (practitioner, manager, practitioner):
            assert (
                sign_in(who).get(reverse("personindex:person", args=[person.pk])).status_code == 200
            )

        response = sign_in(ig_officer).get(person_access(person))

        assert response.status_code == 200
        text = text_of(response)
        assert "Seen by 2 people in 3 views since" in text
        assert [row.who for row in response.context["rows"]] == [
            practitioner.email,
            manager.email,
            practitioner.email,
        ]
        assert f'href="{contact_access(contact)}"' in response.content.decode()
        assert "Ruby" not in text  # the page names no one
        event = AuditEvent.objects.get(action="audit.record_access_viewed")
        assert event.object_type == "people.person"
        assert event.object_id == str(person.pk)
