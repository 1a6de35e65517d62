"""`manage.py export_authority --la CODE --out FILE.zip`: every record of one local authority,
for an authority leaving a shared hub (see `frontdoor.reporting.authority_export`).

Runs as the system; audited as `authority.exported`. The zip holds one JSON-lines file per
kind of record, manifest.json (counts and schemas) and README.txt.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.core.actors import Actor
from frontdoor.reporting.authority_export import export_authority
from frontdoor.reporting.services import check_authority_codes


class Command(BaseCommand):
    help = "Export one local authority's records whole, as a zip of JSON-lines files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--la", metavar="CODE", required=True, help="DfE LA code, e.g. 860")
        parser.add_argument("--out", metavar="FILE.zip", required=True, help="Where to write")

    def handle(self, *args: Any, la: str, out: str, **options: Any) -> None:
        try:
            check_authority_codes([la])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        try:
            with open(out, "wb") as file:
                counts = export_authority(
                    local_authority_code=la, out=file, by=Actor.system("export_authority")
                )
        except OSError as error:
            raise CommandError(f"Could not write {out}: {error.strerror or error}") from error
        total = sum(counts.values())
        self.stdout.write(f"Wrote {total} records of {la} in {len(counts)} files to {out}")
