"""The service navigation for the signed-in user's role, and their work counts (lazily)."""

from functools import cached_property
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from frontdoor.agencies.roles import MASH_ROLES, Role
from frontdoor.contacts.breakglass import grants_for_review, may_review_break_glass
from frontdoor.contacts.rules import may_decide, may_record_contacts
from frontdoor.core.actors import Actor
from frontdoor.enquiries.rules import may_answer_requests, may_see_timeliness
from frontdoor.enquiries.selectors import inbox_queue
from frontdoor.meetings.rules import may_have_actions
from frontdoor.meetings.selectors import actions_for
from frontdoor.notifications.selectors import unread_count
from frontdoor.outcomes.selectors import inbox_for
from frontdoor.personindex.merging import may_merge
from frontdoor.personindex.selectors import open_proposals_for
from frontdoor.reporting.scope import REPORTING_ROLES
from frontdoor.screening import selectors


class WorkCounts:
    """How much work waits in each queue. Counted only if a page shows them."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor

    @property
    def shows_approvals(self) -> bool:
        return may_decide(self.actor)

    @cached_property
    def mine(self) -> int:
        return selectors.my_queue(self.actor).count()

    @cached_property
    def team(self) -> int:
        return selectors.team_unallocated(self.actor).count()

    @cached_property
    def approvals(self) -> int:
        return selectors.pending_approvals(self.actor).count()

    @cached_property
    def overdue(self) -> int:
        return selectors.overdue(self.actor).count()

    @cached_property
    def requests(self) -> int:
        """Information requests waiting for the actor's agency's answer."""
        return inbox_queue(self.actor).count()

    @cached_property
    def actions(self) -> int:
        return actions_for(self.actor).count()

    @cached_property
    def duplicates(self) -> int:
        """Possible duplicate records waiting for a manager's review."""
        return open_proposals_for(self.actor).count()

    @cached_property
    def break_glass(self) -> int:
        """Break-glass grants on the IG officer's authorities' contacts not yet reviewed."""
        return grants_for_review(self.actor).filter(reviewed_at__isnull=True).count()

    @cached_property
    def handovers(self) -> int:
        """Packages waiting for the actor's team to acknowledge them."""
        waiting, _ = inbox_for(self.actor)
        return len(waiting)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    actor = request.actor  # type: ignore[attr-defined]
    home = reverse("accounts:home")
    items: list[dict[str, Any]] = [{"label": "Home", "url": home}]
    if actor.role in MASH_ROLES:
        items.append({"label": "Work queues", "url": reverse("screening:mine")})
    if may_record_contacts(actor):
        items.append({"label": "Record a contact", "url": reverse("contacts:new")})
    if may_answer_requests(actor):
        items.append({"label": "Requests to your agency", "url": reverse("enquiries:inbox")})
    if actor.role == Role.RECEIVING_WORKER:
        items.append({"label": "Handovers", "url": reverse("outcomes:inbox")})
    if may_have_actions(actor):
        items.append({"label": "Actions", "url": reverse("meetings:actions")})
    if may_see_timeliness(actor):
        items.append({"label": "Timeliness", "url": reverse("enquiries:timeliness")})
    if actor.role in REPORTING_ROLES:
        items.append({"label": "Reports", "url": reverse("reporting:index")})
    if may_merge(actor):
        items.append({"label": "Possible duplicates", "url": reverse("personindex:duplicates")})
    if may_review_break_glass(actor):
        items.append({"label": "Audit trail", "url": reverse("governance:audit_search")})
        items.append(
            {"label": "Break-glass reviews", "url": reverse("governance:break_glass_reviews")}
        )
        items.append({"label": "Retention", "url": reverse("governance:retention")})
    if actor.role == Role.ADMINISTRATOR:
        items.append({"label": "API documentation", "url": "/api/v1/docs"})
    unread = unread_count(user)
    items.append(
        {
            "label": f"Notifications ({unread} unread)" if unread else "Notifications",
            "url": reverse("notifications:list"),
        }
    )
    for item in items:
        item["current"] = request.path == item["url"] or (
            item["url"] != home and request.path.startswith(item["url"])
        )
    role_label = Role(actor.role).label if actor.role else "No role yet"
    return {"navigation": items, "acting_as": role_label, "work_counts": WorkCounts(actor)}
