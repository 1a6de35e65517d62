"""Partner systems authenticate with `Authorization: Bearer <token>`; the token is hashed and
looked up (one indexed query). A missing, unknown or revoked token is a 401 problem."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from frontdoor.agencies.models import PartnerSystem
from frontdoor.agencies.tokens import partner_system_for_token
from frontdoor.core.actors import Actor
from frontdoor.core.http import client_ip

PARTNER_ROLE = "partner_system"


class PartnerToken(HttpBearer):
    """A partner system's API token, issued with `manage.py issue_api_token`."""

    def authenticate(self, request: HttpRequest, token: str) -> PartnerSystem | None:
        return partner_system_for_token(token)


partner_token = PartnerToken()


def calling_system(request: HttpRequest) -> PartnerSystem:
    """The partner system the request authenticated as (set by `partner_token`)."""
    system = getattr(request, "auth", None)
    assert isinstance(system, PartnerSystem), "endpoint is missing auth=partner_token"
    return system


def partner_actor(request: HttpRequest) -> Actor:
    """The calling system as an actor: no user, its agency, and the address it called from."""
    system = calling_system(request)
    return Actor(
        user=None,
        label=f"partner:{system.agency.code}/{system.name}",
        role=PARTNER_ROLE,
        agency_code=system.agency.code,
        ip_address=client_ip(request),
    )
