"""Writes about the hub's structure: authorities joining, agencies, teams, memberships.

Each service is atomic, takes the actor as `by=`, and records an audit event in the same
transaction.
"""

from datetime import date, time

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from frontdoor.audit.services import record
from frontdoor.core.actors import Actor
from frontdoor.reference.models import AgencyKind

from .models import (
    Agency,
    ClockBasis,
    LocalAuthority,
    Membership,
    RagTimescale,
    Team,
    ThresholdLabel,
)
from .roles import Role


class AgencyAction:
    AUTHORITY_JOINED = "hub.authority_joined"
    AGENCY_CREATED = "hub.agency_created"
    TEAM_CREATED = "hub.team_created"
    MEMBERSHIP_ADDED = "hub.membership_added"
    CHILD_LEVEL_EXPORT_SET = "hub.child_level_export_set"


@transaction.atomic
def add_authority_to_hub(
    *,
    local_authority: LocalAuthority,
    hub_phone: str,
    opens_at: time,
    closes_at: time,
    rag_clock_basis: ClockBasis,
    threshold_labels: dict[int, str] | None = None,
    rag_hours: dict[str, int] | None = None,
    by: Actor,
) -> LocalAuthority:
    """Start taking contacts for an authority, with its hub hours and any labels or clocks."""
    if opens_at >= closes_at:
        raise ValidationError({"hub_closes_at": "The hub must close after it opens"})
    local_authority.in_hub = True
    local_authority.hub_phone = hub_phone
    local_authority.hub_opens_at = opens_at
    local_authority.hub_closes_at = closes_at
    local_authority.rag_clock_basis = rag_clock_basis
    local_authority.save()
    for level, label in (threshold_labels or {}).items():
        ThresholdLabel.objects.update_or_create(
            local_authority=local_authority, level_id=level, defaults={"label": label}
        )
    for rating, hours in (rag_hours or {}).items():
        RagTimescale.objects.update_or_create(
            local_authority=local_authority, rating_id=rating, defaults={"hours": hours}
        )
    record(
        AgencyAction.AUTHORITY_JOINED,
        by=by,
        target=local_authority,
        local_authority_code=local_authority.code,
    )
    return local_authority


@transaction.atomic
def create_agency(
    *, code: str, name: str, kind: AgencyKind, serves: list[LocalAuthority], by: Actor
) -> Agency:
    agency = Agency.objects.create(code=code, name=name, kind=kind)
    agency.local_authorities.set(serves)
    record(AgencyAction.AGENCY_CREATED, by=by, target=agency, details={"kind": kind.code})
    return agency


@transaction.atomic
def create_team(
    *,
    agency: Agency,
    code: str,
    name: str,
    function: Team.Function,
    local_authority: LocalAuthority | None,
    by: Actor,
) -> Team:
    """A team of an agency; a team tied to one authority must be in one the agency serves."""
    if (
        local_authority is not None
        and not agency.local_authorities.filter(pk=local_authority.pk).exists()
    ):
        raise ValidationError({"local_authority": f"{agency} does not serve {local_authority}"})
    team = Team.objects.create(
        agency=agency, code=code, name=name, function=function, local_authority=local_authority
    )
    record(
        AgencyAction.TEAM_CREATED,
        by=by,
        target=team,
        local_authority_code=local_authority.code if local_authority else "",
        details={"function": function.value, "agency": agency.code},
    )
    return team


@transaction.atomic
def add_membership(
    *,
    user: AbstractBaseUser,
    agency: Agency,
    team: Team | None,
    role: Role,
    starts_on: date,
    by: Actor,
    is_lead: bool = False,
    may_export_child_level: bool = False,
) -> Membership:
    """Give a person a role in an agency (and team); the team must belong to that agency.

    A lead receives the escalations of their agency's overdue information requests.
    `may_export_child_level` is the separate grant for child-level statutory returns.
    """
    if team is not None and team.agency_id != agency.pk:
        raise ValidationError({"team": f"{team} is not a team of {agency}"})
    membership = Membership.objects.create(
        user_id=user.pk,
        agency=agency,
        team=team,
        role=role,
        starts_on=starts_on,
        is_lead=is_lead,
        may_export_child_level=may_export_child_level,
    )
    record(
        AgencyAction.MEMBERSHIP_ADDED,
        by=by,
        target=membership,
        details={
            "role": role.value,
            "agency": agency.code,
            "team": team.code if team else "",
            "lead": is_lead,
            "child_level_export": may_export_child_level,
        },
    )
    return membership


@transaction.atomic
def set_child_level_export(*, membership: Membership, allowed: bool, by: Actor) -> Membership:
    """Grant or withdraw the separate permission to export child-level statutory returns
    (Ofsted Annex A, the CIN census extract). Only managers and analysts can use it."""
    if allowed and membership.role not in (Role.MANAGER, Role.ANALYST):
        raise ValidationError(
            {"membership": "Only MASH managers and performance analysts can be given this"}
        )
    membership.may_export_child_level = allowed
    membership.save(update_fields=["may_export_child_level"])
    record(
        AgencyAction.CHILD_LEVEL_EXPORT_SET,
        by=by,
        target=membership,
        details={"user": membership.user_id, "allowed": allowed},
    )
    return membership
