"""The strategy discussion clock: from deciding to hold one to its target time.

Counted in clock hours, not hub working hours: a child-protection concern does not wait for
the office to open. "Overdue" and "held late" are worked out here from the stored times and
the clock; neither is ever stored.
"""

from datetime import datetime, timedelta

from frontdoor.agencies.models import LocalAuthority
from frontdoor.core.calendar import add_clock_hours
from frontdoor.core.timewords import duration_words


def strategy_discussion_target(local_authority: LocalAuthority, convened_at: datetime) -> datetime:
    """Convened plus the authority's strategy discussion hours (default 2), around the clock."""
    return add_clock_hours(convened_at, local_authority.strategy_discussion_hours)


def target_words(*, convened_at: datetime, target_at: datetime) -> str:
    """'2-hour' for a 2-hour target, '90-minute' for one that is not whole hours."""
    minutes = max(int((target_at - convened_at).total_seconds() // 60), 0)
    hours, rest = divmod(minutes, 60)
    return f"{hours}-hour" if not rest else f"{minutes}-minute"


def is_overdue(*, target_at: datetime, held_at: datetime | None, now: datetime) -> bool:
    """Not yet held, and the target time has passed."""
    return held_at is None and target_at < now


def held_words(*, convened_at: datetime, target_at: datetime, held_at: datetime) -> str:
    """'Held within the 2-hour target' or 'Held 35 minutes after its target'."""
    late = held_at - target_at
    if late <= timedelta(0):
        target = target_words(convened_at=convened_at, target_at=target_at)
        return f"Held within the {target} target"
    return f"Held {duration_words(late)} after its target"
