"""What the receiving team did for each child of an acknowledged package: an early help
assessment, a child and family assessment, a section 47 enquiry or no further action.

The service's rules (who, when, which child, which dates and facts fit which kind of work), its
audit, and the pages: recording on the package page, changing later, and what MASH staff see.
"""

from datetime import date, datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.tests.factories import child
from frontdoor.core.calendar import LONDON
from frontdoor.outcomes.models import ResponseKind, TeamResponse
from frontdoor.outcomes.responses import (
    ResponseFacts,
    facts_of,
    record_team_response,
    update_team_response,
)
from frontdoor.outcomes.services import acknowledge_handover
from frontdoor.people.models import Person

from .builders import actor_for, audit_details, decided_contact, package_for, page_of, title_of

# The package fixtures' clock stands at Tuesday 10 March 2026; this contact came in a week before.
RECEIVED = datetime(2026, 3, 2, 9, 30, tzinfo=LONDON)
C_AND_F = ResponseKind.CHILD_AND_FAMILY_ASSESSMENT
S47 = ResponseKind.SECTION_47_ENQUIRY


@pytest.fixture
def family_contact(practitioner, manager):
    """Ruby (the subject child), her brother Leo and their mother, received 2 March."""
    return decided_contact(
        practitioner,
        manager,
        received_at=RECEIVED,
        subjects=[
            child(),
            child(given_name="Leo", role="sibling", date_of_birth=date(2020, 1, 9), nhs_number=""),
            child(
                given_name="Jo",
                role="parent_carer",
                date_of_birth=None,
                sex="F",
                nhs_number="",
            ),
        ],
    )


@pytest.fixture
def package(family_contact, practitioner, hub):
    return package_for(family_contact, practitioner, hub["staffs-north-area"], [])


@pytest.fixture
def acknowledged(package, area_worker):
    return acknowledge_handover(handover=package, by=actor_for(area_worker))


def person_named(contact, given_name: str) -> Person:
    person: Person = contact.subjects.get(person__given_name=given_name).person
    return person


def ruby(contact) -> Person:
    return person_named(contact, "Ruby")


def record(handover, person, by, **facts: Any) -> TeamResponse:
    values: dict[str, Any] = {"kind": C_AND_F, "started_on": date(2026, 3, 4)} | facts
    return record_team_response(handover=handover, person=person, by=actor_for(by), **values)


def errors_of(excinfo) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = excinfo.value.message_dict
    return errors


# --- Recording ---------------------------------------------------------------------------------


def test_the_receiving_worker_records_an_assessment_for_a_child(
    acknowledged, family_contact, area_worker
):
    response = record(
        acknowledged,
        ruby(family_contact),
        area_worker,
        worker_name="  Sam   Social-Worker ",
        child_seen="yes",
    )

    assert response.kind == C_AND_F
    assert response.started_on == date(2026, 3, 4)
    assert response.completed_on is None
    assert response.worker_name == "Sam Social-Worker"
    assert response.child_seen == "yes"
    assert response.needs_support == "unknown"
    assert response.recorded_by == area_worker.user
    assert audit_details("team_response.recorded", area_worker) == [
        {"handover": acknowledged.pk, "person": ruby(family_contact).pk, "kind": C_AND_F}
    ]


def test_a_sibling_named_in_the_contact_can_have_a_response_too(
    acknowledged, family_contact, area_worker
):
    leo = person_named(family_contact, "Leo")

    response = record(acknowledged, leo, area_worker, kind=ResponseKind.NO_FURTHER_ACTION)

    assert response.person == leo


def test_nothing_is_recorded_before_the_package_is_acknowledged(
    package, family_contact, area_worker
):
    with pytest.raises(ValidationError) as excinfo:
        record(package, ruby(family_contact), area_worker)

    assert errors_of(excinfo) == {
        "handover": ["Acknowledge the package before you record what your team did"]
    }
    assert not TeamResponse.objects.exists()


@pytest.mark.parametrize("persona", ["south_worker", "practitioner", "manager", "analyst"])
def test_only_the_receiving_team_records_what_it_did(
    request, acknowledged, family_contact, persona
):
    person = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied, match="This package was sent to another team"):
        record(acknowledged, ruby(family_contact), person)

    assert not TeamResponse.objects.exists()
    assert not AuditEvent.objects.filter(action="team_response.recorded").exists()


def test_a_response_is_only_for_a_child_the_contact_names(
    acknowledged, family_contact, area_worker
):
    mother = person_named(family_contact, "Jo")
    stranger = Person.objects.create(given_name="Una", family_name="Related")

    for person in (mother, stranger, None):
        with pytest.raises(ValidationError) as excinfo:
            record(acknowledged, person, area_worker)
        assert errors_of(excinfo) == {"person": ["Select a child named in the contact"]}


def test_the_same_work_is_recorded_once_per_child(acknowledged, family_contact, area_worker):
    record(acknowledged, ruby(family_contact), area_worker)

    with pytest.raises(ValidationError) as excinfo:
        record(acknowledged, ruby(family_contact), area_worker, started_on=date(2026, 3, 5))

    assert errors_of(excinfo) == {
        "kind": [
            "You have already recorded a child and family assessment for this child: "
            "change that one instead"
        ]
    }


@pytest.mark.parametrize(
    ("facts", "field", "message"),
    [
        ({"kind": "home_visit"}, "kind", "Select what your team did"),
        ({"started_on": None}, "started_on", "Enter the date the work started"),
        (
            {"kind": ResponseKind.NO_FURTHER_ACTION, "started_on": None},
            "started_on",
            "Enter the date your team decided no further action",
        ),
        (
            {"started_on": date(2026, 3, 11)},
            "started_on",
            "The start date must be today or in the past",
        ),
        (
            {"started_on": date(2026, 3, 1)},
            "started_on",
            "The start date must be on or after the day the contact came in",
        ),
        (
            {"completed_on": date(2026, 3, 3)},
            "completed_on",
            "The completion date must be on or after the start date",
        ),
        (
            {"completed_on": date(2026, 3, 12)},
            "completed_on",
            "The completion date must be today or in the past",
        ),
        (
            {"kind": ResponseKind.NO_FURTHER_ACTION, "completed_on": date(2026, 3, 5)},
            "completed_on",
            "Leave the completion date empty for no further action",
        ),
        (
            {"organisation": "Oakfield Primary School"},
            "organisation",
            "Give an organisation only for an early help assessment",
        ),
        ({"child_seen": "maybe"}, "child_seen", "Select yes, no or not known"),
        (
            {"icpc_on": date(2026, 3, 9)},
            "icpc_on",
            "Record a child protection conference only for a section 47 enquiry",
        ),
        (
            {"kind": S47, "icpc_not_required": True, "icpc_on": date(2026, 3, 9)},
            "icpc_on",
            "Leave the conference date empty if a conference was deemed unnecessary",
        ),
        (
            {"kind": S47, "icpc_on": date(2026, 3, 3)},
            "icpc_on",
            "The conference date must be on or after the start date",
        ),
        (
            {"kind": S47, "child_protection_plan": True},
            "child_protection_plan",
            "Enter the conference date before you record whether it made a plan",
        ),
    ],
)
def test_facts_that_do_not_fit_are_refused_on_their_field(
    acknowledged, family_contact, area_worker, facts, field, message
):
    with pytest.raises(ValidationError) as excinfo:
        record(acknowledged, ruby(family_contact), area_worker, **facts)

    assert errors_of(excinfo) == {field: [message]}
    assert not TeamResponse.objects.exists()


def test_an_early_help_assessment_names_the_organisation_completing_it(
    acknowledged, family_contact, area_worker
):
    response = record(
        acknowledged,
        ruby(family_contact),
        area_worker,
        kind=ResponseKind.EARLY_HELP_ASSESSMENT,
        organisation=" Oakfield Primary School ",
    )

    assert response.organisation == "Oakfield Primary School"


def test_a_conference_held_was_not_deemed_unnecessary(acknowledged, family_contact, area_worker):
    response = record(
        acknowledged,
        ruby(family_contact),
        area_worker,
        kind=S47,
        icpc_on=date(2026, 3, 9),
        child_protection_plan=True,
    )

    assert response.icpc_not_required is False
    assert response.icpc_on == date(2026, 3, 9)
    assert response.child_protection_plan is True


# --- Changing what was recorded --------------------------------------------------------------


def test_the_team_completes_an_assessment_later(acknowledged, family_contact, area_worker):
    response = record(acknowledged, ruby(family_contact), area_worker)
    completed = ResponseFacts(
        **{
            **facts_of(response).__dict__,
            "completed_on": date(2026, 3, 9),
            "needs_support": "yes",
        }
    )

    update_team_response(response=response, facts=completed, by=actor_for(area_worker))

    response.refresh_from_db()
    assert response.completed_on == date(2026, 3, 9)
    assert response.needs_support == "yes"
    assert response.started_on == date(2026, 3, 4)
    assert audit_details("team_response.updated", area_worker) == [
        {"handover": acknowledged.pk, "person": ruby(family_contact).pk, "kind": C_AND_F}
    ]


def test_a_change_is_checked_like_a_new_record(acknowledged, family_contact, area_worker):
    response = record(acknowledged, ruby(family_contact), area_worker)
    wrong = ResponseFacts(started_on=date(2026, 3, 4), completed_on=date(2026, 3, 3))

    with pytest.raises(ValidationError) as excinfo:
        update_team_response(response=response, facts=wrong, by=actor_for(area_worker))

    assert errors_of(excinfo) == {
        "completed_on": ["The completion date must be on or after the start date"]
    }
    response.refresh_from_db()
    assert response.completed_on is None


def test_another_team_cannot_change_a_response(
    acknowledged, family_contact, area_worker, south_worker
):
    response = record(acknowledged, ruby(family_contact), area_worker)

    with pytest.raises(PermissionDenied):
        update_team_response(
            response=response,
            facts=ResponseFacts(started_on=date(2026, 3, 4), completed_on=date(2026, 3, 9)),
            by=actor_for(south_worker),
        )

    response.refresh_from_db()
    assert response.completed_on is None


# --- The pages ---------------------------------------------------------------------------------


def test_the_package_page_offers_to_record_once_acknowledged(
    package, area_worker, sign_in, family_contact
):
    client = sign_in(area_worker)
    assert "Record what your team did" not in page_of(client.get(f"/handovers/{package.pk}"))

    acknowledge_handover(handover=package, by=actor_for(area_worker))

    page = page_of(client.get(f"/handovers/{package.pk}"))
    assert "Nothing recorded yet." in page
    assert f'href="/handovers/{package.pk}/responses/new"' in page


def test_the_form_offers_the_children_of_the_contact_only(acknowledged, area_worker, sign_in):
    response = sign_in(area_worker).get(f"/handovers/{acknowledged.pk}/responses/new")

    assert response.status_code == 200
    page = page_of(response)
    assert title_of(page) == f"Record what your team did – {acknowledged.reference} – Front Door"
    assert "Ruby Example, born 4 May 2018" in page
    assert "Leo Example, born 9 January 2020" in page
    assert "Jo Example" not in page


def test_the_worker_records_an_assessment_and_sees_it_on_the_package(
    acknowledged, family_contact, area_worker, sign_in
):
    client = sign_in(area_worker)
    response = client.post(
        f"/handovers/{acknowledged.pk}/responses/new",
        {
            "person": str(ruby(family_contact).pk),
            "kind": C_AND_F,
            "started_on_day": "4",
            "started_on_month": "3",
            "started_on_year": "2026",
            "worker_name": "Sam Social-Worker",
            "child_seen": "yes",
        },
        follow=True,
    )

    assert response.redirect_chain == [(f"/handovers/{acknowledged.pk}", 302)]
    page = page_of(response)
    assert "You recorded the child and family assessment" in page
    assert "4 March 2026" in page
    assert "Not yet" in page
    [saved] = TeamResponse.objects.all()
    assert saved.worker_name == "Sam Social-Worker"
    assert f'href="/handovers/{acknowledged.pk}/responses/{saved.pk}"' in page


def test_a_mistake_is_shown_on_its_field(acknowledged, family_contact, area_worker, sign_in):
    response = sign_in(area_worker).post(
        f"/handovers/{acknowledged.pk}/responses/new",
        {
            "person": str(ruby(family_contact).pk),
            "kind": C_AND_F,
            "started_on_day": "4",
            "started_on_month": "3",
            "started_on_year": "2026",
            "completed_on_day": "3",
            "completed_on_month": "3",
            "completed_on_year": "2026",
        },
    )

    assert response.status_code == 400
    page = page_of(response)
    assert title_of(page).startswith("Error: Record what your team did")
    assert 'href="#id_completed_on_0"' in page
    assert "The completion date must be on or after the start date" in page
    assert not TeamResponse.objects.exists()


def test_an_empty_form_says_what_is_missing(acknowledged, area_worker, sign_in):
    response = sign_in(area_worker).post(f"/handovers/{acknowledged.pk}/responses/new", {})

    assert response.status_code == 400
    page = page_of(response)
    for message in (
        "Select a child named in the contact",
        "Select what your team did",
        "Enter the date the work started",
    ):
        assert message in page


def test_the_worker_completes_the_assessment_later(
    acknowledged, family_contact, area_worker, sign_in
):
    saved = record(acknowledged, ruby(family_contact), area_worker, child_seen="yes")
    client = sign_in(area_worker)
    url = f"/handovers/{acknowledged.pk}/responses/{saved.pk}"

    form = page_of(client.get(url))
    assert 'name="started_on_day" type="text" inputmode="numeric" value="4"' in form
    assert "Change the child and family assessment" in form

    response = client.post(
        url,
        {
            "started_on_day": "4",
            "started_on_month": "3",
            "started_on_year": "2026",
            "completed_on_day": "9",
            "completed_on_month": "3",
            "completed_on_year": "2026",
            "child_seen": "yes",
            "needs_support": "yes",
        },
        follow=True,
    )

    assert "You changed the child and family assessment" in page_of(response)
    saved.refresh_from_db()
    assert saved.completed_on == date(2026, 3, 9)
    assert saved.needs_support == "yes"


def test_before_acknowledgement_the_form_sends_the_worker_back(package, area_worker, sign_in):
    response = sign_in(area_worker).get(f"/handovers/{package.pk}/responses/new", follow=True)

    assert response.redirect_chain == [(f"/handovers/{package.pk}", 302)]
    assert "Acknowledge the package before you record what your team did" in page_of(response)


def test_mash_staff_may_not_record_for_the_team(acknowledged, practitioner, sign_in):
    assert sign_in(practitioner).get(f"/handovers/{acknowledged.pk}/responses/new").status_code == (
        403
    )


@pytest.mark.parametrize("persona", ["south_worker", "other_la_worker", "outsider"])
def test_anyone_else_gets_not_found(
    request, acknowledged, family_contact, area_worker, sign_in, persona
):
    saved = record(acknowledged, ruby(family_contact), area_worker)
    person = request.getfixturevalue(persona)
    client = sign_in(person)

    for url in (
        f"/handovers/{acknowledged.pk}/responses/new",
        f"/handovers/{acknowledged.pk}/responses/{saved.pk}",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_a_response_of_another_package_is_not_found(
    acknowledged, family_contact, area_worker, practitioner, manager, hub, sign_in
):
    other = decided_contact(practitioner, manager)
    other_package = package_for(other, practitioner, hub["staffs-north-area"], [])
    acknowledge_handover(handover=other_package, by=actor_for(area_worker))
    saved = record(acknowledged, ruby(family_contact), area_worker)

    url = f"/handovers/{other_package.pk}/responses/{saved.pk}"
    assert sign_in(area_worker).get(url).status_code == 404


def test_mash_staff_see_what_the_team_did_on_the_contact_page(
    acknowledged, family_contact, area_worker, practitioner, sign_in
):
    record(
        acknowledged,
        ruby(family_contact),
        area_worker,
        kind=S47,
        icpc_on=date(2026, 3, 9),
        child_protection_plan=True,
    )

    page = page_of(sign_in(practitioner).get(f"/contacts/{family_contact.pk}"))

    assert "What the receiving team did" in page
    assert "Section 47 enquiry" in page
    assert "Conference 9 March 2026: child protection plan" in page
    assert "/responses/" not in page  # MASH staff read it; the team changes it
