from datetime import datetime, timedelta

import pytest

from frontdoor.core.timewords import time_left_words

NOW = datetime(2026, 11, 23, 9, 0)


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(hours=1, minutes=20), "due in 1 hour 20 minutes"),
        (timedelta(days=-2), "overdue by 2 days"),
        (timedelta(minutes=-90), "overdue by 1 hour 30 minutes"),
        (timedelta(seconds=20), "due now"),
        (timedelta(days=1, hours=2, minutes=3), "due in 1 day 2 hours"),
    ],
)
def test_time_left_reads_as_words(delta, words):
    assert time_left_words(NOW + delta, NOW) == words
