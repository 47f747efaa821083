"""The reports' pre-aggregated tables: counts without any person's data, rebuilt from the records by
polku.reporting.refresh (the background worker), so that a report reads a number of rows that does not
grow with the number of clients. Effectiveness reads instruments.ChangeAggregate, kept current with each
answer; these tables serve the monitoring reports.

Each table holds exactly what its report's filters and breakdowns need:

- `DeadlineCell`: statutory initiations (SHL 36) per team and day of initiation, and again per team and
  month, so a period of whole months reads one row per team and month and only its partial first and last
  months read days. Pending ones (not started, due on or after the day of the refresh) keep their due date,
  so that they turn late at read time on the day after it.
- `EsrCell`: project participants per project, status group, age group on entry and woman or not, counted
  on the day they started and on the day they ended, and again per month: those overlapping [first, last]
  are the ones started by `last` minus the ones ended before `first`, each read as whole months before
  the date's month and days within it.
- `CaseloadCell`: open client relationships per team and personal worker.
- `ServiceCell`: distinct clients with a running service episode per service kind and provider, keyed by
  the set of teams the client has an open relationship with, so that a manager of several teams counts
  each client once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Team
from polku.core.models import BaseModel
from polku.registry.models import ExportStatus


class ReportRefresh(models.Model):
    """When a pre-aggregated table was last rebuilt (shown on its report's page)."""

    table = models.CharField(max_length=32, primary_key=True)
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.table}: {self.refreshed_at:%Y-%m-%d %H:%M}"


class DeadlineCell(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    period = models.DateField()  # the day of initiation, or the first day of its month
    whole_month = models.BooleanField()
    due = models.DateField(null=True)  # only on pending rows: not started, due on or after the refresh day
    on_time = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    pending = models.IntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["whole_month", "period", "team"], name="deadline_cell_period")]

    def __str__(self) -> str:
        return f"{self.team_id} {self.period}: {self.on_time}/{self.late}/{self.pending}"


class EsrCell(models.Model):
    project = models.ForeignKey("structural.Project", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()  # the day, or the first day of the month when whole_month
    whole_month = models.BooleanField(default=False)
    status_group = models.CharField(max_length=16)
    age_group = models.CharField(max_length=10)
    woman = models.BooleanField()
    started = models.IntegerField(default=0)  # participations that started on `day` (in its month)
    ended = models.IntegerField(default=0)  # participations that ended on `day` (in its month)

    class Meta:
        indexes = [models.Index(fields=["project", "whole_month", "day"], name="esr_cell_project_day")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.day} {self.status_group}: {self.started}, {self.ended}"


class CaseloadCell(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    personal_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    n = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["team"], name="caseload_cell_team")]

    def __str__(self) -> str:
        return f"{self.team_id} {self.personal_worker_id}: {self.n}"


class ServiceCell(models.Model):
    kind = models.CharField(max_length=64)
    provider_name = models.CharField(max_length=200)
    teams = models.TextField()  # the ids of the client's open relationships' teams, sorted, comma-separated
    n = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.kind}, {self.provider_name} [{self.teams}]: {self.n}"


class ReportExport(BaseModel):
    """A report's export (CSV or XLSX) too large to write while the browser waits, written in the
    background (`polku worker`) by polku.reporting.export_tasks.report_export_write, as the log extract's
    PDF is: which report with which filters, in which language, for whom, how far the writing is, and
    the finished file. It holds figures only (suppressed as on the page); only the one who ordered it
    sees it and downloads it."""

    kind = models.CharField(_("report"), max_length=32)
    file_format = models.CharField(_("format"), max_length=8)
    params = models.JSONField(_("filters"), default=dict)
    language = models.CharField(_("language"), max_length=5)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content = models.BinaryField(_("file"), null=True, blank=True, editable=False)
    error = models.CharField(_("error"), max_length=300, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "created_at"], name="report_export_by_creator")]

    def __str__(self) -> str:
        return f"{self.kind}.{self.file_format} {self.status}"

    @property
    def pending(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def percent(self) -> int:
        """How far the writing is: the rows written, of the rows the file will hold."""
        if self.status == ExportStatus.DONE:
            return 100
        return min(99, self.rows_done * 100 // self.rows_total) if self.rows_total else 0
