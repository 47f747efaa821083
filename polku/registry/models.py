"""The register keeper's own records: the client's log extract requests (ATL 11) and their PDF documents
written in the background, and the runs of `polku retention` with what each removed (ATL 703/2023, annex)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.core.models import BaseModel


class LogRequestStatus(models.TextChoices):
    OPEN = "open", _("open")
    ANSWERED = "answered", _("answered")


class LogExtractRequest(BaseModel):
    """The client's request to know who used or received their data (ATL 11)."""

    client_id = models.UUIDField(_("client"), db_index=True)
    team_id = models.UUIDField(_("team"), null=True, blank=True)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer due"))
    how_received = models.CharField(_("how the request came"), max_length=200, blank=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    special_reason = models.CharField(
        _("special reason for logs older than two years"), max_length=300, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=LogRequestStatus.choices, default=LogRequestStatus.OPEN
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("log extract request")
        verbose_name_plural = _("log extract requests")
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"{self.client_id} {self.received_on}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("being written")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class LogExtractExport(BaseModel):
    """The PDF document of a log extract, written in the background (`polku worker`) by
    registry.log_extract_document.log_extract_pdf_write: who ordered it, of which part of the request's
    period, how far the writing is, and the finished document. The document is client data: it is offered
    only to those who may see the request's client, and each download is logged as a reading of the
    extract."""

    request = models.ForeignKey(
        LogExtractRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="exports"
    )
    language = models.CharField(_("language"), max_length=5)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    content = models.BinaryField(_("document"), null=True, blank=True, editable=False)
    error = models.CharField(_("error"), max_length=300, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("log extract document")
        verbose_name_plural = _("log extract documents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.period_start}–{self.period_end} {self.status}"

    @property
    def percent(self) -> int:
        """How far the writing is: the rows read, of the rows the document will hold."""
        if self.status == ExportStatus.DONE:
            return 100
        return min(99, self.rows_done * 100 // self.rows_total) if self.rows_total else 0


class RetentionRun(models.Model):
    """One applied run of `polku retention` (see retention.py): who ran it, when, by which rule and cut-off,
    and how many records of each type it removed. Like the use log, it names the user by plain values so
    that it outlives the account."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    user_id = models.CharField(_("user ID"), max_length=64)
    username = models.CharField(_("user name"), max_length=150)
    user_full_name = models.CharField(_("user's name"), max_length=300)
    rule = models.CharField(_("retention rule"), max_length=64)
    cutoff = models.DateTimeField(_("closed before"))
    clients = models.PositiveIntegerField(_("clients whose records were removed"), default=0)
    # {"app_label.Model": count}, summed over the clients.
    counts = models.JSONField(_("records removed"), default=dict)
    # [{"client": id, "error": text}] for clients whose removal was refused and rolled back.
    failures = models.JSONField(_("refused"), default=list)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.rule}: {self.clients}"


class RetentionRemoval(models.Model):
    """The records of one client removed by one run, written in the same transaction as the removal.
    `client_id` is a plain id, not a key, so that the row outlives everything it speaks of."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(
        RetentionRun, verbose_name=_("run"), on_delete=models.PROTECT, related_name="removals"
    )
    client_id = models.UUIDField(_("client"), db_index=True)
    closed_at = models.DateTimeField(_("client relationship ended"))
    removed_at = models.DateTimeField(_("removed"), default=timezone.now)
    counts = models.JSONField(_("records removed"), default=dict)

    class Meta:
        verbose_name = _("records removed after retention")
        verbose_name_plural = _("records removed after retention")
        ordering = ["removed_at"]
        indexes = [models.Index(fields=["client_id", "removed_at"])]

    def __str__(self) -> str:
        return f"{self.client_id} {self.removed_at:%Y-%m-%d}"
