"""`polku retention`: list (dry run, the default) or remove (--apply) client records past their retention
period. The rules are in polku/registry/retention.py; the output names clients by id only."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from polku.accounts.models import User
from polku.registry.retention import (
    KEPT_APPS,
    LOG_RULES,
    WORKING_AGE_RECORDS_YEARS,
    RetentionRefused,
    client_records_check,
    kept_counts,
    retention_cutoff,
)
from polku.registry.services import retention_apply, retention_plan


def _moment(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


class Command(BaseCommand):
    verbosity = 1
    help = (
        "List the client records past their retention period (working-age services: 10 years from the end "
        "of the client relationship); with --apply, remove them and record the run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--apply", action="store_true", help="remove the records (without it nothing is removed)"
        )
        parser.add_argument(
            "--actor", metavar="USERNAME", help="the administrator responsible; required with --apply"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = int(options["verbosity"])
        actor = self._actor(options["actor"]) if options["apply"] or options["actor"] else None
        now = timezone.now()
        cutoff = retention_cutoff(now=now)
        self.stdout.write(
            _(
                "Rule: working-age services records are kept %(years)s years from the end of the client "
                "relationship (ATL 703/2023, annex). Relationships that ended before %(cutoff)s are past it."
            )
            % {"years": WORKING_AGE_RECORDS_YEARS, "cutoff": _moment(cutoff)}
        )
        if options["apply"]:
            assert actor is not None  # noqa: S101  (_actor raised otherwise)
            self._apply(actor, now=now)
        else:
            self._dry_run(cutoff)
        self._other_rules(cutoff)
        self._logs(apply=options["apply"])

    def _actor(self, username: str | None) -> User:
        if not username:
            raise CommandError(
                _("--apply needs --actor USERNAME: the administrator responsible for the run.")
            )
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("No active user named %(name)r.") % {"name": username})
        return user

    def _write_counts(self, counts: dict[str, int]) -> None:
        for label, n in sorted(counts.items()):
            self.stdout.write(f"  {label:<44} {n:>8}")

    def _dry_run(self, cutoff: datetime) -> None:
        plan = retention_plan(cutoff=cutoff)
        self.stdout.write(_("Clients whose records would be removed: %(n)s") % {"n": len(plan)})
        totals: Counter[str] = Counter()
        for records in plan:
            self.stdout.write(
                ngettext(
                    "  client %(id)s, relationship ended %(closed)s: %(n)s record",
                    "  client %(id)s, relationship ended %(closed)s: %(n)s records",
                    records.total,
                )
                % {"id": records.client_id, "closed": _moment(records.closed_at), "n": records.total}
            )
            try:
                client_records_check(records)
            except RetentionRefused as error:
                self.stdout.write(_("    would be refused, nothing removed: %(error)s") % {"error": error})
            if self.verbosity >= 2:
                self._write_counts(records.counts)
            totals.update(records.counts)
        if totals:
            self.stdout.write(_("Records by type:"))
            self._write_counts(dict(totals))
        self.stdout.write(
            _("Dry run: nothing was removed. To remove them: polku retention --apply --actor USERNAME")
        )

    def _apply(self, actor: User, *, now: datetime) -> None:
        try:
            result = retention_apply(actor=actor, now=now)
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        run = result.run
        self.stdout.write(_("Clients whose records were removed: %(n)s") % {"n": run.clients})
        for client_id, counts in result.removed.items():
            self.stdout.write(
                ngettext(
                    "  client %(id)s: %(n)s record", "  client %(id)s: %(n)s records", sum(counts.values())
                )
                % {"id": client_id, "n": sum(counts.values())}
            )
        if run.counts:
            self.stdout.write(_("Records by type:"))
            self._write_counts(run.counts)
        self.stdout.write(
            _("The run is recorded as retention run %(id)s, by %(user)s.")
            % {"id": run.pk, "user": run.username}
        )
        if run.failures:
            for failure in run.failures:
                self.stderr.write(
                    _("Refused, nothing removed: client %(id)s: %(error)s")
                    % {"id": failure["client"], "error": failure["error"]}
                )
            raise CommandError(
                ngettext(
                    "The records of %(n)s client could not be removed; see above.",
                    "The records of %(n)s clients could not be removed; see above.",
                    len(run.failures),
                )
                % {"n": len(run.failures)}
            )

    def _other_rules(self, cutoff: datetime) -> None:
        kept = kept_counts(cutoff=cutoff)
        self.stdout.write(
            _(
                "Kept by this rule: %(open)s clients with an open client relationship, %(none)s without any "
                "client relationship (so none has ended yet), %(recent)s whose relationship ended less than "
                "%(years)s years ago."
            )
            % {
                "open": kept.open_relationship,
                "none": kept.no_relationship,
                "recent": kept.closed_recently,
                "years": WORKING_AGE_RECORDS_YEARS,
            }
        )
        self.stdout.write(_("Kept under other rules:"))
        for app_label, rule in KEPT_APPS.items():
            self.stdout.write(f"  {app_label}: {rule}")
        self.stdout.write(_("Logs:"))

    def _logs(self, *, apply: bool) -> None:
        # LOG PRUNING: every rule of retention.LOG_RULES runs here; polku/audit supplies the `prune`s.
        for log_rule in LOG_RULES:
            before = timezone.now() - relativedelta(years=log_rule.years)
            if log_rule.prune is None:
                self.stdout.write(
                    _("  %(log)s: kept %(years)s years; not pruned by this command (see the audit app)")
                    % {"log": log_rule.covers, "years": log_rule.years}
                )
                continue
            rows = log_rule.prune(before=before, apply=apply)
            message = (
                _("  %(log)s: %(n)s rows older than %(before)s removed")
                if apply
                else _("  %(log)s: %(n)s rows older than %(before)s would be removed")
            )
            self.stdout.write(message % {"log": log_rule.covers, "n": rows, "before": _moment(before)})
