"""Possible existing records for subjects nobody has checked yet: the contact page's
"Is this someone we already know?" section.

Subjects from the online form and the partner API get new records at intake, unchecked
(nothing is linked without a person choosing). Here a MASH practitioner or manager of the
contact's authority sees, for each unchecked subject, the records the hub may already hold
(among those they may see), with the reasons, and links one or confirms a new person.
"""

from dataclasses import dataclass
from typing import Any

from frontdoor.agencies.roles import Role
from frontdoor.agencies.selectors import authority_codes_for
from frontdoor.audit.services import record
from frontdoor.contacts.models import Contact, ContactSubject
from frontdoor.core.actors import Actor
from frontdoor.people.lookup import (
    Candidate,
    find_candidates,
    person_record,
    record_candidates_shown,
)

from .access import people_visible_to

CHECKERS = {Role.PRACTITIONER, Role.MANAGER}


def may_check_subjects(actor: Actor, contact: Contact) -> bool:
    return actor.role in CHECKERS and contact.local_authority.code in authority_codes_for(actor)


def candidates_for(actor: Actor, subject: ContactSubject) -> list[Candidate]:
    """Records the subject may be, among those the actor may see; never itself, nor anyone
    else the same contact names (the referrer named them as different people)."""
    named_together = ContactSubject.objects.filter(contact_id=subject.contact_id)
    return find_candidates(
        person_record(subject.person),
        exclude_ids=set(named_together.values_list("person_id", flat=True)),
        among=people_visible_to(actor),
    )


@dataclass(frozen=True)
class UncheckedSubject:
    subject: ContactSubject
    candidates: list[Candidate]


def possible_matches_section(actor: Actor, contact: Contact) -> dict[str, Any] | None:
    if not may_check_subjects(actor, contact):
        return None
    subjects = (
        contact.subjects.filter(identity_checked=False, person__merged_into__isnull=True)
        .select_related("person")
        .prefetch_related("person__other_names")
    )
    unchecked = []
    searched = 0
    for subject in subjects:
        searched += 1
        candidates = candidates_for(actor, subject)
        if candidates:
            unchecked.append(UncheckedSubject(subject=subject, candidates=candidates))
    if searched:
        # The index was searched for each unchecked subject: an event even when nothing is found.
        record(
            "person.searched",
            by=actor,
            target=contact,
            local_authority_code=contact.local_authority.code,
            details={
                "where": "contact",
                "subjects": searched,
                "candidates": sum(len(entry.candidates) for entry in unchecked),
            },
        )
    if not unchecked:
        return None
    shown = [candidate for entry in unchecked for candidate in entry.candidates]
    record_candidates_shown(actor, shown, where=f"contact {contact.pk}")
    return {"contact": contact, "subjects": unchecked}
