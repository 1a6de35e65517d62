"""Strategy discussion pages and the "Actions" queue.

Each view: the scoped, audited fetch (out of scope is a 404), the role check (a 403), the form,
one service, then a redirect with a banner. The services enforce the rules again.
"""

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from frontdoor.agencies.selectors import authority_codes_for
from frontdoor.audit.services import record
from frontdoor.contacts.selectors import get_contact_for_working
from frontdoor.core.actors import Actor
from frontdoor.core.forms import show_errors

from . import selectors
from .clocks import strategy_discussion_target
from .forms import ActionForm, CompleteActionForm, ConveneForm, RecordForm
from .models import StrategyDiscussion
from .rules import may_complete_action, may_have_actions, may_hold_discussions, may_read_discussions
from .sections import action_is_overdue, summarise
from .services import (
    add_action,
    complete_action,
    convene_strategy_discussion,
    record_strategy_discussion,
)

HOLDERS_ONLY = "Only MASH practitioners and managers hold strategy discussions"


def _actor(request: HttpRequest) -> Actor:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    return actor


def _when(moment: datetime) -> str:
    return format_date(timezone.localtime(moment), "j F Y, H:i")


def _holder(request: HttpRequest, pk: int) -> tuple[Actor, StrategyDiscussion]:
    """The discussion (404 if out of scope, the read audited) for someone who holds them."""
    actor = _actor(request)
    discussion = selectors.get_discussion_for_viewing(actor, pk)
    if not may_hold_discussions(actor):
        raise PermissionDenied(HOLDERS_ONLY)
    return actor, discussion


def _status(form: object) -> int:
    return 400 if getattr(form, "errors", None) else 200


def _done_already(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The page says it has been done already; posting to it again changes nothing (400)."""
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**context, "done_already": True}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def convene(request: HttpRequest, contact_pk: int) -> HttpResponse:
    actor = _actor(request)
    contact = get_contact_for_working(actor, contact_pk)
    if not may_hold_discussions(actor):
        raise PermissionDenied(HOLDERS_ONLY)
    authority = contact.local_authority
    # Shown instead of the form; the service refuses again if things change meanwhile.
    blocked = selectors.why_not_convene(contact)
    posted = request.method == "POST" and not blocked
    form = ConveneForm(request.POST if posted else None, local_authority=authority)
    if posted and form.is_valid():
        try:
            discussion = convene_strategy_discussion(contact=contact, by=actor, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error.message_dict)
        else:
            messages.success(
                request, f"Strategy discussion convened: due by {_when(discussion.target_at)}"
            )
            return redirect("meetings:detail", pk=discussion.pk)
    context: dict[str, Any] = {
        "form": form,
        "contact": contact,
        "page_title": "Hold a strategy discussion",
        "button": "Hold the strategy discussion",
        "blocked": blocked,
        "required": list(selectors.required_agencies(authority)),
        "hours": authority.strategy_discussion_hours,
        "target_at": strategy_discussion_target(authority, timezone.now()),
    }
    refused = blocked and request.method == "POST"
    return render(
        request, "meetings/convene.html", context, status=400 if refused else _status(form)
    )


@never_cache
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    discussion = selectors.get_discussion_for_viewing(actor, pk)
    context: dict[str, Any] = {
        "contact": discussion.contact,
        "summary": summarise(actor, discussion, timezone.now()),
    }
    return render(request, "meetings/detail.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def record_discussion(request: HttpRequest, pk: int) -> HttpResponse:
    actor, discussion = _holder(request, pk)
    context: dict[str, Any] = {
        "contact": discussion.contact,
        "discussion": discussion,
        "page_title": "Record the strategy discussion",
        "button": "Save the record",
    }
    if discussion.is_recorded:
        return _done_already(request, "meetings/record.html", context)
    invitees = list(discussion.invitees.select_related("agency"))
    form = RecordForm(request.POST if request.method == "POST" else None, invitees=invitees)
    if request.method == "POST" and form.is_valid():
        try:
            record_strategy_discussion(discussion=discussion, by=actor, **form.service_arguments())
        except ValidationError as error:
            show_errors(form, error.message_dict)
        else:
            messages.success(request, "Strategy discussion recorded")
            return redirect("meetings:detail", pk=discussion.pk)
    context["form"] = form
    return render(request, "meetings/record.html", context, status=_status(form))


@never_cache
@require_http_methods(["GET", "POST"])
def new_action(request: HttpRequest, pk: int) -> HttpResponse:
    actor, discussion = _holder(request, pk)
    contact = discussion.contact
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        local_authority=contact.local_authority,
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = add_action(discussion=discussion, by=actor, **form.service_arguments())
        except ValidationError as error:
            show_errors(
                form,
                {
                    ActionForm.ERROR_FIELDS.get(key, key): problems
                    for key, problems in error.message_dict.items()
                },
            )
        else:
            owner = action.owner_agency or action.owner_user
            messages.success(request, f"Action added for {owner}")
            return redirect("meetings:detail", pk=discussion.pk)
    context: dict[str, Any] = {
        "form": form,
        "contact": contact,
        "page_title": "Add an action",
        "button": "Add the action",
    }
    return render(request, "meetings/add_action.html", context, status=_status(form))


def _with_actions(request: HttpRequest) -> Actor:
    actor = _actor(request)
    if not may_have_actions(actor):
        raise PermissionDenied("Actions are for MASH staff, partner agencies and receiving teams")
    return actor


@never_cache
@require_GET
def actions(request: HttpRequest) -> HttpResponse:
    """Open actions for the actor and their agency, soonest due first."""
    actor = _with_actions(request)
    today = timezone.localdate()
    rows = [(action, action_is_overdue(action, today)) for action in selectors.actions_for(actor)]
    record("work.actions_viewed", by=actor, details={"count": len(rows)})
    context = {"rows": rows, "mash": may_read_discussions(actor)}
    return render(request, "meetings/actions.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _with_actions(request)
    action = selectors.get_action_for(actor, pk)
    authority = action.discussion.contact.local_authority
    if not may_complete_action(
        actor,
        owner_user_id=action.owner_user_id,
        owner_agency_code=action.owner_agency.code if action.owner_agency else "",
        local_authority_code=authority.code,
        authority_codes=authority_codes_for(actor),
    ):
        raise PermissionDenied("Only the action's owner, their agency or the MASH can do this")
    context: dict[str, Any] = {
        "action": action,
        "overdue": action_is_overdue(action, timezone.localdate()),
        "mash": may_read_discussions(actor),
    }
    if action.completed_at is not None:
        return _done_already(request, "meetings/complete_action.html", context)
    form = CompleteActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            complete_action(action=action, by=actor, note=form.cleaned_data["note"])
        except ValidationError as error:
            show_errors(form, error.message_dict)
        else:
            messages.success(request, "Action marked as done")
            return redirect("meetings:actions")
    context["form"] = form
    return render(request, "meetings/complete_action.html", context, status=_status(form))
