"""Junk posted to the person index's pages gets a clear refusal and changes nothing: never a
500, never a merge, never a link."""

import pytest

from frontdoor.people.models import DuplicateProposal, Person, PersonMerge, ProposalStatus
from frontdoor.personindex.merging import merge_people

from .duplicates_builders import RUBY, actor_for, named, proposal_between

JUNK = ["", "abc", "-1", "0", "999999999", "1 OR 1=1", "x" * 5000, "\x00", "①"]


@pytest.fixture
def proposal(hub):
    return proposal_between(named(**RUBY), named(**{**RUBY, "given_name": "Rubyy"}))


@pytest.mark.parametrize("junk", JUNK)
def test_junk_on_the_review_page_merges_nothing(manager, sign_in, proposal, junk):
    client = sign_in(manager)
    for data in (
        {"action": junk},
        {"action": "merge", "keep_name": junk, "reason": junk, "nhs_override_reason": junk},
        {"action": "not_same", "different-reason": junk * 5},
    ):
        response = client.post(f"/people/duplicates/{proposal.pk}/", data)
        assert response.status_code in {200, 302, 400}
    assert not PersonMerge.objects.exists()
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_a_merge_is_not_undone_without_a_reason(manager, sign_in, proposal):
    merge = merge_people(
        kept=proposal.first, absorbed=proposal.second, choices={}, by=actor_for(manager), reason=""
    )
    response = sign_in(manager).post(f"/people/merges/{merge.pk}/unmerge", {"reason": "  "})
    assert response.status_code == 400
    merge.refresh_from_db()
    assert merge.unmerged_at is None
    assert Person.objects.get(pk=proposal.second.pk).merged_into_id == proposal.first.pk


@pytest.mark.parametrize("junk", JUNK)
def test_junk_when_linking_a_subject_links_nothing(practitioner, sign_in, hub, junk):
    unchecked = named(channel="online_form", **RUBY)
    subject = unchecked.contact_roles.get()
    response = sign_in(practitioner).post(
        f"/contacts/{subject.contact_id}/subjects/{subject.pk}/link", {"person": junk}
    )
    assert response.status_code == 302
    subject.refresh_from_db()
    assert subject.person == unchecked
    assert not subject.identity_checked
    assert not PersonMerge.objects.exists()


@pytest.mark.parametrize("path", ["/people/0/", "/people/99999999/", "/people/duplicates/0/"])
def test_records_that_do_not_exist_are_a_404(manager, sign_in, hub, path):
    assert sign_in(manager).get(path).status_code == 404


def test_a_decided_pair_cannot_be_decided_again(manager, sign_in, proposal):
    DuplicateProposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.NOT_SAME)
    response = sign_in(manager).post(
        f"/people/duplicates/{proposal.pk}/", {"action": "merge", "reason": "sure"}
    )
    assert response.status_code in {200, 302, 400}
    assert not PersonMerge.objects.exists()
