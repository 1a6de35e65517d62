"""The strategy discussion clock in words: overdue and held late are computed, never stored."""

from datetime import timedelta

from frontdoor.meetings.clocks import held_words, is_overdue, target_words

from .conftest import FRIDAY

TARGET = FRIDAY + timedelta(hours=2)


def test_a_discussion_held_before_its_target_is_within_it():
    held = held_words(convened_at=FRIDAY, target_at=TARGET, held_at=TARGET)

    assert held == "Held within the 2-hour target"


def test_a_discussion_held_late_says_by_how_much():
    held = held_words(convened_at=FRIDAY, target_at=TARGET, held_at=TARGET + timedelta(minutes=35))

    assert held == "Held 35 minutes after its target"


def test_a_target_of_part_hours_is_in_minutes():
    assert target_words(convened_at=FRIDAY, target_at=FRIDAY + timedelta(minutes=90)) == "90-minute"


def test_only_an_unheld_discussion_past_its_target_is_overdue():
    later = TARGET + timedelta(minutes=1)

    assert is_overdue(target_at=TARGET, held_at=None, now=later)
    assert not is_overdue(target_at=TARGET, held_at=None, now=TARGET)
    assert not is_overdue(target_at=TARGET, held_at=TARGET, now=later)
