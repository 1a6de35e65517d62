"""`manage.py export_annex_a --la CODE --start YYYY-MM-DD --end YYYY-MM-DD --out FILE.xlsx`:
Ofsted Annex A lists 1–5 of one authority (or several: repeat `--la`) as one workbook.

For schedulers: it runs as the system (`Actor.system("export_annex_a")`) and the export is
audited as `annex_a.exported`. For example, monthly from cron:

    0 6 1 * * cd /srv/frontdoor && .venv/bin/python manage.py export_annex_a --la 860 \\
        --start 2026-01-01 --end 2026-06-30 --out /srv/returns/annex-a-860.xlsx
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.core.actors import Actor
from frontdoor.reporting.scope import ReportScope
from frontdoor.reporting.services import export_annex_a, scope_for_scheduler


def add_scope_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--la",
        metavar="CODE",
        action="append",
        required=True,
        help="The authority's DfE LA code, e.g. 860 (repeat for several)",
    )
    parser.add_argument("--start", metavar="YYYY-MM-DD", required=True, help="First day")
    parser.add_argument("--end", metavar="YYYY-MM-DD", required=True, help="Last day")


def scope_from(options: dict[str, Any], cohort: str = "") -> ReportScope:
    """The scope the options name, or a CommandError saying which option to fix."""
    try:
        return scope_for_scheduler(
            authority_codes=options["la"], start=options["start"], end=options["end"], cohort=cohort
        )
    except ValidationError as error:
        raise CommandError("; ".join(error.messages)) from error


def write_file(path: str, content: bytes | str) -> None:
    data = content.encode() if isinstance(content, str) else content
    try:
        Path(path).write_bytes(data)
    except OSError as error:
        raise CommandError(f"Could not write {path}: {error.strerror or error}") from error


class Command(BaseCommand):
    help = "Write Ofsted Annex A lists 1–5 for a local authority and period to an xlsx file."

    def add_arguments(self, parser: CommandParser) -> None:
        add_scope_arguments(parser)
        parser.add_argument("--out", metavar="FILE.xlsx", required=True, help="Where to write")

    def handle(self, *args: Any, **options: Any) -> None:
        scope = scope_from(options)
        content = export_annex_a(scope=scope, by=Actor.system("export_annex_a"))
        write_file(options["out"], content)
        self.stdout.write(
            f"Wrote Annex A lists 1–5 for {', '.join(scope.authority_codes)}, "
            f"{scope.start.isoformat()} to {scope.end.isoformat()}, to {options['out']}"
        )
