"""Handover packages: building, consenting, sending and acknowledging. The only writers of them.

A package holds what may leave the hub. Shareable answers go by default; a hub-only or
restricted answer goes only with the builder's reason and a manager's consent (a manager who
builds the package consents by including it). The receiving team acknowledges the package
against its own clock, and that closes the contact.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import dateformat, timezone

from frontdoor.agencies.models import Team
from frontdoor.agencies.selectors import authority_codes_for, hub_calendar
from frontdoor.audit.services import record
from frontdoor.contacts.models import Contact, ContactStatus
from frontdoor.contacts.services import change_status, lock_contact
from frontdoor.core.actors import Actor
from frontdoor.enquiries.models import InformationResponse
from frontdoor.notifications.services import notify

from . import selectors
from .models import (
    DEFAULT_ACKNOWLEDGE_WORKING_DAYS,
    AcknowledgementTimescale,
    Handover,
    HandoverItem,
    HandoverStatus,
)
from .package import goes_in_the_package
from .rules import MARKING_WORDS, leaves_the_hub_freely, may_build_handover, may_consent
from .selectors import HandoverAction

__all__ = [
    "HandoverAction",
    "Inclusion",
    "acknowledge_due_at",
    "acknowledge_handover",
    "build_handover",
    "decide_handover_consent",
]


@dataclass(frozen=True)
class Inclusion:
    """An answer to put in the package; a hub-only or restricted one needs the reason."""

    response_id: int
    reason: str = ""


def _user_id(by: Actor) -> int:
    if by.user is None or by.user.pk is None:
        raise PermissionDenied("A person must do this")
    return int(by.user.pk)


def _of_the_authority(by: Actor, contact: Contact) -> bool:
    return contact.local_authority.code in authority_codes_for(by)


def acknowledge_due_at(*, team: Team, contact: Contact, sent_at: datetime) -> datetime:
    """The team's own clock: its working days (default one) on its authority's hub calendar
    (the contact's authority for a team that serves several)."""
    own = AcknowledgementTimescale.objects.filter(team=team).first()
    days = own.working_days if own is not None else DEFAULT_ACKNOWLEDGE_WORKING_DAYS
    authority = team.local_authority or contact.local_authority
    return hub_calendar(authority).add_working_days(sent_at, days)


def _send(handover: Handover, contact: Contact, *, by: Actor) -> Handover:
    """Send now: start the team's clock, hand the contact over, tell the team."""
    now = timezone.now()
    handover.sent_at = now
    handover.acknowledge_due_at = acknowledge_due_at(
        team=handover.receiving_team, contact=contact, sent_at=now
    )
    handover.status = HandoverStatus.SENT
    handover.save(update_fields=["sent_at", "acknowledge_due_at", "status"])
    code = contact.local_authority.code
    record(
        HandoverAction.SENT,
        by=by,
        target=handover,
        local_authority_code=code,
        details={
            "team": handover.receiving_team.code,
            "items": sorted(
                item.response_id
                for item in handover.items.select_related("response")
                if goes_in_the_package(item)
            ),
        },
    )
    change_status(
        contact,
        to=ContactStatus.HANDED_OVER,
        by=by,
        reason=f"Handover package sent to {handover.receiving_team.name}",
    )
    due = dateformat.format(timezone.localtime(handover.acknowledge_due_at), "j F Y, H:i")
    notify(
        users=selectors.active_members(handover.receiving_team),
        subject=f"Handover package {handover.reference} for your team",
        body=f"Please acknowledge it by {due}.",
        link=reverse("outcomes:detail", kwargs={"pk": handover.pk}),
        by=by,
        local_authority_code=code,
    )
    return handover


def _check_inclusions(
    contact: Contact, include: list[Inclusion], errors: dict[str, str]
) -> list[tuple[InformationResponse, str]]:
    answers = {answer.pk: answer for answer in selectors.answers_for(contact)}
    chosen: list[tuple[InformationResponse, str]] = []
    for inclusion in {i.response_id: i for i in include}.values():
        answer = answers.get(inclusion.response_id)
        if answer is None:
            errors["include"] = "Select only answers given about this contact"
            continue
        reason = inclusion.reason.strip()
        if not leaves_the_hub_freely(answer.sensitivity) and not reason:
            errors[f"reason-{answer.pk}"] = (
                f"Give a reason to include the {MARKING_WORDS[answer.sensitivity]} answer "
                f"from {answer.request.agency.name}"
            )
        chosen.append((answer, reason))
    return chosen


@transaction.atomic
def build_handover(
    *,
    contact: Contact,
    receiving_team: Team | None,
    summary: str,
    include: list[Inclusion],
    by: Actor,
) -> Handover:
    """Build the package for the approved outcome. It is sent now if it holds only shareable
    answers or a manager built it; otherwise it waits for a manager's consent."""
    if not may_build_handover(by) or not _of_the_authority(by, contact):
        raise PermissionDenied(
            "Only MASH practitioners and managers of the authority build handover packages"
        )
    contact = lock_contact(contact)
    errors: dict[str, str] = {}
    recommendation = selectors.approved_recommendation(contact)
    if contact.status != ContactStatus.DECIDED or recommendation is None:
        errors["contact"] = "A manager must approve the outcome before you build the package"
    elif selectors.live_handover(contact) is not None:
        errors["contact"] = "This contact already has a package waiting or sent"
    teams = selectors.receiving_teams_for(contact, recommendation) if recommendation else []
    if receiving_team is None or receiving_team.pk not in {team.pk for team in teams}:
        errors["receiving_team"] = "Select the team that receives the package"
    if not summary.strip():
        errors["summary"] = "Write a note to the receiving team"
    chosen = _check_inclusions(contact, include, errors)
    if errors or recommendation is None or receiving_team is None:
        raise ValidationError(errors)
    builder = _user_id(by)
    manager = may_consent(by)
    handover = Handover.objects.create(
        contact=contact,
        recommendation=recommendation,
        receiving_team=receiving_team,
        summary=summary.strip(),
        status=HandoverStatus.AWAITING_CONSENT,
        created_by_id=builder,
    )
    now = timezone.now()

    def consented_by_builder(answer: InformationResponse) -> bool:
        # A manager's own inclusion of a hub-only or restricted answer is the consent.
        return manager and not leaves_the_hub_freely(answer.sensitivity)

    HandoverItem.objects.bulk_create(
        HandoverItem(
            handover=handover,
            response=answer,
            inclusion_reason=reason,
            consented_at=now if consented_by_builder(answer) else None,
            consented_by_id=builder if consented_by_builder(answer) else None,
        )
        for answer, reason in chosen
    )
    needs_consent = not manager and any(
        not leaves_the_hub_freely(answer.sensitivity) for answer, _ in chosen
    )
    record(
        HandoverAction.BUILT,
        by=by,
        target=handover,
        local_authority_code=contact.local_authority.code,
        details={
            "contact": contact.pk,
            "team": receiving_team.code,
            "items": sorted(answer.pk for answer, _ in chosen),
            "needs_consent": needs_consent,
        },
    )
    if not needs_consent:
        return _send(handover, contact, by=by)
    notify(
        users=selectors.mash_managers(contact),
        subject=f"Handover package {handover.reference} needs your consent",
        body="It asks to include hub-only or restricted answers. Review it before it goes.",
        link=reverse("outcomes:consent", kwargs={"pk": handover.pk}),
        by=by,
        local_authority_code=contact.local_authority.code,
    )
    return handover


def _locked(handover: Handover) -> Handover:
    """The handover with its own row locked (a team may have no authority: an outer join,
    which PostgreSQL will not lock)."""
    return (
        Handover.objects.select_for_update(of=("self",))
        .select_related("contact__local_authority", "receiving_team__local_authority")
        .get(pk=handover.pk)
    )


@transaction.atomic
def decide_handover_consent(*, handover: Handover, consent: bool, by: Actor) -> Handover:
    """A manager other than the builder consents to the hub-only and restricted answers going
    (or not: then they are left out); either way the package is then sent."""
    if not may_consent(by) or not _of_the_authority(by, handover.contact):
        raise PermissionDenied("Only a MASH manager of the authority can consent to a package")
    handover = _locked(handover)
    contact = lock_contact(handover.contact)
    if handover.created_by_id == _user_id(by):
        raise PermissionDenied("You cannot consent to your own package")
    if handover.status != HandoverStatus.AWAITING_CONSENT:
        raise ValidationError({"handover": "This package has already been sent"})
    asked = [
        item
        for item in handover.items.select_related("response")
        if not leaves_the_hub_freely(item.response.sensitivity)
    ]
    if consent:
        HandoverItem.objects.filter(pk__in=[item.pk for item in asked]).update(
            consented_at=timezone.now(), consented_by_id=_user_id(by)
        )
    record(
        HandoverAction.CONSENT_GIVEN if consent else HandoverAction.CONSENT_REFUSED,
        by=by,
        target=handover,
        local_authority_code=contact.local_authority.code,
        details={"items": sorted(item.response_id for item in asked)},
    )
    return _send(handover, contact, by=by)


@transaction.atomic
def acknowledge_handover(*, handover: Handover, by: Actor) -> Handover:
    """The receiving team confirms it has the package; the contact closes."""
    handover = _locked(handover)
    if not selectors.may_acknowledge(by, handover):
        raise PermissionDenied("This package was sent to another team")
    if handover.status == HandoverStatus.ACKNOWLEDGED:
        raise ValidationError({"handover": "This package has already been acknowledged"})
    if handover.status != HandoverStatus.SENT:
        raise ValidationError({"handover": "This package has not been sent yet"})
    contact = lock_contact(handover.contact)
    handover.acknowledged_at = timezone.now()
    handover.acknowledged_by_id = _user_id(by)
    handover.status = HandoverStatus.ACKNOWLEDGED
    handover.save(update_fields=["acknowledged_at", "acknowledged_by", "status"])
    record(
        HandoverAction.ACKNOWLEDGED,
        by=by,
        target=handover,
        local_authority_code=contact.local_authority.code,
        details={"team": handover.receiving_team.code},
    )
    change_status(
        contact,
        to=ContactStatus.CLOSED,
        by=by,
        reason=f"Handover acknowledged by {handover.receiving_team.name}",
    )
    return handover
