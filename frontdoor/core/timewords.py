"""How long until (or since) a deadline, in the words a queue shows: 'due in 1 hour 20 minutes'."""

from datetime import datetime, timedelta


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def duration_words(value: timedelta) -> str:
    """'15 minutes', '1 hour 20 minutes', '2 days 3 hours': the two largest non-zero units."""
    seconds = max(int(value.total_seconds()), 0)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [
        _plural(n, unit) for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute")) if n
    ]
    return " ".join(parts[:2]) if parts else "less than a minute"


def time_left_words(due: datetime, now: datetime) -> str:
    """'due in 2 hours', 'overdue by 2 days', or 'due now' within the same minute."""
    left = due - now
    if abs(left) < timedelta(minutes=1):
        return "due now"
    if left > timedelta(0):
        return f"due in {duration_words(left)}"
    return f"overdue by {duration_words(-left)}"
