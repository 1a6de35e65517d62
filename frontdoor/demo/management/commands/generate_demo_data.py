"""`manage.py generate_demo_data --seed N --weeks W`: the synthetic Staffordshire and
Stoke-on-Trent hub, with W weeks of contacts worked through screening to decisions, with the
information requests, strategy discussions and handover packages along the way.

Each domain adds its own records through its `demo` module; this command only orders them.
Screening's demo calls back into the higher apps' (requests, discussions) right after each
screening; handovers follow once every contact has its history.
Safe to run again: what exists is kept, and contacts are added only to a hub that has none.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache
from time import monotonic
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from frontdoor.accounts.actors import actor_for_user
from frontdoor.accounts.demo import DEMO_PASSWORD, PERSONAS, create_personas
from frontdoor.accounts.models import User
from frontdoor.agencies.demo import STAFFORDSHIRE, STOKE, build_hub
from frontdoor.agencies.models import Membership
from frontdoor.audit.chain import rewriting_history
from frontdoor.audit.services import Action, record
from frontdoor.contacts.demo import plan_contacts
from frontdoor.contacts.models import Contact, ContactStatus
from frontdoor.core.actors import Actor
from frontdoor.enquiries.agreements import build_hub_sharing
from frontdoor.enquiries.demo import (
    Enquirer,
    create_researchers,
    plan_enquiries,
    research_desks,
    summarise_requests,
)
from frontdoor.governance.demo import build_governance_demo
from frontdoor.meetings.demo import (
    Convener,
    plan_discussions,
    recorded_times,
    summarise_discussions,
)
from frontdoor.notifications.models import Notification
from frontdoor.notifications.services import without_emails
from frontdoor.outcomes.demo import (
    HandingOver,
    create_receiving_workers,
    plan_handovers,
    receivers,
    summarise_handovers,
)
from frontdoor.personindex.duplicates import propose_duplicates
from frontdoor.screening.demo import (
    Backdater,
    Plan,
    Workforce,
    carry_out,
    create_mash_staff,
    hub_contact_count,
    plan_history,
    summarise,
    workforce,
)

# Two weeks (about 1,650 contacts, 1,000 information requests and 250 handovers) take about a
# minute of CPU on SQLite; four take over two, too long for `make demo` to start quickly.
# Every contact, request, discussion and package goes through the real services.
DEFAULT_WEEKS = 2
# The personas whose queues the demo fills (see the README's demo section).
OWN_QUEUE_PERSONA = "practitioner"
LIGHTER_PERSONAS = ("practitioner", "manager", "stoke-practitioner")
RESEARCHER_PERSONAS = ("police", "health", "education")  # their inboxes keep a few requests
AREA_WORKER_PERSONA = "area-worker"  # their team keeps a few packages waiting
HISTORY_UNREAD_FOR = timedelta(days=1)  # older notifications in the history count as read


@cache
def _demo_password_hash() -> str:
    """Hash the shared demo password once: hashing is deliberately slow."""
    return make_password(DEMO_PASSWORD)


def _create_staff_user(email: str, full_name: str) -> User:
    return User.objects.create(email=email, full_name=full_name, password=_demo_password_hash())


def _personas(keys: Sequence[str]) -> QuerySet[User]:
    emails = {persona.key: persona.email for persona in PERSONAS}
    return User.objects.filter(email__in=[emails[key] for key in keys])


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
                seed=seed,
                by=by,
                starts_on=timezone.localdate().replace(month=1, day=1),
                password_hash=_demo_password_hash(),
            )
            build_hub_sharing(local_authority_codes=[STAFFORDSHIRE, STOKE], by=by)
            created["staff"] = create_mash_staff(
                seed=seed, by=by, starts_on=starts_on, create_user=_create_staff_user
            )
            created["researchers"] = create_researchers(
                seed=seed, by=by, starts_on=starts_on, create_user=_create_staff_user
            )
            created["receiving_workers"] = create_receiving_workers(
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
        staff = workforce(lighter=_personas(LIGHTER_PERSONAS))
        own_queue = staff.worker_for(_personas([OWN_QUEUE_PERSONA]).get())
        contacts = plan_contacts(seed=seed, weeks=weeks, now=now)
        plans = plan_history(contacts, seed=seed, now=now, staff=staff, own_queue=own_queue)
        # All or nothing: rerun if it fails. The history's audit events are backdated, then
        # the audit chain is re-linked once at the end (ADR 0020).
        with without_emails(), transaction.atomic(), rewriting_history():
            self._history(plans, seed=seed, now=now, staff=staff)
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
        self.stdout.write(f"  {summarise_requests(now=now).line()}")
        self.stdout.write(f"  {summarise_discussions().line()}")
        self.stdout.write(f"  {summarise_handovers(now=now).line()}")
        proposed = propose_duplicates(by=Actor.system("Demo data"))
        self.stdout.write(f"  possible duplicate records for a manager to review: {proposed:,}")
        # After the backdated history: break-glass and a legal hold, chained as in live use.
        governance = build_governance_demo(
            seed=seed,
            breaking=actor_for_user(_personas(["stoke-practitioner"]).get()),
            governing=actor_for_user(_personas(["ig-officer"]).get()),
        )
        self.stdout.write(f"  {governance.line()}")
        return len(plans)

    def _history(self, plans: list[Plan], *, seed: int, now: datetime, staff: Workforce) -> None:
        """Every contact's path, with requests and discussions after screening, then the
        handovers of the decided ones."""
        desks = research_desks(lighter=_personas(RESEARCHER_PERSONAS))
        asked = Membership.objects.filter(user__in=_personas(RESEARCHER_PERSONAS))
        enquiries = plan_enquiries(
            plans,
            seed=seed,
            now=now,
            desks=desks,
            persona_agencies=list(asked.values_list("agency__code", flat=True)),
        )
        discussions = plan_discussions(plans, seed=seed, now=now)
        backdater = Backdater(contact_events=False)
        enquirer = Enquirer(enquiries, seed=seed, backdater=backdater)
        convener = Convener(discussions, seed=seed, desks=desks, backdater=backdater)

        def after_screening(contact: Contact, plan: Plan) -> None:
            enquirer.after_screening(contact, plan)
            convener.after_screening(contact, plan)

        carry_out(plans, now=now, after_screening=after_screening)
        enquirer.backdate()
        convener.backdate()
        backdater.apply()
        area_team = next(p.team for p in PERSONAS if p.key == AREA_WORKER_PERSONA)
        handing_over = HandingOver(
            seed=seed,
            now=now,
            receiving=receivers(staff, lighter=_personas([AREA_WORKER_PERSONA])),
        )
        handovers = plan_handovers(
            plans,
            seed=seed,
            now=now,
            persona_team=area_team,
            discussed=recorded_times(discussions),
        )
        handing_over.run(handovers)
        # People have read what the history told them, except in the last working day.
        Notification.objects.filter(
            read_at__isnull=True, created_at__lt=now - HISTORY_UNREAD_FOR
        ).update(read_at=now)
