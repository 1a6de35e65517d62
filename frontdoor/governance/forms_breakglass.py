"""Forms for break-glass: opening a contact with a reason, and information governance's review."""

from django import forms

from frontdoor.contacts.breakglass import MIN_REASON_LENGTH, parse_reference, reason_problem
from frontdoor.contacts.models import BreakGlassOutcome
from frontdoor.core.forms import textarea_field

REFERENCE_FORMAT = "Enter the contact reference, like FD-2026-000123"


class BreakGlassForm(forms.Form):
    reference = forms.CharField(
        label="Contact reference",
        help_text="For example, FD-2026-000123, or just the number",
        max_length=40,
        error_messages={"required": "Enter the contact reference", "max_length": REFERENCE_FORMAT},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    reason = textarea_field(
        "Why do you need to open this contact?",
        f"Information governance will read this. Say what you are doing and why you need this "
        f"record, in at least {MIN_REASON_LENGTH} characters",
    )

    def clean_reference(self) -> str:
        reference: str = self.cleaned_data["reference"]
        if parse_reference(reference) is None:
            raise forms.ValidationError(REFERENCE_FORMAT)
        return reference

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"]
        problem = reason_problem(reason)
        if problem is not None:
            raise forms.ValidationError(problem)
        return reason


class BreakGlassReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Was this access justified?",
        choices=BreakGlassOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the access was justified",
            "invalid_choice": "Select whether the access was justified",
        },
    )
    note = textarea_field(
        "Note",
        "Needed if the access was not justified: what was wrong and what happens next",
    )
