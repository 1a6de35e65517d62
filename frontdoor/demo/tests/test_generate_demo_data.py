"""The demo generator: the Staffordshire and Stoke-on-Trent hub, one persona per role."""

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from frontdoor.accounts.demo import DEMO_PASSWORD, PERSONAS
from frontdoor.accounts.models import User
from frontdoor.agencies.models import Agency, LocalAuthority, Team
from frontdoor.agencies.roles import Role
from frontdoor.audit.models import AuditEvent


@pytest.fixture
def demo(reference_data, capsys):
    call_command("generate_demo_data", seed=7)
    return capsys.readouterr().out


def test_the_demo_hub_serves_staffordshire_and_stoke(demo):
    assert set(LocalAuthority.objects.filter(in_hub=True).values_list("code", flat=True)) == {
        "860",
        "861",
    }
    kinds = set(Agency.objects.values_list("kind__code", flat=True))
    assert {
        "children_social_care",
        "police",
        "health",
        "education",
        "probation",
        "adult_social_care",
        "early_help",
        "housing",
    } <= kinds
    assert Team.objects.filter(function=Team.Function.MASH).count() == 2


def test_there_is_a_persona_for_every_role_and_the_logins_are_printed(demo):
    roles = {persona.role for persona in PERSONAS}
    assert roles == set(Role)
    for persona in PERSONAS:
        assert persona.email in demo
    assert DEMO_PASSWORD in demo
    assert User.objects.filter(email__endswith="@demo.frontdoor.invalid").count() == len(PERSONAS)


def test_running_it_again_adds_nothing(demo):
    counts = (User.objects.count(), Agency.objects.count(), Team.objects.count())
    call_command("generate_demo_data", seed=7)
    assert (User.objects.count(), Agency.objects.count(), Team.objects.count()) == counts


def test_the_same_seed_gives_the_same_names(reference_data):
    call_command("generate_demo_data", seed=11)
    first = list(User.objects.order_by("email").values_list("full_name", flat=True))
    User.objects.all().delete()
    call_command("generate_demo_data", seed=11)
    assert list(User.objects.order_by("email").values_list("full_name", flat=True)) == first


def test_the_hub_structure_is_audited_as_the_generator(demo):
    assert AuditEvent.objects.filter(
        action="hub.team_created", actor_label="system:generate_demo_data"
    ).exists()
    assert AuditEvent.objects.filter(action="demo.generated").count() == 1


@override_settings(MFA_REQUIRED=False, DEMO_MODE=True)
@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.key)
def test_every_printed_persona_can_sign_in_and_see_their_home_page(demo, persona):
    client = Client()
    response = client.post("/sign-in", {"email": persona.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert persona.role.label in page
    assert "all data is synthetic" in page
