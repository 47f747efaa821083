"""The page of a report export written in the background: its progress (asked again every few seconds
while it is written) and the finished file, for the one who ordered it only."""

from __future__ import annotations

from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from polku.accounts.models import AuthedRequest
from polku.registry.models import ExportStatus
from polku.reporting.models import ReportExport

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
REPORT_PAGES = {"effectiveness": "reporting:effectiveness", "deadlines": "reporting:deadline_compliance"}


def export_ordered(request: AuthedRequest, export: ReportExport) -> HttpResponse:
    messages.info(
        request,
        _("The file is large, so it is written in the background. It can be downloaded here when ready."),
    )
    return redirect("reporting:export", report_export_id=export.pk)


def _export(request: AuthedRequest, report_export_id: UUID) -> ReportExport:
    return get_object_or_404(
        ReportExport.objects.defer("content"), pk=report_export_id, created_by=request.user
    )


def _back(export: ReportExport) -> str:
    return f"{reverse(REPORT_PAGES[export.kind])}?{urlencode(export.params)}"


@login_required
def export(request: AuthedRequest, report_export_id: UUID) -> HttpResponse:
    found = _export(request, report_export_id)
    return render(request, "reporting/export.html", {"export": found, "back_url": _back(found)})


@login_required
def export_status(request: AuthedRequest, report_export_id: UUID) -> HttpResponse:
    return render(request, "reporting/_export_status.html", {"export": _export(request, report_export_id)})


@login_required
def export_download(request: AuthedRequest, report_export_id: UUID) -> HttpResponse:
    found = get_object_or_404(
        ReportExport, pk=report_export_id, created_by=request.user, status=ExportStatus.DONE
    )
    response = HttpResponse(bytes(found.content or b""), content_type=CONTENT_TYPES[found.file_format])
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    return response
