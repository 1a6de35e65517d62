"""Builders for the duplicates, merge and unmerge tests: people named in contacts (so that the
authority's MASH may see them), their search keys, and actors as the pages build them."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.agencies.models import Team
from frontdoor.agencies.roles import Role
from frontdoor.agencies.selectors import active_memberships
from frontdoor.agencies.services import add_membership
from frontdoor.contacts.models import Contact, ContactSubject
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import child, contact_details
from frontdoor.core.actors import Actor
from frontdoor.people.lookup import person_record, refresh_search_keys
from frontdoor.people.matching.keys import blocking_keys
from frontdoor.people.models import DuplicateProposal, Person, PersonSearchKey

SYSTEM = Actor.system("tests")


@dataclass(frozen=True)
class ExtraPerson:
    """Someone beyond the shared cast, shaped like it (for `sign_in`)."""

    user: AbstractBaseUser
    device: TOTPDevice
    email: str


def make_person(email: str, *, role: Role, team: Team, name: str) -> ExtraPerson:
    """A person with an authenticator and one membership (built here, not with the shared
    cast's helper, because this app may not import the accounts app, even in tests)."""
    user = get_user_model().objects.create_user(email, None, full_name=name)
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    add_membership(
        user=user, agency=team.agency, team=team, role=role, starts_on=date(2020, 1, 1), by=SYSTEM
    )
    return ExtraPerson(user=user, device=device, email=email)


def actor_for(person: Any) -> Actor:
    """The cast member acting through their membership, as the pages would build it."""
    [membership] = active_memberships(person.user)
    team = membership.team
    return Actor(
        user=person.user,
        label=person.email,
        role=membership.role,
        agency_code=membership.agency.code,
        local_authority_code=team.local_authority.code if team and team.local_authority else "",
        membership_id=membership.pk,
    )


def contact_naming(*subjects: Any, **details: Any) -> Contact:
    return receive_contact(details=contact_details(subjects=list(subjects), **details), by=SYSTEM)


def named(la: str = "860", channel: str = "phone", **person: Any) -> Person:
    """A new person record, the subject child of a new contact to authority `la`."""
    contact = contact_naming(child(**person), local_authority_code=la, channel=channel)
    subject: ContactSubject = contact.subjects.get()
    return subject.person


def index(*people: Person) -> None:
    """Give each person its blocking keys: the lookup's, or the engine's while it has none."""
    for person in people:
        refresh_search_keys(person)
        if not person.search_keys.exists():
            PersonSearchKey.objects.bulk_create(
                PersonSearchKey(person=person, key=key)
                for key in blocking_keys(person_record(person))
            )


def proposal_between(a: Person, b: Person, probability: float = 0.95) -> DuplicateProposal:
    first, second = sorted((a.pk, b.pk))
    return DuplicateProposal.objects.create(
        first_id=first,
        second_id=second,
        match_weight=8.0,
        probability=probability,
        explanation=[
            {"field": "given_name", "label": "Given name the same", "weight": 4.1},
            {"field": "date_of_birth", "label": "Date of birth the same", "weight": 6.2},
        ],
    )


RUBY: dict[str, Any] = {
    "given_name": "Ruby",
    "family_name": "Example",
    "date_of_birth": date(2018, 5, 4),
    "sex": "F",
    "postcode": "ST4 1AA",
    "address": "12 Acacia Road\nStoke-on-Trent",
    "nhs_number": "",
}
