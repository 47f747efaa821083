from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from polku.accounts.models import Role, User
from polku.clients.synthetic import seed_clients
from polku.demo.data import load_organisations


class Command(BaseCommand):
    help = "Create N deterministic synthetic clients (henkilötunnus individual numbers 900-999)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                _(
                    "polku seed does not run in production mode (POLKU_PRODUCTION=1): it adds synthetic "
                    "clients and the demo organisations to the register."
                )
            )
        teams = load_organisations()
        workers = list(
            User.objects.filter(
                role__in=[Role.SOCIAL_WORKER, Role.SOCIAL_COUNSELLOR], teams__in=teams.values()
            ).distinct()
        )
        result = seed_clients(
            count=options["clients"], seed=options["seed"], teams=list(teams.values()), workers=workers
        )
        self.stdout.write(f"{result.created} clients created, {result.existing} already there.")
