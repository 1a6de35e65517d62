"""Strategy discussions through the services: who is invited, the clock, the must-attend rule,
the decision, and actions in their owners' queues. Every refusal changes nothing."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from frontdoor.agencies.models import LocalAuthority
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import ContactStatus
from frontdoor.contacts.services import change_status
from frontdoor.core.calendar import LONDON
from frontdoor.meetings.models import Action, Invitee, StrategyDiscussion
from frontdoor.meetings.selectors import actions_for
from frontdoor.meetings.services import Attendance, complete_action
from frontdoor.notifications.models import Notification

from .conftest import (
    FRIDAY,
    SYSTEM,
    action_for_agency,
    action_for_person,
    actor_for,
    agency,
    convene,
    everyone_attended,
    received,
    record,
)

LATER = FRIDAY + timedelta(hours=3)


def invited(discussion) -> dict[str, bool]:
    return {
        invitee.agency.code: invitee.required
        for invitee in discussion.invitees.select_related("agency")
    }


def messages_of(raised):
    return raised.value.message_dict


# --- Convening ---------------------------------------------------------------------------------


def test_childrens_social_care_police_and_health_are_invited_and_must_attend(contact, practitioner):
    discussion = convene(contact, practitioner, extra_agencies=[agency("staffs-education")])

    assert invited(discussion) == {
        "staffs-csc": True,
        "staffs-police": True,
        "staffs-health": True,
        "staffs-education": False,
    }
    event = AuditEvent.objects.get(action="strategy_discussion.convened")
    assert event.object_id == str(discussion.pk)
    assert event.details["required"] == ["staffs-csc", "staffs-health", "staffs-police"]


def test_the_target_is_two_clock_hours_from_convening(contact, practitioner):
    discussion = convene(contact, practitioner)

    assert discussion.convened_at == FRIDAY
    assert discussion.target_at == FRIDAY + timedelta(hours=2)  # after the hub closes at 17:00


def test_the_target_across_a_weekend_stays_two_clock_hours(contact, practitioner, frozen):
    friday_night = datetime(2026, 3, 13, 23, 30, tzinfo=LONDON)
    frozen.move_to(friday_night)

    discussion = convene(contact, practitioner)

    assert discussion.target_at == datetime(2026, 3, 14, 1, 30, tzinfo=LONDON)  # Saturday


def test_the_target_follows_the_authoritys_own_hours(contact, practitioner):
    LocalAuthority.objects.filter(code="860").update(strategy_discussion_hours=1)
    contact.refresh_from_db()

    discussion = convene(contact, practitioner)

    assert discussion.target_at == FRIDAY + timedelta(hours=1)


def test_a_manager_may_convene(contact, manager):
    assert convene(contact, manager).convened_by == manager.user


@pytest.mark.parametrize("persona", ["contact_officer", "police_researcher", "other_la_worker"])
def test_only_the_authoritys_practitioners_and_managers_convene(request, contact, persona):
    with pytest.raises(PermissionDenied):
        convene(contact, request.getfixturevalue(persona))

    assert StrategyDiscussion.objects.count() == 0


def test_an_unscreened_contact_cannot_have_a_strategy_discussion(hub, practitioner):
    unscreened = received()

    with pytest.raises(ValidationError) as raised:
        convene(unscreened, practitioner)

    assert messages_of(raised) == {
        "contact": ["Screen the contact before holding a strategy discussion"]
    }
    assert StrategyDiscussion.objects.count() == 0


def test_a_closed_contact_cannot_have_a_strategy_discussion(contact, practitioner):
    change_status(contact, to=ContactStatus.DECIDED, by=SYSTEM, reason="Decided")

    with pytest.raises(ValidationError) as raised:
        convene(contact, practitioner)

    assert "contact" in messages_of(raised)
    assert StrategyDiscussion.objects.count() == 0


def test_a_reason_is_required(contact, practitioner):
    with pytest.raises(ValidationError) as raised:
        convene(contact, practitioner, reason="  ")

    assert messages_of(raised) == {"reason": ["Explain why a strategy discussion is needed"]}
    assert StrategyDiscussion.objects.count() == 0


def test_only_one_discussion_waits_to_be_recorded_at_a_time(discussion, practitioner, frozen):
    with pytest.raises(ValidationError) as raised:
        convene(discussion.contact, practitioner)

    assert "waiting to be recorded" in messages_of(raised)["contact"][0]
    assert StrategyDiscussion.objects.count() == 1

    frozen.move_to(LATER)
    record(discussion, practitioner)
    assert convene(discussion.contact, practitioner).pk != discussion.pk


def test_an_agency_that_does_not_serve_the_authority_cannot_be_invited(contact, practitioner):
    with pytest.raises(ValidationError) as raised:
        convene(contact, practitioner, extra_agencies=[agency("stoke-housing")])

    assert messages_of(raised) == {
        "extra_agencies": ["Select only agencies that serve Staffordshire"]
    }
    assert StrategyDiscussion.objects.count() == Invitee.objects.count() == 0


# --- Recording ---------------------------------------------------------------------------------


def test_recording_keeps_attendance_information_and_decision(discussion, practitioner, frozen):
    frozen.move_to(LATER)
    police = agency("staffs-police")
    attendance = {
        **everyone_attended(),
        police.pk: Attendance(attended=False, absence_reason="No officer free; sent notes"),
    }

    record(discussion, practitioner, attendance=attendance)

    discussion.refresh_from_db()
    assert discussion.recorded_at == LATER
    assert discussion.recorded_by == practitioner.user
    assert discussion.held_at == FRIDAY + timedelta(hours=1)
    assert discussion.decision == "joint_s47"
    rows = {i.agency.code: i for i in discussion.invitees.select_related("agency")}
    assert rows["staffs-police"].attended is False
    assert rows["staffs-police"].absence_reason == "No officer free; sent notes"
    assert rows["staffs-health"].attended is True
    assert rows["staffs-health"].attendee_name == "Nurse Kim Lowe"
    event = AuditEvent.objects.get(action="strategy_discussion.recorded")
    assert event.details == {"decision": "joint_s47"}


def test_no_section_47_with_a_reason_is_recorded(discussion, practitioner, frozen):
    frozen.move_to(LATER)

    record(discussion, practitioner, decision="no_s47", decision_reason="Accidental injury")

    discussion.refresh_from_db()
    assert discussion.get_decision_display() == "No section 47 enquiry"
    assert discussion.decision_reason == "Accidental injury"


def _police_missing():
    attendance = everyone_attended()
    del attendance[agency("staffs-police").pk]
    return attendance


def _police_absent_without_reason():
    return {**everyone_attended(), agency("staffs-police").pk: Attendance(attended=False)}


def _health_nameless():
    return {**everyone_attended(), agency("staffs-health").pk: Attendance(attended=True)}


REFUSALS = [
    (
        "no time",
        lambda: {"held_at": None},
        "held_at",
        "Enter when the discussion was held",
    ),
    (
        "in the future",
        lambda: {"held_at": LATER + timedelta(minutes=5)},
        "held_at",
        "The time it was held must be in the past",
    ),
    (
        "before it was convened",
        lambda: {"held_at": FRIDAY - timedelta(minutes=5)},
        "held_at",
        "The time it was held must be after it was convened, 13 March 2026, 16:30",
    ),
    (
        "a required agency not accounted for",
        lambda: {"attendance": _police_missing()},
        "agency_{police}_attended",
        "Say whether Staffordshire Police attended, and if not, why not",
    ),
    (
        "a required agency absent without a reason",
        lambda: {"attendance": _police_absent_without_reason()},
        "agency_{police}_absence_reason",
        "Say whether Staffordshire Police attended, and if not, why not",
    ),
    (
        "an attendee without a name",
        lambda: {"attendance": _health_nameless()},
        "agency_{health}_attendee_name",
        "Enter the name of who attended for Staffordshire and Stoke-on-Trent health safeguarding",
    ),
    ("no decision", lambda: {"decision": ""}, "decision", "Select the decision"),
    ("an unknown decision", lambda: {"decision": "s48"}, "decision", "Select the decision"),
    (
        "no s47 without a reason",
        lambda: {"decision": "no_s47", "decision_reason": " "},
        "decision_reason",
        "Explain why there will be no section 47 enquiry",
    ),
    (
        "other without a reason",
        lambda: {"decision": "other"},
        "decision_reason",
        "Explain the decision",
    ),
    (
        "nothing shared",
        lambda: {"information_shared": ""},
        "information_shared",
        "Enter the information that was shared",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [refusal[1:] for refusal in REFUSALS],
    ids=[refusal[0] for refusal in REFUSALS],
)
def test_an_incomplete_record_is_refused_and_changes_nothing(
    discussion, practitioner, frozen, overrides, field, message
):
    frozen.move_to(LATER)
    field = field.format(police=agency("staffs-police").pk, health=agency("staffs-health").pk)

    with pytest.raises(ValidationError) as raised:
        record(discussion, practitioner, **overrides())

    assert messages_of(raised)[field] == [message]
    discussion.refresh_from_db()
    assert discussion.recorded_at is None
    assert discussion.held_at is None
    assert discussion.decision == ""
    assert not discussion.invitees.filter(attended__isnull=False).exists()
    assert not AuditEvent.objects.filter(action="strategy_discussion.recorded").exists()


def test_a_discussion_is_recorded_once(discussion, practitioner, manager, frozen):
    frozen.move_to(LATER)
    record(discussion, practitioner)

    with pytest.raises(ValidationError) as raised:
        record(discussion, manager, decision="no_s47", decision_reason="Changed my mind")

    assert messages_of(raised) == {"discussion": ["This discussion has already been recorded"]}
    discussion.refresh_from_db()
    assert discussion.decision == "joint_s47"
    assert discussion.recorded_by == practitioner.user


def test_a_contact_officer_cannot_record(discussion, contact_officer, frozen):
    frozen.move_to(LATER)

    with pytest.raises(PermissionDenied):
        record(discussion, contact_officer)

    discussion.refresh_from_db()
    assert discussion.recorded_at is None


# --- Actions -----------------------------------------------------------------------------------


def test_an_agency_action_reaches_that_agencys_people_without_naming_anyone(
    discussion, practitioner, police_researcher, police_lead, health_researcher
):
    action = action_for_agency(discussion, practitioner)

    subject = f"Action for you from strategy discussion {discussion.contact.reference}"
    told = set(Notification.objects.filter(subject=subject).values_list("user_id", flat=True))
    assert told == {police_researcher.user.pk, police_lead.user.pk}
    for notification in Notification.objects.all():
        assert "Ruby" not in notification.subject + notification.body
    event = AuditEvent.objects.get(action="strategy_discussion.action_added")
    assert event.details["owner_agency"] == "staffs-police"
    assert action in actions_for(actor_for(police_researcher))
    assert action in actions_for(actor_for(police_lead))
    assert action not in actions_for(actor_for(health_researcher))


def test_a_persons_action_is_in_their_queue_and_not_their_colleagues(
    discussion, practitioner, manager
):
    action = action_for_person(discussion, practitioner, manager)

    assert list(actions_for(actor_for(manager))) == [action]
    assert action not in actions_for(actor_for(practitioner))
    assert Notification.objects.get().user == manager.user


def test_the_actions_queue_is_soonest_due_first_and_open_only(
    discussion, practitioner, police_researcher
):
    later = action_for_agency(discussion, practitioner, due_on=date(2026, 3, 20))
    sooner = action_for_agency(discussion, practitioner, due_on=date(2026, 3, 14))
    done = action_for_agency(discussion, practitioner, due_on=date(2026, 3, 13))
    complete_action(action=done, note="Checked", by=actor_for(police_researcher))

    assert list(actions_for(actor_for(police_researcher))) == [sooner, later]


def _owner_refusals(practitioner, police_researcher):
    return [
        ({"owner_user": practitioner.user}, "owner"),  # and an agency: both
        ({"owner_agency": None}, "owner"),  # neither
        ({"owner_agency": agency("stoke-housing")}, "owner_agency"),
        ({"owner_agency": None, "owner_user": police_researcher.user}, "owner_user"),
        ({"due_on": date(2026, 3, 12)}, "due_on"),
        ({"due_on": None}, "due_on"),
        ({"description": " "}, "description"),
    ]


def test_an_action_needs_one_owner_a_due_date_and_a_description(
    discussion, practitioner, police_researcher
):
    for overrides, field in _owner_refusals(practitioner, police_researcher):
        with pytest.raises(ValidationError) as raised:
            action_for_agency(discussion, practitioner, **overrides)
        assert field in messages_of(raised), overrides

    assert Action.objects.count() == 0
    assert Notification.objects.count() == 0


def test_both_owners_are_refused_with_a_clear_message(discussion, practitioner):
    with pytest.raises(ValidationError) as raised:
        action_for_agency(discussion, practitioner, owner_user=practitioner.user)

    assert messages_of(raised) == {
        "owner": ["Choose an agency or a person to own the action, not both"]
    }


def test_an_action_may_be_due_today(discussion, practitioner):
    assert action_for_agency(discussion, practitioner, due_on=date(2026, 3, 13)).pk


def test_a_contact_officer_cannot_add_actions(discussion, contact_officer):
    with pytest.raises(PermissionDenied):
        action_for_agency(discussion, contact_officer)

    assert Action.objects.count() == 0


def test_the_owning_agency_marks_an_action_as_done(discussion, practitioner, police_lead):
    action = action_for_agency(discussion, practitioner)

    complete_action(action=action, note="No trace on police systems", by=actor_for(police_lead))

    action.refresh_from_db()
    assert action.completed_by == police_lead.user
    assert action.completion_note == "No trace on police systems"
    assert AuditEvent.objects.filter(action="strategy_discussion.action_completed").count() == 1


def test_the_mash_may_mark_any_action_on_its_contacts_as_done(discussion, practitioner, manager):
    action = action_for_agency(discussion, practitioner)

    complete_action(action=action, note="Police confirmed by phone", by=actor_for(manager))

    action.refresh_from_db()
    assert action.completed_at is not None


@pytest.mark.parametrize(
    "persona", ["health_researcher", "contact_officer", "other_la_worker", "area_worker"]
)
def test_anyone_else_cannot_mark_an_action_as_done(request, discussion, practitioner, persona):
    action = action_for_agency(discussion, practitioner)

    with pytest.raises(PermissionDenied):
        complete_action(action=action, note="Done", by=actor_for(request.getfixturevalue(persona)))

    action.refresh_from_db()
    assert action.completed_at is None


def test_an_action_is_marked_as_done_once(discussion, practitioner, police_researcher):
    action = action_for_agency(discussion, practitioner)
    complete_action(action=action, note="Checked", by=actor_for(police_researcher))

    with pytest.raises(ValidationError) as raised:
        complete_action(action=action, note="Again", by=actor_for(practitioner))

    assert messages_of(raised) == {"action": ["This action has already been marked as done"]}
    action.refresh_from_db()
    assert action.completion_note == "Checked"


def test_marking_as_done_says_what_was_done(discussion, practitioner, police_researcher):
    action = action_for_agency(discussion, practitioner)

    with pytest.raises(ValidationError) as raised:
        complete_action(action=action, note="", by=actor_for(police_researcher))

    assert messages_of(raised) == {"note": ["Say what was done"]}
    action.refresh_from_db()
    assert action.completed_at is None
