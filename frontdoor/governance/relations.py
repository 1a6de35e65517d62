"""What each relation in the access policy means, written once as plain rules.

`relation_of(actor, kind, record)` says how a user stands to one record. The access-matrix test
uses it to decide, for every operation, which answer the policy expects; the pages themselves
read through their apps' scoped selectors. Keeping this apart from the selectors is the point:
two independent statements of the rules, checked against each other.
"""

from typing import Any

from django.db.models import Model
from django.utils import timezone

from frontdoor.agencies.roles import MASH_ROLES, Role
from frontdoor.agencies.selectors import authority_codes_for
from frontdoor.contacts.models import BreakGlassAccess, Contact
from frontdoor.core.actors import Actor
from frontdoor.enquiries.models import InformationRequest
from frontdoor.meetings.models import Action, StrategyDiscussion
from frontdoor.notifications.models import Notification
from frontdoor.outcomes.models import Handover
from frontdoor.outcomes.selectors import DELIVERED_STATUSES, actor_team_id
from frontdoor.people.models import DuplicateProposal, Person, PersonMerge

from .models import LegalHold
from .policy import POLICY, About, Relation

# When a record stands in several relations to a user (a person named in two contacts), the
# strongest counts.
STRENGTH = [
    Relation.OWN_TEAM,
    Relation.MINE,
    Relation.REQUEST_TO_MY_AGENCY,
    Relation.PACKAGE_TO_MY_TEAM,
    Relation.BREAK_GLASS,
    Relation.OTHER_TEAM,
    Relation.OTHER_LA,
    Relation.NO_RELATION,
]


def strongest(relations: list[Relation]) -> Relation:
    return min(relations, key=STRENGTH.index) if relations else Relation.NO_RELATION


# The teams whose own records are their authority's: the MASH, and information governance.
OWNING_ROLES = MASH_ROLES | {Role.IG_OFFICER}


def _authorities(actor: Actor) -> set[str]:
    return set(authority_codes_for(actor))


def _has_break_glass(actor: Actor, contact: Contact) -> bool:
    return (
        actor.user is not None
        and BreakGlassAccess.objects.filter(
            user_id=actor.user.pk, contact=contact, expires_at__gt=timezone.now()
        ).exists()
    )


def to_contact(actor: Actor, contact: Contact) -> Relation:
    if not actor.role:
        return Relation.NO_RELATION
    mine = contact.local_authority.code in _authorities(actor)
    if actor.role in OWNING_ROLES and mine:
        return Relation.OWN_TEAM
    if (
        actor.role == Role.AGENCY_RESEARCHER
        and mine
        and contact.information_requests.filter(agency__code=actor.agency_code).exists()
    ):
        return Relation.REQUEST_TO_MY_AGENCY
    team_id = actor_team_id(actor)
    if (
        team_id is not None
        and contact.handovers.filter(
            receiving_team_id=team_id, status__in=DELIVERED_STATUSES
        ).exists()
    ):
        return Relation.PACKAGE_TO_MY_TEAM
    if actor.role in MASH_ROLES and _has_break_glass(actor, contact):
        return Relation.BREAK_GLASS
    return Relation.OTHER_TEAM if mine else Relation.OTHER_LA


def to_request(actor: Actor, request: InformationRequest) -> Relation:
    if not actor.role:
        return Relation.NO_RELATION
    mine = request.contact.local_authority.code in _authorities(actor)
    if actor.role in OWNING_ROLES and mine:
        return Relation.OWN_TEAM
    if actor.role == Role.AGENCY_RESEARCHER and mine and request.agency.code == actor.agency_code:
        return Relation.REQUEST_TO_MY_AGENCY
    return Relation.OTHER_TEAM if mine else Relation.OTHER_LA


def to_package(actor: Actor, handover: Handover) -> Relation:
    if not actor.role:
        return Relation.NO_RELATION
    mine = handover.contact.local_authority.code in _authorities(actor)
    if actor.role in OWNING_ROLES and mine:
        return Relation.OWN_TEAM
    team_id = actor_team_id(actor)
    if (
        team_id is not None
        and handover.receiving_team_id == team_id
        and handover.status in DELIVERED_STATUSES
    ):
        return Relation.PACKAGE_TO_MY_TEAM
    return Relation.OTHER_TEAM if mine else Relation.OTHER_LA


def to_person(actor: Actor, person: Person) -> Relation:
    kept = person.merged_into or person
    contacts = Contact.objects.filter(subjects__person=kept).select_related("local_authority")
    return strongest([to_contact(actor, contact) for contact in contacts.distinct()])


def to_action(actor: Actor, action: Action) -> Relation:
    if actor.user is not None and action.owner_user_id == actor.user.pk:
        return Relation.MINE
    contact = action.discussion.contact
    if (
        action.owner_agency is not None
        and actor.role
        and action.owner_agency.code == actor.agency_code
        and contact.local_authority.code in _authorities(actor)
    ):
        return Relation.MINE
    return to_contact(actor, contact)


def to_notification(actor: Actor, notification: Notification) -> Relation:
    mine = actor.user is not None and notification.user_id == actor.user.pk
    return Relation.MINE if mine else Relation.NO_RELATION


def to_duplicate(actor: Actor, proposal: DuplicateProposal) -> Relation:
    """The weaker of the two records' relations: a reviewer must be able to see both."""
    both = [to_person(actor, proposal.first), to_person(actor, proposal.second)]
    return max(both, key=STRENGTH.index)


def to_merge(actor: Actor, merge: PersonMerge) -> Relation:
    both = [to_person(actor, merge.kept), to_person(actor, merge.absorbed)]
    return max(both, key=STRENGTH.index)


def to_authority_record(actor: Actor, local_authority_code: str) -> Relation:
    """Records that belong to an authority and nobody in particular (grants, legal holds)."""
    if not actor.role:
        return Relation.NO_RELATION
    return Relation.OWN_TEAM if local_authority_code in _authorities(actor) else Relation.OTHER_LA


RELATIONS = {
    About.CONTACT: to_contact,
    About.REQUEST: to_request,
    About.PACKAGE: to_package,
    About.PERSON: to_person,
    About.DISCUSSION: lambda actor, discussion: to_contact(actor, discussion.contact),
    About.ACTION: to_action,
    About.NOTIFICATION: to_notification,
    About.DUPLICATE: to_duplicate,
    About.MERGE: to_merge,
    About.BREAK_GLASS: lambda actor, grant: to_authority_record(
        actor, grant.contact.local_authority.code
    ),
    About.LEGAL_HOLD: lambda actor, hold: to_authority_record(actor, hold.local_authority.code),
}


MODELS: dict[About, type[Model]] = {
    About.CONTACT: Contact,
    About.PERSON: Person,
    About.REQUEST: InformationRequest,
    About.PACKAGE: Handover,
    About.DISCUSSION: StrategyDiscussion,
    About.ACTION: Action,
    About.NOTIFICATION: Notification,
    About.DUPLICATE: DuplicateProposal,
    About.MERGE: PersonMerge,
    About.BREAK_GLASS: BreakGlassAccess,
    About.LEGAL_HOLD: LegalHold,
}

# For each kind of record and each role, the relations under which some page shows it.
SEEN_UNDER: dict[About, dict[str, set[Relation]]] = {}
for _rule in POLICY.values():
    if _rule.method == "GET":
        for _who, _relations in _rule.allow.items():
            SEEN_UNDER.setdefault(_rule.about, {}).setdefault(_who, set()).update(_relations)


def may_see_record(actor: Actor, who: str, kind: About, url_kwargs: dict[str, Any]) -> bool:
    """Whether the record a URL names exists and some page would show it to this user: the
    difference between "you may not do this" (403) and "no such record" (404)."""
    pk = url_kwargs.get("contact_pk", url_kwargs.get("pk"))
    if not isinstance(pk, int):
        return False
    record = MODELS[kind]._default_manager.filter(pk=pk).first()
    if record is None:
        return False
    return relation_of(actor, kind, record) in SEEN_UNDER.get(kind, {}).get(who, set())


def relation_of(actor: Actor, kind: About, record: object) -> Relation:
    if kind == About.NOTHING:
        return Relation.NONE
    relation: Relation = RELATIONS[kind](actor, record)  # type: ignore[operator]
    return relation
