"""The collation of people's names (polku.core.collation): ICU fi-FI on PostgreSQL. SQLite gets it on each
connection instead, so there the migration does nothing."""

from django.contrib.postgres.operations import CreateCollation
from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [CreateCollation("polku_names", provider="icu", locale="fi-FI")]
