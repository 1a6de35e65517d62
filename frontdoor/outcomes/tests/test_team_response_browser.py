"""The receiving team records what it did, in a real browser, every page checked with axe-core:
the package page, the form to record a child and family assessment, the change that completes
it, and the contact page where the MASH reads it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from frontdoor.outcomes.services import acknowledge_handover
from frontdoor.testing.steps import continue_to, go, sign_in, sign_out

from .builders import actor_for, decided_contact, package_for

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _frozen():
    """Time runs here, as in production (the package tests freeze it)."""
    return


def test_the_area_worker_records_and_completes_an_assessment(
    transactional_db, live_server, browser_page, practitioner, manager, area_worker, hub
):
    page = browser_page
    contact = decided_contact(practitioner, manager)
    handover = package_for(contact, practitioner, hub["staffs-north-area"], [])
    acknowledge_handover(handover=handover, by=actor_for(area_worker))
    today = timezone.localdate()

    sign_in(page, live_server, area_worker)
    go(
        page,
        lambda: page.goto(f"{live_server.url}/handovers/{handover.pk}"),
        f"Handover package {handover.reference}",
    )
    go(
        page,
        page.get_by_role("button", name="Record what your team did").click,
        f"Record what your team did – {handover.reference}",
    )
    continue_to(page, f"Error: Record what your team did – {handover.reference}", "Save")
    page.get_by_label("Ruby Example, born 4 May 2018").check()
    page.get_by_label("Child and family assessment").check()
    dates = page.get_by_role("group", name="Start date")
    dates.get_by_label("Day").fill(str(today.day))
    dates.get_by_label("Month").fill(str(today.month))
    dates.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Allocated worker (optional)").fill("Sam Social-Worker")
    continue_to(page, f"Handover package {handover.reference}", "Save")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You recorded the child and family assessment"
    )

    go(
        page,
        page.get_by_role(
            "link", name="Change the child and family assessment for Ruby Example"
        ).click,
        f"Change the child and family assessment – {handover.reference}",
    )
    done = page.get_by_role("group", name="Date completed (optional)")
    done.get_by_label("Day").fill(str(today.day))
    done.get_by_label("Month").fill(str(today.month))
    done.get_by_label("Year").fill(str(today.year))
    page.get_by_role("group", name="Was the child seen during the assessment?").get_by_label(
        "Yes"
    ).check()
    continue_to(page, f"Handover package {handover.reference}", "Save")
    expect(page.locator("main")).to_contain_text("Needs support: unknown")
    sign_out(page, live_server)

    sign_in(page, live_server, practitioner)
    go(
        page,
        lambda: page.goto(f"{live_server.url}/contacts/{contact.pk}"),
        f"Contact {contact.reference}",
    )
    expect(page.locator("main")).to_contain_text("What the receiving team did")
    expect(page.locator("main")).to_contain_text("Child and family assessment")
