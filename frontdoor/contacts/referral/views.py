"""The public online referral form at /refer/: one question a page, no sign-in needed.

The answers live in the session (`draft.Draft`) until the referrer sends them from the check
page (`sending.send`). Each page asks only once the questions before it are answered; a page
reached from 'check your answers' (`?change=1`) goes back there when the draft is complete.
"""

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from frontdoor.agencies.selectors import hub_local_authorities
from frontdoor.core.forms import show_errors

from . import forms, sending, summary
from .choices import MAX_HOUSEHOLD, UNKNOWN_AREA
from .draft import CHECK, SENT_KEY, Draft
from .sending import HONEYPOT, page_url

RADIOS = "contacts/refer/radios.html"
FORM = "contacts/refer/form.html"

View = Callable[..., HttpResponse]


def public(*methods: str) -> Callable[[View], View]:
    """No sign-in; CSRF-checked; never cached, because the pages show a referrer's answers."""

    def decorate(view: View) -> View:
        return login_not_required(csrf_protect(never_cache(require_http_methods(methods)(view))))

    return decorate


# --- Helpers shared by the question pages ---------------------------------------------------


def _changing(request: HttpRequest) -> bool:
    """Whether the referrer came from 'check your answers' (and should go back there)."""
    return "change" in request.GET


def _open(request: HttpRequest, step: str) -> tuple[Draft, HttpResponse | None]:
    """The draft, or a redirect to the first earlier question still unanswered."""
    draft = Draft.load(request.session)
    missing = draft.first_unanswered(before=step)
    return draft, redirect(page_url(missing)) if missing else None


def _form[F: django_forms.Form](
    request: HttpRequest,
    draft: Draft,
    page: str,
    form_class: type[F],
    *,
    initial: dict[str, Any] | None = None,
    **kwargs: Any,
) -> F:
    """The page's form: bound to what was posted, or filled in from the draft."""
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            draft.trap(page)
            draft.save(request.session)
        return form_class(request.POST, **kwargs)
    form = form_class(initial=draft.initial(page) if initial is None else initial, **kwargs)
    show_errors(form, draft.errors.get(page, {}))
    return form


def _valid(request: HttpRequest, form: django_forms.Form) -> bool:
    return request.method == "POST" and form.is_valid()


def _next(request: HttpRequest, draft: Draft, step: str, answers: dict[str, Any]) -> HttpResponse:
    """Keep the answers and go on: to the next question, or back to check your answers."""
    draft.put(step, answers)
    draft.save(request.session)
    if _changing(request):
        missing = draft.first_unanswered()
        return redirect(page_url(missing, change=True) if missing else page_url(CHECK))
    return redirect(page_url(draft.next_step(step) or CHECK))


def _backpage_url(request: HttpRequest, draft: Draft, step: str) -> str:
    if _changing(request):
        return page_url(CHECK)
    previous = draft.previous_step(step)
    return page_url(previous) if previous else reverse("referral:start")


def _page(
    request: HttpRequest,
    draft: Draft,
    step: str,
    form: django_forms.Form,
    *,
    template: str = RADIOS,
    title: str = "",
    **context: Any,
) -> HttpResponse:
    context = {
        "form": form,
        "title": title or str(next(iter(form.fields.values())).label),
        "back_url": _backpage_url(request, draft, step),
        **context,
    }
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, template, context, status=status)


def _question(
    request: HttpRequest,
    step: str,
    form_class: Callable[[Draft], type[django_forms.Form]] | type[django_forms.Form],
    *,
    form_kwargs: Callable[[Draft], dict[str, Any]] | None = None,
    **page: Any,
) -> HttpResponse:
    """One question page: ask, keep a valid answer and go on, or show the errors."""
    draft, early = _open(request, step)
    if early:
        return early
    chosen = form_class if isinstance(form_class, type) else form_class(draft)
    form: django_forms.Form = _form(
        request, draft, step, chosen, **(form_kwargs(draft) if form_kwargs else {})
    )
    if _valid(request, form):
        return _next(request, draft, step, form.cleaned_data)
    return _page(request, draft, step, form, **page)


# --- Pages ----------------------------------------------------------------------------------


@public("GET")
def start(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "contacts/refer/start.html",
        {"title": "Tell us about a safeguarding concern", "authorities": hub_local_authorities()},
    )


@public("GET")
def phone_us(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "contacts/refer/phone_us.html",
        {
            "title": "Phone us about your concern",
            "authorities": hub_local_authorities(),
            "back_url": reverse("referral:area"),
        },
    )


@public("GET", "POST")
def area(request: HttpRequest) -> HttpResponse:
    draft = Draft.load(request.session)
    authorities = {la.code: la for la in hub_local_authorities()}
    choices = [(code, la.name) for code, la in authorities.items()]
    form = _form(request, draft, "area", forms.AreaForm, authorities=choices)
    if _valid(request, form):
        code = form.cleaned_data["local_authority"]
        if code == UNKNOWN_AREA:
            return redirect("referral:phone_us")
        draft.choose_area(authorities[code])
        return _next(request, draft, "area", form.cleaned_data)
    return _page(request, draft, "area", form, divider=UNKNOWN_AREA)


@public("GET", "POST")
def who(request: HttpRequest) -> HttpResponse:
    return _question(request, "who", forms.ReferrerKindForm)


@public("GET", "POST")
def about_you(request: HttpRequest) -> HttpResponse:
    return _question(
        request,
        "about_you",
        lambda draft: forms.ProfessionalForm if draft.is_professional else forms.PublicForm,
        template=FORM,
        title="About you",
    )


@public("GET", "POST")
def cohort(request: HttpRequest) -> HttpResponse:
    return _question(request, "cohort", forms.CohortForm)


@public("GET", "POST")
def person(request: HttpRequest) -> HttpResponse:
    draft, early = _open(request, "person")
    if early:
        return early
    form = _form(
        request,
        draft,
        "person",
        forms.PersonForm,
        cohort=draft.cohort,
        professional=draft.is_professional,
    )
    if _valid(request, form):
        return _next(request, draft, "person", form.cleaned_data)
    title = f"The {draft.noun}'s details"
    return _page(request, draft, "person", form, template=FORM, title=title)


@public("GET", "POST")
def household(request: HttpRequest) -> HttpResponse:
    draft, early = _open(request, "household")
    if early:
        return early
    form = _form(
        request,
        draft,
        "household",
        forms.HouseholdForm,
        members=len(draft.members),
        noun=draft.noun,
    )
    if _valid(request, form):
        if form.cleaned_data["add_another"] == "yes":
            return redirect(page_url("member_add", change=_changing(request)))
        return _next(request, draft, "household", form.cleaned_data)
    return _page(
        request,
        draft,
        "household",
        form,
        template="contacts/refer/household.html",
        title="Other people in the household",
        members=summary.household_rows(draft, change=_changing(request)),
        change_query="?change=1" if _changing(request) else "",
    )


@public("GET", "POST")
def member(request: HttpRequest, index: int | None = None) -> HttpResponse:
    """Add a person to the household, or change one already added."""
    draft, early = _open(request, "household")
    if early:
        return early
    if index is not None and index >= len(draft.members):
        raise Http404
    if index is None and len(draft.members) >= MAX_HOUSEHOLD:
        return redirect(page_url("household", change=_changing(request)))
    page = f"member.{index}" if index is not None else "member.new"
    initial = draft.member(index) if index is not None else {}
    form = _form(request, draft, page, forms.HouseholdMemberForm, initial=initial)
    if _valid(request, form):
        draft.put_member(index, form.cleaned_data)
        draft.save(request.session)
        return redirect(page_url("household", change=_changing(request)))
    title = "Add a person" if index is None else "Change this person's details"
    context = {
        "form": form,
        "title": title,
        "back_url": page_url("household", change=_changing(request)),
    }
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, FORM, context, status=status)


@public("POST")
def member_remove(request: HttpRequest, index: int) -> HttpResponse:
    draft = Draft.load(request.session)
    if index >= len(draft.members):
        raise Http404
    draft.remove_member(index)
    draft.save(request.session)
    return redirect(page_url("household", change=_changing(request)))


@public("GET", "POST")
def concern(request: HttpRequest) -> HttpResponse:
    return _question(
        request,
        "concern",
        forms.ConcernForm,
        form_kwargs=lambda draft: {"noun": draft.noun},
        template=FORM,
        title="Your concern",
    )


@public("GET", "POST")
def family(request: HttpRequest) -> HttpResponse:
    return _question(request, "family", forms.FamilyForm)


@public("GET", "POST")
def consent(request: HttpRequest) -> HttpResponse:
    """Professionals only (Manchester's policy); the public are never asked."""
    draft, early = _open(request, "consent")
    if early:
        return early
    if not draft.is_professional:
        return redirect("referral:check")
    form = _form(request, draft, "consent", forms.ConsentForm, noun=draft.noun)
    if _valid(request, form):
        return _next(request, draft, "consent", form.cleaned_data)
    return _page(request, draft, "consent", form, template="contacts/refer/consent.html")


@public("GET", "POST")
def check(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return sending.send(request)
    draft = Draft.load(request.session)
    missing = draft.first_unanswered()
    if missing:
        return redirect(page_url(missing))
    errors = [message for messages in draft.errors.get(CHECK, {}).values() for message in messages]
    context = {
        "title": "Check your answers before sending your referral",
        "sections": summary.sections(draft),
        "errors": errors,
        "back_url": page_url(draft.steps()[-1]),
    }
    return render(request, "contacts/refer/check.html", context)


@public("GET")
def sent(request: HttpRequest) -> HttpResponse:
    done = request.session.get(SENT_KEY)
    if not isinstance(done, dict):
        return redirect("referral:start")
    return render(request, "contacts/refer/sent.html", {"title": "Referral sent", **done})
