"""Local authorities (the tenants), the hub's agencies and teams, and who works where.

Every case record will belong to exactly one local authority. Agencies may serve several
authorities (one police force covers both Staffordshire and Stoke-on-Trent); teams of
children's social care belong to one.
"""

from datetime import time

from django.conf import settings
from django.db import models

from frontdoor.reference.models import AgencyKind, RagRating, ThresholdLevel

from .roles import Role


class ClockBasis(models.TextChoices):
    WORKING_HOURS = "working", "Hub working hours"
    CLOCK_HOURS = "clock", "Clock hours (around the clock)"


class LocalAuthority(models.Model):
    """An English local authority, keyed by its DfE LA number; `in_hub` marks those we serve."""

    code = models.CharField("DfE LA code", max_length=3, unique=True)
    name = models.CharField(max_length=100)
    region = models.CharField(max_length=40, blank=True)
    in_hub = models.BooleanField(
        default=False, help_text="This hub takes contacts for the authority."
    )
    # Hub configuration for the authority (used by the front door clocks).
    hub_phone = models.CharField(max_length=30, blank=True)
    hub_opens_at = models.TimeField(default=time(9, 0))
    hub_closes_at = models.TimeField(default=time(17, 0))
    decision_working_days = models.PositiveSmallIntegerField(default=1)
    rag_clock_basis = models.CharField(
        max_length=10, choices=ClockBasis.choices, default=ClockBasis.WORKING_HOURS
    )
    strategy_discussion_hours = models.PositiveSmallIntegerField(
        default=2,
        help_text="Clock hours from deciding to hold a strategy discussion to its target time.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{3}$"), name="la_code_three_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(hub_opens_at__lt=models.F("hub_closes_at")),
                name="la_hub_opens_before_it_closes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ThresholdLabel(models.Model):
    """An authority's own name for a threshold level (e.g. Newcastle's 'Integrated')."""

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="threshold_labels"
    )
    level = models.ForeignKey(ThresholdLevel, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=80)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "level"], name="one_label_per_level_per_la"
            )
        ]

    def __str__(self) -> str:
        return self.label


class RagTimescale(models.Model):
    """An authority's clock for a RAG rating, overriding the national default hours."""

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="rag_timescales"
    )
    rating = models.ForeignKey(RagRating, on_delete=models.PROTECT, related_name="+")
    hours = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "rating"], name="one_timescale_per_rating_per_la"
            ),
            models.CheckConstraint(condition=models.Q(hours__gte=1), name="rag_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.rating}: {self.hours} hours"


class Agency(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    kind = models.ForeignKey(AgencyKind, on_delete=models.PROTECT, related_name="agencies")
    local_authorities = models.ManyToManyField(
        LocalAuthority, related_name="agencies", help_text="The authorities this agency serves."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    class Function(models.TextChoices):
        MASH = "mash", "MASH team"
        CONTACT_CENTRE = "contact_centre", "Contact centre (customer services)"
        AGENCY_DESK = "agency_desk", "Agency research desk"
        RECEIVING = "receiving", "Receiving team"
        PERFORMANCE = "performance", "Performance and intelligence"
        GOVERNANCE = "governance", "Information governance"
        ADMINISTRATION = "administration", "System administration"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    local_authority = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams",
        help_text="Leave empty for a team that works for every authority the agency serves.",
    )
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    function = models.CharField(max_length=20, choices=Function.choices)

    class Meta:
        ordering = ["agency__name", "name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's place in the hub: the agency (and team) they work for, and their role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    is_lead = models.BooleanField(
        default=False,
        help_text="Leads the team for the agency: receives escalations of overdue requests.",
    )
    may_export_child_level = models.BooleanField(
        default=False,
        help_text=(
            "May export child-level statutory returns (Ofsted Annex A, CIN census extract) for "
            "the authorities the member works for. Off by default: a separate grant."
        ),
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.team or self.agency}"


class PartnerSystem(models.Model):
    """A partner agency's system that sends contacts through the API with its own token.

    Only a SHA-256 hash of the token is kept; the token itself is shown once, when issued.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="partner_systems")
    name = models.CharField(max_length=120)
    token_prefix = models.CharField(max_length=12, help_text="First characters, to recognise it.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="one_system_name_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"
