from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from polku.demo.data import DEMO_CLIENTS, demo_password, load_demo


class Command(BaseCommand):
    help = "Load the demo county (safe to repeat), print the demo logins and serve http://127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="load the data and stop")
        parser.add_argument("--clients", type=int, default=DEMO_CLIENTS, help="synthetic clients to create")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            # The demo resets the demo users' passwords, an administrator's among them, to a published one.
            raise CommandError(
                _(
                    "polku demo does not run in production mode (POLKU_PRODUCTION=1): it would give "
                    "published passwords to demo users, an administrator among them."
                )
            )
        try:
            validate_password(demo_password())
        except ValidationError as error:
            raise CommandError(
                _("POLKU_DEMO_PASSWORD is refused: %(reasons)s") % {"reasons": " ".join(error.messages)}
            ) from error
        call_command("migrate", interactive=False, verbosity=0)
        users, result = load_demo(clients=options["clients"])
        self.stdout.write(
            f"Demo data: {result.created} synthetic clients created, {result.existing} already there."
        )
        self.stdout.write(f"Demo logins (password for all: {demo_password()}):")
        for user in users:
            self.stdout.write(f"  {user.username:<20} {user.get_role_display()}")
        if not options["no_serve"]:
            self.stdout.write(f"Serving Polku at http://{options['addr']}/  (Ctrl-C stops)")
            call_command("runserver", options["addr"], use_reloader=False, skip_checks=False)
