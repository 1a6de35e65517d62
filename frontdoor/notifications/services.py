"""Telling people: one in-app notification per person, and the same words by email.

Emails go only once the transaction that caused them commits, so a change that rolls back
tells nobody. Never put a child's or family's details in a subject or body.
"""

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage
from django.db import transaction

from frontdoor.audit.services import record
from frontdoor.core.actors import Actor

from .models import Notification

logger = logging.getLogger(__name__)

_emails_held_back: ContextVar[bool] = ContextVar("notification_emails_held_back", default=False)


@contextmanager
def without_emails() -> Iterator[None]:
    """Notify in the app only, while this lasts: for replaying history (the demo), where an
    email would tell people about things long done."""
    token = _emails_held_back.set(True)
    try:
        yield
    finally:
        _emails_held_back.reset(token)


class NotificationAction:
    SENT = "notification.sent"
    READ = "notification.read"
    ALL_READ = "notification.all_read"


def notify(
    *,
    users: Iterable[AbstractBaseUser],
    subject: str,
    body: str,
    link: str = "",
    by: Actor,
    local_authority_code: str = "",
) -> list[Notification]:
    """Notify each distinct user in the app and by email; audited as one event."""
    recipients = {user.pk: user for user in users if user.pk is not None}
    if not recipients:
        return []
    created = Notification.objects.bulk_create(
        Notification(user_id=pk, subject=subject, body=body, link=link) for pk in recipients
    )
    record(
        NotificationAction.SENT,
        by=by,
        local_authority_code=local_authority_code,
        details={"users": sorted(recipients), "subject": subject},
    )
    message_body = f"{body}\n\nOpen Front Door to see it: {link}" if link else body
    emails = [
        EmailMessage(subject, message_body, settings.DEFAULT_FROM_EMAIL, [address])
        for user in recipients.values()
        if (address := str(getattr(user, "email", "") or ""))
    ]
    if emails and not _emails_held_back.get():
        transaction.on_commit(lambda: _send(emails))
    return created


def _send(emails: list[EmailMessage]) -> None:
    """Send after the commit. A mail server that is down must not undo or block the change:
    the in-app notification is already there."""
    unsent = 0
    for email in emails:
        try:
            email.send()
        except OSError:
            unsent += 1
    if unsent:
        logger.warning("Could not send %d of %d notification emails", unsent, len(emails))
