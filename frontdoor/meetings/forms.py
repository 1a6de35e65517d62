"""Forms for strategy discussions and actions. They parse; the services hold the rules.

Fields left empty reach the service, whose messages are the ones the user sees.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.forms import BoundField
from django.utils import timezone

from frontdoor.agencies.models import Agency, LocalAuthority
from frontdoor.contacts.forms import TIME_PATTERN
from frontdoor.core.forms import GovukDateField, textarea_field

from . import selectors
from .models import DiscussionDecision, Invitee
from .services import Attendance, attendance_field

ATTENDED, ABSENT = "yes", "no"


class ConveneForm(forms.Form):
    reason = textarea_field(
        "Why is a strategy discussion needed?",
        "Say why there is reasonable cause to suspect the child is suffering, or is likely "
        "to suffer, significant harm",
    )
    extra_agencies = forms.ModelMultipleChoiceField(
        label="Also invite",
        help_text="Select any other agency that should take part",
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select agencies from the list"},
    )

    def __init__(self, *args: Any, local_authority: LocalAuthority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["extra_agencies"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = selectors.other_agencies(local_authority)

    def clean_extra_agencies(self) -> list[Agency]:
        return list(self.cleaned_data["extra_agencies"])


@dataclass(frozen=True)
class InviteeFields:
    """One invited agency's part of the record form, rendered as one fieldset."""

    invitee: Invitee
    attended: BoundField
    attendee_name: BoundField
    absence_reason: BoundField

    @property
    def errors(self) -> bool:
        return bool(self.attended.errors or self.attendee_name.errors or self.absence_reason.errors)


class RecordForm(forms.Form):
    held_at = GovukDateField(
        label="When was it held?",
        help_text="For example, 27 3 2026",
        label_noun="date it was held",
        required=False,
    )
    held_time = forms.CharField(
        label="Time",
        help_text="Use the 24-hour clock, for example 14:30",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )

    def __init__(self, *args: Any, invitees: list[Invitee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitees = invitees
        for invitee in invitees:
            agency = invitee.agency_id
            self.fields[attendance_field(agency, "attended")] = forms.ChoiceField(
                label=invitee.agency.name,
                choices=[(ATTENDED, "Attended"), (ABSENT, "Did not attend")],
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Select whether they attended"},
            )
            self.fields[attendance_field(agency, "attendee_name")] = forms.CharField(
                label="Who attended?", required=False, max_length=150
            )
            self.fields[attendance_field(agency, "absence_reason")] = textarea_field(
                "Why did they not attend?", rows=3
            )
        self.fields["information_shared"] = textarea_field("What information was shared?", rows=8)
        self.fields["decision"] = forms.ChoiceField(
            label="Decision",
            choices=DiscussionDecision.choices,
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": "Select the decision"},
        )
        self.fields["decision_reason"] = textarea_field(
            "Reasons for the decision",
            "Needed if there will be no section 47 enquiry, or for any other decision",
        )

    @property
    def invitee_fields(self) -> list[InviteeFields]:
        return [
            InviteeFields(
                invitee=invitee,
                attended=self[attendance_field(invitee.agency_id, "attended")],
                attendee_name=self[attendance_field(invitee.agency_id, "attendee_name")],
                absence_reason=self[attendance_field(invitee.agency_id, "absence_reason")],
            )
            for invitee in self.invitees
        ]

    def clean_held_time(self) -> time | None:
        text = self.cleaned_data["held_time"].strip()
        if not text:
            return None
        match = TIME_PATTERN.match(text)
        if match is None or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError("Enter the time in the 24-hour clock, like 14:30")
        return time(int(match[1]), int(match[2]))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day: date | None = data.get("held_at")
        at: time | None = data.get("held_time")
        if day is not None and at is None and "held_time" not in self.errors:
            self.add_error("held_time", "Enter the time it was held, like 14:30")
        data["held_moment"] = (
            timezone.make_aware(datetime.combine(day, at)) if day and at is not None else None
        )
        return data

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned form as `record_strategy_discussion` takes it."""
        data = self.cleaned_data
        attendance = {}
        for invitee in self.invitees:
            agency = invitee.agency_id
            said = data.get(attendance_field(agency, "attended"))
            attendance[agency] = Attendance(
                attended=True if said == ATTENDED else (False if said == ABSENT else None),
                attendee_name=data.get(attendance_field(agency, "attendee_name")) or "",
                absence_reason=data.get(attendance_field(agency, "absence_reason")) or "",
            )
        return {
            "held_at": data["held_moment"],
            "attendance": attendance,
            "information_shared": data.get("information_shared", ""),
            "decision": data.get("decision", ""),
            "decision_reason": data.get("decision_reason", ""),
        }


AGENCY, PERSON = "agency", "user"


class ActionForm(forms.Form):
    # The service names the owner's field it refuses; this form has one "owner" for both.
    ERROR_FIELDS = {"owner_agency": "owner", "owner_user": "owner"}

    description = textarea_field("What needs to be done?", rows=4)
    owner = forms.ChoiceField(
        label="Owner",
        help_text="An agency, or a practitioner or manager in the MASH",
        required=False,
        error_messages={"invalid_choice": "Choose an owner from the list"},
    )
    due_on = GovukDateField(
        label="Due date", help_text="For example, 27 3 2026", label_noun="due date", required=False
    )

    def __init__(self, *args: Any, local_authority: LocalAuthority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {
            str(agency.pk): agency for agency in selectors.agencies_serving(local_authority)
        }
        self.people = {str(user.pk): user for user in selectors.mash_workers(local_authority)}
        self.owner_groups = [
            ("Agencies", [(f"{AGENCY}:{pk}", agency.name) for pk, agency in self.agencies.items()]),
            ("People", [(f"{PERSON}:{pk}", str(user)) for pk, user in self.people.items()]),
        ]
        field = self.fields["owner"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose an owner"), *self.owner_groups]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, _, pk = (data.get("owner") or "").partition(":")
        owner_agency: Agency | None = self.agencies.get(pk) if kind == AGENCY else None
        owner_user: AbstractBaseUser | None = self.people.get(pk) if kind == PERSON else None
        data["owner_agency"], data["owner_user"] = owner_agency, owner_user
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "description": data.get("description", ""),
            "owner_agency": data["owner_agency"],
            "owner_user": data["owner_user"],
            "due_on": data.get("due_on"),
        }


class CompleteActionForm(forms.Form):
    note = textarea_field("What was done?", rows=4)
