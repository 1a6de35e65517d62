"""Receiving contacts and moving them along. The only writers of contacts.

Every channel (staff pages, the online form, the partner API, the demo) calls
`receive_contact` with the same `ContactDetails`, so the same rules and the same error
messages apply everywhere. Errors are collected per field (`subjects.0.date_of_birth`) and
raised together as one `ValidationError`; nothing is written unless everything is valid.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from frontdoor.agencies.models import LocalAuthority, PartnerSystem
from frontdoor.agencies.selectors import mash_team_for
from frontdoor.audit.services import record
from frontdoor.core.actors import Actor
from frontdoor.people.households import HouseholdMemberDetails, record_household
from frontdoor.people.identifiers import (
    InvalidIdentifier,
    normalise_la_child_id,
    normalise_nhs_number,
    normalise_pnc_id,
    normalise_postcode,
    normalise_upn,
)
from frontdoor.people.models import Disability
from frontdoor.people.services import PersonDetails, existing_person_exists, record_person
from frontdoor.reference.selectors import (
    assessment_factor_codes,
    ethnicity_codes,
    referral_source_codes,
    sex_codes,
)

from .clocks import decision_due_at
from .models import (
    ROLES_NEEDING_A_DATE,
    Channel,
    Cohort,
    Consent,
    Contact,
    ContactStatus,
    ContactStatusChange,
    ContactSubject,
    FamilyAware,
    ReferrerKind,
    SubjectRole,
    Urgency,
)

MAX_SUBJECTS = 20
CHILD_ROLES = {SubjectRole.SUBJECT_CHILD, SubjectRole.SIBLING}
MAX_TEXT = 20_000  # characters in a free-text answer


class ContactAction:
    RECEIVED = "contact.received"
    VIEWED = "contact.viewed"
    TAKEN = "contact.taken"
    ALLOCATED = "contact.allocated"
    STATUS_CHANGED = "contact.status_changed"


@dataclass(frozen=True)
class ReferrerDetails:
    kind: str
    anonymous: bool = False
    name: str = ""
    role: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class SubjectDetails:
    """A person named in a contact, as given: identifiers are checked and normalised here."""

    given_name: str
    family_name: str
    role: str
    date_of_birth: date | None = None
    expected_date_of_birth: date | None = None
    sex: str = ""
    ethnicity: str = ""
    address: str = ""
    postcode: str = ""
    nhs_number: str = ""
    upn: str = ""
    middle_names: str = ""
    pnc_id: str = ""
    la_child_id: str = ""
    disability: str = ""  # a child's: yes, no or unknown ("" is unknown)
    # Staff pages only: the existing person the practitioner chose, or None for a new record.
    existing_person_id: int | None = None
    identity_checked: bool = False


@dataclass(frozen=True)
class ContactDetails:
    local_authority_code: str
    channel: str
    referral_source: str
    referrer: ReferrerDetails
    subjects: list[SubjectDetails]
    cohort: str
    concern: str
    family_aware: str
    consent: str
    referrer_urgency: str
    consent_reason: str = ""
    action_taken: str = ""
    categories: list[str] = field(default_factory=list)
    received_at: datetime | None = None


class _Errors:
    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def choice(self, name: str, value: str, choices: type, message: str) -> None:
        if value not in choices.values:  # type: ignore[attr-defined]
            self.add(name, message)

    def text(
        self, name: str, value: str, *, required: str | None = None, limit: int = MAX_TEXT
    ) -> None:
        if required and not value.strip():
            self.add(name, required)
        elif len(value) > limit:
            self.add(name, f"Enter no more than {limit:,} characters")

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _check_subject(errors: _Errors, index: int, subject: SubjectDetails) -> PersonDetails | None:
    prefix = f"subjects.{index}"
    errors.text(
        f"{prefix}.given_name",
        subject.given_name,
        required="Enter the person's first name",
        limit=100,
    )
    errors.text(
        f"{prefix}.family_name",
        subject.family_name,
        required="Enter the person's last name",
        limit=100,
    )
    errors.choice(
        f"{prefix}.role", subject.role, SubjectRole, "Select the person's role in this contact"
    )
    today = timezone.localdate()
    if subject.date_of_birth and subject.expected_date_of_birth:
        errors.add(
            f"{prefix}.expected_date_of_birth",
            "Enter a date of birth or an expected date, not both",
        )
    if subject.date_of_birth and subject.date_of_birth > today:
        errors.add(f"{prefix}.date_of_birth", "Date of birth must be today or in the past")
    if subject.date_of_birth and subject.date_of_birth.year < 1900:
        errors.add(f"{prefix}.date_of_birth", "Date of birth must be after 1900")
    if subject.expected_date_of_birth and subject.expected_date_of_birth < today.replace(
        year=today.year - 1
    ):
        errors.add(
            f"{prefix}.expected_date_of_birth", "An expected date must be recent or in the future"
        )
    if (
        subject.role in ROLES_NEEDING_A_DATE
        and subject.date_of_birth is None
        and subject.expected_date_of_birth is None
    ):
        errors.add(
            f"{prefix}.date_of_birth",
            "Enter the date of birth, or the expected date if the child is not born yet",
        )
    if subject.sex and subject.sex not in sex_codes():
        errors.add(f"{prefix}.sex", "Select the person's sex from the list")
    if subject.ethnicity and subject.ethnicity not in ethnicity_codes():
        errors.add(f"{prefix}.ethnicity", "Select the person's ethnicity from the list")
    if subject.disability and subject.disability not in Disability.values:
        errors.add(f"{prefix}.disability", "Select whether the child has a disability")
    elif subject.disability in (Disability.YES, Disability.NO) and subject.role not in CHILD_ROLES:
        errors.add(
            f"{prefix}.disability",
            "Record a disability only for a child (a subject child or a sibling)",
        )
    errors.text(f"{prefix}.address", subject.address, limit=500)
    identifiers: dict[str, str] = {}
    for name, value, normalise in (
        ("postcode", subject.postcode, normalise_postcode),
        ("nhs_number", subject.nhs_number, normalise_nhs_number),
        ("upn", subject.upn, normalise_upn),
        ("pnc_id", subject.pnc_id, normalise_pnc_id),
        ("la_child_id", subject.la_child_id, normalise_la_child_id),
    ):
        if not value.strip():
            identifiers[name] = ""
            continue
        try:
            identifiers[name] = normalise(value)
        except InvalidIdentifier as problem:
            errors.add(f"{prefix}.{name}", str(problem))
    if subject.existing_person_id is not None and not existing_person_exists(
        subject.existing_person_id
    ):
        errors.add(
            f"{prefix}.existing_person_id",
            "The record you chose for this person no longer exists. Search again",
        )
    errors.text(f"{prefix}.middle_names", subject.middle_names, limit=100)
    if len(identifiers) < 5:
        return None
    return PersonDetails(
        given_name=subject.given_name.strip(),
        middle_names=" ".join(subject.middle_names.split()),
        family_name=subject.family_name.strip(),
        date_of_birth=subject.date_of_birth,
        expected_date_of_birth=subject.expected_date_of_birth,
        sex_code=subject.sex,
        ethnicity_code=subject.ethnicity,
        disability=subject.disability,
        address=subject.address.strip(),
        **identifiers,
    )


def _check_referrer(errors: _Errors, referrer: ReferrerDetails) -> None:
    errors.choice(
        "referrer.kind",
        referrer.kind,
        ReferrerKind,
        "Select whether the referrer is a professional",
    )
    if referrer.kind == ReferrerKind.PROFESSIONAL and referrer.anonymous:
        errors.add("referrer.anonymous", "A professional referral cannot be anonymous")
    if not referrer.anonymous:
        errors.text("referrer.name", referrer.name, required="Enter the referrer's name", limit=150)
        if not (referrer.phone.strip() or referrer.email.strip()):
            errors.add("referrer.phone", "Enter a phone number or email address for the referrer")
    if referrer.kind == ReferrerKind.PROFESSIONAL:
        errors.text(
            "referrer.organisation",
            referrer.organisation,
            required="Enter the referrer's organisation",
            limit=200,
        )
    for name, value, limit in (
        ("role", referrer.role, 150),
        ("phone", referrer.phone, 40),
        ("email", referrer.email, 254),
    ):
        errors.text(f"referrer.{name}", value, limit=limit)
    if referrer.email and "@" not in referrer.email:
        errors.add(
            "referrer.email", "Enter an email address in the correct format, like name@example.com"
        )


def check_contact(details: ContactDetails) -> tuple[LocalAuthority, list[PersonDetails]]:
    """Validate everything; return the authority and the normalised people, or raise."""
    errors = _Errors()
    local_authority = LocalAuthority.objects.filter(
        code=details.local_authority_code, in_hub=True
    ).first()
    if local_authority is None:
        errors.add("local_authority", "Select a local authority this hub serves")
    errors.choice("channel", details.channel, Channel, "Select how the contact was received")
    if details.referral_source not in referral_source_codes():
        errors.add(
            "referral_source", "Select the referral source from the CIN census list (1A to 10)"
        )
    errors.choice("cohort", details.cohort, Cohort, "Select who the concern is about")
    errors.choice(
        "family_aware",
        details.family_aware,
        FamilyAware,
        "Select whether the family knows about the referral",
    )
    errors.choice("consent", details.consent, Consent, "Select whether the family consented")
    errors.choice(
        "referrer_urgency",
        details.referrer_urgency,
        Urgency,
        "Select how urgent the referrer thinks this is",
    )
    errors.text("concern", details.concern, required="Describe the concern")
    errors.text("action_taken", details.action_taken)
    errors.text("consent_reason", details.consent_reason, limit=2000)
    if details.consent == Consent.NOT_SOUGHT and not details.consent_reason.strip():
        errors.add("consent_reason", "Explain why consent was not sought")
    if details.received_at is not None and details.received_at > timezone.now():
        errors.add("received_at", "The time received cannot be in the future")
    known = assessment_factor_codes()
    for code in details.categories:
        if code not in known:
            errors.add("categories", f"{code[:10]} is not a category of concern")
    _check_referrer(errors, details.referrer)
    if not details.subjects:
        errors.add("subjects", "Add at least one person the concern is about")
    if len(details.subjects) > MAX_SUBJECTS:
        errors.add("subjects", f"Add no more than {MAX_SUBJECTS} people to one contact")
    people = [_check_subject(errors, i, s) for i, s in enumerate(details.subjects[:MAX_SUBJECTS])]
    errors.raise_if_any()
    assert local_authority is not None
    return local_authority, [p for p in people if p is not None]


@transaction.atomic
def receive_contact(
    *, details: ContactDetails, by: Actor, partner_system: PartnerSystem | None = None
) -> Contact:
    """Record a contact with its people, start its decision clock, and audit it."""
    local_authority, people = check_contact(details)
    received_at = details.received_at or timezone.now()
    referrer = details.referrer
    contact = Contact.objects.create(
        local_authority=local_authority,
        received_at=received_at,
        channel=details.channel,
        referral_source_id=details.referral_source,
        referrer_kind=referrer.kind,
        referrer_anonymous=referrer.anonymous,
        referrer_name=referrer.name.strip(),
        referrer_role=referrer.role.strip(),
        referrer_organisation=referrer.organisation.strip(),
        referrer_phone=referrer.phone.strip(),
        referrer_email=referrer.email.strip(),
        cohort=details.cohort,
        concern=details.concern.strip(),
        action_taken=details.action_taken.strip(),
        family_aware=details.family_aware,
        consent=details.consent,
        consent_reason=details.consent_reason.strip(),
        referrer_urgency=details.referrer_urgency,
        status=ContactStatus.RECEIVED,
        decision_due_at=decision_due_at(local_authority, received_at),
        team=mash_team_for(local_authority),
        partner_system=partner_system,
        recorded_by_id=by.user.pk if by.user is not None else None,
    )
    if details.categories:
        # Codes are the factors' primary keys: one INSERT, no reads.
        contact.categories.add(*sorted(set(details.categories)))  # type: ignore[arg-type]
    seen: set[int] = set()
    members: list[HouseholdMemberDetails] = []
    for subject, person_details in zip(details.subjects, people, strict=True):
        person = record_person(
            person_details,
            existing_person_id=subject.existing_person_id,
            on=timezone.localdate(received_at),
        )
        if person.pk in seen:
            continue  # the same person named twice in one contact
        seen.add(person.pk)
        ContactSubject.objects.create(
            contact=contact,
            person=person,
            role=subject.role,
            identity_checked=subject.identity_checked or subject.existing_person_id is not None,
        )
        members.append(
            HouseholdMemberDetails(
                person=person,
                is_child=subject.role in CHILD_ROLES,
                is_parent_carer=subject.role == SubjectRole.PARENT_CARER,
                named_as_sibling=subject.role == SubjectRole.SIBLING,
                address=person_details.address,
                postcode=person_details.postcode,
            )
        )
    record_household(members, on=timezone.localdate(received_at))
    ContactStatusChange.objects.create(
        contact=contact,
        from_status="",
        to_status=ContactStatus.RECEIVED,
        changed_at=received_at,
        changed_by_id=by.user.pk if by.user is not None else None,
        changed_by_label=by.label,
        reason=f"Received by {Channel(details.channel).label.lower()}",
    )
    record(
        ContactAction.RECEIVED,
        by=by,
        target=contact,
        local_authority_code=local_authority.code,
        details={
            "channel": details.channel,
            "source": details.referral_source,
            "subjects": len(seen),
        },
    )
    return contact


def change_status(contact: Contact, *, to: ContactStatus, by: Actor, reason: str = "") -> None:
    """Move a contact to a new status: one history row, the mirror column, one audit event.

    Call inside the caller's transaction, with the contact row locked.
    """
    previous = contact.status
    contact.status = to
    Contact.objects.filter(pk=contact.pk).update(status=to)
    ContactStatusChange.objects.create(
        contact=contact,
        from_status=previous,
        to_status=to,
        changed_by_id=by.user.pk if by.user is not None else None,
        changed_by_label=by.label,
        reason=reason,
    )
    record(
        ContactAction.STATUS_CHANGED,
        by=by,
        target=contact,
        local_authority_code=contact.local_authority.code,
        details={"from": previous, "to": to.value},
    )


def lock_contact(contact: Contact) -> Contact:
    """Re-read the contact with its row locked, so two people cannot move it at once.

    Only its own row: locking the joined authority too would queue every change in that
    authority behind one another.
    """
    return (
        Contact.objects.select_for_update(of=("self",))
        .select_related("local_authority")
        .get(pk=contact.pk)
    )


@transaction.atomic
def take_contact(*, contact: Contact, by: Actor) -> Contact:
    """A practitioner takes an unallocated contact from the team queue and starts screening."""
    contact = lock_contact(contact)
    if contact.allocated_to_id is not None and contact.allocated_to_id != (
        by.user.pk if by.user else None
    ):
        raise ValidationError({"contact": "Someone else has already taken this contact"})
    if not contact.is_open:
        raise ValidationError({"contact": "This contact is closed"})
    Contact.objects.filter(pk=contact.pk).update(allocated_to_id=by.user.pk if by.user else None)
    contact.allocated_to_id = by.user.pk if by.user else None
    record(
        ContactAction.TAKEN,
        by=by,
        target=contact,
        local_authority_code=contact.local_authority.code,
    )
    if contact.status == ContactStatus.RECEIVED:
        change_status(contact, to=ContactStatus.SCREENING, by=by, reason="Taken for screening")
    return contact


@transaction.atomic
def allocate_contact(*, contact: Contact, to: AbstractBaseUser, by: Actor) -> Contact:
    """A manager gives a contact to a practitioner."""
    contact = lock_contact(contact)
    if not contact.is_open:
        raise ValidationError({"contact": "This contact is closed"})
    Contact.objects.filter(pk=contact.pk).update(allocated_to_id=to.pk)
    contact.allocated_to_id = to.pk
    record(
        ContactAction.ALLOCATED,
        by=by,
        target=contact,
        local_authority_code=contact.local_authority.code,
        details={"to_user": to.pk},
    )
    if contact.status == ContactStatus.RECEIVED:
        change_status(contact, to=ContactStatus.SCREENING, by=by, reason="Allocated for screening")
    return contact
