"""Break-glass pages: a MASH member opens a contact outside their scope with a stated reason
(after confirming who they are), and information governance reviews every such access.

The rules live in `contacts.breakglass`; these views fetch, validate, call one service and
redirect. Out of scope is a 404 and the wrong role a 403, as everywhere.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from frontdoor.agencies.models import Agency
from frontdoor.agencies.roles import Role
from frontdoor.audit.services import record
from frontdoor.contacts.breakglass import (
    BreakGlassAction,
    find_contact_by_reference,
    get_grant_for_review,
    grants_for_review,
    may_break_glass,
    may_review_break_glass,
    open_with_break_glass,
    reads_of,
    reads_under,
    review_break_glass,
)
from frontdoor.contacts.models import BreakGlassAccess, Contact
from frontdoor.contacts.selectors import contacts_visible_to
from frontdoor.core.actors import Actor
from frontdoor.core.forms import show_errors
from frontdoor.core.stepup import requires_recent_authentication

from .forms_breakglass import BreakGlassForm, BreakGlassReviewForm

REVIEWED_PAGE_SIZE = 50


def _actor(request: HttpRequest) -> Actor:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    return actor


def _mash_staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refuse other roles before asking anyone to confirm who they are."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_break_glass(_actor(request)):
            raise PermissionDenied("Break-glass is for MASH staff")
        return view(request, *args, **kwargs)

    return wrapped


def _ig_only(request: HttpRequest) -> Actor:
    actor = _actor(request)
    if not may_review_break_glass(actor):
        raise PermissionDenied("Break-glass reviews are for information governance officers")
    return actor


# ---------------------------------------------------------------------------------------------
# Opening a contact
# ---------------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@_mash_staff_only
@requires_recent_authentication
def break_glass(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = BreakGlassForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        form.is_valid()
        contact = _named_contact(form)
        if contact is not None and contacts_visible_to(actor).filter(pk=contact.pk).exists():
            return redirect("contacts:detail", pk=contact.pk)  # no reason needed: no grant
        if contact is not None and not form.errors:
            try:
                open_with_break_glass(contact=contact, reason=form.cleaned_data["reason"], by=actor)
            except ValidationError as error:
                show_errors(form, error.message_dict)
            else:
                return redirect("contacts:detail", pk=contact.pk)
        _record_refusal(actor, form, contact)
    return render(
        request,
        "governance/break_glass/open.html",
        {"form": form, "hours": settings.BREAK_GLASS_HOURS},
        status=400 if form.errors else 200,
    )


def _named_contact(form: BreakGlassForm) -> Contact | None:
    """The contact a well-formed reference names; a field error if there is none."""
    reference = form.cleaned_data.get("reference")
    if not reference:
        return None
    contact = find_contact_by_reference(reference)
    if contact is None:
        form.add_error("reference", "No contact has that reference")
    return contact


def _record_refusal(actor: Actor, form: BreakGlassForm, contact: Contact | None) -> None:
    """Every refused attempt is audited: the contact's authority sees who tried (ids and field
    names only; the reason typed is not kept)."""
    record(
        BreakGlassAction.REFUSED,
        by=actor,
        target=contact,
        local_authority_code=contact.local_authority.code if contact is not None else "",
        details={"contact": contact.pk if contact else None, "fields": sorted(form.errors)},
    )


# ---------------------------------------------------------------------------------------------
# Information governance review
# ---------------------------------------------------------------------------------------------


def _rows(grants: list[BreakGlassAccess]) -> list[dict[str, Any]]:
    """Each grant with its audited reads and the names of the roles and agencies it copied."""
    reads = reads_under(grants)
    codes = {grant.agency_code for grant in grants if grant.agency_code}
    agencies = dict(Agency.objects.filter(code__in=codes).values_list("code", "name"))
    roles = dict(Role.choices)
    return [
        {
            "grant": grant,
            "reads": reads[grant.pk],
            "role": roles.get(grant.role, grant.role),
            "agency": agencies.get(grant.agency_code, grant.agency_code),
        }
        for grant in grants
    ]


@never_cache
@require_GET
def reviews(request: HttpRequest) -> HttpResponse:
    """Grants on the officer's authorities' contacts: every one waiting for review, then the
    reviewed ones, latest first, 50 to a page."""
    actor = _ig_only(request)
    grants = grants_for_review(actor)
    waiting = list(grants.filter(reviewed_at__isnull=True))
    page = Paginator(grants.filter(reviewed_at__isnull=False), REVIEWED_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    record(
        BreakGlassAction.REVIEWS_VIEWED,
        by=actor,
        details={"waiting": len(waiting), "page": page.number},
    )
    context = {
        "waiting": _rows(waiting),
        "reviewed": _rows(list(page)),
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
    }
    return render(request, "governance/break_glass/reviews.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _ig_only(request)
    grant = get_grant_for_review(actor, pk)
    form = BreakGlassReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            review_break_glass(
                grant=grant,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                by=actor,
            )
        except ValidationError as error:
            show_errors(form, error.message_dict)
        else:
            messages.success(request, f"You recorded your review of {grant.contact.reference}")
            return redirect("governance:break_glass_reviews")
    context = {"form": form, "row": _rows([grant])[0], "reads": reads_of(grant)}
    return render(
        request,
        "governance/break_glass/review.html",
        context,
        status=400 if form.errors else 200,
    )
