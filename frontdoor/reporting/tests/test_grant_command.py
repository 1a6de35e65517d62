"""The separate grant for child-level returns: given and withdrawn by command, audited."""

import pytest
from django.core.management import CommandError, call_command

from frontdoor.agencies.models import Membership
from frontdoor.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _granted(person) -> bool:
    return Membership.objects.get(user=person.user).may_export_child_level


def test_granting_and_withdrawing_changes_the_membership_and_is_audited(analyst):
    assert not _granted(analyst)

    call_command("grant_child_level_exports", email=analyst.email)
    assert _granted(analyst)

    call_command("grant_child_level_exports", email=analyst.email, withdraw=True)
    assert not _granted(analyst)
    allowed = list(
        AuditEvent.objects.filter(action="hub.child_level_export_set")
        .order_by("sequence")
        .values_list("details__allowed", flat=True)
    )
    assert allowed == [True, False]


def test_a_practitioner_cannot_be_given_it(practitioner):
    with pytest.raises(CommandError, match="no current manager or performance analyst"):
        call_command("grant_child_level_exports", email=practitioner.email)
    assert not _granted(practitioner)


def test_an_unknown_address_is_refused_clearly(hub):
    with pytest.raises(CommandError, match="No account has that email address"):
        call_command("grant_child_level_exports", email="nobody@test.frontdoor.invalid")
