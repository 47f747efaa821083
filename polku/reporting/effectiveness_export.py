"""The effectiveness report as CSV and XLSX: the same figures as on screen, small cells as "<5", cells
hidden to protect another as SECONDARY_MARK."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from polku.core.exports import csv_row, xlsx_row
from polku.reporting.effectiveness import Figures, Report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header() -> list[str]:
    return [
        _("Instrument"),
        _("From"),
        _("To"),
        _("Breakdown"),
        _("Group"),
        _("Area"),
        _("Minimal important difference"),
        _("Clients"),
        _("Mean change"),
        _("95 % CI lower"),
        _("95 % CI upper"),
        _("Standardised response mean"),
        _("Improved %"),
        _("Unchanged %"),
        _("Worsened %"),
    ]


def _number(value: float | None, mark: str, digits: int = 2) -> Any:
    return mark if value is None else round(value, digits)


def _figures(f: Figures) -> list[Any]:
    mark = f.hidden_mark if f.suppressed else ""
    return [
        mark if f.suppressed else f.n,
        _number(f.mean, mark),
        _number(f.ci_low, mark),
        _number(f.ci_high, mark),
        _number(f.srm, mark),
        *(_number(share, text if f.n > 0 else "", 1) for share, text in f.share_cells),
    ]


def rows(report: Report) -> Iterator[list[Any]]:
    yield header()
    lead = [report.instrument.code, report.start.isoformat(), report.end.isoformat(), report.by_label]
    for table in report.tables:
        for group in [table.total, *table.groups]:
            yield [*lead, group.label, table.title, table.mid, *_figures(group)]


def filename(report: Report, extension: str) -> str:
    period = f"{report.start:%Y%m}-{report.end:%Y%m}"
    return f"effectiveness_{report.instrument.code}_{period}_{report.by}.{extension}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(report: Report) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";")  # semicolons: what Excel expects in Finnish locales
    body = (writer.writerow(csv_row(row)) for row in rows(report))
    response = StreamingHttpResponse(
        (line for line in ("\ufeff", *body)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename(report, "csv")}"'
    return response


def xlsx_response(report: Report) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Effectiveness"))
    for row in rows(report):
        sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename(report, "xlsx")}"'
    return response
