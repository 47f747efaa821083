"""On PostgreSQL, triggers keep the log tables append-only even for someone who writes SQL by hand.

UPDATE is refused except sealing: an unsealed row (seq NULL) may get seq, prev_hash and row_hash, and
nothing else may change. DELETE is refused except inside polku.audit.chain.prune(), which sets
`SET LOCAL polku.prune = 'on'` for its transaction. Run the application as a role that owns nothing
(README, "Running under a database role that owns nothing"), so that it cannot drop these triggers.
Other databases: nothing is done (SQLite has no roles; the row MACs and the chain still hold there).
"""

from django.db import migrations

LOG_TABLES = ("audit_uselogentry", "audit_disclosurelogentry", "audit_securitylogentry")

GUARD = """
CREATE OR REPLACE FUNCTION polku_audit_log_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF coalesce(current_setting('polku.prune', true), '') = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'polku: % is append-only; rows are removed only by pruning past retention',
            TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.seq IS NULL AND NEW.seq IS NOT NULL
        AND (to_jsonb(NEW) - 'seq' - 'prev_hash' - 'row_hash')
            = (to_jsonb(OLD) - 'seq' - 'prev_hash' - 'row_hash') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'polku: % is append-only; only sealing may set seq, prev_hash and row_hash',
        TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(GUARD, params=None)
    for table in LOG_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS polku_append_only ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER polku_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION polku_audit_log_guard()"
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in LOG_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS polku_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS polku_audit_log_guard()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_row_mac_head_mac_security_log")]

    operations = [migrations.RunPython(install, remove)]
