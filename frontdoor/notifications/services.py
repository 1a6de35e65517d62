"""Telling people: one in-app notification per person, and the same words by email.

Emails go only once the transaction that caused them commits, so a change that rolls back
tells nobody. Never put a child's or family's details in a subject or body.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mass_mail
from django.db import transaction

from frontdoor.audit.services import record
from frontdoor.core.actors import Actor

from .models import Notification


class NotificationAction:
    SENT = "notification.sent"
    READ = "notification.read"


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
    messages = [
        (subject, message_body, settings.DEFAULT_FROM_EMAIL, [email])
        for user in recipients.values()
        if (email := str(getattr(user, "email", "") or ""))
    ]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return created
