"""Finding the person a subject access request is about: the details the requester gave.

A search needs a family name and something that narrows it to one person: a date of birth or
an NHS number (the person index is only ever searched by keys built from those). The given
name and the postcode are optional and sharpen the score.
"""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from frontdoor.core.forms import GovukDateField
from frontdoor.people.identifiers import (
    NHS_NUMBER_EXAMPLE,
    POSTCODE_EXAMPLE,
    InvalidIdentifier,
    normalise_nhs_number,
    normalise_postcode,
)
from frontdoor.people.lookup import new_record
from frontdoor.people.matching.records import PersonRecord

EARLIEST_BIRTH_YEAR = 1900
NAME_LENGTH = 100


def _text(label: str, help_text: str = "", *, css: str = "", **attrs: str) -> forms.CharField:
    widget_attrs = {"class": css, **attrs} if css else attrs
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=NAME_LENGTH,
        widget=forms.TextInput(attrs=widget_attrs),
    )


class SubjectAccessSearchForm(forms.Form):
    given_name = _text("First name (optional)", autocomplete="off", spellcheck="false")
    family_name = _text("Last name", autocomplete="off", spellcheck="false")
    date_of_birth = GovukDateField(
        label="Date of birth",
        help_text="For example, 27 3 2017. You can leave it empty if you enter an NHS number.",
        label_noun="date of birth",
        required=False,
    )
    postcode = _text(
        "Postcode (optional)",
        f"For example, {POSTCODE_EXAMPLE}",
        css="govuk-input--width-10",
        autocomplete="off",
    )
    nhs_number = _text(
        "NHS number (optional)",
        f"10 digits, like {NHS_NUMBER_EXAMPLE}",
        css="govuk-input--width-10",
        inputmode="numeric",
        spellcheck="false",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        too_long = f"Enter no more than {NAME_LENGTH} characters"
        for field in self.fields.values():
            field.error_messages["max_length"] = too_long

    def clean_date_of_birth(self) -> date | None:
        born: date | None = self.cleaned_data.get("date_of_birth")
        if born is None:
            return None
        if born > timezone.localdate():
            raise forms.ValidationError("The date of birth must be today or in the past")
        if born.year < EARLIEST_BIRTH_YEAR:
            raise forms.ValidationError(f"The date of birth must be after {EARLIEST_BIRTH_YEAR}")
        return born

    def clean_postcode(self) -> str:
        raw: str = self.cleaned_data.get("postcode") or ""
        if not raw.strip():
            return ""
        try:
            return normalise_postcode(raw)
        except InvalidIdentifier as error:
            raise forms.ValidationError(str(error)) from error

    def clean_nhs_number(self) -> str:
        raw: str = self.cleaned_data.get("nhs_number") or ""
        if not raw.strip():
            return ""
        try:
            return normalise_nhs_number(raw)
        except InvalidIdentifier as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("family_name") or "").strip() and "family_name" not in self.errors:
            self.add_error("family_name", "Enter the person's last name")
        has_date = cleaned.get("date_of_birth") is not None or "date_of_birth" in self.errors
        has_number = bool(cleaned.get("nhs_number")) or "nhs_number" in self.errors
        if not has_date and not has_number:
            self.add_error("date_of_birth", "Enter the date of birth, or an NHS number")
        return cleaned

    def match_record(self) -> PersonRecord:
        """The person as the requester described them. Call only after `is_valid()`."""
        data = self.cleaned_data
        return new_record(
            given_name=data.get("given_name") or "",
            family_name=data.get("family_name") or "",
            date_of_birth=data.get("date_of_birth"),
            postcode=data.get("postcode") or "",
            nhs_number=data.get("nhs_number") or "",
        )
