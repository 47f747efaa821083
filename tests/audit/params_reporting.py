"""URL parameter values of the reports' exports written in the background, for the use-log walker and
the access matrix: a finished export ordered by the team's manager."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from polku.registry.models import ExportStatus
from polku.reporting.export_tasks import DEADLINES, report_export_write
from polku.reporting.models import ReportExport
from tests.conftest import World


def values(world: World) -> dict[str, Any]:
    today = timezone.localdate()
    export = ReportExport.objects.create(
        kind=DEADLINES,
        file_format="csv",
        params={"first": (today - timedelta(days=300)).isoformat(), "last": today.isoformat()},
        filename="deadlines.csv",
        language="fi",
        created_by=world.manager,
    )
    report_export_write.call(str(export.pk))
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error
    return {"report_export_id": export.pk}
