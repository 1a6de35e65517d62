"""Other children known at the same address or sharing a parent or carer (stub)."""

from typing import Any

from frontdoor.contacts.models import Contact
from frontdoor.core.actors import Actor


def siblings_section(actor: Actor, contact: Contact) -> dict[str, Any] | None:
    return None
