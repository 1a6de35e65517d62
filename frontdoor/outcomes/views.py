"""Handover pages: build a package, consent to it, the receiving team's inbox, the package
itself (page, PDF, JSON) and its acknowledgement.

Each view: the scoped, audited fetch (out of scope is a 404), the role check (a 403), the
form, one service, then a redirect with a banner. The services check every rule again.
"""

import json
from dataclasses import asdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdoor.agencies.roles import MASH_ROLES, Role
from frontdoor.agencies.selectors import authority_codes_for
from frontdoor.audit.services import record
from frontdoor.contacts.models import ContactStatus
from frontdoor.contacts.selectors import get_contact_for_working
from frontdoor.core.actors import Actor
from frontdoor.core.forms import show_errors
from frontdoor.enquiries.selectors import audit_answers_read

from . import selectors
from .forms import (
    AnswerChoice,
    BuildHandoverForm,
    ConsentForm,
    RecordTeamResponseForm,
    TeamResponseForm,
    answer_choices,
)
from .models import Handover, HandoverStatus, TeamResponse
from .package import build_package
from .rendering import package_json, package_pdf
from .responses import (
    children_of,
    facts_of,
    may_record_response,
    record_team_response,
    responses_to,
    update_team_response,
)
from .rules import leaves_the_hub_freely, may_build_handover, may_consent
from .selectors import HandoverAction
from .services import Inclusion, acknowledge_handover, build_handover, decide_handover_consent


def _actor(request: HttpRequest) -> Actor:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    return actor


def _sent_banner(request: HttpRequest, handover: Handover) -> None:
    if handover.status == HandoverStatus.SENT:
        messages.success(request, f"Package sent to {handover.receiving_team.name}")
    else:
        messages.success(request, "A manager must consent before the package goes")


def _answer_rows(form: BuildHandoverForm) -> list[tuple[AnswerChoice, object, object]]:
    """Each answer with its checkbox and, for a hub-only or restricted one, its reason box."""
    boxes = list(form["include"].subwidgets)
    return [
        (answer, box, form[answer.reason_field] if not answer.shareable else None)
        for answer, box in zip(form.answers, boxes, strict=True)
    ]


@never_cache
@require_http_methods(["GET", "POST"])
def build(request: HttpRequest, contact_pk: int) -> HttpResponse:
    actor = _actor(request)
    contact = get_contact_for_working(actor, contact_pk)
    if not may_build_handover(actor):
        raise PermissionDenied("Only MASH practitioners and managers build handover packages")
    recommendation = selectors.approved_recommendation(contact)
    if (
        contact.status != ContactStatus.DECIDED
        or recommendation is None
        or selectors.live_handover(contact) is not None
    ):
        messages.info(request, "This contact has no approved outcome waiting for a package")
        return redirect("contacts:detail", pk=contact.pk)
    teams = selectors.receiving_teams_for(contact, recommendation)
    answers_on_contact = selectors.answers_for(contact)
    answers = answer_choices(actor, answers_on_contact)
    form = BuildHandoverForm(
        request.POST if request.method == "POST" else None, teams=teams, answers=answers
    )
    if request.method == "POST" and form.is_valid():
        try:
            handover = build_handover(
                contact=contact,
                receiving_team=form.chosen_team(),
                summary=form.cleaned_data["summary"],
                include=[Inclusion(pk, reason) for pk, reason in form.included()],
                by=actor,
            )
        except ValidationError as error:
            show_errors(form, error.message_dict)
        else:
            _sent_banner(request, handover)
            return redirect("contacts:detail", pk=contact.pk)
    # The page shows the content of each answer the viewer may read: that is a read of them.
    audit_answers_read(actor, answers_on_contact, contact=contact)
    context = {
        "form": form,
        "contact": contact,
        "recommendation": recommendation,
        "teams": teams,
        "rows": _answer_rows(form),
        "is_manager": may_consent(actor),
        "page_title": "Build the handover package",
    }
    return render(request, "outcomes/build.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Another MASH manager consents (or not) to hub-only and restricted answers going."""
    actor = _actor(request)
    handover = selectors.get_handover_for_viewing(actor, pk)
    if not may_consent(actor):
        raise PermissionDenied("Only a MASH manager can consent to a package")
    if handover.status != HandoverStatus.AWAITING_CONSENT:
        messages.info(request, "This package has already been sent")
        return redirect("outcomes:detail", pk=handover.pk)
    own = actor.user is not None and handover.created_by_id == actor.user.pk
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            handover = decide_handover_consent(
                handover=handover,
                consent=form.cleaned_data["decision"] == ConsentForm.CONSENT,
                by=actor,
            )
        except ValidationError as error:
            show_errors(form, error.message_dict)
        else:
            _sent_banner(request, handover)
            return redirect("contacts:detail", pk=handover.contact_id)
    items = [
        item
        for item in handover.items.select_related(
            "response__request__agency", "response__subject__person"
        )
        if not leaves_the_hub_freely(item.response.sensitivity)
    ]
    audit_answers_read(actor, [item.response for item in items], contact=handover.contact)
    context = {
        "form": form,
        "handover": handover,
        "items": items,
        "own": own,
    }
    return render(request, "outcomes/consent.html", context, status=400 if form.errors else 200)


@never_cache
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if actor.role != Role.RECEIVING_WORKER:
        raise PermissionDenied("Handovers are for receiving teams")
    waiting, done = selectors.inbox_for(actor)
    record(HandoverAction.INBOX_VIEWED, by=actor, details={"waiting": len(waiting)})
    return render(
        request,
        "outcomes/inbox.html",
        {"waiting": waiting, "done": done, "now": timezone.now()},
    )


@never_cache
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The package and nothing else of the contact, with its downloads and acknowledgement."""
    actor = _actor(request)
    handover = selectors.get_handover_for_viewing(actor, pk)
    context = {
        "handover": handover,
        "package": build_package(handover),
        "may_acknowledge": handover.status == HandoverStatus.SENT
        and selectors.may_acknowledge(actor, handover),
        # Back to the contact only for those who may open it; a transfer's receiving MASH
        # may not, and a receiving worker never.
        "contact_link": actor.role in MASH_ROLES
        and handover.contact.local_authority.code in authority_codes_for(actor),
        "inbox_link": actor.role == Role.RECEIVING_WORKER,
        "overdue": handover.status == HandoverStatus.SENT
        and handover.acknowledge_due_at is not None
        and handover.acknowledge_due_at < timezone.now(),
        "responses": responses_to([handover])[handover.pk],
        "may_record": may_record_response(actor, handover),
    }
    return render(request, "outcomes/detail.html", context)


def _responding(request: HttpRequest, pk: int) -> tuple[Actor, Handover]:
    """The package (scoped and audited, else 404) if the actor's team may record what it did
    (else 403)."""
    actor = _actor(request)
    handover = selectors.get_handover_for_viewing(actor, pk)
    if not selectors.may_acknowledge(actor, handover):
        raise PermissionDenied("Only the receiving team records what it did")
    return actor, handover


@never_cache
@require_http_methods(["GET", "POST"])
def record_response(request: HttpRequest, pk: int) -> HttpResponse:
    """The receiving team records an assessment, an enquiry or no further action for a child."""
    actor, handover = _responding(request, pk)
    if handover.status != HandoverStatus.ACKNOWLEDGED:
        messages.info(request, "Acknowledge the package before you record what your team did")
        return redirect("outcomes:detail", pk=handover.pk)
    form = RecordTeamResponseForm(
        request.POST if request.method == "POST" else None, children=children_of(handover)
    )
    if request.method == "POST" and form.is_valid():
        try:
            response = record_team_response(
                handover=handover,
                person=form.chosen_person(),
                kind=form.cleaned_data.get("kind", ""),
                by=actor,
                **asdict(form.facts()),
            )
        except ValidationError as error:
            show_errors(form, error.message_dict)
        else:
            messages.success(request, f"You recorded the {response.get_kind_display().lower()}")
            return redirect("outcomes:detail", pk=handover.pk)
    context = {"form": form, "handover": handover, "page_title": "Record what your team did"}
    return render(request, "outcomes/response.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def update_response(request: HttpRequest, pk: int, response_pk: int) -> HttpResponse:
    """Change what was recorded: complete an assessment, record the conference. A response is
    only ever recorded on an acknowledged package."""
    actor, handover = _responding(request, pk)
    response = (
        TeamResponse.objects.filter(handover=handover, pk=response_pk)
        .select_related("person")
        .first()
    )
    if response is None:
        raise Http404("No such response")
    form = TeamResponseForm(
        request.POST if request.method == "POST" else None,
        initial=TeamResponseForm.initial_for(facts_of(response)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            response = update_team_response(response=response, facts=form.facts(), by=actor)
        except ValidationError as error:
            show_errors(form, error.message_dict)
        else:
            messages.success(request, f"You changed the {response.get_kind_display().lower()}")
            return redirect("outcomes:detail", pk=handover.pk)
    context = {
        "form": form,
        "handover": handover,
        "response": response,
        "page_title": f"Change the {response.get_kind_display().lower()}",
    }
    return render(request, "outcomes/response.html", context, status=400 if form.errors else 200)


@never_cache
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    handover = selectors.get_handover_for_viewing(actor, pk)
    try:
        handover = acknowledge_handover(handover=handover, by=actor)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, f"You acknowledged {handover.reference}. The contact is closed.")
    return redirect("outcomes:detail", pk=handover.pk)


def _filename(handover: Handover, extension: str) -> str:
    return f"{handover.reference.replace('/', '-')}.{extension}"


@never_cache
@require_GET
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    handover = selectors.get_handover_for_export(_actor(request), pk, file_format="pdf")
    response = HttpResponse(package_pdf(build_package(handover)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(handover, "pdf")}"'
    return response


@never_cache
@require_GET
def json_file(request: HttpRequest, pk: int) -> HttpResponse:
    handover = selectors.get_handover_for_export(_actor(request), pk, file_format="json")
    body = json.dumps(package_json(build_package(handover)), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(handover, "json")}"'
    return response
