"""`manage.py verify_audit`: check that the audit trail is whole and unchanged (ADR 0020).

It walks the hash chain in sequence order, a few thousand events at a time (memory stays flat
for millions), and checks that the numbering runs from 1 without gaps, that each event's
previous_hash is the hash of the one before, and that each hash matches its content under
AUDIT_CHAIN_KEY. An intact chain prints

    Audit chain intact: 1234 events, head 1234 9f86d0…

and exits 0. Keep that head line somewhere the database's administrators cannot write (a
ticket, an email to the IG officer, a signed log): an intact chain whose head matches the
copy proves nothing was removed from its end either. A broken chain names the first broken
event (its sequence and id, and why) and exits 1.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.audit.chain import CHUNK, verify_stored


class Command(BaseCommand):
    help = "Check the audit trail's hash chain: every event present, in order and unchanged."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--chunk", type=int, default=CHUNK, help=f"Events read per query (default {CHUNK})"
        )

    def handle(self, *args: Any, chunk: int, **options: Any) -> None:
        if chunk < 1:
            raise CommandError("--chunk must be at least 1")
        result = verify_stored(chunk=chunk)
        broken = result.first_break
        if broken is not None:
            others = result.breaks - 1
            more = (
                f" {others} further problem{'s' if others != 1 else ''} after it." if others else ""
            )
            raise CommandError(
                f"Audit chain broken at sequence {broken.sequence} (event id {broken.event_id}): "
                f"{broken.reason}.{more} Checked {result.events} events."
            )
        self.stdout.write(
            f"Audit chain intact: {result.events} events, "
            f"head {result.head_sequence} {result.head_hash}"
        )
