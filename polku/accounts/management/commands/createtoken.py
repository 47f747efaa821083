from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from polku.accounts.models import User
from polku.accounts.services import token_create

# A system's token is renewed yearly, so a forgotten one does not work for ever.
DEFAULT_DAYS = 365


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it as the last line (shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--label", default="", help="what the token is for, e.g. 'Kela intake'")
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=f"days until the token stops working (default {DEFAULT_DAYS}; 0: until revoked)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"No active user named {options['username']!r}.") from exc
        days = options["days"]
        if days < 0:
            raise CommandError("--days must be 0 (until revoked) or more.")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        raw = token_create(user=user, label=options["label"], expires_at=expires_at)
        until = f"until {timezone.localtime(expires_at):%Y-%m-%d %H:%M}" if expires_at else "until revoked"
        self.stderr.write(
            f"API token for {user.username}, valid {until} (store it now; it cannot be shown again):"
        )
        self.stdout.write(raw)
