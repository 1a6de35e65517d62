"""The audit trail: one append-only row for every login, failure, lockout, read and write.

Rows are written in the same transaction as the change they describe and never updated; the
information-governance work adds a hash chain and database-level protection.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


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

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.action} by {self.actor_label}"
