"""Link the events written before the chain existed, in id order (the order they were written),
as `audit.chain.append` would have: sequence 1, 2, 3…, each hashed over the one before."""

from django.db import migrations

CHUNK = 5_000


def chain_existing_events(apps, schema_editor):
    from frontdoor.audit.chain import CONTENT_FIELDS, GENESIS, chain_key, compute_hash

    AuditEvent = apps.get_model("audit", "AuditEvent")
    connection = schema_editor.connection
    name = connection.ops.quote_name
    sql = (
        f"UPDATE {name(AuditEvent._meta.db_table)} SET {name('sequence')} = %s, "  # noqa: S608
        f"{name('previous_hash')} = %s, {name('hash')} = %s WHERE {name('id')} = %s"
    )
    fields = [field for field in CONTENT_FIELDS if field != "sequence"]
    key = chain_key()
    sequence, previous, after = 0, GENESIS, 0
    while True:
        rows = list(
            AuditEvent.objects.filter(pk__gt=after)
            .order_by("pk")
            .values_list("pk", *fields)[:CHUNK]
        )
        batch = []
        for pk, *values in rows:
            sequence += 1
            content = dict(zip(fields, values, strict=True), sequence=sequence)
            digest = compute_hash(previous, content, key=key)
            batch.append((sequence, previous, digest, pk))
            previous = digest
        if batch:
            with connection.cursor() as cursor:
                cursor.executemany(sql, batch)
        if len(rows) < CHUNK:
            return
        after = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_auditevent_chain_fields"),
    ]

    operations = [
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop, elidable=False),
    ]
