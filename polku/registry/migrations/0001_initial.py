"""The register keeper's models, taken over from audit (LogExtractRequest) and casework (RetentionRun,
RetentionRemoval) with their rows: audit 0005 and casework 0007 renamed the tables to registry_*, so here
the models only enter the state. The removal index is renamed for the app, and the content types follow
the models so that permissions given on them stay."""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models

MOVED = {"logextractrequest": "audit", "retentionrun": "casework", "retentionremoval": "casework"}


def relabel_content_types(apps, schema_editor, *, forwards=True):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model, old_label in MOVED.items():
        frm, to = (old_label, "registry") if forwards else ("registry", old_label)
        if not ContentType.objects.using(db).filter(app_label=to, model=model).exists():
            ContentType.objects.using(db).filter(app_label=frm, model=model).update(app_label=to)


def relabel_back(apps, schema_editor):
    relabel_content_types(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("audit", "0005_registry_takes_log_extract_requests"),
        ("casework", "0007_registry_takes_retention"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LogExtractRequest",
                    fields=[
                        ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                        ("client_id", models.UUIDField(db_index=True, verbose_name="client")),
                        ("team_id", models.UUIDField(blank=True, null=True, verbose_name="team")),
                        ("received_on", models.DateField(verbose_name="received on")),
                        ("due_on", models.DateField(verbose_name="answer due")),
                        ("how_received", models.CharField(blank=True, max_length=200, verbose_name="how the request came")),
                        ("period_start", models.DateField(verbose_name="from")),
                        ("period_end", models.DateField(verbose_name="to")),
                        ("special_reason", models.CharField(blank=True, max_length=300, verbose_name="special reason for logs older than two years")),
                        ("status", models.CharField(choices=[("open", "open"), ("answered", "answered")], default="open", max_length=10, verbose_name="status")),
                        ("answered_at", models.DateTimeField(blank=True, null=True, verbose_name="answered")),
                        ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="created by")),
                        ("updated_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="updated by")),
                    ],
                    options={
                        "verbose_name": "log extract request",
                        "verbose_name_plural": "log extract requests",
                        "ordering": ["due_on"],
                    },
                ),
                migrations.CreateModel(
                    name="RetentionRun",
                    fields=[
                        ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ("started_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="started")),
                        ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished")),
                        ("user_id", models.CharField(max_length=64, verbose_name="user ID")),
                        ("username", models.CharField(max_length=150, verbose_name="user name")),
                        ("user_full_name", models.CharField(max_length=300, verbose_name="user's name")),
                        ("rule", models.CharField(max_length=64, verbose_name="retention rule")),
                        ("cutoff", models.DateTimeField(verbose_name="closed before")),
                        ("clients", models.PositiveIntegerField(default=0, verbose_name="clients whose records were removed")),
                        ("counts", models.JSONField(default=dict, verbose_name="records removed")),
                        ("failures", models.JSONField(default=list, verbose_name="refused")),
                    ],
                    options={
                        "verbose_name": "retention run",
                        "verbose_name_plural": "retention runs",
                        "ordering": ["-started_at"],
                    },
                ),
                migrations.CreateModel(
                    name="RetentionRemoval",
                    fields=[
                        ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ("client_id", models.UUIDField(db_index=True, verbose_name="client")),
                        ("closed_at", models.DateTimeField(verbose_name="client relationship ended")),
                        ("removed_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="removed")),
                        ("counts", models.JSONField(default=dict, verbose_name="records removed")),
                        ("run", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="removals", to="registry.retentionrun", verbose_name="run")),
                    ],
                    options={
                        "verbose_name": "records removed after retention",
                        "verbose_name_plural": "records removed after retention",
                        "ordering": ["removed_at"],
                        "indexes": [models.Index(fields=["client_id", "removed_at"], name="casework_re_client__9fe90d_idx")],
                    },
                ),
            ],
        ),
        migrations.RenameIndex(
            model_name="retentionremoval",
            new_name="registry_re_client__bdf387_idx",
            old_name="casework_re_client__9fe90d_idx",
        ),
        migrations.RunPython(relabel_content_types, relabel_back),
    ]
