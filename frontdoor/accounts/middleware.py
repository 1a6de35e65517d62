"""Request middleware: who is acting, the sign-in (with MFA) every staff page requires, and
how long a signed-in session may last."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from frontdoor.core.middleware import BeforeViewMiddleware

from . import services
from .actors import actor_for_request
from .models import User

# Paths with their own authentication (the API's tokens) or none (assets, health check).
PUBLIC_PREFIXES = ("/static/", "/api/", "/healthz")


class ActorMiddleware:
    """Attach `request.actor`, built lazily so asset and API requests cost no query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = SimpleLazyObject(lambda: actor_for_request(request))  # type: ignore[attr-defined]
        return self.get_response(request)


class LoginRequiredMiddleware(BeforeViewMiddleware):
    """Every page needs a signed-in, MFA-verified user unless the view says otherwise.

    Views opt out with Django's `@login_not_required`. A session that is signed in but not
    verified by a second factor (possible only if MFA was switched on later) is ended.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        if request.path.startswith(PUBLIC_PREFIXES):
            return None
        if not getattr(view_func, "login_required", True):
            return None
        user = request.user
        verified = getattr(user, "is_verified", lambda: False)()  # added by django-otp's middleware
        if user.is_authenticated and settings.MFA_REQUIRED and not verified:
            logout(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return None


def _minutes(count: int) -> str:
    return "1 minute" if count == 1 else f"{count} minutes"


def _hours(count: int) -> str:
    return "1 hour" if count == 1 else f"{count} hours"


def session_ended_message(why: services.SessionEnd) -> str:
    if why is services.SessionEnd.IDLE:
        return (
            "You were signed out because you did nothing for "
            f"{_minutes(settings.SESSION_IDLE_MINUTES)}. Sign in again to carry on."
        )
    return (
        f"You were signed out after {_hours(settings.SESSION_MAX_HOURS)}, the longest a "
        "session can last. Sign in again to carry on."
    )


class SessionLifetimeMiddleware(BeforeViewMiddleware):
    """End a signed-in session idle longer than `SESSION_IDLE_MINUTES`, or signed in longer
    than `SESSION_MAX_HOURS` ago, whatever the activity.

    Each other request counts as activity. An ended session is audited and signed out, and the
    sign-in page says why; a page open to everyone (`@login_not_required`) is shown signed out.
    Sits after `LoginRequiredMiddleware`; skips the same public paths.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        if request.path.startswith(PUBLIC_PREFIXES):
            return None
        user = request.user
        if not isinstance(user, User) or not user.is_authenticated:
            return None
        why = services.check_session(request, user)
        if why is None:
            return None
        services.expire_session(request, user, why=why)
        messages.info(request, session_ended_message(why))
        if not getattr(view_func, "login_required", True):
            return None
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
