"""Showing people's identifiers as staff read them."""

from django import template

from frontdoor.people.identifiers import InvalidIdentifier, format_nhs_number

register = template.Library()


@register.filter
def nhs_number(number: str) -> str:
    """'943 476 5919'; a stored value that is not ten digits is shown as it is."""
    try:
        return format_nhs_number(number) if number else ""
    except InvalidIdentifier:
        return number
