"""The IG audit search at /governance/audit and its CSV export at /governance/audit.csv."""

import csv
import io
from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from frontdoor.agencies.actors import actor_for_user
from frontdoor.audit.models import AuditEvent
from frontdoor.audit.services import record
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import contact_details
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import LONDON
from frontdoor.core.stepup import SESSION_KEY

SYSTEM = Actor.system("tests")
SEARCH = reverse("governance:audit_search")
EXPORT = reverse("governance:audit_export")


def received(**overrides):
    return receive_contact(details=contact_details(**overrides), by=SYSTEM)


def view_contact(person, contact, client_for) -> None:
    """The person opens the contact page, as a user would: one contact.viewed event."""
    assert client_for(person).get(reverse("contacts:detail", args=[contact.pk])).status_code == 200


def whos(response) -> list[str]:
    return [row.who for row in response.context["rows"]]


def actions(response) -> list[str]:
    return [row.event.action for row in response.context["rows"]]


def stepped_up(client):
    session = client.session
    session[SESSION_KEY] = timezone.now().isoformat()
    session.save()
    return client


@pytest.fixture
def staffs_contact(hub):
    return received()


@pytest.fixture
def stoke_contact(hub):
    return received(local_authority_code="861")


class TestWhoMaySearch:
    def test_an_ig_officer_sees_the_search_page(self, ig_officer, sign_in):
        response = sign_in(ig_officer).get(SEARCH)
        assert response.status_code == 200
        assert "Search the audit trail" in response.content.decode()

    @pytest.mark.parametrize(
        "who", ["manager", "practitioner", "analyst", "administrator", "outsider"]
    )
    def test_everyone_else_is_refused(self, who, request, sign_in):
        client = sign_in(request.getfixturevalue(who))
        assert client.get(SEARCH).status_code == 403
        assert stepped_up(client).get(EXPORT).status_code == 403
        assert not AuditEvent.objects.filter(action__startswith="audit.").exists()


class TestFilters:
    def test_by_user_shows_only_that_users_events_whatever_the_case_of_the_email(
        self, staffs_contact, practitioner, manager, ig_officer, sign_in
    ):
        view_contact(practitioner, staffs_contact, sign_in)
        view_contact(manager, staffs_contact, sign_in)

        response = sign_in(ig_officer).get(SEARCH, {"user": practitioner.email.upper()})

        assert response.status_code == 200
        assert set(whos(response)) == {practitioner.email}
        assert "contact.viewed" in actions(response)
        assert manager.email not in response.content.decode()

    def test_a_users_events_come_newest_first(self, hub, practitioner, ig_officer, sign_in):
        alice = actor_for_user(practitioner.user)
        for day in (3, 1, 2):
            with time_machine.travel(datetime(2026, 3, day, 9, 0, tzinfo=LONDON), tick=False):
                record("contact.viewed", by=alice, details={"day": day})

        response = sign_in(ig_officer).get(SEARCH, {"user": practitioner.email})

        assert [row.event.details["day"] for row in response.context["rows"]] == [3, 2, 1]

    def test_an_unknown_email_is_a_field_error(self, ig_officer, sign_in):
        response = sign_in(ig_officer).get(SEARCH, {"user": "nobody@test.frontdoor.invalid"})
        assert response.status_code == 400
        assert response.context["form"].errors["user"] == [
            "There is no account with that email address"
        ]

    def test_by_contact_reference_shows_only_that_contacts_events(
        self, staffs_contact, practitioner, ig_officer, sign_in
    ):
        other = received()
        view_contact(practitioner, staffs_contact, sign_in)
        view_contact(practitioner, other, sign_in)

        response = sign_in(ig_officer).get(SEARCH, {"record": staffs_contact.reference})

        rows = response.context["rows"]
        assert {row.event.object_id for row in rows} == {str(staffs_contact.pk)}
        # Opening the contact page also searches the index for its unchecked subject.
        assert {row.event.action for row in rows} == {
            "contact.received",
            "contact.viewed",
            "person.searched",
        }
        assert staffs_contact.reference in response.content.decode()

    def test_by_record_type_and_number(self, staffs_contact, practitioner, ig_officer, sign_in):
        person = staffs_contact.subjects.get().person
        sign_in(practitioner).get(reverse("personindex:person", args=[person.pk]))

        response = sign_in(ig_officer).get(
            SEARCH, {"record_type": "person", "record": str(person.pk)}
        )

        assert actions(response) == ["person.viewed"]
        assert response.context["rows"][0].record_url == reverse(
            "governance:person_access", args=[person.pk]
        )

    def test_a_reference_of_the_wrong_year_is_a_field_error(
        self, staffs_contact, ig_officer, sign_in
    ):
        wrong = f"FD-1999-{staffs_contact.pk:06d}"
        response = sign_in(ig_officer).get(SEARCH, {"record": wrong})
        assert response.status_code == 400
        assert response.context["form"].errors["record"] == [
            "No contact in your authorities has that reference"
        ]

    def test_a_number_without_a_type_asks_for_the_type(self, ig_officer, sign_in):
        response = sign_in(ig_officer).get(SEARCH, {"record": "12"})
        assert response.context["form"].errors["record_type"] == ["Select the type of record"]

    def test_by_period_includes_both_days_and_nothing_outside(
        self, hub, practitioner, ig_officer, sign_in
    ):
        alice = actor_for_user(practitioner.user)
        for day in (9, 10, 12, 13):
            with time_machine.travel(datetime(2026, 3, day, 23, 30, tzinfo=LONDON), tick=False):
                record("contact.viewed", by=alice, details={"day": day})

        response = sign_in(ig_officer).get(
            SEARCH,
            {"start_day": "10", "start_month": "3", "start_year": "2026"}
            | {"end_day": "12", "end_month": "3", "end_year": "2026"},
        )

        assert [row.event.details["day"] for row in response.context["rows"]] == [12, 10]

    def test_by_action_area(self, staffs_contact, practitioner, ig_officer, sign_in):
        view_contact(practitioner, staffs_contact, sign_in)
        response = sign_in(ig_officer).get(SEARCH, {"action": "contact"})
        assert actions(response)
        assert all(a.startswith("contact.") for a in actions(response))
        assert "home.viewed" not in actions(response)


class TestBadInput:
    @pytest.mark.parametrize(
        ("query", "field", "message"),
        [
            (
                {"start_day": "31", "start_month": "2", "start_year": "2026"},
                "start",
                "The start date must be a real date",
            ),
            ({"start_day": "1", "start_month": "2"}, "start", "The start date must include a year"),
            (
                {"end_day": "1", "end_month": "1", "end_year": "9999"},
                "end",
                "The end date must be between 2000 and 2099",
            ),
            (
                {"start_day": "2", "start_month": "3", "start_year": "2026"}
                | {"end_day": "1", "end_month": "3", "end_year": "2026"},
                "end",
                "The end date must be the same as or after the start date",
            ),
            ({"record": "FD-2026"}, "record", None),
            (
                {"record_type": "spreadsheet"},
                "record_type",
                "Select a type of record from the list",
            ),
            ({"action": "delete"}, "action", "Select what happened from the list"),
            ({"user": "not an email"}, "user", None),
        ],
    )
    def test_bad_input_is_a_field_error_and_searches_nothing(
        self, ig_officer, sign_in, query, field, message
    ):
        response = sign_in(ig_officer).get(SEARCH, query)

        assert response.status_code == 400
        errors = response.context["form"].errors[field]
        assert errors
        assert message is None or errors == [message]
        assert "There is a problem" in response.content.decode()
        assert response.context["page"] is None
        assert not AuditEvent.objects.filter(action="audit.searched").exists()

    @pytest.mark.parametrize(("asked", "shown"), [("-3x", 1), ("0", 1), ("99999999", 1), ("7", 7)])
    def test_a_silly_page_number_is_the_first_page(self, ig_officer, sign_in, asked, shown):
        response = sign_in(ig_officer).get(SEARCH, {"page": asked})
        assert response.status_code == 200
        assert response.context["page"].number == shown

    def test_pages_stop_at_the_last_one_offered(self, ig_officer, sign_in):
        response = sign_in(ig_officer).get(SEARCH, {"page": "5000"})
        assert response.context["page"].number == 2000
        assert "There are no more events" in response.content.decode()


class TestScope:
    def test_another_authoritys_events_are_not_shown(
        self, staffs_contact, stoke_contact, practitioner, other_la_worker, ig_officer, sign_in
    ):
        view_contact(practitioner, staffs_contact, sign_in)
        view_contact(other_la_worker, stoke_contact, sign_in)

        response = sign_in(ig_officer).get(SEARCH, {"action": "contact"})

        shown = {row.event.object_id for row in response.context["rows"]}
        assert shown == {str(staffs_contact.pk)}
        assert other_la_worker.email not in response.content.decode()

    def test_events_with_no_authority_show_only_for_the_authoritys_own_staff(
        self, analyst, other_la_worker, ig_officer, sign_in
    ):
        # The analyst's team serves every authority its agency (Staffordshire's) serves.
        record("work.queue_viewed", by=actor_for_user(analyst.user), local_authority_code="")
        stella = Actor(user=other_la_worker.user, label=other_la_worker.email)
        record("work.queue_viewed", by=stella)
        record("work.queue_viewed", by=SYSTEM)

        response = sign_in(ig_officer).get(SEARCH, {"action": "work"})

        assert whos(response) == [analyst.email]


class TestPaging:
    def test_fifty_a_page_newest_first_and_the_filters_are_kept(
        self, hub, practitioner, ig_officer, sign_in
    ):
        alice = actor_for_user(practitioner.user)
        for number in range(51):
            record("contact.viewed", by=alice, details={"n": number})
        client = sign_in(ig_officer)

        first = client.get(SEARCH, {"action": "contact"})
        second = client.get(SEARCH, {"action": "contact", "page": "2"})

        assert [r.event.details["n"] for r in first.context["rows"]] == list(range(50, 0, -1))
        assert 'href="?action=contact&amp;page=2"' in first.content.decode()
        assert [r.event.details["n"] for r in second.context["rows"]] == [0]
        assert "Showing events 51 to 51" in second.content.decode()


class TestSearchIsAudited:
    def test_each_search_is_an_event_naming_the_filters_and_the_users_id_not_email(
        self, staffs_contact, practitioner, ig_officer, sign_in
    ):
        sign_in(ig_officer).get(
            SEARCH,
            {"user": practitioner.email, "record": staffs_contact.reference, "action": "contact"},
        )

        event = AuditEvent.objects.get(action="audit.searched")
        assert event.actor_id == ig_officer.user.pk
        assert event.details == {
            "filters": ["user", "record_type", "record", "action"],
            "user": practitioner.user.pk,
            "record_type": "contact",
            "record_id": staffs_contact.pk,
            "action": "contact",
            "page": 1,
        }
        assert practitioner.email not in str(event.details)


class TestExport:
    HEADER = [
        "Event ID",
        "When (Europe/London)",
        "Who",
        "Role",
        "Agency code",
        "Authority code",
        "Action",
        "Action name",
        "Record type",
        "Record",
        "From where (IP address)",
        "Break-glass",
    ]

    def test_without_a_recent_sign_in_check_the_export_asks_for_one(self, ig_officer, sign_in):
        response = sign_in(ig_officer).get(EXPORT, {"action": "contact"})

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:step_up") + "?next=")
        assert not AuditEvent.objects.filter(action="audit.exported").exists()

    def test_the_csv_has_the_exact_columns_and_the_searchs_rows(
        self, staffs_contact, practitioner, manager, ig_officer, sign_in
    ):
        with time_machine.travel(datetime(2026, 7, 1, 9, 15, tzinfo=LONDON), tick=False):
            view_contact(practitioner, staffs_contact, sign_in)
            view_contact(manager, staffs_contact, sign_in)
        client = stepped_up(sign_in(ig_officer))

        response = client.get(EXPORT, {"user": practitioner.email, "action": "contact"})

        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="audit-events-')
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert rows[0] == self.HEADER
        viewed = [row for row in rows[1:] if row[7] == "contact.viewed"]
        assert len(rows) == 2
        assert len(viewed) == 1
        assert viewed[0][1:] == [
            "2026-07-01T09:15:00+01:00",
            practitioner.email,
            "MASH practitioner",
            "staffs-csc",
            "860",
            "Contact viewed",
            "contact.viewed",
            "Contact",
            staffs_contact.reference,
            "127.0.0.1",
            "",
        ]

    def test_the_export_is_audited(self, hub, ig_officer, sign_in):
        stepped_up(sign_in(ig_officer)).get(EXPORT, {"action": "auth"})
        event = AuditEvent.objects.get(action="audit.exported")
        assert event.details == {"filters": ["action"], "action": "auth"}

    def test_bad_filters_go_back_to_the_search_page_to_be_fixed(self, ig_officer, sign_in):
        response = stepped_up(sign_in(ig_officer)).get(EXPORT, {"user": "nope"})
        assert response.status_code == 302
        assert response["Location"] == f"{SEARCH}?user=nope"
        assert not AuditEvent.objects.filter(action="audit.exported").exists()

    def test_break_glass_events_are_flagged_and_formulas_are_neutralised(
        self, hub, ig_officer, sign_in
    ):
        ida = actor_for_user(ig_officer.user)
        record("contact.viewed", by=ida, details={"break_glass": 7}, local_authority_code="860")
        record("=cmd|calc", by=ida, local_authority_code="860")

        response = stepped_up(sign_in(ig_officer)).get(EXPORT)
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))

        by_action = {row[7]: row for row in rows[1:]}
        assert by_action["contact.viewed"][11] == "yes"
        assert "'=cmd|calc" in by_action
