"""Marking notifications read: only one's own, and each read audited once."""

import pytest
from django.core.exceptions import PermissionDenied

from frontdoor.audit.models import AuditEvent
from frontdoor.core.actors import Actor
from frontdoor.notifications.models import Notification
from frontdoor.notifications.reading import mark_all_read, mark_read
from frontdoor.notifications.services import notify


def actor_for(person) -> Actor:
    return Actor(user=person.user, label=person.email)


def notified(person) -> Notification:
    [notification] = notify(
        users=[person.user], subject="Something to do", body="", by=Actor.system("tests")
    )
    return notification


def test_a_person_cannot_mark_someone_elses_notification_read(practitioner, manager):
    theirs = notified(practitioner)

    with pytest.raises(PermissionDenied):
        mark_read(notification=theirs, by=actor_for(manager))

    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert not AuditEvent.objects.filter(action="notification.read").exists()


def test_the_system_cannot_mark_notifications_read(practitioner):
    with pytest.raises(PermissionDenied):
        mark_all_read(by=Actor.system("tests"))


def test_marking_read_is_audited_once(practitioner):
    mine = notified(practitioner)

    mark_read(notification=mine, by=actor_for(practitioner))
    mark_read(notification=mine, by=actor_for(practitioner))

    assert AuditEvent.objects.filter(action="notification.read").count() == 1
    assert mark_all_read(by=actor_for(practitioner)) == 0
