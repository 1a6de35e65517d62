"""The reports in a real browser, every page checked with axe-core (WCAG 2.2 AA).

A MASH manager opens the reports from the menu, opens each one (the last four whole weeks at
first, so nothing from today), changes the period to take in this month, then sees a mistyped
date explained. With the child-level grant, she confirms who she is and downloads the Annex A
workbook.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from frontdoor.agencies.models import Membership
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import contact_details
from frontdoor.core.actors import Actor
from frontdoor.reporting.registry import REPORTS
from frontdoor.testing.steps import PASSWORD, go, sign_in

pytestmark = pytest.mark.browser

SYSTEM = Actor.system("tests")


def fill_period(page: Page, start, end) -> None:
    for name, day in (("start", start), ("end", end)):
        page.locator(f"input[name={name}_day]").fill(str(day.day))
        page.locator(f"input[name={name}_month]").fill(str(day.month))
        page.locator(f"input[name={name}_year]").fill(str(day.year))


def test_a_manager_reads_every_report_and_downloads_annex_a(
    transactional_db, live_server, browser_page, manager
):
    page = browser_page
    for source in ("2A", "2A", "6", "3A", "1A"):
        receive_contact(details=contact_details(referral_source=source), by=SYSTEM)
    Membership.objects.filter(user=manager.user).update(may_export_child_level=True)
    today = timezone.localdate()

    sign_in(page, live_server, manager)
    menu = page.get_by_role("navigation", name="Menu")
    go(page, menu.get_by_role("link", name="Reports").click, "Reports")
    assert REPORTS, "no reports registered"
    main = page.locator("main")
    for definition in REPORTS.values():
        go(
            page,
            main.get_by_role("link", name=definition.title, exact=True).click,
            f"{definition.title} – Reports",
        )
        expect(page.locator("main table").first).to_be_visible()
        fill_period(page, today - timedelta(days=27), today)
        page.get_by_label("Cohort").select_option("child")
        go(
            page,
            page.get_by_role("button", name="Show the report").click,
            f"{definition.title} – Reports",
        )
        expect(page.locator("main h2").first).to_contain_text(f"{today.day} {today:%B %Y}")
        expect(page.get_by_role("link", name="Download CSV")).to_be_visible()
        go(page, menu.get_by_role("link", name="Reports").click, "Reports")

    first = next(iter(REPORTS.values()))
    go(
        page,
        main.get_by_role("link", name=first.title, exact=True).click,
        f"{first.title} – Reports",
    )
    page.locator("input[name=start_month]").fill("13")
    go(
        page,
        page.get_by_role("button", name="Show the report").click,
        f"Error: {first.title} – Reports",
    )
    expect(page.get_by_role("alert")).to_contain_text("The start date must be a real date")

    page.goto(f"{live_server.url}/reports/")
    go(page, main.get_by_role("link", name="Ofsted Annex A").click, "Confirm it is you")
    type(manager.device).objects.filter(pk=manager.device.pk).update(last_t=-1)
    # The password is the one `sign_in` set (setting it again would end the session).
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    code = page.get_by_label("Security code")
    if code.count():
        code.fill(manager.current_code())
    go(page, page.get_by_role("button", name="Continue").click, "Ofsted Annex A – Reports")
    fill_period(page, today - timedelta(days=27), today)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the workbook").click()
    assert download.value.suggested_filename.startswith("annex-a-860-")
    assert download.value.suggested_filename.endswith(".xlsx")
