"""Writing person records. Until the person index (issue 5) links records properly, a new
contact reuses a person only on an exact match: the same NHS number, the same UPN, or the
same name and date of birth."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from .models import Person


@dataclass(frozen=True)
class PersonDetails:
    """A person as a referrer describes them; identifiers already normalised."""

    given_name: str
    family_name: str
    date_of_birth: date | None = None
    expected_date_of_birth: date | None = None
    sex_code: str = ""
    ethnicity_code: str = ""
    address: str = ""
    postcode: str = ""
    nhs_number: str = ""
    upn: str = ""


def find_exact_match(details: PersonDetails) -> Person | None:
    """The existing person with the same NHS number, UPN, or name and date of birth."""
    if details.nhs_number:
        found = Person.objects.filter(nhs_number=details.nhs_number).order_by("id").first()
        if found:
            return found
    if details.upn:
        found = Person.objects.filter(upn=details.upn).order_by("id").first()
        if found:
            return found
    if details.date_of_birth is None:
        return None
    same_name_and_birth = Q(
        given_name__iexact=details.given_name,
        family_name__iexact=details.family_name,
        date_of_birth=details.date_of_birth,
    )
    return Person.objects.filter(same_name_and_birth).order_by("id").first()


def record_person(details: PersonDetails) -> Person:
    """Reuse the exact match, filling identifiers it lacked; otherwise create the person.

    Called inside the transaction of the contact that names the person (audited there).
    """
    person = find_exact_match(details)
    if person is None:
        return Person.objects.create(
            given_name=details.given_name,
            family_name=details.family_name,
            date_of_birth=details.date_of_birth,
            expected_date_of_birth=details.expected_date_of_birth,
            sex_id=details.sex_code or None,
            ethnicity_id=details.ethnicity_code or None,
            address=details.address,
            postcode=details.postcode,
            nhs_number=details.nhs_number,
            upn=details.upn,
        )
    updates = {
        name: value
        for name, value in (("nhs_number", details.nhs_number), ("upn", details.upn))
        if value and not getattr(person, name)
    }
    if updates:
        Person.objects.filter(pk=person.pk).update(**updates)
    return person
