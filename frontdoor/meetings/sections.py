"""What the pages show of a discussion: its clock in words, attendance, actions and buttons.

The contact page's "Strategy discussions" section (registered in `apps.py`) and the
discussion's own page both show the same summary card.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from frontdoor.contacts.models import Contact
from frontdoor.core.actors import Actor

from . import selectors
from .clocks import held_words, is_overdue, target_words
from .models import Action, Invitee, StrategyDiscussion
from .rules import may_hold_discussions, may_read_discussions


@dataclass(frozen=True)
class ActionRow:
    action: Action
    overdue: bool


@dataclass(frozen=True)
class DiscussionSummary:
    """One discussion as a page shows it. The buttons only decide what to show: the services
    check again."""

    discussion: StrategyDiscussion
    invitees: list[Invitee]
    actions: list[ActionRow]
    target: str  # "2-hour"
    overdue: bool
    held: str  # "Held within the 2-hour target", or "" until it is held
    may_record: bool
    may_add_action: bool


def action_is_overdue(action: Action, today: date) -> bool:
    return action.completed_at is None and action.due_on < today


def summarise(actor: Actor, discussion: StrategyDiscussion, now: datetime) -> DiscussionSummary:
    today = timezone.localdate(now)
    holds = may_hold_discussions(actor)
    times = {"convened_at": discussion.convened_at, "target_at": discussion.target_at}
    return DiscussionSummary(
        discussion=discussion,
        invitees=list(discussion.invitees.all()),
        actions=[
            ActionRow(action, action_is_overdue(action, today))
            for action in discussion.actions.all()
        ],
        target=target_words(**times),
        overdue=is_overdue(target_at=discussion.target_at, held_at=discussion.held_at, now=now),
        held=held_words(**times, held_at=discussion.held_at) if discussion.held_at else "",
        may_record=holds and not discussion.is_recorded,
        may_add_action=holds,
    )


def discussions_section(actor: Actor, contact: Contact) -> dict[str, Any] | None:
    """The contact page's section, for the MASH only; each discussion's read is audited."""
    if not may_read_discussions(actor):
        return None
    now = timezone.now()
    discussions = selectors.discussions_about(contact)
    for discussion in discussions:
        selectors.audit_discussion_read(actor, discussion)
    return {
        "contact": contact,
        "summaries": [summarise(actor, discussion, now) for discussion in discussions],
        "may_convene": may_hold_discussions(actor) and selectors.why_not_convene(contact) is None,
    }
