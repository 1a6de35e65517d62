"""`manage.py enable_user --email X`: let a disabled account sign in again."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.accounts.models import User
from frontdoor.accounts.services import enable_user
from frontdoor.core.actors import Actor


class Command(BaseCommand):
    help = "Enable a disabled staff account so it can sign in again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="The account's email address")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError("No account has that email address")
        if user.is_active:
            self.stdout.write("That account is already enabled.")
            return
        enable_user(user=user, by=Actor.system("enable_user"))
        self.stdout.write(f"Enabled the account (user {user.pk}). It can sign in again.")
