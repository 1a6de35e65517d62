"""Each role's home page: allowed for members, refused for the signed-out, plain for outsiders."""

import pytest
from django.test import Client

from frontdoor.audit.models import AuditEvent

ROLE_PAGES = [
    ("practitioner", "MASH practitioner", "Your screening queue"),
    ("manager", "MASH manager", "Pending approvals"),
    ("contact_officer", "Contact officer", "Record a contact"),
    ("police_researcher", "Agency researcher", "Requests to your agency"),
    ("health_researcher", "Agency researcher", "Requests to your agency"),
    ("area_worker", "Receiving worker", "Handovers to your team"),
    ("analyst", "Performance analyst", "Statutory returns"),
    ("ig_officer", "Information governance officer", "Audit trail"),
    ("administrator", "Administrator", "Agencies and teams"),
    ("other_la_worker", "MASH practitioner", "Your screening queue"),
]


@pytest.mark.parametrize(("persona", "role_label", "item"), ROLE_PAGES)
def test_each_role_sees_its_own_home_page(request, sign_in, persona, role_label, item):
    person = request.getfixturevalue(persona)
    page = sign_in(person).get("/").content.decode()
    assert role_label in page
    assert item in page
    assert person.user.full_name in page


def test_a_practitioner_does_not_see_the_administrators_items(practitioner, sign_in):
    page = sign_in(practitioner).get("/").content.decode()
    assert "Agencies and teams" not in page
    assert "API documentation" not in page


def test_the_administrator_navigation_links_the_api_documentation(administrator, sign_in):
    assert "API documentation" in sign_in(administrator).get("/").content.decode()


def test_someone_signed_out_is_sent_to_sign_in(db):
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in?next=/"


def test_an_outsider_with_no_role_is_told_to_ask_for_one(outsider, sign_in):
    page = sign_in(outsider).get("/").content.decode()
    assert "You do not have a role in the hub yet" in page
    assert "Your screening queue" not in page


def test_viewing_the_home_page_is_audited_with_the_role(manager, sign_in):
    sign_in(manager).get("/")
    [event] = AuditEvent.objects.filter(action="home.viewed")
    assert (event.actor_id, event.actor_role, event.local_authority) == (
        manager.user.pk,
        "manager",
        "860",
    )


def test_pages_carry_a_nonce_csp_and_security_headers(practitioner, sign_in):
    response = sign_in(practitioner).get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in response.content.decode()


def test_an_unknown_page_is_a_govuk_404(practitioner, sign_in):
    response = sign_in(practitioner).get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
