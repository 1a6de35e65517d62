"""Writing person records at intake.

Nothing is merged automatically (ADR 0018): a subject is linked to an existing person only
when a practitioner chose that person on the staff pages; otherwise a new record is created,
and possible matches are offered for review on the contact page and in the duplicates queue.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ObjectDoesNotExist

from .lookup import refresh_search_keys
from .models import Disability, NameKind, Person, PersonAddress, PersonName


@dataclass(frozen=True)
class PersonDetails:
    """A person as a referrer describes them; identifiers already normalised."""

    given_name: str
    family_name: str
    date_of_birth: date | None = None
    expected_date_of_birth: date | None = None
    sex_code: str = ""
    ethnicity_code: str = ""
    disability: str = ""  # Disability: yes, no or unknown ("" is unknown)
    address: str = ""
    postcode: str = ""
    nhs_number: str = ""
    upn: str = ""
    middle_names: str = ""
    pnc_id: str = ""
    la_child_id: str = ""


def current_record(person_id: int) -> Person:
    """The record to link to: the person, or the record it was merged into."""
    person = Person.objects.get(pk=person_id)
    seen = {person.pk}
    while person.merged_into_id is not None and person.merged_into_id not in seen:
        seen.add(person.merged_into_id)
        person = Person.objects.get(pk=person.merged_into_id)
    return person


def existing_person_exists(person_id: int) -> bool:
    try:
        current_record(person_id)
    except ObjectDoesNotExist:
        return False
    return True


def record_person(
    details: PersonDetails, *, existing_person_id: int | None = None, on: date | None = None
) -> Person:
    """Create the person, or add what this contact says to the existing person chosen.

    Called inside the transaction of the contact that names the person (audited there).
    Linking fills identifiers the record lacked, keeps a different name as an alias and a new
    address as the current one (the old one stays in the address history); it never
    overwrites an identifier, and records a disability (yes or no) only where it was not known.
    """
    if existing_person_id is None:
        person = Person.objects.create(
            given_name=details.given_name,
            middle_names=details.middle_names,
            family_name=details.family_name,
            date_of_birth=details.date_of_birth,
            expected_date_of_birth=details.expected_date_of_birth,
            sex_id=details.sex_code or None,
            ethnicity_id=details.ethnicity_code or None,
            disability=details.disability or Disability.UNKNOWN,
            address=details.address,
            postcode=details.postcode,
            nhs_number=details.nhs_number,
            upn=details.upn,
            pnc_id=details.pnc_id,
            la_child_id=details.la_child_id,
        )
        if details.address or details.postcode:
            PersonAddress.objects.create(
                person=person, address=details.address, postcode=details.postcode, lived_from=on
            )
        refresh_search_keys(person)
        return person

    person = current_record(existing_person_id)
    changed: list[str] = []
    for name in ("nhs_number", "upn", "pnc_id", "la_child_id", "middle_names"):
        value = getattr(details, name)
        if value and not getattr(person, name):
            setattr(person, name, value)
            changed.append(name)
    for name, value in (
        ("date_of_birth", details.date_of_birth),
        ("sex_id", details.sex_code or None),
        ("ethnicity_id", details.ethnicity_code or None),
    ):
        if value and not getattr(person, name) and not person.expected_date_of_birth:
            setattr(person, name, value)
            changed.append(name)
    if details.disability in (Disability.YES, Disability.NO) and (
        person.disability == Disability.UNKNOWN
    ):
        person.disability = details.disability
        changed.append("disability")
    same_name = (
        details.given_name.casefold() == person.given_name.casefold()
        and details.family_name.casefold() == person.family_name.casefold()
    )
    if not same_name:
        PersonName.objects.get_or_create(
            person=person,
            kind=NameKind.ALIAS,
            given_name=details.given_name,
            family_name=details.family_name,
        )
    moved = (details.address or details.postcode) and (
        details.postcode != person.postcode
        or " ".join(details.address.split()).casefold()
        != " ".join(person.address.split()).casefold()
    )
    if moved:
        PersonAddress.objects.filter(person=person, lived_to__isnull=True).update(lived_to=on)
        PersonAddress.objects.create(
            person=person, address=details.address, postcode=details.postcode, lived_from=on
        )
        person.address, person.postcode = details.address, details.postcode
        changed += ["address", "postcode"]
    if changed:
        person.save(update_fields=changed)
    if changed or not same_name:
        refresh_search_keys(person)
    return person
