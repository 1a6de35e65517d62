"""The hub's structure: authorities join with their own labels and clocks; teams and
memberships must fit their agency; every change is audited."""

from datetime import date, datetime, time

import pytest
from django.core.exceptions import ValidationError

from frontdoor.agencies.models import ClockBasis, LocalAuthority, Membership, Team
from frontdoor.agencies.roles import Role
from frontdoor.agencies.selectors import (
    active_memberships,
    hub_calendar,
    rag_hours,
    threshold_label,
)
from frontdoor.agencies.services import add_authority_to_hub, add_membership, create_team
from frontdoor.audit.models import AuditEvent
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import LONDON

ADMIN = Actor.system("tests")


def test_an_authority_joins_the_hub_with_its_own_labels_and_clocks(reference_data):
    walsall = LocalAuthority.objects.get(code="335")
    add_authority_to_hub(
        local_authority=walsall,
        hub_phone="0300 555 2866",
        opens_at=time(8, 0),
        closes_at=time(18, 0),
        rag_clock_basis=ClockBasis.CLOCK_HOURS,
        threshold_labels={3: "Integrated"},
        rag_hours={"red": 1},
        by=ADMIN,
    )
    walsall.refresh_from_db()
    assert walsall.in_hub
    assert threshold_label(walsall, 3) == "Integrated"
    assert threshold_label(walsall, 4) == "Child protection / specialist"
    assert rag_hours(walsall, "red") == 1
    assert rag_hours(walsall, "amber") == 6
    assert (
        AuditEvent.objects.filter(action="hub.authority_joined", local_authority="335").count() == 1
    )


def test_an_authority_cannot_close_before_it_opens(reference_data):
    walsall = LocalAuthority.objects.get(code="335")
    with pytest.raises(ValidationError):
        add_authority_to_hub(
            local_authority=walsall,
            hub_phone="",
            opens_at=time(17, 0),
            closes_at=time(9, 0),
            rag_clock_basis=ClockBasis.WORKING_HOURS,
            by=ADMIN,
        )
    walsall.refresh_from_db()
    assert not walsall.in_hub
    assert not AuditEvent.objects.filter(action="hub.authority_joined").exists()


def test_a_team_must_work_for_an_authority_its_agency_serves(hub):
    stoke_csc = hub["stoke-mash"].agency
    staffordshire = LocalAuthority.objects.get(code="860")
    with pytest.raises(ValidationError, match="does not serve"):
        create_team(
            agency=stoke_csc,
            code="wrong-team",
            name="Wrong team",
            function=Team.Function.MASH,
            local_authority=staffordshire,
            by=ADMIN,
        )
    assert not Team.objects.filter(code="wrong-team").exists()


def test_a_membership_team_must_belong_to_its_agency(hub, django_user_model):
    user = django_user_model.objects.create_user("x@test.frontdoor.invalid", "pw", full_name="X")
    police = hub["police-mash-desk"].agency
    with pytest.raises(ValidationError, match="is not a team of"):
        add_membership(
            user=user,
            agency=police,
            team=hub["staffs-mash"],
            role=Role.PRACTITIONER,
            starts_on=date(2026, 1, 1),
            by=ADMIN,
        )
    assert not Membership.objects.filter(user=user).exists()


def test_only_memberships_in_force_count(hub, django_user_model):
    user = django_user_model.objects.create_user("y@test.frontdoor.invalid", "pw", full_name="Y")
    team = hub["staffs-mash"]
    ended = add_membership(
        user=user,
        agency=team.agency,
        team=team,
        role=Role.MANAGER,
        starts_on=date(2025, 1, 1),
        by=ADMIN,
    )
    Membership.objects.filter(pk=ended.pk).update(ends_on=date(2025, 12, 31))
    current = add_membership(
        user=user,
        agency=team.agency,
        team=team,
        role=Role.PRACTITIONER,
        starts_on=date(2026, 1, 1),
        by=ADMIN,
    )
    assert active_memberships(user, on=date(2026, 6, 1)) == [current]
    assert active_memberships(user, on=date(2025, 6, 1)) == [ended]
    assert AuditEvent.objects.filter(
        action="hub.membership_added", object_id=str(current.pk)
    ).exists()


def test_the_hub_calendar_uses_the_authoritys_hours_and_bank_holidays(hub):
    staffordshire = LocalAuthority.objects.get(code="860")  # demo hub opens 08:30 to 17:00
    calendar = hub_calendar(staffordshire)
    good_friday_eve = datetime(2026, 4, 2, 16, 30, tzinfo=LONDON)
    # Half an hour on Thursday; Good Friday and Easter Monday are bank holidays.
    assert calendar.add_working_hours(good_friday_eve, 2) == datetime(
        2026, 4, 7, 10, 0, tzinfo=LONDON
    )
