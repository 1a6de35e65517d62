"""The front door in a real browser: from a public referral to a manager's approval.

A member of the public refers a child through /refer/; a practitioner takes the contact from
the team queue, screens it red at level 4, recommends a strategy discussion and finds they
cannot approve it; a manager approves it. Every page on the way is checked with axe-core.

The live server needs committed data, so the test asks for `transactional_db` before the cast.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from frontdoor.contacts.models import Contact, ContactStatus
from frontdoor.testing.browser import assert_no_axe_violations
from frontdoor.testing.steps import continue_to, go, sign_in, sign_out

pytestmark = pytest.mark.browser


def refer_as_a_member_of_the_public(page: Page, live_server) -> str:
    """Send a referral through the public form; return the reference the confirmation shows."""
    page.goto(f"{live_server.url}/refer/")
    assert_no_axe_violations(page)
    go(
        page,
        page.get_by_role("button", name="Start now").click,
        "Where does the child or adult live?",
    )
    page.get_by_label("Staffordshire").check()
    go(
        page,
        page.get_by_role("button", name="Continue").click,
        "Are you a professional or a member of the public?",
    )
    page.get_by_label("A member of the public").check()
    continue_to(page, "About you")
    page.get_by_label("Neighbour, friend or someone else they know").check()
    page.get_by_label("Your full name").fill("Pat Neighbour")
    page.get_by_label("Your phone number").fill("01632 960 123")
    continue_to(page, "Who are you worried about?")
    page.get_by_label("A child or young person under 18").check()
    continue_to(page, "The child's details")
    page.get_by_label("First name").fill("Ruby")
    page.get_by_label("Last name").fill("Example")
    for part, value in (("day", "4"), ("month", "5"), ("year", "2018")):
        page.locator(f"input[name=date_of_birth_{part}]").fill(value)
    continue_to(page, "Other people in the household")
    page.get_by_label("No", exact=True).check()
    continue_to(page, "Your concern")
    page.get_by_label("What has happened?").fill(
        "Ruby has bruises and says she is scared to go home."
    )
    page.get_by_label("Needs action today").check()
    go(
        page,
        page.get_by_role("button", name="Continue").click,
        "Does the family know you are making this referral?",
    )
    page.get_by_label("No", exact=True).check()
    go(
        page,
        page.get_by_role("button", name="Continue").click,
        "Check your answers before sending your referral",
    )
    continue_to(page, "Referral sent", button="Send referral")
    match = re.search(r"FD-\d{4}-\d{6}", page.locator(".govuk-panel").inner_text())
    assert match, "the confirmation shows the reference"
    return match.group(0)


def test_a_public_referral_goes_from_the_form_to_a_managers_approval(
    transactional_db, live_server, browser_page, practitioner, manager
):
    page = browser_page
    reference = refer_as_a_member_of_the_public(page, live_server)
    contact = Contact.objects.get()
    assert contact.reference == reference
    assert contact.channel == "online_form"

    # The practitioner finds it in the team queue and takes it.
    sign_in(page, live_server, practitioner)
    menu = page.get_by_role("navigation", name="Menu")
    go(page, menu.get_by_role("link", name="Work queues").click, "My contacts – Work queues")
    expect(page.locator("main")).to_contain_text("There are no contacts in this queue.")
    queues = page.get_by_role("navigation", name="Work queues")
    go(
        page,
        queues.get_by_role("link", name=re.compile("Team queue")).click,
        "Team queue — unallocated – Work queues",
    )
    row = page.get_by_role("row", name=re.compile(reference))
    expect(row).to_contain_text("due in")
    go(page, row.get_by_role("button", name=f"Take {reference}").click, f"Contact {reference}")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"You have taken {reference} for screening"
    )
    expect(page.locator("main")).to_contain_text("Allocated to Alice Practitioner")

    # Screening: first nothing chosen (errors), then red at level 4.
    go(
        page,
        page.get_by_role("button", name="Screen this contact").click,
        f"Screen this contact – {reference}",
    )
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "Child-protection concerns are exempt"
    )
    go(
        page,
        page.get_by_role("button", name="Save the screening decision").click,
        f"Error: Screen this contact – {reference}",
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a threshold level")
    page.get_by_label("Level 4: Child protection / specialist").check()
    page.get_by_label("Red: progress within 2 working hours").check()
    page.get_by_label("Children's services").check()
    page.get_by_label("Gather information from partner agencies").check()
    page.get_by_label("Your reasons").fill("Bruising and a disclosure: possible significant harm.")
    go(
        page,
        page.get_by_role("button", name="Save the screening decision").click,
        f"Contact {reference}",
    )
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Screened red, level 4"
    )

    # The recommendation, which the practitioner cannot approve.
    go(
        page,
        page.get_by_role("button", name="Recommend an outcome").click,
        f"Recommend an outcome – {reference}",
    )
    page.get_by_label("Strategy discussion / section 47 enquiry").check()
    page.get_by_label("Your reasons").fill("Reasonable cause to suspect significant harm.")
    go(page, page.get_by_role("button", name="Send to a manager").click, f"Contact {reference}")
    main = page.locator("main")
    expect(main).to_contain_text("Awaiting manager decision")
    expect(main).to_contain_text("You cannot approve your own recommendation")
    expect(page.get_by_role("button", name="Approve or return the recommendation")).to_have_count(0)
    # Deciding is for managers (the access policy): the decision page refuses a practitioner.
    go(
        page,
        lambda: page.goto(f"{live_server.url}/contacts/{contact.pk}/decision"),
        "You do not have access to this page",
    )
    expect(page.get_by_role("button", name="Confirm your decision")).to_have_count(0)

    sign_out(page, live_server)

    # The manager approves it from their pending approvals.
    sign_in(page, live_server, manager)
    expect(main).to_contain_text("Now: 1")
    go(
        page,
        main.get_by_role("link", name="Pending approvals").click,
        "Pending approvals – Work queues",
    )
    go(page, page.get_by_role("link", name=reference).click, f"Contact {reference}")
    go(
        page,
        page.get_by_role("button", name="Approve or return the recommendation").click,
        f"Approve or return the recommendation – {reference}",
    )
    # Returning without a reason is an error; the reason box is revealed by the radio.
    page.get_by_label("Return it to the practitioner").check()
    expect(page.get_by_label("Why are you returning it?")).to_be_visible()
    go(
        page,
        page.get_by_role("button", name="Confirm your decision").click,
        f"Error: Approve or return the recommendation – {reference}",
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Explain why you are returning the recommendation"
    )
    page.get_by_label("Approve the recommendation").check()
    go(page, page.get_by_role("button", name="Confirm your decision").click, f"Contact {reference}")

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You approved: Strategy discussion / section 47 enquiry"
    )
    expect(page.locator("main .govuk-tag").first).to_have_text("Decided")
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED
    assert Contact.objects.count() == 1


def test_a_contact_officer_records_a_contact_through_accessible_pages(
    transactional_db, live_server, browser_page, contact_officer
):
    page = browser_page
    sign_in(page, live_server, contact_officer)
    menu = page.get_by_role("navigation", name="Menu")
    title = "How and when the contact was received – Record a contact"
    go(page, menu.get_by_role("link", name="Record a contact").click, title)
    page.get_by_label("Email").check()
    page.get_by_label("Referral source").select_option("6")
    go(
        page,
        page.get_by_role("button", name="Continue").click,
        "Who made the referral – Record a contact",
    )
    page.get_by_label("Professional").check()
    page.get_by_label("Name").fill("PC Example")
    page.get_by_label("Organisation").fill("Staffordshire Police")
    page.get_by_label("Email address").fill("pc@police.example")
    continue_to(page, "Add a person – Record a contact")

    # A bad NHS number and no date of birth: both shown on their fields.
    page.get_by_label("First name").fill("Ruby")
    page.get_by_label("Last name").fill("Example")
    page.get_by_label("NHS number (optional)").fill("943 476 5918")
    go(
        page,
        page.get_by_role("button", name="Continue").click,
        "Error: Add a person – Record a contact",
    )
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The NHS number is not valid")
    expect(summary).to_contain_text("Enter the date of birth")
    page.locator("input[name=date_of_birth_day]").fill("4")
    page.locator("input[name=date_of_birth_month]").fill("5")
    page.locator("input[name=date_of_birth_year]").fill("2018")
    page.get_by_label("NHS number (optional)").fill("943 476 5919")
    go(
        page,
        page.get_by_role("button", name="Continue").click,
        "People in this contact – Record a contact",
    )
    page.get_by_label("No").check()
    continue_to(page, "The concern – Record a contact")
    page.get_by_label("Child", exact=True).check()
    page.get_by_label("What is the concern?").fill("Ruby disclosed being hit at home.")
    page.get_by_label("Abuse or neglect – physical abuse (adult on child) (18C)").check()
    page.get_by_role("group", name="Does the family know about the referral?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_label("Given").check()
    page.get_by_label("Needs action today").check()
    go(
        page,
        page.get_by_role("button", name="Continue").click,
        "Check your answers – Record a contact",
    )
    expect(page.locator("main")).to_contain_text("943 476 5919")

    go(page, page.get_by_role("button", name="Record the contact").click, re.compile("Contact FD-"))
    contact = Contact.objects.get()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Contact recorded. Its reference is {contact.reference}"
    )
