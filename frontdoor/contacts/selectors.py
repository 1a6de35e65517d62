"""Reading contacts, always through the actor's scope.

A MASH member sees the contacts of their own authority, and any other contact they opened
with break-glass until the grant expires (`contacts.breakglass`). Anyone else sees none here
(agency researchers and receiving teams get their narrower views with the enquiry and handover
work). Out of scope is indistinguishable from missing: both are a 404.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.http import Http404

from frontdoor.agencies.roles import MASH_ROLES
from frontdoor.agencies.selectors import authority_codes_for
from frontdoor.audit.services import record
from frontdoor.core.actors import Actor
from frontdoor.people.models import Person

from .breakglass import grant_in_use, granted_contact_ids
from .models import Contact, ContactSubject, SubjectRole

RE_REFERRAL_WINDOW = timedelta(days=365)


def contacts_worked_by(actor: Actor) -> QuerySet[Contact]:
    """The contacts the actor's MASH works on: their authorities' (MASH roles only). Queues and
    every page that changes a contact read through this; break-glass never opens them."""
    if actor.role not in MASH_ROLES:
        return Contact.objects.none()
    return Contact.objects.filter(local_authority__code__in=authority_codes_for(actor))


def contacts_visible_to(actor: Actor) -> QuerySet[Contact]:
    """MASH roles: their authorities' contacts, and those under an unexpired break-glass grant."""
    if actor.role not in MASH_ROLES:
        return Contact.objects.none()
    own = Q(local_authority__code__in=authority_codes_for(actor))
    return Contact.objects.filter(own | Q(pk__in=granted_contact_ids(actor)))


def contacts_of_authorities(actor: Actor) -> QuerySet[Contact]:
    """Every contact of the actor's authorities, whatever their role: what an information
    governance officer governs (audit, subject access, retention). Reading these rows is not a
    view of the contacts; pages that show one still audit it."""
    return Contact.objects.filter(local_authority__code__in=authority_codes_for(actor))


def people_named_in(contacts: QuerySet[Contact]) -> QuerySet[Person]:
    """People named in these contacts, and records merged into them (their contacts moved)."""
    named = ContactSubject.objects.filter(contact__in=contacts).values("person_id")
    # Semi-joins, not joins: no DISTINCT over the whole index.
    return Person.objects.filter(Q(pk__in=named) | Q(merged_into_id__in=named))


def people_visible_to(actor: Actor) -> QuerySet[Person]:
    """The one rule for who may see a person: named in a contact the actor may open, or, for
    a merged record, the record it was merged into is (its contacts moved there)."""
    return people_named_in(contacts_visible_to(actor))


def get_contact_for_working(actor: Actor, pk: int) -> Contact:
    """The contact if the actor's MASH works on it (else 404; break-glass does not count),
    with the read audited. For every page that changes a contact."""
    return _get_audited(contacts_worked_by(actor), actor, pk)


def get_contact_for_viewing(actor: Actor, pk: int) -> Contact:
    """The contact if the actor may see it (else 404), with the read audited; a read under a
    break-glass grant carries the grant's id, so information governance can tell it apart."""
    return _get_audited(contacts_visible_to(actor), actor, pk)


def _get_audited(scope: QuerySet[Contact], actor: Actor, pk: int) -> Contact:
    contact = (
        scope.select_related("local_authority", "referral_source", "allocated_to", "team")
        .filter(pk=pk)
        .first()
    )
    if contact is None:
        raise Http404("No such contact")
    grant = grant_in_use(actor, contact)
    record(
        "contact.viewed",
        by=actor,
        target=contact,
        local_authority_code=contact.local_authority.code,
        details={"break_glass": grant.pk} if grant is not None else None,
    )
    return contact


@dataclass(frozen=True)
class ReReferral:
    """Earlier contacts about this contact's subject children within the last 12 months."""

    count: int
    visible: list[Contact]

    @property
    def hidden_count(self) -> int:
        return self.count - len(self.visible)


def earlier_contacts(contact: Contact, *, viewer: Actor) -> ReReferral:
    """Contacts in the 12 months before this one naming any of its subject children.

    The count includes contacts the viewer may not open (for example another authority's);
    only the ones they may open are listed.
    """
    children = contact.subjects.filter(role=SubjectRole.SUBJECT_CHILD).values("person_id")
    earlier = (
        Contact.objects.filter(
            subjects__person_id__in=children,
            received_at__lt=contact.received_at,
            received_at__gte=contact.received_at - RE_REFERRAL_WINDOW,
        )
        .exclude(pk=contact.pk)
        .distinct()
    )
    visible_ids = set(
        contacts_visible_to(viewer).filter(pk__in=earlier).values_list("pk", flat=True)
    )
    ordered = list(earlier.order_by("-received_at"))
    return ReReferral(count=len(ordered), visible=[c for c in ordered if c.pk in visible_ids])
