"""`manage.py grant_child_level_exports --email X [--withdraw]`: the separate permission to
export child-level statutory returns (Ofsted Annex A, the CIN census extract).

It is set on the person's current manager or analyst membership and audited
(`hub.child_level_export_set`). Without it, reports still show counts and pseudonymised lists.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.agencies.selectors import active_memberships
from frontdoor.agencies.services import set_child_level_export
from frontdoor.core.actors import Actor
from frontdoor.reporting.scope import REPORTING_ROLES


class Command(BaseCommand):
    help = "Allow (or, with --withdraw, stop) a manager or analyst exporting child-level returns."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="The account's email address")
        parser.add_argument(
            "--withdraw", action="store_true", help="Withdraw the permission instead"
        )

    def handle(self, *args: Any, email: str, withdraw: bool, **options: Any) -> None:
        user = get_user_model().objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError("No account has that email address")
        memberships = [m for m in active_memberships(user) if m.role in REPORTING_ROLES]
        if not memberships:
            raise CommandError(
                "That account has no current manager or performance analyst membership"
            )
        try:
            for membership in memberships:
                set_child_level_export(
                    membership=membership,
                    allowed=not withdraw,
                    by=Actor.system("grant_child_level_exports"),
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        verb = "Withdrew" if withdraw else "Granted"
        self.stdout.write(
            f"{verb} child-level exports for user {user.pk} "
            f"({len(memberships)} membership{'s' if len(memberships) != 1 else ''})."
        )
