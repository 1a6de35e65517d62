"""`manage.py disable_user --email X --reason CODE`: stop someone signing in, at once.

Every session the user has is ended, so their next request lands on the sign-in page, and the
account cannot sign in again until `manage.py enable_user --email X`. The reason is a code
(`accounts.services.DisableReason`), so the audit trail holds no free text.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.accounts.models import User
from frontdoor.accounts.services import DisableReason, disable_user
from frontdoor.core.actors import Actor


class Command(BaseCommand):
    help = "Disable a staff account and end every session it has."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="The account's email address")
        parser.add_argument(
            "--reason",
            required=True,
            choices=DisableReason.values,
            help="; ".join(f"{c.value}: {c.label}" for c in DisableReason),
        )

    def handle(self, *args: Any, email: str, reason: str, **options: Any) -> None:
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError("No account has that email address")
        if not user.is_active:
            self.stdout.write("That account is already disabled; ending any sessions it has.")
        disable_user(user=user, reason=reason, by=Actor.system("disable_user"))
        self.stdout.write(f"Disabled the account (user {user.pk}) and ended all its sessions.")
