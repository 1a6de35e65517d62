"""Forms for information requests. They parse; the services hold the rules and the messages.

Choices left empty reach the service, whose messages ("Select the lawful basis for sharing")
are the ones the user sees. Checkboxes and radios that need a hint per option carry their
options (`Option`) for `enquiries/_choices.html`.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms

from frontdoor.contacts.forms import set_choices
from frontdoor.contacts.models import ContactSubject
from frontdoor.core.forms import GovukDateField, textarea_field

from .models import Finding, Sensitivity

DEFAULT_QUESTIONS = (
    "Please tell us what your agency knows about each person named: any current or past "
    "involvement, incidents or concerns, who is working with them now, and anything that "
    "helps us understand the risk to the child or adult."
)

SENSITIVITY_HINTS: dict[str, str] = {
    Sensitivity.SHAREABLE: ("May go to the receiving team and, where appropriate, the family"),
    Sensitivity.HUB_ONLY: "For MASH decisions only",
    Sensitivity.RESTRICTED: ("Your agency and MASH managers only, for example police intelligence"),
}


@dataclass(frozen=True)
class Option:
    id: str
    name: str
    value: str
    label: str
    checked: bool
    hint: str


def options_with_hints(field: forms.BoundField, hints: Mapping[str, str]) -> list[Option]:
    """The field's radios or checkboxes, each with its hint (for `enquiries/_choices.html`)."""
    return [
        Option(
            id=str(option.id_for_label),
            name=str(option.data["name"]),
            value=str(option.data["value"]),
            label=str(option.choice_label),
            checked=bool(option.data["selected"]),
            hint=hints.get(str(option.data["value"]), ""),
        )
        for option in field.subwidgets
    ]


def _choices(label: str, widget: type[forms.Widget], help_text: str = "") -> Any:
    field_class = (
        forms.MultipleChoiceField if widget is forms.CheckboxSelectMultiple else forms.ChoiceField
    )
    return field_class(
        label=label,
        help_text=help_text,
        required=False,
        widget=widget,
        error_messages={"invalid_choice": "Select from the options shown"},
    )


class SendForm(forms.Form):
    agencies = _choices(
        "Which agencies?",
        forms.CheckboxSelectMultiple,
        "The usual agencies for this contact are selected. Each has its own time to answer.",
    )
    subject_ids = _choices("About whom?", forms.CheckboxSelectMultiple)
    questions = textarea_field(
        "Your questions", "Every agency you select gets the same questions", rows=6
    )
    lawful_basis = _choices(
        "Lawful basis for sharing",
        forms.RadioSelect,
        "The bases named in the information-sharing agreements for this authority",
    )

    def __init__(
        self,
        *args: Any,
        agencies: Mapping[str, tuple[str, str]],
        subjects: list[ContactSubject],
        bases: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        """`agencies`: code → (name, hint saying when its answer would be due)."""
        super().__init__(*args, **kwargs)
        self.agency_hints = {code: hint for code, (_, hint) in agencies.items()}
        set_choices(self, "agencies", [(code, name) for code, (name, _) in agencies.items()])
        set_choices(
            self,
            "subject_ids",
            [(str(s.pk), f"{s.person.full_name} ({s.get_role_display()})") for s in subjects],
        )
        set_choices(self, "lawful_basis", list(bases))

    @property
    def agency_options(self) -> list[Option]:
        return options_with_hints(self["agencies"], self.agency_hints)

    def clean_subject_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["subject_ids"]]


class AnswerForm(forms.Form):
    """The answer about one person. Used with prefix `subject-<pk>`, one form per person."""

    finding = _choices("What does your agency know?", forms.RadioSelect)
    summary = textarea_field(
        "What your agency knows",
        "Leave this empty if nothing is known",
    )
    systems_checked = textarea_field(
        "Systems checked", "List the record systems you searched", rows=2
    )
    sensitivity = _choices("How far may this answer be shared?", forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "finding", list(Finding.choices))
        set_choices(self, "sensitivity", list(Sensitivity.choices))

    @property
    def sensitivity_options(self) -> list[Option]:
        return options_with_hints(self["sensitivity"], SENSITIVITY_HINTS)


class MoreTimeForm(forms.Form):
    hours = forms.IntegerField(
        label="How many more hours do you need?",
        help_text="From 1 to 72 hours",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"invalid": "Enter the number of hours as a whole number, like 4"},
    )
    reason = textarea_field("Why do you need more time?", "The MASH reads this before deciding")


class WithdrawForm(forms.Form):
    reason = textarea_field("Why are you withdrawing this request?")


class ExtensionDecisionForm(forms.Form):
    GRANT, REFUSE = "grant", "refuse"

    verdict = forms.ChoiceField(choices=[(GRANT, "Grant"), (REFUSE, "Refuse")])


class TimelinessForm(forms.Form):
    start = GovukDateField(label="From", label_noun="start date")
    end = GovukDateField(label="To", label_noun="end date")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: date | None = cleaned.get("start")
        end: date | None = cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must be the same as or after the start date")
        return cleaned
