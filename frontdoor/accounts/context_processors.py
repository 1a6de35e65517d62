"""The service navigation for the signed-in user's role."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from frontdoor.agencies.roles import Role


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    actor = request.actor  # type: ignore[attr-defined]
    items: list[dict[str, Any]] = [{"label": "Home", "url": reverse("accounts:home")}]
    if actor.role == Role.ADMINISTRATOR:
        items.append({"label": "API documentation", "url": "/api/v1/docs"})
    for item in items:
        item["current"] = request.path == item["url"]
    role_label = Role(actor.role).label if actor.role else "No role yet"
    return {"navigation": items, "acting_as": role_label}
