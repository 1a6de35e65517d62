"""`manage.py rebuild_search_keys`: recompute every current person's blocking keys.

Run it after a change to `people.matching.keys`, or after loading persons in bulk. It works in
batches by id, one transaction each, so it can be stopped and run again; merged records lose
their keys (they are found through the record they joined).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from frontdoor.audit.services import record
from frontdoor.core.actors import Actor
from frontdoor.people.lookup import rebuild_search_keys_for
from frontdoor.people.models import Person, PersonSearchKey


class Command(BaseCommand):
    help = "Recompute the blocking keys used to find possible matches at intake."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        PersonSearchKey.objects.filter(person__merged_into__isnull=False).delete()
        persons = keys = 0
        last = 0
        while True:
            ids = list(
                Person.objects.current()
                .filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", flat=True)[: max(batch_size, 1)]
            )
            if not ids:
                break
            keys += rebuild_search_keys_for(ids)
            persons += len(ids)
            last = ids[-1]
        record(
            "people.search_keys_rebuilt",
            by=Actor.system("rebuild_search_keys"),
            details={"persons": persons, "keys": keys},
        )
        if int(options.get("verbosity", 1)) > 0:
            self.stdout.write(f"Search keys rebuilt for {persons:,} people ({keys:,} keys)")
