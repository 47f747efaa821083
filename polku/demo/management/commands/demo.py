from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from polku.demo.data import DEMO_CLIENTS, demo_password, load_demo


class Command(BaseCommand):
    help = "Load the demo county (safe to repeat), print the demo logins and serve http://127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="load the data and stop")
        parser.add_argument("--clients", type=int, default=DEMO_CLIENTS, help="synthetic clients to create")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on")

    def handle(self, *args: Any, **options: Any) -> None:
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
