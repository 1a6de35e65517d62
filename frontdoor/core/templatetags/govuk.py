"""Template filters for GOV.UK wording: durations in words, dates in the GOV.UK style."""

from datetime import timedelta

from django import template

register = template.Library()


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


@register.filter
def duration_in_words(value: timedelta | None) -> str:
    """'15 minutes', '1 hour 20 minutes', '2 days 3 hours': the two largest non-zero units."""
    if value is None:
        return ""
    seconds = max(int(value.total_seconds()), 0)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [
        _plural(n, unit) for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute")) if n
    ]
    return " ".join(parts[:2]) if parts else "less than a minute"
