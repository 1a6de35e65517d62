"""Request middleware: who is acting, and the sign-in (with MFA) every staff page requires."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from .actors import actor_for_request

# Paths with their own authentication (the API's tokens) or none (assets, health check).
PUBLIC_PREFIXES = ("/static/", "/api/", "/healthz")


class ActorMiddleware:
    """Attach `request.actor`, built lazily so asset and API requests cost no query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = SimpleLazyObject(lambda: actor_for_request(request))  # type: ignore[attr-defined]
        return self.get_response(request)


class LoginRequiredMiddleware:
    """Every page needs a signed-in, MFA-verified user unless the view says otherwise.

    Views opt out with Django's `@login_not_required`. A session that is signed in but not
    verified by a second factor (possible only if MFA was switched on later) is ended.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

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
