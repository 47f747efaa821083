"""Writes of the reporting app: ordering a report export to be written in the background."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import User
from polku.reporting.effectiveness import may_see_report
from polku.reporting.export_tasks import FORMATS, WRITERS, report_export_write
from polku.reporting.models import ReportExport
from polku.structural.access import may_read_figures

KEPT = timedelta(days=7)  # a finished export's file is kept this long


def report_export_order(
    *,
    actor: User,
    kind: str,
    file_format: str,
    params: dict[str, Any],
    filename: str,
    language: str,
    rows_total: int,
) -> ReportExport:
    """Order an export of a report (its filters already checked by the report's form) to be written by
    `polku worker`; the actor's older exports past KEPT are removed at the same time."""
    if not (may_see_report(actor) and may_read_figures(actor)):
        raise PermissionDenied(_("Reports are for team managers and analysts."))
    if kind not in WRITERS or file_format not in FORMATS:
        raise ValidationError(_("No such export."))
    with transaction.atomic():
        ReportExport.objects.filter(created_by=actor, created_at__lt=timezone.now() - KEPT).delete()
        export = ReportExport.objects.create(
            kind=kind,
            file_format=file_format,
            params=params,
            filename=filename,
            language=language,
            rows_total=rows_total,
            created_by=actor,
            updated_by=actor,
        )
    report_export_write.enqueue(str(export.pk))
    return export
