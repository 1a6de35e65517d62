"""Reads about authorities, agencies and memberships."""

from datetime import date
from time import monotonic

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.utils import timezone

from frontdoor.core.actors import Actor
from frontdoor.core.calendar import WorkingCalendar
from frontdoor.reference.models import BankHoliday, RagRating, ThresholdLevel

from .models import LocalAuthority, Membership, RagTimescale, Team, ThresholdLabel


def active_memberships(user: AbstractBaseUser, *, on: date | None = None) -> list[Membership]:
    """The user's memberships in force on a day (today by default), oldest first."""
    day = on or timezone.localdate()
    return list(
        Membership.objects.filter(user_id=user.pk, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("agency", "agency__kind", "team", "team__local_authority")
        .order_by("starts_on", "id")
    )


def hub_local_authorities() -> list[LocalAuthority]:
    return list(LocalAuthority.objects.filter(in_hub=True).order_by("name"))


def threshold_label(local_authority: LocalAuthority, level: int) -> str:
    """The authority's own label for a level, or the national default."""
    own = ThresholdLabel.objects.filter(local_authority=local_authority, level_id=level).first()
    if own is not None:
        return own.label
    return ThresholdLevel.objects.get(level=level).label


def rag_hours(local_authority: LocalAuthority, rating_code: str) -> int:
    """Hours allowed for a RAG rating in this authority (its own clock or the default)."""
    own = RagTimescale.objects.filter(
        local_authority=local_authority, rating_id=rating_code
    ).first()
    if own is not None:
        return own.hours
    return RagRating.objects.get(code=rating_code).default_hours


_HOLIDAY_CACHE_SECONDS = 600
_holiday_cache: tuple[float, frozenset[date]] | None = None


def bank_holidays() -> frozenset[date]:
    """Bank holiday dates, read at most every ten minutes per process (they change yearly)."""
    global _holiday_cache
    now = monotonic()
    if _holiday_cache is None or now - _holiday_cache[0] > _HOLIDAY_CACHE_SECONDS:
        _holiday_cache = (now, frozenset(BankHoliday.objects.values_list("date", flat=True)))
    return _holiday_cache[1]


def forget_bank_holidays() -> None:
    """Drop the cached dates (after loading new ones, and between tests)."""
    global _holiday_cache
    _holiday_cache = None


def hub_calendar(local_authority: LocalAuthority) -> WorkingCalendar:
    """The authority's working calendar: bank holidays from reference data, its hub hours."""
    return WorkingCalendar(
        bank_holidays=bank_holidays(),
        opens_at=local_authority.hub_opens_at,
        closes_at=local_authority.hub_closes_at,
    )


def authority_codes_for(actor: Actor) -> list[str]:
    """The authorities whose cases an actor works on: their team's, or all their agency serves."""
    if actor.local_authority_code:
        return [actor.local_authority_code]
    if not actor.agency_code:
        return []
    return list(
        LocalAuthority.objects.filter(agencies__code=actor.agency_code).values_list(
            "code", flat=True
        )
    )


def mash_team_for(local_authority: LocalAuthority) -> Team | None:
    """The MASH team that takes the authority's contacts."""
    return Team.objects.filter(local_authority=local_authority, function=Team.Function.MASH).first()
