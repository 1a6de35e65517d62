"""`manage.py generate_demo_data --seed N --weeks W`: the synthetic Staffordshire and
Stoke-on-Trent hub, with W weeks of contacts worked through screening to decisions.

Each domain adds its own records through its `demo` module; this command only orders them.
Safe to run again: what exists is kept, and contacts are added only to a hub that has none.
"""

from datetime import datetime, timedelta
from functools import cache
from time import monotonic
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.demo import DEMO_PASSWORD, PERSONAS, create_personas
from frontdoor.accounts.models import User
from frontdoor.agencies.demo import build_hub
from frontdoor.audit.services import Action, record
from frontdoor.contacts.demo import plan_contacts
from frontdoor.contacts.models import ContactStatus
from frontdoor.core.actors import Actor
from frontdoor.screening.demo import (
    carry_out,
    create_mash_staff,
    hub_contact_count,
    plan_history,
    summarise,
    workforce,
)

# Two weeks (about 1,650 contacts) take about 30 s of CPU on SQLite; four take over a minute,
# too long for `make demo` to start quickly. Every contact goes through the real services.
DEFAULT_WEEKS = 2
# The personas whose queues the demo fills (see the README's demo section).
OWN_QUEUE_PERSONA = "practitioner"
LIGHTER_PERSONAS = ("practitioner", "manager", "stoke-practitioner")


@cache
def _demo_password_hash() -> str:
    """Hash the shared demo password once: hashing is deliberately slow."""
    return make_password(DEMO_PASSWORD)


def _create_staff_user(email: str, full_name: str) -> User:
    return User.objects.create(email=email, full_name=full_name, password=_demo_password_hash())


class Command(BaseCommand):
    help = "Generate synthetic demo data (Faker en_GB) for the demo hub."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed (same seed, same data)"
        )
        parser.add_argument(
            "--weeks",
            type=int,
            default=DEFAULT_WEEKS,
            help=f"Weeks of contacts up to now (default {DEFAULT_WEEKS}; 0 for none)",
        )

    def handle(self, *args: Any, seed: int, weeks: int, **options: Any) -> None:
        by = Actor.system("generate_demo_data")
        now = timezone.now()
        starts_on = (now - timedelta(weeks=weeks)).date().replace(month=1, day=1)
        with transaction.atomic():
            created = build_hub(by=by)
            personas = create_personas(
                seed=seed, by=by, starts_on=timezone.localdate().replace(month=1, day=1)
            )
            created["staff"] = create_mash_staff(
                seed=seed, by=by, starts_on=starts_on, create_user=_create_staff_user
            )
        self.stdout.write("Demo hub: Staffordshire and Stoke-on-Trent MASH (LA 860 and 861).")
        self.stdout.write(f"Every persona's password is: {DEMO_PASSWORD}")
        width = max(len(p.email) for p in personas)
        for persona in personas:
            self.stdout.write(f"  {persona.email.ljust(width)}  {persona.description}")
        created["contacts"] = self._contacts(seed=seed, weeks=weeks, now=now)
        with transaction.atomic():
            record(
                Action.DEMO_DATA_GENERATED, by=by, details={"seed": seed, "weeks": weeks, **created}
            )

    def _contacts(self, *, seed: int, weeks: int, now: datetime) -> int:
        existing = hub_contact_count()
        if existing:
            self.stdout.write(f"The demo hub already has {existing:,} contacts: none added.")
            return 0
        if weeks <= 0:
            return 0
        started = monotonic()
        emails = {persona.key: persona.email for persona in PERSONAS}
        staff = workforce(
            lighter=User.objects.filter(email__in=[emails[key] for key in LIGHTER_PERSONAS])
        )
        own_queue = staff.worker_for(User.objects.get(email=emails[OWN_QUEUE_PERSONA]))
        contacts = plan_contacts(seed=seed, weeks=weeks, now=now)
        plans = plan_history(contacts, seed=seed, now=now, staff=staff, own_queue=own_queue)
        with transaction.atomic():  # all or nothing, so a failed run can simply be rerun
            carry_out(plans, now=now)
        summary = summarise(now=now)
        seconds = monotonic() - started
        span = f"{weeks} week{'s' if weeks > 1 else ''}"
        self.stdout.write(f"Contacts received over the last {span} ({seconds:.0f} s):")
        for name, count in sorted(summary.by_authority.items()):
            self.stdout.write(f"  {name}: {count:,}")
        statuses = ", ".join(
            f"{ContactStatus(status).label.lower()} {summary.by_status.get(status, 0):,}"
            for status in ContactStatus
        )
        self.stdout.write(f"  {statuses}; overdue: {summary.overdue:,}")
        return len(plans)
