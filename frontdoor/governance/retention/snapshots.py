"""Merge snapshots after a purge: an unmerge must not try to put back rows that point at
records retention deleted."""

from collections import defaultdict
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction

from frontdoor.people.models import PersonMerge

Row = tuple[str, Any]  # (model label, primary key)


def _references(entry: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(model label, target field, value) of each foreign key a snapshot row holds."""
    try:
        model = apps.get_model(entry["model"])
    except LookupError:
        return []
    found = []
    for name, value in entry.get("fields", {}).items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        related = model_field.related_model
        if value is None or related is None or model_field.many_to_many:
            continue
        target = model_field.target_field.attname
        found.append((related._meta.label_lower, target, value))
    return found


def _existing(wanted: dict[tuple[str, str], set[Any]]) -> set[tuple[str, str, Any]]:
    found: set[tuple[str, str, Any]] = set()
    for (label, target), values in wanted.items():
        manager = apps.get_model(label)._default_manager
        ordered = sorted(values, key=str)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            lookup = {f"{target}__in": chunk}
            found.update(
                (label, target, v) for v in manager.filter(**lookup).values_list(target, flat=True)
            )
    return found


def _pruned(snapshot: dict[str, Any], existing: set[tuple[str, str, Any]]) -> dict[str, Any]:
    """The snapshot without rows an unmerge could no longer put back: deleted rows pointing
    at rows that are gone (and not restored by this snapshot), changed rows that are gone."""
    deleted = list(snapshot.get("deleted", []))

    def present(label: str, target: str, value: Any, restored: set[Row]) -> bool:
        pk = apps.get_model(label)._meta.pk
        is_pk = pk is not None and target == pk.attname
        return (label, target, value) in existing or (is_pk and (label, value) in restored)

    while True:
        restored = {(entry["model"], entry["pk"]) for entry in deleted}
        kept = [
            entry for entry in deleted if all(present(*ref, restored) for ref in _references(entry))
        ]
        if len(kept) == len(deleted):
            break
        deleted = kept
    restored = {(entry["model"], entry["pk"]) for entry in deleted}
    changed = [
        entry
        for entry in snapshot.get("changed", [])
        if present(entry["model"], _pk_name(entry["model"]), entry["pk"], restored)
        and all(present(*ref, restored) for ref in _references(entry))
    ]
    return {**snapshot, "deleted": deleted, "changed": changed}


def _pk_name(label: str) -> str:
    pk = apps.get_model(label)._meta.pk
    return pk.attname if pk is not None else "id"


def repair_merge_snapshots() -> int:
    """After a purge, take out of each merge still in force the rows it could no longer put
    back, so that undoing the merge restores the rest instead of failing."""
    merges = list(
        PersonMerge.objects.filter(unmerged_at__isnull=True).values_list("pk", "snapshot")
    )
    wanted: dict[tuple[str, str], set[Any]] = defaultdict(set)
    for _pk, snapshot in merges:
        for entry in snapshot.get("deleted", []) + snapshot.get("changed", []):
            for label, target, value in _references(entry):
                wanted[(label, target)].add(value)
        for entry in snapshot.get("changed", []):
            wanted[(entry["model"], _pk_name(entry["model"]))].add(entry["pk"])
    existing = _existing(wanted)
    repaired = 0
    for pk, snapshot in merges:
        pruned = _pruned(snapshot, existing)
        if pruned == snapshot:
            continue
        with transaction.atomic():
            merge = PersonMerge.objects.select_for_update().filter(pk=pk).first()
            if merge is None or merge.unmerged_at is not None or merge.snapshot != snapshot:
                continue
            merge.snapshot = pruned
            merge.save(update_fields=["snapshot"])
            repaired += 1
    return repaired
