"""API tokens for partner systems: shown once when issued, stored only as a SHA-256 hash.

A token is `fd_` plus 32 random bytes (URL-safe base64), so a hash lookup is as safe as a
constant-time comparison: nobody can guess their way towards a 256-bit secret. The first few
characters (`token_prefix`) are kept so an administrator can tell tokens apart.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from frontdoor.audit.services import record
from frontdoor.core.actors import Actor

from .models import Agency, PartnerSystem

TOKEN_START = "fd_"  # noqa: S105  (a marker, not a secret)
PREFIX_LENGTH = 11  # "fd_" and 8 characters: enough to recognise, far too few to guess
MAX_TOKEN_LENGTH = 200  # longer Authorization values are not ours; refuse without hashing
MAX_NAME_LENGTH = PartnerSystem._meta.get_field("name").max_length or 120


class TokenAction:
    ISSUED = "api.token_issued"
    REVOKED = "api.token_revoked"


@dataclass(frozen=True)
class IssuedToken:
    system: PartnerSystem
    token: str  # shown to the administrator once, never stored


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue_api_token(*, agency: Agency, name: str, by: Actor) -> IssuedToken:
    """Register a partner system of an agency and give it a new token (returned, not stored)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter a name for the partner system"})
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            {"name": f"Enter a name of no more than {MAX_NAME_LENGTH} characters"}
        )
    duplicate = ValidationError(
        {"name": f"{agency.code} already has a partner system called {name!r}; choose another name"}
    )
    if PartnerSystem.objects.filter(agency=agency, name=name).exists():
        raise duplicate
    token = TOKEN_START + secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            system = PartnerSystem.objects.create(
                agency=agency,
                name=name,
                token_prefix=token[:PREFIX_LENGTH],
                token_hash=hash_token(token),
            )
    except IntegrityError as exc:  # the same name registered at the same moment
        raise duplicate from exc
    record(TokenAction.ISSUED, by=by, target=system, details={"agency": agency.code, "name": name})
    return IssuedToken(system=system, token=token)


@transaction.atomic
def revoke_api_token(*, system: PartnerSystem, by: Actor) -> PartnerSystem:
    """Stop a partner system's token working, from the next request on."""
    system = PartnerSystem.objects.select_for_update().get(pk=system.pk)
    if system.revoked_at is not None:
        raise ValidationError({"name": f"The token for {system.name!r} is already revoked"})
    system.revoked_at = timezone.now()
    system.save(update_fields=["revoked_at"])
    record(
        TokenAction.REVOKED,
        by=by,
        target=system,
        details={"agency": system.agency.code, "name": system.name},
    )
    return system


def partner_system_for_token(token: str) -> PartnerSystem | None:
    """The active partner system holding this token (with its agency), or None.

    One indexed query (`get`, so without the model's ordering, which would join and sort).
    Revoked tokens and systems of inactive agencies are refused.
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        return PartnerSystem.objects.select_related("agency").get(
            token_hash=hash_token(token), revoked_at__isnull=True, agency__is_active=True
        )
    except PartnerSystem.DoesNotExist:
        return None
