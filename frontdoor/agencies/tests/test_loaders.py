"""Local authorities: all of England by DfE LA number; reloading never touches hub settings."""

from django.core.management import call_command

from frontdoor.agencies.models import LocalAuthority


def test_every_english_authority_is_there_with_its_dfe_code(reference_data):
    assert LocalAuthority.objects.count() == 153
    assert LocalAuthority.objects.get(code="860").name == "Staffordshire"
    assert LocalAuthority.objects.get(code="861").name == "Stoke-on-Trent"
    assert not LocalAuthority.objects.filter(code="909").exists()  # Cumbria, abolished 2023


def test_reloading_keeps_an_authoritys_hub_settings(reference_data):
    LocalAuthority.objects.filter(code="860").update(in_hub=True, hub_phone="0300 000 0000")
    call_command("load_reference_data", first_year=2020, last_year=2031, verbosity=0)
    staffordshire = LocalAuthority.objects.get(code="860")
    assert (staffordshire.in_hub, staffordshire.hub_phone) == (True, "0300 000 0000")
    assert LocalAuthority.objects.count() == 153
