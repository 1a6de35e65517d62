"""Writing audit events for the tests, and tampering with them as an attacker with database
access would (raw SQL; on PostgreSQL with the append-only trigger switched off)."""

from collections.abc import Sequence
from typing import Any

from django.db import connection

from frontdoor.audit.models import AuditEvent
from frontdoor.audit.services import record
from frontdoor.core.actors import Actor

SYSTEM = Actor.system("tests")


def some_events(count: int, *, by: Actor = SYSTEM) -> list[AuditEvent]:
    return [
        record("test.happened", by=by, local_authority_code="860", details={"n": n})
        for n in range(count)
    ]


def tamper(sql: str, params: Sequence[Any] = ()) -> None:
    """Run one statement on the audit table as someone bypassing Front Door would."""
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no queued checks: ALTER may run
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_append_only")
        cursor.execute(sql, params)
        if postgresql:
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_append_only")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def insert_raw(**values: Any) -> int:
    """INSERT an audit row directly, as a forger would; returns its id."""
    row = {
        "occurred_at": connection.ops.adapt_datetimefield_value(values.pop("occurred_at")),
        "action": "test.forged",
        "actor_label": "system:tests",
        "actor_role": "system",
        "actor_agency": "",
        "local_authority": "860",
        "object_type": "",
        "object_id": "",
        "details": "{}",
        **values,
    }
    columns = ", ".join(row)
    marks = ", ".join(["%s"] * len(row))
    tamper(f"INSERT INTO audit_auditevent ({columns}) VALUES ({marks})", list(row.values()))  # noqa: S608
    return AuditEvent.objects.get(sequence=row["sequence"]).pk
