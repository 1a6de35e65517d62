"""Handover: after a manager approves the outcome, a package of what may be shared goes to the
team that acts (an area team, early help, an adult team, another authority's front door).

By default a package holds only shareable answers. A hub-only or restricted answer goes in
only with a reason and a manager's consent. The receiving team acknowledges the package
against its own clock, and that closes the contact.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from frontdoor.agencies.models import Team
from frontdoor.contacts.models import Contact
from frontdoor.enquiries.models import InformationResponse
from frontdoor.screening.models import Recommendation

DEFAULT_ACKNOWLEDGE_WORKING_DAYS = 1


class AcknowledgementTimescale(models.Model):
    """A receiving team's own clock for acknowledging packages (default one working day)."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="+")
    working_days = models.PositiveSmallIntegerField(default=DEFAULT_ACKNOWLEDGE_WORKING_DAYS)

    def __str__(self) -> str:
        return f"{self.team}: {self.working_days} working days"


class HandoverStatus(models.TextChoices):
    AWAITING_CONSENT = "awaiting_consent", "Waiting for a manager's consent"
    SENT = "sent", "Sent"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"


class Handover(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="handovers")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="handovers"
    )
    receiving_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="handovers")
    summary = models.TextField(help_text="The practitioner's note to the receiving team.")
    status = models.CharField(max_length=20, choices=HandoverStatus.choices)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    acknowledge_due_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["receiving_team", "status"], name="handover_inbox_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="awaiting_consent")
                | (models.Q(sent_at__isnull=False) & models.Q(acknowledge_due_at__isnull=False)),
                name="a_sent_handover_has_its_clock",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="acknowledged")
                | models.Q(acknowledged_at__isnull=False),
                name="an_acknowledged_handover_has_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Handover of {self.contact} to {self.receiving_team}"

    @property
    def reference(self) -> str:
        return f"{self.contact.reference}/H{self.pk}"


class HandoverItem(models.Model):
    """An agency's answer included in a package. Non-shareable answers need a reason and a
    manager's consent before the package can go."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="items")
    response = models.ForeignKey(InformationResponse, on_delete=models.PROTECT, related_name="+")
    inclusion_reason = models.TextField(blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["handover", "response"], name="answer_once_per_package")
        ]

    def __str__(self) -> str:
        return f"{self.response} in {self.handover}"


class ResponseKind(models.TextChoices):
    """What the receiving team did with a package: the activity the statutory returns count."""

    EARLY_HELP_ASSESSMENT = "early_help_assessment", "Early help assessment"
    CHILD_AND_FAMILY_ASSESSMENT = "child_and_family_assessment", "Child and family assessment"
    SECTION_47_ENQUIRY = "section_47_enquiry", "Section 47 enquiry"
    NO_FURTHER_ACTION = "no_further_action", "No further action after the referral"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Unknown"


class TeamResponse(models.Model):
    """What a receiving team did for one child of a package it acknowledged: an early help
    assessment, a child and family assessment, a section 47 enquiry, or no further action.

    Front Door is not the receiving team's case system; this row holds the few facts the hub's
    returns need (Annex A lists 2–5, the CIN census referral fields, Walsall's "assessments by
    receiving teams"). The team records it; dates are dates, not times.
    """

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="team_responses"
    )
    kind = models.CharField(max_length=32, choices=ResponseKind.choices)
    started_on = models.DateField(
        help_text="Assessment or enquiry start; for NFA, the day decided."
    )
    completed_on = models.DateField(
        null=True, blank=True, help_text="Assessment completion or authorisation date."
    )
    organisation = models.CharField(
        max_length=200, blank=True, help_text="Organisation completing an early help assessment."
    )
    worker_name = models.CharField("allocated worker", max_length=150, blank=True)
    child_seen = models.CharField(
        max_length=8, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    needs_support = models.CharField(
        "assessed as requiring children's social care support",
        max_length=8,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    icpc_not_required = models.BooleanField(
        "initial child protection conference deemed unnecessary", null=True, blank=True
    )
    icpc_on = models.DateField("date of initial child protection conference", null=True, blank=True)
    child_protection_plan = models.BooleanField(
        "conference resulted in a child protection plan", null=True, blank=True
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["started_on", "id"]
        indexes = [models.Index(fields=["kind", "started_on"], name="team_response_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True)
                | models.Q(completed_on__gte=models.F("started_on")),
                name="team_response_completes_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["handover", "person", "kind"], name="one_response_of_a_kind_per_child"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.handover.receiving_team}"
