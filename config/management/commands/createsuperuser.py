"""Django's createsuperuser, with the password validators also for DJANGO_SUPERUSER_PASSWORD: Django checks
a typed password but creates the user with whatever the environment gives under --noinput."""

from __future__ import annotations

import os
from typing import Any

from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from polku.accounts.models import User


class Command(createsuperuser.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not options["interactive"] and password is not None:
            fields = [User.USERNAME_FIELD, *User.REQUIRED_FIELDS]
            known = {
                name: options.get(name) or os.environ.get(f"DJANGO_SUPERUSER_{name.upper()}", "")
                for name in fields
                if not User._meta.get_field(name).many_to_many
            }
            try:
                validate_password(password, User(**known))
            except ValidationError as error:
                raise CommandError("DJANGO_SUPERUSER_PASSWORD: " + " ".join(error.messages)) from error
        super().handle(*args, **options)
