"""`polku audit verify|seal|prune`: keep the use and disclosure logs tamper-evident."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from polku.audit.chain import CHAINED_LOGS, LOG_RETENTION_YEARS, prune, seal, verify

LOG_RETENTION = relativedelta(years=LOG_RETENTION_YEARS)
# Rows are sealed when their transaction commits; one still unsealed after this long was left behind
# by a process that stopped between the two, and `polku audit seal` takes it in.
UNSEALED_GRACE = timedelta(minutes=10)


class Command(BaseCommand):
    help = (
        "verify: walk the hash chains of the use and disclosure logs and report the first row altered, "
        "removed or reordered (exit status 1). seal: chain rows left unsealed. prune: remove log rows "
        "older than 12 years (dry run unless --apply)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "seal", "prune"])
        parser.add_argument("--apply", action="store_true", help="prune: really remove the rows")

    def handle(self, *args: Any, action: str, apply: bool, **options: Any) -> None:
        if action == "seal":
            for model in CHAINED_LOGS:
                self.stdout.write(f"{model.CHAIN} log: sealed {seal(model)} rows")
        elif action == "prune":
            self._prune(apply=apply)
        else:
            self._verify()

    def _verify(self) -> None:
        failed = False
        for model in CHAINED_LOGS:
            report = verify(model)
            stale = model._default_manager.filter(
                seq__isnull=True, at__lt=timezone.now() - UNSEALED_GRACE
            ).count()
            if report.finding:
                failed = True
                self.stderr.write(f"ALTERED: {report.finding}")
            else:
                self.stdout.write(f"{model.CHAIN} log: intact, {report.checked} rows checked")
            if stale:
                failed = True
                self.stderr.write(
                    f"{model.CHAIN} log: {stale} rows older than {UNSEALED_GRACE} are not sealed "
                    "into the chain; run `polku audit seal`"
                )
            elif report.unsealed:
                self.stdout.write(f"{model.CHAIN} log: {report.unsealed} new rows are being sealed")
        if failed:
            raise CommandError("The logs failed verification.", returncode=1)

    def _prune(self, *, apply: bool) -> None:
        cutoff = timezone.now() - LOG_RETENTION
        for model in CHAINED_LOGS:
            count = prune(model, before=cutoff, dry_run=not apply)
            verb = "removed" if apply else "would remove"
            self.stdout.write(f"{model.CHAIN} log: {verb} {count} rows written before {cutoff:%Y-%m-%d}")
        if not apply:
            self.stdout.write("Dry run: nothing was removed. Run with --apply to remove.")
