"""Staff pages: record a contact step by step (with check your answers), and take a contact.

The draft lives in the session until the last step calls `receive_contact`, so nothing is
saved while any answer breaks a rule. After each person is entered, records the hub may
already hold are looked for; if there are any, the practitioner says whether the person is
one of them (linked) or new. Nothing is linked without that choice. The contact page and its
screening actions are `screening`'s pages (it reads contacts; contacts never imports it).
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from frontdoor.audit.services import record
from frontdoor.core.actors import Actor
from frontdoor.core.forms import show_errors
from frontdoor.people.lookup import (
    Candidate,
    KnownPerson,
    find_candidates,
    known_people,
    record_candidates_shown,
)

from .forms import (
    AddAnotherForm,
    ContactDraft,
    MatchForm,
    PersonForm,
    Place,
    ReceivedForm,
    StepForm,
    answers_from,
    show_date,
)
from .rules import may_record_contacts, may_work_on_contacts
from .selectors import get_contact_for_working, people_visible_to
from .services import receive_contact, take_contact


@dataclass(frozen=True)
class Step:
    title: str
    url_name: str
    template: str = "contacts/new/step.html"


STEPS = {
    "received": Step("How and when the contact was received", "contacts:new"),
    "referrer": Step("Who made the referral", "contacts:new_referrer"),
    "person": Step("Add a person", "contacts:new_person"),
    "change_person": Step("Change a person's details", "contacts:new_change_person"),
    "concern": Step("The concern", "contacts:new_concern", "contacts/new/concern.html"),
}
# The first page for each section of the draft not answered yet.
FIRST_PAGE = {
    "received": "received",
    "referrer": "referrer",
    "people": "person",
    "concern": "concern",
}
# The "Is this someone we already know?" step offers at most this many records.
CANDIDATES_SHOWN = 5
SEARCHED = "person.searched"
# Where a refused contact sends the user first: in the order the pages ask.
PROBLEM_ORDER = ["received", "referrer", "person", "people", "concern", "check"]


def _recorder(request: HttpRequest) -> ContactDraft:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    if not may_record_contacts(actor):
        raise PermissionDenied("Only MASH staff record contacts")
    return ContactDraft.load(request.session, actor)


def _candidates(draft: ContactDraft, form: PersonForm) -> list[Candidate]:
    """Records the hub may already hold for the person entered: a search of the person index,
    audited (how many were found, never what was searched for). Once per request."""
    found = find_candidates(
        form.match_record(), limit=CANDIDATES_SHOWN, among=people_visible_to(draft.actor)
    )
    record(SEARCHED, by=draft.actor, details={"candidates": len(found), "where": "intake"})
    return found


def _next_url(draft: ContactDraft) -> str:
    missing = draft.first_missing()
    return reverse(STEPS[FIRST_PAGE[missing]].url_name if missing else "contacts:new_check")


def _step_page(
    request: HttpRequest, *, step: str, form: StepForm, back: str, action: str = ""
) -> HttpResponse:
    page = STEPS[step]
    context = {
        "form": form,
        "title": page.title,
        "back_url": back,
        "action": action or request.path,
    }
    return render(request, page.template, context, status=400 if form.errors else 200)


def _save(
    request: HttpRequest,
    draft: ContactDraft,
    *,
    section: str,
    form: StepForm,
    index: int | None = None,
) -> bool:
    """Keep the step's answers if the form parses and the service's rules for it pass."""
    if not form.is_valid():
        return False
    answers = answers_from(request.POST)
    if section == "person" and index is not None:
        people = draft.answers["people"]
        people[index : index + 1] = [answers]
    else:
        draft.answers[section] = answers
    problems = draft.problems_in(section, index)
    if problems:
        show_errors(form, problems)
        return False
    draft.save()
    return True


@never_cache
@require_http_methods(["GET", "POST"])
def new_received(request: HttpRequest) -> HttpResponse:
    draft = _recorder(request)
    form = draft.received_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _save(request, draft, section="received", form=form):
        return redirect(_next_url(draft))
    if not form.is_bound:
        now = timezone.localtime()
        form = ReceivedForm(
            initial={"received_date": now.date(), "received_time": f"{now:%H:%M}"},
            actor=draft.actor,
        )
    return _step_page(request, step="received", form=form, back=reverse("accounts:home"))


@never_cache
@require_http_methods(["GET", "POST"])
def new_referrer(request: HttpRequest) -> HttpResponse:
    draft = _recorder(request)
    form = draft.referrer_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _save(request, draft, section="referrer", form=form):
        return redirect(_next_url(draft))
    return _step_page(request, step="referrer", form=form, back=reverse("contacts:new"))


@never_cache
@require_http_methods(["GET", "POST"])
def new_person(request: HttpRequest, index: int | None = None) -> HttpResponse:
    """Add a person (no index) or change the person at `index`."""
    draft = _recorder(request)
    people = draft.answers["people"]
    if index is not None and index >= len(people):
        return redirect("contacts:new_people")
    target = len(people) if index is None else index
    form = draft.person_form(index, request.POST if request.method == "POST" else None)
    if request.method == "POST" and _save(
        request, draft, section="person", form=form, index=target
    ):
        if _candidates(draft, form):
            return redirect("contacts:new_match_person", index=target)
        return redirect("contacts:new_people")
    back = reverse("contacts:new_people" if people else "contacts:new_referrer")
    step = "person" if index is None else "change_person"
    return _step_page(request, step=step, form=form, back=back)


def _described(person: KnownPerson) -> str:
    """Enough to tell which record was chosen: "Ruby Example, born 4 May 2018"."""
    if person.is_unborn:
        return f"{person.full_name}, expected {show_date(person.expected_date_of_birth)}"
    if person.date_of_birth:
        return f"{person.full_name}, born {show_date(person.date_of_birth)}"
    return person.full_name


def _record_rows(draft: ContactDraft) -> list[tuple[str, str, str]]:
    """Per person: the "Record" row saying whether it links to an existing record."""
    choices = [draft.chosen_person(index) for index in range(len(draft.answers["people"]))]
    chosen = known_people([pk for pk, _checked in choices if pk is not None])
    rows = []
    for pk, _checked in choices:
        if pk is None:
            rows.append(("Record", "New record", ""))
        elif pk in chosen:
            rows.append(("Record", f"Linked to existing record: {_described(chosen[pk])}", ""))
        else:
            rows.append(("Record", "Linked to an existing record that no longer exists", ""))
    return rows


@never_cache
@require_http_methods(["GET", "POST"])
def new_match_person(request: HttpRequest, index: int) -> HttpResponse:
    """Is the person just entered someone the hub already knows? Link, or a new record."""
    draft = _recorder(request)
    if index >= len(draft.answers["people"]):
        return redirect("contacts:new_people")
    person = draft.person_forms()[index]
    candidates = _candidates(draft, person)
    if not candidates:
        return redirect("contacts:new_people")
    existing, checked = draft.chosen_person(index)
    initial = {"person": str(existing) if existing else "new"} if checked else {}
    form = MatchForm(
        request.POST if request.method == "POST" else None,
        candidates=candidates,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        draft.choose_person(index, form.existing_person_id())
        draft.save()
        return redirect("contacts:new_people")
    record_candidates_shown(draft.actor, candidates, where="intake")
    return render(
        request,
        "contacts/new/match.html",
        {
            "form": form,
            "name": person.name,
            "entered": person.rows(),
            "options": _match_options(form, candidates),
            "candidates": candidates,
            "back_url": reverse("contacts:new_change_person", args=[index]),
        },
        status=400 if form.errors else 200,
    )


def _match_options(form: MatchForm, candidates: list[Candidate]) -> list[dict[str, Any]]:
    """The radios, each with its candidate (None for "a new person")."""
    radios = list(form["person"].subwidgets)
    return [
        {"radio": radio, "candidate": candidate}
        for radio, candidate in zip(radios, [*candidates, None], strict=True)
    ]


@never_cache
@require_http_methods(["GET", "POST"])
def new_people(request: HttpRequest) -> HttpResponse:
    """The people added so far, and the question: add another?"""
    draft = _recorder(request)
    if not draft.answers["people"]:
        return redirect("contacts:new_person")
    form = AddAnotherForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["add_another"] == "yes":
            return redirect("contacts:new_person")
        return redirect(_next_url(draft))
    people = [
        {"index": index, "title": person.title, "rows": [*person.rows(), record]}
        for index, (person, record) in enumerate(
            zip(draft.person_forms(), _record_rows(draft), strict=True)
        )
    ]
    return render(
        request,
        "contacts/new/people.html",
        {
            "form": form,
            "people": people,
            "problems": draft.problems_in("people"),
            "back_url": reverse("contacts:new_referrer"),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def remove_person(request: HttpRequest, index: int) -> HttpResponse:
    draft = _recorder(request)
    people = draft.answers["people"]
    if index < len(people):
        del people[index]
        draft.save()
    return redirect("contacts:new_people")


@never_cache
@require_http_methods(["GET", "POST"])
def new_concern(request: HttpRequest) -> HttpResponse:
    draft = _recorder(request)
    form = draft.concern_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _save(request, draft, section="concern", form=form):
        return redirect(_next_url(draft))
    return _step_page(request, step="concern", form=form, back=reverse("contacts:new_people"))


def _rows(rows: list[tuple[str, str, str]], url: str) -> list[dict[str, str]]:
    return [{"key": key, "value": value, "href": url} for key, value, _field in rows]


def _summary(draft: ContactDraft) -> dict[str, Any]:
    received, referrer, concern = (
        draft.received_form(),
        draft.referrer_form(),
        draft.concern_form(),
    )
    for form in (received, referrer, concern):
        form.is_valid()
    people = draft.person_forms()
    records = _record_rows(draft)
    return {
        "sections": [
            {
                "title": "How the contact was received",
                "rows": _rows(received.rows(), reverse("contacts:new")),
            },
            {
                "title": "The referrer",
                "rows": _rows(referrer.rows(), reverse("contacts:new_referrer")),
            },
        ],
        "people": [
            {
                "title": person.title,
                "rows": _rows(
                    [*person.rows(), records[index]],
                    reverse("contacts:new_change_person", args=[index]),
                ),
                "href": reverse("contacts:new_change_person", args=[index]),
            }
            for index, person in enumerate(people)
        ],
        "concern": _rows(concern.rows(), reverse("contacts:new_concern")),
    }


def _show_problems(
    request: HttpRequest, draft: ContactDraft, problems: dict[Place, list[str]]
) -> HttpResponse:
    """The service refused the contact: show the first page with a problem, errors on fields."""
    place = min(problems, key=lambda p: (PROBLEM_ORDER.index(p.section), p.index or 0))
    errors = {
        found.field: found_messages
        for found, found_messages in problems.items()
        if (found.section, found.index) == (place.section, place.index)
    }
    form: StepForm
    if place.section == "person" and place.index is not None:
        step, form = "change_person", draft.person_form(place.index)
        action = reverse(STEPS[step].url_name, args=[place.index])
    elif place.section in ("received", "referrer", "concern"):
        step, form = place.section, getattr(draft, f"{place.section}_form")()
        action = reverse(STEPS[step].url_name)
    else:  # not a field of any page: list it on the check page
        all_messages = [message for found in problems.values() for message in found]
        context = {**_summary(draft), "problems": all_messages}
        return render(request, "contacts/new/check.html", context, status=400)
    form.is_valid()
    show_errors(form, errors)
    return _step_page(
        request, step=step, form=form, back=reverse("contacts:new_check"), action=action
    )


@never_cache
@require_http_methods(["GET", "POST"])
def new_check(request: HttpRequest) -> HttpResponse:
    """Check your answers, then record the contact through the service."""
    draft = _recorder(request)
    if draft.first_missing():
        return redirect(_next_url(draft))
    if request.method == "POST":
        try:
            contact = receive_contact(details=draft.details(), by=draft.actor)
        except ValidationError as error:
            return _show_problems(request, draft, draft.errors_by_place(error))
        draft.clear()
        messages.success(request, f"Contact recorded. Its reference is {contact.reference}")
        return redirect("contacts:detail", pk=contact.pk)
    return render(request, "contacts/new/check.html", _summary(draft))


@require_POST
def cancel_new(request: HttpRequest) -> HttpResponse:
    draft = _recorder(request)
    draft.clear()
    messages.info(request, "The contact you were recording has been deleted")
    return redirect("accounts:home")


@require_POST
def take(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an unallocated contact from the team queue and start screening it."""
    actor: Actor = request.actor  # type: ignore[attr-defined]
    contact = get_contact_for_working(actor, pk)
    if not may_work_on_contacts(actor):
        raise PermissionDenied("Only MASH practitioners and managers take contacts")
    try:
        take_contact(contact=contact, by=actor)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You have taken {contact.reference} for screening")
    return redirect("contacts:detail", pk=contact.pk)
