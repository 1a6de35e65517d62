"""Reads for partner systems: a system sees only the contacts it sent.

These belong with the other contact selectors in `contacts/selectors.py`; they live here
until that module grows a partner-system scope, and nothing else in the API touches
`Contact.objects`.
"""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from frontdoor.agencies.models import PartnerSystem
from frontdoor.audit.services import record
from frontdoor.contacts.models import Contact, ContactSubject
from frontdoor.contacts.services import ContactAction
from frontdoor.core.actors import Actor

MAX_ID = 2**63 - 1


def contacts_sent_by(system: PartnerSystem) -> QuerySet[Contact]:
    """The system's own contacts, newest first, with what the API returns fetched in bulk."""
    return (
        Contact.objects.filter(partner_system=system)
        .select_related("local_authority")
        .prefetch_related(
            "categories",
            Prefetch("subjects", queryset=ContactSubject.objects.only("contact", "role")),
        )
        .order_by("-received_at", "-id")
    )


def get_contact_sent_by(system: PartnerSystem, pk: int, *, by: Actor) -> Contact:
    """One of the system's contacts (404 for any other, or none), with the read audited."""
    contact = contacts_sent_by(system).filter(pk=pk).first() if 0 < pk <= MAX_ID else None
    if contact is None:
        raise Http404("No such contact")
    record(
        ContactAction.VIEWED,
        by=by,
        target=contact,
        local_authority_code=contact.local_authority.code,
    )
    return contact
