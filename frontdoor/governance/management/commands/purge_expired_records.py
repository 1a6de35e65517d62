"""`manage.py purge_expired_records [--dry-run] [--as-of YYYY-MM-DD]`: delete contacts past
their retention period, legal holds excepted, and then the people no contact names any more
(see `frontdoor.governance.retention`).

`--dry-run` prints, per rule, the years, how many contacts are due and how many a legal hold
keeps, and changes nothing. `--as-of` plans as on that day: any day for a dry run, today or
earlier for a real one (a later day would delete records early).

Each contact is deleted in its own transaction; one that fails is kept whole, named in the
output, and the run goes on (exit code 1 at the end). Schedule it nightly, e.g. from cron:

    30 2 * * * cd /srv/frontdoor && .venv/bin/python manage.py purge_expired_records
"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from frontdoor.core.actors import Actor
from frontdoor.governance.retention import (
    PurgeResult,
    RetentionPlan,
    plan_retention,
    purge_expired_records,
)

KEPT_PEOPLE = {
    "held": "under a legal hold",
    "merged_with_a_named_record": "merged with a record a contact still names",
    "failed": "could not be deleted",
    "gone": "already deleted",
}


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--as-of must be a date like 2026-03-10, not {text!r}") from exc


class Command(BaseCommand):
    help = "Delete contacts past their retention period (legal holds excepted)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what is due; change nothing"
        )
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="Plan as on this day")

    def handle(self, *args: Any, dry_run: bool, as_of: str | None, **options: Any) -> None:
        day = _day(as_of) if as_of else timezone.localdate()
        if not dry_run and day > timezone.localdate():
            raise CommandError("--as-of can be a later day only with --dry-run")
        if dry_run:
            self._report(plan_retention(as_of=day), dry_run=True)
            return
        result = purge_expired_records(as_of=day, by=Actor.system("purge_expired_records"))
        self._report(result.plan, dry_run=False)
        self._outcome(result)
        if result.failed:
            raise CommandError(f"{len(result.failed)} contact(s) could not be deleted")

    def _report(self, plan: RetentionPlan, *, dry_run: bool) -> None:
        heading = "dry run: nothing deleted" if dry_run else "deleting"
        self.stdout.write(f"Retention as of {plan.as_of.isoformat()} ({heading})")
        self.stdout.write(f"{'Rule':<28}{'Years':>6}{'Due':>8}{'Held':>8}")
        for report in plan.reports:
            rule = report.rule
            self.stdout.write(
                f"{rule.record_type.value:<28}{rule.years:>6}{report.due:>8}{report.held:>8}"
            )
        if plan.unclassified:
            self.stdout.write(
                f"{plan.unclassified} settled contact(s) have no approved outcome: kept"
            )

    def _outcome(self, result: PurgeResult) -> None:
        self.stdout.write(
            f"Deleted {len(result.contacts)} contact(s) and {result.people} person record(s)."
        )
        if result.skipped:
            self.stdout.write(f"{result.skipped} contact(s) were no longer due, or newly held.")
        for reference, error in result.failed:
            self.stderr.write(f"Could not delete {reference} ({error}): it is kept whole.")
        for reason, count in sorted(result.people_kept.items()):
            self.stdout.write(f"Kept {count} person record(s): {KEPT_PEOPLE.get(reason, reason)}.")
        if result.snapshots_repaired:
            self.stdout.write(
                f"Updated {result.snapshots_repaired} merge record(s) to leave out deleted rows."
            )
