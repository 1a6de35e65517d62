"""The online referral form in a real browser: both journeys, with axe on every page.

The live server needs committed data, so each test asks for `transactional_db`; the `hub`
fixture puts back the reference data that an earlier test's flush removed.
"""

import pytest
from playwright.sync_api import Page, expect

from frontdoor.contacts.models import Contact
from frontdoor.testing.browser import assert_no_axe_violations

pytestmark = pytest.mark.browser


def continue_to(page: Page, title: str, button: str = "Continue") -> None:
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name=button).click()
    expect(page).to_have_title(f"{title} – Front Door")
    assert_no_axe_violations(page)


def fill_date(page: Page, field: str, day: str, month: str, year: str) -> None:
    page.locator(f"input[name={field}_day]").fill(day)
    page.locator(f"input[name={field}_month]").fill(month)
    page.locator(f"input[name={field}_year]").fill(year)


def test_a_member_of_the_public_refers_a_child_and_sees_the_reference(
    transactional_db, live_server, hub, browser_page
):
    page = browser_page
    page.goto(f"{live_server.url}/refer/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tell us about a safeguarding concern"
    )
    expect(page.locator(".govuk-warning-text")).to_contain_text("call 999")
    expect(page.locator("main")).to_contain_text("0300 111 8007")
    assert_no_axe_violations(page)

    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Start now").click()
    expect(page).to_have_title("Where does the child or adult live? – Front Door")
    assert_no_axe_violations(page)

    # An error state: nothing chosen.
    continue_to(page, "Error: Where does the child or adult live?")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select where the child or adult lives"
    )
    page.get_by_label("Staffordshire").check()
    continue_to(page, "Are you a professional or a member of the public?")

    page.get_by_label("A member of the public").check()
    continue_to(page, "About you")

    page.get_by_label("Neighbour, friend or someone else they know").check()
    page.get_by_label("Your full name").fill("Pat Neighbour")
    page.get_by_label("Your email address").fill("pat@example.org")
    continue_to(page, "Who are you worried about?")

    page.get_by_label("A child or young person under 18").check()
    continue_to(page, "The child's details")

    page.get_by_label("First name").fill("Ruby")
    page.get_by_label("Last name").fill("Example")
    page.get_by_label("Postcode (optional)").fill("not a postcode")
    continue_to(page, "Error: The child's details")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the child's date of birth, or the expected date if the baby is not born yet"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a full UK postcode")
    fill_date(page, "date_of_birth", "4", "5", "2018")
    page.get_by_label("Postcode (optional)").fill("ST4 1AA")
    continue_to(page, "Other people in the household")

    page.get_by_label("Yes", exact=True).check()
    continue_to(page, "Add a person")
    page.get_by_label("First name").fill("Leo")
    page.get_by_label("Last name").fill("Example")
    page.get_by_label("Brother or sister").check()
    fill_date(page, "date_of_birth", "1", "9", "2020")
    continue_to(page, "Other people in the household")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Leo Example")

    page.get_by_label("No", exact=True).check()
    continue_to(page, "Your concern")

    page.get_by_label("What has happened?").fill(
        "Ruby told me she is left alone overnight and is often hungry."
    )
    page.get_by_label("Needs action within a few days").check()
    continue_to(page, "Does the family know you are making this referral?")

    page.get_by_label("No", exact=True).check()
    continue_to(page, "Check your answers before sending your referral")
    expect(page.locator("main")).to_contain_text("Pat Neighbour")
    expect(page.locator("main")).not_to_contain_text("Has the family agreed")

    continue_to(page, "Referral sent", button="Send referral")
    contact = Contact.objects.get()
    expect(page.locator(".govuk-panel")).to_contain_text(contact.reference)
    assert contact.channel == "online_form"
    assert contact.consent == "not_sought"


def test_a_professional_is_asked_about_consent_with_a_reason_when_not_asked(
    transactional_db, live_server, hub, browser_page
):
    page = browser_page
    page.goto(f"{live_server.url}/refer/area")
    page.get_by_label("Stoke-on-Trent").check()
    continue_to(page, "Are you a professional or a member of the public?")
    page.get_by_label("A professional").check()
    continue_to(page, "About you")
    page.get_by_label("Your full name").fill("Sam Teacher")
    page.get_by_label("Your job title").fill("Designated safeguarding lead")
    page.get_by_label("Your organisation").fill("Example Primary School")
    page.get_by_label("School or college").check()
    page.get_by_label("Your work phone number").fill("01632 960 001")
    page.get_by_label("Your work email address").fill("dsl@school.example")
    continue_to(page, "Who are you worried about?")
    page.get_by_label("A child or young person under 18").check()
    continue_to(page, "The child's details")
    page.get_by_label("First name").fill("Ruby")
    page.get_by_label("Last name").fill("Example")
    fill_date(page, "date_of_birth", "4", "5", "2018")
    page.get_by_label("NHS number (optional)").fill("943 476 5919")
    continue_to(page, "Other people in the household")
    page.get_by_label("No", exact=True).check()
    continue_to(page, "Your concern")
    page.get_by_label("What has happened?").fill("Ruby has unexplained bruising on her arm.")
    page.get_by_label("Needs action today").check()
    continue_to(page, "Does the family know you are making this referral?")
    page.get_by_label("No", exact=True).check()
    continue_to(page, "Has the family agreed to this referral?")

    expect(page.locator("main")).to_contain_text(
        "You do not need consent if asking would put the child at risk of significant harm"
    )
    page.get_by_label("I have not asked them").check()
    continue_to(page, "Error: Has the family agreed to this referral?")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Explain why you have not asked the family"
    )
    page.get_by_label("If you have not asked them, why not?").fill(
        "Asking could put Ruby at greater risk."
    )
    continue_to(page, "Check your answers before sending your referral")

    continue_to(page, "Referral sent", button="Send referral")
    contact = Contact.objects.get()
    expect(page.locator(".govuk-panel")).to_contain_text(contact.reference)
    assert (contact.referral_source_id, contact.consent) == ("2A", "not_sought")


def test_someone_who_does_not_know_the_area_is_told_who_to_phone(
    transactional_db, live_server, hub, browser_page
):
    page = browser_page
    page.goto(f"{live_server.url}/refer/area")
    page.get_by_label("I do not know").check()

    continue_to(page, "Phone us about your concern")

    expect(page.locator("main")).to_contain_text("Staffordshire: 0300 111 8007")
    expect(page.locator("main")).to_contain_text("Stoke-on-Trent: 01782 235100")
