from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from polku.accounts.models import User
from polku.accounts.services import token_create


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it as the last line (shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--label", default="", help="what the token is for, e.g. 'Kela intake'")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"No active user named {options['username']!r}.") from exc
        raw = token_create(user=user, label=options["label"])
        self.stderr.write(f"API token for {user.username} (store it now; it cannot be shown again):")
        self.stdout.write(raw)
