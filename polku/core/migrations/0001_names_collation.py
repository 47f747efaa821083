"""The collation of people's names (polku.core.collation): ICU fi-FI on PostgreSQL. SQLite gets it on each
connection instead, so there the migration does nothing (Django's CreateCollation would not undo so)."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE COLLATION IF NOT EXISTS polku_names (provider = icu, locale = 'fi-FI', deterministic = true)"
        )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP COLLATION IF EXISTS polku_names")


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [migrations.RunPython(create, drop, elidable=False)]
