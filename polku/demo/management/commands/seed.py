from datetime import date
from typing import Any

from django.conf import settings
from django.core.checks.registry import registry
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.demo.seeding.loader import seed_process


class Command(BaseCommand):
    help = (
        "Create N deterministic synthetic clients (henkilötunnus individual numbers 900-999) with their whole "
        "process over ten years, the teams and workers to serve them, and the use log, sealed."
    )
    # Every system check but the URL configuration's, run in handle(): those import every view (2 of the
    # 4 s a start takes) and a seed serves no page.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="The day the history ends (default: today).",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=None,
            help="Processes that make the chunks' rows while this one writes (default: one per core when "
            "there is more than one chunk; 0: all in this process).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["processes"] is not None and not 0 <= options["processes"] <= 64:
            raise CommandError(_("--processes must be between 0 and 64."))
        if settings.PRODUCTION:
            raise CommandError(
                _(
                    "polku seed does not run in production mode (POLKU_PRODUCTION=1): it adds synthetic "
                    "clients and the demo organisations to the register."
                )
            )
        serious = [
            message
            for check in registry.get_checks()
            if "urls" not in getattr(check, "tags", ())
            for message in check(app_configs=None, databases=None)
            if message.is_serious() and not message.is_silenced()
        ]
        if serious:
            raise CommandError("\n".join(str(message) for message in serious))
        result = seed_process(
            count=options["clients"],
            seed=options["seed"],
            today=options["today"] or timezone.localdate(),
            progress=self.stdout.write,
            processes=options["processes"],
        )
        self.stdout.write(
            _(
                "%(created)s clients created, %(existing)s already there; %(teams)s teams, %(workers)s workers "
                "with a caseload; %(rows)s rows in %(seconds).1f s."
            )
            % {
                "created": result.created,
                "existing": result.existing,
                "teams": result.teams,
                "workers": result.workers,
                "rows": result.rows,
                "seconds": result.seconds,
            }
        )
