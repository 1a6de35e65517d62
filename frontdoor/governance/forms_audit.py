"""The IG audit search form: by user, record, action and period. Every field is optional."""

import re
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from frontdoor.contacts.models import REFERENCE_PREFIX
from frontdoor.contacts.selectors import contacts_of_authorities
from frontdoor.core.actors import Actor
from frontdoor.core.forms import GovukDateField

from .audit_search import (
    ACTION_AREAS,
    RECORD_TYPE_BY_KEY,
    RECORD_TYPES,
    AuditFilters,
)

REFERENCE = re.compile(rf"^{REFERENCE_PREFIX}-(?P<year>\d{{4}})-(?P<number>\d{{1,12}})$", re.I)
NUMBER = re.compile(r"^\d{1,12}$")
EARLIEST_YEAR, LATEST_YEAR = 2000, 2099


class AuditSearchForm(forms.Form):
    user = forms.EmailField(
        label="User's email address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    record_type = forms.ChoiceField(
        label="Type of record",
        required=False,
        choices=[("", "Any record"), *((t.key, t.label) for t in RECORD_TYPES)],
        error_messages={"invalid_choice": "Select a type of record from the list"},
    )
    record = forms.CharField(
        label="Record number or contact reference",
        help_text="For example, 123 or FD-2026-000123",
        required=False,
        max_length=30,
        error_messages={"max_length": "Enter a record number, like 123"},
    )
    action = forms.ChoiceField(
        label="What happened",
        required=False,
        choices=[("", "Anything"), *ACTION_AREAS],
        error_messages={"invalid_choice": "Select what happened from the list"},
    )
    start = GovukDateField(label="From", label_noun="start date", required=False)
    end = GovukDateField(label="To", label_noun="end date", required=False)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_user(self) -> int | None:
        email: str = self.cleaned_data.get("user") or ""
        if not email:
            return None
        pk = (
            get_user_model()
            .objects.filter(email__iexact=email)
            .values_list("pk", flat=True)
            .first()
        )
        if pk is None:
            raise forms.ValidationError("There is no account with that email address")
        return int(pk)

    def _clean_day(self, name: str, noun: str) -> date | None:
        day: date | None = self.cleaned_data.get(name)
        if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise forms.ValidationError(
                f"The {noun} must be between {EARLIEST_YEAR} and {LATEST_YEAR}"
            )
        return day

    def clean_start(self) -> date | None:
        return self._clean_day("start", "start date")

    def clean_end(self) -> date | None:
        return self._clean_day("end", "end date")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: date | None = cleaned.get("start")
        end: date | None = cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must be the same as or after the start date")
        self._clean_record(cleaned)
        return cleaned

    def _clean_record(self, cleaned: dict[str, Any]) -> None:
        """A number needs a type; a contact reference means a contact."""
        text = (cleaned.get("record") or "").strip()
        kind: str = cleaned.get("record_type") or ""
        cleaned["record_id"] = None
        if not text or "record" in self.errors:
            return
        reference = REFERENCE.match(text)
        if reference is not None:
            if kind not in ("", "contact"):
                self.add_error("record", "A reference like FD-2026-000123 is for a contact")
                return
            number = int(reference["number"])
            if not self._is_contact_reference(number, int(reference["year"])):
                self.add_error("record", "No contact in your authorities has that reference")
                return
            cleaned["record_type"] = "contact"
            cleaned["record_id"] = number
        elif NUMBER.match(text):
            if not kind:
                self.add_error("record_type", "Select the type of record")
                return
            cleaned["record_id"] = int(text)
        else:
            self.add_error(
                "record",
                "Enter a record number, like 123, or a contact reference, like FD-2026-000123",
            )

    def _is_contact_reference(self, number: int, year: int) -> bool:
        contact = contacts_of_authorities(self.actor).filter(pk=number).only("received_at")
        found = contact.first()
        return found is not None and timezone.localtime(found.received_at).year == year

    def filters(self) -> AuditFilters:
        """The validated search. Call only after `is_valid()`."""
        data = self.cleaned_data
        return AuditFilters(
            user_id=data.get("user"),
            record_type=RECORD_TYPE_BY_KEY.get(data.get("record_type") or ""),
            record_id=data.get("record_id"),
            action_area=data.get("action") or "",
            start=data.get("start"),
            end=data.get("end"),
        )
