"""Information governance reviews break-glass at /governance/break-glass/reviews: every access
to its authority's contacts, those waiting first, and a verdict on each, recorded once."""

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from frontdoor.agencies.actors import actor_for_user
from frontdoor.agencies.roles import Role
from frontdoor.agencies.services import add_membership
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.breakglass import open_with_break_glass, review_break_glass
from frontdoor.contacts.models import BreakGlassAccess
from frontdoor.contacts.selectors import get_contact_for_viewing
from frontdoor.contacts.services import receive_contact
from frontdoor.contacts.tests.factories import contact_details
from frontdoor.core.actors import Actor

LIST = "/governance/break-glass/reviews"
REASON = "Child moved to Stoke last week; checking the Staffordshire history before visiting"
EARLIER = "Mother asked our duty desk about a Staffordshire referral this morning"


def text_of(response) -> str:
    html = re.sub(r"</?(a|span|strong)\b[^>]*>", "", response.content.decode())
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def grants(practitioner, other_la_worker, ig_officer):
    """Two break-glass accesses by the Stoke practitioner to Staffordshire contacts: an
    earlier one already reviewed, and one waiting, read twice."""
    alice = actor_for_user(practitioner.user)
    stella = actor_for_user(other_la_worker.user)
    first = receive_contact(details=contact_details(), by=alice)
    second = receive_contact(details=contact_details(), by=alice)
    reviewed = open_with_break_glass(contact=first, reason=EARLIER, by=stella)
    review_break_glass(
        grant=reviewed, outcome="justified", note="", by=actor_for_user(ig_officer.user)
    )
    waiting = open_with_break_glass(contact=second, reason=REASON, by=stella)
    get_contact_for_viewing(stella, second.pk)
    get_contact_for_viewing(stella, second.pk)
    return {"reviewed": reviewed, "waiting": waiting}


@pytest.fixture
def stoke_ig(hub, outsider):
    """An information governance officer for Stoke-on-Trent only."""
    team = hub["stoke-mash"]
    add_membership(
        user=outsider.user,
        agency=team.agency,
        team=team,
        role=Role.IG_OFFICER,
        starts_on=date(2020, 1, 1),
        by=Actor.system("tests"),
    )
    return outsider


def review_url(grant: BreakGlassAccess) -> str:
    return reverse("governance:break_glass_review", args=[grant.pk])


def test_the_pages_are_at_their_documented_addresses():
    assert reverse("governance:break_glass_reviews") == LIST
    assert reverse("governance:break_glass_review", args=[7]) == f"{LIST}/7"


def test_ig_sees_accesses_waiting_for_review_first_with_who_why_and_how_much_was_read(
    grants, ig_officer, sign_in
):
    response = sign_in(ig_officer).get(LIST)
    assert response.status_code == 200
    text = text_of(response)
    assert "1 waiting for review" in text
    waiting, reviewed = grants["waiting"], grants["reviewed"]
    assert text.index(waiting.contact.reference) < text.index("Reviewed")
    assert text.index("Reviewed") < text.index(reviewed.contact.reference)
    row = text[text.index(waiting.contact.reference) : text.index("Reviewed")]
    assert "Stella Stoke" in row
    assert "MASH practitioner, Stoke-on-Trent children's social care" in row
    assert REASON in row
    assert row.split(REASON)[1].split()[0] == "2"  # the reads column follows the reason
    assert "Not reviewed" in row
    assert "Justified" in text[text.index("Reviewed") :]
    assert AuditEvent.objects.filter(action="breakglass.reviews_viewed").count() == 1


def test_ig_records_a_verdict_and_the_access_moves_to_reviewed(grants, ig_officer, sign_in):
    client = sign_in(ig_officer)
    grant = grants["waiting"]
    page = client.get(review_url(grant))
    assert page.status_code == 200
    text = text_of(page)
    assert REASON in text
    assert "Reads of the contact 2" in text
    response = client.post(
        review_url(grant), {"outcome": "not_justified", "note": "No Stoke case open for her."}
    )
    assert response.status_code == 302
    assert response["Location"] == LIST
    grant.refresh_from_db()
    assert grant.review_outcome == "not_justified"
    assert grant.review_note == "No Stoke case open for her."
    assert grant.reviewed_by_id == ig_officer.user.pk
    event = AuditEvent.objects.get(action="breakglass.reviewed", object_id=str(grant.pk))
    assert event.details == {"grant": grant.pk, "outcome": "not_justified"}
    listing = text_of(client.get(LIST))
    assert "0 waiting for review" in listing
    assert "Not justified" in listing


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select whether the access was justified"),
        ({"outcome": "maybe"}, "Select whether the access was justified"),
        ({"outcome": "not_justified", "note": " "}, "Enter what was wrong with this access"),
    ],
)
def test_an_incomplete_review_is_a_field_error_and_changes_nothing(
    grants, ig_officer, sign_in, data, message
):
    grant = grants["waiting"]
    response = sign_in(ig_officer).post(review_url(grant), data)
    assert response.status_code == 400
    assert message in text_of(response)
    grant.refresh_from_db()
    assert grant.reviewed_at is None
    assert not AuditEvent.objects.filter(action="breakglass.reviewed", object_id=str(grant.pk))


def test_a_reviewed_access_cannot_be_reviewed_again(grants, ig_officer, sign_in):
    grant = grants["reviewed"]
    client = sign_in(ig_officer)
    assert "Record the review" not in text_of(client.get(review_url(grant)))
    response = client.post(review_url(grant), {"outcome": "not_justified", "note": "Changed"})
    assert response.status_code == 400
    assert "Someone has already reviewed this access" in text_of(response)
    grant.refresh_from_db()
    assert grant.review_outcome == "justified"


def test_ig_of_another_authority_cannot_see_or_review_it(grants, stoke_ig, sign_in):
    client = sign_in(stoke_ig)
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert grants["waiting"].contact.reference not in text_of(listing)
    assert "0 waiting for review" in text_of(listing)
    grant = grants["waiting"]
    assert client.get(review_url(grant)).status_code == 404
    response = client.post(review_url(grant), {"outcome": "justified"})
    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.reviewed_at is None


@pytest.mark.parametrize(
    "who", ["practitioner", "manager", "other_la_worker", "analyst", "administrator", "outsider"]
)
def test_everyone_else_is_refused(request, grants, sign_in, who):
    client = sign_in(request.getfixturevalue(who))
    grant = grants["waiting"]
    assert client.get(LIST).status_code == 403
    # Only IG officers see grants: to anyone else one is "not found", like a missing one.
    assert client.get(review_url(grant)).status_code == 404
    assert client.post(review_url(grant), {"outcome": "justified"}).status_code == 404
    grant.refresh_from_db()
    assert grant.reviewed_at is None


def test_a_review_that_does_not_exist_is_not_found(hub, ig_officer, sign_in):
    client = sign_in(ig_officer)
    for pk in (1, 99_999_999_999_999_999_999):
        assert client.get(f"{LIST}/{pk}").status_code == 404
