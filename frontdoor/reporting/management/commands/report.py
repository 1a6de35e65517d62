"""`manage.py report NAME --la CODE --start YYYY-MM-DD --end YYYY-MM-DD --format csv|json`:
one of the reports in `frontdoor.reporting.registry.REPORTS`, for schedulers.

Writes to standard output, or to `--out FILE` (xlsx needs `--out`). `--la` may repeat;
`--cohort` limits every figure to one cohort. It runs as the system, so lists carry
pseudonyms, never contact references; each run is audited as `report.exported`.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.contacts.models import Cohort
from frontdoor.core.actors import Actor
from frontdoor.reporting.registry import REPORTS
from frontdoor.reporting.services import REPORT_FORMATS, export_report

from .export_annex_a import add_scope_arguments, scope_from, write_file


class Command(BaseCommand):
    help = "Write a report (counts and pseudonymised lists) as CSV, JSON or xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", metavar="NAME", help="The report, e.g. volumes")
        add_scope_arguments(parser)
        parser.add_argument("--format", choices=REPORT_FORMATS, default="csv")
        parser.add_argument("--cohort", choices=Cohort.values, default="")
        parser.add_argument("--out", metavar="FILE", help="Write here instead of to the output")

    def handle(self, *args: Any, **options: Any) -> None:
        name, fmt, out = options["name"], options["format"], options["out"]
        if name not in REPORTS:
            known = ", ".join(sorted(REPORTS)) or "none are registered"
            raise CommandError(f"There is no report called {name!r}. Reports: {known}")
        if fmt == "xlsx" and not out:
            raise CommandError("An xlsx report needs --out FILE.xlsx")
        scope = scope_from(options, cohort=options["cohort"])
        content, _, _ = export_report(name=name, scope=scope, fmt=fmt, by=Actor.system("report"))
        if out:
            write_file(out, content)
            self.stderr.write(f"Wrote {name} to {out}")
        else:
            self.stdout.write(content if isinstance(content, str) else content.decode(), ending="")
