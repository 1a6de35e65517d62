"""People the hub holds information about: children, unborn children, parents, other adults.

One row is one person as recorded; the person index and matching work links duplicates.
Identifiers are stored normalised (NHS number as 10 digits, UPN upper-case, postcode with
one space) so that exact matches are exact.
"""

from django.db import models
from django.db.models.functions import Upper

from frontdoor.reference.models import Ethnicity, Sex


class Person(models.Model):
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(
        null=True, blank=True, help_text="For an unborn child."
    )
    sex = models.ForeignKey(Sex, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ethnicity = models.ForeignKey(
        Ethnicity, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True, db_index=True)
    upn = models.CharField("unique pupil number", max_length=13, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [
            # Serves the case-insensitive exact match in people.services.find_exact_match.
            models.Index(
                Upper("family_name"),
                Upper("given_name"),
                "date_of_birth",
                name="person_name_dob_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_of_birth__isnull=True)
                | models.Q(expected_date_of_birth__isnull=True),
                name="person_born_or_expected_not_both",
            )
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None
