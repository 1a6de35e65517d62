"""What a package holds, and its PDF and JSON: only what may leave the hub."""

import io
import json
from datetime import datetime

import pytest
from pypdf import PdfReader

from frontdoor.contacts.tests.factories import professional
from frontdoor.core.calendar import LONDON
from frontdoor.meetings.models import StrategyDiscussion
from frontdoor.outcomes.package import build_package
from frontdoor.outcomes.rendering import package_json, package_pdf
from frontdoor.outcomes.services import Inclusion, build_handover, decide_handover_consent

from .builders import HUB_ONLY, RESTRICTED, SHAREABLE, actor_for, decided_contact

REASON = "The area team must know of the risk to Ruby."


def pdf_pages(handover) -> list[str]:
    reader = PdfReader(io.BytesIO(package_pdf(build_package(handover))))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def pdf_text(handover) -> str:
    return " ".join(pdf_pages(handover))


def json_text(handover) -> str:
    return json.dumps(package_json(build_package(handover)), ensure_ascii=False)


def built(contact, person, hub, include, summary="Please start the assessment today."):
    return build_handover(
        contact=contact,
        receiving_team=hub["staffs-north-area"],
        summary=summary,
        include=include,
        by=actor_for(person),
    )


@pytest.fixture
def default_package(contact, answers, practitioner, hub):
    """The package as the form sends it by default: the shareable answer only."""
    return built(contact, practitioner, hub, [Inclusion(answers["shareable"].pk)])


def test_by_default_only_the_shareable_answer_is_in_the_pdf_and_json(default_package):
    for text in (pdf_text(default_package), json_text(default_package)):
        assert SHAREABLE in text
        assert HUB_ONLY not in text
        assert RESTRICTED not in text
        assert "Police intelligence systems" not in text


def test_a_restricted_answer_a_manager_consented_to_is_in_the_pdf_and_json_with_the_reason(
    contact, answers, practitioner, manager, hub
):
    handover = built(
        contact,
        practitioner,
        hub,
        [Inclusion(answers["shareable"].pk), Inclusion(answers["restricted"].pk, REASON)],
    )
    assert RESTRICTED not in pdf_text(handover)  # not before a manager consents

    decide_handover_consent(handover=handover, consent=True, by=actor_for(manager))

    for text in (pdf_text(handover), json_text(handover)):
        assert RESTRICTED in text
        assert f"Included with a manager's consent: {REASON}" in text
        assert HUB_ONLY not in text


def test_a_hub_only_answer_the_manager_refused_stays_out(
    contact, answers, practitioner, manager, hub
):
    handover = built(contact, practitioner, hub, [Inclusion(answers["hub_only"].pk, REASON)])

    decide_handover_consent(handover=handover, consent=False, by=actor_for(manager))

    for text in (pdf_text(handover), json_text(handover)):
        assert HUB_ONLY not in text
        assert REASON not in text


def test_every_pdf_page_is_marked_official_sensitive_with_the_reference(
    contact, answers, practitioner, hub
):
    long_note = "\n".join(f"Paragraph {n} of the note to the team." for n in range(120))
    handover = built(contact, practitioner, hub, [], summary=long_note)

    pages = pdf_pages(handover)

    assert len(pages) > 1
    for page in pages:
        assert "OFFICIAL-SENSITIVE" in page
        assert handover.reference in page


def test_the_json_has_stable_keys_and_iso_dates(default_package, contact):
    data = package_json(build_package(default_package))

    assert data["format"] == "frontdoor.handover/1"
    assert data["reference"] == f"{contact.reference}/H{default_package.pk}"
    assert data["authority"] == {"code": "860", "name": "Staffordshire"}
    assert data["receiving_team"]["code"] == "staffs-north-area"
    assert data["sent_at"] == "2026-03-10T10:00:00+00:00"
    assert data["acknowledge_due_at"] == "2026-03-11T10:00:00+00:00"
    assert data["outcome"]["code"] == "s17_assessment"
    assert data["outcome"]["recommended_by"] == "Alice Practitioner"
    assert data["outcome"]["approved_by"] == "Mo Manager"
    assert data["referrer"] == {
        "name": "Sam Teacher",
        "role": "Designated safeguarding lead",
        "organisation": "Example Primary School",
    }
    [person] = data["people"]
    assert person["name"] == "Ruby Example"
    assert person["date_of_birth"] == "2018-05-04"
    assert person["nhs_number"] == "943 476 5919"
    assert data["concern"]["categories"][0]["code"] == "18C"
    [answer] = data["answers"]
    assert answer["marking"] == "shareable"
    assert answer["consent_note"] is None
    assert set(data) == {
        "format",
        "reference",
        "authority",
        "receiving_team",
        "sent_at",
        "acknowledge_due_at",
        "outcome",
        "summary",
        "concern",
        "referrer",
        "people",
        "answers",
        "strategy_discussions",
    }


def test_a_member_of_the_publics_name_never_appears_in_the_package(practitioner, manager, hub):
    contact = decided_contact(
        practitioner,
        manager,
        referral_source="1A",
        referrer=professional(
            kind="public", name="Nora Neighbour", role="", organisation="", email="", phone="01"
        ),
    )
    handover = built(contact, practitioner, hub, [])

    assert build_package(handover).referrer is None
    for text in (pdf_text(handover), json_text(handover)):
        assert "Nora Neighbour" not in text
    assert json.loads(json_text(handover))["referrer"] is None


def test_the_screening_rationale_stays_in_the_hub(default_package):
    for text in (pdf_text(default_package), json_text(default_package)):
        assert "Screening rationale that stays in the hub." not in text


def test_a_recorded_strategy_discussion_decision_goes_with_its_date(contact, practitioner, hub):
    held = datetime(2026, 3, 10, 9, 30, tzinfo=LONDON)
    StrategyDiscussion.objects.create(
        contact=contact,
        convened_by=practitioner.user,
        reason="Injury disclosed.",
        target_at=held,
        held_at=held,
        information_shared="Shared in the meeting only.",
        decision="joint_s47",
        decision_reason="Police to lead the joint enquiry.",
        recorded_at=held,
        recorded_by=practitioner.user,
    )
    handover = built(contact, practitioner, hub, [])

    [discussion] = package_json(build_package(handover))["strategy_discussions"]
    assert discussion == {
        "decision": "joint_s47",
        "decision_label": "Joint section 47 enquiry with the police",
        "held_at": "2026-03-10T09:30:00+00:00",
    }
    text = pdf_text(handover)
    assert "Joint section 47 enquiry with the police" in text
    assert "Shared in the meeting only." not in text
