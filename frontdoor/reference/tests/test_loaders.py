"""Reference data: the national lists load completely, and loading again changes nothing."""

from datetime import date

from django.core.management import call_command

from frontdoor.reference.models import (
    AgencyKind,
    AssessmentFactor,
    BankHoliday,
    Ethnicity,
    RagRating,
    ReferralSource,
    Sex,
    ThresholdLevel,
)


def test_the_national_lists_are_complete(reference_data):
    assert ReferralSource.objects.count() == 22
    assert Ethnicity.objects.count() == 20
    assert list(Sex.objects.values_list("code", flat=True)) == ["M", "F", "U"]
    assert AssessmentFactor.objects.filter(code="24A").exists()
    assert ThresholdLevel.objects.count() == 4
    assert {(r.code, r.default_hours) for r in RagRating.objects.all()} == {
        ("red", 2),
        ("amber", 6),
        ("green", 24),
    }
    assert AgencyKind.objects.filter(code="police").exists()


def test_referral_sources_keep_the_census_order_and_groups(reference_data):
    codes = list(ReferralSource.objects.values_list("code", flat=True))
    assert codes[:3] == ["1A", "1B", "1C"]
    assert codes[-2:] == ["9", "10"]
    assert ReferralSource.objects.get(code="6").group == "Police"


def test_bank_holidays_come_from_the_holidays_package(reference_data):
    days = set(BankHoliday.objects.values_list("date", flat=True))
    assert {date(2026, 4, 3), date(2026, 4, 6), date(2026, 12, 25), date(2026, 12, 28)} <= days


def test_loading_again_adds_nothing_and_keeps_local_bank_holidays(reference_data):
    BankHoliday.objects.create(date=date(2026, 7, 1), name="Local closure", source="local")
    before = (ReferralSource.objects.count(), BankHoliday.objects.count())
    call_command("load_reference_data", first_year=2020, last_year=2031, verbosity=0)
    assert (ReferralSource.objects.count(), BankHoliday.objects.count()) == before
    assert BankHoliday.objects.get(date=date(2026, 7, 1)).source == "local"
