"""Reading strategy discussions and actions, always through the actor's scope.

Discussions are the MASH's: its roles see those about their own authority's contacts, and
nobody else sees any. Actions are also seen by their owners (a person, or the members of an
agency on the authorities they work for), who see the action, not the discussion. Out of scope
is indistinguishable from missing: both are a 404.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from frontdoor.agencies.models import Agency, LocalAuthority
from frontdoor.agencies.roles import Role
from frontdoor.agencies.selectors import authority_codes_for, mash_team_for
from frontdoor.audit.services import record
from frontdoor.contacts.models import OPEN_STATUSES, Contact
from frontdoor.core.actors import Actor
from frontdoor.screening.models import ScreeningDecision

from .models import REQUIRED_AGENCY_KINDS, Action, StrategyDiscussion
from .rules import ACTION_ROLES, may_have_actions, may_read_discussions


class ReadAction:
    DISCUSSION_VIEWED = "strategy_discussion.viewed"
    ACTION_VIEWED = "strategy_discussion.action_viewed"


# --- Discussions -------------------------------------------------------------------------------


def discussions_visible_to(actor: Actor) -> QuerySet[StrategyDiscussion]:
    """Discussions about contacts of the actor's authorities, for MASH roles only."""
    if not may_read_discussions(actor):
        return StrategyDiscussion.objects.none()
    return StrategyDiscussion.objects.filter(
        contact__local_authority__code__in=authority_codes_for(actor)
    )


def get_discussion_for_viewing(actor: Actor, pk: int) -> StrategyDiscussion:
    """The discussion if the actor may see it (else 404), with the read audited."""
    discussion = (
        discussions_visible_to(actor)
        .select_related("contact__local_authority", "convened_by", "recorded_by")
        .filter(pk=pk)
        .first()
    )
    if discussion is None:
        raise Http404("No such strategy discussion")
    audit_discussion_read(actor, discussion)
    return discussion


def audit_discussion_read(actor: Actor, discussion: StrategyDiscussion) -> None:
    record(
        ReadAction.DISCUSSION_VIEWED,
        by=actor,
        target=discussion,
        local_authority_code=discussion.contact.local_authority.code,
        details={"contact": discussion.contact_id},
    )


def discussions_about(contact: Contact) -> list[StrategyDiscussion]:
    """Every discussion about a contact the caller has already fetched in scope, oldest first,
    with its invitees and actions."""
    return list(
        contact.strategy_discussions.select_related(
            "contact__local_authority", "convened_by", "recorded_by"
        ).prefetch_related(
            "invitees__agency",
            "actions__owner_agency",
            "actions__owner_user",
            "actions__completed_by",
        )
    )


def unrecorded_discussion(contact: Contact) -> StrategyDiscussion | None:
    return contact.strategy_discussions.filter(recorded_at__isnull=True).first()


def why_not_convene(contact: Contact) -> str | None:
    """Why a strategy discussion cannot be held about this contact now, or None if it can."""
    if contact.status not in OPEN_STATUSES:
        return "Strategy discussions are held only about open contacts"
    if not ScreeningDecision.objects.filter(contact=contact).exists():
        return "Screen the contact before holding a strategy discussion"
    if unrecorded_discussion(contact) is not None:
        return (
            "A strategy discussion about this contact is waiting to be recorded. "
            "Record it before holding another"
        )
    return None


# --- Agencies and people -----------------------------------------------------------------------


def agencies_serving(local_authority: LocalAuthority) -> QuerySet[Agency]:
    return Agency.objects.filter(local_authorities=local_authority, is_active=True).order_by("name")


def required_agencies(local_authority: LocalAuthority) -> QuerySet[Agency]:
    """Children's social care, police and health serving the authority: they must attend."""
    return agencies_serving(local_authority).filter(kind_id__in=REQUIRED_AGENCY_KINDS)


def other_agencies(local_authority: LocalAuthority) -> QuerySet[Agency]:
    """The agencies serving the authority that may also be invited."""
    return agencies_serving(local_authority).exclude(kind_id__in=REQUIRED_AGENCY_KINDS)


def _active_membership(**conditions: object) -> Q:
    today = timezone.localdate()
    return Q(
        Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=today),
        memberships__starts_on__lte=today,
        **conditions,
    )


def mash_workers(local_authority: LocalAuthority) -> QuerySet[AbstractBaseUser]:
    """Practitioners and managers of the authority's MASH team: the people who may own actions."""
    team = mash_team_for(local_authority)
    if team is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(
            _active_membership(
                memberships__team=team,
                memberships__role__in=[Role.PRACTITIONER, Role.MANAGER],
            ),
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def agency_members(agency: Agency, local_authority: LocalAuthority) -> QuerySet[AbstractBaseUser]:
    """The people of an agency who work on the authority's cases and may hold actions."""
    serves = (
        Q(memberships__team__isnull=True)
        | Q(memberships__team__local_authority__isnull=True)
        | Q(memberships__team__local_authority=local_authority)
    )
    return (
        get_user_model()
        .objects.filter(
            serves,
            _active_membership(memberships__agency=agency, memberships__role__in=ACTION_ROLES),
            is_active=True,
        )
        .distinct()
    )


# --- Actions -----------------------------------------------------------------------------------


def _owned_by(actor: Actor) -> QuerySet[Action]:
    """Actions owned by the actor, or by their agency on the authorities they work for.

    A receiving worker sees only the actions named to them: their agency (children's social
    care, say) also owns actions on contacts never handed to their team, and a receiving
    worker reaches nothing of a contact but the packages sent to their team.
    """
    if actor.user is None or not may_have_actions(actor):
        return Action.objects.none()
    owned = Q(owner_user_id=actor.user.pk)
    if actor.agency_code and actor.role != Role.RECEIVING_WORKER:
        owned |= Q(
            owner_agency__code=actor.agency_code,
            discussion__contact__local_authority__code__in=authority_codes_for(actor),
        )
    return Action.objects.filter(owned)


def actions_for(actor: Actor) -> QuerySet[Action]:
    """The actor's "Actions" queue: open actions they or their agency own, soonest due first."""
    return (
        _owned_by(actor)
        .filter(completed_at__isnull=True)
        .select_related("discussion__contact__local_authority", "owner_agency", "owner_user")
        .order_by("due_on", "id")
    )


def get_action_for(actor: Actor, pk: int) -> Action:
    """An action the actor owns (or their agency does), or one on a discussion they may see;
    else 404. The read is audited."""
    related = ("discussion__contact__local_authority", "owner_agency", "owner_user")
    action = (
        _owned_by(actor).select_related(*related).filter(pk=pk).first()
        or Action.objects.select_related(*related)
        .filter(pk=pk, discussion__in=discussions_visible_to(actor))
        .first()
    )
    if action is None:
        raise Http404("No such action")
    record(
        ReadAction.ACTION_VIEWED,
        by=actor,
        target=action,
        local_authority_code=action.discussion.contact.local_authority.code,
        details={"discussion": action.discussion_id},
    )
    return action
