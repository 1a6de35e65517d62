"""Sessions end after 30 idle minutes, and 12 hours after sign-in whatever the activity."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.utils import timezone

from frontdoor.accounts.models import UserSession
from frontdoor.accounts.services import SessionEnd, why_session_ended
from frontdoor.audit.models import AuditEvent
from frontdoor.conftest import PASSWORD

IDLE_MESSAGE = "You were signed out because you did nothing for 30 minutes"
ABSOLUTE_MESSAGE = "You were signed out after 12 hours"


def expired_events(user) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="auth.session_expired", actor=user))


@pytest.fixture
def start():
    return timezone.now()


def test_29_idle_minutes_keep_the_session(practitioner, sign_in, start):
    client = sign_in(practitioner)
    with time_machine.travel(start, tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get("/").status_code == 200
    # The clock restarts at each request: 29 more minutes are fine too.
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert client.get("/").status_code == 200
    assert not expired_events(practitioner.user)


def test_31_idle_minutes_end_the_session_and_the_sign_in_page_says_why(
    practitioner, sign_in, start
):
    client = sign_in(practitioner)
    with time_machine.travel(start, tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.get("/work/team")
        assert response.status_code == 302
        assert response["Location"] == "/sign-in?next=/work/team"
        page = client.get(response["Location"]).content.decode()
        assert IDLE_MESSAGE in page
        assert "govuk-notification-banner" in page
        # Signed out for good: the next page asks for sign-in again, without the message.
        again = client.get("/")
        assert again.status_code == 302
        assert IDLE_MESSAGE not in client.get(again["Location"]).content.decode()
    [event] = expired_events(practitioner.user)
    assert event.details == {"why": "idle"}
    assert event.object_id == str(practitioner.user.pk)
    assert not UserSession.objects.filter(user=practitioner.user).exists()


def test_activity_every_20_minutes_still_ends_at_12_hours(practitioner, sign_in, start):
    client = sign_in(practitioner)
    with time_machine.travel(start, tick=False):
        assert client.get("/").status_code == 200
    for step in range(1, 36):  # 20 minutes to 11 hours 40 minutes
        with time_machine.travel(start + timedelta(minutes=20 * step), tick=False):
            assert client.get("/").status_code == 200, f"signed out after {20 * step} minutes"
    with time_machine.travel(start + timedelta(hours=12, minutes=1), tick=False):
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in")
        assert ABSOLUTE_MESSAGE in client.get(response["Location"]).content.decode()
    [event] = expired_events(practitioner.user)
    assert event.details == {"why": "absolute"}


@override_settings(SESSION_IDLE_MINUTES=5, SESSION_MAX_HOURS=1)
def test_the_limits_come_from_settings(practitioner, sign_in, start):
    client = sign_in(practitioner)
    with time_machine.travel(start, tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        response = client.get("/")
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        assert "You were signed out because you did nothing for 5 minutes" in page

    client = sign_in(practitioner)
    with time_machine.travel(start, tick=False):
        assert client.get("/").status_code == 200
    for minutes in (4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        response = client.get("/")
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        assert "You were signed out after 1 hour" in page


def test_a_real_sign_in_records_the_time_and_the_session(practitioner, start):
    client = Client()
    with time_machine.travel(start, tick=False):
        response = client.post(
            "/sign-in",
            {
                "email": practitioner.email,
                "password": PASSWORD,
                "code": practitioner.current_code(),
            },
        )
        assert response.status_code == 302
    [tracked] = UserSession.objects.filter(user=practitioner.user)
    assert tracked.session_key == client.session.session_key
    assert tracked.started_at == start
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert client.get("/").status_code == 302
    assert not UserSession.objects.filter(user=practitioner.user).exists()


def test_sign_out_forgets_the_session(practitioner, sign_in):
    client = sign_in(practitioner)
    client.get("/")
    assert UserSession.objects.filter(user=practitioner.user).count() == 1
    client.post("/sign-out")
    assert not UserSession.objects.filter(user=practitioner.user).exists()


def test_an_idle_session_opening_a_public_page_is_signed_out_but_sees_the_page(
    practitioner, sign_in, start
):
    client = sign_in(practitioner)
    with time_machine.travel(start, tick=False):
        client.get("/")
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.get("/sign-in")
        assert response.status_code == 200
        assert IDLE_MESSAGE in response.content.decode()
        assert client.get("/").status_code == 302
    assert len(expired_events(practitioner.user)) == 1


def test_api_static_and_health_checks_neither_count_nor_end_a_session(practitioner, sign_in, start):
    client = sign_in(practitioner)
    with time_machine.travel(start, tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        assert client.get("/healthz").status_code in {200, 503}
        client.get("/api/v1/openapi.json")
    # The health check did not count as activity: 31 minutes after the last page, it ends.
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert client.get("/healthz").status_code in {200, 503}  # untouched
        assert not expired_events(practitioner.user)
        assert client.get("/").status_code == 302
    assert len(expired_events(practitioner.user)) == 1


@pytest.mark.parametrize(
    ("idle", "age", "expected"),
    [
        (timedelta(minutes=30), timedelta(hours=1), None),
        (timedelta(minutes=30, seconds=1), timedelta(hours=1), SessionEnd.IDLE),
        (timedelta(minutes=1), timedelta(hours=12), None),
        (timedelta(minutes=1), timedelta(hours=12, seconds=1), SessionEnd.ABSOLUTE),
        (timedelta(hours=1), timedelta(hours=13), SessionEnd.ABSOLUTE),
    ],
)
def test_the_rule_allows_exactly_the_limits(idle, age, expected, start):
    assert (
        why_session_ended(
            signed_in_at=start - age,
            last_seen_at=start - idle,
            now=start,
            idle_minutes=30,
            max_hours=12,
        )
        == expected
    )


def test_a_new_sign_in_forgets_sessions_that_ended_without_a_sign_out(practitioner, sign_in):
    old = sign_in(practitioner)
    old.get("/")
    still_open = sign_in(practitioner)
    still_open.get("/")
    Session.objects.filter(session_key=old.session.session_key).delete()  # e.g. clearsessions
    new = Client()
    code = practitioner.current_code()
    new.post("/sign-in", {"email": practitioner.email, "password": PASSWORD, "code": code})
    assert set(
        UserSession.objects.filter(user=practitioner.user).values_list("session_key", flat=True)
    ) == {still_open.session.session_key, new.session.session_key}
