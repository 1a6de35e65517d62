"""Tests for the pure working-day calendar (no database, no Django)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from frontdoor.core.calendar import (
    LONDON,
    WorkingCalendar,
    add_clock_hours,
    england_and_wales_bank_holidays,
)

BANK_HOLIDAYS = england_and_wales_bank_holidays(range(2024, 2031))
CAL = WorkingCalendar(bank_holidays=BANK_HOLIDAYS)
GMT = timedelta(0)
BST = timedelta(hours=1)
MICROSECOND = timedelta(microseconds=1)

FAST = settings(max_examples=200, deadline=None)


def london(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, fold: int = 0
) -> datetime:
    """An aware Europe/London wall-clock time."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON, fold=fold)


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC, so comparisons use real instants.

    Python compares two datetimes sharing a tzinfo by wall clock alone (ignoring
    ``fold``), which would hide errors around the autumn clock change.
    """
    return moment.astimezone(UTC)


def in_working_hours(moment: datetime, calendar: WorkingCalendar = CAL) -> bool:
    """True if ``moment`` falls on a working day between opening and closing inclusive."""
    local = moment.astimezone(calendar.tz)
    return (
        calendar.is_working_day(local.date())
        and calendar.opens_at <= local.time() <= calendar.closes_at
    )


def count_working_days_slowly(start: date, end: date) -> int:
    """Reference implementation: walk every day in (start, end]."""
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        count += CAL.is_working_day(day)
        day += timedelta(days=1)
    return sign * count


# --------------------------------------------------------------------------
# Strategies: 2025 to 2029 in Europe/London, so both GMT and BST are covered
# --------------------------------------------------------------------------

dates = st.dates(min_value=date(2025, 1, 1), max_value=date(2029, 12, 31))
working_dates = dates.filter(CAL.is_working_day)
moments = st.datetimes(
    min_value=datetime(2025, 1, 1),
    max_value=datetime(2029, 12, 31, 23, 59, 59),
    timezones=st.just(LONDON),
)
working_hour_times = st.times(min_value=time(9, 0), max_value=time(16, 59, 59, 999999))


@st.composite
def moments_in_working_hours(draw: st.DrawFn) -> datetime:
    """An aware moment on a working day, inside [09:00, 17:00)."""
    return datetime.combine(draw(working_dates), draw(working_hour_times), tzinfo=LONDON)


gaps = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60))
working_day_counts = st.integers(min_value=0, max_value=60)
hour_counts = st.one_of(
    st.integers(min_value=0, max_value=200),
    st.floats(min_value=0, max_value=200, allow_nan=False, allow_infinity=False),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=200)),
)


def as_timedelta(hours: float | timedelta) -> timedelta:
    """The duration the calendar should treat ``hours`` as."""
    return hours if isinstance(hours, timedelta) else timedelta(hours=hours)


# --------------------------------------------------------------------------
# Bank holidays from the `holidays` package
# --------------------------------------------------------------------------


def test_england_and_wales_bank_holidays_include_easter_and_christmas_2026() -> None:
    holidays = england_and_wales_bank_holidays(range(2025, 2028))
    assert {
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 12, 25),  # Christmas Day (Friday)
        date(2026, 12, 28),  # Boxing Day substitute (Boxing Day is a Saturday)
    } <= holidays


def test_there_are_at_least_eight_bank_holidays_in_every_year() -> None:
    holidays = england_and_wales_bank_holidays(range(2025, 2028))
    for year in (2025, 2026, 2027):
        assert len({d for d in holidays if d.year == year}) >= 8


def test_the_2026_bank_holidays_are_exactly_the_published_list() -> None:
    holidays_2026 = {d for d in BANK_HOLIDAYS if d.year == 2026}
    assert holidays_2026 == {
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),  # early May
        date(2026, 5, 25),  # spring
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 26),  # the Saturday itself is listed too, harmlessly
        date(2026, 12, 28),
    }


def test_bank_holidays_can_be_requested_for_a_list_of_years() -> None:
    assert england_and_wales_bank_holidays([2026]) == {d for d in BANK_HOLIDAYS if d.year == 2026}


# --------------------------------------------------------------------------
# Construction and validation
# --------------------------------------------------------------------------


def test_opening_must_be_before_closing() -> None:
    with pytest.raises(ValueError, match="opens_at"):
        WorkingCalendar(bank_holidays=frozenset(), opens_at=time(17), closes_at=time(9))
    with pytest.raises(ValueError, match="opens_at"):
        WorkingCalendar(bank_holidays=frozenset(), opens_at=time(9), closes_at=time(9))


def test_opening_hours_must_be_naive_local_times() -> None:
    with pytest.raises(ValueError, match="naive"):
        WorkingCalendar(bank_holidays=frozenset(), opens_at=time(9, tzinfo=UTC))


def test_a_calendar_is_immutable_and_hashable() -> None:
    calendar = WorkingCalendar(bank_holidays={date(2026, 4, 3)})  # type: ignore[arg-type]
    assert isinstance(calendar.bank_holidays, frozenset)
    assert hash(calendar) == hash(WorkingCalendar(bank_holidays=frozenset({date(2026, 4, 3)})))
    with pytest.raises(AttributeError):
        calendar.opens_at = time(8)  # type: ignore[misc]


def test_a_datetime_is_rejected_where_a_date_is_expected() -> None:
    with pytest.raises(TypeError, match="date"):
        CAL.is_working_day(london(2026, 4, 3, 10))
    with pytest.raises(TypeError, match="date"):
        CAL.working_days_between(date(2026, 4, 2), london(2026, 4, 7, 10))


def test_negative_working_days_are_rejected() -> None:
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_days(london(2026, 4, 2, 10), -1)


@pytest.mark.parametrize("bad", [-1, -0.5, timedelta(minutes=-1)])
def test_negative_hours_are_rejected(bad: float | timedelta) -> None:
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_hours(london(2026, 4, 2, 10), bad)
    with pytest.raises(ValueError, match="negative"):
        add_clock_hours(london(2026, 4, 2, 10), bad)


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_non_finite_hours_are_rejected(bad: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        CAL.add_working_hours(london(2026, 4, 2, 10), bad)


def test_a_boolean_is_not_accepted_as_a_number_of_hours_or_days() -> None:
    with pytest.raises(TypeError):
        CAL.add_working_hours(london(2026, 4, 2, 10), True)
    with pytest.raises(TypeError):
        CAL.add_working_days(london(2026, 4, 2, 10), True)


def test_naive_datetimes_are_rejected_with_a_clear_message() -> None:
    naive = datetime(2026, 4, 2, 10, 0)
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.add_working_days(naive, 1)


@FAST
@given(naive=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2029, 12, 31)))
def test_every_moment_taking_function_rejects_naive_datetimes(naive: datetime) -> None:
    aware = naive.replace(tzinfo=LONDON)
    for call in (
        lambda: CAL.add_working_days(naive, 1),
        lambda: CAL.add_working_hours(naive, 1),
        lambda: CAL.working_time_between(naive, aware),
        lambda: CAL.working_time_between(aware, naive),
        lambda: add_clock_hours(naive, 1),
    ):
        with pytest.raises(ValueError, match="timezone-aware"):
            call()


# --------------------------------------------------------------------------
# Working days: worked examples
# --------------------------------------------------------------------------


def test_weekends_are_not_working_days() -> None:
    assert CAL.is_working_day(date(2026, 6, 5))  # Friday
    assert not CAL.is_working_day(date(2026, 6, 6))  # Saturday
    assert not CAL.is_working_day(date(2026, 6, 7))  # Sunday
    assert CAL.is_working_day(date(2026, 6, 8))  # Monday


def test_bank_holidays_are_not_working_days() -> None:
    for holiday in (
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
    ):
        assert not CAL.is_working_day(holiday)


def test_the_next_working_day_after_friday_is_monday() -> None:
    assert CAL.next_working_day(date(2026, 6, 5)) == date(2026, 6, 8)


def test_the_next_working_day_skips_the_easter_weekend() -> None:
    assert CAL.next_working_day(date(2026, 4, 2)) == date(2026, 4, 7)


def test_the_next_working_day_is_strictly_after_a_working_day() -> None:
    assert CAL.next_working_day(date(2026, 6, 2)) == date(2026, 6, 3)


def test_a_friday_afternoon_referral_plus_one_working_day_is_monday_afternoon() -> None:
    assert CAL.add_working_days(london(2026, 6, 5, 15), 1) == london(2026, 6, 8, 15)


def test_a_saturday_referral_is_treated_as_monday_morning() -> None:
    assert CAL.add_working_days(london(2026, 6, 6, 10), 0) == london(2026, 6, 8, 9)
    assert CAL.add_working_days(london(2026, 6, 6, 10), 1) == london(2026, 6, 9, 9)


def test_a_sunday_referral_before_a_bank_holiday_monday_starts_on_tuesday() -> None:
    assert CAL.add_working_days(london(2026, 5, 3, 22), 1) == london(2026, 5, 6, 9)


def test_a_bank_holiday_referral_is_treated_as_the_next_working_morning() -> None:
    assert CAL.add_working_days(london(2026, 12, 28, 11), 1) == london(2026, 12, 30, 9)


def test_zero_working_days_on_a_working_day_returns_the_moment_unchanged() -> None:
    moment = london(2026, 6, 3, 22, 45)
    assert CAL.add_working_days(moment, 0) == moment


def test_the_result_is_expressed_in_london_time_even_for_utc_input() -> None:
    result = CAL.add_working_days(datetime(2026, 6, 5, 14, 0, tzinfo=UTC), 1)
    assert result.tzinfo is LONDON
    assert result == london(2026, 6, 8, 15)
    assert CAL.add_working_days(datetime(2026, 6, 3, 14, tzinfo=UTC), 0).tzinfo is LONDON


def test_one_working_day_over_easter_2026_skips_good_friday_and_easter_monday() -> None:
    assert CAL.add_working_days(london(2026, 4, 2, 15), 1) == london(2026, 4, 7, 15)


def test_a_friday_before_the_early_may_bank_holiday_runs_to_tuesday() -> None:
    assert CAL.add_working_days(london(2026, 5, 1, 15), 1) == london(2026, 5, 5, 15)


def test_a_friday_before_the_spring_bank_holiday_runs_to_tuesday() -> None:
    assert CAL.add_working_days(london(2026, 5, 22, 15), 1) == london(2026, 5, 26, 15)


def test_christmas_2026_skips_christmas_day_and_the_boxing_day_substitute() -> None:
    assert CAL.add_working_days(london(2026, 12, 24, 10), 1) == london(2026, 12, 29, 10)


def test_three_working_days_from_christmas_eve_2026_lands_on_new_years_eve() -> None:
    assert CAL.add_working_days(london(2026, 12, 24, 10), 3) == london(2026, 12, 31, 10)
    assert CAL.add_working_days(london(2026, 12, 24, 10), 4) == london(2027, 1, 4, 10)


def test_a_working_day_across_the_spring_clock_change_keeps_the_wall_clock() -> None:
    # BST starts 01:00 GMT on Sunday 29 March 2026.
    friday = london(2026, 3, 27, 10, 30)
    assert friday.utcoffset() == GMT
    monday = CAL.add_working_days(friday, 1)
    assert monday == london(2026, 3, 30, 10, 30)
    assert (monday.hour, monday.minute, monday.utcoffset()) == (10, 30, BST)


def test_a_working_day_across_the_autumn_clock_change_keeps_the_wall_clock() -> None:
    # BST ends 02:00 BST on Sunday 25 October 2026.
    friday = london(2026, 10, 23, 10, 30)
    assert friday.utcoffset() == BST
    monday = CAL.add_working_days(friday, 1)
    assert (monday.date(), monday.hour, monday.minute) == (date(2026, 10, 26), 10, 30)
    assert monday.utcoffset() == GMT


def test_the_briefs_october_2025_example_keeps_half_past_ten() -> None:
    monday = CAL.add_working_days(london(2025, 10, 24, 10, 30), 1)
    assert (monday.date(), monday.time(), monday.utcoffset()) == (
        date(2025, 10, 27),
        time(10, 30),
        GMT,
    )


TEHRAN = ZoneInfo("Asia/Tehran")  # changed its clocks at midnight on weekdays
ROUND_THE_CLOCK = WorkingCalendar(
    bank_holidays=frozenset(), opens_at=time(0), closes_at=time(23, 59), tz=TEHRAN
)


def test_a_wall_clock_time_that_does_not_exist_moves_forward_past_the_gap() -> None:
    # 00:00 on Tuesday 22 March 2022 jumped to 01:00 in Tehran.
    result = ROUND_THE_CLOCK.add_working_days(datetime(2022, 3, 21, 0, 30, tzinfo=TEHRAN), 1)
    assert (result.date(), result.time(), result.utcoffset()) == (
        date(2022, 3, 22),
        time(1, 30),
        timedelta(hours=4, minutes=30),
    )


def test_an_ambiguous_wall_clock_time_keeps_the_first_occurrence() -> None:
    # 00:00 on Thursday 22 September 2022 fell back to 23:00 on the Wednesday.
    result = ROUND_THE_CLOCK.add_working_days(datetime(2022, 9, 20, 23, 30, tzinfo=TEHRAN), 1)
    assert (result.date(), result.time(), result.fold) == (date(2022, 9, 21), time(23, 30), 0)
    assert result.utcoffset() == timedelta(hours=4, minutes=30)


def test_working_time_on_a_short_day_is_real_elapsed_time() -> None:
    start = datetime(2022, 3, 21, 12, tzinfo=TEHRAN)
    end = datetime(2022, 3, 22, 12, tzinfo=TEHRAN)
    # Monday 12:00 to 23:59 is 11 h 59 min; Tuesday 00:00 to 12:00 lost an hour to the jump.
    assert ROUND_THE_CLOCK.working_time_between(start, end) == timedelta(hours=22, minutes=59)
    assert ROUND_THE_CLOCK.add_working_hours(start, timedelta(hours=22, minutes=59)) == end


# --------------------------------------------------------------------------
# Counting working days
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 6, 3), date(2026, 6, 3), 0),  # same day
        (date(2026, 6, 5), date(2026, 6, 8), 1),  # Friday → Monday
        (date(2026, 6, 5), date(2026, 6, 7), 0),  # Friday → Sunday
        (date(2026, 6, 6), date(2026, 6, 8), 1),  # Saturday → Monday
        (date(2026, 4, 2), date(2026, 4, 7), 1),  # over Easter
        (date(2026, 4, 2), date(2026, 4, 6), 0),  # Thursday → Easter Monday
        (date(2026, 12, 24), date(2026, 12, 29), 1),  # over Christmas
        (date(2026, 5, 1), date(2026, 5, 5), 1),  # early May
        (date(2026, 5, 22), date(2026, 5, 26), 1),  # spring bank holiday
        (date(2026, 6, 1), date(2026, 6, 29), 20),  # four whole weeks
        # 2026 has 261 weekdays; drop 1 January (day 0) and 7 weekday holidays.
        (date(2026, 1, 1), date(2026, 12, 31), 253),
        (date(2026, 6, 8), date(2026, 6, 5), -1),  # reversed
    ],
)
def test_working_days_between_counts_from_the_referral_date(
    start: date, end: date, expected: int
) -> None:
    assert CAL.working_days_between(start, end) == expected


def test_a_bank_holiday_on_a_saturday_is_not_subtracted_twice() -> None:
    # Boxing Day 2026 is a Saturday and is in the set alongside its substitute.
    assert date(2026, 12, 26) in BANK_HOLIDAYS
    assert CAL.working_days_between(date(2026, 12, 21), date(2026, 12, 31)) == 6


@FAST
@given(start=dates, span=st.integers(min_value=-400, max_value=400))
def test_working_days_between_agrees_with_a_day_by_day_count(start: date, span: int) -> None:
    end = start + timedelta(days=span)
    assert CAL.working_days_between(start, end) == count_working_days_slowly(start, end)


@FAST
@given(start=dates, end=dates)
def test_working_days_between_is_antisymmetric(start: date, end: date) -> None:
    assert CAL.working_days_between(start, end) == -CAL.working_days_between(end, start)


@FAST
@given(a=dates, b=dates, c=dates)
def test_working_days_between_adds_up_over_a_midpoint(a: date, b: date, c: date) -> None:
    assert CAL.working_days_between(a, b) + CAL.working_days_between(
        b, c
    ) == CAL.working_days_between(a, c)


@FAST
@given(day=dates)
def test_the_next_working_day_is_the_first_working_day_after(day: date) -> None:
    nxt = CAL.next_working_day(day)
    assert nxt > day
    assert CAL.is_working_day(nxt)
    assert CAL.working_days_between(day, nxt) == 1


# --------------------------------------------------------------------------
# Working days: properties
# --------------------------------------------------------------------------


@FAST
@given(moment=moments, days=working_day_counts)
def test_adding_working_days_lands_on_a_working_day_no_earlier_than_the_start(
    moment: datetime, days: int
) -> None:
    result = CAL.add_working_days(moment, days)
    assert result.tzinfo is LONDON
    assert CAL.is_working_day(result.date())
    assert utc(result) >= utc(moment)


@FAST
@given(moment=moments, days=st.integers(min_value=1, max_value=60))
def test_adding_working_days_moves_to_a_later_date(moment: datetime, days: int) -> None:
    assert CAL.add_working_days(moment, days).date() > moment.astimezone(LONDON).date()


@FAST
@given(moment=moments_in_working_hours(), a=working_day_counts, b=working_day_counts)
def test_adding_working_days_composes(moment: datetime, a: int, b: int) -> None:
    once = CAL.add_working_days(moment, a + b)
    twice = CAL.add_working_days(CAL.add_working_days(moment, a), b)
    assert utc(once) == utc(twice)


@FAST
@given(moment=moments_in_working_hours(), days=working_day_counts)
def test_adding_working_days_keeps_the_wall_clock_time(moment: datetime, days: int) -> None:
    assert CAL.add_working_days(moment, days).time() == moment.time()


@FAST
@given(day=working_dates, wall_clock=st.times(), days=working_day_counts)
def test_counting_back_recovers_the_number_of_working_days_added(
    day: date, wall_clock: time, days: int
) -> None:
    moment = datetime.combine(day, wall_clock, tzinfo=LONDON)
    result = CAL.add_working_days(moment, days)
    assert CAL.working_days_between(moment.date(), result.date()) == days


# --------------------------------------------------------------------------
# Working hours: worked examples
# --------------------------------------------------------------------------


def test_a_friday_afternoon_red_clock_runs_into_monday() -> None:
    assert CAL.add_working_hours(london(2026, 6, 5, 16, 30), 2) == london(2026, 6, 8, 10, 30)


def test_a_red_clock_before_a_bank_holiday_monday_runs_into_tuesday() -> None:
    assert CAL.add_working_hours(london(2026, 5, 1, 16, 30), 2) == london(2026, 5, 5, 10, 30)


def test_a_red_clock_before_easter_runs_into_the_following_tuesday() -> None:
    assert CAL.add_working_hours(london(2026, 4, 2, 16, 30), 2) == london(2026, 4, 7, 10, 30)


def test_a_red_clock_across_the_spring_clock_change_counts_working_hours_only() -> None:
    result = CAL.add_working_hours(london(2026, 3, 27, 16, 30), 2)
    assert result == london(2026, 3, 30, 10, 30)
    assert result.utcoffset() == BST


def test_a_red_clock_across_the_autumn_clock_change_counts_working_hours_only() -> None:
    result = CAL.add_working_hours(london(2026, 10, 23, 16, 30), 2)
    assert (result.date(), result.time(), result.utcoffset()) == (
        date(2026, 10, 26),
        time(10, 30),
        GMT,
    )


def test_a_deadline_landing_on_closing_time_stays_on_that_day() -> None:
    assert CAL.add_working_hours(london(2026, 6, 1, 15), 2) == london(2026, 6, 1, 17)
    assert CAL.add_working_hours(london(2026, 6, 1, 9), 8) == london(2026, 6, 1, 17)


def test_a_clock_started_before_opening_starts_at_opening() -> None:
    assert CAL.add_working_hours(london(2026, 6, 1, 7), 1) == london(2026, 6, 1, 10)


def test_a_clock_started_after_closing_starts_next_working_morning() -> None:
    assert CAL.add_working_hours(london(2026, 6, 1, 18), 1) == london(2026, 6, 2, 10)


def test_a_clock_started_exactly_at_closing_starts_next_working_morning() -> None:
    assert CAL.add_working_hours(london(2026, 6, 1, 17), 1) == london(2026, 6, 2, 10)


def test_a_weekend_clock_starts_on_monday_morning() -> None:
    assert CAL.add_working_hours(london(2026, 6, 6, 12), 1) == london(2026, 6, 8, 10)


def test_a_zero_hour_clock_returns_its_starting_point() -> None:
    assert CAL.add_working_hours(london(2026, 6, 1, 11), 0) == london(2026, 6, 1, 11)
    assert CAL.add_working_hours(london(2026, 6, 1, 17), 0) == london(2026, 6, 2, 9)
    assert CAL.add_working_hours(london(2026, 6, 6, 12), 0) == london(2026, 6, 8, 9)


def test_fractional_hours_and_timedeltas_are_supported() -> None:
    start = london(2026, 6, 1, 16, 45)
    assert CAL.add_working_hours(start, 0.5) == london(2026, 6, 2, 9, 15)
    assert CAL.add_working_hours(start, timedelta(minutes=90)) == london(2026, 6, 2, 10, 15)


def test_a_seventy_two_hour_working_clock_spans_nine_working_days() -> None:
    # 72 working hours = 9 full 8-hour days; over Easter 2026 that skips two holidays.
    assert CAL.add_working_hours(london(2026, 4, 1, 9), 72) == london(2026, 4, 15, 17)


def test_working_hours_follow_custom_opening_times() -> None:
    calendar = WorkingCalendar(
        bank_holidays=BANK_HOLIDAYS, opens_at=time(8, 30), closes_at=time(18)
    )
    assert calendar.add_working_hours(london(2026, 6, 5, 17), 2) == london(2026, 6, 8, 9, 30)


def test_a_calendar_in_another_zone_uses_that_zones_wall_clock() -> None:
    new_york = ZoneInfo("America/New_York")
    calendar = WorkingCalendar(bank_holidays=frozenset(), tz=new_york)
    result = calendar.add_working_hours(london(2026, 6, 5, 21), 1)  # 16:00 in New York
    assert result == datetime(2026, 6, 5, 17, tzinfo=new_york)
    assert result.tzinfo is new_york


# --------------------------------------------------------------------------
# Working time elapsed
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (london(2026, 6, 5, 16, 30), london(2026, 6, 8, 10, 30), timedelta(hours=2)),
        (london(2026, 6, 1, 8), london(2026, 6, 1, 18), timedelta(hours=8)),
        (london(2026, 6, 1, 9), london(2026, 6, 8, 9), timedelta(hours=40)),
        (london(2026, 4, 2, 9), london(2026, 4, 7, 9), timedelta(hours=8)),  # Easter
        (london(2026, 12, 24, 17), london(2026, 12, 29, 9), timedelta(0)),  # Christmas
        (
            london(2026, 3, 27, 12),
            london(2026, 3, 30, 12),
            timedelta(hours=8),
        ),  # BST starts
        (
            london(2026, 10, 23, 12),
            london(2026, 10, 26, 12),
            timedelta(hours=8),
        ),  # BST ends
        (london(2026, 6, 6, 10), london(2026, 6, 7, 23), timedelta(0)),  # weekend
        (london(2026, 6, 1, 12), london(2026, 6, 1, 12), timedelta(0)),  # empty
        (london(2026, 6, 2, 12), london(2026, 6, 1, 12), timedelta(0)),  # reversed
    ],
)
def test_working_time_between_worked_examples(
    start: datetime, end: datetime, expected: timedelta
) -> None:
    assert CAL.working_time_between(start, end) == expected


def test_working_time_between_accepts_any_aware_zone() -> None:
    start = datetime(2026, 6, 1, 8, tzinfo=UTC)  # 09:00 BST
    end = datetime(2026, 6, 1, 9, tzinfo=UTC)  # 10:00 BST
    assert CAL.working_time_between(start, end) == timedelta(hours=1)


@FAST
@given(a=moments, first=gaps, second=gaps)
def test_working_time_adds_up_over_a_midpoint(
    a: datetime, first: timedelta, second: timedelta
) -> None:
    b = (utc(a) + first).astimezone(LONDON)
    c = (utc(b) + second).astimezone(LONDON)
    assert CAL.working_time_between(a, b) + CAL.working_time_between(
        b, c
    ) == CAL.working_time_between(a, c)


@FAST
@given(start=moments, elapsed=st.one_of(gaps, gaps.map(lambda gap: -gap)))
def test_working_time_never_exceeds_elapsed_time(start: datetime, elapsed: timedelta) -> None:
    end = (utc(start) + elapsed).astimezone(LONDON)
    working = CAL.working_time_between(start, end)
    assert timedelta(0) <= working <= max(timedelta(0), elapsed)


# --------------------------------------------------------------------------
# Working hours: properties
# --------------------------------------------------------------------------


@FAST
@given(moment=moments, hours=hour_counts)
def test_a_working_hours_deadline_always_falls_within_working_hours(
    moment: datetime, hours: float | timedelta
) -> None:
    result = CAL.add_working_hours(moment, hours)
    assert result.tzinfo is LONDON
    assert in_working_hours(result)
    assert utc(result) >= utc(moment)


@FAST
@given(moment=moments_in_working_hours(), hours=hour_counts)
def test_the_working_time_to_a_deadline_is_exactly_the_hours_added(
    moment: datetime, hours: float | timedelta
) -> None:
    result = CAL.add_working_hours(moment, hours)
    assert abs(CAL.working_time_between(moment, result) - as_timedelta(hours)) <= MICROSECOND


@FAST
@given(moment=moments, hours=hour_counts)
def test_the_working_time_identity_holds_from_outside_working_hours_too(
    moment: datetime, hours: float | timedelta
) -> None:
    result = CAL.add_working_hours(moment, hours)
    assert abs(CAL.working_time_between(moment, result) - as_timedelta(hours)) <= MICROSECOND


@FAST
@given(moment=moments, hours=hour_counts)
def test_a_working_hours_deadline_is_the_earliest_moment_that_satisfies_it(
    moment: datetime, hours: float | timedelta
) -> None:
    duration = as_timedelta(hours)
    assume(duration > timedelta(0))
    result = CAL.add_working_hours(moment, hours)
    just_before = utc(result) - MICROSECOND
    assert CAL.working_time_between(moment, just_before) < duration


@FAST
@given(moment=moments, first=hour_counts, second=hour_counts)
def test_longer_clocks_never_expire_earlier(
    moment: datetime, first: float | timedelta, second: float | timedelta
) -> None:
    short, long = sorted((as_timedelta(first), as_timedelta(second)))
    assert utc(CAL.add_working_hours(moment, short)) <= utc(CAL.add_working_hours(moment, long))


@FAST
@given(
    moment=moments_in_working_hours(),
    first=st.integers(min_value=1, max_value=100),
    second=st.integers(min_value=1, max_value=100),
)
def test_working_hours_clocks_compose(moment: datetime, first: int, second: int) -> None:
    # A first leg ending exactly at closing time restarts next morning, so the
    # split point never changes the final deadline.
    once = CAL.add_working_hours(moment, first + second)
    twice = CAL.add_working_hours(CAL.add_working_hours(moment, first), second)
    assert utc(once) == utc(twice)


# --------------------------------------------------------------------------
# Clock hours
# --------------------------------------------------------------------------


def test_clock_hours_across_the_autumn_change_count_real_hours() -> None:
    # Sat 25 Oct 2025 23:00 BST + 3 h = Sun 26 Oct 01:00 GMT (the second 01:00).
    result = add_clock_hours(london(2025, 10, 25, 23), 3)
    assert (result.date(), result.time(), result.utcoffset()) == (
        date(2025, 10, 26),
        time(1, 0),
        GMT,
    )
    assert result == london(2025, 10, 26, 1, fold=1)


def test_clock_hours_across_the_autumn_2026_change_count_real_hours() -> None:
    result = add_clock_hours(london(2026, 10, 24, 23), 3)
    assert (result.date(), result.time(), result.utcoffset()) == (
        date(2026, 10, 25),
        time(1, 0),
        GMT,
    )


def test_clock_hours_across_the_spring_change_skip_the_missing_hour() -> None:
    # Sat 28 Mar 2026 23:00 GMT + 3 h = Sun 29 Mar 03:00 BST.
    result = add_clock_hours(london(2026, 3, 28, 23), 3)
    assert (result.date(), result.time(), result.utcoffset()) == (
        date(2026, 3, 29),
        time(3, 0),
        BST,
    )


def test_twenty_four_clock_hours_is_not_always_the_same_wall_clock_time() -> None:
    assert add_clock_hours(london(2026, 3, 28, 12), 24).hour == 13
    assert add_clock_hours(london(2026, 10, 24, 12), 24).hour == 11


def test_clock_hours_keep_the_input_timezone() -> None:
    start = datetime(2026, 6, 1, 12, tzinfo=UTC)
    result = add_clock_hours(start, timedelta(minutes=90))
    assert result.tzinfo is UTC
    assert result == datetime(2026, 6, 1, 13, 30, tzinfo=UTC)


@FAST
@given(moment=moments, hours=hour_counts)
def test_clock_hours_add_exactly_that_much_real_time(
    moment: datetime, hours: float | timedelta
) -> None:
    result = add_clock_hours(moment, hours)
    assert result.tzinfo is moment.tzinfo
    assert utc(result) - utc(moment) == as_timedelta(hours)
