"""Which agencies a practitioner is offered, ticked, when sending information requests.

Pure: no ORM. The practitioner can untick or add any agency; these are only the usual ones
for the contact's cohort and threshold level.
"""

CHILD = "child"
ADULT_AT_RISK = "adult_at_risk"
DOMESTIC_ABUSE = "domestic_abuse"

# Threshold levels 3 (complex needs) and 4 (child protection) bring the police in.
POLICE_FROM_LEVEL = 3


def default_agency_kinds(*, cohort: str, threshold_level: int) -> list[str]:
    """Agency kind codes to ask by default. Unknown cohorts get none."""
    if cohort == CHILD:
        if threshold_level >= POLICE_FROM_LEVEL:
            return ["police", "health", "education"]
        return ["health", "education"]
    if cohort == ADULT_AT_RISK:
        return ["police", "health", "adult_social_care"]
    if cohort == DOMESTIC_ABUSE:
        return ["police", "health", "probation"]
    return []
