"""People the hub holds information about: children, unborn children, parents, other adults.

One row is one person as recorded. Matching (`people.matching`) finds rows that may be the
same person; a practitioner links them at intake, and an authorised user merges duplicates
from the review queue. A merge keeps both rows (the absorbed one points at the kept one with
`merged_into`) and a snapshot, so that it can be undone exactly.

Identifiers are stored normalised (NHS number as 10 digits, UPN upper-case, PNC ID in its
full `YYYY/NNNNNNNA` form, postcode with one space) so that exact matches are exact.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone

from frontdoor.reference.models import Ethnicity, Sex


class Disability(models.TextChoices):
    """Annex A's "Does the child have a disability?" (the CIN census codes are not held)."""

    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Unknown"


class PersonQuerySet(models.QuerySet["Person"]):
    def current(self) -> "PersonQuerySet":
        """Records not merged into another: the ones to search, list and link to."""
        return self.filter(merged_into__isnull=True)


class Person(models.Model):
    given_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(
        null=True, blank=True, help_text="For an unborn child."
    )
    sex = models.ForeignKey(Sex, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ethnicity = models.ForeignKey(
        Ethnicity, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disability = models.CharField(
        max_length=8, choices=Disability.choices, default=Disability.UNKNOWN
    )
    # The current address; earlier ones are PersonAddress rows.
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True, db_index=True)
    upn = models.CharField("unique pupil number", max_length=13, blank=True, db_index=True)
    pnc_id = models.CharField("PNC ID", max_length=13, blank=True, db_index=True)
    la_child_id = models.CharField("LA child ID", max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="absorbed_records",
        help_text="Set when this record was merged into another; cleared by an unmerge.",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [
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


class NameKind(models.TextChoices):
    ALIAS = "alias", "Also known as"
    PREVIOUS = "previous", "Previous name"


class PersonName(models.Model):
    """A name the person is also known by, or was known by before."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    kind = models.CharField(max_length=16, choices=NameKind.choices)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class PersonAddress(models.Model):
    """An address the person has lived at, with the dates the hub knows of."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    lived_from = models.DateField(null=True, blank=True)
    lived_to = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-lived_from", "-id"]

    def __str__(self) -> str:
        return f"{self.address} {self.postcode}".strip()


class RelationshipKind(models.TextChoices):
    PARENT_CARER = "parent_carer", "Parent or carer"
    SIBLING = "sibling", "Sibling"
    PARTNER = "partner", "Partner"
    HOUSEHOLD_MEMBER = "household_member", "Household member"


class Relationship(models.Model):
    """One person's relationship to another. For a parent or carer, `person` is the adult and
    `relative` the child; the other kinds are symmetric and stored once, lower id first."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=RelationshipKind.choices)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "relative", "kind"], name="relationship_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("relative")), name="relationship_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_kind_display()} – {self.relative}"


class Household(models.Model):
    """People known to live at one address. `address_key` is the normalised postcode and
    first address line, so records of the same address find the same household."""

    address_key = models.CharField(max_length=120, unique=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.address} {self.postcode}".strip()


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="households")
    first_seen = models.DateField(null=True, blank=True)
    last_seen = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["household", "person"], name="household_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.household}"


class PersonSearchKey(models.Model):
    """A blocking key (`people.matching.keys`): candidates for a new subject are the persons
    sharing one of its keys, found through this indexed table."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="search_keys")
    key = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="search_key_once")]

    def __str__(self) -> str:
        return self.key


class ProposalStatus(models.TextChoices):
    OPEN = "open", "To review"
    MERGED = "merged", "Merged"
    NOT_SAME = "not_same", "Not the same person"


class DuplicateProposal(models.Model):
    """Two records the batch job thinks may be one person, waiting for a person to decide.
    `first` has the lower id."""

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    match_weight = models.FloatField()
    probability = models.FloatField()
    explanation = models.JSONField(default=list)
    status = models.CharField(
        max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="proposal_once_per_pair"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="proposal_lower_id_first"
            ),
        ]

    def __str__(self) -> str:
        return f"Possible duplicate {self.first_id} / {self.second_id}"


class PersonMerge(models.Model):
    """One merge: `absorbed` was folded into `kept`. `snapshot` holds what the merge changed
    (the kept record's fields before, and every row moved from one to the other) so that
    an unmerge restores exactly what was there."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    absorbed = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_absorbed")
    merged_at = models.DateTimeField(default=timezone.now)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    nhs_override_reason = models.TextField(
        blank=True, help_text="Why two records with different valid NHS numbers were merged."
    )
    snapshot = models.JSONField(default=dict)
    unmerged_at = models.DateTimeField(null=True, blank=True)
    unmerged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unmerge_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"Merge of {self.absorbed_id} into {self.kept_id}"
