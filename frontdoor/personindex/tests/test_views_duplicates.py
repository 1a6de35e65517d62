"""The duplicates queue, the review page, the merge page and its undo. MASH managers only:
another role gets a 403, another authority's records a 404."""

import pytest

from frontdoor.agencies.roles import Role
from frontdoor.audit.models import AuditEvent
from frontdoor.people.models import DuplicateProposal, Person, PersonMerge, ProposalStatus
from frontdoor.personindex.merging import DIFFERENT_NHS, merge_people

from .duplicates_builders import RUBY, actor_for, make_person, named, proposal_between

NHS_A, NHS_B = "9434765919", "9434765870"


@pytest.fixture
def proposal(hub):
    first = named(**RUBY)
    second = named(**{**RUBY, "given_name": "Rubyy", "nhs_number": NHS_A, "postcode": "ST4 2BB"})
    return proposal_between(first, second, probability=0.923)


@pytest.fixture
def boss(manager, sign_in):
    return sign_in(manager)


class TestQueue:
    def test_a_manager_sees_open_pairs_most_likely_first(self, proposal, boss, hub):
        weaker = proposal_between(named(**RUBY), named(**RUBY), probability=0.91)
        page = boss.get("/people/duplicates/")
        assert page.status_code == 200
        text = page.content.decode()
        assert "Ruby Example and Rubyy Example" in text
        assert "92%" in text
        assert "Date of birth the same" in text
        assert text.index(f"/people/duplicates/{proposal.pk}/") < text.index(
            f"/people/duplicates/{weaker.pk}/"
        )

    def test_decided_pairs_and_merged_records_are_not_listed(self, proposal, boss, manager, hub):
        other = proposal_between(named(**RUBY), named(**RUBY), probability=0.95)
        DuplicateProposal.objects.filter(pk=other.pk).update(status=ProposalStatus.NOT_SAME)
        third = named(**RUBY)
        left = proposal_between(proposal.second, third)
        merge_people(
            kept=proposal.first,
            absorbed=proposal.second,
            choices={},
            by=actor_for(manager),
            reason="",
        )
        text = boss.get("/people/duplicates/").content.decode()
        assert "There are no possible duplicates to review" in text
        assert DuplicateProposal.objects.get(pk=left.pk).status == ProposalStatus.OPEN

    def test_another_authoritys_pairs_are_not_listed(self, boss, hub):
        proposal_between(named(la="861", **RUBY), named(la="861", **RUBY))
        assert (
            "There are no possible duplicates" in boss.get("/people/duplicates/").content.decode()
        )

    def test_a_practitioner_is_refused(self, proposal, practitioner, sign_in):
        assert sign_in(practitioner).get("/people/duplicates/").status_code == 403

    def test_an_outsider_is_refused(self, proposal, outsider, sign_in):
        assert sign_in(outsider).get("/people/duplicates/").status_code == 403


class TestReview:
    def test_shows_both_records_and_why(self, proposal, boss):
        page = boss.get(f"/people/duplicates/{proposal.pk}/")
        text = page.content.decode()
        assert page.status_code == 200
        assert "Rubyy Example" in text
        assert "943 476 5919" in text
        assert "Date of birth the same" in text
        assert "+6.2" in text
        # Radios only where they differ: name, address, NHS number; not the date of birth.
        assert 'name="keep_name"' in text
        assert 'name="keep_nhs_number"' in text
        assert 'name="keep_date_of_birth"' not in text
        assert 'name="nhs_override_reason"' not in text
        assert AuditEvent.objects.filter(action="duplicate.viewed").exists()

    def test_merging_with_choices(self, proposal, boss):
        response = boss.post(
            f"/people/duplicates/{proposal.pk}/",
            {
                "action": "merge",
                "keep_name": "second",
                "keep_address": "first",
                "keep_nhs_number": "second",
                "reason": "Same child, name misspelt",
            },
        )
        merge = PersonMerge.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/people/merges/{merge.pk}/"
        kept = Person.objects.get(pk=proposal.first_id)
        assert (kept.given_name, kept.postcode, kept.nhs_number) == ("Rubyy", "ST4 1AA", NHS_A)
        page = boss.get(response["Location"])
        assert "Records merged. You can undo this merge on this page" in page.content.decode()

    def test_different_nhs_numbers_need_a_reason(self, hub, boss):
        first = named(**{**RUBY, "nhs_number": NHS_A})
        second = named(**{**RUBY, "nhs_number": NHS_B})
        proposal = proposal_between(first, second)
        url = f"/people/duplicates/{proposal.pk}/"
        assert 'name="nhs_override_reason"' in boss.get(url).content.decode()
        refused = boss.post(url, {"action": "merge", "keep_nhs_number": "first"})
        assert refused.status_code == 400
        assert DIFFERENT_NHS in refused.content.decode()
        assert not PersonMerge.objects.exists()
        boss.post(
            url,
            {"action": "merge", "keep_nhs_number": "first", "nhs_override_reason": "Replaced"},
        )
        assert PersonMerge.objects.get().nhs_override_reason == "Replaced"

    def test_these_are_different_people(self, proposal, boss):
        response = boss.post(
            f"/people/duplicates/{proposal.pk}/",
            {"action": "not_same", "different-reason": "Twins"},
        )
        assert response["Location"] == "/people/duplicates/"
        proposal.refresh_from_db()
        assert (proposal.status, proposal.reason) == (ProposalStatus.NOT_SAME, "Twins")
        assert "They will not be proposed again" in boss.get("/people/duplicates/").content.decode()

    def test_a_decided_pair_has_no_forms(self, proposal, boss):
        DuplicateProposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.NOT_SAME)
        page = boss.get(f"/people/duplicates/{proposal.pk}/")
        assert "Merge these records</button>" not in page.content.decode()
        boss.post(f"/people/duplicates/{proposal.pk}/", {"action": "merge"})
        assert not PersonMerge.objects.exists()

    def test_a_practitioner_cannot_merge(self, proposal, practitioner, sign_in):
        # Only managers see proposals: to anyone else one is "not found", like a missing one.
        client = sign_in(practitioner)
        assert client.get(f"/people/duplicates/{proposal.pk}/").status_code == 404
        response = client.post(f"/people/duplicates/{proposal.pk}/", {"action": "merge"})
        assert response.status_code == 404
        assert not PersonMerge.objects.exists()

    def test_another_authoritys_pair_is_not_found(self, boss, hub):
        theirs = proposal_between(named(la="861", **RUBY), named(la="861", **RUBY))
        assert boss.get(f"/people/duplicates/{theirs.pk}/").status_code == 404
        assert boss.get("/people/duplicates/999999/").status_code == 404

    def test_an_outsider_is_refused(self, proposal, outsider, sign_in):
        assert sign_in(outsider).get(f"/people/duplicates/{proposal.pk}/").status_code == 404


class TestMergePage:
    @pytest.fixture
    def merge(self, proposal, manager):
        return merge_people(
            kept=proposal.first,
            absorbed=proposal.second,
            choices={},
            by=actor_for(manager),
            reason="Checked with the school",
        )

    def test_shows_what_was_merged_by_whom(self, merge, boss):
        text = boss.get(f"/people/merges/{merge.pk}/").content.decode()
        assert "Checked with the school" in text
        assert "Mo Manager" in text
        assert "Undo this merge</button>" in text

    def test_undo(self, merge, boss):
        response = boss.post(f"/people/merges/{merge.pk}/unmerge", {"reason": "Different children"})
        assert response["Location"] == f"/people/merges/{merge.pk}/"
        assert Person.objects.get(pk=merge.absorbed_id).merged_into is None
        text = boss.get(response["Location"]).content.decode()
        assert "Merge undone. Both records are as they were before it" in text
        assert "Undo this merge</button>" not in text

    def test_undo_needs_a_reason(self, merge, boss):
        response = boss.post(f"/people/merges/{merge.pk}/unmerge", {"reason": ""})
        assert response.status_code == 400
        assert "Enter why you are undoing this merge" in response.content.decode()

    def test_a_second_undo_is_refused(self, merge, boss):
        boss.post(f"/people/merges/{merge.pk}/unmerge", {"reason": "Different"})
        response = boss.post(f"/people/merges/{merge.pk}/unmerge", {"reason": "Again"})
        assert response.status_code == 400
        assert "already been undone" in response.content.decode()

    def test_a_practitioner_cannot_undo(self, merge, practitioner, sign_in):
        client = sign_in(practitioner)
        assert client.get(f"/people/merges/{merge.pk}/").status_code == 404
        assert client.post(f"/people/merges/{merge.pk}/unmerge", {"reason": "x"}).status_code == 404
        assert Person.objects.get(pk=merge.absorbed_id).merged_into_id == merge.kept_id

    def test_another_authority_cannot_see_it(self, merge, hub, sign_in):
        stoke_manager = make_person(
            "stoke.manager@test.frontdoor.invalid",
            role=Role.MANAGER,
            team=hub["stoke-mash"],
            name="Stan Stoke",
        )
        assert sign_in(stoke_manager).get(f"/people/merges/{merge.pk}/").status_code == 404
