"""Reading handover packages, always through the actor's scope.

A receiving worker sees only the packages sent to their own team (never one still waiting for
a manager's consent) and nothing else of the contact. MASH staff see the packages on their
authority's contacts, and a MASH team receiving a transfer sees the packages sent to it. Out of
scope is indistinguishable from missing: both are a 404.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from frontdoor.agencies.models import Membership, Team
from frontdoor.agencies.roles import MASH_ROLES, Role
from frontdoor.agencies.selectors import authority_codes_for, mash_team_for
from frontdoor.audit.services import record
from frontdoor.contacts.models import Contact
from frontdoor.core.actors import Actor
from frontdoor.enquiries.models import InformationResponse, Sensitivity
from frontdoor.screening.models import ManagerDecision, Outcome, Recommendation

from .models import Handover, HandoverStatus
from .rules import receives_for

LIVE_STATUSES = (HandoverStatus.AWAITING_CONSENT, HandoverStatus.SENT)
DELIVERED_STATUSES = (HandoverStatus.SENT, HandoverStatus.ACKNOWLEDGED)


class HandoverAction:
    BUILT = "handover.built"
    SENT = "handover.sent"
    CONSENT_GIVEN = "handover.consent_given"
    CONSENT_REFUSED = "handover.consent_refused"
    ACKNOWLEDGED = "handover.acknowledged"
    # Reading a package, and taking it away as a file: named for the package, the thing that
    # leaves the hub, so that "who has seen or exported it" reads plainly in the audit trail.
    VIEWED = "package.viewed"
    EXPORTED = "package.exported"
    INBOX_VIEWED = "handover.inbox_viewed"


def actor_team_id(actor: Actor) -> int | None:
    """The team of the membership the actor acts through, if any."""
    if actor.membership_id is None:
        return None
    return (
        Membership.objects.filter(pk=actor.membership_id).values_list("team_id", flat=True).first()
    )


def approved_recommendation(contact: Contact) -> Recommendation | None:
    """The latest recommendation a manager approved: the outcome the package carries."""
    return (
        Recommendation.objects.filter(
            contact=contact, manager_decision__verdict=ManagerDecision.Verdict.APPROVED
        )
        .select_related("transfer_to", "recommended_by", "manager_decision__decided_by")
        .order_by("-recommended_at", "-id")
        .first()
    )


def receiving_teams_for(contact: Contact, recommendation: Recommendation) -> list[Team]:
    """The teams that may receive the package: the authority's receiving teams (area teams,
    early help hub), or for a transfer the MASH team of the other authority if it is in the
    hub (none otherwise: the package then goes by the authorities' own secure route)."""
    if recommendation.outcome == Outcome.TRANSFER:
        other = recommendation.transfer_to
        team = mash_team_for(other) if other is not None and other.in_hub else None
        return [team] if team is not None else []
    return list(
        Team.objects.filter(
            local_authority_id=contact.local_authority_id, function=Team.Function.RECEIVING
        ).order_by("name")
    )


def live_handover(contact: Contact) -> Handover | None:
    """The package waiting for consent or sent and not yet acknowledged, if any."""
    return contact.handovers.filter(status__in=LIVE_STATUSES).first()


def handovers_on(contact: Contact) -> list[Handover]:
    """Every package built for a contact, newest first."""
    return list(contact.handovers.select_related("receiving_team", "acknowledged_by", "contact"))


MARKING_ORDER: dict[str, int] = {
    Sensitivity.SHAREABLE: 0,
    Sensitivity.HUB_ONLY: 1,
    Sensitivity.RESTRICTED: 2,
}


def answers_for(contact: Contact) -> list[InformationResponse]:
    """Every agency answer about the contact's people: shareable first, then by agency."""
    answers = InformationResponse.objects.filter(request__contact=contact).select_related(
        "request__agency", "subject__person"
    )
    return sorted(
        answers,
        key=lambda a: (
            MARKING_ORDER.get(a.sensitivity, 3),
            a.request.agency.name.casefold(),
            a.subject_id,
            a.pk,
        ),
    )


def _active(memberships: QuerySet[Membership]) -> list[AbstractBaseUser]:
    today = timezone.localdate()
    current = memberships.filter(starts_on__lte=today, user__is_active=True).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    users = {membership.user_id: membership.user for membership in current.select_related("user")}
    return list(users.values())


def active_members(team: Team) -> list[AbstractBaseUser]:
    """People with an active membership of the team today."""
    return _active(Membership.objects.filter(team=team))


def mash_managers(contact: Contact) -> list[AbstractBaseUser]:
    """The MASH managers of the contact's authority, who consent to what leaves the hub."""
    return _active(
        Membership.objects.filter(
            role=Role.MANAGER,
            team__local_authority_id=contact.local_authority_id,
            team__function=Team.Function.MASH,
        )
    )


def handovers_visible_to(actor: Actor) -> QuerySet[Handover]:
    """Receiving workers: packages sent to their team. MASH staff: their authority's packages
    (and, for a transfer, packages sent to their own MASH team). Anyone else: none."""
    team_id = actor_team_id(actor)
    delivered_to_my_team = Q(receiving_team_id=team_id, status__in=DELIVERED_STATUSES)
    if actor.role == Role.RECEIVING_WORKER:
        if team_id is None:
            return Handover.objects.none()
        return Handover.objects.filter(delivered_to_my_team)
    if actor.role in MASH_ROLES:
        mine = Q(contact__local_authority__code__in=authority_codes_for(actor))
        if team_id is not None:
            mine |= delivered_to_my_team
        return Handover.objects.filter(mine)
    return Handover.objects.none()


def _find(actor: Actor, pk: int) -> Handover:
    handover = (
        handovers_visible_to(actor)
        .select_related(
            "contact__local_authority",
            "receiving_team",
            "recommendation",
            "created_by",
            "acknowledged_by",
        )
        .filter(pk=pk)
        .first()
    )
    if handover is None:
        raise Http404("No such handover package")
    return handover


def get_handover_for_viewing(actor: Actor, pk: int) -> Handover:
    """The package if the actor may see it (else 404), with the read audited."""
    handover = _find(actor, pk)
    record(
        HandoverAction.VIEWED,
        by=actor,
        target=handover,
        local_authority_code=handover.contact.local_authority.code,
    )
    return handover


def get_handover_for_export(actor: Actor, pk: int, *, file_format: str) -> Handover:
    """The package if the actor may see it (else 404), with the export (a download of the
    PDF or the JSON) audited with its format."""
    handover = _find(actor, pk)
    record(
        HandoverAction.EXPORTED,
        by=actor,
        target=handover,
        local_authority_code=handover.contact.local_authority.code,
        details={"format": file_format},
    )
    return handover


def inbox_for(actor: Actor) -> tuple[list[Handover], list[Handover]]:
    """A receiving worker's packages: those to acknowledge (soonest due first), then those
    acknowledged (latest first)."""
    packages = handovers_visible_to(actor).select_related(
        "contact__local_authority", "recommendation", "receiving_team", "acknowledged_by"
    )
    waiting = list(packages.filter(status=HandoverStatus.SENT).order_by("acknowledge_due_at", "id"))
    done = list(
        packages.filter(status=HandoverStatus.ACKNOWLEDGED).order_by("-acknowledged_at", "-id")
    )
    return waiting, done


def may_acknowledge(actor: Actor, handover: Handover) -> bool:
    """Whether the actor is a member of the receiving team who acknowledges for it."""
    return actor_team_id(actor) == handover.receiving_team_id and receives_for(
        actor, handover.receiving_team
    )
