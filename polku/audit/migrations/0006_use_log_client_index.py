"""An index on the use log for (client_id, at, id): the client's log extract reads one client's rows in
that order, a page or a stream at a time, and `id` makes the order total so that no row is on two pages.

It is built CONCURRENTLY on PostgreSQL (the migration is not atomic), so that the use log, which every page
writes, is not locked while the index is built over millions of rows. The index is in the database only for
now; the model's Meta.indexes takes it over in state when polku/audit/models.py names it."""

from typing import Any

from django.db import migrations

INDEX = "audit_uselog_client_at_id"
TABLE = "audit_uselogentry"


def create(apps: Any, schema_editor: Any) -> None:
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE INDEX {concurrently}IF NOT EXISTS {INDEX} ON {TABLE} (client_id, at, id)")


def drop(apps: Any, schema_editor: Any) -> None:
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("audit", "0005_registry_takes_log_extract_requests")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
