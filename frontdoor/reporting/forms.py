"""The questions a report page asks: which days, which authority, which cohort, which referrer.

Every report form is a GET form, so a report's address is its question and can be shared or
bookmarked. The authority offered is one of the user's; a code they may not see is not a form
error but a refusal (403), raised when the scope is built, like every out-of-scope request.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from frontdoor.contacts.models import Cohort
from frontdoor.core.forms import GovukDateField

from .scope import validate_period

EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
ALL = ""  # every authority the user may see, every cohort, every referrer


def last_full_weeks(today: date, weeks: int = 4) -> tuple[date, date]:
    """The last `weeks` whole weeks, Monday to Sunday, before the week of `today`."""
    end = today - timedelta(days=today.weekday() + 1)
    return end - timedelta(days=7 * weeks - 1), end


def last_full_months(today: date, months: int = 6) -> tuple[date, date]:
    """The last `months` whole calendar months before the month of `today`."""
    end = today.replace(day=1) - timedelta(days=1)
    year, month = end.year, end.month - months + 1
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1), end


def census_year_so_far(today: date) -> tuple[date, date]:
    """The CIN census year (from 1 April) up to today."""
    start = date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    return start, today


def period_data(start: date, end: date) -> dict[str, str]:
    """A period as the date boxes submit it, for defaults and links."""
    return {
        "start_day": str(start.day),
        "start_month": str(start.month),
        "start_year": str(start.year),
        "end_day": str(end.day),
        "end_month": str(end.month),
        "end_year": str(end.year),
    }


class AuthorityField(forms.ChoiceField):
    """Offers the user's authorities; any other short code passes, for the scope to refuse."""

    def valid_value(self, value: Any) -> bool:
        return isinstance(value, str) and len(value) <= 10


class PeriodForm(forms.Form):
    """A period and an authority: the questions every report and return asks."""

    start = GovukDateField(label="From", label_noun="start date")
    end = GovukDateField(label="To", label_noun="end date")
    authority = AuthorityField(
        label="Local authority",
        required=False,
        error_messages={"invalid_choice": "Select a local authority from the list"},
    )

    def __init__(
        self,
        data: Any,
        *,
        authorities: list[tuple[str, str]],
        offer_all: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        choices = list(authorities)
        if offer_all and len(authorities) > 1:
            choices.insert(0, (ALL, "All my authorities"))
        field = cast(forms.ChoiceField, self.fields["authority"])
        field.choices = choices
        field.required = not (offer_all or len(authorities) == 1)
        field.error_messages["required"] = "Select a local authority"

    def clean_start(self) -> date | None:
        start: date | None = self.cleaned_data.get("start")
        if start is not None and not EARLIEST <= start <= LATEST:
            raise ValidationError("The start date must be between 2000 and 2099")
        return start

    def clean_end(self) -> date | None:
        end: date | None = self.cleaned_data.get("end")
        if end is not None and not EARLIEST <= end <= LATEST:
            raise ValidationError("The end date must be between 2000 and 2099")
        return end

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: date | None = cleaned.get("start")
        end: date | None = cleaned.get("end")
        if start and end:
            try:
                validate_period(start, end)
            except ValidationError as error:
                for message in error.message_dict.get("end", []):
                    self.add_error("end", message)
        return cleaned

    def authority_codes(self, authorities: list[tuple[str, str]]) -> list[str] | None:
        """The codes asked for: None for every one the user may see."""
        code = self.cleaned_data.get("authority") or ALL
        if code == ALL:
            return None if len(authorities) != 1 else [authorities[0][0]]
        return [code]


class ReportForm(PeriodForm):
    """A report's questions: the period and authority, and which cohort and referrers."""

    cohort = forms.ChoiceField(
        label="Cohort",
        required=False,
        choices=[(ALL, "All cohorts"), *Cohort.choices],
        error_messages={"invalid_choice": "Select a cohort from the list"},
    )
    source_group = forms.ChoiceField(
        label="Referring agency",
        required=False,
        error_messages={"invalid_choice": "Select a referring agency from the list"},
    )

    def __init__(self, data: Any, *, source_groups: list[str], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        field = cast(forms.ChoiceField, self.fields["source_group"])
        field.choices = [(ALL, "All referring agencies"), *((g, g) for g in source_groups)]


FORMATS = {"csv": "CSV", "xlsx": "Excel"}


class CinCensusForm(PeriodForm):
    """The CIN census extract's questions: the period, the authority and the file type."""

    format = forms.ChoiceField(
        label="File type",
        choices=list(FORMATS.items()),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a file type",
            "invalid_choice": "Select a file type",
        },
    )
