"""Acknowledging handover packages, and the receiving team's acknowledgement clock."""

from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from frontdoor.agencies.models import LocalAuthority, Team
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import ContactStatus
from frontdoor.core.calendar import LONDON
from frontdoor.notifications.models import Notification
from frontdoor.outcomes.models import AcknowledgementTimescale, HandoverStatus
from frontdoor.outcomes.services import acknowledge_handover

from .builders import actor_for, decided_contact, package_for

# --- Acknowledgement ---------------------------------------------------------------------------


def test_acknowledging_closes_the_contact(sent, contact, area_worker):
    handover = acknowledge_handover(handover=sent, by=actor_for(area_worker))

    assert handover.status == HandoverStatus.ACKNOWLEDGED
    assert handover.acknowledged_by == area_worker.user
    assert handover.acknowledged_at == datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.CLOSED
    assert contact.status_changes.last().reason == (
        "Handover acknowledged by Staffordshire north area team"
    )
    assert AuditEvent.objects.filter(
        action="handover.acknowledged", object_id=str(handover.pk), actor_id=area_worker.user.pk
    ).exists()


def test_acknowledging_another_teams_package_is_refused_and_changes_nothing(
    sent, contact, south_worker
):
    with pytest.raises(PermissionDenied, match="This package was sent to another team"):
        acknowledge_handover(handover=sent, by=actor_for(south_worker))

    sent.refresh_from_db()
    assert sent.status == HandoverStatus.SENT
    assert sent.acknowledged_at is None
    contact.refresh_from_db()
    assert contact.status == ContactStatus.HANDED_OVER
    assert not AuditEvent.objects.filter(action="handover.acknowledged").exists()


@pytest.mark.parametrize("persona", ["practitioner", "manager", "police_researcher"])
def test_the_mash_cannot_acknowledge_for_the_receiving_team(request, sent, persona):
    person = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied, match="This package was sent to another team"):
        acknowledge_handover(handover=sent, by=actor_for(person))

    sent.refresh_from_db()
    assert sent.status == HandoverStatus.SENT


def test_a_package_is_acknowledged_only_once(sent, area_worker):
    acknowledge_handover(handover=sent, by=actor_for(area_worker))

    with pytest.raises(ValidationError, match="This package has already been acknowledged"):
        acknowledge_handover(handover=sent, by=actor_for(area_worker))

    assert AuditEvent.objects.filter(action="handover.acknowledged").count() == 1


def test_a_transfer_is_acknowledged_by_the_other_authoritys_mash(
    practitioner, manager, other_la_worker, hub
):
    stoke = LocalAuthority.objects.get(code="861")
    contact = decided_contact(practitioner, manager, outcome="transfer", transfer_to=stoke)
    handover = package_for(contact, practitioner, hub["stoke-mash"], [])
    assert Notification.objects.filter(user=other_la_worker.user).count() == 1

    acknowledge_handover(handover=handover, by=actor_for(other_la_worker))

    contact.refresh_from_db()
    assert contact.status == ContactStatus.CLOSED


# --- The acknowledgement clock -----------------------------------------------------------------


def test_the_clock_is_one_working_day_across_christmas_bank_holidays(contact, practitioner, hub):
    with time_machine.travel(datetime(2026, 12, 24, 15, 0, tzinfo=LONDON), tick=False):
        handover = package_for(contact, practitioner, hub["staffs-north-area"], [])

    # 25 December (Friday) and 28 December (Boxing Day, substitute) are bank holidays.
    assert handover.acknowledge_due_at == datetime(2026, 12, 29, 15, 0, tzinfo=LONDON)


def test_a_team_with_its_own_clock_gets_its_own_working_days(contact, practitioner, hub):
    AcknowledgementTimescale.objects.create(team=hub["staffs-north-area"], working_days=3)

    handover = package_for(contact, practitioner, hub["staffs-north-area"], [])

    assert handover.acknowledge_due_at == datetime(2026, 3, 13, 10, 0, tzinfo=LONDON)


def test_the_early_help_hub_is_a_receiving_team_too(contact, practitioner, hub):
    handover = package_for(contact, practitioner, hub["staffs-early-help-hub"], [])

    assert handover.receiving_team == Team.objects.get(code="staffs-early-help-hub")
