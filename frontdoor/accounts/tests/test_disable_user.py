"""Disabling a user ends every session of theirs at once and stops them signing in."""

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client

from frontdoor.accounts.forms import SIGN_IN_FAILED
from frontdoor.accounts.models import UserSession
from frontdoor.accounts.services import disable_user, enable_user
from frontdoor.audit.models import AuditEvent
from frontdoor.conftest import PASSWORD
from frontdoor.core.actors import Actor

ADMIN = Actor.system("tests")


def sign_in_for_real(person) -> Client:
    client = Client()
    response = client.post(
        "/sign-in", {"email": person.email, "password": PASSWORD, "code": person.current_code()}
    )
    assert response.status_code == 302
    return client


def test_a_disabled_users_next_request_lands_on_sign_in_and_their_sessions_are_gone(
    practitioner, manager, sign_in
):
    laptop = sign_in(practitioner)
    phone = sign_in(practitioner)
    colleague = sign_in(manager)
    for client in (laptop, phone, colleague):
        assert client.get("/").status_code == 200
    keys = [laptop.session.session_key, phone.session.session_key]

    disable_user(user=practitioner.user, reason="left", by=ADMIN)

    for client in (laptop, phone):
        response = client.get("/work/team")
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in")
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not UserSession.objects.filter(user=practitioner.user).exists()
    assert colleague.get("/").status_code == 200  # nobody else is signed out
    practitioner.user.refresh_from_db()
    assert not practitioner.user.is_active
    [event] = AuditEvent.objects.filter(action="account.disabled")
    assert event.object_id == str(practitioner.user.pk)
    assert event.details == {"reason": "left", "sessions_ended": 2}


def test_a_disabled_user_cannot_sign_in(practitioner):
    disable_user(user=practitioner.user, reason="compromised", by=ADMIN)
    response = Client().post(
        "/sign-in",
        {"email": practitioner.email, "password": PASSWORD, "code": practitioner.current_code()},
    )
    assert response.status_code == 400
    assert SIGN_IN_FAILED in response.content.decode()
    assert not UserSession.objects.filter(user=practitioner.user).exists()


def test_an_enabled_user_can_sign_in_again(practitioner):
    disable_user(user=practitioner.user, reason="absence", by=ADMIN)
    enable_user(user=practitioner.user, by=ADMIN)
    client = sign_in_for_real(practitioner)
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="account.enabled").count() == 1


def test_a_session_signed_in_through_the_page_is_ended_too(practitioner):
    client = sign_in_for_real(practitioner)
    key = client.session.session_key
    assert UserSession.objects.filter(user=practitioner.user, session_key=key).exists()
    disable_user(user=practitioner.user, reason="investigation", by=ADMIN)
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/").status_code == 302


def test_an_unknown_reason_is_refused_and_changes_nothing(practitioner):
    with pytest.raises(ValueError, match="Unknown reason"):
        disable_user(user=practitioner.user, reason="he annoyed me", by=ADMIN)
    practitioner.user.refresh_from_db()
    assert practitioner.user.is_active
    assert not AuditEvent.objects.filter(action="account.disabled").exists()


def test_the_command_disables_by_email_and_audits_the_reason_code(practitioner, sign_in, capsys):
    client = sign_in(practitioner)
    assert client.get("/").status_code == 200
    call_command("disable_user", "--email", practitioner.email.upper(), "--reason", "left")
    assert "Disabled the account" in capsys.readouterr().out
    assert client.get("/").status_code == 302
    [event] = AuditEvent.objects.filter(action="account.disabled")
    assert event.actor_label == "system:disable_user"
    assert event.details["reason"] == "left"

    call_command("enable_user", "--email", practitioner.email)
    practitioner.user.refresh_from_db()
    assert practitioner.user.is_active


def test_the_command_refuses_an_unknown_account_or_reason(practitioner):
    with pytest.raises(CommandError, match="No account has that email address"):
        call_command("disable_user", "--email", "nobody@test.frontdoor.invalid", "--reason", "left")
    with pytest.raises(CommandError):
        call_command("disable_user", "--email", practitioner.email, "--reason", "bored")
    practitioner.user.refresh_from_db()
    assert practitioner.user.is_active
