"""`manage.py propose_duplicates [--threshold 0.9]`: propose likely duplicate person records
for review in the duplicates queue (see `frontdoor.personindex.duplicates`).

It prints one line with the number proposed and nothing about any person. It is idempotent:
a pair already proposed (or decided) is never proposed again. Run it nightly, e.g. from cron:

    0 2 * * * cd /srv/frontdoor && .venv/bin/python manage.py propose_duplicates
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.core.actors import Actor
from frontdoor.personindex.duplicates import DEFAULT_THRESHOLD, propose_duplicates


class Command(BaseCommand):
    help = "Propose likely duplicate person records for review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--threshold",
            type=float,
            default=DEFAULT_THRESHOLD,
            help=f"Least match probability to propose, above 0 and at most 1 "
            f"(default {DEFAULT_THRESHOLD}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        threshold: float = options["threshold"]
        if not 0 < threshold <= 1:
            raise CommandError("--threshold must be above 0 and at most 1")
        proposed = propose_duplicates(by=Actor.system("propose_duplicates"), threshold=threshold)
        noun = "pair" if proposed == 1 else "pairs"
        self.stdout.write(f"Proposed {proposed} possible duplicate {noun} for review.")
