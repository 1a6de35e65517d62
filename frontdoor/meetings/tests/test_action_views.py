"""Adding actions, the "Actions" queue and marking an action as done.

Each page: one allowed, one refused (wrong role) and one outsider test at least. Agency
researchers see their agency's actions, never the discussion behind them.
"""

from datetime import timedelta

import pytest

from frontdoor.meetings.models import Action

from .conftest import FRIDAY, action_for_agency, action_for_person, agency
from .test_views import page_of, title_of, viewed

# --- Add an action -----------------------------------------------------------------------------


def action_form(owner: str, **overrides) -> dict[str, str]:
    data = {
        "description": "Check police systems for the mother's partner",
        "owner": owner,
        "due_on_day": "16",
        "due_on_month": "3",
        "due_on_year": "2026",
    }
    data.update(overrides)
    return data


def test_a_practitioner_adds_an_action_for_an_agency(practitioner, sign_in, discussion):
    client = sign_in(practitioner)
    url = f"/strategy-discussions/{discussion.pk}/actions/new"

    form = client.get(url)
    assert title_of(form) == f"Add an action – {discussion.contact.reference} – Front Door"
    for text in ("What needs to be done?", "Owner", '<optgroup label="Agencies">', "Due date"):
        assert text in page_of(form), text
    assert "Add the action" in page_of(form)

    police = agency("staffs-police")
    response = client.post(url, action_form(f"agency:{police.pk}"), follow=True)

    assert "Action added for Staffordshire Police" in page_of(response)
    assert "Check police systems for the mother&#x27;s partner" in page_of(response)
    assert Action.objects.get().owner_agency == police


def test_a_practitioner_adds_an_action_for_a_person(practitioner, manager, sign_in, discussion):
    url = f"/strategy-discussions/{discussion.pk}/actions/new"

    sign_in(practitioner).post(url, action_form(f"user:{manager.user.pk}"))

    assert Action.objects.get().owner_user == manager.user


def test_an_action_without_an_owner_is_refused(practitioner, sign_in, discussion):
    url = f"/strategy-discussions/{discussion.pk}/actions/new"

    response = sign_in(practitioner).post(url, action_form(""))

    assert response.status_code == 400
    assert title_of(response).startswith("Error: Add an action")
    assert '<a href="#id_owner">Choose who owns the action</a>' in page_of(response)
    assert Action.objects.count() == 0


def test_an_action_with_half_a_date_is_refused(practitioner, sign_in, discussion):
    url = f"/strategy-discussions/{discussion.pk}/actions/new"
    police = agency("staffs-police")

    response = sign_in(practitioner).post(
        url, action_form(f"agency:{police.pk}", due_on_day="", due_on_month="")
    )

    assert response.status_code == 400
    assert "The due date must include a day and month" in page_of(response)
    assert Action.objects.count() == 0


def test_a_contact_officer_cannot_add_an_action(contact_officer, sign_in, discussion):
    url = f"/strategy-discussions/{discussion.pk}/actions/new"
    police = agency("staffs-police")

    assert sign_in(contact_officer).post(url, action_form(f"agency:{police.pk}")).status_code == 403
    assert Action.objects.count() == 0


@pytest.mark.parametrize("persona", ["other_la_worker", "police_researcher", "outsider"])
def test_adding_an_action_is_not_found_outside_the_authoritys_mash(
    request, sign_in, discussion, persona
):
    url = f"/strategy-discussions/{discussion.pk}/actions/new"
    police = agency("staffs-police")

    response = sign_in(request.getfixturevalue(persona)).post(
        url, action_form(f"agency:{police.pk}")
    )

    assert response.status_code == 404
    assert Action.objects.count() == 0


# --- Actions -----------------------------------------------------------------------------------


def test_a_police_researcher_sees_their_agencys_action_but_not_the_discussion(
    practitioner, police_researcher, sign_in, discussion
):
    action = action_for_agency(discussion, practitioner)

    response = sign_in(police_researcher).get("/actions/")

    assert response.status_code == 200
    assert title_of(response) == "Actions – Front Door"
    page = page_of(response)
    assert "Actions for you and your agency" in page
    assert "Check the police systems for the mother&#x27;s partner" in page
    assert discussion.contact.reference in page
    assert "16 March 2026" in page
    assert f'href="/actions/{action.pk}/complete"' in page
    assert f'href="/contacts/{discussion.contact.pk}"' not in page
    assert "Bruising disclosed" not in page


def test_another_agencys_researcher_does_not_see_the_action(
    practitioner, health_researcher, sign_in, discussion
):
    action_for_agency(discussion, practitioner)

    page = page_of(sign_in(health_researcher).get("/actions/"))

    assert "There are no open actions for you or your agency." in page
    assert "mother&#x27;s partner" not in page


def test_a_manager_sees_their_own_action_with_a_link_to_the_contact(
    practitioner, manager, sign_in, discussion, frozen
):
    action_for_person(discussion, practitioner, manager)
    frozen.move_to(FRIDAY + timedelta(days=2))

    page = page_of(sign_in(manager).get("/actions/"))

    assert "Arrange a visit to the child at school" in page
    assert f'href="/contacts/{discussion.contact.pk}"' in page
    assert "Overdue" in page  # due on Saturday 14 March


def test_a_receiving_worker_with_no_actions_sees_an_empty_list(area_worker, sign_in, hub):
    response = sign_in(area_worker).get("/actions/")

    assert response.status_code == 200
    assert "There are no open actions for you or your agency." in page_of(response)


@pytest.mark.parametrize("persona", ["analyst", "ig_officer", "administrator", "outsider"])
def test_roles_with_no_actions_are_refused_the_actions_page(request, sign_in, hub, persona):
    assert sign_in(request.getfixturevalue(persona)).get("/actions/").status_code == 403


# --- Mark the action as done -------------------------------------------------------------------


def test_a_police_lead_marks_the_action_as_done(practitioner, police_lead, sign_in, discussion):
    action = action_for_agency(discussion, practitioner)
    client = sign_in(police_lead)
    url = f"/actions/{action.pk}/complete"

    form = client.get(url)
    assert title_of(form) == "Mark the action as done – Front Door"
    assert "What was done?" in page_of(form)
    assert "Bruising disclosed" not in page_of(form)
    assert f"/strategy-discussions/{discussion.pk}" not in page_of(form)

    response = client.post(url, {"note": "No trace on police systems"}, follow=True)

    assert response.redirect_chain == [("/actions/", 302)]
    assert "Action marked as done" in page_of(response)
    action.refresh_from_db()
    assert action.completed_by == police_lead.user
    assert set(viewed(police_lead, "strategy_discussion.action_viewed")) == {str(action.pk)}


def test_marking_as_done_without_saying_what_was_done_is_refused(
    practitioner, police_lead, sign_in, discussion
):
    action = action_for_agency(discussion, practitioner)

    response = sign_in(police_lead).post(f"/actions/{action.pk}/complete", {"note": ""})

    assert response.status_code == 400
    assert title_of(response).startswith("Error: Mark the action as done")
    action.refresh_from_db()
    assert action.completed_at is None


@pytest.mark.parametrize("persona", ["health_researcher", "other_la_worker"])
def test_anyone_else_with_actions_cannot_find_the_action(
    request, practitioner, sign_in, discussion, persona
):
    action = action_for_agency(discussion, practitioner)

    response = sign_in(request.getfixturevalue(persona)).post(
        f"/actions/{action.pk}/complete", {"note": "x"}
    )

    assert response.status_code == 404
    action.refresh_from_db()
    assert action.completed_at is None


def test_a_contact_officer_sees_but_cannot_complete_a_police_action(
    practitioner, contact_officer, sign_in, discussion
):
    action = action_for_agency(discussion, practitioner)

    response = sign_in(contact_officer).post(f"/actions/{action.pk}/complete", {"note": "x"})

    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["analyst", "outsider"])
def test_roles_with_no_actions_cannot_complete_one(
    request, practitioner, sign_in, discussion, persona
):
    action = action_for_agency(discussion, practitioner, code="staffs-csc")

    response = sign_in(request.getfixturevalue(persona)).post(
        f"/actions/{action.pk}/complete", {"note": "x"}
    )

    assert response.status_code == 404  # they see no actions: as if it did not exist
    action.refresh_from_db()
    assert action.completed_at is None


def test_a_done_action_says_so(practitioner, police_lead, sign_in, discussion):
    action = action_for_agency(discussion, practitioner)
    sign_in(police_lead).post(f"/actions/{action.pk}/complete", {"note": "Checked"})

    response = sign_in(practitioner).post(f"/actions/{action.pk}/complete", {"note": "Again"})

    assert response.status_code == 400
    assert "This action has already been marked as done." in page_of(response)
    action.refresh_from_db()
    assert action.completion_note == "Checked"
