"""Demo information requests: the MASH asks its partner agencies about the people in the contacts
it screened for information gathering, and the agencies' researchers answer, back in time.

`plan_enquiries` plans every request from the contact plans (no writes): the default agencies
for the cohort and level, sent by the screening practitioner a few minutes after screening,
each answered before the recommendation (police slower than health, some late), or for a
contact still gathering information answered, open in time or open and overdue. `Enquirer`
carries the plans out through the real services right after each screening, then moves the
rows to the planned times. Every finding is invented; no text describes a real person.
"""

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from faker import Faker

from frontdoor.agencies.actors import actor_for_user
from frontdoor.agencies.demo import STAFFORDSHIRE, STOKE
from frontdoor.agencies.models import Agency, ClockBasis, LocalAuthority, Membership, Team
from frontdoor.agencies.roles import Role
from frontdoor.agencies.selectors import hub_calendar
from frontdoor.agencies.services import add_membership
from frontdoor.contacts.demo import weighted_choice
from frontdoor.contacts.models import Contact, ContactStatus, ContactSubject
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import add_clock_hours
from frontdoor.screening.demo import DEMO_EMAIL_DOMAIN, Backdater, Plan, Worker, move_times
from frontdoor.screening.models import NextStep

from .clocks import add_hours, allowed_hours
from .defaults import default_agency_kinds
from .models import (
    DeadlineExtension,
    Finding,
    InformationRequest,
    InformationResponse,
    LawfulBasis,
    Sensitivity,
)
from .services import AnswerDetails, ask_for_more_time, decide_extension, send_information_requests
from .services import answer_information_request as answer_request

# Synthetic researchers on the agencies' desks, besides the personas: (team, how many).
RESEARCHERS = [
    ("police-mash-desk", 2),
    ("health-mash-desk", 2),
    ("staffs-education-desk", 1),
    ("stoke-education-desk", 1),
    ("probation-mash-desk", 1),
    ("staffs-asc-desk", 1),
    ("stoke-asc-desk", 1),
]
# When each kind of agency answers, as a share of the time until the practitioner recommends
# (who does so soon after the last answer): health is quickest, police slowest. An answer is
# late when the gathering took longer than the agency's allowance.
SPEEDS = {"health": (0.15, 0.8), "police": (0.55, 1.0), "education": (0.3, 0.95)}
OTHER_SPEED = (0.3, 1.0)
# On a contact still gathering information, an answer as a share of the agency's allowance,
# and the chance it has come by now if it was due (else it waits, in time or overdue, so the
# chasing job has work to do and researchers' inboxes have some).
STILL_OPEN_SPEED = (0.2, 1.6)
STILL_OPEN_ANSWERED = {"due": 0.45, "not due": 0.6}
# Each persona researcher's agency keeps this many requests waiting on open contacts.
PERSONA_INBOX = 4
QUESTIONS = {
    "child": (
        "Please check your records for everyone named: any current or past involvement, worries "
        "about the children's safety or wellbeing, and anything the MASH should know before "
        "deciding what happens next."
    ),
    "adult_at_risk": (
        "Please check your records for the adult and anyone living with them: care and support "
        "needs, any history of abuse or exploitation, and risks to others at the address."
    ),
    "domestic_abuse": (
        "Please check your records for everyone named: domestic abuse history, risk "
        "assessments, offending, and any children in the household."
    ),
}
# What agencies found, by agency kind, about a child and about an adult (invented, non-graphic).
FOUND: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "police": (
        (
            "Police attended the home twice in the last year after reports of arguments; no "
            "offences recorded. The children were present on one occasion.",
            "Reported missing from home once this year; found safe the same evening.",
            "Named as a witness to an assault at school last term; no further police action.",
        ),
        (
            "Two domestic incidents recorded in the last 12 months with the same partner; risk "
            "assessed as standard each time.",
            "Arrested two years ago for a public order offence; no further action.",
            "Bail conditions not to contact a former partner, in force until next month.",
        ),
    ),
    "health": (
        (
            "Registered with a GP. Two missed health visitor contacts this year; immunisations "
            "incomplete.",
            "Seen at the emergency department last month with a minor injury; the explanation "
            "given was consistent with the injury.",
            "Under the community paediatrician for speech delay; last seen six months ago.",
        ),
        (
            "Registered with a GP; known to the community mental health team, last contact three "
            "weeks ago.",
            "Attended the emergency department twice this year; alcohol noted both times.",
            "Pregnant and booked with midwifery; two antenatal appointments missed.",
        ),
    ),
    "education": (
        (
            "Attendance 82% this term with several unexplained absences; the designated "
            "safeguarding lead has noticed the child arriving hungry.",
            "Attendance good; recently withdrawn in class. Staff have spoken with the parent "
            "twice about worries at home.",
            "On a part-time timetable since the autumn; an earlier early help assessment closed "
            "in the summer.",
        ),
        ("Parent of children at the school; comes to meetings when invited.",),
    ),
    "probation": (
        (),
        (
            "Under probation supervision for a violent offence; assessed as a medium risk of "
            "serious harm to a known adult. Last seen two weeks ago.",
            "Previously supervised for theft; the order ended last year.",
        ),
    ),
    "adult_social_care": (
        (),
        (
            "Receives a package of care four times a day; a carer's assessment was offered.",
            "An earlier safeguarding enquiry about financial abuse closed with a protection plan.",
        ),
    ),
}
RESTRICTED_FINDINGS = (
    "Intelligence held that is graded not for disclosure outside the hub. Speak to the police "
    "MASH desk before any visit to the home.",
    "A current police investigation names this person. Do not share with the family; the "
    "officer in the case can join a strategy discussion.",
)
SYSTEMS = {
    "police": "Police records management system, Police National Computer, intelligence database",
    "health": "GP record, child health information system, emergency department and maternity",
    "education": "School information management system, attendance and exclusion records",
    "probation": "Probation case management system",
    "adult_social_care": "Adult social care case record system",
}
NOTHING_KNOWN = 0.4
# Markings of an answer that found something, by agency kind: police hold intelligence.
MARKINGS: dict[str, dict[str, float]] = {
    "police": {Sensitivity.SHAREABLE: 55, Sensitivity.HUB_ONLY: 23, Sensitivity.RESTRICTED: 22},
    "probation": {Sensitivity.SHAREABLE: 60, Sensitivity.HUB_ONLY: 40},
}
OTHER_MARKINGS: dict[str, float] = {Sensitivity.SHAREABLE: 78, Sensitivity.HUB_ONLY: 22}
CHILD_ROLES = {"subject_child", "sibling"}


def invent_answer(rng: random.Random, kind: str, subject_id: int, role: str) -> AnswerDetails:
    """One agency's answer about one person: "nothing known" about 40% of the time."""
    child_texts, adult_texts = FOUND.get(kind, ((), ()))
    texts = child_texts if role in CHILD_ROLES else adult_texts
    systems = SYSTEMS.get(kind, "Case records")
    if not texts or rng.random() < NOTHING_KNOWN:
        plain = Sensitivity.SHAREABLE if rng.random() < 0.9 else Sensitivity.HUB_ONLY
        return AnswerDetails(subject_id, Finding.NOTHING_KNOWN, "", systems, plain)
    marking = weighted_choice(rng, MARKINGS.get(kind, OTHER_MARKINGS))
    summary = rng.choice(RESTRICTED_FINDINGS if marking == Sensitivity.RESTRICTED else texts)
    return AnswerDetails(subject_id, Finding.FOUND, summary, systems, marking)


EXTRA_HOURS = 4  # asked for in both requests for more time
GRANTED_REASON = "The records are held on a system we can only search tomorrow morning."
PENDING_REASON = "Waiting for the officer in the case to confirm what may be shared."


def create_team_staff(
    *,
    seed: int,
    by: Actor,
    starts_on: date,
    create_user: Callable[[str, str], AbstractBaseUser],
    teams: Sequence[tuple[str, int]],
    role: Role,
    tag: str,
) -> int:
    """Add the synthetic people of `role` to `teams` (email `first.last.<tag><n>@…`) that do not
    exist yet; return how many. `create_user(email, full_name)` comes from a higher layer."""
    fake = Faker("en_GB")
    fake.seed_instance(f"{seed}-{tag}")
    found = {team.code: team for team in Team.objects.select_related("agency")}
    created, number = 0, 0
    for code, count in teams:
        for _ in range(count):
            number += 1
            first, last = fake.first_name(), fake.last_name()  # drawn even when it exists
            suffix = f".{tag}{number}@{DEMO_EMAIL_DOMAIN}"
            if Membership.objects.filter(user__email__endswith=suffix).exists():
                continue
            handle = "".join(c for c in f"{first}.{last}".lower() if c.isalpha() or c == ".")
            user = create_user(f"{handle}{suffix}", f"{first} {last}")
            team = found[code]
            add_membership(
                user=user, agency=team.agency, team=team, role=role, starts_on=starts_on, by=by
            )
            created += 1
    return created


def create_researchers(
    *, seed: int, by: Actor, starts_on: date, create_user: Callable[[str, str], AbstractBaseUser]
) -> int:
    return create_team_staff(
        seed=seed,
        by=by,
        starts_on=starts_on,
        create_user=create_user,
        teams=RESEARCHERS,
        role=Role.AGENCY_RESEARCHER,
        tag="r",
    )


def members(
    role: Role, *, lighter: Iterable[AbstractBaseUser] = ()
) -> list[tuple[Membership, Worker]]:
    """Everyone with `role`, oldest membership first, as workers acting through it; `lighter`
    people (the personas) get a smaller share of the historical work."""
    light = {user.pk for user in lighter}
    memberships = (
        Membership.objects.filter(role=role).select_related("user", "agency", "team").order_by("id")
    )
    return [
        (m, Worker(m.user, actor_for_user(m.user), 0.3 if m.user_id in light else 1.0))
        for m in memberships
    ]


def research_desks(*, lighter: Iterable[AbstractBaseUser] = ()) -> dict[str, list[Worker]]:
    """The researchers who answer for each agency (by agency code)."""
    desks: dict[str, list[Worker]] = {}
    for membership, worker in members(Role.AGENCY_RESEARCHER, lighter=lighter):
        desks.setdefault(membership.agency.code, []).append(worker)
    return desks


def agencies_by_kind() -> dict[tuple[str, str], Agency]:
    """The agency of each kind serving each demo authority: (LA code, kind code) → agency."""
    found: dict[tuple[str, str], Agency] = {}
    for agency in Agency.objects.filter(is_active=True).prefetch_related("local_authorities"):
        for la in agency.local_authorities.all():
            found.setdefault((la.code, agency.kind_id), agency)
    return found


@dataclass
class PlannedRequest:
    agency: Agency
    due_at: datetime
    answered_at: datetime | None  # None: still waiting
    answerer: Worker
    extension: str = ""  # "granted" or "pending"
    extension_asked_at: datetime | None = None
    extension_decided_at: datetime | None = None


@dataclass
class PlannedEnquiry:
    plan: Plan
    sent_at: datetime
    requests: list[PlannedRequest]


class EnquiryPlanner:
    def __init__(self, *, seed: int, now: datetime, desks: dict[str, list[Worker]]) -> None:
        self.rng = random.Random(f"enquiries-{seed}")
        self.now = now
        self.desks = desks
        self.agencies = agencies_by_kind()
        self.authorities = {
            la.code: la for la in LocalAuthority.objects.filter(code__in=[STAFFORDSHIRE, STOKE])
        }
        self.calendars = {code: hub_calendar(la) for code, la in self.authorities.items()}
        self._hours: dict[tuple[str, int, str], int] = {}

    def after(self, la: LocalAuthority, start: datetime, hours: float) -> datetime:
        """`start` plus `hours` as the authority counts its clocks."""
        if la.rag_clock_basis == ClockBasis.CLOCK_HOURS:
            return add_clock_hours(start, hours)
        return self.calendars[la.code].add_working_hours(start, hours)

    def allowance(self, la: LocalAuthority, agency: Agency, rating: str) -> int:
        key = (la.code, agency.pk, rating)
        if key not in self._hours:
            self._hours[key] = allowed_hours(local_authority=la, agency=agency, rag_rating=rating)
        return self._hours[key]

    def request(
        self, plan: Plan, agency: Agency, sent_at: datetime, later: datetime | None
    ) -> PlannedRequest:
        la = self.authorities[plan.details.local_authority_code]
        hours = self.allowance(la, agency, plan.rating)
        due_at = add_hours(la, sent_at, hours)  # as `request_due_at`, with the hours cached
        answered_at: datetime | None
        if later is not None:  # every answer is in a few minutes before the recommendation
            window = later - timedelta(minutes=self.rng.uniform(2, 10)) - sent_at
            share = self.rng.uniform(*SPEEDS.get(agency.kind_id, OTHER_SPEED))
            answered_at = sent_at + max(window * share, (later - sent_at) / 4)
        else:
            share = self.rng.uniform(*STILL_OPEN_SPEED)
            answered_at = self.after(la, sent_at, hours * share)
            chance = STILL_OPEN_ANSWERED["due" if due_at < self.now else "not due"]
            if answered_at > self.now or self.rng.random() > chance:
                answered_at = None
        if answered_at is not None:
            answered_at = answered_at.replace(microsecond=0)
        workers = self.desks[agency.code]
        answerer = self.rng.choices(workers, weights=[w.weight for w in workers])[0]
        return PlannedRequest(agency, due_at, answered_at, answerer)

    def plan(self, plan: Plan) -> PlannedEnquiry | None:
        window = plan.screening_window()
        if plan.next_step != NextStep.INFORMATION_GATHERING or window is None:
            return None
        screened, later = window
        end = later or self.now
        sent_at = screened + min(timedelta(minutes=self.rng.uniform(3, 12)), (end - screened) / 4)
        sent_at = sent_at.replace(microsecond=0)
        la_code = plan.details.local_authority_code
        kinds = default_agency_kinds(cohort=plan.details.cohort, threshold_level=plan.level)
        agencies = [
            agency
            for kind in kinds
            if (agency := self.agencies.get((la_code, kind))) and self.desks.get(agency.code)
        ]
        requests = [self.request(plan, agency, sent_at, later) for agency in agencies]
        return PlannedEnquiry(plan, sent_at, requests)


def _still_open(enquiries: Iterable[PlannedEnquiry]) -> list[PlannedEnquiry]:
    """Enquiries on contacts still gathering information, newest first."""
    return sorted(
        (e for e in enquiries if e.plan.status == ContactStatus.INFORMATION_GATHERING),
        key=lambda e: e.sent_at,
        reverse=True,
    )


def _waiting_request(
    enquiry: PlannedEnquiry, agency: Agency, planner: EnquiryPlanner
) -> PlannedRequest:
    """The enquiry's request to the agency, reopened, or one added (the practitioner may ask
    any agency besides the usual ones); either way still waiting for an answer."""
    request = next((r for r in enquiry.requests if r.agency.pk == agency.pk), None)
    if request is None:
        request = planner.request(enquiry.plan, agency, enquiry.sent_at, None)
        enquiry.requests.append(request)
    request.answered_at = None
    return request


def _stall_one_if_none_overdue(
    enquiries: list[PlannedEnquiry], planner: EnquiryPlanner, agency: Agency
) -> None:
    """If no contact still gathering information could hold an overdue request to the agency,
    stop the newest decided one that could just after its screening, as screening's demo does
    for the persona practitioner's queue, and plan its requests again."""
    serves = {la.code for la in agency.local_authorities.all()}

    def could_be_overdue(enquiry: PlannedEnquiry) -> bool:
        la = planner.authorities[enquiry.plan.details.local_authority_code]
        hours = planner.allowance(la, agency, enquiry.plan.rating)
        return la.code in serves and add_hours(la, enquiry.sent_at, hours) < planner.now

    if any(could_be_overdue(enquiry) for enquiry in _still_open(enquiries)):
        return
    for index in reversed(range(len(enquiries))):
        enquiry = enquiries[index]
        if (
            enquiry.plan.status == ContactStatus.DECIDED
            and any(r.agency.pk == agency.pk for r in enquiry.requests)
            and could_be_overdue(enquiry)
        ):
            enquiry.plan.cut("screen")
            enquiries[index] = planner.plan(enquiry.plan) or enquiry
            return


def _fill_inbox(
    enquiries: list[PlannedEnquiry], planner: EnquiryPlanner, agency: Agency, *, size: int
) -> None:
    """Keep `size` requests to the agency waiting on contacts still gathering information, at
    least one of them overdue (on the oldest such contact) and the rest on the newest."""
    serves = {la.code for la in agency.local_authorities.all()}
    open_ones = [e for e in _still_open(enquiries) if e.plan.details.local_authority_code in serves]

    def waiting() -> list[PlannedRequest]:
        return [
            r
            for e in open_ones
            for r in e.requests
            if r.agency.pk == agency.pk and r.answered_at is None
        ]

    if not any(r.due_at < planner.now for r in waiting()):
        for enquiry in reversed(open_ones):  # oldest first
            la = planner.authorities[enquiry.plan.details.local_authority_code]
            hours = planner.allowance(la, agency, enquiry.plan.rating)
            if add_hours(la, enquiry.sent_at, hours) < planner.now:
                _waiting_request(enquiry, agency, planner)
                break
    for enquiry in open_ones:
        if len(waiting()) >= size:
            return
        _waiting_request(enquiry, agency, planner)


def _ask_for_more_time(enquiries: list[PlannedEnquiry], planner: EnquiryPlanner) -> None:
    """One waiting request got more time from the MASH; another's ask waits for a decision."""
    used: set[int] = set()
    for verdict in ("granted", "pending"):
        for enquiry in _still_open(enquiries):
            la = planner.authorities[enquiry.plan.details.local_authority_code]
            waiting = [r for r in enquiry.requests if r.answered_at is None]
            if id(enquiry) in used or not waiting:
                continue
            request = waiting[0]
            allowance = planner.allowance(la, request.agency, enquiry.plan.rating)
            asked_at = planner.after(la, enquiry.sent_at, allowance / 2)
            decided_at = asked_at + timedelta(minutes=25)
            if decided_at > planner.now:
                continue
            used.add(id(enquiry))
            request.extension = verdict
            request.extension_asked_at = asked_at.replace(microsecond=0)
            if verdict == "granted":
                request.extension_decided_at = decided_at.replace(microsecond=0)
            break


def plan_enquiries(
    plans: list[Plan],
    *,
    seed: int,
    now: datetime,
    desks: dict[str, list[Worker]],
    persona_agencies: Sequence[str] = (),
) -> dict[Plan, PlannedEnquiry]:
    """Plan the requests of every contact screened for information gathering (no writes).

    Each agency in `persona_agencies` (codes) keeps a few requests waiting, some overdue."""
    planner = EnquiryPlanner(seed=seed, now=now, desks=desks)
    enquiries = [e for plan in plans if (e := planner.plan(plan)) is not None]
    for agency in Agency.objects.filter(code__in=persona_agencies).prefetch_related(
        "local_authorities"
    ):
        _stall_one_if_none_overdue(enquiries, planner, agency)
        _fill_inbox(enquiries, planner, agency, size=PERSONA_INBOX)
    _ask_for_more_time(enquiries, planner)
    return {enquiry.plan: enquiry for enquiry in enquiries}


@dataclass
class _Moves:
    sent: list[tuple[int, datetime]] = field(default_factory=list)
    due: list[tuple[int, datetime]] = field(default_factory=list)
    responded: list[tuple[int, datetime]] = field(default_factory=list)
    asked: list[tuple[int, datetime]] = field(default_factory=list)
    decided: list[tuple[int, datetime]] = field(default_factory=list)
    previous_due: list[tuple[int, datetime]] = field(default_factory=list)


class Enquirer:
    """Carries out the planned requests of one contact right after its screening."""

    def __init__(
        self, planned: dict[Plan, PlannedEnquiry], *, seed: int, backdater: Backdater
    ) -> None:
        self.planned = planned
        self.backdater = backdater
        self.rng = random.Random(f"answers-{seed}")
        self.moves = _Moves()

    def after_screening(self, contact: Contact, plan: Plan) -> None:
        enquiry = self.planned.get(plan)
        if enquiry is None or not enquiry.requests:
            return
        subjects = list(
            ContactSubject.objects.filter(contact_id=contact.pk)
            .order_by("pk")
            .values_list("pk", "role")
        )
        with self.backdater.at(enquiry.sent_at):
            sent = send_information_requests(
                contact=contact,
                agencies=[request.agency for request in enquiry.requests],
                subject_ids=[pk for pk, _ in subjects],
                questions=QUESTIONS.get(plan.details.cohort, QUESTIONS["child"]),
                lawful_basis=LawfulBasis.PUBLIC_TASK,
                by=plan.practitioner.actor,
            )
        for request, planned in zip(sent, enquiry.requests, strict=True):
            self.moves.sent.append((request.pk, enquiry.sent_at))
            self.moves.due.append((request.pk, planned.due_at))
            if planned.extension:
                self._more_time(request, planned, plan)
            if planned.answered_at is not None:
                self._answer(request, planned, subjects)

    def _answer(
        self, request: InformationRequest, planned: PlannedRequest, subjects: list[tuple[int, str]]
    ) -> None:
        assert planned.answered_at is not None
        kind = planned.agency.kind_id
        given = [invent_answer(self.rng, kind, pk, role) for pk, role in subjects]
        with self.backdater.at(planned.answered_at):
            answer_request(request=request, answers=given, by=planned.answerer.actor)
        self.moves.responded.append((request.pk, planned.answered_at))

    def _more_time(self, request: InformationRequest, planned: PlannedRequest, plan: Plan) -> None:
        assert planned.extension_asked_at is not None
        with self.backdater.at(planned.extension_asked_at):
            extension = ask_for_more_time(
                request=request,
                hours=EXTRA_HOURS,
                reason=self._reason(planned),
                by=planned.answerer.actor,
            )
        self.moves.asked.append((extension.pk, planned.extension_asked_at))
        self.moves.previous_due.append((extension.pk, planned.due_at))
        if planned.extension_decided_at is None:
            return
        with self.backdater.at(planned.extension_decided_at):
            decide_extension(extension=extension, grant=True, by=plan.practitioner.actor)
        self.moves.decided.append((extension.pk, planned.extension_decided_at))
        # As the service moves it, from the due time it had (the planned one, not "now"'s).
        longer = add_hours(request.contact.local_authority, planned.due_at, EXTRA_HOURS)
        self.moves.due.append((request.pk, longer))  # after the first move: it wins

    @staticmethod
    def _reason(planned: PlannedRequest) -> str:
        return GRANTED_REASON if planned.extension == "granted" else PENDING_REASON

    def backdate(self) -> None:
        """Move the requests, answers and extensions to their planned times."""
        moves = self.moves
        move_times(InformationRequest, "sent_at", moves.sent)
        move_times(InformationRequest, "due_at", moves.due)
        move_times(InformationRequest, "responded_at", moves.responded)
        move_times(InformationResponse, "answered_at", moves.responded, key="request")
        move_times(DeadlineExtension, "asked_at", moves.asked)
        move_times(DeadlineExtension, "previous_due_at", moves.previous_due)
        move_times(DeadlineExtension, "decided_at", moves.decided)
        self.moves = _Moves()


@dataclass(frozen=True)
class RequestSummary:
    total: int
    answered: int
    waiting: int
    overdue: int

    def line(self) -> str:
        return (
            f"Information requests: {self.total:,} (answered {self.answered:,}, "
            f"open {self.waiting:,} of which overdue {self.overdue:,})"
        )


def summarise_requests(*, now: datetime | None = None) -> RequestSummary:
    now = now or timezone.now()
    requests = InformationRequest.objects.filter(
        contact__local_authority__code__in=[STAFFORDSHIRE, STOKE]
    )
    waiting = requests.filter(status="sent")
    return RequestSummary(
        total=requests.count(),
        answered=requests.filter(status="answered").count(),
        waiting=waiting.count(),
        overdue=waiting.filter(due_at__lt=now).count(),
    )
