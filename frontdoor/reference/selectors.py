"""Reads of the national code lists. The valid codes of a list are read once per process:
they change only when `load_reference_data` runs, which forgets them."""

from functools import cache

from django.db import models

from .models import AssessmentFactor, Ethnicity, ReferralSource, Sex


@cache
def _codes(model: type[models.Model]) -> frozenset[str]:
    return frozenset(str(pk) for pk in model._default_manager.values_list("pk", flat=True))


def referral_source_codes() -> frozenset[str]:
    return _codes(ReferralSource)


def sex_codes() -> frozenset[str]:
    return _codes(Sex)


def ethnicity_codes() -> frozenset[str]:
    return _codes(Ethnicity)


def assessment_factor_codes() -> frozenset[str]:
    return _codes(AssessmentFactor)


def forget_codes() -> None:
    """Drop the cached code lists (after loading reference data, and between tests)."""
    _codes.cache_clear()
