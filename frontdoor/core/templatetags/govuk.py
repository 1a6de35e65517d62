"""Template filters for GOV.UK wording: durations and time left in words."""

from datetime import datetime, timedelta

from django import template
from django.utils import timezone

from frontdoor.core.timewords import duration_words, time_left_words

register = template.Library()


@register.filter
def duration_in_words(value: timedelta | None) -> str:
    """'15 minutes', '1 hour 20 minutes', '2 days 3 hours': the two largest non-zero units."""
    if value is None:
        return ""
    return duration_words(value)


@register.filter
def time_left(due: datetime | None) -> str:
    """'due in 1 hour 20 minutes' or 'overdue by 2 days', from now."""
    if due is None:
        return ""
    return time_left_words(due, timezone.now())
