"""`polku registry denied`: the register keeper's reads of the security log (refused requests of signed-in
users). The log itself is written and chained by polku/audit (`polku audit verify|seal|prune|checkpoint`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from polku.registry.selectors import denied_requests


def _since(value: str) -> datetime:
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise CommandError(f"--since: {value!r} is not a date (YYYY-MM-DD) or a time")
        moment = datetime(day.year, day.month, day.day)  # noqa: DTZ001 - made aware just below
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = "denied: list refused requests of signed-in users from the security log (--since, --user)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["denied"])
        parser.add_argument("--since", help="denied: from this date (YYYY-MM-DD) on")
        parser.add_argument("--user", help="denied: only this user name")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        since = options.get("since")
        self._denied(since=_since(since) if since else None, user=options.get("user"))

    def _denied(self, *, since: datetime | None, user: str | None) -> None:
        count = 0
        for row in denied_requests(since=since, username=user).iterator(chunk_size=2000):
            count += 1
            moment = timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S")
            self.stdout.write(f"{moment}\t{row.username}\t{row.status}\t{row.method} {row.path}")
        self.stdout.write(f"{count} refused requests")
