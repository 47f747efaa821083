"""The client's log extract requests move to polku/registry (the register keeper's duties). The table is
renamed to registry_logextractrequest and keeps its rows; registry 0001 takes the model over in state."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_postgresql_append_only_triggers")]

    operations = [
        migrations.AlterModelTable(name="logextractrequest", table="registry_logextractrequest"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="LogExtractRequest")],
        ),
    ]
