"""Legal holds, placed and lifted by information governance officers of the authority, and
the scope of their retention pages."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from frontdoor.agencies.models import LocalAuthority
from frontdoor.agencies.roles import Role
from frontdoor.agencies.selectors import authority_codes_for
from frontdoor.audit.services import record
from frontdoor.contacts.models import Contact
from frontdoor.contacts.selectors import contacts_of_authorities, people_named_in
from frontdoor.core.actors import Actor
from frontdoor.people.models import Person

from ..models import LegalHold, PurgedRecord
from .rules import RetentionAction

REFERENCE = re.compile(r"FD-(\d{4})-(\d{1,12})", re.IGNORECASE)


def may_govern(actor: Actor) -> bool:
    """Retention and legal holds belong to information governance officers."""
    return actor.role == Role.IG_OFFICER


def _check_may_govern(actor: Actor) -> None:
    if not may_govern(actor):
        raise PermissionDenied("Retention and legal holds are for information governance")


def governed_contacts(actor: Actor) -> QuerySet[Contact]:
    """The contacts an IG officer's holds and reports cover: their authorities'."""
    if not may_govern(actor):
        return Contact.objects.none()
    return contacts_of_authorities(actor)


def governed_people(actor: Actor) -> QuerySet[Person]:
    return people_named_in(governed_contacts(actor))


def holds_visible_to(actor: Actor) -> QuerySet[LegalHold]:
    if not may_govern(actor):
        return LegalHold.objects.none()
    return LegalHold.objects.filter(local_authority__code__in=authority_codes_for(actor))


def active_holds_for(actor: Actor) -> QuerySet[LegalHold]:
    return (
        holds_visible_to(actor)
        .filter(lifted_at__isnull=True)
        .select_related("contact", "person", "local_authority", "placed_by")
    )


def _contact_for_hold(actor: Actor, text: str, errors: dict[str, str]) -> Contact | None:
    match = REFERENCE.fullmatch(text)
    if match is None:
        errors["contact_reference"] = "Enter a contact reference in the form FD-2026-000123"
        return None
    year, number = int(match[1]), int(match[2])
    contact = (
        governed_contacts(actor)
        .select_for_update(of=("self",))
        .select_related("local_authority")
        .filter(pk=number)
        .first()
    )
    if contact is None or timezone.localtime(contact.received_at).year != year:
        errors["contact_reference"] = "No contact in your authority has this reference"
        return None
    if LegalHold.objects.filter(contact=contact, lifted_at__isnull=True).exists():
        errors["contact_reference"] = "This contact is already under a legal hold"
    return contact


def _person_for_hold(
    actor: Actor, text: str, errors: dict[str, str]
) -> tuple[Person, LocalAuthority] | None:
    if not text.isdigit() or len(text) > 12:
        errors["person_number"] = "Enter the person's record number, like 1234"
        return None
    person = governed_people(actor).select_for_update(of=("self",)).filter(pk=int(text)).first()
    if person is None:
        errors["person_number"] = "No one named in your authority's contacts has this number"
        return None
    if LegalHold.objects.filter(person=person, lifted_at__isnull=True).exists():
        errors["person_number"] = "This person is already under a legal hold"
    latest = (
        governed_contacts(actor)
        .filter(subjects__person_id__in=[person.pk, person.merged_into_id])
        .select_related("local_authority")
        .order_by("-received_at", "-pk")
        .first()
    )
    assert latest is not None  # governed_people holds only people named in such contacts
    return person, latest.local_authority


@transaction.atomic
def place_legal_hold(
    *, contact_reference: str = "", person_number: str = "", reason: str, by: Actor
) -> LegalHold:
    """Hold one contact (by its reference) or one person (by record number) in the officer's
    authorities: retention never deletes it, or any contact naming the person, until lifted."""
    _check_may_govern(by)
    if by.user is None:
        raise PermissionDenied("Sign in to place a legal hold")
    reference, number = contact_reference.strip(), person_number.strip()
    errors: dict[str, str] = {}
    contact, person, authority = None, None, None
    if reference and number:
        errors["contact_reference"] = "Enter a contact reference or a record number, not both"
    elif reference:
        contact = _contact_for_hold(by, reference, errors)
        authority = contact.local_authority if contact else None
    elif number:
        found = _person_for_hold(by, number, errors)
        person, authority = found if found else (None, None)
    else:
        errors["contact_reference"] = "Enter a contact reference or a person's record number"
    if not reason.strip():
        errors["reason"] = "Enter why the record must be kept"
    if errors or authority is None:
        raise ValidationError(errors)
    hold = LegalHold.objects.create(
        contact=contact,
        person=person,
        local_authority=authority,
        reason=reason.strip(),
        placed_by=by.user,  # type: ignore[misc]
    )
    record(
        RetentionAction.HOLD_PLACED,
        by=by,
        target=hold,
        local_authority_code=authority.code,
        details={"contact": contact.pk} if contact else {"person": hold.person_id},
    )
    return hold


@transaction.atomic
def lift_legal_hold(*, hold: LegalHold, by: Actor) -> LegalHold:
    """End a hold: the records it kept fall back under their retention rules."""
    _check_may_govern(by)
    if by.user is None:
        raise PermissionDenied("Sign in to lift a legal hold")
    locked = (
        holds_visible_to(by)
        .select_for_update(of=("self",))
        .select_related("local_authority")
        .filter(pk=hold.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied("This legal hold belongs to another authority")
    if locked.lifted_at is not None:
        raise ValidationError("This legal hold has already been lifted")
    locked.lifted_at = timezone.now()
    locked.lifted_by = by.user  # type: ignore[assignment]
    locked.save(update_fields=["lifted_at", "lifted_by"])
    target = {"contact": locked.contact_id} if locked.contact_id else {"person": locked.person_id}
    record(
        RetentionAction.HOLD_LIFTED,
        by=by,
        target=locked,
        local_authority_code=locked.local_authority.code,
        details=target,
    )
    return locked


def latest_purged_for(actor: Actor, limit: int = 50) -> list[PurgedRecord]:
    if not may_govern(actor):
        return []
    codes = authority_codes_for(actor)
    return list(PurgedRecord.objects.filter(local_authority_code__in=codes)[:limit])
