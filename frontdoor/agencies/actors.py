"""Building the Actor for a user from their first active membership (role, agency, authority)."""

from django.contrib.auth.models import AbstractBaseUser

from frontdoor.core.actors import Actor

from .selectors import active_memberships


def actor_for_user(user: AbstractBaseUser, *, ip_address: str | None = None) -> Actor:
    """The user acting through their first active membership; no role if they have none."""
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
