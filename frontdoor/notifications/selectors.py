"""Reads of notifications: each person sees only their own."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from .models import Notification


def notifications_for(user: AbstractBaseUser) -> QuerySet[Notification]:
    """The user's own notifications, unread first, then newest first."""
    return (
        Notification.objects.filter(user_id=user.pk)
        .annotate(
            unread=Case(
                When(read_at__isnull=True, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-unread", "-created_at", "-id")
    )


def unread_count(user: AbstractBaseUser) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def get_notification_for(user: AbstractBaseUser, pk: int) -> Notification:
    """The user's own notification; anyone else's is not found, exactly like a missing one."""
    notification = Notification.objects.filter(user_id=user.pk, pk=pk).first()
    if notification is None:
        raise Http404("No such notification")
    return notification
