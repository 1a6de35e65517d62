"""Building the Actor for a request from the signed-in user's active membership."""

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

from frontdoor.agencies.selectors import active_memberships
from frontdoor.core.actors import Actor
from frontdoor.core.http import client_ip


def actor_for_user(user: AbstractBaseUser, *, ip_address: str | None = None) -> Actor:
    """The user acting through their first active membership (role, agency, authority)."""
    memberships = active_memberships(user)
    label = getattr(user, "email", "") or str(user.pk)
    if not memberships:
        return Actor(user=user, label=label, ip_address=ip_address)
    membership = memberships[0]
    team = membership.team
    la_code = team.local_authority.code if team and team.local_authority else ""
    return Actor(
        user=user,
        label=label,
        role=membership.role,
        agency_code=membership.agency.code,
        local_authority_code=la_code,
        ip_address=ip_address,
        membership_id=membership.pk,
    )


def actor_for_request(request: HttpRequest) -> Actor:
    if request.user.is_authenticated:
        return actor_for_user(request.user, ip_address=client_ip(request))
    return Actor.anonymous(client_ip(request))
