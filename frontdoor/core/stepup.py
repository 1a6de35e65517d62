"""Step-up authentication: re-enter password and code before bulk exports and break-glass.

The sign-in pages (`accounts:step_up`) call `mark_stepped_up`; sensitive views are wrapped in
`requires_recent_authentication`, which sends anyone who has not confirmed who they are in the
last `STEP_UP_MINUTES` to that page and back again.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

SESSION_KEY = "frontdoor_stepped_up_at"


def mark_stepped_up(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = timezone.now().isoformat()


def has_stepped_up(request: HttpRequest) -> bool:
    value = request.session.get(SESSION_KEY)
    if not value:
        return False
    try:
        at = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    age = timezone.now() - at
    return timedelta(0) <= age <= timedelta(minutes=settings.STEP_UP_MINUTES)


def requires_recent_authentication(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Send the user to confirm their password and code first, then back to this page (GET,
    with its query string)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if has_stepped_up(request):
            return view(request, *args, **kwargs)
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('accounts:step_up')}?{query}")

    return wrapped
