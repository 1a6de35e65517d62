"""Reads about authorities, agencies and memberships."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.utils import timezone

from frontdoor.core.calendar import WorkingCalendar
from frontdoor.reference.models import BankHoliday, RagRating, ThresholdLevel

from .models import LocalAuthority, Membership, RagTimescale, ThresholdLabel


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


def hub_calendar(local_authority: LocalAuthority) -> WorkingCalendar:
    """The authority's working calendar: bank holidays from reference data, its hub hours."""
    holidays = frozenset(BankHoliday.objects.values_list("date", flat=True))
    return WorkingCalendar(
        bank_holidays=holidays,
        opens_at=local_authority.hub_opens_at,
        closes_at=local_authority.hub_closes_at,
    )
