"""Step-up: confirm password and code again before sensitive pages, counted like sign-in."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from frontdoor.audit.models import AuditEvent
from frontdoor.conftest import PASSWORD
from frontdoor.governance.policy import POLICY

pytestmark = pytest.mark.urls("frontdoor.accounts.tests.urls_step_up")

CONFIRM = "/sign-in/confirm"
SENSITIVE = "/test-sensitive"


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def confirm(client: Client, person, *, password: str = PASSWORD, code: str | None = None):
    code = person.current_code() if code is None else code
    return client.post(f"{CONFIRM}?next={SENSITIVE}", {"password": password, "code": code})


@pytest.fixture(autouse=True)
def _sensitive_page_in_the_access_policy(monkeypatch):
    monkeypatch.setitem(POLICY, "test_sensitive", POLICY["accounts:home"])


@pytest.fixture
def start():
    return timezone.now()


def test_a_sensitive_page_sends_you_to_confirm_it_is_you_and_back(practitioner, sign_in):
    client = sign_in(practitioner)
    response = client.get(f"{SENSITIVE}?format=zip")
    assert response.status_code == 302
    assert response["Location"] == f"{CONFIRM}?next=%2Ftest-sensitive%3Fformat%3Dzip"
    page = client.get(response["Location"]).content.decode()
    assert "Confirm it is you" in page
    assert 'name="password"' in page
    assert 'name="code"' in page

    confirmed = client.post(
        response["Location"], {"password": PASSWORD, "code": practitioner.current_code()}
    )
    assert confirmed.status_code == 302
    assert confirmed["Location"] == f"{SENSITIVE}?format=zip"
    opened = client.get(confirmed["Location"])
    assert opened.status_code == 200
    assert opened.content == b"The sensitive page"
    [event] = events("auth.stepped_up")
    assert event.actor_id == practitioner.user.pk


def test_after_the_step_up_minutes_it_asks_again(practitioner, sign_in, start):
    client = sign_in(practitioner)
    with time_machine.travel(start, tick=False):
        assert confirm(client, practitioner).status_code == 302
        assert client.get(SENSITIVE).status_code == 200
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        assert client.get(SENSITIVE).status_code == 200
    with time_machine.travel(start + timedelta(minutes=11), tick=False):
        response = client.get(SENSITIVE)
        assert response.status_code == 302
        assert response["Location"].startswith(CONFIRM)
        assert confirm(client, practitioner).status_code == 302
        assert client.get(SENSITIVE).status_code == 200


@override_settings(STEP_UP_MINUTES=2)
def test_the_step_up_minutes_come_from_settings(practitioner, sign_in, start):
    client = sign_in(practitioner)
    with time_machine.travel(start, tick=False):
        confirm(client, practitioner)
    with time_machine.travel(start + timedelta(minutes=3), tick=False):
        assert client.get(SENSITIVE).status_code == 302


@pytest.mark.parametrize("wrong", ["code", "password"])
def test_a_wrong_password_or_code_is_refused_with_one_error_and_audited(
    practitioner, sign_in, wrong
):
    client = sign_in(practitioner)
    right_code = practitioner.current_code()
    code = ("111111" if right_code != "111111" else "222222") if wrong == "code" else right_code
    password = "not my password" if wrong == "password" else PASSWORD
    response = confirm(client, practitioner, password=password, code=code)
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("Enter your correct password and security code") == 1
    assert client.get(SENSITIVE).status_code == 302  # still not confirmed
    assert not events("auth.stepped_up")
    [failure] = events("auth.step_up_failed")
    assert failure.details == {"reason": "credentials"}
    assert failure.actor_id == practitioner.user.pk


def test_empty_fields_say_what_to_enter(practitioner, sign_in):
    response = sign_in(practitioner).post(CONFIRM, {"password": "", "code": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter your password" in page
    assert "Enter the security code from your authenticator app" in page
    assert not events("auth.step_up_failed")


def test_wrong_attempts_count_towards_the_lockout_and_sign_you_out(practitioner, sign_in):
    client = sign_in(practitioner)
    for _ in range(4):
        assert confirm(client, practitioner, password="wrong").status_code == 400
    locked = confirm(client, practitioner, password="wrong")
    assert locked.status_code == 429
    assert "Your account is locked" in locked.content.decode()
    assert client.get("/").status_code == 302  # this session has ended
    assert len(events("auth.locked_out")) == 1
    reasons = sorted(event.details["reason"] for event in events("auth.step_up_failed"))
    assert reasons == ["credentials"] * 4 + ["locked"]
    # The account is locked for signing in as well.
    again = Client().post(
        "/sign-in",
        {"email": practitioner.email, "password": PASSWORD, "code": practitioner.current_code()},
    )
    assert again.status_code == 429


def test_a_step_up_never_returns_to_another_site(practitioner, sign_in):
    client = sign_in(practitioner)
    response = client.post(
        f"{CONFIRM}?next=https://evil.example/",
        {"password": PASSWORD, "code": practitioner.current_code()},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_confirm_page_needs_you_signed_in(db):
    response = Client().get(f"{CONFIRM}?next={SENSITIVE}")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in?next=")


def test_stepping_up_is_forgotten_at_sign_out(practitioner, sign_in):
    client = sign_in(practitioner)
    confirm(client, practitioner)
    client.post("/sign-out")
    assert client.get(SENSITIVE)["Location"].startswith("/sign-in")


@override_settings(MFA_REQUIRED=False, DEMO_MODE=True)
def test_in_demo_mode_without_mfa_only_the_password_is_asked(practitioner):
    client = Client()
    client.force_login(practitioner.user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(f"{CONFIRM}?next={SENSITIVE}").content.decode()
    assert 'name="password"' in page
    assert 'name="code"' not in page
    wrong = client.post(f"{CONFIRM}?next={SENSITIVE}", {"password": "wrong"})
    assert wrong.status_code == 400
    assert "Enter your correct password." in wrong.content.decode()
    right = client.post(f"{CONFIRM}?next={SENSITIVE}", {"password": PASSWORD})
    assert right["Location"] == SENSITIVE
    assert client.get(SENSITIVE).status_code == 200
