from django.db import migrations, models


class Migration(migrations.Migration):
    """The hash chain's columns, empty at first: 0003 fills them for existing events and 0004
    makes `sequence` required and unique."""

    dependencies = [
        ("audit", "0001_append_only_audit_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
    ]
