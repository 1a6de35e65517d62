"""Rate limiting for sending referrals: a fixed window per client address, in Django's cache.

`settings.FRONTDOOR_REFERRAL_RATE` sets the limit as (submissions, seconds) or "5/600";
the default is 5 submissions in 10 minutes. The address is keyed through an HMAC, so the
cache never holds it in the clear.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

DEFAULT_RATE = (5, 10 * 60)


def rate() -> tuple[int, int]:
    """The configured (submissions, seconds)."""
    value = getattr(settings, "FRONTDOOR_REFERRAL_RATE", DEFAULT_RATE)
    if isinstance(value, str):
        value = value.split("/", 1)
    count, seconds = value
    return int(count), int(seconds)


def allow_submission(ip_address: str | None) -> bool:
    """Count one submission from this address; False once it is over the limit."""
    limit, seconds = rate()
    address = ip_address or "unknown"
    key = "referral-rate:" + salted_hmac("referral-rate", address, algorithm="sha256").hexdigest()
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=seconds)
        count = 1
    return count <= limit
