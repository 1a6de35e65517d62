"""An information request's deadline: the agency's agreed hours for the RAG rating, or else the
authority's RAG hours, counted the way the authority counts its RAG clock (hub working hours
or clock hours), exactly as `screening.clocks.rag_due_at` does."""

from datetime import datetime

from frontdoor.agencies.models import Agency, ClockBasis, LocalAuthority
from frontdoor.agencies.selectors import hub_calendar, rag_hours
from frontdoor.core.calendar import add_clock_hours

from .agreements import response_hours


def allowed_hours(*, local_authority: LocalAuthority, agency: Agency, rag_rating: str) -> int:
    """The agency's agreed hours for the rating, else the authority's hours for it."""
    own = response_hours(agency=agency, rag_rating=rag_rating)
    return own if own is not None else rag_hours(local_authority, rag_rating)


def add_hours(local_authority: LocalAuthority, start: datetime, hours: int) -> datetime:
    """`start` plus `hours`, in hub working hours or around the clock as the authority says."""
    if local_authority.rag_clock_basis == ClockBasis.CLOCK_HOURS:
        return add_clock_hours(start, hours)
    return hub_calendar(local_authority).add_working_hours(start, hours)


def hours_in_words(local_authority: LocalAuthority, hours: int) -> str:
    """'1 working hour', '6 working hours' or '2 hours', as the authority counts them."""
    unit = "hour" if local_authority.rag_clock_basis == ClockBasis.CLOCK_HOURS else "working hour"
    return f"{hours} {unit}" if hours == 1 else f"{hours} {unit}s"


def request_due_at(
    *, local_authority: LocalAuthority, agency: Agency, rag_rating: str, sent_at: datetime
) -> datetime:
    """When the agency's answer is due for a request sent at `sent_at`."""
    hours = allowed_hours(local_authority=local_authority, agency=agency, rag_rating=rag_rating)
    return add_hours(local_authority, sent_at, hours)
