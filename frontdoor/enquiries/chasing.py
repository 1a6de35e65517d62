"""Chasing information requests: remind an agency as a request nears its due time, and escalate
it when it is overdue (standards: partners answer within their agreed response time).

Three thresholds, each acted on at most once per request (a `Chase` row, unique per request and
threshold). With allowance = due_at − sent_at:

- due soon, when a quarter of the allowance is left: a reminder to the agency's researchers;
- overdue, at due_at: an escalation to the agency's leads, the MASH managers of the contact's
  authority and the practitioner who sent the request;
- long overdue, at due_at + allowance: the same people again.

Thresholds are computed from the current due_at, so a granted extension moves the later ones;
chases already sent stay sent. Messages name the request's reference, the agency and times,
never a person or the concern: they go by email.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import dateformat, timezone

from frontdoor.agencies.models import Membership, Team
from frontdoor.agencies.roles import Role
from frontdoor.audit.services import record
from frontdoor.contacts.models import OPEN_STATUSES
from frontdoor.core.actors import Actor
from frontdoor.core.timewords import duration_words
from frontdoor.notifications.services import notify

from .models import Chase, ChaseThreshold, InformationRequest, RequestStatus

CHASED = "information_request.chased"

# Least to most severe: when several are crossed at once only the last one is worth telling.
SEVERITY = [ChaseThreshold.DUE_SOON, ChaseThreshold.OVERDUE, ChaseThreshold.LONG_OVERDUE]
ESCALATIONS = frozenset({ChaseThreshold.OVERDUE, ChaseThreshold.LONG_OVERDUE})


@dataclass(frozen=True)
class ChaseSummary:
    """What one run of the job did: requests looked at, reminders and escalations sent."""

    requests_checked: int = 0
    reminders: int = 0
    escalations: int = 0

    def line(self) -> str:
        """One log line, counts only: 'Checked 12 requests: 2 reminders, 1 escalation.'"""
        return (
            f"Checked {_count(self.requests_checked, 'request')}: "
            f"{_count(self.reminders, 'reminder')}, {_count(self.escalations, 'escalation')}."
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def threshold_times(*, sent_at: datetime, due_at: datetime) -> dict[ChaseThreshold, datetime]:
    """When each threshold is crossed, from the request's allowance (never negative)."""
    allowance = max(due_at - sent_at, timedelta(0))
    return {
        ChaseThreshold.DUE_SOON: due_at - allowance / 4,
        ChaseThreshold.OVERDUE: due_at,
        ChaseThreshold.LONG_OVERDUE: due_at + allowance,
    }


def thresholds_crossed(
    *, sent_at: datetime, due_at: datetime, now: datetime
) -> list[ChaseThreshold]:
    """The thresholds a request has crossed by `now`, least severe first."""
    times = threshold_times(sent_at=sent_at, due_at=due_at)
    return [threshold for threshold in SEVERITY if now >= times[threshold]]


def chase_information_requests(*, by: Actor, now: datetime | None = None) -> ChaseSummary:
    """Remind or escalate every awaited request on an open contact that has crossed a threshold.

    Idempotent and safe to run twice at once: each request is handled in its own short
    transaction with its row locked (skipped if another run holds it), existing chases are
    re-read inside the lock, and a `Chase` row that another run inserted first (the unique
    pair) means that run tells people, not this one.

    If a request crossed several thresholds since the last run (the job did not run for a
    while), every crossed threshold is recorded once, but people are told only about the most
    severe: a late "due soon" reminder for an overdue request is noise.
    """
    now = now or timezone.now()
    awaited = InformationRequest.objects.filter(
        status=RequestStatus.SENT, contact__status__in=OPEN_STATUSES
    )
    done: dict[int, set[str]] = {}
    for request_id, threshold in Chase.objects.filter(request__in=awaited).values_list(
        "request_id", "threshold"
    ):
        done.setdefault(request_id, set()).add(threshold)
    checked = reminders = escalations = 0
    for pk, sent_at, due_at in awaited.values_list("pk", "sent_at", "due_at").order_by("due_at"):
        checked += 1
        crossed = thresholds_crossed(sent_at=sent_at, due_at=due_at, now=now)
        if not set(crossed) - done.get(pk, set()):
            continue
        told = _chase_one(pk, now=now, by=by)
        if told == ChaseThreshold.DUE_SOON:
            reminders += 1
        elif told in ESCALATIONS:
            escalations += 1
    return ChaseSummary(requests_checked=checked, reminders=reminders, escalations=escalations)


@transaction.atomic
def _chase_one(pk: int, *, now: datetime, by: Actor) -> ChaseThreshold | None:
    """Record the request's newly crossed thresholds and tell people about the most severe.

    Returns the threshold people were told about, or None if there was nothing to do here.
    """
    request = (
        InformationRequest.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("contact", "contact__local_authority", "agency")
        .filter(pk=pk, status=RequestStatus.SENT, contact__status__in=OPEN_STATUSES)
        .first()
    )
    if request is None:  # answered, withdrawn or closed meanwhile, or another run holds it
        return None
    crossed = thresholds_crossed(sent_at=request.sent_at, due_at=request.due_at, now=now)
    already = set(Chase.objects.filter(request=request).values_list("threshold", flat=True))
    recorded = [threshold for threshold in crossed if threshold not in already]
    recorded = [threshold for threshold in recorded if _record_chase(request, threshold, now, by)]
    most_severe = crossed[-1] if crossed else None
    if most_severe is None or most_severe not in recorded:
        return None  # nothing new, or the most severe was sent before: anything less is noise
    if most_severe == ChaseThreshold.DUE_SOON:
        _remind(request, now=now, by=by)
    else:
        _escalate(request, threshold=most_severe, now=now, by=by)
    return most_severe


def _record_chase(
    request: InformationRequest, threshold: ChaseThreshold, now: datetime, by: Actor
) -> bool:
    """Insert the Chase row in a savepoint; False if another run inserted it first."""
    try:
        with transaction.atomic():
            Chase.objects.create(request=request, threshold=threshold, sent_at=now)
    except IntegrityError:
        return False
    record(
        CHASED,
        by=by,
        target=request,
        local_authority_code=request.contact.local_authority.code,
        details={"request": request.pk, "threshold": threshold.value},
    )
    return True


# --- Who is told ------------------------------------------------------------------------------


def _serving(request: InformationRequest, day: date) -> Q:
    """Memberships of the request's agency, in force on the day, for the contact's authority
    (or for every authority the agency serves)."""
    return (
        Q(agency_id=request.agency_id, starts_on__lte=day, user__is_active=True)
        & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        & (
            Q(team__isnull=True)
            | Q(team__local_authority__isnull=True)
            | Q(team__local_authority_id=request.contact.local_authority_id)
        )
    )


def _users(memberships: Iterable[Membership]) -> list[AbstractBaseUser]:
    return list({membership.user_id: membership.user for membership in memberships}.values())


def agency_researchers(request: InformationRequest, *, day: date) -> list[AbstractBaseUser]:
    """The researchers of the request's agency who answer for the contact's authority."""
    return _users(
        Membership.objects.filter(
            _serving(request, day), role=Role.AGENCY_RESEARCHER
        ).select_related("user")
    )


def agency_leads(request: InformationRequest, *, day: date) -> list[AbstractBaseUser]:
    """The leads of the request's agency for the contact's authority."""
    return _users(
        Membership.objects.filter(_serving(request, day), is_lead=True).select_related("user")
    )


def mash_people(request: InformationRequest, *, day: date) -> list[AbstractBaseUser]:
    """The MASH managers of the contact's authority, and the practitioner who sent the request
    (if their account is still active)."""
    managers = Membership.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day),
        role=Role.MANAGER,
        team__function=Team.Function.MASH,
        team__local_authority_id=request.contact.local_authority_id,
        starts_on__lte=day,
        user__is_active=True,
    ).select_related("user")
    people = {user.pk: user for user in _users(managers)}
    sender = request.sent_by
    if sender.is_active:
        people.setdefault(sender.pk, sender)
    return list(people.values())


# --- What they are told ----------------------------------------------------------------------


def _at(moment: datetime) -> str:
    """'4 March 2026, 14:05' in the hub's time zone."""
    return dateformat.format(timezone.localtime(moment), "j F Y, H:i")


def _remind(request: InformationRequest, *, now: datetime, by: Actor) -> None:
    reference = request.reference
    notify(
        users=agency_researchers(request, day=timezone.localdate(now)),
        subject=f"Information request {reference} is due soon",
        body=(
            f"The answer from {request.agency.name} to information request {reference} "
            f"is due by {_at(request.due_at)}, in {duration_words(request.due_at - now)}."
        ),
        link=reverse("enquiries:detail", args=[request.pk]),
        by=by,
        local_authority_code=request.contact.local_authority.code,
    )


def _escalate(
    request: InformationRequest, *, threshold: ChaseThreshold, now: datetime, by: Actor
) -> None:
    reference = request.reference
    day = timezone.localdate(now)
    still = "still " if threshold == ChaseThreshold.LONG_OVERDUE else ""
    subject = f"Information request {reference} is {still}overdue"
    body = (
        f"{request.agency.name} has {still}not answered information request {reference}. "
        f"It was sent on {_at(request.sent_at)} and was due by {_at(request.due_at)}: "
        f"it is overdue by {duration_words(now - request.due_at)}."
    )
    mash = mash_people(request, day=day)
    mash_ids = {user.pk for user in mash}
    leads = [user for user in agency_leads(request, day=day) if user.pk not in mash_ids]
    code = request.contact.local_authority.code
    notify(
        users=leads,
        subject=subject,
        body=body,
        link=reverse("enquiries:detail", args=[request.pk]),
        by=by,
        local_authority_code=code,
    )
    notify(
        users=mash,
        subject=subject,
        body=body,
        link=reverse("contacts:detail", args=[request.contact_id]),
        by=by,
        local_authority_code=code,
    )
