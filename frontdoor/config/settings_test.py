"""Settings for the test suite: the production module with test-only environment defaults.

Tests run over plain HTTP (test client and live server) with fast password hashing. MFA stays
required, as in production, so the login tests exercise it.
"""

import os

os.environ.setdefault(
    "FRONTDOOR_SECRET_KEY", "test-only-secret-key-not-for-any-real-deployment-0123456789"
)
os.environ.setdefault("FRONTDOOR_HTTPS", "false")
os.environ.setdefault("FRONTDOOR_FAST_PASSWORD_HASHER", "true")
os.environ.setdefault("FRONTDOOR_PLAIN_STATIC", "true")
os.environ.setdefault("FRONTDOOR_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from frontdoor.config.settings import *  # noqa: F403
