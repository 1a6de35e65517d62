"""The hub's information-sharing agreements and agencies' agreed response times: configuration
that requests are checked against. Writers are audited like every other service."""

from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from frontdoor.agencies.models import Agency, LocalAuthority
from frontdoor.audit.services import record
from frontdoor.core.actors import Actor
from frontdoor.reference.models import RagRating

from .models import AgreementParty, LawfulBasis, ResponseTimescale, SharingAgreement


class AgreementAction:
    CREATED = "sharing.agreement_created"
    RESPONSE_TIME_SET = "sharing.response_time_set"


@transaction.atomic
def create_sharing_agreement(
    *,
    name: str,
    local_authorities: Iterable[LocalAuthority],
    parties: Mapping[Agency, bool],
    lawful_bases: Iterable[str],
    signed_on: date,
    review_on: date,
    by: Actor,
) -> SharingAgreement:
    """An agreement between `parties` (agency → may its researchers read the concern?)."""
    bases = list(dict.fromkeys(lawful_bases))
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Enter the agreement's name"
    if not bases:
        errors["lawful_bases"] = "Name at least one lawful basis"
    elif unknown := [basis for basis in bases if basis not in LawfulBasis.values]:
        errors["lawful_bases"] = f"Unknown lawful basis: {', '.join(unknown)}"
    if not parties:
        errors["parties"] = "Name at least one agency"
    if review_on < signed_on:
        errors["review_on"] = "The review date must be on or after the date it was signed"
    if errors:
        raise ValidationError(errors)
    agreement = SharingAgreement.objects.create(
        name=name.strip(), lawful_bases=bases, signed_on=signed_on, review_on=review_on
    )
    agreement.local_authorities.set(list(local_authorities))
    AgreementParty.objects.bulk_create(
        AgreementParty(agreement=agreement, agency=agency, sees_concern=sees)
        for agency, sees in parties.items()
    )
    record(
        AgreementAction.CREATED,
        by=by,
        target=agreement,
        details={"agencies": sorted(a.code for a in parties), "bases": bases},
    )
    return agreement


@transaction.atomic
def set_response_time(*, agency: Agency, rag_rating: str, hours: int, by: Actor) -> None:
    """Agree how many hours an agency has to answer a request of a rating."""
    if hours < 1:
        raise ValidationError({"hours": "Enter a number of hours of 1 or more"})
    if not RagRating.objects.filter(code=rag_rating).exists():
        raise ValidationError({"rag_rating": "Select a RAG rating"})
    ResponseTimescale.objects.update_or_create(
        agency=agency, rag_rating_id=rag_rating, defaults={"hours": hours}
    )
    record(
        AgreementAction.RESPONSE_TIME_SET,
        by=by,
        details={"agency": agency.code, "rag": rag_rating, "hours": hours},
    )


def response_hours(*, agency: Agency, rag_rating: str) -> int | None:
    """The agency's own agreed hours for the rating, or None (then the RAG hours apply)."""
    own = ResponseTimescale.objects.filter(agency=agency, rag_rating_id=rag_rating).first()
    return own.hours if own is not None else None


# The demo and test hub's agreement: every agency of the hub, the bases of standards.md §7.1
# that a MASH uses, and the concern shown to the agencies that hold statutory safeguarding
# duties in the hub (full disclosure inside the hub, Walsall para 4), but not to the others.
HUB_AGREEMENT_NAME = "Staffordshire and Stoke-on-Trent MASH information-sharing agreement"
HUB_BASES = [
    LawfulBasis.PUBLIC_TASK,
    LawfulBasis.SAFEGUARDING,
    LawfulBasis.HEALTH_AND_SOCIAL_CARE,
    LawfulBasis.LAW_ENFORCEMENT_SAFEGUARDING,
    LawfulBasis.VITAL_INTERESTS,
]
KINDS_THAT_SEE_THE_CONCERN = {"children_social_care", "police", "health", "adult_social_care"}
# Walsall: health answers red requests within one hour.
HUB_RESPONSE_HOURS = {("health", "red"): 1, ("police", "red"): 2, ("education", "red"): 2}


def build_hub_sharing(*, local_authority_codes: Iterable[str], by: Actor) -> SharingAgreement:
    """The hub's agreement and agreed response times (idempotent: found by name)."""
    existing = SharingAgreement.objects.filter(name=HUB_AGREEMENT_NAME).first()
    if existing is not None:
        return existing
    authorities = list(LocalAuthority.objects.filter(code__in=list(local_authority_codes)))
    agencies = Agency.objects.filter(local_authorities__in=authorities).distinct()
    agreement = create_sharing_agreement(
        name=HUB_AGREEMENT_NAME,
        local_authorities=authorities,
        parties={a: a.kind_id in KINDS_THAT_SEE_THE_CONCERN for a in agencies},
        lawful_bases=HUB_BASES,
        signed_on=date(2024, 4, 1),
        review_on=timezone.localdate().replace(month=12, day=31),
        by=by,
    )
    for agency in agencies:
        for (kind, rating), hours in HUB_RESPONSE_HOURS.items():
            if agency.kind_id == kind:
                set_response_time(agency=agency, rag_rating=rating, hours=hours, by=by)
    return agreement
