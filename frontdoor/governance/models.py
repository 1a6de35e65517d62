"""Information governance records: legal holds and what retention purged (metadata only)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from frontdoor.agencies.models import LocalAuthority
from frontdoor.contacts.models import Contact
from frontdoor.people.models import Person


class LegalHold(models.Model):
    """Keep a contact, or every contact naming a person, whatever its retention period says:
    litigation, an inquiry, a complaint or an audit needs it. Active until lifted; a lifted
    hold stays as history until retention deletes what it held. `local_authority` is the
    authority whose information governance placed it, and the only one that sees it."""

    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="legal_holds"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="legal_holds"
    )
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contact__isnull=False, person__isnull=True)
                | models.Q(contact__isnull=True, person__isnull=False),
                name="legal_hold_on_a_contact_or_a_person",
            ),
            models.CheckConstraint(
                condition=models.Q(lifted_at__isnull=True, lifted_by__isnull=True)
                | models.Q(lifted_at__isnull=False, lifted_by__isnull=False),
                name="legal_hold_lifted_by_someone",
            ),
            models.UniqueConstraint(
                fields=["contact"],
                condition=models.Q(lifted_at__isnull=True, contact__isnull=False),
                name="one_active_hold_per_contact",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(lifted_at__isnull=True, person__isnull=False),
                name="one_active_hold_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Legal hold {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class PurgedRecordType(models.TextChoices):
    CONTACT = "contact", "Contact"
    PERSON = "person", "Person"


class PurgedRecord(models.Model):
    """One record retention deleted: what it was, under which rule, when and by what.

    Identifiers, codes and dates only. Nothing here names or describes a person, so the row
    may outlive the record it stands for."""

    record_type = models.CharField(max_length=16, choices=PurgedRecordType.choices)
    record_id = models.BigIntegerField()
    reference = models.CharField(max_length=40, blank=True)
    local_authority_code = models.CharField(max_length=3, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    rule = models.CharField(max_length=40)
    retention_years = models.PositiveSmallIntegerField(null=True, blank=True)
    purged_at = models.DateTimeField(default=timezone.now)
    purged_by_label = models.CharField(max_length=254)

    class Meta:
        ordering = ["-purged_at", "-id"]
        indexes = [
            models.Index(fields=["local_authority_code", "purged_at"], name="purged_la_idx"),
            models.Index(fields=["record_type", "record_id"], name="purged_record_idx"),
        ]

    def __str__(self) -> str:
        return f"Purged {self.record_type} {self.record_id}"
