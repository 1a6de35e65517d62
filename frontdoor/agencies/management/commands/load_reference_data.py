"""`manage.py load_reference_data`: national code lists, local authorities, bank holidays.

Safe to run again: it updates what changed and deletes nothing.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from frontdoor.agencies.loaders import load_local_authorities
from frontdoor.agencies.selectors import forget_bank_holidays
from frontdoor.audit.services import Action, record
from frontdoor.core.actors import Actor
from frontdoor.reference.loaders import load_bank_holidays, load_code_lists
from frontdoor.reference.selectors import forget_codes


class Command(BaseCommand):
    help = "Load or refresh reference data (code lists, local authorities, bank holidays)."

    def add_arguments(self, parser: CommandParser) -> None:
        this_year = timezone.localdate().year
        parser.add_argument("--first-year", type=int, default=this_year - 6)
        parser.add_argument("--last-year", type=int, default=this_year + 3)

    def handle(self, *args: Any, first_year: int, last_year: int, **options: Any) -> None:
        with transaction.atomic():
            counts = load_code_lists()
            counts["local_authorities"] = load_local_authorities()
            counts["bank_holidays"] = load_bank_holidays(first_year=first_year, last_year=last_year)
            forget_bank_holidays()
            forget_codes()
            record(Action.REFERENCE_LOADED, by=Actor.system("load_reference_data"), details=counts)
        summary = ", ".join(f"{name} {count}" for name, count in counts.items())
        if int(options.get("verbosity", 1)) > 0:
            self.stdout.write(f"Reference data loaded: {summary}")
