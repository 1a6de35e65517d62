"""The contact page, screening, recommendation and the manager's decision, and the work queues.

Each view: the scoped, audited fetch (`get_contact_for_viewing`: out of scope is a 404), the
role check (a 403), the form, one service, then a redirect. The services enforce the rules
again, four eyes included, whatever the page showed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from frontdoor.agencies.roles import MASH_ROLES
from frontdoor.agencies.selectors import threshold_label
from frontdoor.audit.services import record
from frontdoor.contacts.breakglass import grant_in_use
from frontdoor.contacts.models import Contact, ContactStatus
from frontdoor.contacts.rules import may_decide, may_work_on_contacts
from frontdoor.contacts.selectors import (
    earlier_contacts,
    get_contact_for_viewing,
    get_contact_for_working,
)
from frontdoor.contacts.services import CHILD_ROLES
from frontdoor.core.actors import Actor
from frontdoor.core.forms import show_errors

from . import selectors
from .consent import RULE_EXPLAINED
from .forms import DecisionForm, RecommendationForm, ScreeningForm
from .models import Recommendation, ScreeningDecision
from .sections import sections_for
from .services import (
    approve_recommendation,
    recommend_outcome,
    return_recommendation,
    screen_contact,
)

QUEUE_PAGE_SIZE = 50
SCREENABLE = (
    ContactStatus.RECEIVED,
    ContactStatus.SCREENING,
    ContactStatus.INFORMATION_GATHERING,
)
RECOMMENDABLE = (ContactStatus.SCREENING, ContactStatus.INFORMATION_GATHERING)


def _actor(request: HttpRequest) -> Actor:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    return actor


def _worker(request: HttpRequest, pk: int) -> tuple[Actor, Contact]:
    """The contact (404 if out of scope, the read audited) for someone who screens (else 403)."""
    actor = _actor(request)
    contact = get_contact_for_working(actor, pk)
    if not may_work_on_contacts(actor):
        raise PermissionDenied("Only MASH practitioners and managers work on contacts")
    return actor, contact


@dataclass(frozen=True)
class Actions:
    """What the viewer may do now. The services check again; this only decides what to show."""

    take: bool
    screen: bool
    recommend: bool
    decide: bool
    own_recommendation: bool

    @classmethod
    def for_viewer(
        cls,
        actor: Actor,
        contact: Contact,
        *,
        screened: bool,
        pending: Recommendation | None,
    ) -> "Actions":
        works = may_work_on_contacts(actor)
        user_pk = actor.user.pk if actor.user is not None else None
        own = pending is not None and pending.recommended_by_id == user_pk
        return cls(
            take=works and contact.is_open and contact.allocated_to_id is None,
            screen=works and contact.status in SCREENABLE,
            recommend=works and screened and contact.status in RECOMMENDABLE,
            decide=may_decide(actor) and pending is not None and not own,
            own_recommendation=own,
        )


def _screenings(contact: Contact) -> list[dict[str, Any]]:
    decisions = contact.screenings.select_related(
        "threshold_level", "rag_rating", "screened_by"
    ).order_by("screened_at", "id")
    return [
        {
            "decision": decision,
            "level_label": threshold_label(contact.local_authority, decision.threshold_level_id),
        }
        for decision in decisions
    ]


@never_cache
@require_GET
def contact_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    contact = get_contact_for_viewing(actor, pk)
    now = timezone.now()
    latest: ScreeningDecision | None = selectors.latest_screening(contact)
    pending = selectors.pending_recommendation(contact)
    subjects = contact.subjects.select_related("person", "person__sex", "person__ethnicity")
    break_glass = grant_in_use(actor, contact)  # seen only through break-glass: read-only
    actions = Actions.for_viewer(actor, contact, screened=latest is not None, pending=pending)
    context = {
        "break_glass": break_glass,
        "contact": contact,
        "now": now,
        "latest": latest,
        "decision_overdue": contact.is_open and contact.decision_due_at < now,
        "rag_overdue": contact.is_open and latest is not None and latest.rag_due_at < now,
        "people": [
            {"subject": subject, "person": subject.person, "child": subject.role in CHILD_ROLES}
            for subject in subjects
        ],
        "categories": list(contact.categories.all()),
        "screenings": _screenings(contact),
        "history": selectors.decision_history(contact),
        "status_changes": contact.status_changes.select_related("changed_by"),
        "earlier": earlier_contacts(contact, viewer=actor),
        "pending": pending,
        "actions": Actions(False, False, False, False, False) if break_glass else actions,
        "sections": sections_for(actor, contact),
    }
    return render(request, "screening/contact.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def screen(request: HttpRequest, pk: int) -> HttpResponse:
    actor, contact = _worker(request, pk)
    latest = selectors.latest_screening(contact)
    initial = (
        {
            "threshold_level": latest.threshold_level_id,
            "rag_rating": latest.rag_rating_id,
            "owning_cohort": latest.owning_cohort,
        }
        if latest
        else {}
    )
    form = ScreeningForm(
        request.POST if request.method == "POST" else None,
        local_authority=contact.local_authority,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = screen_contact(contact=contact, by=actor, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error.message_dict)
        else:
            messages.success(
                request,
                f"Screened {decision.rag_rating_id}, level {decision.threshold_level_id}",
            )
            return redirect("contacts:detail", pk=contact.pk)
    context = {
        "form": form,
        "contact": contact,
        "rule": RULE_EXPLAINED,
        "page_title": "Screen this contact",
        "button": "Save the screening decision",
    }
    return render(request, "screening/screen.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def recommend(request: HttpRequest, pk: int) -> HttpResponse:
    actor, contact = _worker(request, pk)
    form = RecommendationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = recommend_outcome(contact=contact, by=actor, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error.message_dict)
        else:
            messages.success(
                request,
                f"You recommended: {recommendation.get_outcome_display()}. A manager will decide.",
            )
            return redirect("contacts:detail", pk=contact.pk)
    context = {
        "form": form,
        "contact": contact,
        "latest": selectors.latest_screening(contact),
        "page_title": "Recommend an outcome",
        "button": "Send to a manager",
    }
    return render(request, "screening/recommend.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager approves or returns the pending recommendation. Never their own: the service
    refuses that (403) even if someone posts the form directly."""
    actor = _actor(request)
    contact = get_contact_for_working(actor, pk)
    recommendation = selectors.pending_recommendation(contact)
    if recommendation is None:
        raise Http404("No recommendation is waiting for a decision")
    own = actor.user is not None and recommendation.recommended_by_id == actor.user.pk
    if not own and not may_decide(actor):
        raise PermissionDenied("Only a MASH manager can decide on a recommendation")
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["verdict"] == DecisionForm.APPROVE:
                approve_recommendation(recommendation=recommendation, by=actor)
                done = f"You approved: {recommendation.get_outcome_display()}"
            else:
                return_recommendation(
                    recommendation=recommendation, reason=form.cleaned_data["reason"], by=actor
                )
                done = "You returned the recommendation to the practitioner"
        except ValidationError as error:
            show_errors(form, error.message_dict)
        else:
            messages.success(request, done)
            return redirect("contacts:detail", pk=contact.pk)
    context = {
        "form": form,
        "contact": contact,
        "recommendation": recommendation,
        "own": own,
        "page_title": "Approve or return the recommendation",
        "return_chosen": form["verdict"].value() == DecisionForm.RETURN,  # keeps it open
    }
    return render(request, "screening/decision.html", context, status=400 if form.errors else 200)


# ---------------------------------------------------------------------------------------------
# Work queues
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    url_name: str
    select: Callable[[Actor], QuerySet[Contact]]
    managers_only: bool = False


QUEUES = [
    Queue("mine", "My contacts", "screening:mine", selectors.my_queue),
    Queue("team", "Team queue — unallocated", "screening:team", selectors.team_unallocated),
    Queue(
        "approvals",
        "Pending approvals",
        "screening:approvals",
        selectors.pending_approvals,
        managers_only=True,
    ),
    Queue("overdue", "Overdue", "screening:overdue", selectors.overdue),
]


def queues_for(actor: Actor) -> list[Queue]:
    return [queue for queue in QUEUES if may_decide(actor) or not queue.managers_only]


@never_cache
@require_GET
def queue(request: HttpRequest, key: str) -> HttpResponse:
    """One work queue, soonest due first, 50 to a page."""
    actor = _actor(request)
    if actor.role not in MASH_ROLES:
        raise PermissionDenied("Work queues are for MASH staff")
    available = queues_for(actor)
    current = next((queue for queue in available if queue.key == key), None)
    if current is None:
        raise PermissionDenied("This queue is for MASH managers")
    contacts = current.select(actor).select_related("referral_source")
    page = Paginator(contacts, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    record("work.queue_viewed", by=actor, details={"queue": key, "page": page.number})
    context = {
        "queue": current,
        "tabs": [(queue, queue.select(actor).count()) for queue in available],
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "now": timezone.now(),
        "may_take": may_work_on_contacts(actor),
    }
    return render(request, "screening/queue.html", context)
