"""A merge's record of what it changed, row by row, so that an unmerge can put it back
(ADR 0019). `Changes` writes as it records; `restore_rows` replays a snapshot backwards."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

from django.apps import apps
from django.core import serializers
from django.db import models


def plain_value(value: Any) -> Any:
    """A JSON value that keeps everything (DjangoJSONEncoder would cut microseconds)."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def full_rows(rows: Iterable[models.Model]) -> list[dict[str, Any]]:
    serialised = serializers.serialize("python", rows)
    return [
        {
            "model": row["model"],
            "pk": row["pk"],
            "fields": {k: plain_value(v) for k, v in row["fields"].items()},
        }
        for row in serialised
    ]


def values_of(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """Field values by field name, foreign keys as their key."""
    return {
        name: plain_value(getattr(obj, obj._meta.get_field(name).attname))  # type: ignore[union-attr]
        for name in names
    }


class Changes:
    """What a merge did, written as it goes, in the order it happened."""

    def __init__(self) -> None:
        self.changed: list[dict[str, Any]] = []
        self.deleted: list[dict[str, Any]] = []
        self.created: list[dict[str, Any]] = []

    def update(self, obj: models.Model, **new: Any) -> None:
        """Change fields of one row, remembering what they were."""
        self.changed.append(
            {"model": obj._meta.label_lower, "pk": obj.pk, "fields": values_of(obj, new)}
        )
        for name, value in new.items():
            setattr(obj, name, value)
        obj.save(update_fields=list(new))

    def move(
        self, queryset: models.QuerySet[Any], field: str, old: models.Model, new: models.Model
    ) -> None:
        """Point every row of `queryset` at `new` instead of `old` in one statement."""
        label = queryset.model._meta.label_lower
        ids = list(queryset.values_list("pk", flat=True))
        self.changed += [{"model": label, "pk": pk, "fields": {field: old.pk}} for pk in ids]
        queryset.model.objects.filter(pk__in=ids).update(**{field: new})

    def delete(self, rows: Iterable[models.Model]) -> None:
        rows = list(rows)
        self.deleted += full_rows(rows)
        for row in rows:
            row.delete()

    def create(self, obj: models.Model) -> None:
        self.created.append({"model": obj._meta.label_lower, "pk": obj.pk})


def restore_rows(changes: Mapping[str, list[dict[str, Any]]]) -> None:
    """Undo a merge's row changes: created rows go, deleted rows come back (parents before
    the rows that point at them), changed rows get their values back."""
    for entry in reversed(changes["created"]):
        apps.get_model(entry["model"])._default_manager.filter(pk=entry["pk"]).delete()
    for restored in serializers.deserialize("python", list(reversed(changes["deleted"]))):
        restored.save()
    for entry in reversed(changes["changed"]):
        model = apps.get_model(entry["model"])
        values = {}
        for name, value in entry["fields"].items():
            field = model._meta.get_field(name)
            values[field.attname] = field.to_python(value)
        model._default_manager.filter(pk=entry["pk"]).update(**values)
