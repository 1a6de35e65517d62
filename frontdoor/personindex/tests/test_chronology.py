"""A person's chronology: what happened on every contact naming them that the viewer may open,
newest first, with restricted answers shown only to those who may read them."""

from datetime import datetime, timedelta

import pytest
import time_machine

from frontdoor.agencies.actors import actor_for_user
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.tests.factories import child
from frontdoor.core.calendar import LONDON
from frontdoor.meetings.models import StrategyDiscussion
from frontdoor.outcomes.services import Inclusion
from frontdoor.outcomes.tests.builders import (
    RESTRICTED,
    SHAREABLE,
    Said,
    answered,
    decided_contact,
    package_for,
)
from frontdoor.personindex.chronology import chronology_for

from .family import at, received, subject

MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=LONDON)
HOUR = timedelta(hours=1)


@pytest.fixture
def story(hub, practitioner, manager, police_researcher, education_researcher):
    """Ruby's contact on Monday: decided at 9:00, answers at 10:00 and 10:30, a strategy
    discussion at 11:00 and 12:00, and the handover at 13:00."""
    with time_machine.travel(MONDAY, tick=False):
        contact = decided_contact(practitioner, manager)
    with time_machine.travel(MONDAY + HOUR, tick=False):
        shareable = answered(
            contact,
            agency_code="staffs-education",
            researcher=education_researcher,
            said=Said("shareable", SHAREABLE),
        )
    with time_machine.travel(MONDAY + 1.5 * HOUR, tick=False):
        answered(
            contact,
            agency_code="staffs-police",
            researcher=police_researcher,
            said=Said("restricted", RESTRICTED),
        )
    StrategyDiscussion.objects.create(
        contact=contact,
        convened_at=MONDAY + 2 * HOUR,
        convened_by=practitioner.user,
        reason="Bruising and fear of going home.",
        target_at=MONDAY + 4 * HOUR,
        held_at=MONDAY + 3 * HOUR,
        decision="joint_s47",
        recorded_at=MONDAY + 3 * HOUR,
        recorded_by=practitioner.user,
    )
    with time_machine.travel(MONDAY + 4 * HOUR, tick=False):
        package_for(contact, practitioner, hub["staffs-north-area"], [Inclusion(shareable.pk)])
    return contact


def ruby_of(contact):
    return contact.subjects.get().person


def whats(entries) -> list[str]:
    return [entry.what for entry in entries]


def test_everything_on_the_contact_newest_first(story, practitioner):
    entries = chronology_for(actor_for_user(practitioner.user), ruby_of(story))
    assert whats(entries) == [
        "Handed over to Staffordshire north area team",
        "Strategy discussion held: Joint section 47 enquiry with the police",
        "Strategy discussion convened",
        "Staffordshire Police answered (restricted)",
        "Staffordshire education safeguarding answered: information found (shareable)",
        "Recommendation approved by Mo Manager",
        "Recommendation: Child and family assessment (section 17)",
        "Screened: level 4, red",
        "Contact received from Example Primary School",
    ]
    assert {entry.contact for entry in entries} == {story}


def test_a_practitioner_sees_that_a_restricted_answer_exists_but_not_what_it_says(
    story, practitioner
):
    entries = chronology_for(actor_for_user(practitioner.user), ruby_of(story))
    [police] = [entry for entry in entries if "Police" in entry.what]
    assert police.detail == ""
    assert police.withheld == (
        "You cannot read this answer. Only MASH managers and Staffordshire Police can read it."
    )
    assert all(RESTRICTED not in entry.detail for entry in entries)
    [education] = [entry for entry in entries if "education" in entry.what]
    assert education.detail == SHAREABLE


def test_a_manager_reads_the_restricted_answer_and_the_read_is_audited(story, manager):
    entries = chronology_for(actor_for_user(manager.user), ruby_of(story))
    [police] = [entry for entry in entries if "Police" in entry.what]
    assert police.what == "Staffordshire Police answered: information found (restricted)"
    assert police.detail == RESTRICTED
    assert police.withheld == ""
    event = AuditEvent.objects.get(action="information_request.answers_viewed")
    assert event.actor_id == manager.user.pk
    assert len(event.details["responses"]) == 2


def test_people_outside_the_hub_see_nothing(
    story, police_researcher, other_la_worker, area_worker, outsider
):
    ruby = ruby_of(story)
    for person in (police_researcher, other_la_worker, area_worker, outsider):
        assert chronology_for(actor_for_user(person.user), ruby) == []


def test_other_contacts_naming_the_person_count_only_when_the_viewer_may_open_them(
    hub, practitioner
):
    first = received(subject("Ruby"), when=at(2025, 6, 2))
    ruby = first.subjects.get().person
    again = received(subject("Ruby", existing_person_id=ruby.pk), when=at(2026, 1, 12))
    in_stoke = received(subject("Ruby", existing_person_id=ruby.pk), when=at(2026, 2, 2), la="861")
    about_someone_else = received(child(given_name="Ava", nhs_number=""), when=at(2026, 2, 3))
    entries = chronology_for(actor_for_user(practitioner.user), ruby)
    assert [entry.contact for entry in entries] == [again, first]
    assert in_stoke not in [entry.contact for entry in entries]
    assert about_someone_else not in [entry.contact for entry in entries]


def test_answers_about_other_people_in_the_contact_are_left_out(
    hub, practitioner, manager, police_researcher
):
    mother = subject("Jade", role="parent_carer", date_of_birth=None)
    contact = decided_contact(practitioner, manager, subjects=[mother, subject("Ruby")])
    jade = contact.subjects.get(person__given_name="Jade").person
    # The builder answers about the contact's first person: Jade.
    answered(
        contact,
        agency_code="staffs-police",
        researcher=police_researcher,
        said=Said("shareable", "Known to police."),
    )
    ruby = contact.subjects.get(person__given_name="Ruby").person
    actor = actor_for_user(practitioner.user)
    assert not any("answered" in entry.what for entry in chronology_for(actor, ruby))
    assert any("answered" in entry.what for entry in chronology_for(actor, jade))
