"""Signing in: password and code together, one message for every failure, lockout, enrolment."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.accounts.forms import SIGN_IN_FAILED
from frontdoor.audit.models import AuditEvent
from frontdoor.conftest import PASSWORD

SIGN_IN = "/sign-in"


def attempt(client: Client, email: str, password: str = PASSWORD, code: str = ""):
    return client.post(SIGN_IN, {"email": email, "password": password, "code": code})


def events(action: str, **filters) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, **filters))


def test_the_sign_in_page_asks_for_email_password_and_security_code(db):
    page = Client().get(SIGN_IN).content.decode()
    assert 'name="email"' in page
    assert 'name="password"' in page
    assert 'name="code"' in page


def test_a_practitioner_signs_in_with_password_and_code_and_it_is_audited(practitioner):
    client = Client()
    response = attempt(client, practitioner.email, code=practitioner.current_code())
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    [login] = events("auth.login", actor=practitioner.user)
    assert login.actor_role == "practitioner"
    assert login.actor_agency == "staffs-csc"
    assert login.local_authority == "860"


@pytest.mark.parametrize("wrong", ["password", "code", "account"])
def test_every_kind_of_wrong_detail_gets_the_same_message(practitioner, wrong):
    email = "nobody@test.frontdoor.invalid" if wrong == "account" else practitioner.email
    password = "not the password" if wrong == "password" else PASSWORD
    code = "000000" if wrong == "code" else practitioner.current_code()
    if wrong == "code" and code == practitioner.current_code():
        code = "111111"
    response = attempt(Client(), email, password, code)
    assert response.status_code == 400
    assert SIGN_IN_FAILED in response.content.decode()
    assert "_auth_user_id" not in Client().session
    [failure] = events("auth.login_failed")
    assert failure.details == {"reason": "credentials", "known_account": wrong != "account"}


def test_a_missing_code_for_an_enrolled_user_is_a_failed_sign_in(practitioner):
    response = attempt(Client(), practitioner.email, code="")
    assert response.status_code == 400
    assert SIGN_IN_FAILED in response.content.decode()


def test_empty_fields_say_what_to_enter_and_count_nothing(db):
    response = Client().post(SIGN_IN, {"email": "", "password": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter your email address" in page
    assert "Enter your password" in page
    assert not AuditEvent.objects.filter(action="auth.login_failed").exists()


def test_five_wrong_passwords_lock_the_account_for_15_minutes(practitioner):
    client = Client()
    for _ in range(4):
        assert attempt(client, practitioner.email, "wrong password").status_code == 400
    locked = attempt(client, practitioner.email, "wrong password")
    assert locked.status_code == 429
    assert "Your account is locked" in locked.content.decode()
    assert "You can try again in 15 minutes" in locked.content.decode()
    assert len(events("auth.login_failed", object_id=str(practitioner.user.pk))) == 5
    [lockout] = events("auth.locked_out")
    assert lockout.object_id == str(practitioner.user.pk)
    assert lockout.details == {"known_account": True, "failures": 5, "minutes": 15}


def test_a_locked_account_refuses_even_the_right_details(practitioner):
    client = Client()
    for _ in range(5):
        attempt(client, practitioner.email, "wrong password")
    response = attempt(Client(), practitioner.email, code=practitioner.current_code())
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert not events("auth.login")
    assert len(events("auth.locked_out")) == 1
    assert events("auth.login_failed")[0].details["reason"] == "locked"


def test_the_lock_lifts_after_15_minutes(practitioner):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            attempt(Client(), practitioner.email, "wrong password")
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        code = f"{totp(practitioner.device.bin_key):06d}"
        assert attempt(Client(), practitioner.email, code=code).status_code == 302


def test_wrong_codes_count_towards_the_lockout(practitioner):
    for _ in range(4):
        attempt(Client(), practitioner.email, code="999999")
    assert attempt(Client(), practitioner.email, code="999999").status_code == 429


def test_failures_for_one_account_do_not_lock_another(practitioner, manager):
    for _ in range(5):
        attempt(Client(), practitioner.email, "wrong password")
    assert attempt(Client(), manager.email, code=manager.current_code()).status_code == 302


def test_a_first_sign_in_sets_up_the_authenticator_app(practitioner):
    TOTPDevice.objects.filter(user=practitioner.user).delete()
    client = Client()
    response = attempt(client, practitioner.email)
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/set-up-authenticator"
    page = client.get(response["Location"]).content.decode()
    assert "data:image/svg+xml" in page
    assert "_auth_user_id" not in client.session  # not signed in until the code is confirmed
    device = TOTPDevice.objects.get(user=practitioner.user, confirmed=False)
    wrong = client.post("/sign-in/set-up-authenticator", {"code": "000000"})
    assert wrong.status_code == 400
    assert "Enter the security code your app shows now" in wrong.content.decode()
    # django-otp throttles verification for a second after a wrong code.
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        code = f"{totp(device.bin_key):06d}"
        right = client.post("/sign-in/set-up-authenticator", {"code": code})
    assert right.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/").status_code == 200
    assert len(events("auth.mfa_enrolled", actor=practitioner.user)) == 1


def test_the_set_up_page_needs_a_password_checked_first(db):
    response = Client().get("/sign-in/set-up-authenticator")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in"


def test_a_session_that_skipped_the_second_factor_is_signed_out(practitioner):
    client = Client()
    client.force_login(practitioner.user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in")


def test_sign_in_returns_to_the_page_asked_for_but_never_to_another_site(practitioner):
    ok = Client().post(
        f"{SIGN_IN}?next=/api/v1/docs",
        {"email": practitioner.email, "password": PASSWORD, "code": practitioner.current_code()},
    )
    assert ok["Location"] == "/api/v1/docs"
    practitioner.device.refresh_from_db()
    evil = Client().post(
        f"{SIGN_IN}?next=https://evil.example/",
        {"email": practitioner.email, "password": PASSWORD, "code": practitioner.current_code()},
    )
    assert evil.status_code in {302, 400}  # a reused code is refused; never an off-site redirect
    assert "evil.example" not in evil.get("Location", "")


def test_sign_out_needs_a_post_and_is_audited(practitioner, sign_in):
    client = sign_in(practitioner)
    assert client.get("/sign-out").status_code == 405
    response = client.post("/sign-out")
    assert response["Location"] == "/sign-in"
    assert client.get("/").status_code == 302
    assert len(events("auth.logout", actor=practitioner.user)) == 1


@override_settings(MFA_REQUIRED=False, DEMO_MODE=True)
def test_in_demo_mode_a_password_is_enough_and_every_page_says_so(practitioner):
    client = Client()
    page = client.get(SIGN_IN).content.decode()
    assert 'name="code"' not in page
    assert "all data is synthetic" in page
    assert "Two-factor authentication is turned off" in page
    assert attempt(client, practitioner.email).status_code == 302
    assert "all data is synthetic" in client.get("/").content.decode()
