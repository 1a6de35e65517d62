"""National code lists and calendar data, loaded from files by `load_reference_data`.

These rows are reference data, not case data: they are shared by every local authority and
edited only by loading a new list. Per-authority labels and clocks live in `agencies`.
"""

from django.db import models


class CodeListEntry(models.Model):
    code = models.CharField(max_length=10, primary_key=True)
    description = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.code} – {self.description}"


class ReferralSource(CodeListEntry):
    """CIN census referral source (1A–10); also Annex A List 1 'contact source'."""

    group = models.CharField(max_length=60)


class Ethnicity(CodeListEntry):
    """CIN census / Annex A ethnicity code (WBRI, …, NOBT)."""

    class Meta(CodeListEntry.Meta):
        verbose_name_plural = "ethnicities"


class Sex(CodeListEntry):
    """CIN census `Sex` (2024-25 onward): M, F, U."""

    class Meta(CodeListEntry.Meta):
        verbose_name_plural = "sexes"


class AssessmentFactor(CodeListEntry):
    """CIN census factors identified at assessment; also the contact's concern categories."""


class AgencyKind(models.Model):
    code = models.SlugField(max_length=40, primary_key=True)
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class ThresholdLevel(models.Model):
    """The four levels of the continuum of need, with default labels; authorities relabel them."""

    level = models.PositiveSmallIntegerField(primary_key=True)
    label = models.CharField(max_length=80)
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["level"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="threshold_level_1_to_4"
            )
        ]

    def __str__(self) -> str:
        return f"Level {self.level}: {self.label}"


class RagRating(models.Model):
    """Red, amber, green: how urgently a screened contact must be progressed, and its clock."""

    code = models.SlugField(max_length=10, primary_key=True)
    label = models.CharField(max_length=20)
    default_hours = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label


class BankHoliday(models.Model):
    """A non-working day in England and Wales; loaded from the `holidays` package."""

    class Source(models.TextChoices):
        HOLIDAYS_PACKAGE = "holidays", "holidays package"
        LOCAL = "local", "Added locally"

    date = models.DateField(primary_key=True)
    name = models.CharField(max_length=120)
    source = models.CharField(
        max_length=20, choices=Source.choices, default=Source.HOLIDAYS_PACKAGE
    )

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y}: {self.name}"
