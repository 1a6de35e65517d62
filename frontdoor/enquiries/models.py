"""MASH enquiries: the hub asks its partner agencies what they know about a contact's people,
each agency answers per person within its own deadline, and marks how far each answer may go.

Every request names the information-sharing agreement and the lawful basis it is sent under
(standards.md §7). Answers are immutable rows; the request's status mirrors them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from frontdoor.agencies.models import Agency, LocalAuthority
from frontdoor.contacts.models import Contact, ContactSubject
from frontdoor.reference.models import RagRating


class LawfulBasis(models.TextChoices):
    """The lawful bases a hub's agreement may name for sharing (standards.md §7.1)."""

    PUBLIC_TASK = (
        "uk_gdpr_6_1_e",
        "UK GDPR Article 6(1)(e) public task (Children Act 1989 s17 and s47, "
        "Children Act 2004 s11, Care Act 2014 s42)",
    )
    LEGAL_OBLIGATION = "uk_gdpr_6_1_c", "UK GDPR Article 6(1)(c) legal obligation"
    VITAL_INTERESTS = "uk_gdpr_6_1_d", "UK GDPR Article 6(1)(d) vital interests"
    SAFEGUARDING = (
        "dpa_sch1_para18",
        "UK GDPR Article 9(2)(g) and DPA 2018 Schedule 1 paragraph 18: safeguarding of "
        "children and of individuals at risk",
    )
    HEALTH_AND_SOCIAL_CARE = (
        "dpa_sch1_para2",
        "UK GDPR Article 9(2)(h) and DPA 2018 Schedule 1 paragraph 2: health or social care",
    )
    LAW_ENFORCEMENT_SAFEGUARDING = (
        "dpa_sch8_para4",
        "DPA 2018 Part 3, Schedule 8 paragraph 4: safeguarding (law enforcement processing)",
    )
    CONSENT = "uk_gdpr_6_1_a", "UK GDPR Article 6(1)(a) consent"


class SharingAgreement(models.Model):
    """The hub's information-sharing agreement: who shares, on which lawful bases, until when."""

    name = models.CharField(max_length=200)
    local_authorities = models.ManyToManyField(LocalAuthority, related_name="+")
    agencies = models.ManyToManyField(Agency, through="AgreementParty", related_name="+")
    lawful_bases = models.JSONField(
        default=list, help_text="Codes of LawfulBasis that requests under it may name."
    )
    signed_on = models.DateField()
    review_on = models.DateField(help_text="When the partners next review the agreement.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgreementParty(models.Model):
    """An agency signed up to an agreement, and whether its researchers may read the concern."""

    agreement = models.ForeignKey(
        SharingAgreement, on_delete=models.CASCADE, related_name="parties"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    sees_concern = models.BooleanField(
        default=False,
        help_text="Requests to this agency may show the concern in the referrer's words.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "agency"], name="agency_once_per_agreement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} in {self.agreement}"


class ResponseTimescale(models.Model):
    """An agency's agreed time to answer a request of a RAG rating (e.g. health: 1 hour for red).

    Without a row the RAG rating's own hours for the contact's authority apply.
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    rag_rating = models.ForeignKey(RagRating, on_delete=models.PROTECT, related_name="+")
    hours = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "rag_rating"], name="one_response_time_per_agency_rating"
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=1), name="response_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency}, {self.rag_rating}: {self.hours} hours"


class RequestStatus(models.TextChoices):
    SENT = "sent", "Awaiting answer"
    ANSWERED = "answered", "Answered"
    WITHDRAWN = "withdrawn", "Withdrawn"


class InformationRequest(models.Model):
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="information_requests"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(SharingAgreement, on_delete=models.PROTECT, related_name="+")
    lawful_basis = models.CharField(max_length=24, choices=LawfulBasis.choices)
    questions = models.TextField()
    subjects = models.ManyToManyField(ContactSubject, related_name="+")
    shows_concern = models.BooleanField(
        default=False, help_text="The agency's researchers may read the concern narrative."
    )
    rag_rating = models.ForeignKey(RagRating, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default="sent")
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"], name="request_inbox_idx"),
            models.Index(fields=["status", "due_at"], name="request_chase_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "agency"],
                condition=models.Q(status="sent"),
                name="one_open_request_per_agency_per_contact",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="answered") | models.Q(responded_at__isnull=False),
                name="answered_request_has_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Request to {self.agency} about {self.contact}"

    @property
    def reference(self) -> str:
        return f"{self.contact.reference}/R{self.pk}"


class DeadlineExtension(models.Model):
    """An agency's request for more time, and the hub's answer to it."""

    class Verdict(models.TextChoices):
        PENDING = "pending", "Waiting for the MASH"
        GRANTED = "granted", "Granted"
        REFUSED = "refused", "Refused"

    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="extensions"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    hours = models.PositiveSmallIntegerField(help_text="How many more hours the agency asks for.")
    verdict = models.CharField(max_length=10, choices=Verdict.choices, default="pending")
    previous_due_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["asked_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gte=1, hours__lte=72), name="extension_1_to_72_hours"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hours} more hours: {self.get_verdict_display()}"


class Finding(models.TextChoices):
    FOUND = "found", "Information found"
    NOTHING_KNOWN = "nothing_known", "Nothing known"


class Sensitivity(models.TextChoices):
    """How far an answer may go. Shareable: receiving teams and, where appropriate, the family.
    Hub only: MASH decisions. Restricted: the providing agency and MASH managers only."""

    SHAREABLE = "shareable", "Shareable"
    HUB_ONLY = "hub_only", "Hub only"
    RESTRICTED = "restricted", "Restricted"


class InformationResponse(models.Model):
    """An agency's answer about one person named in a request."""

    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="responses"
    )
    subject = models.ForeignKey(ContactSubject, on_delete=models.PROTECT, related_name="+")
    finding = models.CharField(max_length=16, choices=Finding.choices)
    summary = models.TextField(blank=True, help_text="What the agency knows.")
    systems_checked = models.TextField()
    sensitivity = models.CharField(max_length=12, choices=Sensitivity.choices)
    answered_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["request_id", "subject_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "subject"], name="one_answer_per_person_per_request"
            ),
            models.CheckConstraint(
                condition=~models.Q(finding="found") | ~models.Q(summary=""),
                name="a_finding_says_what_was_found",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_finding_display()} ({self.get_sensitivity_display()})"


class ChaseThreshold(models.TextChoices):
    """The points at which the chasing job acts on a request, each at most once."""

    DUE_SOON = "due_soon", "Due soon: reminder to the agency"
    OVERDUE = "overdue", "Overdue: escalated to the agency lead and the MASH manager"
    LONG_OVERDUE = (
        "long_overdue",
        "Overdue by its whole allowance again: escalated a second time",
    )


class Chase(models.Model):
    """One reminder or escalation sent for a request. The unique pair makes the job idempotent."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="chases")
    threshold = models.CharField(max_length=16, choices=ChaseThreshold.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "threshold"], name="chase_once_per_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_threshold_display()} at {self.sent_at:%Y-%m-%d %H:%M}"
