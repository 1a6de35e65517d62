"""What the API remembers between requests: idempotency keys and the responses they produced."""

import uuid

from django.db import models
from django.utils import timezone

from frontdoor.agencies.models import PartnerSystem


class IdempotencyRecord(models.Model):
    """One partner system's `Idempotency-Key`: the body it came with and, once done, the answer.

    Holds no personal data: the body is kept only as a SHA-256 hash, and the response is the
    receipt (reference, id, status, dates, authority code).
    """

    class Status(models.TextChoices):
        IN_FLIGHT = "in_flight", "In flight"
        COMPLETED = "completed", "Completed"

    partner_system = models.ForeignKey(
        PartnerSystem, on_delete=models.CASCADE, related_name="idempotency_records"
    )
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64, help_text="SHA-256 of the canonical JSON body.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.IN_FLIGHT)
    # Who holds an in-flight record: only that request may complete or release it.
    claim = models.UUIDField(default=uuid.uuid4)
    claimed_at = models.DateTimeField(default=timezone.now)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partner_system", "key"], name="one_idempotency_key_per_system"
            ),
            models.CheckConstraint(
                condition=models.Q(status="in_flight") | models.Q(response_status__isnull=False),
                name="completed_idempotency_has_response",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.get_status_display()})"
