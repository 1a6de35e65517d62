"""Request helpers shared by every app."""

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address as the server saw it (the proxy sets REMOTE_ADDR when trusted)."""
    return request.META.get("REMOTE_ADDR") or None
