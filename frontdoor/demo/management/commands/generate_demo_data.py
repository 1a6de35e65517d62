"""`manage.py generate_demo_data --seed N`: the synthetic Staffordshire and Stoke-on-Trent hub.

Each domain adds its own records through its `demo` module; this command only orders them.
Safe to run again: what exists is kept.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.demo import DEMO_PASSWORD, create_personas
from frontdoor.agencies.demo import build_hub
from frontdoor.audit.services import Action, record
from frontdoor.core.actors import Actor


class Command(BaseCommand):
    help = "Generate synthetic demo data (Faker en_GB) for the demo hub."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed (same seed, same data)"
        )

    def handle(self, *args: Any, seed: int, **options: Any) -> None:
        by = Actor.system("generate_demo_data")
        with transaction.atomic():
            created = build_hub(by=by)
            personas = create_personas(
                seed=seed, by=by, starts_on=timezone.localdate().replace(month=1, day=1)
            )
            record(Action.DEMO_DATA_GENERATED, by=by, details={"seed": seed, **created})
        self.stdout.write("Demo hub: Staffordshire and Stoke-on-Trent MASH (LA 860 and 861).")
        self.stdout.write(f"Every persona's password is: {DEMO_PASSWORD}")
        width = max(len(p.email) for p in personas)
        for persona in personas:
            self.stdout.write(f"  {persona.email.ljust(width)}  {persona.description}")
