"""Demo strategy discussions: about 2% of contacts (Walsall: 72 of 3,675), those planned to
reach a strategy discussion and the red child-protection contacts still open.

`plan_discussions` plans them from the contact plans (no writes): convened soon after
screening, held one to three hours later (so some miss the two-hour target), children's social
care, police and health attending (health now and then absent, with the reason), a decision,
and one to three actions owned by an agency or the practitioner, some done. `Convener` carries
them out through the real services right after screening and moves the rows to those times.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone
from faker import Faker

from frontdoor.agencies.demo import STAFFORDSHIRE, STOKE
from frontdoor.agencies.models import Agency, LocalAuthority
from frontdoor.contacts.demo import weighted_choice
from frontdoor.contacts.models import OPEN_STATUSES, Contact
from frontdoor.core.calendar import LONDON
from frontdoor.enquiries.demo import agencies_by_kind
from frontdoor.screening.demo import Backdater, Plan, Worker, move_times
from frontdoor.screening.models import Outcome

from .clocks import strategy_discussion_target
from .models import Action, DiscussionDecision, StrategyDiscussion
from .services import (
    Attendance,
    add_action,
    complete_action,
    convene_strategy_discussion,
    record_strategy_discussion,
)

DECISIONS: dict[str, float] = {
    DiscussionDecision.JOINT_S47: 65,
    DiscussionDecision.SINGLE_AGENCY_S47: 22,
    DiscussionDecision.NO_S47: 13,
}
NO_S47_REASONS = (
    "The injury has a consistent explanation and the family is working with the school; "
    "a child and family assessment under section 17 will follow instead.",
    "The information shared does not give reasonable cause to suspect significant harm; "
    "the family will be offered early help.",
)
REASONS = (
    "Reasonable cause to suspect the child is suffering, or is likely to suffer, significant "
    "harm. Partner checks show earlier concerns.",
    "An injury the child cannot explain, on a child known to children's social care.",
    "A disclosure at school that needs a joint decision with the police today.",
)
SHARED = (
    "Children's social care shared the referral and earlier contacts. Police shared recent "
    "incidents at the address. Health shared the GP's and health visitor's records.",
    "The school's concerns were read out. Police have no current investigation. Health "
    "confirmed the child's recent appointments and a missed follow-up.",
)
HEALTH_ABSENT = (
    "The named nurse was at a child protection conference; health sent its records in writing "
    "before the discussion."
)
HEALTH_ABSENT_SHARE = 0.12
EDUCATION_INVITED = 0.4
# Actions by owner: an agency kind, or "" for the practitioner. (description, done note)
ACTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "": (
        (
            "Allocate a social worker and start the section 47 enquiry",
            "Allocated; first visit done.",
        ),
        ("Tell the parents what the strategy discussion decided", "Parents told by phone."),
    ),
    "police": (
        ("Check for any further police information and share it", "Checked; nothing more held."),
        ("Arrange a joint visit with children's social care", "Joint visit completed."),
    ),
    "health": (
        ("Share the health visitor's records with the allocated social worker", "Records sent."),
        ("Arrange a child protection medical", "Medical completed."),
    ),
    "education": (
        ("Designated safeguarding lead to speak to the child at school", "Spoken to the child."),
    ),
}
ACTION_DONE = 0.55


@dataclass
class PlannedAction:
    owner_kind: str  # an agency kind, or "" for the practitioner
    description: str
    note: str
    due_on: date
    completed_at: datetime | None


@dataclass
class PlannedDiscussion:
    convened_at: datetime
    held_at: datetime | None  # None: not held yet
    recorded_at: datetime
    reason: str
    decision: str
    decision_reason: str
    shared: str
    health_absent: bool
    invite_education: bool
    actions: list[PlannedAction] = field(default_factory=list)


class DiscussionPlanner:
    def __init__(self, *, seed: int, now: datetime) -> None:
        self.rng = random.Random(f"discussions-{seed}")
        self.now = now

    def wanted(self, plan: Plan) -> bool:
        if plan.outcome == Outcome.STRATEGY_DISCUSSION:
            return True
        return plan.status in OPEN_STATUSES and plan.rating == "red" and plan.level == 4

    def plan(self, plan: Plan) -> PlannedDiscussion | None:
        window = plan.screening_window()
        if window is None or not self.wanted(plan):
            return None
        uniform = self.rng.uniform
        screened, later = window  # convened while the contact is open: before its next step
        convened = min(
            screened + timedelta(hours=uniform(0.2, 0.8)),
            screened + ((later or self.now) - screened) / 2,
        )
        held_at = convened + timedelta(hours=self.rng.triangular(1, 3, 1.4))
        held = held_at if held_at <= self.now else None  # None: not held yet
        recorded = min(held + timedelta(hours=uniform(0.2, 1.0)), self.now) if held else self.now
        decision = weighted_choice(self.rng, DECISIONS)
        discussion = PlannedDiscussion(
            convened_at=convened.replace(microsecond=0),
            held_at=held.replace(microsecond=0) if held else None,
            recorded_at=recorded.replace(microsecond=0),
            reason=self.rng.choice(REASONS),
            decision=decision,
            decision_reason=self.rng.choice(NO_S47_REASONS)
            if decision == DiscussionDecision.NO_S47
            else "",
            shared=self.rng.choice(SHARED),
            health_absent=self.rng.random() < HEALTH_ABSENT_SHARE,
            invite_education=plan.details.cohort == "child"
            and self.rng.random() < EDUCATION_INVITED,
        )
        if held is not None:
            discussion.actions = self._actions(discussion, held)
        return discussion

    def _actions(self, discussion: PlannedDiscussion, held: datetime) -> list[PlannedAction]:
        owners = ["", "police", "health"] + (["education"] if discussion.invite_education else [])
        chosen = self.rng.sample(owners, self.rng.randint(1, 3))
        actions = []
        for owner in chosen:
            description, note = self.rng.choice(ACTIONS[owner])
            done = discussion.recorded_at + timedelta(hours=self.rng.uniform(3, 72))
            actions.append(
                PlannedAction(
                    owner_kind=owner,
                    description=description,
                    note=note,
                    due_on=held.astimezone(LONDON).date() + timedelta(days=self.rng.randint(1, 5)),
                    completed_at=done.replace(microsecond=0)
                    if done <= self.now and self.rng.random() < ACTION_DONE
                    else None,
                )
            )
        return actions


def plan_discussions(
    plans: list[Plan], *, seed: int, now: datetime
) -> dict[Plan, PlannedDiscussion]:
    """Plan the strategy discussions (no writes)."""
    planner = DiscussionPlanner(seed=seed, now=now)
    return {plan: d for plan in plans if (d := planner.plan(plan)) is not None}


def recorded_times(planned: dict[Plan, PlannedDiscussion]) -> dict[Plan, datetime | None]:
    """When each contact's discussion was recorded (None: not yet held)."""
    return {plan: d.recorded_at if d.held_at else None for plan, d in planned.items()}


@dataclass
class _Moves:
    recorded: list[tuple[int, datetime]] = field(default_factory=list)
    created: list[tuple[int, datetime]] = field(default_factory=list)
    due: list[tuple[int, date]] = field(default_factory=list)
    completed: list[tuple[int, datetime]] = field(default_factory=list)


class Convener:
    """Carries out the planned discussion of one contact right after its screening."""

    def __init__(
        self,
        planned: dict[Plan, PlannedDiscussion],
        *,
        seed: int,
        desks: dict[str, list[Worker]],
        backdater: Backdater,
    ) -> None:
        self.planned = planned
        self.desks = desks
        self.backdater = backdater
        self.agencies = agencies_by_kind()
        self.authorities = {
            la.code: la for la in LocalAuthority.objects.filter(code__in=[STAFFORDSHIRE, STOKE])
        }
        self.fake = Faker("en_GB")
        self.fake.seed_instance(f"{seed}-discussions")
        self.moves = _Moves()

    def after_screening(self, contact: Contact, plan: Plan) -> None:
        planned = self.planned.get(plan)
        if planned is None:
            return
        la_code = plan.details.local_authority_code
        practitioner = plan.practitioner.actor
        extra = [self.agencies[(la_code, "education")]] if planned.invite_education else []
        with self.backdater.at(planned.convened_at):
            discussion = convene_strategy_discussion(
                contact=contact, reason=planned.reason, extra_agencies=extra, by=practitioner
            )
        # Now, not at the end: recording checks the time held against the time convened.
        StrategyDiscussion.objects.filter(pk=discussion.pk).update(
            convened_at=planned.convened_at,
            target_at=strategy_discussion_target(self.authorities[la_code], planned.convened_at),
        )
        if planned.held_at is None:
            return
        attendance = {
            invitee.agency_id: self._attendance(invitee.agency, plan, planned)
            for invitee in discussion.invitees.select_related("agency")
        }
        with self.backdater.at(planned.recorded_at):
            record_strategy_discussion(
                discussion=discussion,
                held_at=planned.held_at,
                attendance=attendance,
                information_shared=planned.shared,
                decision=planned.decision,
                decision_reason=planned.decision_reason,
                by=practitioner,
            )
        self.moves.recorded.append((discussion.pk, planned.recorded_at))
        for action in planned.actions:
            self._action(discussion, action, plan)

    def _attendance(self, agency: Agency, plan: Plan, planned: PlannedDiscussion) -> Attendance:
        kind = agency.kind_id
        if kind == "health" and planned.health_absent:
            return Attendance(attended=False, absence_reason=HEALTH_ABSENT)
        if kind == "children_social_care":
            name = str(getattr(plan.practitioner.user, "full_name", ""))
        else:
            name = self.fake.name()
        return Attendance(attended=True, attendee_name=name or self.fake.name())

    def _action(self, discussion: StrategyDiscussion, action: PlannedAction, plan: Plan) -> None:
        la_code = plan.details.local_authority_code
        agency = self.agencies.get((la_code, action.owner_kind)) if action.owner_kind else None
        recorded_at = self.planned[plan].recorded_at
        with self.backdater.at(recorded_at):
            added = add_action(
                discussion=discussion,
                description=action.description,
                owner_agency=agency,
                owner_user=None if agency else plan.practitioner.user,
                due_on=max(action.due_on, timezone.localdate()),  # the service wants no past
                by=plan.practitioner.actor,
            )
        self.moves.created.append((added.pk, recorded_at))
        self.moves.due.append((added.pk, action.due_on))
        if action.completed_at is None:
            return
        desk = self.desks.get(agency.code, []) if agency else []
        by = desk[added.pk % len(desk)].actor if desk else plan.practitioner.actor
        with self.backdater.at(action.completed_at):
            complete_action(action=added, note=action.note, by=by)
        self.moves.completed.append((added.pk, action.completed_at))

    def backdate(self) -> None:
        move_times(StrategyDiscussion, "recorded_at", self.moves.recorded)
        move_times(Action, "created_at", self.moves.created)
        move_times(Action, "due_on", self.moves.due)
        move_times(Action, "completed_at", self.moves.completed)
        self.moves = _Moves()


@dataclass(frozen=True)
class DiscussionSummary:
    total: int
    recorded: int
    actions: int

    def line(self) -> str:
        return (
            f"Strategy discussions: {self.total:,} (recorded {self.recorded:,}, "
            f"actions {self.actions:,})"
        )


def summarise_discussions() -> DiscussionSummary:
    discussions = StrategyDiscussion.objects.filter(
        contact__local_authority__code__in=[STAFFORDSHIRE, STOKE]
    )
    return DiscussionSummary(
        total=discussions.count(),
        recorded=discussions.filter(recorded_at__isnull=False).count(),
        actions=Action.objects.filter(discussion__in=discussions).count(),
    )
