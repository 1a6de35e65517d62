"""Possible existing records for subjects whose identity nobody has checked yet (stub)."""

from typing import Any

from frontdoor.contacts.models import Contact
from frontdoor.core.actors import Actor


def possible_matches_section(actor: Actor, contact: Contact) -> dict[str, Any] | None:
    return None
