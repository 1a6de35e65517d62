"""Start each existing person's address history with the address they already have."""

from django.db import migrations


def copy_current_addresses(apps, schema_editor):  # type: ignore[no-untyped-def]
    Person = apps.get_model("people", "Person")
    PersonAddress = apps.get_model("people", "PersonAddress")
    rows = [
        PersonAddress(person_id=pk, address=address, postcode=postcode)
        for pk, address, postcode in Person.objects.exclude(address="", postcode="")
        .values_list("pk", "address", "postcode")
        .iterator()
    ]
    PersonAddress.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("people", "0003_person_index")]

    operations = [migrations.RunPython(copy_current_addresses, migrations.RunPython.noop)]
