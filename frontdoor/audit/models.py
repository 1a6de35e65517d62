"""The audit trail: one append-only row for every login, failure, lockout, read and write.

Rows are written in the same transaction as the change they describe, linked into one hash
chain (`sequence`, `previous_hash`, `hash`; see `audit.chain` and ADR 0020) and never updated
or deleted. Django refuses both here; on PostgreSQL a trigger refuses them too.
"""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone

APPEND_ONLY = "audit events are append-only: record a new event instead"


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove an audit event through Django."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Reads as usual; every bulk write other than `audit.services.record` is refused."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(APPEND_ONLY)

    def delete(self) -> NoReturn:
        raise AppendOnlyError(APPEND_ONLY)

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(APPEND_ONLY)

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("append audit events one by one with audit.services.record")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=80, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Copies of who and in which capacity, kept as they were when the event happened.
    actor_label = models.CharField(max_length=254)
    actor_role = models.CharField(max_length=40, blank=True)
    actor_agency = models.CharField(max_length=60, blank=True)
    local_authority = models.CharField(max_length=3, blank=True, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # Identifiers and codes only: never names, dates of birth or free text about a person.
    details = models.JSONField(default=dict, blank=True)
    # The chain: 1, 2, 3… in commit order; `hash` is HMAC-SHA256 over `previous_hash` and the
    # fields above (audit.chain.compute_hash), so a changed, removed or inserted row shows.
    sequence = models.PositiveBigIntegerField(unique=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            # Information governance searches by user and by authority, newest first.
            models.Index(fields=["actor", "-occurred_at"], name="audit_actor_time_idx"),
            models.Index(fields=["local_authority", "-occurred_at"], name="audit_la_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.action} by {self.actor_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(APPEND_ONLY)
