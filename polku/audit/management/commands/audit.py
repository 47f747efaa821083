"""`polku audit verify|seal|prune|checkpoint`: keep the logs tamper-evident. The register keeper reads the
security log with `polku registry denied` (polku/registry)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from polku.audit.chain import (
    CHAINED_LOGS,
    LOG_RETENTION,
    LOG_RETENTION_YEARS,
    checkpoint,
    prune,
    seal_backlog,
    verify,
    verify_checkpoints,
)

# The background worker seals new rows within seconds; one still unsealed after this long means no worker
# is running (or one refused the row): `polku audit seal` takes the backlog in.
UNSEALED_GRACE = timedelta(minutes=10)


class Command(BaseCommand):
    help = (
        "verify: walk the hash chains of the use, disclosure and security logs and report the first row "
        "altered, removed or reordered (exit status 1); --checkpoints FILE also checks that no chain is "
        "shorter than or differs from a checkpoint. seal: chain rows left unsealed. prune: remove log rows "
        f"older than {LOG_RETENTION_YEARS} years (dry run unless --apply). checkpoint: append the signed "
        "chain heads to the checkpoint file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "seal", "prune", "checkpoint"])
        parser.add_argument("--apply", action="store_true", help="prune: really remove the rows")
        parser.add_argument("--checkpoints", help="verify: a checkpoint file the chains must still match")
        parser.add_argument("--file", help="checkpoint: write here instead of POLKU_AUDIT_CHECKPOINT_FILE")

    def handle(self, *args: Any, action: str, apply: bool, **options: Any) -> None:
        if action == "seal":
            self._seal()
        elif action == "prune":
            self._prune(apply=apply)
        elif action == "checkpoint":
            self._checkpoint(options.get("file"))
        else:
            self._verify(options.get("checkpoints"))

    def _seal(self) -> None:
        failed = False
        for model in CHAINED_LOGS:
            report = seal_backlog(model)
            self.stdout.write(f"{model.CHAIN} log: sealed {report.sealed} rows")
            if report.head_forged:
                failed = True
                self.stderr.write(
                    f"{model.CHAIN} log: the chain's head is not signed with the key (changed by hand); "
                    "nothing was sealed onto it: run `polku audit verify`"
                )
            for row_id in report.refused:
                failed = True
                self.stderr.write(
                    f"{model.CHAIN} log, row {row_id}: does not match its own MAC (altered or forged); "
                    "not sealed"
                )
            for low, high in report.gaps:
                failed = True
                ids = f"{low}" if low == high else f"{low}–{high}"
                self.stderr.write(
                    f"{model.CHAIN} log: rows with id {ids} were removed before they were sealed"
                )
        if failed:
            raise CommandError("Some log rows could not be sealed.", returncode=1)

    def _verify(self, checkpoints: str | None) -> None:
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
                    "into the chain: is `polku worker` running? `polku audit seal` takes them in"
                )
            elif report.unsealed:
                self.stdout.write(f"{model.CHAIN} log: {report.unsealed} new rows are being sealed")
        if checkpoints:
            try:
                findings = verify_checkpoints(checkpoints)
            except OSError as error:
                raise CommandError(f"Cannot read the checkpoint file: {error}", returncode=1) from error
            for finding in findings:
                failed = True
                self.stderr.write(f"ALTERED: {finding}")
            if not findings:
                self.stdout.write(f"checkpoints in {checkpoints}: every chain still matches them")
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

    def _checkpoint(self, path: str | None) -> None:
        written, heads = checkpoint(path)
        if written is None:
            raise CommandError("The checkpoint could not be written (see the error log).", returncode=1)
        for head in heads:
            self.stdout.write(f"{head.chain} log: place {head.seq} written to {written}")
