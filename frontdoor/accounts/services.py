"""Signing staff in and keeping sessions honest.

Sign-in: password and TOTP code are checked together; a wrong password, a wrong code and an
unknown address all fail the same way and count towards the lockout, so the sign-in page
reveals nothing about which part was wrong. Step-up (`confirm_identity`) asks the signed-in
user for both again before sensitive work, counted the same way.

Sessions: each records when it was signed in and last used (`start_session`, `touch_session`);
`SessionLifetimeMiddleware` ends one idle for `SESSION_IDLE_MINUTES` or older than
`SESSION_MAX_HOURS` (`why_session_ended`, `expire_session`). Every signed-in session has a
`UserSession` row, so `disable_user` can end all of a user's sessions at once.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from axes.utils import reset as reset_axes_attempts
from django.conf import settings
from django.contrib.auth import authenticate, logout
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.audit.services import Action, record
from frontdoor.core.actors import Actor
from frontdoor.core.http import client_ip
from frontdoor.core.stepup import mark_stepped_up

from .actors import actor_for_user
from .models import User, UserSession

# Audit actions of this module not (yet) in `audit.services.Action`.
SESSION_EXPIRED = "auth.session_expired"
STEPPED_UP = "auth.stepped_up"
STEP_UP_FAILED = "auth.step_up_failed"
ACCOUNT_DISABLED = "account.disabled"
ACCOUNT_ENABLED = "account.enabled"

# Session keys: when this session signed in and when it last made a request (POSIX seconds).
SIGNED_IN_AT = "frontdoor_signed_in_at"
LAST_SEEN_AT = "frontdoor_last_seen_at"


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
    """Audit the sign-out and forget the session's row (the view then calls `logout`)."""
    with transaction.atomic():
        record(Action.LOGOUT, by=actor_for_user(user, ip_address=client_ip(request)), target=user)
        forget_session(request)


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


# --- Session lifetime -----------------------------------------------------------------------


class SessionEnd(StrEnum):
    IDLE = "idle"
    ABSOLUTE = "absolute"


def start_session(request: HttpRequest, user: User) -> UserSession:
    """Call right after `login`: note the sign-in time and track the session for `disable_user`.

    Also drops the user's rows whose sessions have ended without a sign-out (expired cookies,
    another sign-in over the same browser session), looking only at this user's rows.
    """
    now = timezone.now()
    if request.session.session_key is None:  # `login` flushed another user's session
        request.session.save()  # creates a key
    key = str(request.session.session_key)
    request.session[SIGNED_IN_AT] = now.timestamp()
    request.session[LAST_SEEN_AT] = now.timestamp()
    with transaction.atomic():
        tracked, _ = UserSession.objects.update_or_create(
            session_key=key, defaults={"user": user, "started_at": now}
        )
        _forget_ended_sessions(user, now=now, keep=key)
    return tracked


def _forget_ended_sessions(user: User, *, now: datetime, keep: str) -> None:
    others = UserSession.objects.filter(user=user).exclude(session_key=keep)
    keys = list(others.values_list("session_key", flat=True))
    live = Session.objects.filter(session_key__in=keys, expire_date__gt=now)
    others.exclude(session_key__in=list(live.values_list("session_key", flat=True))).delete()


def forget_session(request: HttpRequest) -> None:
    key = request.session.session_key
    if key:
        UserSession.objects.filter(session_key=key).delete()


def _timestamp(value: object) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def why_session_ended(
    *,
    signed_in_at: datetime,
    last_seen_at: datetime,
    now: datetime,
    idle_minutes: int,
    max_hours: int,
) -> SessionEnd | None:
    """Why a session must end now, or None if it may go on. Exactly the limit is still allowed."""
    if now - signed_in_at > timedelta(hours=max_hours):
        return SessionEnd.ABSOLUTE
    if now - last_seen_at > timedelta(minutes=idle_minutes):
        return SessionEnd.IDLE
    return None


def check_session(request: HttpRequest, user: User) -> SessionEnd | None:
    """For each request of a signed-in session: why it must end, or None after noting this
    request as its latest activity. A session with no sign-in time yet (signed in before this
    check existed) is treated as starting now."""
    if SIGNED_IN_AT not in request.session:
        start_session(request, user)
        return None
    now = timezone.now()
    signed_in_at = _timestamp(request.session.get(SIGNED_IN_AT))
    last_seen_at = _timestamp(request.session.get(LAST_SEEN_AT))
    if signed_in_at is None:
        return SessionEnd.ABSOLUTE  # unreadable: end it rather than trust it
    why = why_session_ended(
        signed_in_at=signed_in_at,
        last_seen_at=last_seen_at or signed_in_at,
        now=now,
        idle_minutes=settings.SESSION_IDLE_MINUTES,
        max_hours=settings.SESSION_MAX_HOURS,
    )
    if why is None:
        request.session[LAST_SEEN_AT] = now.timestamp()
    return why


def expire_session(request: HttpRequest, user: User, *, why: SessionEnd) -> None:
    """End a session that went on too long: audit why, forget it and sign out."""
    with transaction.atomic():
        record(
            SESSION_EXPIRED,
            by=actor_for_user(user, ip_address=client_ip(request)),
            target=user,
            details={"why": str(why)},
        )
        forget_session(request)
    logout(request)


# --- Step-up --------------------------------------------------------------------------------


def confirm_identity(request: HttpRequest, *, user: User, password: str, code: str) -> bool:
    """Step-up: the signed-in user enters their password (and code, while MFA is required).

    On success the session counts as stepped up for `STEP_UP_MINUTES`. A failure counts
    towards the account's lockout like a failed sign-in and is audited; once the account is
    locked (django-axes sets `request.axes_locked_out`, and its middleware shows the locked
    page) this session is signed out too.
    """
    actor = actor_for_user(user, ip_address=client_ip(request))
    authenticated = authenticate(request, email=user.email, password=password)
    confirmed = isinstance(authenticated, User) and authenticated.pk == user.pk
    if confirmed and settings.MFA_REQUIRED:
        device = confirmed_totp_device(user)
        confirmed = device is not None and bool(code) and device.verify_token(code.replace(" ", ""))
        if not confirmed:  # a right password with a wrong code fails like sign-in does
            user_login_failed.send(
                sender=__name__, credentials={"email": user.email}, request=request
            )
    if not confirmed:
        locked = _locked(request)
        with transaction.atomic():
            record(
                STEP_UP_FAILED,
                by=actor,
                target=user,
                details={"reason": "locked" if locked else "credentials"},
            )
            if locked:  # too many wrong attempts: this session ends too (axes shows why)
                forget_session(request)
        if locked:
            logout(request)
        return False
    with transaction.atomic():
        mark_stepped_up(request)
        record(STEPPED_UP, by=actor, target=user)
    reset_axes_attempts(username=user.email)  # a success resets the count, as at sign-in
    return True


# --- Disabling accounts ---------------------------------------------------------------------


class DisableReason(models.TextChoices):
    """Why an account was disabled: a code, so the audit trail holds no free text."""

    LEFT = "left", "Left the organisation or the hub"
    ABSENCE = "absence", "Long absence"
    COMPROMISED = "compromised", "Account or device may be compromised"
    INVESTIGATION = "investigation", "Under investigation"
    OTHER = "other", "Another reason (recorded elsewhere)"


def disable_user(*, user: User, reason: str, by: Actor) -> User:
    """Stop the user signing in and end every session they have, at once."""
    if reason not in DisableReason.values:
        raise ValueError(f"Unknown reason {reason!r}; use one of {', '.join(DisableReason.values)}")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        tracked = UserSession.objects.filter(user=locked)
        keys = list(tracked.values_list("session_key", flat=True))
        ended, _ = Session.objects.filter(session_key__in=keys).delete()
        tracked.delete()
        record(
            ACCOUNT_DISABLED,
            by=by,
            target=locked,
            details={"reason": reason, "sessions_ended": ended},
        )
    user.is_active = False
    return user


def enable_user(*, user: User, by: Actor) -> User:
    """Let a disabled user sign in again."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.is_active = True
        locked.save(update_fields=["is_active"])
        record(ACCOUNT_ENABLED, by=by, target=locked)
    user.is_active = True
    return user
