"""Tokens: none, unknown, revoked or malformed → 401 problem+json with a Bearer challenge."""

import pytest
from django.test import Client

from frontdoor.agencies.tokens import revoke_api_token
from frontdoor.contacts.models import Contact
from frontdoor.core.actors import Actor

from .conftest import client_for, contact_body, post_contact


def assert_unauthorised(response, *, invalid_token: bool) -> None:
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401
    assert response["WWW-Authenticate"].startswith('Bearer realm="Front Door API"')
    assert ('error="invalid_token"' in response["WWW-Authenticate"]) is invalid_token


def test_a_request_without_a_token_is_refused(hub):
    assert_unauthorised(post_contact(Client(), contact_body()), invalid_token=False)
    assert_unauthorised(Client().get("/api/v1/contacts"), invalid_token=False)
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer fd_not-a-real-token",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "fd_token",
        "Bearer " + "x" * 5000,
    ],
)
def test_an_invalid_token_is_refused(police_system, authorization):
    client = Client(headers={"Authorization": authorization})
    assert_unauthorised(post_contact(client, contact_body()), invalid_token=True)
    assert not Contact.objects.exists()


def test_a_revoked_token_is_refused(police_system):
    revoke_api_token(system=police_system.system, by=Actor.system("tests"))
    assert_unauthorised(
        post_contact(client_for(police_system.token), contact_body()), invalid_token=True
    )
    assert not Contact.objects.exists()


def test_a_token_of_an_inactive_agency_is_refused(police_system):
    agency = police_system.system.agency
    agency.is_active = False
    agency.save()
    assert_unauthorised(client_for(police_system.token).get("/api/v1/contacts"), invalid_token=True)


def test_a_valid_token_is_accepted(police):
    assert police.get("/api/v1/contacts").status_code == 200
