"""The MASH enquiry in a real browser, from a red contact to a closed one.

A practitioner sends information requests to police, health and education about a red,
level-4 contact. Each agency's researcher sees only their own agency's request (another
agency's request is a 404) and answers with a different marking: police restricted
(intelligence), health shareable, education hub only. The practitioner holds a strategy
discussion with children's social care, police and health, then recommends a section 47
enquiry, which a manager approves. The handover package holds the shareable answers and not
the restricted one; the receiving area worker acknowledges it and the contact closes.
Every page on the way is checked with axe-core (WCAG 2.2 AA).
"""

import io
import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from frontdoor.contacts.models import ContactStatus
from frontdoor.enquiries.models import InformationRequest, RequestStatus, Sensitivity
from frontdoor.enquiries.tests.factories import actor, screened_contact
from frontdoor.outcomes.models import Handover, HandoverStatus
from frontdoor.testing.steps import go, sign_in, sign_out

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _frozen():
    """Time runs here, as in production (the package tests freeze it)."""
    return


POLICE_INTELLIGENCE = "Intelligence: the mother's partner is linked to an investigation"
HEALTH_FINDING = "Ruby attended A&E twice this year with bruising"
EDUCATION_FINDING = "Attendance has fallen to 71% since September"


def open_contact(page: Page, live_server, contact) -> None:
    go(
        page,
        lambda: page.goto(f"{live_server.url}/contacts/{contact.pk}"),
        f"Contact {contact.reference}",
    )


def answer(page: Page, *, person: str, found: str, systems: str, marking: str) -> None:
    """Fill one person's part of the answer form; `found` empty means nothing known."""
    group = page.get_by_role("group", name=person, exact=True)
    if found:
        group.get_by_label("Information found").check()
        group.get_by_label("What your agency knows").fill(found)
    else:
        group.get_by_label("Nothing known").check()
    group.get_by_label("Systems checked").fill(systems)
    group.get_by_label(marking, exact=True).check()


def answer_own_request(
    page: Page, live_server, researcher, *, ruby: tuple[str, str], jade: tuple[str, str]
) -> InformationRequest:
    """Sign in as the agency's researcher, open the request from the inbox and answer it."""
    sign_in(page, live_server, researcher)
    menu = page.get_by_role("navigation", name="Menu")
    go(
        page,
        menu.get_by_role("link", name="Requests to your agency").click,
        "Requests to your agency",
    )
    request = InformationRequest.objects.get(agency__code=actor(researcher).agency_code)
    rows = page.locator("main table").first.locator("tbody tr")
    expect(rows).to_have_count(1)  # only this agency's request, not the others
    go(
        page,
        page.get_by_role("link", name=request.reference).click,
        f"Information request {request.reference}",
    )
    go(
        page,
        page.get_by_role("button", name="Answer this request").click,
        f"Answer information request {request.reference}",
    )
    answer(page, person="Ruby Example", found=ruby[0], systems="Case records", marking=ruby[1])
    answer(page, person="Jade Example", found=jade[0], systems="Case records", marking=jade[1])
    go(
        page,
        page.get_by_role("button", name="Send your answer").click,
        f"Information request {request.reference}",
    )
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your answer has been sent to the MASH"
    )
    return request


def test_a_red_contact_goes_from_requests_to_a_closed_handover(
    transactional_db,
    live_server,
    browser_page,
    practitioner,
    manager,
    police_researcher,
    health_researcher,
    education_researcher,
    area_worker,
):
    page = browser_page
    contact = screened_contact(by=actor(practitioner), level=4, rag="red")
    reference = contact.reference
    main = page.locator("main")

    # The practitioner sends requests to the usual agencies for a level-4 child.
    sign_in(page, live_server, practitioner)
    open_contact(page, live_server, contact)
    go(
        page,
        page.get_by_role("button", name="Send information requests").click,
        f"Send information requests – {reference}",
    )
    for agency in ("Staffordshire Police", "Staffordshire and Stoke-on-Trent health safeguarding"):
        expect(page.get_by_label(agency)).to_be_checked()
    expect(page.get_by_label("Staffordshire education safeguarding")).to_be_checked()
    go(
        page,
        page.get_by_role("button", name="Send the requests").click,
        f"Error: Send information requests – {reference}",
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the lawful basis for sharing"
    )
    assert InformationRequest.objects.count() == 0
    page.get_by_label(re.compile(r"^UK GDPR Article 6\(1\)\(e\) public task")).check()
    go(page, page.get_by_role("button", name="Send the requests").click, f"Contact {reference}")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Sent 3 information requests"
    )
    requests = {r.agency.code: r for r in InformationRequest.objects.select_related("agency")}
    assert set(requests) == {"staffs-police", "staffs-health", "staffs-education"}
    sign_out(page, live_server)

    # Police: sees only its own request; health's request is a 404; answers restricted.
    answer_own_request(
        page,
        live_server,
        police_researcher,
        ruby=("", "Shareable"),
        jade=(POLICE_INTELLIGENCE, "Restricted"),
    )
    go(
        page,
        lambda: page.goto(f"{live_server.url}/information-requests/{requests['staffs-health'].pk}"),
        "Page not found",
    )
    sign_out(page, live_server)

    answer_own_request(
        page,
        live_server,
        health_researcher,
        ruby=(HEALTH_FINDING, "Shareable"),
        jade=("", "Shareable"),
    )
    go(
        page,
        lambda: page.goto(f"{live_server.url}/information-requests/{requests['staffs-police'].pk}"),
        "Page not found",
    )
    sign_out(page, live_server)

    answer_own_request(
        page,
        live_server,
        education_researcher,
        ruby=(EDUCATION_FINDING, "Hub only"),
        jade=("", "Shareable"),
    )
    sign_out(page, live_server)
    assert set(InformationRequest.objects.values_list("status", flat=True)) == {
        RequestStatus.ANSWERED
    }

    # The practitioner reads the answers, but not the restricted one's content.
    sign_in(page, live_server, practitioner)
    open_contact(page, live_server, contact)
    expect(main).to_contain_text(HEALTH_FINDING)
    expect(main).to_contain_text(EDUCATION_FINDING)
    expect(main).not_to_contain_text(POLICE_INTELLIGENCE)
    expect(main).to_contain_text("There is a restricted answer from Staffordshire Police")

    # A strategy discussion with children's social care, police and health.
    go(
        page,
        page.get_by_role("button", name="Hold a strategy discussion").click,
        f"Hold a strategy discussion – {reference}",
    )
    page.get_by_label("Why is a strategy discussion needed?").fill(
        "Bruising and a disclosure: reasonable cause to suspect significant harm."
    )
    go(
        page,
        page.get_by_role("button", name="Hold the strategy discussion").click,
        f"Strategy discussion – {reference}",
    )
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Strategy discussion convened: due by"
    )
    go(
        page,
        page.get_by_role("button", name="Record the discussion").click,
        f"Record the strategy discussion – {reference}",
    )
    when = page.get_by_role("group", name="When was it held?")
    now = timezone.localtime()
    when.get_by_label("Day").fill(str(now.day))
    when.get_by_label("Month").fill(str(now.month))
    when.get_by_label("Year").fill(str(now.year))
    page.get_by_label("Time", exact=True).fill(now.strftime("%H:%M"))
    for agency, who in (
        ("Staffordshire children's social care", "Alice Practitioner"),
        ("Staffordshire Police", "DS Example"),
        ("Staffordshire and Stoke-on-Trent health safeguarding", "Named nurse"),
    ):
        group = page.get_by_role("group", name=re.compile(re.escape(agency)))
        group.get_by_label("Attended", exact=True).check()
        group.get_by_label("Who attended?").fill(who)
    page.get_by_label("What information was shared?").fill("Health and police checks.")
    page.get_by_label("Joint section 47 enquiry with the police").check()
    page.get_by_label("Reasons for the decision").fill("Injuries and a disclosure.")
    go(
        page,
        page.get_by_role("button", name="Save the record").click,
        f"Strategy discussion – {reference}",
    )
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Strategy discussion recorded"
    )

    # The recommendation, approved by a manager.
    open_contact(page, live_server, contact)
    go(
        page,
        page.get_by_role("button", name="Recommend an outcome").click,
        f"Recommend an outcome – {reference}",
    )
    page.get_by_label("Strategy discussion / section 47 enquiry").check()
    page.get_by_label("Your reasons").fill("Joint section 47 enquiry agreed.")
    go(page, page.get_by_role("button", name="Send to a manager").click, f"Contact {reference}")
    sign_out(page, live_server)

    sign_in(page, live_server, manager)
    open_contact(page, live_server, contact)
    expect(main).to_contain_text(POLICE_INTELLIGENCE)  # managers may read restricted answers
    go(
        page,
        page.get_by_role("button", name="Approve or return the recommendation").click,
        f"Approve or return the recommendation – {reference}",
    )
    page.get_by_label("Approve the recommendation").check()
    go(page, page.get_by_role("button", name="Confirm your decision").click, f"Contact {reference}")
    sign_out(page, live_server)

    # The practitioner builds the package: shareable answers only, by default.
    sign_in(page, live_server, practitioner)
    open_contact(page, live_server, contact)
    go(
        page,
        page.get_by_role("button", name="Build the handover package").click,
        f"Build the handover package – {reference}",
    )
    page.get_by_label("Staffordshire north area team").check()
    page.get_by_label("Your note to the receiving team").fill(
        "Joint section 47 enquiry agreed at the strategy discussion."
    )
    restricted = page.get_by_label(re.compile("^Restricted answer from Staffordshire Police"))
    expect(restricted).not_to_be_checked()
    go(page, page.get_by_role("button", name="Send the package").click, f"Contact {reference}")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Package sent to Staffordshire north area team"
    )
    handover = Handover.objects.get()
    assert handover.status == HandoverStatus.SENT
    sign_out(page, live_server)

    # The receiving worker sees the package, and only the package, then acknowledges it.
    sign_in(page, live_server, area_worker)
    menu = page.get_by_role("navigation", name="Menu")
    go(page, menu.get_by_role("link", name="Handovers").click, "Handovers to your team")
    go(
        page,
        page.get_by_role("link", name=handover.reference).click,
        f"Handover package {handover.reference}",
    )
    expect(main).to_contain_text(HEALTH_FINDING)
    expect(main).not_to_contain_text(POLICE_INTELLIGENCE)
    expect(main).not_to_contain_text(EDUCATION_FINDING)  # hub only, no manager's consent
    base = f"{live_server.url}/handovers/{handover.pk}"
    package = json.loads(page.request.get(f"{base}/package.json").body())
    assert HEALTH_FINDING in json.dumps(package)
    assert POLICE_INTELLIGENCE not in json.dumps(package)
    markings = {item["marking"] for item in package["answers"]}
    assert Sensitivity.RESTRICTED not in markings
    pdf = PdfReader(io.BytesIO(page.request.get(f"{base}/package.pdf").body()))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Ruby attended A&E" in text
    assert "Intelligence" not in text
    go(
        page,
        lambda: page.goto(f"{live_server.url}/contacts/{contact.pk}"),
        "Page not found",
    )
    go(
        page,
        lambda: page.goto(f"{base}"),
        f"Handover package {handover.reference}",
    )
    go(
        page,
        page.get_by_role("button", name="Acknowledge receipt").click,
        re.compile(r".* – Front Door$"),
    )
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The contact is closed"
    )
    contact.refresh_from_db()
    assert contact.status == ContactStatus.CLOSED
