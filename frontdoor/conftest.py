"""The test cast, shared by every app's tests.

alice-style personas, as STYLE.md asks: a practitioner and a manager in the Staffordshire MASH,
police, health and education researchers (and a police lead, who receives escalations), a
receiving area worker, an analyst, an IG officer, an administrator, a Stoke-on-Trent
practitioner (another authority) and an outsider with no role.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.accounts.models import User
from frontdoor.agencies.demo import STAFFORDSHIRE, STOKE, build_hub
from frontdoor.agencies.models import Team
from frontdoor.agencies.roles import Role
from frontdoor.agencies.selectors import forget_bank_holidays
from frontdoor.agencies.services import add_membership
from frontdoor.core.actors import Actor
from frontdoor.enquiries.agreements import build_hub_sharing
from frontdoor.people.lookup import forget_population
from frontdoor.reference.selectors import forget_codes
from frontdoor.testing.data import ensure_reference_data

pytest_plugins = ["frontdoor.testing.browser"]

PASSWORD = "correct horse battery staple"  # noqa: S105  (test accounts only)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_reference_data()


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Per-process caches of reference data must not carry one test's rows into the next."""
    forget_bank_holidays()
    forget_codes()
    forget_population()
    yield
    forget_bank_holidays()
    forget_codes()
    forget_population()


@pytest.fixture
def reference_data(db):
    ensure_reference_data()


@pytest.fixture
def hub(reference_data):
    """The demo hub's authorities, agencies and teams, its information-sharing agreement and
    agreed response times (no people)."""
    build_hub(by=Actor.system("tests"))
    build_hub_sharing(local_authority_codes=[STAFFORDSHIRE, STOKE], by=Actor.system("tests"))
    return {team.code: team for team in Team.objects.select_related("agency", "local_authority")}


@dataclass
class Person:
    user: User
    device: TOTPDevice

    @property
    def email(self) -> str:
        return self.user.email

    def current_code(self) -> str:
        return f"{totp(self.device.bin_key, step=self.device.step, digits=self.device.digits):06d}"


def make_person(
    email: str, *, role: Role | None, team: Team | None, name: str, is_lead: bool = False
) -> Person:
    user = User.objects.create_user(email, PASSWORD, full_name=name)
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    if role is not None and team is not None:
        add_membership(
            user=user,
            agency=team.agency,
            team=team,
            role=role,
            starts_on=date(2020, 1, 1),
            by=Actor.system("tests"),
            is_lead=is_lead,
        )
    return Person(user=user, device=device)


CAST = {
    "practitioner": (Role.PRACTITIONER, "staffs-mash", "Alice Practitioner"),
    "manager": (Role.MANAGER, "staffs-mash", "Mo Manager"),
    "contact_officer": (Role.CONTACT_OFFICER, "staffs-contact-centre", "Cath Contact"),
    "police_researcher": (Role.AGENCY_RESEARCHER, "police-mash-desk", "Pat Police"),
    "health_researcher": (Role.AGENCY_RESEARCHER, "health-mash-desk", "Hari Health"),
    "education_researcher": (Role.AGENCY_RESEARCHER, "staffs-education-desk", "Eddie Education"),
    "police_lead": (Role.AGENCY_RESEARCHER, "police-mash-desk", "Lee Police-Lead"),
    "area_worker": (Role.RECEIVING_WORKER, "staffs-north-area", "Ari Area"),
    "analyst": (Role.ANALYST, "staffs-performance", "Ana Analyst"),
    "ig_officer": (Role.IG_OFFICER, "staffs-governance", "Ida Governance"),
    "administrator": (Role.ADMINISTRATOR, "staffs-systems", "Adam Admin"),
    "other_la_worker": (Role.PRACTITIONER, "stoke-mash", "Stella Stoke"),
}


# Leads receive escalations of their agency's overdue requests.
LEADS = {"police_lead"}


def _cast_fixture(key: str):
    role, team_code, name = CAST[key]

    @pytest.fixture
    def fixture(hub):
        return make_person(
            f"{key.replace('_', '.')}@test.frontdoor.invalid",
            role=role,
            team=hub[team_code],
            name=name,
            is_lead=key in LEADS,
        )

    return fixture


practitioner = _cast_fixture("practitioner")
manager = _cast_fixture("manager")
contact_officer = _cast_fixture("contact_officer")
police_researcher = _cast_fixture("police_researcher")
health_researcher = _cast_fixture("health_researcher")
education_researcher = _cast_fixture("education_researcher")
police_lead = _cast_fixture("police_lead")
area_worker = _cast_fixture("area_worker")
analyst = _cast_fixture("analyst")
ig_officer = _cast_fixture("ig_officer")
administrator = _cast_fixture("administrator")
other_la_worker = _cast_fixture("other_la_worker")


@pytest.fixture
def outsider(hub):
    """Signed-in staff account with no membership anywhere."""
    return make_person(
        "outsider@test.frontdoor.invalid", role=None, team=None, name="Olly Outsider"
    )


def signed_in_client(person: Person) -> Client:
    """A test client with a session that has passed password and MFA."""
    client = Client()
    client.force_login(person.user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = person.device.persistent_id
    session.save()
    return client


@pytest.fixture
def sign_in():
    return signed_in_client
