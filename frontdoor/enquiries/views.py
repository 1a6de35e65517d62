"""Information request pages: sending (MASH), the agency inbox, a request, answering, more
time, the MASH's answer to a request for more time, withdrawal, and timeliness per agency.

Each view: the scoped, audited fetch (out of scope is a 404), the role check (a 403), the form,
one service, then a redirect with a banner. The services check everything again.
"""

from datetime import date, timedelta
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import dateformat, timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdoor.agencies.models import Agency
from frontdoor.agencies.roles import MASH_ROLES, Role
from frontdoor.audit.services import record
from frontdoor.contacts.models import Contact
from frontdoor.contacts.selectors import get_contact_for_working
from frontdoor.core.actors import Actor
from frontdoor.core.forms import show_errors
from frontdoor.screening.models import ScreeningDecision
from frontdoor.screening.selectors import latest_screening

from . import selectors
from .clocks import allowed_hours, hours_in_words
from .defaults import default_agency_kinds
from .forms import (
    DEFAULT_QUESTIONS,
    AnswerForm,
    ExtensionDecisionForm,
    MoreTimeForm,
    SendForm,
    TimelinessForm,
    WithdrawForm,
)
from .models import DeadlineExtension, InformationRequest, RequestStatus
from .rules import may_decide_extensions, may_see_timeliness, may_send_requests
from .services import (
    SENDABLE,
    AnswerDetails,
    answer_information_request,
    ask_for_more_time,
    closed_reason,
    decide_extension,
    send_information_requests,
    withdraw_information_request,
)
from .timeliness import timeliness_by_agency

TIMELINESS_DAYS = 28


def _actor(request: HttpRequest) -> Actor:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    return actor


def _is_researcher_for(actor: Actor, enquiry: InformationRequest) -> bool:
    return actor.role == Role.AGENCY_RESEARCHER and actor.agency_code == enquiry.agency.code


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def information_requests_section(actor: Actor, contact: Contact) -> dict[str, Any] | None:
    """The contact page's "Information requests" section, for MASH staff only."""
    if actor.role not in MASH_ROLES:
        return None
    now = timezone.now()
    requests = selectors.requests_on_contact(actor, contact)
    latest = latest_screening(contact)
    lines = selectors.visible_answers(actor, contact)
    return {
        "contact": contact,
        "requests": [
            {
                "enquiry": enquiry,
                "overdue": enquiry.status == RequestStatus.SENT and enquiry.due_at < now,
                "waiting": enquiry.status == RequestStatus.SENT,
                "time_to_respond": (
                    enquiry.responded_at - enquiry.sent_at if enquiry.responded_at else None
                ),
            }
            for enquiry in requests
        ],
        "answers": [
            {"agency": agency, "lines": list(group)}
            for agency, group in groupby(lines, key=lambda line: line.agency)
        ],
        "extensions": selectors.pending_extensions(requests),
        "may_decide": may_decide_extensions(actor),
        "may_send": (
            may_send_requests(actor) and latest is not None and contact.status in SENDABLE
        ),
    }


def _due_hint(contact: Contact, agency: Agency, latest: ScreeningDecision | None) -> str:
    """'Answer due within 1 working hour (red)': the agency's time for the contact's rating."""
    if latest is None:
        return ""
    la = contact.local_authority
    hours = allowed_hours(local_authority=la, agency=agency, rag_rating=latest.rag_rating_id)
    return f"Answer due within {hours_in_words(la, hours)} ({latest.rag_rating.label.lower()})"


@never_cache
@require_http_methods(["GET", "POST"])
def send(request: HttpRequest, contact_pk: int) -> HttpResponse:
    actor = _actor(request)
    contact = get_contact_for_working(actor, contact_pk)
    if not may_send_requests(actor):
        raise PermissionDenied("Only MASH practitioners and managers send information requests")
    latest = latest_screening(contact)
    la = contact.local_authority
    agencies = selectors.agencies_to_ask(la)
    hints = {agency.code: (agency.name, _due_hint(contact, agency, latest)) for agency in agencies}
    subjects = list(contact.subjects.select_related("person"))
    usual = (
        default_agency_kinds(cohort=contact.cohort, threshold_level=latest.threshold_level_id)
        if latest
        else []
    )
    form = SendForm(
        request.POST if request.method == "POST" else None,
        agencies=hints,
        subjects=subjects,
        bases=selectors.lawful_bases_for(la),
        initial={
            "agencies": [agency.code for agency in agencies if agency.kind_id in usual],
            "subject_ids": [str(subject.pk) for subject in subjects],
            "questions": DEFAULT_QUESTIONS,
        },
    )
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["agencies"])
        try:
            sent = send_information_requests(
                contact=contact,
                agencies=[agency for agency in agencies if agency.code in chosen],
                subject_ids=form.cleaned_data["subject_ids"],
                questions=form.cleaned_data["questions"],
                lawful_basis=form.cleaned_data["lawful_basis"],
                by=actor,
            )
        except ValidationError as error:
            show_errors(form, error.message_dict)
        else:
            messages.success(request, f"Sent {_plural(len(sent), 'information request')}")
            return redirect("contacts:detail", pk=contact.pk)
    context = {
        "form": form,
        "contact": contact,
        "sendable": latest is not None and contact.status in SENDABLE,
        "screened": latest is not None,
    }
    return render(request, "enquiries/send.html", context, status=400 if form.errors else 200)


@never_cache
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if actor.role != Role.AGENCY_RESEARCHER:
        raise PermissionDenied("The inbox is for agency researchers")
    waiting = list(selectors.inbox_queue(actor))
    record("information_request.inbox_viewed", by=actor, details={"waiting": len(waiting)})
    context = {
        "waiting": waiting,
        "answered": selectors.answered_by_agency(actor),
        "now": timezone.now(),
    }
    return render(request, "enquiries/inbox.html", context)


@never_cache
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    enquiry = selectors.get_request_for_viewing(actor, pk)
    researcher = _is_researcher_for(actor, enquiry)
    waiting = closed_reason(enquiry) is None
    extensions = list(enquiry.extensions.select_related("asked_by", "decided_by"))
    pending = any(e.verdict == DeadlineExtension.Verdict.PENDING for e in extensions)
    context = {
        "enquiry": enquiry,
        "contact": enquiry.contact,
        "subjects": enquiry.subjects.select_related("person", "person__sex"),
        "answers": selectors.answers_to_request(actor, enquiry),
        "extensions": extensions,
        "overdue": enquiry.status == RequestStatus.SENT and enquiry.due_at < timezone.now(),
        "may_answer": researcher and waiting,
        "may_ask_for_time": researcher and waiting and not pending,
        "may_withdraw": may_send_requests(actor) and enquiry.status == RequestStatus.SENT,
        "is_mash": actor.role in MASH_ROLES,
    }
    return render(request, "enquiries/detail.html", context)


def _researcher_only(actor: Actor, enquiry: InformationRequest) -> None:
    if not _is_researcher_for(actor, enquiry):
        raise PermissionDenied("Only the agency the request is for can do this")


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    enquiry = selectors.get_request_for_viewing(actor, pk)
    _researcher_only(actor, enquiry)
    data = request.POST if request.method == "POST" else None
    subjects = list(enquiry.subjects.select_related("person"))
    people = [(subject, AnswerForm(data, prefix=f"subject-{subject.pk}")) for subject in subjects]
    page_errors: list[str] = []
    valid = [form.is_valid() for _, form in people]  # every form, so each shows its errors
    if request.method == "POST" and all(valid):
        try:
            answer_information_request(
                request=enquiry,
                answers=[
                    AnswerDetails(subject_id=subject.pk, **form.cleaned_data)
                    for subject, form in people
                ],
                by=actor,
            )
        except ValidationError as error:
            page_errors = _spread_errors(error.message_dict, people)
        else:
            messages.success(request, "Your answer has been sent to the MASH")
            return redirect("enquiries:detail", pk=enquiry.pk)
    failed = bool(page_errors) or any(form.errors for _, form in people)
    context = {
        "enquiry": enquiry,
        "people": people,
        "page_errors": page_errors,
        "has_errors": failed,
        "closed": closed_reason(enquiry),
    }
    return render(request, "enquiries/answer.html", context, status=400 if failed else 200)


def _spread_errors(errors: dict[str, list[str]], people: list[tuple[Any, AnswerForm]]) -> list[str]:
    """Put `subject-<pk>-<field>` errors on that person's form; return the rest."""
    rest: list[str] = []
    for key, texts in errors.items():
        for _, form in people:
            field = key.removeprefix(f"{form.prefix}-")
            if field != key and field in form.fields:
                show_errors(form, {field: texts})
                break
        else:
            rest.extend(texts)
    return rest


@never_cache
@require_http_methods(["GET", "POST"])
def more_time(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    enquiry = selectors.get_request_for_viewing(actor, pk)
    _researcher_only(actor, enquiry)
    form = MoreTimeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            extension = ask_for_more_time(request=enquiry, by=actor, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error.message_dict)
        else:
            messages.success(
                request,
                f"You asked for {_plural(extension.hours, 'more hour')}. The MASH will decide.",
            )
            return redirect("enquiries:detail", pk=enquiry.pk)
    context = {"form": form, "enquiry": enquiry}
    return render(request, "enquiries/more_time.html", context, status=400 if form.errors else 200)


@never_cache
@require_POST
def extension(request: HttpRequest, pk: int, extension_pk: int) -> HttpResponse:
    """The MASH grants or refuses an agency's request for more time (buttons on the contact)."""
    actor = _actor(request)
    enquiry = selectors.get_request_for_viewing(actor, pk)
    asked = enquiry.extensions.filter(pk=extension_pk).first()
    if asked is None:
        raise Http404("No such request for more time")
    if not may_decide_extensions(actor):
        raise PermissionDenied("Only MASH practitioners and managers decide on more time")
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Select whether to grant or refuse more time")
        return redirect("contacts:detail", pk=enquiry.contact.pk)
    grant = form.cleaned_data["verdict"] == ExtensionDecisionForm.GRANT
    try:
        decided = decide_extension(extension=asked, grant=grant, by=actor)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        agency = enquiry.agency.name
        if grant:
            due = dateformat.format(timezone.localtime(decided.request.due_at), "j F Y, H:i")
            messages.success(
                request,
                f"{agency} has {_plural(decided.hours, 'more hour')}. The answer is now due {due}",
            )
        else:
            messages.success(request, f"You refused {agency}'s request for more time")
    return redirect("contacts:detail", pk=enquiry.contact.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    enquiry = selectors.get_request_for_viewing(actor, pk)
    if not may_send_requests(actor):
        raise PermissionDenied("Only MASH practitioners and managers withdraw requests")
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_information_request(
                request=enquiry, reason=form.cleaned_data["reason"], by=actor
            )
        except ValidationError as error:
            show_errors(form, error.message_dict)
        else:
            messages.success(request, f"You withdrew the request to {enquiry.agency.name}")
            return redirect("contacts:detail", pk=enquiry.contact.pk)
    context = {"form": form, "enquiry": enquiry}
    return render(request, "enquiries/withdraw.html", context, status=400 if form.errors else 200)


@never_cache
@require_GET
def timeliness(request: HttpRequest) -> HttpResponse:
    """Each agency's requests, times to respond and share answered on time, for a period."""
    actor = _actor(request)
    if not may_see_timeliness(actor):
        raise PermissionDenied("Timeliness is for MASH managers and analysts")
    today = timezone.localdate()
    asked = any(key.startswith(("start_", "end_")) for key in request.GET)
    form = TimelinessForm(
        request.GET if asked else None,
        initial={"start": today - timedelta(days=TIMELINESS_DAYS), "end": today},
    )
    figures = None
    period: tuple[date, date] | None = None
    if not asked:
        period = (today - timedelta(days=TIMELINESS_DAYS), today)
    elif form.is_valid():
        period = (form.cleaned_data["start"], form.cleaned_data["end"])
    if period is not None:
        rows = selectors.timeliness_rows(actor, start=period[0], end=period[1])
        figures = timeliness_by_agency(rows, now=timezone.now())
        record(
            "information_request.timeliness_viewed",
            by=actor,
            details={"from": period[0].isoformat(), "to": period[1].isoformat()},
        )
    context = {"form": form, "figures": figures, "period": period}
    return render(request, "enquiries/timeliness.html", context, status=400 if form.errors else 200)
