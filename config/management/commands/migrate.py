"""Django's migrate, first carrying an older database over a renamed app.

Renaming an app changes its label, and with it the names of its tables, its rows in `django_migrations`
and its content types (which permissions point to). `RENAMED_APPS` lists each rename once; before migrating,
a database that still has the old label gets its tables renamed and its records relabelled, in one
transaction, so that the migrations already applied stay applied and no data moves."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS, connections, transaction

# old label -> new label
RENAMED_APPS = {"services": "provision"}


def carry_over_renamed_apps(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Relabel what an older database keeps under a renamed app's old label; returns the tables renamed."""
    connection = connections[alias]
    tables = set(connection.introspection.table_names())
    if "django_migrations" not in tables:
        return []
    renamed: list[str] = []
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        for old, new in RENAMED_APPS.items():
            cursor.execute("SELECT COUNT(*) FROM django_migrations WHERE app = %s", [old])
            if not cursor.fetchone()[0]:
                continue
            quote = connection.ops.quote_name
            for table in sorted(t for t in tables if t.startswith(f"{old}_")):
                target = new + table[len(old) :]
                cursor.execute(f"ALTER TABLE {quote(table)} RENAME TO {quote(target)}")
                renamed.append(target)
            cursor.execute("UPDATE django_migrations SET app = %s WHERE app = %s", [new, old])
            if "django_content_type" in tables:
                cursor.execute(
                    "UPDATE django_content_type SET app_label = %s WHERE app_label = %s", [new, old]
                )
    return renamed


class Command(migrate.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        renamed = carry_over_renamed_apps(options["database"])
        if renamed and options["verbosity"] >= 1:
            self.stdout.write(f"Renamed app tables: {', '.join(renamed)}")
        super().handle(*args, **options)
