"""The signed-in person's notifications: the list, opening one (which marks it read) and
marking them all read. Everyone sees only their own; another person's is a 404."""

from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from frontdoor.core.actors import Actor

from .reading import mark_all_read, mark_read
from .selectors import get_notification_for, notifications_for, unread_count

PAGE_SIZE = 50


def _actor(request: HttpRequest) -> Actor:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    return actor


def _reader(request: HttpRequest) -> tuple[Actor, AbstractBaseUser]:
    """The actor and their account (every page here needs a signed-in user)."""
    actor = _actor(request)
    if actor.user is None:
        raise PermissionDenied("Sign in to see your notifications")
    return actor, actor.user


def safe_link(link: str) -> str | None:
    """The link if it is a path inside Front Door ("/…", never "//host" or a scheme)."""
    inside = link.startswith("/") and url_has_allowed_host_and_scheme(link, allowed_hosts=set())
    return link if inside else None


@never_cache
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    _, user = _reader(request)
    page = Paginator(notifications_for(user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "unread": unread_count(user),
    }
    return render(request, "notifications/list.html", context)


@never_cache
@require_GET
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to what it is about."""
    actor, user = _reader(request)
    notification = get_notification_for(user, pk)
    mark_read(notification=notification, by=actor)
    return redirect(safe_link(notification.link) or "notifications:list")


@never_cache
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    actor, _ = _reader(request)
    count = mark_all_read(by=actor)
    if count:
        messages.success(request, "All your notifications are marked as read")
    return redirect("notifications:list")
