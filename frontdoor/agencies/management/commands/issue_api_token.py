"""`manage.py issue_api_token --agency CODE --name NAME`: a token for a partner system.

The token is printed once and cannot be shown again: only its SHA-256 hash is stored.
`--revoke NAME` (with `--agency CODE` if two agencies use the name) stops a token working.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.agencies.models import Agency, PartnerSystem
from frontdoor.agencies.tokens import issue_api_token, revoke_api_token
from frontdoor.core.actors import Actor


def _messages(error: ValidationError) -> str:
    return "; ".join(error.messages)


class Command(BaseCommand):
    help = "Issue an API token for a partner system (printed once), or revoke one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--agency", metavar="CODE", help="The agency's code, e.g. staffs-police"
        )
        parser.add_argument("--name", metavar="NAME", help="A name for the partner system")
        parser.add_argument("--revoke", metavar="NAME", help="Revoke the named system's token")

    def handle(
        self,
        *args: Any,
        agency: str | None,
        name: str | None,
        revoke: str | None,
        **options: Any,
    ) -> None:
        actor = Actor.system("issue_api_token")
        if revoke is not None:
            if name is not None:
                raise CommandError(
                    "Give either --name (to issue) or --revoke (to revoke), not both"
                )
            self._revoke(revoke, agency_code=agency, by=actor)
            return
        if agency is None or name is None:
            raise CommandError("Give --agency CODE and --name NAME (or --revoke NAME)")
        found = Agency.objects.filter(code=agency).first()
        if found is None:
            codes = ", ".join(Agency.objects.order_by("code").values_list("code", flat=True))
            raise CommandError(
                f"No agency has the code {agency!r}. "
                + (f"Known agency codes: {codes}" if codes else "No agencies are set up yet.")
            )
        try:
            issued = issue_api_token(agency=found, name=name, by=actor)
        except ValidationError as error:
            raise CommandError(_messages(error)) from error
        self.stdout.write(
            f"Issued a token for {issued.system.name!r} ({found.code}). "
            "Store it securely now: it is shown only this once and cannot be recovered."
        )
        self.stdout.write(issued.token)

    def _revoke(self, name: str, *, agency_code: str | None, by: Actor) -> None:
        systems = PartnerSystem.objects.select_related("agency").filter(name=name)
        if agency_code is not None:
            systems = systems.filter(agency__code=agency_code)
        found = list(systems[:2])
        if not found:
            raise CommandError(f"No partner system is called {name!r}")
        if len(found) > 1:
            raise CommandError(f"More than one agency has a system called {name!r}: add --agency")
        try:
            system = revoke_api_token(system=found[0], by=by)
        except ValidationError as error:
            raise CommandError(_messages(error)) from error
        self.stdout.write(f"Revoked the token for {system.name!r} ({system.agency.code}).")
