"""The person index in a real browser, every page checked with axe-core (WCAG 2.2 AA).

Ruby Example is known from a phone contact. A school refers "Rbuy Example" through the online
form: the practitioner sees the earlier record offered with its reasons on the contact page,
links it, and reads Ruby's chronology. Recording a third contact on the staff pages, the
wizard offers Ruby's record and the practitioner links it. A second record of Ruby slips in
with a day–month swap; the manager finds it in the duplicates queue, merges it field by
field, then undoes the merge.
"""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from frontdoor.contacts.models import Contact
from frontdoor.contacts.services import SubjectDetails, receive_contact
from frontdoor.contacts.tests.factories import child, contact_details
from frontdoor.core.actors import Actor
from frontdoor.people.models import DuplicateProposal, Person, PersonMerge
from frontdoor.personindex.duplicates import propose_duplicates
from frontdoor.testing.steps import continue_to, go, sign_in, sign_out

pytestmark = pytest.mark.browser

SYSTEM = Actor.system("tests")
OAK_ROAD = "12 Oak Road\nHanley"


def ruby(**overrides: object) -> SubjectDetails:
    values: dict[str, object] = {"nhs_number": "", "address": OAK_ROAD, "postcode": "ST4 1AA"}
    values.update(overrides)
    return child(**values)


def record_a_contact_about_ruby(page: Page) -> None:
    menu = page.get_by_role("navigation", name="Menu")
    title = "How and when the contact was received – Record a contact"
    go(page, menu.get_by_role("link", name="Record a contact").click, title)
    page.get_by_label("Phone").check()
    page.get_by_label("Referral source").select_option("2A")
    continue_to(page, "Who made the referral – Record a contact")
    page.get_by_label("Professional").check()
    page.get_by_label("Name").fill("Sam Teacher")
    page.get_by_label("Organisation").fill("Example Primary School")
    page.get_by_label("Email address").fill("dsl@school.example")
    continue_to(page, "Add a person – Record a contact")
    page.get_by_label("First name").fill("Ruby")
    page.get_by_label("Last name").fill("Example")
    page.locator("input[name=date_of_birth_day]").fill("4")
    page.locator("input[name=date_of_birth_month]").fill("5")
    page.locator("input[name=date_of_birth_year]").fill("2018")
    page.get_by_label("Postcode", exact=True).fill("ST4 1AA")
    continue_to(page, "Is this someone we already know? – Record a contact")
    expect(page.locator("main")).to_contain_text("Date of birth")
    page.get_by_label("Yes, this is Ruby Example").first.check()
    continue_to(page, "People in this contact – Record a contact")
    expect(page.locator("main")).to_contain_text("Linked to existing record")
    page.get_by_label("No").check()
    continue_to(page, "The concern – Record a contact")
    page.get_by_label("Child", exact=True).check()
    page.get_by_label("What is the concern?").fill("Ruby said she is hungry at home.")
    page.get_by_label("Abuse or neglect – neglect (16A)").check()
    page.get_by_role("group", name="Does the family know about the referral?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_label("Given").check()
    page.get_by_label("Needs action today").check()
    continue_to(page, "Check your answers – Record a contact")
    go(page, page.get_by_role("button", name="Record the contact").click, re.compile("Contact FD-"))


def test_a_practitioner_links_records_and_a_manager_merges_and_unmerges(
    transactional_db, live_server, browser_page, practitioner, manager
):
    page = browser_page
    known = receive_contact(details=contact_details(subjects=[ruby()]), by=SYSTEM)
    online = receive_contact(
        details=contact_details(channel="online_form", subjects=[ruby(given_name="Rbuy")]),
        by=SYSTEM,
    )
    ruby_record = known.subjects.get().person

    sign_in(page, live_server, practitioner)
    go(page, lambda: page.goto(f"{live_server.url}/contacts/{online.pk}"), re.compile("Contact"))
    section = page.locator("main")
    expect(section).to_contain_text("Is this someone we already know?")
    page.get_by_label("Yes, this is Ruby Example").check()
    go(
        page,
        page.get_by_role("button", name="Link to the chosen record").click,
        re.compile("Contact"),
    )
    assert online.subjects.get().person == ruby_record
    go(
        page,
        page.get_by_role("link", name="View person and chronology").first.click,
        "Ruby Example",
    )
    chronology = page.locator("main")
    expect(chronology).to_contain_text(known.reference)
    expect(chronology).to_contain_text(online.reference)

    record_a_contact_about_ruby(page)
    assert Contact.objects.count() == 3
    assert Person.objects.current().filter(given_name="Ruby").count() == 1
    sign_out(page, live_server)

    swapped = receive_contact(
        details=contact_details(subjects=[ruby(date_of_birth=date(2018, 4, 5))]), by=SYSTEM
    )
    propose_duplicates(by=SYSTEM)
    assert DuplicateProposal.objects.count() == 1
    second_record = swapped.subjects.get().person

    sign_in(page, live_server, manager)
    menu = page.get_by_role("navigation", name="Menu")
    go(page, menu.get_by_role("link", name="Possible duplicates").click, "Possible duplicates")
    go(
        page,
        page.get_by_role("link", name=re.compile("Ruby Example and Ruby Example")).click,
        "Are these the same person?",
    )
    expect(page.locator("main")).to_contain_text("day and month")
    page.get_by_label("Why are these the same person?").fill("Same school, same mother.")
    go(
        page,
        page.get_by_role("button", name="Merge these records").click,
        re.compile("Merge of record"),
    )
    second_record.refresh_from_db()
    assert second_record.merged_into == ruby_record
    page.get_by_label("Why are you undoing this merge?").fill("Merged by mistake in training.")
    go(
        page,
        page.get_by_role("button", name="Undo this merge").click,
        re.compile("Merge of record"),
    )
    assert Person.objects.get(pk=second_record.pk).merged_into is None
    assert swapped.subjects.get().person == second_record
    assert PersonMerge.objects.get(absorbed=second_record).unmerged_at is not None
