"""Steps shared by the browser journeys: sign in and out, and go to a page checking its title
and its accessibility (axe-core, WCAG 2.2 AA) on arrival."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from frontdoor.testing.browser import assert_no_axe_violations

PASSWORD = "a password for the browser journey"  # noqa: S105  (test accounts only)


def go(page: Page, action: Callable[[], Any], title: str | re.Pattern[str]) -> None:
    """Do something that loads a page, check the page's title, then check it with axe."""
    with page.expect_navigation(wait_until="load"):
        action()
    expect(page).to_have_title(title if isinstance(title, re.Pattern) else f"{title} – Front Door")
    assert_no_axe_violations(page)


def continue_to(page: Page, title: str, button: str = "Continue") -> None:
    go(page, page.get_by_role("button", name=button).click, title)


def sign_in(page: Page, live_server: Any, person: Any) -> None:
    """Sign in through the real form (password and TOTP code) and land on the home page.

    django-otp refuses a code from a time step already used, and a journey signs the same
    person in twice within 30 seconds: forget the last step used, as a new step would.
    """
    person.user.set_password(PASSWORD)
    person.user.save(update_fields=["password"])
    type(person.device).objects.filter(pk=person.device.pk).update(last_t=-1)
    page.goto(f"{live_server.url}/sign-in")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Security code").fill(person.current_code())
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title("Home – Front Door")
    assert_no_axe_violations(page)


def sign_out(page: Page, live_server: Any) -> None:
    menu = page.get_by_role("navigation", name="Menu")
    with page.expect_navigation(wait_until="load"):
        menu.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/sign-in")
