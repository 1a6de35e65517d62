"""Demo handovers: after a manager approves early help, a child and family assessment, a
strategy discussion or a transfer to the hub's other authority, the practitioner sends the
receiving team a package of the shareable answers, and the team acknowledges it.

Runs after the contacts' history is carried out (the contacts must be decided), through the
real services, then moves the rows, audit events, notifications and status changes to the
planned times. A few packages hold a hub-only answer a manager consented to; restricted answers
never go. Older packages are mostly acknowledged, which closes the contact; recent ones wait,
some past their acknowledgement time, and the persona area worker always has a few waiting.

Once a team has acknowledged a package it records what it did for each child (the facts the
statutory returns count): early help assessments, child and family assessments (a few
referrals end in no further action instead), and section 47 enquiries with their conference;
the older ones are completed later, through the update service.
"""

import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q
from django.utils import timezone

from frontdoor.agencies.demo import STAFFORDSHIRE, STOKE
from frontdoor.agencies.models import LocalAuthority, Team
from frontdoor.agencies.roles import Role
from frontdoor.agencies.selectors import hub_calendar
from frontdoor.contacts.demo import SCHOOLS, weighted_choice
from frontdoor.contacts.models import Contact, ContactStatus
from frontdoor.core.actors import Actor
from frontdoor.enquiries.demo import create_team_staff, members
from frontdoor.enquiries.models import Sensitivity
from frontdoor.people.models import Person
from frontdoor.screening.demo import Backdater, Plan, Worker, Workforce, move_times
from frontdoor.screening.models import NextStep, Outcome

from .models import (
    DEFAULT_ACKNOWLEDGE_WORKING_DAYS,
    Handover,
    HandoverItem,
    HandoverStatus,
    ResponseKind,
    TeamResponse,
)
from .responses import children_of, facts_of, record_team_response, update_team_response
from .selectors import answers_for, approved_recommendation, receiving_teams_for
from .services import (
    Inclusion,
    acknowledge_due_at,
    acknowledge_handover,
    build_handover,
    decide_handover_consent,
)

# Synthetic receiving workers, besides the persona area worker: (team, how many).
RECEIVING_WORKERS = [
    ("staffs-north-area", 2),
    ("staffs-south-area", 2),
    ("stoke-assessment", 2),
    ("staffs-early-help-hub", 1),
    ("stoke-early-help-hub", 1),
]
# Staffordshire's northern postcode districts go to its north area team, the rest south.
NORTH_DISTRICTS = {"ST5", "ST7", "ST8", "ST9", "ST10", "ST11", "ST12", "ST13"}
SUMMARIES: dict[str, str] = {
    Outcome.EARLY_HELP: (
        "Early help approved with the family's agreement. Please contact the parent to arrange "
        "a first meeting; the school is aware."
    ),
    Outcome.CHILD_AND_FAMILY_ASSESSMENT: (
        "Child and family assessment approved. The family knows a social worker will be in "
        "touch; partner checks are attached."
    ),
    Outcome.STRATEGY_DISCUSSION: (
        "Strategy discussion held and a section 47 enquiry agreed. Please allocate today; the "
        "discussion's actions are on the record."
    ),
    Outcome.TRANSFER: (
        "The family has moved to your area. Please take over the contact; partner checks are "
        "attached."
    ),
}
CONSENT_REASON = (
    "The allocated worker needs this to plan a safe first visit; the manager agreed it may go."
)
WITH_CONSENT = 0.25  # packages after information gathering that ask to include a hub-only answer
SLOW_ACKNOWLEDGEMENT = 0.1
PERSONA_WAITING = 3
AWAITING_CONSENT = 2  # per authority, if they have a hub-only answer to ask about


def create_receiving_workers(
    *, seed: int, by: Actor, starts_on: date, create_user: Callable[[str, str], AbstractBaseUser]
) -> int:
    return create_team_staff(
        seed=seed,
        by=by,
        starts_on=starts_on,
        create_user=create_user,
        teams=RECEIVING_WORKERS,
        role=Role.RECEIVING_WORKER,
        tag="w",
    )


def receivers(
    staff: Workforce, *, lighter: Iterable[AbstractBaseUser] = ()
) -> dict[str, list[Worker]]:
    """Who acknowledges for each team (by team code): its receiving workers, or for a MASH
    team receiving a transfer its practitioners."""
    found: dict[str, list[Worker]] = {}
    for membership, worker in members(Role.RECEIVING_WORKER, lighter=lighter):
        if membership.team is not None:
            found.setdefault(membership.team.code, []).append(worker)
    mash_teams = Team.objects.filter(function=Team.Function.MASH).values_list(
        "local_authority__code", "code"
    )
    for la_code, team_code in mash_teams:
        found[team_code] = staff.by_role.get((la_code, Role.PRACTITIONER), [])
    return found


@dataclass
class PlannedHandover:
    plan: Plan
    team_code: str
    built_at: datetime
    consent_at: datetime | None  # a manager consents to a hub-only answer
    acknowledged_at: datetime | None  # None: waiting

    @property
    def sent_at(self) -> datetime:
        return self.consent_at or self.built_at


def _team_code(plan: Plan) -> str:
    la_code = plan.details.local_authority_code
    if plan.outcome == Outcome.TRANSFER:
        return {STAFFORDSHIRE: "staffs-mash", STOKE: "stoke-mash"}.get(plan.transfer_to, "")
    if plan.outcome == Outcome.EARLY_HELP:
        return "staffs-early-help-hub" if la_code == STAFFORDSHIRE else "stoke-early-help-hub"
    if la_code == STOKE:
        return "stoke-assessment"
    district = plan.details.subjects[0].postcode.split(" ")[0]
    return "staffs-north-area" if district in NORTH_DISTRICTS else "staffs-south-area"


class HandoverPlanner:
    """Plans the package of a decided contact from its plan: when it is built, consented to,
    and acknowledged (None: not by now)."""

    def __init__(self, *, seed: int, now: datetime) -> None:
        self.rng = random.Random(f"handovers-{seed}")
        self.now = now
        self.calendars = {
            la.code: hub_calendar(la)
            for la in LocalAuthority.objects.filter(code__in=[STAFFORDSHIRE, STOKE])
        }

    def plan(self, plan: Plan, *, not_before: datetime) -> PlannedHandover | None:
        if plan.status != ContactStatus.DECIDED or plan.outcome not in SUMMARIES:
            return None
        team_code = _team_code(plan)
        if not team_code:
            return None  # a transfer out of the hub goes by the authorities' own route
        calendar = self.calendars[plan.details.local_authority_code]
        uniform = self.rng.uniform
        start = max(plan.steps[-1].at, not_before)
        built = calendar.add_working_hours(start, uniform(0.2, 3)).replace(microsecond=0)
        if built > self.now:
            return None
        consent = None
        gathered = plan.next_step == NextStep.INFORMATION_GATHERING  # so it has answers
        if self.rng.random() < WITH_CONSENT and gathered:
            consent = (built + timedelta(hours=uniform(0.2, 2))).replace(microsecond=0)
        sent = consent or built
        slow = self.rng.random() < SLOW_ACKNOWLEDGEMENT
        hours = uniform(9, 20) if slow else uniform(0.3, 8)
        acknowledged = calendar.add_working_hours(sent, hours).replace(microsecond=0)
        return PlannedHandover(
            plan, team_code, built, consent, acknowledged if acknowledged <= self.now else None
        )

    def await_consent(self, planned: list[PlannedHandover]) -> None:
        """In each authority the newest packages asking for consent still wait for a manager
        (their consent is planned after now)."""
        for la_code in (STAFFORDSHIRE, STOKE):
            asking = [
                p
                for p in planned
                if p.consent_at and p.plan.details.local_authority_code == la_code
            ]
            for handover in sorted(asking, key=lambda p: p.built_at)[-AWAITING_CONSENT:]:
                handover.consent_at = self.now + timedelta(days=1)
                handover.acknowledged_at = None

    def keep_waiting(self, planned: list[PlannedHandover], team_code: str) -> None:
        """The team's newest packages wait, and one more past its acknowledgement time."""
        sent = sorted(
            (p for p in planned if p.team_code == team_code and p.sent_at <= self.now),
            key=lambda p: p.sent_at,
        )
        for handover in sent[-PERSONA_WAITING:]:
            handover.acknowledged_at = None
        for handover in reversed(sent[:-PERSONA_WAITING]):
            calendar = self.calendars[handover.plan.details.local_authority_code]
            due = calendar.add_working_days(handover.sent_at, DEFAULT_ACKNOWLEDGE_WORKING_DAYS)
            if due < self.now:
                handover.acknowledged_at = None
                return


def plan_handovers(
    plans: list[Plan],
    *,
    seed: int,
    now: datetime,
    persona_team: str = "",
    discussed: Mapping[Plan, datetime | None] | None = None,
) -> list[PlannedHandover]:
    """Plan the packages of the decided contacts whose outcome goes to a team (no writes).

    A contact in `discussed` is handed over only after its strategy discussion is recorded
    (None: not held yet, so not yet)."""
    planner = HandoverPlanner(seed=seed, now=now)
    discussed = discussed or {}
    planned = []
    for plan in plans:
        not_before = (discussed[plan] or now) if plan in discussed else plan.received_at
        if (handover := planner.plan(plan, not_before=not_before)) is not None:
            planned.append(handover)
    planner.await_consent(planned)
    if persona_team:
        planner.keep_waiting(planned, persona_team)
    return planned


class HandingOver:
    """Carries out the planned packages through the services, then moves them in time."""

    def __init__(self, *, seed: int, now: datetime, receiving: dict[str, list[Worker]]) -> None:
        self.rng = random.Random(f"acknowledgements-{seed}")
        self.now = now
        self.receiving = receiving
        self.teams = {team.code: team for team in Team.objects.select_related("agency")}
        self.backdater = Backdater(contact_events=True)
        self.times: dict[str, list[tuple[int, datetime]]] = defaultdict(list)
        self._teams_for: dict[tuple[str, str, str], set[int]] = {}
        self.responder = Responder(seed=seed, now=now, backdater=self.backdater)

    def run(self, planned: list[PlannedHandover]) -> None:
        for handover in planned:
            self.hand_over(handover)
        for name, moves in self.times.items():
            model = HandoverItem if name == "consented_at" else Handover
            move_times(model, name, moves)
        move_times(TeamResponse, "recorded_at", self.responder.recorded)
        self.backdater.apply()

    def _receiving(self, contact: Contact, plan: Plan) -> set[int]:
        """The ids of the teams that may receive the contact's package: the same for every
        contact of an authority with the same outcome, so asked once for each."""
        key = (plan.details.local_authority_code, plan.outcome, plan.transfer_to)
        if key not in self._teams_for:
            recommendation = approved_recommendation(contact)
            teams = receiving_teams_for(contact, recommendation) if recommendation else []
            self._teams_for[key] = {team.pk for team in teams}
        return self._teams_for[key]

    def hand_over(self, planned: PlannedHandover) -> None:
        plan = planned.plan
        assert plan.contact_id is not None  # received by `carry_out`
        contact = Contact.objects.select_related("local_authority").get(pk=plan.contact_id)
        team = self.teams[planned.team_code]
        if team.pk not in self._receiving(contact, plan):
            return
        answers = answers_for(contact)
        include = [Inclusion(a.pk) for a in answers if a.sensitivity == Sensitivity.SHAREABLE]
        hub_only = [a for a in answers if a.sensitivity == Sensitivity.HUB_ONLY]
        consent_at = planned.consent_at if hub_only else None
        if consent_at is not None:
            include.append(Inclusion(hub_only[0].pk, reason=CONSENT_REASON))
        with self.backdater.at(planned.built_at):
            handover = build_handover(
                contact=contact,
                receiving_team=team,
                summary=SUMMARIES[plan.outcome],
                include=include,
                by=plan.practitioner.actor,
            )
        self.times["created_at"].append((handover.pk, planned.built_at))
        if consent_at is not None:
            if consent_at > self.now:
                return  # still waiting for a manager
            with self.backdater.at(consent_at):
                decide_handover_consent(handover=handover, consent=True, by=plan.manager.actor)
            consented = HandoverItem.objects.filter(handover=handover, consented_at__isnull=False)
            self.times["consented_at"] += [
                (pk, consent_at) for pk in consented.values_list("pk", flat=True)
            ]
        sent_at = consent_at or planned.built_at
        self.times["sent_at"].append((handover.pk, sent_at))
        due = acknowledge_due_at(team=team, contact=contact, sent_at=sent_at)
        self.times["acknowledge_due_at"].append((handover.pk, due))
        workers = self.receiving.get(team.code, [])
        if planned.acknowledged_at is None or not workers:
            return
        worker = self.rng.choices(workers, weights=[w.weight for w in workers])[0]
        acknowledged_at = max(planned.acknowledged_at, sent_at)
        with self.backdater.at(acknowledged_at):
            handover = acknowledge_handover(handover=handover, by=worker.actor)
        self.times["acknowledged_at"].append((handover.pk, acknowledged_at))
        self.responder.respond(handover, plan, worker, acknowledged_at)


# What each outcome's receiving team does for each child, in order of starting.
WORK: dict[str, tuple[str, ...]] = {
    Outcome.EARLY_HELP: (ResponseKind.EARLY_HELP_ASSESSMENT,),
    Outcome.CHILD_AND_FAMILY_ASSESSMENT: (ResponseKind.CHILD_AND_FAMILY_ASSESSMENT,),
    Outcome.STRATEGY_DISCUSSION: (
        ResponseKind.SECTION_47_ENQUIRY,
        ResponseKind.CHILD_AND_FAMILY_ASSESSMENT,
    ),
}
REFERRAL_NFA = 0.12  # referrals for assessment the area team closes with no further action
EARLY_HELP_BY_A_SCHOOL = 0.4  # early help assessments a school leads
HUB_DAY_HOURS = 8.5  # working hours in a hub day (08:30 to 17:00)
# How many working days the work takes to complete: (fewest, most).
TAKES_DAYS: dict[str, tuple[float, float]] = {
    ResponseKind.EARLY_HELP_ASSESSMENT: (8, 40),
    ResponseKind.CHILD_AND_FAMILY_ASSESSMENT: (5, 45),
    ResponseKind.SECTION_47_ENQUIRY: (2, 12),  # to its conference, or the decision for none
}
SEEN: dict[str, float] = {"yes": 85, "no": 8, "unknown": 7}
NEEDS_SUPPORT: dict[str, float] = {"yes": 55, "no": 45}


class Responder:
    """Records what a receiving team did for each child of an acknowledged package, through
    the services at the planned times: started after acknowledgement, completed (through the
    update service) when the work's usual length has passed by now."""

    def __init__(self, *, seed: int, now: datetime, backdater: Backdater) -> None:
        self.rng = random.Random(f"responses-{seed}")
        self.now = now
        self.backdater = backdater
        self.calendars = {
            la.code: hub_calendar(la)
            for la in LocalAuthority.objects.filter(code__in=[STAFFORDSHIRE, STOKE])
        }
        self.recorded: list[tuple[int, datetime]] = []

    def respond(
        self, handover: Handover, plan: Plan, worker: Worker, acknowledged_at: datetime
    ) -> None:
        kinds = WORK.get(plan.outcome, ())
        if plan.outcome == Outcome.CHILD_AND_FAMILY_ASSESSMENT and self.rng.random() < REFERRAL_NFA:
            kinds = (ResponseKind.NO_FURTHER_ACTION,)
        calendar = self.calendars[plan.details.local_authority_code]
        started = calendar.add_working_hours(acknowledged_at, self.rng.uniform(0.5, 12))
        if not kinds or started > self.now:
            return
        organisation = ""
        if plan.outcome == Outcome.EARLY_HELP and self.rng.random() < EARLY_HELP_BY_A_SCHOOL:
            organisation = weighted_choice(self.rng, SCHOOLS[plan.details.local_authority_code])
        for kind in kinds:
            fewest, most = TAKES_DAYS.get(kind, (0, 0))
            hours = self.rng.uniform(fewest, most) * HUB_DAY_HOURS
            completes = calendar.add_working_hours(started, hours) if hours else None
            for child in children_of(handover):
                self._record(
                    handover,
                    child,
                    kind,
                    worker,
                    started=started,
                    completes=completes if completes and completes <= self.now else None,
                    organisation=organisation if kind == ResponseKind.EARLY_HELP_ASSESSMENT else "",
                )

    def _record(
        self,
        handover: Handover,
        child: Person,
        kind: str,
        worker: Worker,
        *,
        started: datetime,
        completes: datetime | None,
        organisation: str,
    ) -> None:
        with self.backdater.at(started):
            response = record_team_response(
                handover=handover,
                person=child,
                kind=kind,
                started_on=timezone.localdate(started),
                organisation=organisation,
                worker_name=str(getattr(worker.user, "full_name", "")),
                by=worker.actor,
            )
        self.recorded.append((response.pk, started))
        if completes is None:
            return
        done = timezone.localdate(completes)
        facts = replace(facts_of(response), completed_on=done)
        if kind == ResponseKind.CHILD_AND_FAMILY_ASSESSMENT:
            facts = replace(
                facts,
                child_seen=weighted_choice(self.rng, SEEN),
                needs_support=weighted_choice(self.rng, NEEDS_SUPPORT),
            )
        elif kind == ResponseKind.SECTION_47_ENQUIRY:
            held = self.rng.random() < 0.5
            facts = replace(
                facts,
                icpc_not_required=not held,
                icpc_on=done if held else None,
                child_protection_plan=(self.rng.random() < 0.85) if held else None,
            )
        with self.backdater.at(completes):
            update_team_response(response=response, facts=facts, by=worker.actor)


@dataclass(frozen=True)
class HandoverSummary:
    total: int
    acknowledged: int
    waiting: int
    overdue: int
    awaiting_consent: int

    def line(self) -> str:
        return (
            f"Handover packages: {self.total:,} (acknowledged {self.acknowledged:,}, "
            f"waiting {self.waiting:,} of which overdue {self.overdue:,}; "
            f"waiting for consent {self.awaiting_consent:,})"
        )


def summarise_handovers(*, now: datetime | None = None) -> HandoverSummary:
    now = now or timezone.now()
    counts = Handover.objects.filter(
        contact__local_authority__code__in=[STAFFORDSHIRE, STOKE]
    ).aggregate(
        total=Count("pk"),
        acknowledged=Count("pk", filter=Q(status=HandoverStatus.ACKNOWLEDGED)),
        waiting=Count("pk", filter=Q(status=HandoverStatus.SENT)),
        overdue=Count("pk", filter=Q(status=HandoverStatus.SENT, acknowledge_due_at__lt=now)),
        awaiting_consent=Count("pk", filter=Q(status=HandoverStatus.AWAITING_CONSENT)),
    )
    return HandoverSummary(**counts)
