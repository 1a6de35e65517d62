"""A family known to the hub, built through intake (`receive_contact`), for the siblings,
person page and chronology tests.

Ruby (7) lives with her mother Jade and a lodger, Lee (an adult), at 12 Oak Road. Tom (11)
was referred last year from the same address, to Staffordshire and then to Stoke-on-Trent;
nobody said how he is related. Jade's daughter Sam (13) lives at 3 Elm Street: her contact
names Jade as her mother, with no address.
"""

from dataclasses import dataclass
from datetime import date, datetime

from frontdoor.agencies.demo import STOKE
from frontdoor.contacts.models import Contact
from frontdoor.contacts.services import SubjectDetails, receive_contact
from frontdoor.contacts.tests.factories import child, contact_details
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import LONDON
from frontdoor.people.models import Person

SYSTEM = Actor.system("tests")
OAK_ROAD = "12 Oak Road\nHanley\nStoke-on-Trent"
ELM_STREET = "3 Elm Street\nLongton"


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=LONDON)


def subject(given: str, **overrides: object) -> SubjectDetails:
    values: dict[str, object] = {
        "given_name": given,
        "nhs_number": "",
        "address": OAK_ROAD,
        "postcode": "ST4 1AA",
    }
    values.update(overrides)
    return child(**values)


def mother(**overrides: object) -> SubjectDetails:
    return subject("Jade", role="parent_carer", date_of_birth=None, sex="F", **overrides)


def received(*subjects: SubjectDetails, when: datetime, la: str = "860") -> Contact:
    return receive_contact(
        details=contact_details(subjects=list(subjects), received_at=when, local_authority_code=la),
        by=SYSTEM,
    )


def person_named(contact: Contact, given: str) -> Person:
    return contact.subjects.get(person__given_name=given).person


@dataclass(frozen=True)
class Family:
    ruby_contact: Contact  # Ruby and Jade, 12 Oak Road
    tom_contact: Contact  # Tom, 12 Oak Road, Staffordshire
    tom_in_stoke: Contact  # Tom again, Stoke-on-Trent's contact
    sam_contact: Contact  # Sam and Jade (named as her mother), 3 Elm Street

    @property
    def ruby(self) -> Person:
        return person_named(self.ruby_contact, "Ruby")

    @property
    def jade(self) -> Person:
        return person_named(self.ruby_contact, "Jade")

    @property
    def tom(self) -> Person:
        return person_named(self.tom_contact, "Tom")

    @property
    def sam(self) -> Person:
        return person_named(self.sam_contact, "Sam")


def a_family() -> Family:
    tom_contact = received(
        subject("Tom", date_of_birth=date(2015, 2, 1), sex="M"), when=at(2025, 4, 1)
    )
    tom = person_named(tom_contact, "Tom")
    tom_in_stoke = received(
        subject("Tom", date_of_birth=date(2015, 2, 1), sex="M", existing_person_id=tom.pk),
        when=at(2025, 9, 1),
        la=STOKE,
    )
    ruby_contact = received(
        subject("Ruby", date_of_birth=date(2018, 5, 4), nhs_number="943 476 5919"),
        mother(),
        subject("Lee", family_name="Lodger", role="other_adult", date_of_birth=date(1990, 1, 1)),
        when=at(2026, 3, 9),
    )
    jade = person_named(ruby_contact, "Jade")
    sam_contact = received(
        subject("Sam", date_of_birth=date(2012, 7, 7), address=ELM_STREET, postcode="ST3 2BB"),
        # The referrer did not know where Jade lives now.
        mother(existing_person_id=jade.pk, address="", postcode=""),
        when=at(2026, 3, 10),
    )
    return Family(ruby_contact, tom_contact, tom_in_stoke, sam_contact)
