"""The "Handover" section of the contact page, for MASH staff (registered in apps.py)."""

from typing import Any

from django.utils import timezone

from frontdoor.agencies.roles import MASH_ROLES
from frontdoor.contacts.models import Contact, ContactStatus
from frontdoor.core.actors import Actor

from . import selectors
from .models import HandoverStatus
from .responses import responses_to
from .rules import may_build_handover, may_consent

SHOWN_FROM = (ContactStatus.DECIDED, ContactStatus.HANDED_OVER, ContactStatus.CLOSED)


def handover_section(actor: Actor, contact: Contact) -> dict[str, Any] | None:
    """The contact's packages and what the viewer may do next; nothing before a decision."""
    if actor.role not in MASH_ROLES:
        return None
    handovers = selectors.handovers_on(contact)
    if not handovers and contact.status not in SHOWN_FROM:
        return None
    now = timezone.now()
    live = next((h for h in handovers if h.status in selectors.LIVE_STATUSES), None)
    awaiting = live is not None and live.status == HandoverStatus.AWAITING_CONSENT
    responses = responses_to(handovers)
    can_build = (
        may_build_handover(actor)
        and contact.status == ContactStatus.DECIDED
        and live is None
        and selectors.approved_recommendation(contact) is not None
    )
    return {
        "contact": contact,
        "packages": [
            {
                "handover": handover,
                "overdue": handover.status == HandoverStatus.SENT
                and handover.acknowledge_due_at is not None
                and handover.acknowledge_due_at < now,
                "responses": responses[handover.pk],
            }
            for handover in handovers
        ],
        "can_build": can_build,
        "review": live if awaiting and may_consent(actor) else None,
    }
