"""Name search by prefix uses an index on PostgreSQL.

`client_search` asks, for every word, `UPPER(last_name) LIKE UPPER('word%') OR UPPER(first_name) LIKE …`
(Django's `istartswith`). A btree index on the same expression with `text_pattern_ops` answers such a
prefix as a range scan whatever the database's collation; the default operator class does so only under
the "C" collation. The indexes are built CONCURRENTLY, so a county's client table stays writable while
they are made. SQLite has no operator classes and its LIKE uses no index anyway: there the migration does
nothing. The indexes are not in the model's state, so a later SQLite table rebuild never meets them.
"""

from django.db import migrations

INDEXES = {
    "clients_client_last_name_upper_prefix": "last_name",
    "clients_client_first_name_upper_prefix": "first_name",
}


def create_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{name}" '
            f'ON "clients_client" (UPPER("{column}") text_pattern_ops)'
        )


def drop_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("clients", "0003_consents_and_bans"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
