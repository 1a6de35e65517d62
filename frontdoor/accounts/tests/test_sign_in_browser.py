"""Signing in through a real browser: every role's journey, lockout, errors and accessibility.

These run against pytest-django's live server, so they need committed data: each test asks for
`transactional_db` before the cast, and the cast's `hub` fixture reloads the reference data the
previous test's flush removed. Every page a person can reach here is checked with axe-core
against WCAG 2.2 AA.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from frontdoor.accounts.forms import SIGN_IN_FAILED
from frontdoor.audit.models import AuditEvent
from frontdoor.audit.services import Action
from frontdoor.conftest import CAST, PASSWORD
from frontdoor.reference.models import ReferralSource
from frontdoor.testing.browser import assert_no_axe_violations

pytestmark = pytest.mark.browser


def open_sign_in(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Front Door")


def submit_sign_in(page: Page, *, email: str, password: str, code: str) -> None:
    """Fill in the sign-in form on the current page and send it."""
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Security code").fill(code)
    # Wait for the response page itself: a failed attempt returns to the same URL and text.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Sign in").click()


def error_summary_items(page: Page) -> list[str]:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    return [text.strip() for text in summary.locator("li").all_inner_texts()]


def expect_signed_in_home(page: Page, live_server, *, role_label: str, name: str) -> None:
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page).to_have_title("Home – Front Door")
    expect(page.locator(".govuk-caption-l")).to_have_text(role_label)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator(".govuk-phase-banner")).to_contain_text(
        f"Signed in as {name}, {role_label}."
    )


def expect_locked_page(page: Page) -> None:
    expect(page).to_have_title("Your account is locked – Front Door")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked")
    expect(page.locator("main")).to_contain_text("You can try again in 15 minutes.")


def test_the_sign_in_page_is_accessible_with_and_without_errors(
    transactional_db, live_server, browser_page
):
    page = browser_page
    open_sign_in(page, live_server)
    expect(page).to_have_title("Sign in – Front Door")
    assert_no_axe_violations(page)

    submit_sign_in(page, email="nobody@test.frontdoor.invalid", password="wrong", code="123456")

    expect(page).to_have_title("Error: Sign in – Front Door")
    assert error_summary_items(page) == [SIGN_IN_FAILED]
    assert_no_axe_violations(page)


def test_a_practitioner_signs_in_with_a_security_code_and_signs_out(
    transactional_db, live_server, browser_page, practitioner
):
    # The flush after an earlier transactional test removed it; the cast's `hub` put it back.
    assert ReferralSource.objects.exists()
    page = browser_page
    open_sign_in(page, live_server)

    submit_sign_in(
        page, email=practitioner.email, password=PASSWORD, code=practitioner.current_code()
    )

    expect_signed_in_home(
        page, live_server, role_label="MASH practitioner", name="Alice Practitioner"
    )
    expect(page.locator("main")).to_contain_text("Your screening queue")
    assert_no_axe_violations(page)

    page.get_by_role("navigation", name="Menu").get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(f"{live_server.url}/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Front Door")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    actions = list(
        AuditEvent.objects.filter(
            action__startswith="auth.",
            object_type="accounts.user",
            object_id=str(practitioner.user.pk),
        )
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [Action.LOGIN, Action.LOGOUT]


@pytest.mark.parametrize("persona", list(CAST))
def test_every_role_signs_in_to_an_accessible_home_page(
    transactional_db, live_server, browser_page, request, persona
):
    person = request.getfixturevalue(persona)
    role, _team, name = CAST[persona]
    page = browser_page
    open_sign_in(page, live_server)

    submit_sign_in(page, email=person.email, password=PASSWORD, code=person.current_code())

    expect_signed_in_home(page, live_server, role_label=role.label, name=name)
    assert_no_axe_violations(page)


def test_five_wrong_passwords_lock_the_account_even_against_the_right_details(
    transactional_db, live_server, browser_page, practitioner
):
    page = browser_page
    open_sign_in(page, live_server)
    for attempt in range(1, 5):
        submit_sign_in(page, email=practitioner.email, password=f"wrong {attempt}", code="000000")
        assert error_summary_items(page) == [SIGN_IN_FAILED], f"attempt {attempt}"

    submit_sign_in(page, email=practitioner.email, password="wrong 5", code="000000")

    expect_locked_page(page)
    assert_no_axe_violations(page)
    user_events = AuditEvent.objects.filter(
        object_type="accounts.user", object_id=str(practitioner.user.pk)
    )
    assert user_events.filter(action=Action.LOGIN_FAILED).count() == 5
    assert user_events.filter(action=Action.LOCKED_OUT).count() == 1

    # The right password and a valid code are still refused while the account is locked.
    open_sign_in(page, live_server)
    submit_sign_in(
        page, email=practitioner.email, password=PASSWORD, code=practitioner.current_code()
    )

    expect_locked_page(page)
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/sign-in(\?|$)"))
    # The refused attempt is audited as one more failure (while locked), not a second lockout.
    assert user_events.filter(action=Action.LOGIN_FAILED).count() == 6
    assert user_events.filter(action=Action.LOCKED_OUT).count() == 1
    assert not user_events.filter(action=Action.LOGIN).exists()


def test_a_wrong_code_and_an_unknown_email_fail_like_a_wrong_password(
    transactional_db, live_server, browser_page, practitioner
):
    page = browser_page
    open_sign_in(page, live_server)

    submit_sign_in(page, email=practitioner.email, password="wrong password", code="000000")
    assert error_summary_items(page) == [SIGN_IN_FAILED]
    after_wrong_password = page.locator("main").inner_text()

    wrong_code = "000000" if practitioner.current_code() != "000000" else "111111"
    submit_sign_in(page, email=practitioner.email, password=PASSWORD, code=wrong_code)
    assert error_summary_items(page) == [SIGN_IN_FAILED]
    # Nothing on the page tells a wrong code from a wrong password.
    assert page.locator("main").inner_text() == after_wrong_password

    submit_sign_in(page, email="nobody@test.frontdoor.invalid", password=PASSWORD, code="000000")
    assert error_summary_items(page) == [SIGN_IN_FAILED]
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Front Door")


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(
    transactional_db, live_server, browser_page
):
    page = browser_page
    open_sign_in(page, live_server)

    page.keyboard.press("Tab")

    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to main content")
    expect(focused).to_have_attribute("href", "#main-content")
    expect(focused).to_be_visible()
