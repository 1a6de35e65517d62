"""Sections that higher apps add to the contact page (information requests, strategy
discussions, handover), without screening importing them.

Each app registers its section in its `AppConfig.ready()`. A section's `context` returns the
template context for this viewer and contact, or None to leave the section out. The section's
template shows its own facts and its own buttons; the services behind those buttons check
permissions again.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from frontdoor.contacts.models import Contact
from frontdoor.core.actors import Actor

SectionContext = Callable[[Actor, Contact], dict[str, Any] | None]


@dataclass(frozen=True)
class ContactSection:
    key: str
    template: str
    context: SectionContext
    order: int = 100
    after_decisions: bool = False  # shown after "Recommendations and decisions", else before


@dataclass(frozen=True)
class RenderedSection:
    key: str
    template: str
    data: dict[str, Any]
    after_decisions: bool


_sections: dict[str, ContactSection] = {}


def register(section: ContactSection) -> None:
    """Add (or replace, by key) a section of the contact page."""
    _sections[section.key] = section


def sections_for(actor: Actor, contact: Contact) -> list[RenderedSection]:
    """The sections this viewer sees on this contact's page, in order."""
    shown = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        data = section.context(actor, contact)
        if data is not None:
            shown.append(
                RenderedSection(section.key, section.template, data, section.after_decisions)
            )
    return shown
