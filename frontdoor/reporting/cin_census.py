"""The CIN census referral-level extract: for each referral to children's social care in the
period, the census fields Front Door holds (standards.md §1.1), for the authority's census
software to merge with the receiving teams' records.

Rows are the referrals of Annex A list 3 (`annex_a.referrals_to_social_care`): one per subject
child of a contact whose approved outcome is a child and family assessment or a strategy
discussion, dated by the approval. Values are written as the census XML holds them: dates
YYYY-MM-DD, ReferralNFA 0/1, Sex M/F/U, ethnicity codes. Front Door does not hold the census
disability codes (NONE, MOB, …), so `DisabilityHeld` is the yes/no/unknown the hub recorded.
`LEA` (the DfE LA code) comes first so that an extract of several authorities can be split.
"""

from __future__ import annotations

from datetime import date

from .annex_a import child_unique_id, referrals_to_social_care
from .scope import ReportScope

CIN_COLUMNS: tuple[str, ...] = (
    "LEA",
    "LAchildID",
    "CINreferralDate",
    "ReferralSource",
    "ReferralNFA",
    "UPN",
    "PersonBirthDate",
    "ExpectedPersonBirthDate",
    "Sex",
    "Ethnicity",
    "DisabilityHeld",
)

CinRow = tuple[str | int, ...]


def _iso(day: date | None) -> str:
    return day.isoformat() if day is not None else ""


def cin_rows(scope: ReportScope) -> list[CinRow]:
    """One row per referral to children's social care, in `CIN_COLUMNS` order ("" = not held)."""
    return [
        (
            referral.local_authority_code,
            child_unique_id(referral.la_child_id, referral.person_id),
            referral.referred_on.isoformat(),
            referral.source or "10",
            1 if referral.nfa else 0,
            referral.upn,
            _iso(referral.born),
            _iso(referral.expected),
            referral.sex or "U",
            referral.ethnicity or "NOBT",
            referral.disability,
        )
        for referral in referrals_to_social_care(scope)
    ]
