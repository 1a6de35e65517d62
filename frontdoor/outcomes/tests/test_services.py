"""Building, consenting to and sending handover packages; who receives them."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from frontdoor.agencies.models import LocalAuthority
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import ContactStatus
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import contact_details
from frontdoor.core.calendar import LONDON
from frontdoor.notifications.models import Notification
from frontdoor.outcomes.models import Handover, HandoverStatus
from frontdoor.outcomes.package import build_package
from frontdoor.outcomes.selectors import receiving_teams_for
from frontdoor.outcomes.services import Inclusion, decide_handover_consent

from .builders import (
    HUB_ONLY,
    RESTRICTED,
    SHAREABLE,
    SYSTEM,
    Said,
    actor_for,
    answered,
    decided_contact,
    package_for,
    recommendation_of,
)


def included_summaries(handover) -> list[str]:
    return [answer.summary for answer in build_package(handover).answers]


def assert_nothing_built(contact) -> None:
    assert Handover.objects.count() == 0
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED


# --- Receiving teams ---------------------------------------------------------------------------


def test_the_receiving_teams_are_the_authoritys_area_teams_and_early_help_hub(contact):
    teams = receiving_teams_for(contact, recommendation_of(contact))

    assert [team.code for team in teams] == [
        "staffs-early-help-hub",
        "staffs-north-area",
        "staffs-south-area",
    ]


def test_a_transfer_goes_to_the_other_authoritys_mash_team(practitioner, manager, hub):
    stoke = LocalAuthority.objects.get(code="861")
    contact = decided_contact(practitioner, manager, outcome="transfer", transfer_to=stoke)

    teams = receiving_teams_for(contact, recommendation_of(contact))

    assert [team.code for team in teams] == ["stoke-mash"]


def test_a_transfer_outside_the_hub_has_no_receiving_team_in_front_door(practitioner, manager, hub):
    elsewhere = LocalAuthority.objects.filter(in_hub=False).first()
    contact = decided_contact(practitioner, manager, outcome="transfer", transfer_to=elsewhere)

    assert receiving_teams_for(contact, recommendation_of(contact)) == []


# --- Building and sending ----------------------------------------------------------------------


def test_a_package_of_shareable_answers_is_sent_at_once_and_the_team_is_told(
    contact, answers, practitioner, area_worker, hub
):
    handover = package_for(
        contact, practitioner, hub["staffs-north-area"], [Inclusion(answers["shareable"].pk)]
    )

    assert handover.status == HandoverStatus.SENT
    assert handover.sent_at == datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
    assert handover.acknowledge_due_at == datetime(2026, 3, 11, 10, 0, tzinfo=LONDON)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.HANDED_OVER
    assert contact.status_changes.last().reason == (
        "Handover package sent to Staffordshire north area team"
    )
    [note] = Notification.objects.filter(user=area_worker.user)
    assert note.subject == f"Handover package {handover.reference} for your team"
    assert note.link == f"/handovers/{handover.pk}"
    assert "Ruby" not in note.subject + note.body
    assert included_summaries(handover) == [SHAREABLE]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"handover.built", "handover.sent", "contact.status_changed"} <= actions


def test_shareable_answers_left_unticked_stay_out(contact, answers, practitioner, hub):
    handover = package_for(contact, practitioner, hub["staffs-north-area"], [])

    assert handover.status == HandoverStatus.SENT
    assert included_summaries(handover) == []


def test_a_hub_only_answer_without_a_reason_is_refused_and_nothing_changes(
    contact, answers, practitioner, hub
):
    hub_only = answers["hub_only"]
    with pytest.raises(ValidationError) as refused:
        package_for(contact, practitioner, hub["staffs-north-area"], [Inclusion(hub_only.pk, "  ")])

    assert refused.value.message_dict == {
        f"reason-{hub_only.pk}": [
            "Give a reason to include the hub-only answer from "
            "Staffordshire and Stoke-on-Trent health safeguarding"
        ]
    }
    assert_nothing_built(contact)


def test_a_restricted_answer_without_a_reason_names_the_agency(contact, answers, practitioner, hub):
    restricted = answers["restricted"]
    with pytest.raises(ValidationError) as refused:
        package_for(contact, practitioner, hub["staffs-north-area"], [Inclusion(restricted.pk)])

    assert refused.value.message_dict[f"reason-{restricted.pk}"] == [
        "Give a reason to include the restricted answer from Staffordshire Police"
    ]
    assert_nothing_built(contact)


def test_a_practitioners_restricted_item_waits_for_a_managers_consent(
    contact, answers, practitioner, manager, area_worker, hub
):
    handover = package_for(
        contact,
        practitioner,
        hub["staffs-north-area"],
        [
            Inclusion(answers["shareable"].pk),
            Inclusion(answers["restricted"].pk, "The area team must know of the risk."),
        ],
    )

    assert handover.status == HandoverStatus.AWAITING_CONSENT
    assert handover.sent_at is None
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED
    [note] = Notification.objects.filter(user=manager.user)
    assert note.subject == f"Handover package {handover.reference} needs your consent"
    assert note.link == f"/handovers/{handover.pk}/consent"
    assert not Notification.objects.filter(user=area_worker.user).exists()
    assert included_summaries(handover) == [SHAREABLE]


def test_a_managers_own_inclusion_is_the_consent_and_the_package_goes(
    contact, answers, manager, hub
):
    handover = package_for(
        contact,
        manager,
        hub["staffs-north-area"],
        [Inclusion(answers["restricted"].pk, "The area team must know of the risk.")],
    )

    assert handover.status == HandoverStatus.SENT
    [item] = handover.items.all()
    assert item.consented_by == manager.user
    assert item.consented_at is not None
    [answer] = build_package(handover).answers
    assert answer.summary == RESTRICTED
    assert answer.consent_note == (
        "Included with a manager's consent: The area team must know of the risk."
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ("team", "receiving_team", "Select the team that receives the package"),
        ("summary", "summary", "Write a note to the receiving team"),
        ("foreign_answer", "include", "Select only answers given about this contact"),
    ],
)
def test_a_bad_package_is_refused_with_a_message_and_no_change(
    contact, answers, practitioner, manager, education_researcher, hub, change, field, message
):
    team, summary, include = hub["staffs-north-area"], "Note.", []
    if change == "team":
        team = hub["stoke-assessment"]
    elif change == "summary":
        summary = "   "
    else:
        other = decided_contact(practitioner, manager)
        foreign = answered(
            other,
            agency_code="staffs-education",
            researcher=education_researcher,
            said=Said("shareable", "Another family."),
        )
        include = [Inclusion(foreign.pk)]

    with pytest.raises(ValidationError) as refused:
        package_for(contact, practitioner, team, include, summary=summary)

    assert refused.value.message_dict[field] == [message]
    assert_nothing_built(contact)


def test_a_contact_without_an_approved_outcome_cannot_be_handed_over(practitioner, hub):
    contact = receive_contact(details=contact_details(), by=SYSTEM)
    with pytest.raises(ValidationError) as refused:
        package_for(contact, practitioner, hub["staffs-north-area"], [])

    assert refused.value.message_dict["contact"] == [
        "A manager must approve the outcome before you build the package"
    ]
    assert Handover.objects.count() == 0


def test_a_second_package_is_refused_while_one_waits_for_consent(
    contact, answers, practitioner, hub
):
    package_for(
        contact,
        practitioner,
        hub["staffs-north-area"],
        [Inclusion(answers["hub_only"].pk, "Relevant to the assessment.")],
    )

    with pytest.raises(ValidationError) as refused:
        package_for(contact, practitioner, hub["staffs-south-area"], [])

    assert refused.value.message_dict["contact"] == [
        "This contact already has a package waiting or sent"
    ]
    assert Handover.objects.count() == 1


@pytest.mark.parametrize("persona", ["contact_officer", "area_worker", "other_la_worker"])
def test_only_the_authoritys_practitioners_and_managers_build_packages(
    request, contact, hub, persona
):
    person = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        package_for(contact, person, hub["staffs-north-area"], [])

    assert_nothing_built(contact)


# --- Consent -----------------------------------------------------------------------------------


@pytest.fixture
def asking_for_all(contact, answers, practitioner, hub):
    return package_for(
        contact,
        practitioner,
        hub["staffs-north-area"],
        [
            Inclusion(answers["shareable"].pk),
            Inclusion(answers["hub_only"].pk, "The clinic must follow up."),
            Inclusion(answers["restricted"].pk, "The area team must know of the risk."),
        ],
    )


def test_a_manager_consents_and_the_package_goes_with_the_answers(
    asking_for_all, contact, manager, area_worker
):
    handover = decide_handover_consent(handover=asking_for_all, consent=True, by=actor_for(manager))

    assert handover.status == HandoverStatus.SENT
    assert sorted(included_summaries(handover)) == sorted([SHAREABLE, HUB_ONLY, RESTRICTED])
    assert all(item.consented_by == manager.user for item in handover.items.all()[1:])
    contact.refresh_from_db()
    assert contact.status == ContactStatus.HANDED_OVER
    assert Notification.objects.filter(user=area_worker.user).count() == 1
    assert AuditEvent.objects.filter(action="handover.consent_given").count() == 1


def test_a_manager_who_refuses_sends_the_package_without_them(asking_for_all, manager):
    handover = decide_handover_consent(
        handover=asking_for_all, consent=False, by=actor_for(manager)
    )

    assert handover.status == HandoverStatus.SENT
    assert included_summaries(handover) == [SHAREABLE]
    assert not handover.items.filter(consented_at__isnull=False).exists()
    assert AuditEvent.objects.filter(action="handover.consent_refused").count() == 1


def test_a_manager_cannot_consent_to_their_own_package(asking_for_all, manager):
    Handover.objects.filter(pk=asking_for_all.pk).update(created_by=manager.user)
    asking_for_all.refresh_from_db()

    with pytest.raises(PermissionDenied, match="You cannot consent to your own package"):
        decide_handover_consent(handover=asking_for_all, consent=True, by=actor_for(manager))

    asking_for_all.refresh_from_db()
    assert asking_for_all.status == HandoverStatus.AWAITING_CONSENT
    assert not asking_for_all.items.filter(consented_at__isnull=False).exists()


def test_a_practitioner_cannot_consent(asking_for_all, practitioner):
    with pytest.raises(PermissionDenied):
        decide_handover_consent(handover=asking_for_all, consent=True, by=actor_for(practitioner))

    asking_for_all.refresh_from_db()
    assert asking_for_all.status == HandoverStatus.AWAITING_CONSENT


def test_consent_is_given_only_once(asking_for_all, manager, second_manager):
    decide_handover_consent(handover=asking_for_all, consent=False, by=actor_for(manager))

    with pytest.raises(ValidationError, match="This package has already been sent"):
        decide_handover_consent(handover=asking_for_all, consent=True, by=actor_for(second_manager))

    assert not asking_for_all.items.filter(consented_at__isnull=False).exists()
