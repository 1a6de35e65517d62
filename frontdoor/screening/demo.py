"""Demo history: MASH staff work the demo contacts through screening to decisions, back in time.

Each contact goes through the real services (`receive_contact`, `take_contact`, `screen_contact`,
`recommend_outcome`, `return_recommendation`, `approve_recommendation`), so history rows, audit
events and clocks are exactly what the pages would make. The services stamp "now"; afterwards
each week's rows are backdated in bulk to the planned times, so the history is coherent in time.

What a contact has reached depends on how old it is: older contacts are mostly decided, recent
ones are in every open state, and a few have stalled past their due time (overdue).

The apps above this one add their demo work through two pieces here, wired by the command:
`carry_out(after_screening=…)` calls back right after each screening (information requests,
strategy discussions), and `Backdater` moves what their services append (audit events,
notifications, status changes) to the planned time of each call.
"""

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import DateField, Field, Model
from faker import Faker

from frontdoor.agencies.demo import STAFFORDSHIRE, STOKE
from frontdoor.agencies.models import LocalAuthority, Membership, Team
from frontdoor.agencies.roles import Role
from frontdoor.agencies.selectors import hub_calendar
from frontdoor.agencies.services import add_membership
from frontdoor.audit.chain import require_rewriting_history
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.clocks import decision_due_at
from frontdoor.contacts.demo import PeopleSeen, is_poor_referral, weighted_choice
from frontdoor.contacts.models import OPEN_STATUSES, Contact, ContactStatus, ContactStatusChange
from frontdoor.contacts.services import ContactAction, ContactDetails, receive_contact, take_contact
from frontdoor.core.actors import Actor
from frontdoor.notifications.models import Notification

from .clocks import rag_due_at
from .consent import may_gather_information
from .models import (
    ManagerDecision,
    NextStep,
    Outcome,
    OwningCohort,
    Recommendation,
    ScreeningDecision,
)
from .selectors import with_due_at
from .services import (
    ScreeningAction,
    approve_recommendation,
    recommend_outcome,
    return_recommendation,
    screen_contact,
)

DEMO_EMAIL_DOMAIN = "demo.frontdoor.invalid"  # as accounts.demo (a higher layer) has it
# Synthetic MASH staff per authority, besides the personas: (role, team function, how many).
STAFF = [
    (Role.PRACTITIONER, Team.Function.MASH, 6),
    (Role.MANAGER, Team.Function.MASH, 2),
    (Role.CONTACT_OFFICER, Team.Function.CONTACT_CENTRE, 2),
]
# Transfers go to a neighbour outside the hub (Shropshire, Cheshire East) or to the hub's
# other authority, whose MASH then receives a handover package.
TRANSFER_TO = {STAFFORDSHIRE: ("893", STOKE), STOKE: ("895", STAFFORDSHIRE)}

# Outcome weights by kind of contact: about two-thirds end in information and advice, and a
# few per cent in a strategy discussion (Walsall: 72 in 7 weeks of 3,675 contacts).
OUTCOMES: dict[str, dict[str, float]] = {
    "child": {"information_and_advice": 78, "nfa": 7, "signpost": 5, "early_help": 7},
    "child_serious": {"information_and_advice": 55, "nfa": 3, "signpost": 4, "early_help": 12},
    "adult_at_risk": {"s42_enquiry": 40, "signpost": 20, "information_and_advice": 30, "nfa": 10},
    "domestic_abuse": {"police_only": 70, "information_and_advice": 20, "signpost": 10},
}
OUTCOMES["child"] |= {"s17_assessment": 2, "transfer": 1}
OUTCOMES["child_serious"] |= {"s17_assessment": 19, "s47_strategy": 6, "transfer": 1}
# A poor professional referral (it does not say what the referrer has done): the MASH can
# seldom establish the concern, so most end in advice or no further action.
OUTCOMES["child_poor"] = {"nfa": 30, "information_and_advice": 55, "signpost": 10}
OUTCOMES["child_poor"] |= {"early_help": 4, "s17_assessment": 1}
SERIOUS_CATEGORIES = {"18C", "24A", "13A", "10A", "3B"}

# Threshold level, RAG rating and the chance of gathering information first, by outcome.
LEVELS: dict[str, dict[int, float]] = {
    Outcome.NO_FURTHER_ACTION: {1: 1},
    Outcome.INFORMATION_AND_ADVICE: {1: 6, 2: 4},
    Outcome.SIGNPOST: {1: 5, 2: 5},
    Outcome.EARLY_HELP: {2: 6, 3: 4},
    Outcome.CHILD_AND_FAMILY_ASSESSMENT: {3: 4, 4: 6},
    Outcome.STRATEGY_DISCUSSION: {4: 1},
    Outcome.ADULT_SAFEGUARDING: {3: 5, 4: 5},
    Outcome.POLICE_ONLY: {1: 5, 2: 5},
    Outcome.TRANSFER: {2: 5, 3: 5},
}
RATINGS: dict[str, dict[str, float]] = {
    Outcome.NO_FURTHER_ACTION: {"green": 1},
    Outcome.INFORMATION_AND_ADVICE: {"green": 9, "amber": 1},
    Outcome.SIGNPOST: {"green": 1},
    Outcome.EARLY_HELP: {"green": 6, "amber": 4},
    Outcome.CHILD_AND_FAMILY_ASSESSMENT: {"amber": 7, "green": 2, "red": 1},
    Outcome.STRATEGY_DISCUSSION: {"red": 8, "amber": 2},
    Outcome.ADULT_SAFEGUARDING: {"amber": 6, "red": 2, "green": 2},
    Outcome.POLICE_ONLY: {"green": 6, "amber": 4},
    Outcome.TRANSFER: {"green": 5, "amber": 5},
}
GATHER_FIRST: dict[str, float] = {
    Outcome.STRATEGY_DISCUSSION: 0.9,
    Outcome.CHILD_AND_FAMILY_ASSESSMENT: 0.8,
}
GATHER_FIRST |= {
    Outcome.ADULT_SAFEGUARDING: 0.8,
    Outcome.EARLY_HELP: 0.5,
    Outcome.INFORMATION_AND_ADVICE: 0.2,
}
# Hours of information gathering (in hub working hours) by RAG rating: now and then longer
# than the RAG clock, when the practitioner waits for an agency's late answer.
GATHERING_HOURS = {"red": (0.5, 2.4), "amber": (1.0, 7.0), "green": (2.0, 22.0)}

SCREENING_RATIONALE = {
    "red": "Possible significant harm: needs a decision today. Checks with police and health.",
    "amber": "Significant concerns but no immediate risk. Partner checks needed before a decision.",
    "green": "Wellbeing concerns below the statutory threshold; no immediate risk identified.",
}
RECOMMENDATION_RATIONALE: dict[str, str] = {
    Outcome.NO_FURTHER_ACTION: "No safeguarding concerns found after checks; no further action needed.",
    Outcome.INFORMATION_AND_ADVICE: "Needs can be met by universal services. Advice given to the referrer and family.",
    Outcome.SIGNPOST: "The family would benefit from a community service; details shared with them.",
    Outcome.EARLY_HELP: "Additional needs that early help can meet with the family's agreement.",
    Outcome.CHILD_AND_FAMILY_ASSESSMENT: "Complex needs: a child and family assessment is needed.",
    Outcome.STRATEGY_DISCUSSION: "Reasonable cause to suspect significant harm: strategy discussion needed.",
    Outcome.ADULT_SAFEGUARDING: "The adult has care and support needs and may be at risk of abuse.",
    Outcome.POLICE_ONLY: "Domestic abuse with no child or adult at risk: police continue their response.",
    Outcome.TRANSFER: "The family now lives in another authority's area; transfer the contact.",
}
RETURN_REASONS = (
    "Please check with the school before deciding; the history suggests more is needed.",
    "Consider early help given the earlier contacts about this family.",
    "Please record the child's views before recommending this outcome.",
)


@dataclass(frozen=True)
class Worker:
    user: AbstractBaseUser
    actor: Actor
    weight: float = 1.0


@dataclass
class Workforce:
    """Who does the work in each authority: practitioners, managers and contact officers."""

    by_role: dict[tuple[str, str], list[Worker]] = field(default_factory=dict)

    def worker_for(self, user: AbstractBaseUser) -> Worker | None:
        return next(
            (w for workers in self.by_role.values() for w in workers if w.user.pk == user.pk), None
        )

    def pick(self, rng: random.Random, la_code: str, role: Role) -> Worker:
        workers = self.by_role[(la_code, role)]
        return rng.choices(workers, weights=[w.weight for w in workers])[0]


def _actor(membership: Membership) -> Actor:
    team = membership.team
    return Actor(
        user=membership.user,
        label=str(getattr(membership.user, "email", membership.user.pk)),
        role=membership.role,
        agency_code=membership.agency.code,
        local_authority_code=team.local_authority.code if team and team.local_authority else "",
        membership_id=membership.pk,
    )


def create_mash_staff(
    *,
    seed: int,
    by: Actor,
    starts_on: date,
    create_user: Callable[[str, str], AbstractBaseUser],
) -> int:
    """Add the synthetic staff that do not exist yet (email `first.last.N@…`); return how many.

    `create_user(email, full_name)` comes from the accounts app (higher in the layers).
    """
    fake = Faker("en_GB")
    fake.seed_instance(seed + 1)  # not the personas' names
    teams = {
        (team.local_authority.code if team.local_authority else "", team.function): team
        for team in Team.objects.select_related("agency", "local_authority")
    }
    created, number = 0, 0
    for la_code in (STAFFORDSHIRE, STOKE):
        for role, function, count in STAFF:
            for _ in range(count):
                number += 1
                first, last = fake.first_name(), fake.last_name()  # drawn even when it exists
                if Membership.objects.filter(
                    user__email__endswith=f".{number}@{DEMO_EMAIL_DOMAIN}"
                ).exists():
                    continue
                handle = "".join(c for c in f"{first}.{last}".lower() if c.isalpha() or c == ".")
                user = create_user(f"{handle}.{number}@{DEMO_EMAIL_DOMAIN}", f"{first} {last}")
                team = teams[(la_code, function)]
                add_membership(
                    user=user, agency=team.agency, team=team, role=role, starts_on=starts_on, by=by
                )
                created += 1
    return created


def workforce(*, lighter: Iterable[AbstractBaseUser] = ()) -> Workforce:
    """Everyone with a MASH or contact-centre role in the two authorities, oldest first.

    `lighter` people (the demo personas) get a smaller share of the historical work.
    """
    light = {user.pk for user in lighter}
    found = Workforce()
    memberships = Membership.objects.filter(
        team__local_authority__code__in=[STAFFORDSHIRE, STOKE],
        role__in=[Role.PRACTITIONER, Role.MANAGER, Role.CONTACT_OFFICER],
    ).select_related("user", "agency", "team__local_authority")
    for membership in memberships.order_by("id"):
        assert membership.team is not None
        assert membership.team.local_authority is not None
        key = (membership.team.local_authority.code, membership.role)
        weight = 0.3 if membership.user_id in light else 1.0
        found.by_role.setdefault(key, []).append(
            Worker(membership.user, _actor(membership), weight)
        )
    return found


@dataclass(frozen=True)
class Step:
    kind: str  # take, screen, recommend, return, approve
    at: datetime
    outcome: str = ""


@dataclass(eq=False)  # plans are compared by identity
class Plan:
    """One contact's planned path; `steps` holds only what has happened by now."""

    details: ContactDetails
    practitioner: Worker
    manager: Worker
    recorder: Actor
    level: int
    rating: str
    owning_cohort: str
    next_step: str
    steps: list[Step]
    outcome: str = ""  # the outcome planned, even if the plan stops before it is recommended
    transfer_to: str = ""  # LA code, for a transfer
    contact_id: int | None = None  # once received

    @property
    def received_at(self) -> datetime:
        assert self.details.received_at is not None
        return self.details.received_at

    @property
    def status(self) -> ContactStatus:
        last = self.steps[-1].kind if self.steps else ""
        if last == "screen" and self.next_step == NextStep.INFORMATION_GATHERING:
            return ContactStatus.INFORMATION_GATHERING
        return {
            "": ContactStatus.RECEIVED,
            "recommend": ContactStatus.AWAITING_DECISION,
            "approve": ContactStatus.DECIDED,
        }.get(last, ContactStatus.SCREENING)

    def screening_window(self) -> tuple[datetime, datetime | None] | None:
        """When the contact was screened and when its next step happened (None: not yet)."""
        kinds = [step.kind for step in self.steps]
        if "screen" not in kinds:
            return None
        index = kinds.index("screen")
        later = self.steps[index + 1].at if index + 1 < len(self.steps) else None
        return self.steps[index].at, later

    def cut(self, kind: str) -> None:
        """Stop the plan just after its last `kind` step (or before any step, for "")."""
        kinds = [step.kind for step in self.steps]
        self.steps = self.steps[: len(kinds) - kinds[::-1].index(kind)] if kind else []


class Planner:
    """Plans each contact's path from its details: outcome first, then the threshold level,
    RAG rating and next step that lead to it, then the working hours each step takes."""

    def __init__(self, *, seed: int, now: datetime, staff: Workforce) -> None:
        self.rng = random.Random(f"screening-{seed}")  # not the contacts' random stream
        self.places = random.Random(f"transfers-{seed}")  # leaves the main stream as it was
        self.now = now
        self.staff = staff
        self.authorities = {
            la.code: la for la in LocalAuthority.objects.filter(code__in=[STAFFORDSHIRE, STOKE])
        }
        self.calendars = {code: hub_calendar(la) for code, la in self.authorities.items()}

    def _outcome(self, details: ContactDetails) -> str:
        if details.cohort == "adult_at_risk":
            return weighted_choice(self.rng, OUTCOMES["adult_at_risk"])
        if details.cohort == "domestic_abuse" and details.subjects[0].role != "subject_child":
            return weighted_choice(self.rng, OUTCOMES["domestic_abuse"])
        if is_poor_referral(details):
            return weighted_choice(self.rng, OUTCOMES["child_poor"])
        serious = SERIOUS_CATEGORIES & set(details.categories)
        return weighted_choice(self.rng, OUTCOMES["child_serious" if serious else "child"])

    def plan(self, details: ContactDetails) -> Plan:
        la_code = details.local_authority_code
        outcome = self._outcome(details)
        level = weighted_choice(self.rng, LEVELS[outcome])
        rating = weighted_choice(self.rng, RATINGS[outcome])
        allowed = may_gather_information(
            threshold_level=level, consent=details.consent, consent_reason=details.consent_reason
        ).allowed  # the consent rule, as screen_contact applies it
        gather = allowed and self.rng.random() < GATHER_FIRST.get(outcome, 0.15)
        owner = OwningCohort.CHILDRENS_SERVICES
        if details.cohort == "adult_at_risk":
            owner = OwningCohort.ADULT_SERVICES
        elif outcome == Outcome.POLICE_ONLY:
            owner = OwningCohort.POLICE
        recorder = Actor.anonymous(None)
        if details.channel == "partner_api":
            recorder = Actor.system("demo-health-partner-system")
        elif details.channel != "online_form":
            recorder = self.staff.pick(self.rng, la_code, Role.CONTACT_OFFICER).actor
        plan = Plan(
            details=details,
            practitioner=self.staff.pick(self.rng, la_code, Role.PRACTITIONER),
            manager=self.staff.pick(self.rng, la_code, Role.MANAGER),
            recorder=recorder,
            level=level,
            rating=rating,
            owning_cohort=owner,
            next_step=NextStep.INFORMATION_GATHERING if gather else NextStep.RECOMMEND,
            steps=self._steps(details, outcome, rating, gather),
            outcome=outcome,
            transfer_to=self.places.choice(TRANSFER_TO[la_code])
            if outcome == Outcome.TRANSFER
            else "",
        )
        self._stall(plan)
        return plan

    def _steps(
        self, details: ContactDetails, outcome: str, rating: str, gather: bool
    ) -> list[Step]:
        calendar = self.calendars[details.local_authority_code]
        uniform = self.rng.uniform
        slow = uniform(2, 4) if self.rng.random() < 0.05 else 1.0
        urgent = rating == "red" or details.referrer_urgency == "immediate"
        first = outcome
        returned = self.rng.random() < 0.03
        if returned:  # a manager returns the first recommendation; a second one follows
            first = self.rng.choice(
                [o for o in (Outcome.NO_FURTHER_ACTION, Outcome.SIGNPOST) if o != outcome]
            )
        times = [
            ("take", uniform(0.05, 0.75) if urgent else uniform(0.25, 3) * slow, ""),
            ("screen", uniform(0.1, 0.8), ""),
            (
                "recommend",
                uniform(*GATHERING_HOURS[rating]) * slow if gather else uniform(0.1, 1),
                first,
            ),
        ]
        if returned:
            times += [("return", uniform(0.2, 2), ""), ("recommend", uniform(0.3, 3), outcome)]
        times.append(("approve", uniform(0.1, 0.6) if urgent else uniform(0.2, 4) * slow, ""))
        steps: list[Step] = []
        at = details.received_at
        assert at is not None
        for kind, hours, chosen in times:
            at = calendar.add_working_hours(at, hours).replace(microsecond=0)
            if at > self.now:
                break
            steps.append(Step(kind, at, chosen))
        return steps

    def _stall(self, plan: Plan) -> None:
        """About 1.5% of older contacts stall part-way: the backlog that shows as overdue."""
        if plan.received_at < self.now - timedelta(days=3) and self.rng.random() < 0.015:
            plan.steps = plan.steps[: self.rng.randint(1, max(1, len(plan.steps) - 1))]

    def due_at(self, plan: Plan) -> datetime:
        la = self.authorities[plan.details.local_authority_code]
        screened = [step.at for step in plan.steps if step.kind == "screen"]
        if screened:
            return rag_due_at(la, plan.rating, screened[-1])
        return decision_due_at(la, plan.received_at)


def _ensure_open_states(plans: list[Plan], *, at_least: int = 3) -> None:
    """Every authority has a few contacts in every open state: cut recent decided ones short."""
    cuts = {
        ContactStatus.RECEIVED: "",
        ContactStatus.SCREENING: "take",
        ContactStatus.INFORMATION_GATHERING: "screen",
        ContactStatus.AWAITING_DECISION: "recommend",
    }
    for la_code in (STAFFORDSHIRE, STOKE):
        mine = [p for p in reversed(plans) if p.details.local_authority_code == la_code]
        for status, kind in cuts.items():
            missing = at_least - sum(1 for p in mine if p.status == status)
            for plan in mine:
                if missing <= 0:
                    break
                if plan.status != ContactStatus.DECIDED or (
                    status == ContactStatus.INFORMATION_GATHERING
                    and plan.next_step != NextStep.INFORMATION_GATHERING
                ):
                    continue
                plan.cut(kind)
                missing -= 1


def _overdue_if_stalled(plan: Plan, planner: Planner) -> bool:
    """Whether the plan, were it stopped after screening, would be overdue now."""
    if plan.status != ContactStatus.DECIDED:
        return False
    screened = next(step.at for step in plan.steps if step.kind == "screen")
    la = planner.authorities[plan.details.local_authority_code]
    return rag_due_at(la, plan.rating, screened) < planner.now


def _fill_own_queue(plans: list[Plan], planner: Planner, worker: Worker, *, size: int = 6) -> None:
    """Give the persona practitioner a handful of open contacts, about half of them overdue."""
    la_code = worker.actor.local_authority_code
    open_states = {ContactStatus.SCREENING, ContactStatus.INFORMATION_GATHERING}
    mine = [p for p in plans if p.details.local_authority_code == la_code]
    allocated = [p for p in reversed(mine) if p.status in open_states]
    overdue = [p for p in allocated if planner.due_at(p) < planner.now][: size // 2]
    if not overdue:  # stall a decided contact after screening, so one is overdue for sure
        stalled = next((p for p in reversed(mine) if _overdue_if_stalled(p, planner)), None)
        if stalled is not None:
            stalled.cut("screen")
            overdue = [stalled]
    in_time = [p for p in allocated if p not in overdue][: size - len(overdue)]
    chosen = overdue + in_time
    colleagues = [
        w
        for w in planner.staff.by_role[(la_code, Role.PRACTITIONER)]
        if w.user.pk != worker.user.pk
    ]
    for plan in allocated:  # keep it to a handful: colleagues hold the rest
        if plan.practitioner.user.pk == worker.user.pk and plan not in chosen:
            plan.practitioner = planner.rng.choice(colleagues)
    for plan in chosen:
        plan.practitioner = worker


def plan_history(
    contacts: list[ContactDetails],
    *,
    seed: int,
    now: datetime,
    staff: Workforce,
    own_queue: Worker | None,
) -> list[Plan]:
    """Plan every contact's path up to now (no writes), oldest first."""
    planner = Planner(seed=seed, now=now, staff=staff)
    plans = [planner.plan(details) for details in contacts]
    _ensure_open_states(plans)
    if own_queue is not None:
        _fill_own_queue(plans, planner, own_queue)
    return plans


PRIMARY_EVENTS = {
    ContactAction.RECEIVED,
    ContactAction.TAKEN,
    ScreeningAction.SCREENED,
    ScreeningAction.RECOMMENDED,
    ScreeningAction.RETURNED,
    ScreeningAction.APPROVED,
}


@dataclass
class _Week:
    """What one week's services wrote, with the times it should have happened at."""

    timelines: dict[int, list[datetime]] = field(default_factory=dict)
    screenings: list[ScreeningDecision] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    decisions: list[ManagerDecision] = field(default_factory=list)


# Work the apps above this one do once a contact is screened (information requests, strategy
# discussions), wired in by the command. It must change no contact status and write no audit
# event about the contact itself: `_backdate` matches those to the plan's steps by position.
AfterScreening = Callable[[Contact, Plan], None]


def _work_through(
    plan: Plan,
    week: _Week,
    transfer_to: dict[str, LocalAuthority],
    after_screening: AfterScreening | None,
    people: PeopleSeen,
) -> None:
    contact = receive_contact(details=people.link(plan.details), by=plan.recorder)
    people.remember(contact)
    plan.contact_id = contact.pk
    week.timelines[contact.pk] = [plan.received_at] + [step.at for step in plan.steps]
    practitioner, manager = plan.practitioner.actor, plan.manager.actor
    recommendation: Recommendation | None = None
    for step in plan.steps:
        if step.kind == "take":
            contact = take_contact(contact=contact, by=practitioner)
        elif step.kind == "screen":
            screening = screen_contact(
                contact=contact,
                threshold_level=plan.level,
                rag_rating=plan.rating,
                owning_cohort=plan.owning_cohort,
                next_step=plan.next_step,
                rationale=SCREENING_RATIONALE[plan.rating],
                by=practitioner,
            )
            screening.screened_at = step.at
            screening.rag_due_at = rag_due_at(contact.local_authority, plan.rating, step.at)
            week.screenings.append(screening)
            if after_screening is not None:
                after_screening(contact, plan)
        elif step.kind == "recommend":
            recommendation = recommend_outcome(
                contact=contact,
                outcome=step.outcome,
                rationale=RECOMMENDATION_RATIONALE[step.outcome],
                transfer_to=transfer_to[plan.transfer_to]
                if step.outcome == Outcome.TRANSFER
                else None,
                by=practitioner,
            )
            recommendation.recommended_at = step.at
            week.recommendations.append(recommendation)
        else:
            assert recommendation is not None
            if step.kind == "return":
                reason = RETURN_REASONS[recommendation.pk % len(RETURN_REASONS)]
                decision = return_recommendation(
                    recommendation=recommendation, reason=reason, by=manager
                )
            else:
                decision = approve_recommendation(recommendation=recommendation, by=manager)
            decision.decided_at = step.at
            week.decisions.append(decision)


def move_times(
    model: type[Model],
    field_name: str,
    moves: Iterable[tuple[int, date | datetime]],
    *,
    key: str = "pk",
) -> None:
    """Set one date or time column row by row, in a single `executemany`: `moves` are (id,
    value) pairs, the id of the row, or with `key` a foreign key's (every row of that parent).

    `bulk_update` builds one CASE expression per batch, which took a third of the run.
    """
    moves = list(moves)
    if not moves:
        return
    if model is AuditEvent:  # the chain is re-linked afterwards (ADR 0020)
        require_rewriting_history()
    field = model._meta.get_field(field_name)
    assert isinstance(field, DateField)  # and so DateTimeField
    where = model._meta.pk if key == "pk" else model._meta.get_field(key)
    assert isinstance(where, Field)
    name = connection.ops.quote_name
    # Table and column names come from the model's metadata; the values are parameters.
    sql = (
        f"UPDATE {name(model._meta.db_table)} SET {name(str(field.column))} = %s "  # noqa: S608
        f"WHERE {name(str(where.column))} = %s"
    )
    params = [(field.get_db_prep_value(at, connection), pk) for pk, at in moves]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _backdate(week: _Week, *, audit_after: int) -> None:
    """Move the week's rows from "now" to the planned times."""
    position: dict[int, int] = {}
    status_times: dict[int, list[datetime]] = defaultdict(list)
    events = []
    rows = AuditEvent.objects.filter(pk__gt=audit_after, object_type="contacts.contact")
    for pk, object_id, action in rows.order_by("pk").values_list("pk", "object_id", "action"):
        contact_id = int(object_id)
        if contact_id not in week.timelines:
            continue
        if action in PRIMARY_EVENTS:
            position[contact_id] = position.get(contact_id, -1) + 1
        at = week.timelines[contact_id][position[contact_id]]
        events.append((pk, at))
        if action == ContactAction.STATUS_CHANGED:
            status_times[contact_id].append(at)
    later = ContactStatusChange.objects.filter(contact_id__gte=min(week.timelines)).exclude(
        from_status=""
    )
    changes = [
        (pk, status_times[contact_id].pop(0))
        for pk, contact_id in later.order_by("pk").values_list("pk", "contact_id")
    ]
    move_times(AuditEvent, "occurred_at", events)
    move_times(ContactStatusChange, "changed_at", changes)
    move_times(ScreeningDecision, "screened_at", [(s.pk, s.screened_at) for s in week.screenings])
    move_times(ScreeningDecision, "rag_due_at", [(s.pk, s.rag_due_at) for s in week.screenings])
    move_times(
        Recommendation, "recommended_at", [(r.pk, r.recommended_at) for r in week.recommendations]
    )
    move_times(ManagerDecision, "decided_at", [(d.pk, d.decided_at) for d in week.decisions])


def carry_out(
    plans: list[Plan], *, now: datetime, after_screening: AfterScreening | None = None
) -> None:
    """Receive and work every planned contact, week by week (one atomic block each), oldest
    first. Each week is backdated as soon as it is done, so the row ranges stay small.

    `after_screening(contact, plan)` runs right after each contact's screening step."""
    codes = {code for choices in TRANSFER_TO.values() for code in choices}
    transfer_to = {la.code: la for la in LocalAuthority.objects.filter(code__in=codes)}
    weeks: dict[int, list[Plan]] = defaultdict(list)
    for plan in plans:
        weeks[(now - plan.received_at) // timedelta(days=7)].append(plan)
    people = PeopleSeen()
    for number in sorted(weeks, reverse=True):
        with transaction.atomic():
            audit_after = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
            week = _Week()
            for plan in weeks[number]:
                _work_through(plan, week, transfer_to, after_screening, people)
            _backdate(week, audit_after=audit_after or 0)


# What services append besides their own rows, and the column that says when.
_APPENDED: tuple[tuple[type[Model], str], ...] = (
    (AuditEvent, "occurred_at"),
    (Notification, "created_at"),
    (ContactStatusChange, "changed_at"),
)


def _last_ids() -> tuple[int, ...]:
    """The newest id of each `_APPENDED` table, in one query."""
    name = connection.ops.quote_name
    newest = ", ".join(
        f"(SELECT COALESCE(MAX({name(str(m._meta.pk.column))}), 0) "  # noqa: S608
        f"FROM {name(m._meta.db_table)})"
        for m, _ in _APPENDED
    )  # table and column names come from the models' metadata
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {newest}")
        row = cursor.fetchone()
    return tuple(int(value) for value in row)


class Backdater:
    """Calls services as if at a planned time, for the demo modules of the apps above this one.

    Wrap each service call in `at(when)`: the audit events, notifications and status changes
    the call appends (noted by id range) move to `when` on `apply()`. Callers move the rows
    the services return themselves. With `contact_events=False` the contact's own audit events
    and status history are left alone: `_backdate` places those by position.
    """

    def __init__(self, *, contact_events: bool) -> None:
        self.contact_events = contact_events
        self._calls: list[tuple[datetime, tuple[int, ...], tuple[int, ...]]] = []

    @contextmanager
    def at(self, when: datetime) -> Iterator[None]:
        before = _last_ids()
        yield
        self._calls.append((when, before, _last_ids()))

    def apply(self) -> None:
        for index, (model, field_name) in enumerate(_APPENDED):
            if model is ContactStatusChange and not self.contact_events:
                continue
            spans = [
                (when, before[index], after[index])
                for when, before, after in self._calls
                if after[index] > before[index]
            ]
            skip = "contacts.contact" if model is AuditEvent and not self.contact_events else ""
            _move_spans(model, field_name, spans, skip_object_type=skip)
        self._calls.clear()


def _move_spans(
    model: type[Model],
    field_name: str,
    spans: list[tuple[datetime, int, int]],
    *,
    skip_object_type: str = "",
) -> None:
    """Set a time column on each span of ids (after `first`, up to `last`), one `executemany`."""
    if not spans:
        return
    if model is AuditEvent:  # the chain is re-linked afterwards (ADR 0020)
        require_rewriting_history()
    field = model._meta.get_field(field_name)
    assert isinstance(field, DateField)
    name = connection.ops.quote_name
    pk = name(str(model._meta.pk.column))
    # Table and column names come from the model's metadata; the values are parameters.
    sql = (
        f"UPDATE {name(model._meta.db_table)} SET {name(str(field.column))} = %s "  # noqa: S608
        f"WHERE {pk} > %s AND {pk} <= %s"
    )
    if skip_object_type:
        sql += f" AND {name('object_type')} <> %s"
    params = [
        (field.get_db_prep_value(when, connection), first, last)
        + ((skip_object_type,) if skip_object_type else ())
        for when, first, last in spans
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


@dataclass(frozen=True)
class Summary:
    by_authority: dict[str, int]
    by_status: dict[str, int]
    overdue: int


def summarise(*, now: datetime) -> Summary:
    contacts = Contact.objects.filter(local_authority__code__in=[STAFFORDSHIRE, STOKE])
    by_authority = Counter(contacts.values_list("local_authority__name", flat=True))
    by_status = Counter(contacts.values_list("status", flat=True))
    overdue = (
        with_due_at(contacts.filter(status__in=OPEN_STATUSES))
        .filter(due_at__lt=now)  # type: ignore[misc]
        .count()
    )
    return Summary(dict(by_authority), dict(by_status), overdue)


def hub_contact_count() -> int:
    """How many contacts the demo hub already has (the generator adds none if any)."""
    return Contact.objects.filter(local_authority__code__in=[STAFFORDSHIRE, STOKE]).count()
