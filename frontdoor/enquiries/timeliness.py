"""How quickly each agency answers information requests: the figures of the timeliness page.

Pure: no ORM. The selector turns requests into `RequestRow`s; this module does the sums.

Definitions, per agency, over the requests sent in the period:

- **Sent**: every request sent, whatever became of it (withdrawn ones included).
- **Answered**: requests with an answer.
- **Answered on time**: answered at or before the request's due time. The due time is the
  current one, so an extension the MASH granted counts.
- **Still waiting**: requests with no answer yet and not withdrawn.
- **Overdue now**: still waiting, and the due time has passed (`due_at < now`).
- **Share on time**: answered on time ÷ (answered + overdue now), as a percentage. A request
  still waiting before its due time is not counted either way, nor is a withdrawn one. None
  when nothing is answered or overdue.
- **Time to respond**: answered time − sent time, in real elapsed time.
- **Median** and **90th percentile** time to respond: over the answered requests, by the
  nearest-rank method (the value at rank ⌈p/100 × n⌉ of the sorted times, so always a time
  that was actually taken). With an even number of answers the median is the lower middle one.
  None when nothing is answered.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

ANSWERED = "answered"
SENT = "sent"


@dataclass(frozen=True)
class RequestRow:
    agency: str
    sent_at: datetime
    due_at: datetime
    responded_at: datetime | None
    status: str


@dataclass(frozen=True)
class AgencyTimeliness:
    agency: str
    sent: int
    answered: int
    answered_on_time: int
    share_on_time: float | None  # a percentage, 0 to 100
    median_time_to_respond: timedelta | None
    p90_time_to_respond: timedelta | None
    still_waiting: int
    overdue_now: int


def nearest_rank(sorted_values: Sequence[timedelta], percentile: float) -> timedelta | None:
    """The nearest-rank percentile of values sorted ascending; None if there are none."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(percentile / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def agency_timeliness(
    agency: str, rows: Sequence[RequestRow], *, now: datetime
) -> AgencyTimeliness:
    """The figures for one agency's rows (see the module docstring)."""
    answered = [row for row in rows if row.status == ANSWERED and row.responded_at is not None]
    on_time = sum(1 for row in answered if row.responded_at and row.responded_at <= row.due_at)
    waiting = [row for row in rows if row.status == SENT]
    overdue = sum(1 for row in waiting if row.due_at < now)
    times = sorted(row.responded_at - row.sent_at for row in answered if row.responded_at)
    counted = len(answered) + overdue
    return AgencyTimeliness(
        agency=agency,
        sent=len(rows),
        answered=len(answered),
        answered_on_time=on_time,
        share_on_time=100 * on_time / counted if counted else None,
        median_time_to_respond=nearest_rank(times, 50),
        p90_time_to_respond=nearest_rank(times, 90),
        still_waiting=len(waiting),
        overdue_now=overdue,
    )


def timeliness_by_agency(rows: Iterable[RequestRow], *, now: datetime) -> list[AgencyTimeliness]:
    """One line per agency that was sent a request, in agency name order (ignoring case)."""
    by_agency: dict[str, list[RequestRow]] = defaultdict(list)
    for row in rows:
        by_agency[row.agency].append(row)
    return [
        agency_timeliness(agency, by_agency[agency], now=now)
        for agency in sorted(by_agency, key=str.casefold)
    ]
