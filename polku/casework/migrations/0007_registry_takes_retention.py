"""The records of retention runs move to polku/registry (the register keeper's duties). The tables are
renamed to registry_retentionrun and registry_retentionremoval and keep their rows (the key from a removal
to its run follows the rename); registry 0001 takes the models over in state."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("casework", "0006_retention_runs")]

    operations = [
        migrations.AlterModelTable(name="retentionrun", table="registry_retentionrun"),
        migrations.AlterModelTable(name="retentionremoval", table="registry_retentionremoval"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="RetentionRemoval"),
                migrations.DeleteModel(name="RetentionRun"),
            ],
        ),
    ]
