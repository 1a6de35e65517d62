"""The consent rule and its child-protection exemption, as a pure function."""

import pytest

from frontdoor.screening.consent import may_gather_information


@pytest.mark.parametrize(
    ("level", "consent", "reason", "allowed"),
    [
        (4, "refused", "", True),  # child protection: exempt
        (4, "not_sought", "", True),
        (3, "given", "", True),
        (3, "not_sought", "Asking would put the child at risk", True),
        (3, "not_sought", "  ", False),
        (3, "refused", "", False),
        (2, "refused", "Family said no", False),
        (1, "given", "", True),
    ],
)
def test_information_gathering_needs_consent_below_child_protection(
    level, consent, reason, allowed
):
    check = may_gather_information(threshold_level=level, consent=consent, consent_reason=reason)
    assert check.allowed is allowed
    assert check.explanation


def test_a_refusal_explains_what_to_do_instead():
    check = may_gather_information(threshold_level=3, consent="refused", consent_reason="")
    assert "Recommend an outcome instead" in check.explanation
