"""Working-day calendar for statutory and local deadlines.

Pure Python: no Django, no ORM, no I/O (apart from the ``holidays`` package,
which ships its rules as code). Every function here is deterministic, so the
deadline rules the hub relies on can be tested exhaustively.

Conventions
-----------
* A *working day* is Monday to Friday, unless it is a bank holiday.
* *Working hours* are the half-open interval ``[opens_at, closes_at)`` of local
  wall-clock time on a working day. A deadline may land exactly on
  ``closes_at``; the clock itself never runs at or after it.
* Every ``moment`` is a timezone-aware ``datetime``; naive input raises
  ``ValueError``. Dates are plain ``date`` objects; passing a ``datetime`` where
  a ``date`` is expected raises ``TypeError`` (it would silently miss bank
  holidays otherwise).
* "Wall clock" arithmetic (working days) happens in the calendar's local time,
  so 10:30 stays 10:30 across a BST/GMT change. Durations (working hours,
  clock hours) are real elapsed time, measured in UTC.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "LONDON",
    "WorkingCalendar",
    "add_clock_hours",
    "england_and_wales_bank_holidays",
]

LONDON = ZoneInfo("Europe/London")

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5
_DAYS_PER_WEEK = 7
_WEEKDAYS_PER_WEEK = 5

Hours = float | int | timedelta


# --------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------


def _require_aware(moment: datetime, name: str = "moment") -> datetime:
    """Return ``moment`` unchanged; raise ``ValueError`` unless it is timezone-aware."""
    if not isinstance(moment, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            f"{name} must be a timezone-aware datetime (got naive {moment.isoformat()}); "
            "attach a zone, e.g. datetime(..., tzinfo=LONDON)"
        )
    return moment


def _require_date(day: date, name: str = "day") -> date:
    """Return ``day`` unchanged; raise ``TypeError`` unless it is a plain ``date``."""
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"{name} must be a date, not {type(day).__name__}")
    return day


def _as_duration(hours: Hours) -> timedelta:
    """Convert hours (number or ``timedelta``) to a non-negative ``timedelta``."""
    if isinstance(hours, timedelta):
        duration = hours
    elif isinstance(hours, bool) or not isinstance(hours, (int, float)):
        raise TypeError(f"hours must be a number or timedelta, not {type(hours).__name__}")
    elif not math.isfinite(hours):
        raise ValueError(f"hours must be finite, not {hours!r}")
    else:
        duration = timedelta(hours=hours)
    if duration < timedelta(0):
        raise ValueError(f"hours must not be negative (got {duration})")
    return duration


def _normalise(moment: datetime, tz: ZoneInfo) -> datetime:
    """Round-trip through UTC so a non-existent local time becomes a real instant.

    Ambiguous times keep their ``fold``; a time in the spring-forward gap is
    moved forward by the size of the gap (01:30 → 02:30 BST).
    """
    return moment.astimezone(UTC).astimezone(tz)


def _elapsed(start: datetime, end: datetime) -> timedelta:
    """Real time from ``start`` to ``end``, ignoring wall-clock jumps."""
    return end.astimezone(UTC) - start.astimezone(UTC)


# --------------------------------------------------------------------------
# Clock hours and bank holidays
# --------------------------------------------------------------------------


def add_clock_hours(moment: datetime, hours: Hours) -> datetime:
    """Return ``moment`` plus ``hours`` of real elapsed time, in ``moment``'s zone.

    Invariant: ``result - moment`` measured in UTC equals ``hours`` exactly, so
    a 3-hour clock started at 23:00 BST on the night the clocks go back ends at
    01:00 GMT (the second 01:00), not 02:00. ``hours`` must be non-negative.
    """
    _require_aware(moment)
    duration = _as_duration(hours)
    return (moment.astimezone(UTC) + duration).astimezone(moment.tzinfo)


def england_and_wales_bank_holidays(years: range | list[int]) -> frozenset[date]:
    """Bank holidays in England and Wales for ``years``, from the ``holidays`` package.

    Includes substitute ("observed") days, e.g. Monday 28 December 2026 for
    Boxing Day falling on a Saturday, and one-off holidays such as coronations.
    """
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=list(years))
    return frozenset(calendar.keys())


def _weekdays_up_to(day: date) -> int:
    """Number of Mondays to Fridays from 1 January 1 AD (a Monday) up to ``day`` inclusive."""
    weeks, remainder = divmod(day.toordinal(), _DAYS_PER_WEEK)
    return weeks * _WEEKDAYS_PER_WEEK + min(remainder, _WEEKDAYS_PER_WEEK)


# --------------------------------------------------------------------------
# The calendar
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days are Monday to Friday except bank holidays.

    Working hours are ``opens_at`` to ``closes_at`` local time (``tz``) on a working day.
    """

    bank_holidays: frozenset[date]
    opens_at: time = time(9, 0)
    closes_at: time = time(17, 0)
    tz: ZoneInfo = LONDON

    def __post_init__(self) -> None:
        """Freeze the holiday set and require ``opens_at < closes_at`` (naive times)."""
        object.__setattr__(self, "bank_holidays", frozenset(self.bank_holidays))
        for holiday in self.bank_holidays:
            _require_date(holiday, "each bank holiday")
        if self.opens_at.tzinfo is not None or self.closes_at.tzinfo is not None:
            raise ValueError("opens_at and closes_at must be naive local times")
        if not self.opens_at < self.closes_at:
            raise ValueError(
                f"opens_at ({self.opens_at}) must be earlier than closes_at ({self.closes_at})"
            )

    # ---- days ----------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """True if ``day`` is Monday to Friday and not a bank holiday."""
        _require_date(day)
        return day.weekday() < _SATURDAY and day not in self.bank_holidays

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        _require_date(day)
        candidate = day + _ONE_DAY
        while not self.is_working_day(candidate):
            candidate += _ONE_DAY
        return candidate

    def working_days_between(self, start: date, end: date) -> int:
        """Count working days ``d`` with ``start < d <= end``.

        The referral date itself is day 0, so the same day gives 0, Friday to
        Monday gives 1, and the Thursday before Good Friday to the Tuesday after
        Easter Monday gives 1. If ``end < start`` the result is the negative of
        ``working_days_between(end, start)``.
        """
        _require_date(start, "start")
        _require_date(end, "end")
        if end < start:
            return -self.working_days_between(end, start)
        weekdays = _weekdays_up_to(end) - _weekdays_up_to(start)
        holidays_on_weekdays = sum(
            1
            for holiday in self.bank_holidays
            if start < holiday <= end and holiday.weekday() < _SATURDAY
        )
        return weekdays - holidays_on_weekdays

    # ---- local wall-clock helpers --------------------------------------

    def _local(self, moment: datetime) -> datetime:
        """``moment`` (aware) expressed in the calendar's zone."""
        return _require_aware(moment).astimezone(self.tz)

    def _at(self, day: date, wall_clock: time, fold: int = 0) -> datetime:
        """The real instant showing ``wall_clock`` on ``day`` in the calendar's zone."""
        local = datetime.combine(day, wall_clock, tzinfo=self.tz).replace(fold=fold)
        return _normalise(local, self.tz)

    def _opening(self, day: date) -> datetime:
        """Opening time on ``day``."""
        return self._at(day, self.opens_at)

    def _closing(self, day: date) -> datetime:
        """Closing time on ``day``."""
        return self._at(day, self.closes_at)

    def _clock_start(self, local: datetime) -> datetime:
        """The first instant at or after ``local`` that lies inside working hours.

        Before opening on a working day → that day's opening; inside hours →
        unchanged; at or after closing, or on a non-working day → the next
        working day's opening.
        """
        day = local.date()
        if self.is_working_day(day):
            instant = local.astimezone(UTC)
            opening = self._opening(day)
            if instant < opening.astimezone(UTC):
                return opening
            if instant < self._closing(day).astimezone(UTC):
                return local
        return self._opening(self.next_working_day(day))

    # ---- deadlines -----------------------------------------------------

    def add_working_days(self, moment: datetime, days: int) -> datetime:
        """Step ``days`` working days forward from ``moment``, keeping the wall-clock time.

        If ``moment``'s local date is not a working day it is first treated as
        opening time on the next working day (Saturday 10:00 → Monday 09:00).
        The local time of day is then kept on the target day even across a
        BST/GMT change. ``days == 0`` on a working day returns ``moment``
        unchanged (in local time). ``days`` must be non-negative. The result is
        always on a working day and never earlier than ``moment``.
        """
        if isinstance(days, bool) or not isinstance(days, int):
            raise TypeError(f"days must be an int, not {type(days).__name__}")
        if days < 0:
            raise ValueError(f"days must not be negative (got {days})")
        local = self._local(moment)
        if not self.is_working_day(local.date()):
            local = self._opening(self.next_working_day(local.date()))
        if days == 0:
            return local
        target = local.date()
        for _ in range(days):
            target = self.next_working_day(target)
        return self._at(target, local.time(), fold=local.fold)

    def add_working_hours(self, moment: datetime, hours: Hours) -> datetime:
        """Run a working-hours clock of ``hours`` from ``moment``; return when it expires.

        Only time inside working hours counts. The clock starts at
        ``moment`` if that is inside working hours, otherwise at the next
        opening time (so ``hours == 0`` returns that starting point). A deadline
        landing exactly on closing time is that day's closing time, not the next
        morning. Invariant: ``working_time_between(moment, result) == hours``.
        """
        remaining = _as_duration(hours)
        cursor = self._clock_start(self._local(moment))
        while True:
            closing = self._closing(cursor.date())
            available = _elapsed(cursor, closing)
            if remaining <= available:
                return _normalise(cursor.astimezone(UTC) + remaining, self.tz)
            remaining -= available
            cursor = self._opening(self.next_working_day(cursor.date()))

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Total working time inside ``[start, end)``; zero if ``end <= start``.

        Measured in real elapsed time, day by day, intersecting each working
        day's ``[opens_at, closes_at)`` with the interval.
        """
        start_utc = self._local(start).astimezone(UTC)
        end_utc = self._local(end).astimezone(UTC)
        total = timedelta(0)
        if end_utc <= start_utc:
            return total
        day = start_utc.astimezone(self.tz).date()
        last_day = end_utc.astimezone(self.tz).date()
        while day <= last_day:
            if self.is_working_day(day):
                window_start = max(start_utc, self._opening(day).astimezone(UTC))
                window_end = min(end_utc, self._closing(day).astimezone(UTC))
                if window_end > window_start:
                    total += window_end - window_start
            day += _ONE_DAY
        return total
