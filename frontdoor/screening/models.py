"""Screening: the practitioner's threshold and RAG decision, the recommended outcome, and the
manager's approval or return. Every row is immutable; a change is a new row."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from frontdoor.agencies.models import LocalAuthority
from frontdoor.contacts.models import Contact
from frontdoor.reference.models import RagRating, ThresholdLevel


class OwningCohort(models.TextChoices):
    """Who owns the contact after screening (Staffordshire's cohorts)."""

    CHILDRENS_SERVICES = "childrens_services", "Children's services"
    ADULT_SERVICES = "adult_services", "Adult services"
    POLICE = "police", "Police (domestic abuse with no child or adult at risk)"


class NextStep(models.TextChoices):
    INFORMATION_GATHERING = "information_gathering", "Gather information from partner agencies"
    RECOMMEND = "recommend", "Recommend an outcome now"


class ScreeningDecision(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="screenings")
    threshold_level = models.ForeignKey(ThresholdLevel, on_delete=models.PROTECT, related_name="+")
    rag_rating = models.ForeignKey(RagRating, on_delete=models.PROTECT, related_name="+")
    owning_cohort = models.CharField(max_length=24, choices=OwningCohort.choices)
    next_step = models.CharField(max_length=24, choices=NextStep.choices)
    rationale = models.TextField()
    rag_due_at = models.DateTimeField()
    screened_at = models.DateTimeField(default=timezone.now)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["screened_at", "id"]
        get_latest_by = ["screened_at", "id"]

    def __str__(self) -> str:
        return f"Level {self.threshold_level_id}, {self.rag_rating_id}"


class Outcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    INFORMATION_AND_ADVICE = "information_and_advice", "Information and advice"
    SIGNPOST = "signpost", "Signpost to another service"
    EARLY_HELP = "early_help", "Early help"
    CHILD_AND_FAMILY_ASSESSMENT = "s17_assessment", "Child and family assessment (section 17)"
    STRATEGY_DISCUSSION = "s47_strategy", "Strategy discussion / section 47 enquiry"
    ADULT_SAFEGUARDING = "s42_enquiry", "Adult safeguarding enquiry (section 42)"
    POLICE_ONLY = "police_only", "Police only"
    TRANSFER = "transfer", "Transfer to another local authority"


class Recommendation(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="recommendations")
    outcome = models.CharField(max_length=24, choices=Outcome.choices)
    rationale = models.TextField()
    transfer_to = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recommended_at = models.DateTimeField(default=timezone.now)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["recommended_at", "id"]
        get_latest_by = ["recommended_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="transfer", transfer_to__isnull=False)
                | (~models.Q(outcome="transfer") & models.Q(transfer_to__isnull=True)),
                name="transfer_names_the_authority",
            )
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()


class ManagerDecision(models.Model):
    """A manager's answer to one recommendation: approved (final) or returned with a reason."""

    class Verdict(models.TextChoices):
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned"

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.CASCADE, related_name="manager_decision"
    )
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(verdict="returned") | ~models.Q(reason=""),
                name="a_return_gives_a_reason",
            )
        ]

    def __str__(self) -> str:
        return self.get_verdict_display()
