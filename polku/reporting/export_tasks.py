"""Report exports too large to write while the browser waits: the effectiveness report broken down by
hundreds of groups (suppressing a table of 1,374 teams takes some 10 s at a million clients) and the
deadline compliance of hundreds of teams (an analyst's, at a million clients 16,500 rows in 2-3 s). The
export page orders one (polku.reporting.services.report_export_order) and `polku worker` writes it with
this task, with the same mechanism as the log extract's PDF (polku/registry/log_extract_document.py):
a django-tasks task that records its progress in a row (ReportExport) that the export's page polls.

The files are written with the same streaming writers as the exports answered at once
(monitoring_exports), into a temporary file; deadline compliance a page of teams at a time, so the
worker's memory does not grow with the number of teams."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from django.core.paginator import Paginator
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from polku.accounts.models import User
from polku.registry.models import ExportStatus
from polku.reporting import effectiveness_export
from polku.reporting.effectiveness import effectiveness_report
from polku.reporting.models import ReportExport
from polku.reporting.monitoring import Pager, compliance_team_count, deadline_compliance
from polku.reporting.monitoring_exports import compliance_body, compliance_header, write_csv, write_xlsx

EFFECTIVENESS, DEADLINES = "effectiveness", "deadlines"
FORMATS = ("csv", "xlsx")
# Above these an export is written in the background: measured at a million clients, suppressing an
# effectiveness breakdown of 306 groups took 0.9 s and of 1,374 teams 10 s; the deadline compliance of
# 1,374 teams 1.6 s as CSV and 2-3 s as XLSX.
INLINE_GROUPS = 200
INLINE_TEAMS = 500
TEAMS_A_PAGE = 200  # deadline compliance is read and written this many teams at a time
PROGRESS_EVERY = 1000  # rows between two progress updates

Rows = Iterable[Sequence[Any]]


def _effectiveness(user: User, params: dict[str, Any]) -> tuple[Rows, str]:
    report = effectiveness_report(
        user=user,
        instrument_code=params["instrument"],
        start=date.fromisoformat(params["start"]),
        end=date.fromisoformat(params["end"]),
        by=params["by"],
    )
    return effectiveness_export.rows(report), effectiveness_export.sheet_name()


def _deadlines(user: User, params: dict[str, Any]) -> tuple[Rows, str]:
    first, last = date.fromisoformat(params["first"]), date.fromisoformat(params["last"])
    compliance_team_count(user=user, first=first, last=last)  # refuses before any file is begun

    def page_number(number: int) -> Pager:
        return lambda teams: Paginator(teams, TEAMS_A_PAGE).page(number)

    def rows() -> Iterator[list[Any]]:
        yield compliance_header()
        number = 1
        while True:
            data = deadline_compliance(user=user, first=first, last=last, pager=page_number(number))
            yield from compliance_body(data)
            if data.page is None or not data.page.has_next():
                return
            number += 1

    return rows(), _("Deadline compliance")


# Each kind of export: its rows and the name of its sheet, made from the filters it was ordered with.
WRITERS: dict[str, Callable[[User, dict[str, Any]], tuple[Rows, str]]] = {
    EFFECTIVENESS: _effectiveness,
    DEADLINES: _deadlines,
}


def _progress(export_id: UUID, **fields: object) -> None:
    ReportExport.objects.filter(pk=export_id).update(updated_at=timezone.now(), **fields)


def _counted(rows: Rows, export_id: UUID, done: list[int]) -> Iterator[Sequence[Any]]:
    for row in rows:
        yield row
        done[0] += 1
        if done[0] % PROGRESS_EVERY == 0:
            _progress(export_id, rows_done=done[0])


@task()
def report_export_write(export_id: str) -> int:
    """Write the file of one ReportExport as the one who ordered it (their access is asked again: a
    manager sees their own teams' figures, as on the page). Returns the number of rows written."""
    export = ReportExport.objects.defer("content").select_related("created_by").get(pk=export_id)
    _progress(export.pk, status=ExportStatus.RUNNING, rows_done=0)
    done = [0]
    try:
        if export.created_by is None:  # an export is always ordered by someone
            raise ValueError("A report export without the one who ordered it.")
        with translation.override(export.language), tempfile.TemporaryFile() as out:
            rows, sheet = WRITERS[export.kind](export.created_by, export.params)
            if export.file_format == "xlsx":
                write_xlsx(_counted(rows, export.pk, done), out, sheet)
            else:
                write_csv(_counted(rows, export.pk, done), out)
            out.seek(0)
            content = out.read()
    except Exception as exc:
        _progress(export.pk, status=ExportStatus.FAILED, error=str(exc)[:300], finished_at=timezone.now())
        raise
    _progress(
        export.pk,
        status=ExportStatus.DONE,
        rows_done=done[0],
        rows_total=done[0],
        content=content,
        finished_at=timezone.now(),
    )
    return done[0]
