"""Meetings about contacts: strategy discussions now (daily domestic-abuse meetings and
exploitation panels later), who was invited and came, what was decided, and the actions agreed.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from frontdoor.agencies.models import Agency
from frontdoor.contacts.models import Contact

# Agency kinds that must attend a strategy discussion, or the record says why not
# (Working Together: children's social care, police and health).
REQUIRED_AGENCY_KINDS = ("children_social_care", "police", "health")


class DiscussionDecision(models.TextChoices):
    SINGLE_AGENCY_S47 = "single_agency_s47", "Section 47 enquiry by children's social care"
    JOINT_S47 = "joint_s47", "Joint section 47 enquiry with the police"
    NO_S47 = "no_s47", "No section 47 enquiry"
    OTHER = "other", "Other"


class StrategyDiscussion(models.Model):
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="strategy_discussions"
    )
    convened_at = models.DateTimeField(
        default=timezone.now, help_text="When the hub decided to hold it: its clock starts here."
    )
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(help_text="Why there is reasonable cause to suspect harm.")
    target_at = models.DateTimeField()
    held_at = models.DateTimeField(null=True, blank=True)
    information_shared = models.TextField(blank=True)
    decision = models.CharField(max_length=20, choices=DiscussionDecision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["convened_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recorded_at__isnull=True)
                | (models.Q(held_at__isnull=False) & ~models.Q(decision="")),
                name="a_recorded_discussion_has_a_time_and_decision",
            )
        ]

    def __str__(self) -> str:
        return f"Strategy discussion about {self.contact}"

    @property
    def is_recorded(self) -> bool:
        return self.recorded_at is not None


class Invitee(models.Model):
    """An agency invited to a strategy discussion, and whether it attended (or why not)."""

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="invitees"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    required = models.BooleanField(default=False)
    attended = models.BooleanField(null=True, blank=True)
    attendee_name = models.CharField(max_length=150, blank=True)
    absence_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-required", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["discussion", "agency"], name="agency_invited_once")
        ]

    def __str__(self) -> str:
        return str(self.agency)


class Action(models.Model):
    """Something a meeting agreed someone will do, by a date. Owned by an agency or a person."""

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField()
    owner_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completion_note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_agency__isnull=False) | models.Q(owner_user__isnull=False),
                name="an_action_has_an_owner",
            )
        ]

    def __str__(self) -> str:
        return self.description[:60]
