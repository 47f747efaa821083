"""The use log's index for one client's rows becomes (client_id, at, id): the client's log extract reads one
client's rows in that order, a page or a stream at a time, and `id` makes the order total so that no row is
on two pages. It replaces the (client_id, at) index, which it covers.

Both are done CONCURRENTLY on PostgreSQL (the migration is not atomic), so that the use log, which every page
writes, is not locked while the index is built over millions of rows."""

from typing import Any

from django.db import migrations, models

INDEX = "audit_uselog_client_at_id"
OLD_INDEX = "audit_uselo_client__5df269_idx"
TABLE = "audit_uselogentry"


def _concurrently(schema_editor: Any) -> str:
    return "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""


def create(apps: Any, schema_editor: Any) -> None:
    how = _concurrently(schema_editor)
    schema_editor.execute(f"CREATE INDEX {how}IF NOT EXISTS {INDEX} ON {TABLE} (client_id, at, id)")
    schema_editor.execute(f"DROP INDEX {how}IF EXISTS {OLD_INDEX}")


def drop(apps: Any, schema_editor: Any) -> None:
    how = _concurrently(schema_editor)
    schema_editor.execute(f"CREATE INDEX {how}IF NOT EXISTS {OLD_INDEX} ON {TABLE} (client_id, at)")
    schema_editor.execute(f"DROP INDEX {how}IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("audit", "0006_unsealed_rows_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(create, drop, elidable=False)],
            state_operations=[
                migrations.RemoveIndex(model_name="uselogentry", name=OLD_INDEX),
                migrations.AddIndex(
                    model_name="uselogentry",
                    index=models.Index(fields=["client_id", "at", "id"], name=INDEX),
                ),
            ],
        )
    ]
