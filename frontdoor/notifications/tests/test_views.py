"""The notifications pages: each person sees and opens only their own notifications."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import Client

from frontdoor.audit.models import AuditEvent
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import LONDON
from frontdoor.notifications.models import Notification
from frontdoor.notifications.selectors import notifications_for, unread_count
from frontdoor.notifications.services import notify

MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=LONDON)
SYSTEM = Actor.system("tests")


def sent(person, subject: str, *, at: datetime, link: str = "/work/") -> Notification:
    with time_machine.travel(at, tick=False):
        [notification] = notify(
            users=[person.user],
            subject=subject,
            body=f"Body of {subject.lower()}.",
            link=link,
            by=SYSTEM,
        )
    return notification


@pytest.fixture
def practitioners_notifications(practitioner):
    """Oldest first: one read, two unread."""
    old = sent(practitioner, "Old and read", at=MONDAY)
    Notification.objects.filter(pk=old.pk).update(read_at=MONDAY + timedelta(hours=1))
    return [
        old,
        sent(practitioner, "Older unread", at=MONDAY + timedelta(hours=2)),
        sent(practitioner, "Newest unread", at=MONDAY + timedelta(hours=3)),
    ]


def read_events(person) -> list[dict[str, object]]:
    return list(
        AuditEvent.objects.filter(
            action__in=["notification.read", "notification.all_read"], actor_id=person.user.pk
        ).values_list("details", flat=True)
    )


# --- The list ---------------------------------------------------------------------------------


def test_a_person_sees_their_own_notifications_unread_first_then_newest(
    practitioner, manager, sign_in, practitioners_notifications
):
    sent(manager, "For the manager only", at=MONDAY)

    response = sign_in(practitioner).get("/notifications/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Notifications – Front Door</title>" in page
    assert "You have 2 unread notifications." in page
    assert "Mark all as read" in page
    positions = [page.index(s) for s in ("Newest unread", "Older unread", "Old and read")]
    assert positions == sorted(positions)
    assert "9 March 2026, 12:00" in page  # the newest, in London time
    assert "Body of newest unread." in page
    newest = practitioners_notifications[-1]
    assert f'href="/notifications/{newest.pk}">Open' in page
    assert "For the manager only" not in page


def test_someone_with_no_role_sees_their_own_empty_list(outsider, sign_in, practitioner):
    sent(practitioner, "Not for the outsider", at=MONDAY)

    response = sign_in(outsider).get("/notifications/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "You have no notifications." in page
    assert "Not for the outsider" not in page
    assert "Mark all as read" not in page


def test_someone_not_signed_in_is_sent_to_sign_in(hub):
    for path in ("/notifications/", "/notifications/1"):
        response = Client().get(path)
        assert response.status_code == 302
        assert response["Location"] == f"/sign-in?next={path}"
    response = Client().post("/notifications/read-all")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in?next=")


def test_the_selectors_count_and_list_only_the_persons_own(
    practitioner, manager, practitioners_notifications
):
    sent(manager, "Manager's", at=MONDAY)

    assert unread_count(practitioner.user) == 2
    assert [n.subject for n in notifications_for(practitioner.user)] == [
        "Newest unread",
        "Older unread",
        "Old and read",
    ]


# --- Opening one ------------------------------------------------------------------------------


def test_opening_a_notification_marks_it_read_and_goes_to_its_link(
    practitioner, sign_in, practitioners_notifications
):
    notification = sent(practitioner, "Request overdue", at=MONDAY, link="/contacts/42")

    with time_machine.travel(MONDAY + timedelta(hours=5), tick=False):
        response = sign_in(practitioner).get(f"/notifications/{notification.pk}")

    assert response.status_code == 302
    assert response["Location"] == "/contacts/42"
    notification.refresh_from_db()
    assert notification.read_at == MONDAY + timedelta(hours=5)
    assert unread_count(practitioner.user) == 2
    assert read_events(practitioner) == [{"notification": notification.pk}]


def test_opening_a_read_notification_again_changes_nothing(
    practitioner, sign_in, practitioners_notifications
):
    old = practitioners_notifications[0]

    response = sign_in(practitioner).get(f"/notifications/{old.pk}")

    assert response.status_code == 302
    old.refresh_from_db()
    assert old.read_at == MONDAY + timedelta(hours=1)
    assert read_events(practitioner) == []


@pytest.mark.parametrize(
    "link", ["", "https://example.com/phish", "//example.com/phish", "/\\example.com"]
)
def test_a_link_that_leaves_front_door_goes_to_the_list_instead(practitioner, sign_in, link):
    notification = sent(practitioner, "Odd link", at=MONDAY, link=link)

    response = sign_in(practitioner).get(f"/notifications/{notification.pk}")

    assert response.status_code == 302
    assert response["Location"] == "/notifications/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_another_persons_notification_is_not_found_and_changes_nothing(
    manager, sign_in, practitioners_notifications
):
    theirs = practitioners_notifications[-1]

    response = sign_in(manager).get(f"/notifications/{theirs.pk}")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert read_events(manager) == []


def test_an_outsider_cannot_open_anyones_notification(
    outsider, sign_in, practitioners_notifications
):
    response = sign_in(outsider).get(f"/notifications/{practitioners_notifications[-1].pk}")

    assert response.status_code == 404
    assert unread_count(practitioners_notifications[-1].user) == 2


# --- Marking all as read ----------------------------------------------------------------------


def test_mark_all_as_read_marks_only_the_persons_own(
    practitioner, manager, sign_in, practitioners_notifications
):
    managers = sent(manager, "Manager's", at=MONDAY)
    client = sign_in(practitioner)

    response = client.post("/notifications/read-all")

    assert response.status_code == 302
    assert response["Location"] == "/notifications/"
    assert unread_count(practitioner.user) == 0
    assert unread_count(manager.user) == 1
    managers.refresh_from_db()
    assert managers.read_at is None
    unread_ids = sorted(n.pk for n in practitioners_notifications[1:])
    assert read_events(practitioner) == [{"notifications": unread_ids}]
    page = client.get("/notifications/").content.decode()
    assert "All your notifications are marked as read" in page
    assert "You have 0 unread notifications." in page
    assert "Mark all as read" not in page


def test_mark_all_as_read_with_nothing_unread_changes_nothing(outsider, sign_in):
    response = sign_in(outsider).post("/notifications/read-all")

    assert response.status_code == 302
    assert read_events(outsider) == []


def test_mark_all_as_read_needs_the_button(practitioner, sign_in, practitioners_notifications):
    response = sign_in(practitioner).get("/notifications/read-all")

    assert response.status_code == 405
    assert unread_count(practitioner.user) == 2
