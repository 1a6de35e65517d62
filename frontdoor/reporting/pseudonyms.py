"""Pseudonyms for lists of contacts shown to analysts: stable, and not reversible without the
hub's secret key.

`P-` and the first 10 hex digits of HMAC-SHA256 over `contact:<pk>`, keyed by a key derived
from `settings.SECRET_KEY` for this purpose only (Django's `salted_hmac`), so the same contact
has the same pseudonym in every report and export, and rotating the secret key changes them all.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.crypto import salted_hmac

from frontdoor.contacts.models import REFERENCE_PREFIX
from frontdoor.core.calendar import LONDON

KEY_SALT = "frontdoor.reporting.pseudonyms"


def contact_pseudonym(pk: int) -> str:
    """The contact's pseudonym, e.g. `P-3f9a0c12be`."""
    digest = salted_hmac(KEY_SALT, f"contact:{pk}", algorithm="sha256").hexdigest()
    return f"P-{digest[:10]}"


def contact_reference(pk: int, received_at: datetime) -> str:
    """The contact's reference (as `Contact.reference`) from its values, without an instance."""
    return f"{REFERENCE_PREFIX}-{received_at.astimezone(LONDON).year}-{pk:06d}"
