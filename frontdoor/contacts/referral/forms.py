"""The online referral form's questions, one form a page, with GOV.UK error messages.

The forms check what a referrer can fix on the page they are on (a postcode, a date, a missing
answer). `contacts.services.receive_contact` checks everything again when the referral is sent.
"""

import re
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from frontdoor.contacts.models import Cohort, Consent, ReferrerKind, Urgency
from frontdoor.contacts.services import MAX_TEXT
from frontdoor.core.forms import GovukDateField
from frontdoor.people.identifiers import (
    InvalidIdentifier,
    normalise_nhs_number,
    normalise_postcode,
)

from .choices import (
    COHORTS,
    CONSENT,
    DISABILITY,
    FAMILY_AWARE,
    HOUSEHOLD_ROLES,
    MAX_HOUSEHOLD,
    ORGANISATION_TYPES,
    RELATIONSHIPS,
    UNKNOWN_AREA,
)

_PHONE = re.compile(r"^\+?[0-9 ()\-]+$")
PHONE_FORMAT = "Enter a phone number, like 01632 960 001 or 07700 900 982"
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


class TelInput(forms.TextInput):
    input_type = "tel"


def _radios(label: str, choices: dict[str, str], required: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=list(choices.items()),
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": required},
        **kwargs,
    )


def _text(label: str, *, required: str = "", max_length: int, **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(required),
        max_length=max_length,
        widget=forms.TextInput(attrs=attrs),
        error_messages={
            "required": required,
            "max_length": f"{label.removesuffix(' (optional)')} must be "
            f"{max_length:,} characters or fewer",
        },
    )


def _long_text(label: str, *, required: str = "", max_length: int = MAX_TEXT) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(required),
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": required,
            "max_length": f"Your answer must be {max_length:,} characters or fewer",
        },
    )


def check_phone(value: str) -> None:
    """A phone number of 10 to 15 digits, with spaces, brackets, dashes or a leading +."""
    digits = sum(c.isdigit() for c in value)
    if not (_PHONE.match(value) and 10 <= digits <= 15):
        raise forms.ValidationError(PHONE_FORMAT)


def _phone(label: str, *, required: str = "", help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(required),
        max_length=40,
        help_text=help_text,
        widget=TelInput(attrs={"autocomplete": "tel", "class": "govuk-input--width-20"}),
        error_messages={"required": required, "max_length": PHONE_FORMAT},
        validators=[check_phone],
    )


def _email(label: str, *, required: str = "", help_text: str = "") -> forms.EmailField:
    return forms.EmailField(
        label=label,
        required=bool(required),
        max_length=254,
        help_text=help_text,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": required, "invalid": EMAIL_FORMAT, "max_length": EMAIL_FORMAT},
    )


class AreaForm(forms.Form):
    local_authority = _radios(
        "Where does the child or adult live?",
        {},
        "Select where the child or adult lives, or select 'I do not know'",
        help_text="Select the council area they live in.",
    )

    def __init__(self, *args: Any, authorities: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["local_authority"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [*authorities, (UNKNOWN_AREA, "I do not know")]


class ReferrerKindForm(forms.Form):
    kind = _radios(
        "Are you a professional or a member of the public?",
        {
            ReferrerKind.PROFESSIONAL.value: "A professional, for example a teacher, health "
            "worker or police officer",
            ReferrerKind.PUBLIC.value: "A member of the public, for example a relative, "
            "neighbour or friend",
        },
        "Select whether you are a professional or a member of the public",
    )


class ProfessionalForm(forms.Form):
    name = _text("Your full name", required="Enter your full name", max_length=150)
    role = _text(
        "Your job title",
        required="Enter your job title",
        max_length=150,
        autocomplete="organization-title",
    )
    organisation = _text(
        "Your organisation",
        required="Enter the name of your organisation",
        max_length=200,
        autocomplete="organization",
    )
    organisation_type = _radios(
        "What type of organisation do you work for?",
        {key: label for key, (label, _code) in ORGANISATION_TYPES.items()},
        "Select the type of organisation you work for",
    )
    phone = _phone("Your work phone number", required="Enter your work phone number")
    email = _email(
        "Your work email address",
        required="Enter your work email address",
        help_text="We will send a confirmation of your referral to this address.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"


class PublicForm(forms.Form):
    relationship = _radios(
        "How do you know the child or adult?",
        {key: label for key, (label, _code) in RELATIONSHIPS.items()},
        "Select how you know the child or adult",
    )
    name = _text("Your full name", max_length=150, autocomplete="name")
    phone = _phone(
        "Your phone number",
        help_text="Give a phone number, an email address or both, so we can contact you.",
    )
    email = _email(
        "Your email address",
        help_text="We will send a confirmation of your referral to this address.",
    )
    anonymous = forms.BooleanField(
        label="I want to stay anonymous",
        required=False,
        help_text="We will not record your name or contact details, so we will not be able to "
        "contact you or send you a confirmation.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("anonymous"):
            data.update(name="", phone="", email="")
            return data
        if not data.get("name", "").strip() and "name" not in self.errors:
            self.add_error("name", "Enter your name, or select 'I want to stay anonymous'")
        if not (data.get("phone") or data.get("email")) and not (
            "phone" in self.errors or "email" in self.errors
        ):
            self.add_error(
                "phone",
                "Enter a phone number or email address, or select 'I want to stay anonymous'",
            )
        return data


class CohortForm(forms.Form):
    cohort = _radios("Who are you worried about?", COHORTS, "Select who you are worried about")


def _check_identifier(value: str, normalise: Any) -> str:
    if not value.strip():
        return ""
    try:
        result: str = normalise(value)
    except InvalidIdentifier as problem:
        raise forms.ValidationError(str(problem)) from problem
    return result


def _check_date_of_birth(form: forms.Form, born: date | None) -> None:
    if born and born > timezone.localdate():
        form.add_error("date_of_birth", "The date of birth must be today or in the past")
    elif born and born.year < 1900:
        form.add_error("date_of_birth", "The date of birth must be after 1900")


class PersonForm(forms.Form):
    """The child or adult the concern is about."""

    given_name = _text("First name", max_length=100, autocomplete="off")
    family_name = _text("Last name", max_length=100, autocomplete="off")
    date_of_birth = GovukDateField(
        label="Date of birth",
        label_noun="date of birth",
        required=False,
        help_text="For example, 27 3 2015",
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth",
        label_noun="expected date of birth",
        required=False,
        help_text="Only if the baby is not born yet. For example, 14 9 2026",
    )
    address = forms.CharField(
        label="Address (optional)",
        required=False,
        max_length=500,
        help_text="Tell us as much of the address as you know.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The address must be 500 characters or fewer"},
    )
    postcode = _text(
        "Postcode (optional)",
        max_length=16,
        autocomplete="off",
        **{"class": "govuk-input--width-10"},
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        required=False,
        max_length=20,
        help_text="For example, 943 476 5919",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "govuk-input--width-10"}
        ),
        error_messages={"max_length": "Enter a 10-digit NHS number, like 943 476 5919"},
    )
    disability = forms.ChoiceField(
        label="Does the child have a disability? (optional)",
        choices=list(DISABILITY.items()),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select yes, no or I do not know"},
    )

    def __init__(self, *args: Any, cohort: str, professional: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_child = cohort == Cohort.CHILD
        self.noun = "child" if self.is_child else "adult"
        self.fields["given_name"].error_messages["required"] = f"Enter the {self.noun}'s first name"
        self.fields["family_name"].error_messages["required"] = f"Enter the {self.noun}'s last name"
        self.fields["given_name"].required = self.fields["family_name"].required = True
        if not self.is_child:
            del self.fields["expected_date_of_birth"]
            del self.fields["disability"]
        if not professional:
            del self.fields["nhs_number"]

    def clean_postcode(self) -> str:
        return _check_identifier(self.cleaned_data["postcode"], normalise_postcode)

    def clean_nhs_number(self) -> str:
        return _check_identifier(self.cleaned_data["nhs_number"], normalise_nhs_number)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "date_of_birth" in self.errors or "expected_date_of_birth" in self.errors:
            return data
        born, expected = data.get("date_of_birth"), data.get("expected_date_of_birth")
        if born and expected:
            self.add_error(
                "expected_date_of_birth", "Enter a date of birth or an expected date, not both"
            )
        elif not (born or expected):
            self.add_error(
                "date_of_birth",
                "Enter the child's date of birth, or the expected date if the baby is not born yet"
                if self.is_child
                else "Enter the adult's date of birth",
            )
        _check_date_of_birth(self, born)
        today = timezone.localdate()
        if expected and expected < today.replace(year=today.year - 1):
            self.add_error(
                "expected_date_of_birth",
                "The expected date of birth must be recent or in the future",
            )
        return data


class HouseholdForm(forms.Form):
    add_another = _radios(
        "Do you want to tell us about other people in the household?",
        {"yes": "Yes", "no": "No"},
        "Select yes if you want to tell us about someone else",
    )

    def __init__(self, *args: Any, members: int, noun: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        field = self.fields["add_another"]
        if members:
            field.label = "Do you want to add another person?"
        field.help_text = (
            f"For example, brothers or sisters, parents or carers, or someone who may be "
            f"harming the {noun}."
        )

    def clean_add_another(self) -> str:
        answer: str = self.cleaned_data["add_another"]
        if answer == "yes" and self.members >= MAX_HOUSEHOLD:
            raise forms.ValidationError(
                f"You cannot add more than {MAX_HOUSEHOLD} people. Tell us about anyone else "
                "when you describe the concern"
            )
        return answer


class HouseholdMemberForm(forms.Form):
    given_name = _text(
        "First name", required="Enter their first name", max_length=100, autocomplete="off"
    )
    family_name = _text(
        "Last name", required="Enter their last name", max_length=100, autocomplete="off"
    )
    role = _radios("Who are they?", HOUSEHOLD_ROLES, "Select who they are")
    date_of_birth = GovukDateField(
        label="Date of birth",
        label_noun="date of birth",
        required=False,
        help_text="For example, 27 3 2012. You must give this for a brother or sister.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born = data.get("date_of_birth")
        if data.get("role") == "sibling" and born is None and "date_of_birth" not in self.errors:
            self.add_error("date_of_birth", "Enter the brother or sister's date of birth")
        _check_date_of_birth(self, born)
        return data


class ConcernForm(forms.Form):
    concern = _long_text("What has happened?", required="Tell us what has happened")
    action_taken = _long_text("What have you already done? (optional)")
    referrer_urgency = _radios(
        "How urgent do you think this is?",
        dict(Urgency.choices),
        "Select how urgent you think this is",
        help_text="If someone is in immediate danger, call 999 now.",
    )

    def __init__(self, *args: Any, noun: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["concern"].help_text = (
            f"Tell us in your own words what you have seen, heard or been told, and when. "
            f"Include anything the {noun} has said."
        )
        self.fields[
            "action_taken"
        ].help_text = "For example, who you have spoken to or told about this."


class FamilyForm(forms.Form):
    family_aware = _radios(
        "Does the family know you are making this referral?",
        FAMILY_AWARE,
        "Select whether the family knows about this referral",
    )


class ConsentForm(forms.Form):
    """Manchester's policy: a professional says whether the family agreed, or why not asked."""

    consent = _radios(
        "Has the family agreed to this referral?",
        CONSENT,
        "Select whether the family has agreed to this referral",
    )
    consent_reason = _long_text("If you have not asked them, why not?", max_length=2000)

    def __init__(self, *args: Any, noun: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        harm = "significant harm" if noun == "child" else "harm"
        self.fields[
            "consent_reason"
        ].help_text = f"You do not need consent if asking would put the {noun} at risk of {harm}."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("consent") != Consent.NOT_SOUGHT:
            data["consent_reason"] = ""
        elif not data.get("consent_reason", "").strip() and "consent_reason" not in self.errors:
            self.add_error("consent_reason", "Explain why you have not asked the family")
        return data
