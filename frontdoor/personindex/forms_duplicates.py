"""Forms of the duplicates queue: merge (a choice per field that differs), "not the same
person", and undoing a merge. They parse; the services hold the rules."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.dateformat import format as format_date

from frontdoor.core.forms import textarea_field
from frontdoor.people.identifiers import InvalidIdentifier, format_nhs_number
from frontdoor.people.models import Person

from .merging import ABSORBED, FIELD_GROUPS, KEPT

GROUP_LABELS = {
    "name": "Name",
    "date_of_birth": "Date of birth",
    "sex": "Sex",
    "ethnicity": "Ethnicity",
    "address": "Address",
    "nhs_number": "NHS number",
    "upn": "Unique pupil number",
    "pnc_id": "PNC ID",
    "la_child_id": "LA child ID",
}
# The same, inside a sentence.
GROUP_WORDS = {
    group: label if label[1].isupper() else label.lower() for group, label in GROUP_LABELS.items()
}
GROUP_WORDS["upn"] = "unique pupil number"
NOT_RECORDED = "Not recorded"
FIRST, SECOND = "first", "second"


def shown(person: Person, group: str) -> str:
    """A field group's value as the reviewer reads it."""
    if group == "name":
        text = " ".join(
            part for part in (person.given_name, person.middle_names, person.family_name) if part
        )
    elif group == "date_of_birth":
        if person.date_of_birth:
            text = format_date(person.date_of_birth, "j F Y")
        elif person.expected_date_of_birth:
            text = f"Expected {format_date(person.expected_date_of_birth, 'j F Y')}"
        else:
            text = ""
    elif group in ("sex", "ethnicity"):
        code = getattr(person, group)
        text = code.description if code is not None else ""
    elif group == "address":
        text = ", ".join(
            part for part in [*person.address.splitlines(), person.postcode] if part.strip()
        )
    elif group == "nhs_number":
        try:
            text = format_nhs_number(person.nhs_number) if person.nhs_number else ""
        except InvalidIdentifier:
            text = person.nhs_number
    else:
        text = getattr(person, group)
    return text or NOT_RECORDED


@dataclass(frozen=True)
class Comparison:
    """One field group side by side: the two values and whether the reviewer must choose."""

    group: str
    label: str
    first: str
    second: str

    @property
    def differs(self) -> bool:
        return self.first != self.second


def compare(first: Person, second: Person) -> list[Comparison]:
    return [
        Comparison(group, GROUP_LABELS[group], shown(first, group), shown(second, group))
        for group in FIELD_GROUPS
    ]


class MergeForm(forms.Form):
    """Which value to keep, for each field where the two records differ. The first (older)
    record is the one kept; the second is merged into it."""

    reason = textarea_field("Why are these the same person?", "For example, what you checked.")

    def __init__(
        self, *args: Any, first: Person, second: Person, nhs_differ: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.comparisons = compare(first, second)
        choices_fields = {}
        for row in self.comparisons:
            if not row.differs:
                continue
            take_second = row.first == NOT_RECORDED
            choices_fields[f"keep_{row.group}"] = forms.ChoiceField(
                label=f"Which {GROUP_WORDS[row.group]} is right?",
                choices=[(FIRST, row.first), (SECOND, row.second)],
                initial=SECOND if take_second else FIRST,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose which {GROUP_WORDS[row.group]} to keep",
                    "invalid_choice": f"Choose which {GROUP_WORDS[row.group]} to keep",
                },
            )
        # The choices come first on the page, the reasons after them.
        self.fields = {**choices_fields, **self.fields}
        if nhs_differ:
            self.fields["nhs_override_reason"] = textarea_field(
                "Why merge records with different NHS numbers?",
                "Records with different NHS numbers are usually different people. Say what "
                "shows they are one person, for example a replaced number.",
            )

    def choices(self) -> dict[str, str]:
        """Each group chosen, as the merge service reads it."""
        return {
            name.removeprefix("keep_"): KEPT if value == FIRST else ABSORBED
            for name, value in self.cleaned_data.items()
            if name.startswith("keep_")
        }

    def choice_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("keep_")]


class NotSameForm(forms.Form):
    prefix = "different"
    reason = textarea_field(
        "Why are they different people? (optional)", "For example, twins or siblings.", rows=3
    )


class UnmergeForm(forms.Form):
    reason = textarea_field(
        "Why are you undoing this merge?",
        "Both records, and all their links, go back to how they were before the merge.",
        rows=4,
    )
