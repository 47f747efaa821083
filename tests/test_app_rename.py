"""`polku migrate` carries a database made before an app was renamed (services -> provision)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from config.management.commands.migrate import carry_over_renamed_apps
from polku.provision.models import ServiceEpisode


def _as_before_the_rename() -> list[str]:
    quote = connection.ops.quote_name
    tables = sorted(t for t in connection.introspection.table_names() if t.startswith("provision_"))
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ALTER TABLE {quote(table)} RENAME TO {quote('services' + table[9:])}")
        cursor.execute("UPDATE django_migrations SET app = 'services' WHERE app = 'provision'")
        cursor.execute("UPDATE django_content_type SET app_label = 'services' WHERE app_label = 'provision'")
    return tables


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_older_database_keeps_its_tables_records_and_applied_migrations():
    tables = _as_before_the_rename()
    assert "provision_serviceepisode" in tables

    assert sorted(carry_over_renamed_apps()) == tables

    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    ContentType.objects.clear_cache()
    assert ContentType.objects.filter(app_label="provision", model="serviceepisode").exists()
    assert not ContentType.objects.filter(app_label="services").exists()
    assert ServiceEpisode.objects.count() == 0  # the model reads its renamed table
    assert carry_over_renamed_apps() == []  # a second run finds nothing to do


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_current_database_is_left_alone():
    assert carry_over_renamed_apps() == []
