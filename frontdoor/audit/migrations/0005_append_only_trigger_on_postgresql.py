"""On PostgreSQL, refuse any UPDATE or DELETE of an audit event in the database itself, whoever
sends it (ADR 0020). TRUNCATE is not refused: the test suite empties tables with it (ADR 0020
says who may). SQLite (the demo) relies on the model's guards alone."""

from django.db import migrations

CREATE = [
    """
    CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit events are append-only';
    END;
    $$
    """,
    """
    CREATE TRIGGER audit_append_only
        BEFORE UPDATE OR DELETE ON audit_auditevent
        FOR EACH ROW EXECUTE FUNCTION audit_append_only()
    """,
]

DROP = [
    "DROP TRIGGER IF EXISTS audit_append_only ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_append_only()",
]


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_sequence_required_and_unique"),
    ]

    operations = [
        migrations.RunPython(create_trigger, drop_trigger, elidable=False),
    ]
