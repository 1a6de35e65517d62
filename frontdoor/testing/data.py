"""Test data every test database needs."""

from django.core.management import call_command

from frontdoor.reference.models import ReferralSource


def ensure_reference_data() -> None:
    """Load reference data unless present (a transactional test's flush removes it)."""
    if not ReferralSource.objects.exists():
        call_command("load_reference_data", first_year=2020, last_year=2031, verbosity=0)
