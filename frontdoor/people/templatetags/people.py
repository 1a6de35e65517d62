"""Showing people's identifiers as staff read them."""

from typing import Any

from django import template
from django.utils.formats import date_format

from frontdoor.people.identifiers import InvalidIdentifier, format_nhs_number

register = template.Library()


@register.filter
def nhs_number(number: str) -> str:
    """'943 476 5919'; a stored value that is not ten digits is shown as it is."""
    try:
        return format_nhs_number(number) if number else ""
    except InvalidIdentifier:
        return number


@register.filter
def born(person: Any) -> str:
    """'Born 4 May 2018', 'Expected 14 September 2026' or 'Date of birth not known'."""
    if getattr(person, "is_unborn", False):
        return f"Expected {date_format(person.expected_date_of_birth, 'j F Y')}"
    if person.date_of_birth:
        return f"Born {date_format(person.date_of_birth, 'j F Y')}"
    return "Date of birth not known"
