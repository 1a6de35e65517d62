"""The RAG clock: how long the hub has to progress a screened contact."""

from datetime import datetime

from frontdoor.agencies.models import ClockBasis, LocalAuthority
from frontdoor.agencies.selectors import hub_calendar, rag_hours
from frontdoor.core.calendar import add_clock_hours


def rag_due_at(
    local_authority: LocalAuthority, rating_code: str, screened_at: datetime
) -> datetime:
    """Screened plus the rating's hours, counted in hub working hours or around the clock."""
    hours = rag_hours(local_authority, rating_code)
    if local_authority.rag_clock_basis == ClockBasis.CLOCK_HOURS:
        return add_clock_hours(screened_at, hours)
    return hub_calendar(local_authority).add_working_hours(screened_at, hours)
