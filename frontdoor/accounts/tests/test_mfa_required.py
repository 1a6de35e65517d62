"""While MFA is required, no member of staff reaches a page without a second factor."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.conftest import PASSWORD

STAFF = ["practitioner", "manager", "police_researcher", "ig_officer", "administrator"]
PAGES = ["/", "/work/team", "/notifications/"]


@pytest.mark.parametrize("persona", STAFF)
def test_staff_without_an_authenticator_reach_no_page_with_only_their_password(request, persona):
    person = request.getfixturevalue(persona)
    TOTPDevice.objects.filter(user=person.user).delete()
    client = Client()
    response = client.post("/sign-in", {"email": person.email, "password": PASSWORD, "code": ""})
    assert response["Location"] == "/sign-in/set-up-authenticator"
    for page in PAGES:
        reached = client.get(page)
        assert reached.status_code == 302, page
        assert reached["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("persona", STAFF)
def test_a_signed_in_session_without_a_verified_factor_is_signed_out(request, persona):
    person = request.getfixturevalue(persona)
    client = Client()
    client.force_login(person.user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in")
    assert "_auth_user_id" not in client.session
