"""The service task of the decisions on social assistance and social credit (issue 16), added to the
active service-task version's mapping of a database loaded before them (a new database reads it from
polku/codes/data/service_task.json). A key the county has mapped already is left as it is."""

from django.db import migrations

SERVICE_TASK = "1.2.246.537.6.1221"
ADDED = {"supplementary_assistance": "07", "preventive_assistance": "07", "social_credit": "03"}


def add_mapping(apps, schema_editor):  # type: ignore[no-untyped-def]
    CodeSetVersion = apps.get_model("codes", "CodeSetVersion")
    for version in CodeSetVersion.objects.filter(oid=SERVICE_TASK, active=True):
        mapping = dict(version.mapping or {})
        missing = {key: code for key, code in ADDED.items() if key not in mapping}
        if missing and version.codes.filter(code__in=missing.values()).count() == len(set(missing.values())):
            version.mapping = {**mapping, **missing}
            version.save(update_fields=["mapping"])


class Migration(migrations.Migration):
    dependencies = [("codes", "0001_code_sets")]

    operations = [migrations.RunPython(add_mapping, migrations.RunPython.noop)]
