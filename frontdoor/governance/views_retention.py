"""Retention pages for information governance officers: the rules with a dry-run report for
their authorities (counts only) and what was purged, and legal holds (list, place, lift).
Any other role gets a 403; a hold of another authority is a 404."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdoor.agencies.selectors import authority_codes_for
from frontdoor.audit.services import record
from frontdoor.core.actors import Actor
from frontdoor.core.forms import show_errors, textarea_field

from .retention import (
    RetentionAction,
    active_holds_for,
    holds_visible_to,
    latest_purged_for,
    lift_legal_hold,
    may_govern,
    place_legal_hold,
    plan_retention,
)


class HoldForm(forms.Form):
    """Parses; `place_legal_hold` holds the rules and the messages."""

    contact_reference = forms.CharField(
        label="Contact reference",
        help_text="For example, FD-2026-000123",
        required=False,
        max_length=40,
    )
    person_number = forms.CharField(
        label="Or a person's record number",
        help_text="To hold every contact naming this person. For example, 1234",
        required=False,
        max_length=20,
    )
    reason = textarea_field(
        "Why must it be kept?",
        "For example, a court case, an inquiry or a complaint. Do not write anyone's name.",
        rows=4,
    )


def _actor(request: HttpRequest) -> Actor:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    if not may_govern(actor):
        raise PermissionDenied("Retention is for information governance officers")
    return actor


@never_cache
@require_GET
def retention(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    codes = authority_codes_for(actor)
    plan = plan_retention(local_authority_codes=codes)
    record(RetentionAction.REPORT_VIEWED, by=actor, details={"as_of": plan.as_of.isoformat()})
    context = {"plan": plan, "purged": latest_purged_for(actor)}
    return render(request, "governance/retention/retention.html", context)


def _holds_page(
    request: HttpRequest, actor: Actor, form: HoldForm, status: int = 200
) -> HttpResponse:
    holds = list(active_holds_for(actor))
    record(RetentionAction.HOLDS_VIEWED, by=actor, details={"holds": [h.pk for h in holds]})
    return render(
        request,
        "governance/retention/legal_holds.html",
        {"holds": holds, "form": form},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def legal_holds(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if request.method != "POST":
        return _holds_page(request, actor, HoldForm())
    form = HoldForm(request.POST)
    if form.is_valid():
        try:
            place_legal_hold(
                contact_reference=form.cleaned_data["contact_reference"],
                person_number=form.cleaned_data["person_number"],
                reason=form.cleaned_data["reason"],
                by=actor,
            )
        except ValidationError as error:
            show_errors(form, error.message_dict)
        else:
            messages.success(request, "Legal hold placed. Retention will not delete the record")
            return redirect("governance:legal_holds")
    return _holds_page(request, actor, form, status=400)


@never_cache
@require_POST
def lift_hold(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    hold = holds_visible_to(actor).filter(pk=pk).first()
    if hold is None:
        raise Http404("No such legal hold")
    try:
        lift_legal_hold(hold=hold, by=actor)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, "Legal hold lifted. The record's retention rule applies again")
    return redirect("governance:legal_holds")
