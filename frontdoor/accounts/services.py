"""Signing staff in: password and TOTP code checked together, failures counted and audited.

A wrong password, a wrong code and an unknown address all fail the same way and count towards
the lockout, so the sign-in page reveals nothing about which part was wrong.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.audit.services import Action, record
from frontdoor.core.actors import Actor
from frontdoor.core.http import client_ip

from .actors import actor_for_user
from .models import User


class Outcome(StrEnum):
    SIGNED_IN = "signed_in"
    NEEDS_MFA_ENROLMENT = "needs_mfa_enrolment"
    FAILED = "failed"


@dataclass(frozen=True)
class SignInResult:
    outcome: Outcome
    user: User | None = None
    device: TOTPDevice | None = None


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, TOTPDevice):
            return device
    return None


def check_sign_in(request: HttpRequest, *, email: str, password: str, code: str) -> SignInResult:
    """Check the three credentials; count and audit a failure. Does not start the session."""
    email = email.strip().lower()
    user = authenticate(request, email=email, password=password)
    if not isinstance(user, User):
        _audit_failure(request, email=email, reason="locked" if _locked(request) else "credentials")
        return SignInResult(Outcome.FAILED)
    if not settings.MFA_REQUIRED:
        return SignInResult(Outcome.SIGNED_IN, user=user)
    device = confirmed_totp_device(user)
    if device is None:
        return SignInResult(Outcome.NEEDS_MFA_ENROLMENT, user=user)
    if code and device.verify_token(code.replace(" ", "")):
        return SignInResult(Outcome.SIGNED_IN, user=user, device=device)
    # A right password with a wrong code is a failed sign-in like any other.
    user_login_failed.send(sender=__name__, credentials={"email": email}, request=request)
    _audit_failure(request, email=email, reason="locked" if _locked(request) else "credentials")
    return SignInResult(Outcome.FAILED)


def _locked(request: HttpRequest) -> bool:
    return bool(getattr(request, "axes_locked_out", False))


def _audit_failure(request: HttpRequest, *, email: str, reason: str) -> None:
    account = User.objects.filter(email=email).first()
    record(
        Action.LOGIN_FAILED,
        by=Actor.anonymous(client_ip(request)),
        target=account,
        details={"reason": reason, "known_account": account is not None},
    )


def record_sign_in(request: HttpRequest, user: User) -> None:
    record(Action.LOGIN, by=actor_for_user(user, ip_address=client_ip(request)), target=user)


def record_sign_out(request: HttpRequest, user: User) -> None:
    record(Action.LOGOUT, by=actor_for_user(user, ip_address=client_ip(request)), target=user)


def record_lockout(request: HttpRequest, *, email: str | None) -> None:
    """Called by axes' signal when an account is locked, and again at each attempt while locked.

    Only the failure that reaches the limit starts a lockout; later attempts restart its clock
    (axes' default) and are audited by `check_sign_in` as failures with reason 'locked'.
    """
    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return
    account = User.objects.filter(email=(email or "").lower()).first() if email else None
    record(
        Action.LOCKED_OUT,
        by=Actor.anonymous(client_ip(request)),
        target=account,
        details={
            "known_account": account is not None,
            "failures": int(getattr(request, "axes_failures_since_start", 0)),
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )


def start_mfa_enrolment(user: User) -> TOTPDevice:
    """A fresh unconfirmed TOTP device; any earlier unconfirmed one is replaced."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def pending_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def confirm_mfa_enrolment(request: HttpRequest, *, user: User, code: str) -> TOTPDevice | None:
    """Confirm the pending device if the code is right; audit the enrolment."""
    device = pending_totp_device(user)
    if device is None or not device.verify_token(code.replace(" ", "")):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(
            Action.MFA_ENROLLED,
            by=actor_for_user(user, ip_address=client_ip(request)),
            target=user,
        )
    return device
