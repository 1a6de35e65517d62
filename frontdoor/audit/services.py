"""Writing the audit trail. Call `record` inside the transaction of the change it describes.

Each event is appended to the hash chain (`audit.chain.append`, ADR 0020). On PostgreSQL that
holds a lock until the surrounding transaction ends, so keep audited transactions short.
"""

from collections.abc import Mapping
from typing import Any

from django.db import models

from frontdoor.core.actors import Actor

from .chain import append
from .models import AuditEvent


class Action:
    """Audit action names. One dotted name per kind of event: `<area>.<what happened>`."""

    LOGIN = "auth.login"
    LOGIN_FAILED = "auth.login_failed"
    LOCKED_OUT = "auth.locked_out"
    LOGOUT = "auth.logout"
    MFA_ENROLLED = "auth.mfa_enrolled"
    HOME_VIEWED = "home.viewed"
    REFERENCE_LOADED = "reference.loaded"
    DEMO_DATA_GENERATED = "demo.generated"


def record(
    action: str,
    *,
    by: Actor,
    target: models.Model | None = None,
    local_authority_code: str = "",
    details: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `details` must hold identifiers and codes, never personal data."""
    event = AuditEvent(
        action=action,
        actor_id=by.user.pk if by.user is not None else None,
        actor_label=by.label,
        actor_role=by.role,
        actor_agency=by.agency_code,
        local_authority=local_authority_code or by.local_authority_code,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        ip_address=by.ip_address,
        details=dict(details or {}),
    )
    return append(event)
