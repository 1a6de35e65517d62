"""Which agencies are ticked by default on the send page."""

import pytest

from frontdoor.enquiries.defaults import default_agency_kinds


@pytest.mark.parametrize(
    ("cohort", "level", "kinds"),
    [
        ("child", 4, ["police", "health", "education"]),
        ("child", 3, ["police", "health", "education"]),
        ("child", 2, ["health", "education"]),
        ("child", 1, ["health", "education"]),
        ("adult_at_risk", 4, ["police", "health", "adult_social_care"]),
        ("adult_at_risk", 1, ["police", "health", "adult_social_care"]),
        ("domestic_abuse", 3, ["police", "health", "probation"]),
        ("domestic_abuse", 1, ["police", "health", "probation"]),
        ("something_else", 4, []),
    ],
)
def test_the_usual_agencies_depend_on_the_cohort_and_level(cohort, level, kinds):
    assert default_agency_kinds(cohort=cohort, threshold_level=level) == kinds
