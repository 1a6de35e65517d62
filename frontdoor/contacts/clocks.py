"""The contact's decision clock: due a set number of working days after it was received."""

from datetime import datetime

from frontdoor.agencies.models import LocalAuthority
from frontdoor.agencies.selectors import hub_calendar


def decision_due_at(local_authority: LocalAuthority, received_at: datetime) -> datetime:
    """Received plus the authority's decision working days (default one), in hub hours."""
    calendar = hub_calendar(local_authority)
    return calendar.add_working_days(received_at, local_authority.decision_working_days)
