"""Contacts: every safeguarding concern the front door receives, from any channel.

A contact belongs to exactly one local authority. Its status history is a list of rows
(`ContactStatusChange`); `Contact.status` mirrors the latest row and is written only by the
services, in the same transaction.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from frontdoor.agencies.models import LocalAuthority, PartnerSystem, Team
from frontdoor.people.models import Person
from frontdoor.reference.models import AssessmentFactor, ReferralSource

REFERENCE_PREFIX = "FD"


class Channel(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    FAX = "fax", "Fax"
    ONLINE_FORM = "online_form", "Online form"
    POLICE_NOTIFICATION = "police_notification", "Police notification"
    PARTNER_API = "partner_api", "Partner system (API)"
    IN_PERSON = "in_person", "In person"


class Cohort(models.TextChoices):
    CHILD = "child", "Child"
    ADULT_AT_RISK = "adult_at_risk", "Adult at risk"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"


class ReferrerKind(models.TextChoices):
    PROFESSIONAL = "professional", "Professional"
    PUBLIC = "public", "Member of the public"


class Consent(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    NOT_SOUGHT = "not_sought", "Not sought"


class FamilyAware(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class Urgency(models.TextChoices):
    IMMEDIATE = "immediate", "Needs action today"
    SOON = "soon", "Needs action within a few days"
    ROUTINE = "routine", "No immediate action needed"


class ContactStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    SCREENING = "screening", "In screening"
    INFORMATION_GATHERING = "information_gathering", "Information gathering"
    AWAITING_DECISION = "awaiting_decision", "Awaiting manager decision"
    DECIDED = "decided", "Decided"
    HANDED_OVER = "handed_over", "Handed over"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = [
    ContactStatus.RECEIVED,
    ContactStatus.SCREENING,
    ContactStatus.INFORMATION_GATHERING,
    ContactStatus.AWAITING_DECISION,
]


class SubjectRole(models.TextChoices):
    SUBJECT_CHILD = "subject_child", "Subject child"
    SIBLING = "sibling", "Sibling"
    PARENT_CARER = "parent_carer", "Parent or carer"
    ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"
    OTHER_ADULT = "other_adult", "Other adult"
    ADULT_AT_RISK = "adult_at_risk", "Adult at risk"


# Roles whose subjects must have a date of birth or an expected date of birth.
ROLES_NEEDING_A_DATE = {SubjectRole.SUBJECT_CHILD, SubjectRole.SIBLING, SubjectRole.ADULT_AT_RISK}


class Contact(models.Model):
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="contacts"
    )
    received_at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=24, choices=Channel.choices)
    referral_source = models.ForeignKey(
        ReferralSource, on_delete=models.PROTECT, related_name="contacts"
    )
    referrer_kind = models.CharField(max_length=16, choices=ReferrerKind.choices)
    referrer_anonymous = models.BooleanField(default=False)
    referrer_name = models.CharField(max_length=150, blank=True)
    referrer_role = models.CharField(max_length=150, blank=True)
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    referrer_email = models.EmailField(blank=True)
    cohort = models.CharField(max_length=20, choices=Cohort.choices)
    concern = models.TextField(help_text="The concern in the referrer's words.")
    categories = models.ManyToManyField(AssessmentFactor, blank=True, related_name="+")
    action_taken = models.TextField(blank=True)
    family_aware = models.CharField(max_length=12, choices=FamilyAware.choices)
    consent = models.CharField(max_length=12, choices=Consent.choices)
    consent_reason = models.TextField(blank=True)
    referrer_urgency = models.CharField(max_length=12, choices=Urgency.choices)
    status = models.CharField(
        max_length=24, choices=ContactStatus.choices, default=ContactStatus.RECEIVED
    )
    decision_due_at = models.DateTimeField()
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocated_contacts",
    )
    partner_system = models.ForeignKey(
        PartnerSystem, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(
                fields=["local_authority", "status", "decision_due_at"], name="contact_queue_idx"
            ),
            models.Index(fields=["allocated_to", "status"], name="contact_allocated_idx"),
            # Reports and returns select an authority's contacts by the period received.
            models.Index(fields=["local_authority", "received_at"], name="contact_received_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(consent="not_sought") | ~models.Q(consent_reason=""),
                name="contact_not_sought_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """Readable reference, e.g. FD-2026-000123: the year received and the record number."""
        year = timezone.localtime(self.received_at).year
        return f"{REFERENCE_PREFIX}-{year}-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ContactSubject(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="contact_roles")
    role = models.CharField(max_length=24, choices=SubjectRole.choices)
    # True once a person chose the record this subject is linked to: at intake on the staff
    # pages, or later on the contact page for contacts from the online form and the API.
    identity_checked = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "person"], name="person_once_per_contact")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class ContactStatusChange(models.Model):
    """One step in a contact's history: who moved it, when, from what, to what, and why."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=24, choices=ContactStatus.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=ContactStatus.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_by_label = models.CharField(max_length=254)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"


class BreakGlassOutcome(models.TextChoices):
    JUSTIFIED = "justified", "Justified"
    NOT_JUSTIFIED = "not_justified", "Not justified"


class BreakGlassAccess(models.Model):
    """A MASH member opened a contact they had no other reason to see, stating why.

    The grant lets `user` see the contact until `expires_at`; every read under it is audited
    with the grant's id. Role, agency and authority are copies as they were when it was
    granted. Information governance records its review on the row, once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_grants"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="break_glass_grants"
    )
    reason = models.TextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    role = models.CharField(max_length=40)
    agency_code = models.CharField(max_length=60, blank=True)
    local_authority_code = models.CharField(max_length=3, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_outcome = models.CharField(max_length=16, choices=BreakGlassOutcome.choices, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = "break-glass access"
        verbose_name_plural = "break-glass accesses"
        indexes = [
            models.Index(fields=["user", "expires_at"], name="breakglass_user_idx"),
            models.Index(fields=["reviewed_at", "granted_at"], name="breakglass_review_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("granted_at")),
                name="breakglass_expires_after_granted",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(reviewed_at__isnull=True, review_outcome="")
                    | (models.Q(reviewed_at__isnull=False) & ~models.Q(review_outcome=""))
                ),
                name="breakglass_review_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Break-glass {self.pk} on contact {self.contact_id}"

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None
