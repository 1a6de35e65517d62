"""The consent rule for gathering information (Manchester's policy), as one pure function.

Below the child-protection level, a contact may go on to information gathering only if the
family consented, or consent was not sought and the reason is recorded. A child-protection
concern (level 4) is exempt: information is shared without consent to protect the child.
"""

from dataclasses import dataclass

CHILD_PROTECTION_LEVEL = 4

RULE_EXPLAINED = (
    "Below the child-protection level, information can only be gathered from partner agencies "
    "if the family has given consent, or if consent was not sought and the reason is recorded. "
    "Child-protection concerns are exempt: share information without consent to protect a child."
)


@dataclass(frozen=True)
class ConsentCheck:
    allowed: bool
    explanation: str


def may_gather_information(
    *, threshold_level: int, consent: str, consent_reason: str
) -> ConsentCheck:
    if threshold_level >= CHILD_PROTECTION_LEVEL:
        return ConsentCheck(
            True, "Child-protection concern: consent is not needed to share information."
        )
    if consent == "given":
        return ConsentCheck(True, "The family has consented to information being shared.")
    if consent == "not_sought" and consent_reason.strip():
        return ConsentCheck(True, "Consent was not sought, and the reason is recorded.")
    if consent == "refused":
        return ConsentCheck(
            False,
            "The family refused consent and this is below the child-protection level. "
            "Recommend an outcome instead, or record a child-protection level if that is "
            "your judgement.",
        )
    return ConsentCheck(
        False, "Record consent, or why it was not sought, before gathering information."
    )
