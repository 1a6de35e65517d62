"""The contact page, screening, recommending, the manager's decision and the work queues.

Each view: one allowed, one refused (wrong role) and one outsider test at least. Out of scope,
including another authority's contact, is a 404; a role that may see but not act gets a 403.
"""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import Client

from frontdoor.agencies.models import LocalAuthority, ThresholdLabel
from frontdoor.agencies.selectors import active_memberships
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import Contact, ContactStatus
from frontdoor.contacts.services import receive_contact, take_contact
from frontdoor.contacts.tests.factories import child, contact_details
from frontdoor.core.actors import Actor
from frontdoor.core.calendar import LONDON
from frontdoor.screening.consent import RULE_EXPLAINED, may_gather_information
from frontdoor.screening.models import ManagerDecision, Recommendation, ScreeningDecision
from frontdoor.screening.services import recommend_outcome, screen_contact

TUESDAY = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
SYSTEM = Actor.system("tests")
RED_LEVEL_4 = {
    "threshold_level": "4",
    "rag_rating": "red",
    "owning_cohort": "childrens_services",
    "next_step": "information_gathering",
    "rationale": "Injury disclosed by the child.",
}
S47 = {"outcome": "s47_strategy", "transfer_to": "", "rationale": "Reasonable cause to suspect."}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TUESDAY, tick=False):
        yield


@pytest.fixture
def contact(hub):
    return receive_contact(details=contact_details(), by=SYSTEM)


def actor_for(person) -> Actor:
    """The person acting through their membership, as the pages would build it."""
    [membership] = active_memberships(person.user)
    return Actor(
        user=person.user,
        label=person.email,
        role=membership.role,
        agency_code=membership.agency.code,
        local_authority_code=membership.team.local_authority.code,
    )


def screened(contact: Contact, person, **overrides: object) -> Contact:
    values = {**RED_LEVEL_4, "threshold_level": 4, **overrides}
    screen_contact(contact=contact, by=actor_for(person), **values)  # type: ignore[arg-type]
    return contact


def recommended(contact: Contact, person) -> Recommendation:
    screened(contact, person)
    return recommend_outcome(
        contact=contact,
        outcome="s47_strategy",
        rationale="Reasonable cause to suspect.",
        by=actor_for(person),
    )


def viewed_by(person) -> list[str]:
    return list(
        AuditEvent.objects.filter(action="contact.viewed", actor_id=person.user.pk).values_list(
            "object_id", flat=True
        )
    )


def field_error(page: str, field: str, message: str) -> bool:
    pattern = (
        rf'<p id="id_{field}-error" class="govuk-error-message">'
        rf'<span class="govuk-visually-hidden">Error:</span> {re.escape(message)}</p>'
    )
    return re.search(pattern, page) is not None


# --- The contact page --------------------------------------------------------------------------


def test_a_practitioner_sees_the_whole_contact_and_the_read_is_audited(
    practitioner, sign_in, contact
):
    response = sign_in(practitioner).get(f"/contacts/{contact.pk}")

    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        f"Contact {contact.reference}",
        "Received",  # the status tag
        "Sam Teacher",
        "Ruby Example (Subject child)",
        "943 476 5919",  # NHS number in 3-3-4
        "ST4 1AA",
        "Abuse or neglect – physical abuse (adult on child) (18C)",
        "Seeking consent could place the child at greater risk.",
        "due in 1 day",
        "Received by phone",  # the status history's reason
        "Take this contact",
        "Screen this contact",
    ):
        assert text in page, text
    assert "Overdue" not in page
    assert viewed_by(practitioner) == [str(contact.pk)]


def test_a_contact_officer_sees_the_contact_but_no_screening_actions(
    contact_officer, sign_in, contact
):
    page = sign_in(contact_officer).get(f"/contacts/{contact.pk}").content.decode()

    assert contact.reference in page
    assert "Take this contact" not in page
    assert "Screen this contact" not in page


@pytest.mark.parametrize(
    "persona", ["police_researcher", "analyst", "area_worker", "other_la_worker", "outsider"]
)
def test_anyone_outside_the_authoritys_mash_gets_not_found(request, sign_in, contact, persona):
    person = request.getfixturevalue(persona)
    response = sign_in(person).get(f"/contacts/{contact.pk}")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert viewed_by(person) == []


def test_a_missing_contact_is_not_found(practitioner, sign_in, hub):
    assert sign_in(practitioner).get("/contacts/999999").status_code == 404


def test_an_overdue_clock_shows_a_red_overdue_tag(practitioner, sign_in, contact):
    with time_machine.travel(TUESDAY + timedelta(days=3), tick=False):
        page = sign_in(practitioner).get(f"/contacts/{contact.pk}").content.decode()

    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page
    assert "overdue by 2 days" in page


def test_re_referrals_are_counted_and_only_openable_ones_linked(practitioner, sign_in, hub):
    with time_machine.travel(TUESDAY - timedelta(days=90), tick=False):
        earlier = receive_contact(details=contact_details(), by=SYSTEM)
    # The later contacts name Ruby's record: the practitioner chose it at intake.
    ruby = [child(existing_person_id=earlier.subjects.get().person_id)]
    with time_machine.travel(TUESDAY - timedelta(days=30), tick=False):
        receive_contact(
            details=contact_details(subjects=ruby, local_authority_code="861"), by=SYSTEM
        )
    with time_machine.travel(TUESDAY - timedelta(days=400), tick=False):
        receive_contact(details=contact_details(subjects=ruby), by=SYSTEM)  # over a year ago
    contact = receive_contact(details=contact_details(subjects=ruby), by=SYSTEM)

    page = sign_in(practitioner).get(f"/contacts/{contact.pk}").content.decode()

    assert "This child had 2 contacts in the last 12 months." in page
    assert f'href="/contacts/{earlier.pk}"' in page
    assert "1 you cannot open." in page


def test_a_child_with_no_earlier_contact_has_no_re_referral_warning(practitioner, sign_in, contact):
    page = sign_in(practitioner).get(f"/contacts/{contact.pk}").content.decode()
    assert "in the last 12 months" not in page


# --- Screening -----------------------------------------------------------------------------------


def test_the_screening_form_uses_the_authoritys_labels_and_hours_and_explains_consent(
    practitioner, sign_in, contact
):
    ThresholdLabel.objects.create(
        local_authority=LocalAuthority.objects.get(code="860"), level_id=2, label="Targeted"
    )
    response = sign_in(practitioner).get(f"/contacts/{contact.pk}/screen")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Level 2: Targeted" in page
    assert "Level 4: Child protection / specialist" in page
    assert "Red: progress within 2 working hours" in page
    assert "Green: progress within 24 working hours" in page
    assert '<div class="govuk-inset-text">' in page
    assert RULE_EXPLAINED in page
    assert "consent was <strong>not sought</strong>" in page
    assert viewed_by(practitioner) == [str(contact.pk)]


def test_a_practitioner_screens_a_contact_red_at_level_4(practitioner, sign_in, contact):
    client = sign_in(practitioner)

    response = client.post(f"/contacts/{contact.pk}/screen", RED_LEVEL_4)

    assert response.status_code == 302
    assert response["Location"] == f"/contacts/{contact.pk}"
    decision = ScreeningDecision.objects.get(contact=contact)
    assert (decision.threshold_level_id, decision.rag_rating_id) == (4, "red")
    assert decision.rag_due_at == TUESDAY + timedelta(hours=2)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.INFORMATION_GATHERING
    page = client.get(response["Location"]).content.decode()
    assert "Screened red, level 4" in page
    assert "RAG due" in page
    assert "due in 2 hours" in page


def test_information_gathering_below_level_4_without_consent_is_refused_and_explained(
    practitioner, sign_in, hub
):
    refused = receive_contact(
        details=contact_details(consent="refused", consent_reason=""), by=SYSTEM
    )

    response = sign_in(practitioner).post(
        f"/contacts/{refused.pk}/screen", {**RED_LEVEL_4, "threshold_level": "2"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: Screen this contact" in page
    refusal = may_gather_information(threshold_level=2, consent="refused", consent_reason="")
    assert field_error(page, "next_step", refusal.explanation)
    assert RULE_EXPLAINED in page
    assert "consent was <strong>refused</strong>" in page
    assert not ScreeningDecision.objects.exists()


def test_an_empty_screening_form_says_what_to_choose_and_saves_nothing(
    practitioner, sign_in, contact
):
    response = sign_in(practitioner).post(f"/contacts/{contact.pk}/screen", {})

    assert response.status_code == 400
    page = response.content.decode()
    for field, message in (
        ("threshold_level", "Select a threshold level"),
        ("rag_rating", "Select a RAG rating"),
        ("owning_cohort", "Select who owns this contact"),
        ("next_step", "Select what happens next"),
        ("rationale", "Explain your screening decision"),
    ):
        assert field_error(page, field, message), field
    assert not ScreeningDecision.objects.exists()


def test_nonsense_in_the_screening_form_is_an_error_not_a_crash(practitioner, sign_in, contact):
    response = sign_in(practitioner).post(
        f"/contacts/{contact.pk}/screen",
        {**RED_LEVEL_4, "threshold_level": "x9", "rag_rating": "blue"},
    )
    assert response.status_code == 400
    assert not ScreeningDecision.objects.exists()


def test_a_contact_officer_may_not_screen(contact_officer, sign_in, contact):
    client = sign_in(contact_officer)
    assert client.get(f"/contacts/{contact.pk}/screen").status_code == 403
    assert client.post(f"/contacts/{contact.pk}/screen", RED_LEVEL_4).status_code == 403
    assert not ScreeningDecision.objects.exists()


@pytest.mark.parametrize("persona", ["police_researcher", "other_la_worker", "outsider"])
def test_screening_out_of_scope_is_not_found(request, sign_in, contact, persona):
    client = sign_in(request.getfixturevalue(persona))
    assert client.get(f"/contacts/{contact.pk}/screen").status_code == 404
    assert client.post(f"/contacts/{contact.pk}/screen", RED_LEVEL_4).status_code == 404
    assert not ScreeningDecision.objects.exists()


# --- Recommending ------------------------------------------------------------------------------


def test_a_practitioner_recommends_a_strategy_discussion(practitioner, sign_in, contact):
    screened(contact, practitioner)
    client = sign_in(practitioner)
    assert client.get(f"/contacts/{contact.pk}/recommend").status_code == 200

    response = client.post(f"/contacts/{contact.pk}/recommend", S47)

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.status == ContactStatus.AWAITING_DECISION
    page = client.get(f"/contacts/{contact.pk}").content.decode()
    assert "Strategy discussion / section 47 enquiry" in page
    assert "You cannot approve your own recommendation" in page
    assert "Approve or return the recommendation" not in page
    assert viewed_by(practitioner).count(str(contact.pk)) == 3


def test_a_transfer_needs_the_authority_to_transfer_to(practitioner, sign_in, contact):
    screened(contact, practitioner)

    response = sign_in(practitioner).post(
        f"/contacts/{contact.pk}/recommend", {**S47, "outcome": "transfer"}
    )

    assert response.status_code == 400
    assert field_error(
        response.content.decode(), "transfer_to", "Select the local authority to transfer to"
    )
    assert not Recommendation.objects.exists()


def test_a_transfer_names_the_authority(practitioner, sign_in, contact):
    screened(contact, practitioner)
    derby = LocalAuthority.objects.exclude(code="860").order_by("name").first()
    assert derby is not None

    response = sign_in(practitioner).post(
        f"/contacts/{contact.pk}/recommend",
        {**S47, "outcome": "transfer", "transfer_to": str(derby.pk)},
    )

    assert response.status_code == 302
    assert Recommendation.objects.get().transfer_to == derby


def test_recommending_before_screening_is_refused_with_a_reason(practitioner, sign_in, contact):
    response = sign_in(practitioner).post(f"/contacts/{contact.pk}/recommend", S47)

    assert response.status_code == 400
    assert "Screen the contact before recommending an outcome" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_a_contact_officer_may_not_recommend(contact_officer, practitioner, sign_in, contact):
    screened(contact, practitioner)
    assert (
        sign_in(contact_officer).post(f"/contacts/{contact.pk}/recommend", S47).status_code == 403
    )
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("persona", ["analyst", "other_la_worker", "outsider"])
def test_recommending_out_of_scope_is_not_found(request, sign_in, practitioner, contact, persona):
    screened(contact, practitioner)
    client = sign_in(request.getfixturevalue(persona))
    assert client.post(f"/contacts/{contact.pk}/recommend", S47).status_code == 404
    assert not Recommendation.objects.exists()


# --- The manager's decision --------------------------------------------------------------------


def test_the_recommender_cannot_approve_their_own_recommendation(practitioner, sign_in, contact):
    recommended(contact, practitioner)
    client = sign_in(practitioner)

    # Deciding is for managers (the access policy): the practitioner is refused outright.
    page = client.get(f"/contacts/{contact.pk}/decision")
    assert page.status_code == 403
    assert 'name="verdict"' not in page.content.decode()

    response = client.post(f"/contacts/{contact.pk}/decision", {"verdict": "approve"})

    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()
    assert not ManagerDecision.objects.exists()


def test_a_manager_cannot_approve_their_own_recommendation_either(manager, sign_in, contact):
    recommended(contact, manager)
    client = sign_in(manager)

    assert "Approve or return the recommendation</a>" not in (
        client.get(f"/contacts/{contact.pk}").content.decode()
    )
    assert (
        client.post(f"/contacts/{contact.pk}/decision", {"verdict": "approve"}).status_code == 403
    )
    assert not ManagerDecision.objects.exists()


def test_a_manager_approves_and_the_contact_is_decided(practitioner, manager, sign_in, contact):
    recommended(contact, practitioner)
    client = sign_in(manager)
    assert "Approve or return the recommendation" in (
        client.get(f"/contacts/{contact.pk}").content.decode()
    )

    response = client.post(f"/contacts/{contact.pk}/decision", {"verdict": "approve"})

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED
    page = client.get(f"/contacts/{contact.pk}").content.decode()
    assert "You approved: Strategy discussion / section 47 enquiry" in page
    assert "Approved 10 March 2026, 10:00 by Mo Manager" in page
    assert "Approved: Strategy discussion / section 47 enquiry" in page  # status history


def test_returning_needs_a_reason(practitioner, manager, sign_in, contact):
    recommended(contact, practitioner)
    client = sign_in(manager)

    response = client.post(f"/contacts/{contact.pk}/decision", {"verdict": "return", "reason": " "})

    assert response.status_code == 400
    page = response.content.decode()
    assert field_error(page, "reason", "Explain why you are returning the recommendation")
    # The reason box stays open: its radio is still chosen.
    assert 'type="radio" value="return" checked' in page
    assert not ManagerDecision.objects.exists()


def test_a_manager_returns_a_recommendation_with_a_reason(practitioner, manager, sign_in, contact):
    recommended(contact, practitioner)

    response = sign_in(manager).post(
        f"/contacts/{contact.pk}/decision",
        {"verdict": "return", "reason": "Speak to the school nurse first."},
    )

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.status == ContactStatus.SCREENING
    page = sign_in(practitioner).get(f"/contacts/{contact.pk}").content.decode()
    assert "Returned 10 March 2026, 10:00 by Mo Manager: Speak to the school nurse first." in page
    assert "Recommend an outcome" in page


def test_no_verdict_is_an_error(practitioner, manager, sign_in, contact):
    recommended(contact, practitioner)
    response = sign_in(manager).post(f"/contacts/{contact.pk}/decision", {})
    assert response.status_code == 400
    assert "Select whether you approve or return the recommendation" in response.content.decode()


def test_a_contact_with_nothing_to_decide_has_no_decision_page(manager, sign_in, contact):
    assert sign_in(manager).get(f"/contacts/{contact.pk}/decision").status_code == 404


def test_a_practitioner_may_not_decide_on_someone_elses_recommendation(
    practitioner, manager, sign_in, contact
):
    recommended(contact, manager)
    client = sign_in(practitioner)
    assert client.get(f"/contacts/{contact.pk}/decision").status_code == 403
    assert (
        client.post(f"/contacts/{contact.pk}/decision", {"verdict": "approve"}).status_code == 403
    )
    assert not ManagerDecision.objects.exists()


@pytest.mark.parametrize("persona", ["police_researcher", "other_la_worker", "outsider"])
def test_deciding_out_of_scope_is_not_found(request, sign_in, practitioner, contact, persona):
    recommended(contact, practitioner)
    client = sign_in(request.getfixturevalue(persona))
    assert (
        client.post(f"/contacts/{contact.pk}/decision", {"verdict": "approve"}).status_code == 404
    )
    assert not ManagerDecision.objects.exists()


# --- Work queues ---------------------------------------------------------------------------------


def test_the_team_queue_is_sorted_by_due_time_with_take_buttons(practitioner, sign_in, hub):
    newer = receive_contact(details=contact_details(), by=SYSTEM)
    # Received the Friday before: due one working day later, Monday 10:00.
    older = receive_contact(
        details=contact_details(received_at=TUESDAY - timedelta(days=4)), by=SYSTEM
    )
    receive_contact(details=contact_details(local_authority_code="861"), by=SYSTEM)

    response = sign_in(practitioner).get("/work/team")

    assert response.status_code == 200
    page = response.content.decode()
    assert page.index(older.reference) < page.index(newer.reference)
    assert "Team queue — unallocated: 2 contacts, soonest due first" in page
    assert '<strong class="fd-overdue">overdue by 1 day</strong>' in page
    assert "due in 1 day" in page
    assert f'action="/contacts/{older.pk}/take"' in page
    assert "Pending approvals" not in page  # a practitioner's tabs


def test_my_queue_shows_the_rag_tag_and_time_left(practitioner, sign_in, contact):
    alice = actor_for(practitioner)
    take_contact(contact=contact, by=alice)
    screened(contact, practitioner)

    page = sign_in(practitioner).get("/work/").content.decode()

    assert contact.reference in page
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in page
    assert "due in 2 hours" in page
    assert "My contacts (1)" in page


def test_the_overdue_queue_lists_only_what_is_overdue(practitioner, sign_in, hub):
    late = receive_contact(
        details=contact_details(received_at=TUESDAY - timedelta(days=4)), by=SYSTEM
    )
    on_time = receive_contact(details=contact_details(), by=SYSTEM)

    page = sign_in(practitioner).get("/work/overdue").content.decode()

    assert late.reference in page
    assert on_time.reference not in page
    assert "overdue by 1 day" in page


def test_a_manager_sees_pending_approvals(practitioner, manager, sign_in, contact):
    recommended(contact, practitioner)

    response = sign_in(manager).get("/work/approvals")

    assert response.status_code == 200
    page = response.content.decode()
    assert contact.reference in page
    assert "Pending approvals (1)" in page
    assert "Awaiting manager decision" in page


def test_pending_approvals_are_for_managers_only(practitioner, sign_in, hub):
    assert sign_in(practitioner).get("/work/approvals").status_code == 403


@pytest.mark.parametrize("persona", ["police_researcher", "analyst", "outsider"])
def test_work_queues_are_for_mash_staff_only(request, sign_in, hub, persona):
    client = sign_in(request.getfixturevalue(persona))
    assert client.get("/work/").status_code == 403
    assert client.get("/work/team").status_code == 403


def test_another_authoritys_contacts_are_not_in_the_queue(other_la_worker, sign_in, contact):
    page = sign_in(other_la_worker).get("/work/team").content.decode()
    assert contact.reference not in page
    assert "There are no contacts in this queue." in page


def test_queues_are_paginated_at_50(practitioner, sign_in, hub, django_assert_max_num_queries):
    for _ in range(51):
        receive_contact(details=contact_details(subjects=[child(nhs_number="")]), by=SYSTEM)
    client = sign_in(practitioner)

    first = client.get("/work/team").content.decode()
    second = client.get("/work/team?page=2").content.decode()
    nonsense = client.get("/work/team?page=banana")

    assert first.count('action="/contacts/') == 50
    assert second.count('action="/contacts/') == 1
    assert 'aria-label="Page 2"' in first
    assert 'rel="next"' in first
    assert 'aria-label="Pages of Team queue — unallocated"' in first
    assert nonsense.status_code == 200


# --- Navigation and home --------------------------------------------------------------------------


def test_mash_staff_get_work_queues_and_record_a_contact_in_the_navigation(
    practitioner, sign_in, hub
):
    page = sign_in(practitioner).get("/work/team").content.decode()
    assert 'href="/work/" aria-current="page"' in page
    assert 'href="/contacts/new"' in page


def test_others_do_not_get_the_mash_navigation(analyst, sign_in, hub):
    page = sign_in(analyst).get("/").content.decode()
    assert 'href="/work/"' not in page
    assert 'href="/contacts/new"' not in page


def test_a_managers_home_links_and_counts_the_queues(practitioner, manager, sign_in, contact):
    recommended(contact, practitioner)

    page = sign_in(manager).get("/").content.decode()

    assert '<a class="govuk-link" href="/work/approvals">Pending approvals</a>' in page
    assert "Now: 1" in page


def test_every_contact_page_audits_the_read(practitioner, manager, sign_in, contact):
    recommended(contact, practitioner)
    client = sign_in(manager)
    for suffix in ("", "/screen", "/recommend", "/decision"):
        client.get(f"/contacts/{contact.pk}{suffix}")
    assert viewed_by(manager) == [str(contact.pk)] * 4


def test_signed_out_people_are_sent_to_sign_in(contact):
    for path in (f"/contacts/{contact.pk}", "/work/", f"/contacts/{contact.pk}/screen"):
        response = Client().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in?next=")
