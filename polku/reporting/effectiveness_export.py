"""The effectiveness report as CSV and XLSX: the same figures as on screen, small cells as "<5", cells
hidden to protect another as SECONDARY_MARK. Written by the streaming writers of monitoring_exports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from polku.reporting import monitoring_exports
from polku.reporting.effectiveness import Figures, Report


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
        together = table.hidden_together
        if together is not None:
            clients = together.n_shown if together.suppressed else together.n
            yield [*lead, together.label, table.title, table.mid, clients, *[""] * 7]


def filename_of(code: str, start: date, end: date, by: str, extension: str) -> str:
    return f"effectiveness_{code}_{start:%Y%m}-{end:%Y%m}_{by}.{extension}"


def filename(report: Report, extension: str) -> str:
    return filename_of(report.instrument.code, report.start, report.end, report.by, extension)


def csv_response(report: Report) -> StreamingHttpResponse:
    return monitoring_exports.csv_response(rows(report), filename(report, "csv"))


def xlsx_response(report: Report) -> FileResponse:
    """Written row by row (polku.core.xlsx) into a temporary file streamed out in chunks."""
    return monitoring_exports.xlsx_response(rows(report), filename(report, "xlsx"), sheet=sheet_name())


def sheet_name() -> str:
    return _("Effectiveness")
