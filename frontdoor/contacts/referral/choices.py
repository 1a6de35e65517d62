"""The online referral form's answers in the referrer's words, with the codes they stand for.

Referral sources are CIN census codes: a professional's type of organisation and a member of
the public's relationship to the child or adult each map to one; an anonymous referral is 9.
"""

from frontdoor.contacts.models import Cohort, Consent, FamilyAware
from frontdoor.contacts.services import MAX_SUBJECTS
from frontdoor.people.models import Disability

UNKNOWN_AREA = "unknown"
MAX_HOUSEHOLD = MAX_SUBJECTS - 1  # the child or adult is the first subject

# A professional's type of organisation, with its CIN census referral source code.
ORGANISATION_TYPES: dict[str, tuple[str, str]] = {
    "school": ("School or college", "2A"),
    "gp": ("GP practice", "3A"),
    "health_visitor": ("Health visiting service", "3B"),
    "school_nurse": ("School nursing service", "3C"),
    "hospital": ("Hospital, including A&E", "3E"),
    "other_health": ("Another health service", "3F"),
    "police": ("Police", "6"),
    "housing": ("Housing", "4"),
    "council": ("Another council service", "5B"),
    "justice": ("Probation, courts or another legal agency", "7"),
    "other": ("A voluntary organisation or something else", "8"),
}

# A member of the public's relationship to the child or adult, with its source code.
RELATIONSHIPS: dict[str, tuple[str, str]] = {
    "family": ("Family member, relative or carer", "1A"),
    "acquaintance": ("Neighbour, friend or someone else they know", "1B"),
    "self": ("The concern is about me", "1C"),
    "other": ("Other", "1D"),
}
ANONYMOUS_SOURCE = "9"

HOUSEHOLD_ROLES = {
    "sibling": "Brother or sister",
    "parent_carer": "Parent or carer",
    "alleged_perpetrator": "Someone who may be causing harm",
    "other_adult": "Another adult",
}

COHORTS = {
    Cohort.CHILD.value: "A child or young person under 18, or an unborn baby",
    Cohort.ADULT_AT_RISK.value: "An adult aged 18 or over who may need care and support",
}

FAMILY_AWARE = {
    FamilyAware.YES.value: "Yes",
    FamilyAware.NO.value: "No",
    FamilyAware.NOT_KNOWN.value: "I do not know",
}

# "Does the child have a disability?" (a child's only), as Person.disability holds it.
DISABILITY = {
    Disability.YES.value: "Yes",
    Disability.NO.value: "No",
    Disability.UNKNOWN.value: "I do not know",
}

CONSENT = {
    Consent.GIVEN.value: "Yes, they have agreed",
    Consent.REFUSED.value: "No, they refused",
    Consent.NOT_SOUGHT.value: "I have not asked them",
}
