from datetime import timedelta

import pytest

from frontdoor.core.templatetags.govuk import duration_in_words


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(minutes=15), "15 minutes"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(hours=1, minutes=20), "1 hour 20 minutes"),
        (timedelta(days=2, hours=3, minutes=5), "2 days 3 hours"),
        (timedelta(days=1), "1 day"),
        (timedelta(seconds=30), "less than a minute"),
        (timedelta(seconds=-5), "less than a minute"),
        (None, ""),
    ],
)
def test_durations_read_as_words(delta, words):
    assert duration_in_words(delta) == words
