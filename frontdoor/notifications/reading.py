"""Marking notifications as read: the only writers of `Notification.read_at`."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from frontdoor.audit.services import record
from frontdoor.core.actors import Actor

from .models import Notification
from .services import NotificationAction


def _reader_id(by: Actor) -> int:
    if by.user is None or by.user.pk is None:
        raise PermissionDenied("Sign in to read your notifications")
    return int(by.user.pk)


@transaction.atomic
def mark_read(*, notification: Notification, by: Actor) -> Notification:
    """Mark the reader's own notification read (once: reading it again changes nothing)."""
    if notification.user_id != _reader_id(by):
        raise PermissionDenied("You can only read your own notifications")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
        record(
            NotificationAction.READ,
            by=by,
            target=notification,
            details={"notification": notification.pk},
        )
    return notification


@transaction.atomic
def mark_all_read(*, by: Actor) -> int:
    """Mark every unread notification of the reader read; returns how many there were."""
    unread = Notification.objects.filter(user_id=_reader_id(by), read_at__isnull=True)
    ids = sorted(unread.values_list("pk", flat=True))
    if ids:
        Notification.objects.filter(pk__in=ids).update(read_at=timezone.now())
        record(NotificationAction.ALL_READ, by=by, details={"notifications": ids})
    return len(ids)
