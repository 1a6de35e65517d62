"""Screening, recommendation and decision forms. They parse; the services hold the rules.

Choices left empty reach the service, whose messages ("Select a threshold level") are the ones
the user sees, so every channel says the same thing.
"""

from typing import Any

from django import forms

from frontdoor.agencies.models import ClockBasis, LocalAuthority
from frontdoor.agencies.selectors import rag_hours, threshold_label
from frontdoor.contacts.forms import set_choices
from frontdoor.core.forms import textarea_field
from frontdoor.reference.models import RagRating, ThresholdLevel

from .models import NextStep, Outcome, OwningCohort


def _radios(label: str, choices: Any = (), help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        help_text=help_text,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select one of the options"},
    )


class ScreeningForm(forms.Form):
    threshold_level = _radios("Threshold level")
    rag_rating = _radios("RAG rating", help_text="The rating starts the clock for this contact.")
    owning_cohort = _radios("Who owns this contact now?", OwningCohort.choices)
    next_step = _radios("What happens next?", NextStep.choices)
    rationale = textarea_field(
        "Your reasons", "Explain the level and rating you have chosen", rows=6
    )

    def __init__(self, *args: Any, local_authority: LocalAuthority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = ThresholdLevel.objects.values_list("level", flat=True)
        set_choices(
            self,
            "threshold_level",
            [
                (level, f"Level {level}: {threshold_label(local_authority, level)}")
                for level in levels
            ],
        )
        unit = (
            "hours"
            if local_authority.rag_clock_basis == ClockBasis.CLOCK_HOURS
            else "working hours"
        )
        set_choices(
            self,
            "rag_rating",
            [
                (rating.code, f"{rating.label}: progress within {hours} {unit}")
                for rating in RagRating.objects.all()
                for hours in [rag_hours(local_authority, rating.code)]
            ],
        )

    def clean_threshold_level(self) -> int:
        """The level as a number; 0 (none chosen) is for the service to refuse."""
        chosen = self.cleaned_data["threshold_level"]
        return int(chosen) if chosen else 0


class RecommendationForm(forms.Form):
    outcome = _radios("What outcome do you recommend?", Outcome.choices)
    transfer_to = forms.ModelChoiceField(
        label="If transferring, which local authority",
        queryset=LocalAuthority.objects.order_by("name"),
        required=False,
        empty_label="Not transferring",
        error_messages={"invalid_choice": "Select a local authority from the list"},
    )
    rationale = textarea_field("Your reasons", "A manager reads these before deciding", rows=6)


class DecisionForm(forms.Form):
    APPROVE, RETURN = "approve", "return"

    verdict = forms.ChoiceField(
        label="Your decision",
        choices=[
            (APPROVE, "Approve the recommendation"),
            (RETURN, "Return it to the practitioner"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you approve or return the recommendation",
            "invalid_choice": "Select whether you approve or return the recommendation",
        },
    )
    reason = forms.CharField(
        label="Why are you returning it?",
        help_text="The practitioner will see this",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
