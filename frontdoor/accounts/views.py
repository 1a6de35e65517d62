"""Sign in (password + TOTP), first-time MFA set-up, step-up, sign out, and each role's home
page."""

import time
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from frontdoor.agencies.roles import Role
from frontdoor.audit.services import Action, record

from . import services
from .forms import SIGN_IN_FAILED, MfaEnrolmentForm, SignInForm, StepUpForm, step_up_failed_message
from .homes import ROLE_HOMES
from .models import User

PENDING_ENROLMENT = "pending_mfa_enrolment"
ENROLMENT_SECONDS = 10 * 60


@login_not_required
@sensitive_post_parameters("password", "code")
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.check_sign_in(
            request,
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            code=form.cleaned_data.get("code", ""),
        )
        if result.outcome is services.Outcome.SIGNED_IN and result.user is not None:
            with transaction.atomic():
                login(request, result.user, backend="django.contrib.auth.backends.ModelBackend")
                if result.device is not None:
                    otp_login(request, result.device)
                services.start_session(request, result.user)
                services.record_sign_in(request, result.user)
            return redirect(_next_url(request))
        if result.outcome is services.Outcome.NEEDS_MFA_ENROLMENT and result.user is not None:
            request.session[PENDING_ENROLMENT] = {"user": result.user.pk, "at": time.time()}
            return redirect("accounts:enrol_mfa")
        form.add_error(None, SIGN_IN_FAILED)
    return render(
        request, "accounts/sign_in.html", {"form": form}, status=400 if form.errors else 200
    )


def _next_url(request: HttpRequest) -> str:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _pending_enrolment_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING_ENROLMENT)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > ENROLMENT_SECONDS:
        return None
    return User.objects.filter(pk=int(pending.get("user", 0)), is_active=True).first()


@login_not_required
@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def enrol_mfa(request: HttpRequest) -> HttpResponse:
    """First sign-in: show a QR code for an authenticator app, then confirm one code from it."""
    user = _pending_enrolment_user(request)
    if user is None:
        return redirect("accounts:sign_in")
    form = MfaEnrolmentForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            code = form.cleaned_data["code"]
            device = services.confirm_mfa_enrolment(request, user=user, code=code)
            if device is not None:
                del request.session[PENDING_ENROLMENT]
                with transaction.atomic():
                    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                    otp_login(request, device)
                    services.start_session(request, user)
                    services.record_sign_in(request, user)
                return redirect("accounts:home")
            form.add_error("code", "Enter the security code your app shows now")
        pending = services.pending_totp_device(user)
    else:
        pending = services.start_mfa_enrolment(user)
    if pending is None:
        return redirect("accounts:sign_in")
    context = {
        "form": form,
        "qr_data_uri": segno.make(pending.config_url, error="m").svg_data_uri(scale=5),
        "secret": b32encode(pending.bin_key).decode(),
    }
    return render(request, "accounts/enrol_mfa.html", context, status=400 if form.errors else 200)


@sensitive_post_parameters("password", "code")
@never_cache
@require_http_methods(["GET", "POST"])
def step_up(request: HttpRequest) -> HttpResponse:
    """Confirm it is you: password and code again before sensitive work, then back to `next`."""
    user = request.user
    if not isinstance(user, User):  # LoginRequiredMiddleware lets only signed-in users here
        return redirect("accounts:sign_in")
    form = StepUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = services.confirm_identity(
            request,
            user=user,
            password=form.cleaned_data["password"],
            code=form.cleaned_data.get("code", ""),
        )
        if confirmed:
            return redirect(_next_url(request))
        form.add_error(None, step_up_failed_message())
    return render(
        request,
        "accounts/step_up.html",
        {"form": form, "asks_for_code": settings.MFA_REQUIRED},
        status=400 if form.errors else 200,
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    user = request.user
    if isinstance(user, User):
        services.record_sign_out(request, user)
    logout(request)
    return redirect("accounts:sign_in")


@never_cache
def home(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    record(Action.HOME_VIEWED, by=actor)
    role_label = Role(actor.role).label if actor.role else ""
    return render(
        request,
        "accounts/home.html",
        {"role_label": role_label, "items": ROLE_HOMES.get(actor.role, [])},
    )
