"""Issuing and revoking partner system tokens: printed once, stored only as a hash, audited."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from frontdoor.agencies.models import PartnerSystem
from frontdoor.agencies.tokens import partner_system_for_token
from frontdoor.audit.models import AuditEvent


def issue(*args: str) -> str:
    out = StringIO()
    call_command("issue_api_token", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_token_once_and_stores_only_its_hash(hub):
    output = issue("--agency", "staffs-police", "--name", "Niche RMS")
    token = output.strip().splitlines()[-1]
    assert token.startswith("fd_")
    assert len(token) > 40
    assert output.count(token) == 1
    system = PartnerSystem.objects.get(name="Niche RMS")
    assert system.agency.code == "staffs-police"
    assert system.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token.startswith(system.token_prefix)
    assert len(system.token_prefix) < 12
    stored = [str(value) for value in PartnerSystem.objects.values_list().get(pk=system.pk)]
    assert token not in stored
    assert partner_system_for_token(token) == system


def test_issuing_is_audited_without_the_token(hub):
    token = issue("--agency", "staffs-police", "--name", "Niche RMS").strip().splitlines()[-1]
    [event] = AuditEvent.objects.filter(action="api.token_issued")
    assert event.actor_label == "system:issue_api_token"
    assert event.object_id == str(PartnerSystem.objects.get().pk)
    assert event.details == {"agency": "staffs-police", "name": "Niche RMS"}
    assert token not in str(event.details)
    assert token[:11] not in str(event.details)


def test_an_unknown_agency_is_a_clear_error(hub):
    with pytest.raises(CommandError, match=r"No agency has the code 'nope'.*staffs-police"):
        issue("--agency", "nope", "--name", "Niche RMS")
    assert not PartnerSystem.objects.exists()


def test_a_duplicate_name_is_a_clear_error(hub):
    issue("--agency", "staffs-police", "--name", "Niche RMS")
    with pytest.raises(CommandError, match="already has a partner system called 'Niche RMS'"):
        issue("--agency", "staffs-police", "--name", "Niche RMS")
    assert PartnerSystem.objects.count() == 1


def test_the_same_name_may_be_used_by_another_agency(hub):
    issue("--agency", "staffs-police", "--name", "Case system")
    issue("--agency", "staffs-health", "--name", "Case system")
    assert PartnerSystem.objects.count() == 2


def test_agency_and_name_are_both_needed(hub):
    with pytest.raises(CommandError, match="--agency CODE and --name NAME"):
        issue("--agency", "staffs-police")


def test_revoking_stops_the_token_working_and_is_audited(hub):
    token = issue("--agency", "staffs-police", "--name", "Niche RMS").strip().splitlines()[-1]
    assert "Revoked the token for 'Niche RMS'" in issue("--revoke", "Niche RMS")
    assert PartnerSystem.objects.get().revoked_at is not None
    assert partner_system_for_token(token) is None
    assert AuditEvent.objects.filter(action="api.token_revoked").count() == 1
    with pytest.raises(CommandError, match="already revoked"):
        issue("--revoke", "Niche RMS")


def test_revoking_an_unknown_or_ambiguous_name_is_refused(hub):
    with pytest.raises(CommandError, match="No partner system is called 'Nothing'"):
        issue("--revoke", "Nothing")
    issue("--agency", "staffs-police", "--name", "Case system")
    issue("--agency", "staffs-health", "--name", "Case system")
    with pytest.raises(CommandError, match="add --agency"):
        issue("--revoke", "Case system")
    issue("--revoke", "Case system", "--agency", "staffs-health")
    assert PartnerSystem.objects.get(revoked_at__isnull=False).agency.code == "staffs-health"
