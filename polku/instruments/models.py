"""Answers to instruments (mittarit), the client's one-time links, and the change aggregates.

Definitions live in data files (definitions.py); rows here name them by code and version.
"""

from __future__ import annotations

import uuid
from uuid import UUID

from django.db import models
from django.utils.translation import gettext_lazy as _

from polku.clients.links import ClientLink
from polku.clients.models import Client
from polku.core.models import BaseModel
from polku.core.transitions import Transitions
from polku.messaging.links import link_sendable
from polku.messaging.models import MessageKind


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")


# The only move: an answer in progress is completed. A completed answer is never changed; answer again.
STATUS_TRANSITIONS = Transitions(
    ResponseStatus,
    {ResponseStatus.IN_PROGRESS: {ResponseStatus.COMPLETED}, ResponseStatus.COMPLETED: set()},
)


class ResponseMode(models.TextChoices):
    WITH_WORKER = "with_worker", _("filled in with the worker")
    CLIENT_LINK = "client_link", _("filled in by the client through a link")
    API = "api", _("received through the API")


class Response(BaseModel):
    """One answer set of a client to one version of an instrument (vastaus)."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="instrument_responses"
    )
    instrument_code = models.CharField(_("instrument"), max_length=64)
    instrument_version = models.PositiveIntegerField(_("instrument version"))
    status = models.CharField(
        _("status"), max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.IN_PROGRESS
    )
    mode = models.CharField(_("how it was filled in"), max_length=16, choices=ResponseMode.choices)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    scores = models.JSONField(_("scores"), default=dict, blank=True, editable=False)
    next_page = models.PositiveSmallIntegerField(_("next page to fill"), default=0)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Where the answer was given, e.g. {"service": [...], "provider": [...], "group": [...]}: the keys of
    # CONTEXT_DIMENSIONS become breakdowns of the effectiveness report.
    context = models.JSONField(_("context"), default=dict, blank=True)

    class Meta:
        verbose_name = _("instrument answer")
        verbose_name_plural = _("instrument answers")
        indexes = [models.Index(fields=["client", "instrument_code", "answered_at"])]

    def __str__(self) -> str:
        return (
            f"{self.instrument_code}@{self.instrument_version} {self.answered_at or self.created_at:%Y-%m-%d}"
        )

    @property
    def is_completed(self) -> bool:
        return self.status == ResponseStatus.COMPLETED


class ResponseLink(ClientLink):
    """A one-time link (kertakäyttölinkki) for the client to fill in one answer at home.

    The link opens the answer until it is completed or expires; progress is saved page by page, so the
    client may stop and come back through the same link.

    The link is bound to the first browser that opens it: that browser gets a random secret in a cookie and
    only the secret's hash is kept here (`browser_hash`). Another browser with the link sees no saved
    answers and cannot change them (polku.clients.links, services.response_link_open).
    """

    BINDS_BROWSER = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.OneToOneField(
        Response, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="link"
    )

    class Meta:
        verbose_name = _("one-time answer link")
        verbose_name_plural = _("one-time answer links")

    def __str__(self) -> str:
        return f"link {self.pk}"

    @property
    def link_client_id(self) -> UUID:
        return self.response.client_id

    def target_done(self) -> bool:
        return self.response.is_completed


class ClientInstrumentSummary(models.Model):
    """Per client and instrument: the first and the latest completed answer and what they add to the
    change aggregates (see aggregates.py). Kept current in the transaction that completes an answer."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="instrument_summaries")
    instrument_code = models.CharField(max_length=64)
    first_response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="+")
    latest_response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="+")
    first_at = models.DateTimeField()
    latest_at = models.DateTimeField()
    first_scores = models.JSONField(default=dict)
    latest_scores = models.JSONField(default=dict)
    responses = models.PositiveIntegerField(default=1)
    # Exactly what this client now adds to ChangeAggregate, so that it can be taken back exactly:
    # {"period": "YYYY-MM-01", "dimensions": {dim: [values]}, "domains": {domain: [change, class]}}.
    contribution = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "instrument_code"], name="one_summary_per_instrument")
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.instrument_code}"


class ChangeAggregate(models.Model):
    """Running sums of paired first-to-latest change, per instrument, month of the latest answer,
    breakdown (dimension and value) and domain. Holds no person's data: the report reads only these rows.

    `sum_change` and `sum_squares` are in hundredths (and hundredths squared) of a score point: whole
    numbers, so adding and subtracting clients is exact."""

    instrument_code = models.CharField(max_length=64)
    period = models.DateField()  # first day of the month of the latest answer
    dimension = models.CharField(max_length=32)  # "all", "municipality", "age_group", ..., "service"
    value = models.CharField(max_length=64, blank=True)  # "" = not recorded (and the only value of "all")
    domain = models.CharField(max_length=64)
    n = models.IntegerField(default=0)
    sum_change = models.BigIntegerField(default=0)
    sum_squares = models.BigIntegerField(default=0)
    improved = models.IntegerField(default=0)
    unchanged = models.IntegerField(default=0)
    worsened = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instrument_code", "period", "dimension", "value", "domain"],
                name="one_change_aggregate_per_cell",
            )
        ]
        indexes = [models.Index(fields=["instrument_code", "dimension", "period"])]

    def __str__(self) -> str:
        return f"{self.instrument_code} {self.period} {self.dimension}={self.value} {self.domain}: {self.n}"


# The worker sends this link to the client by e-mail or SMS with one click (polku.messaging).
link_sendable(
    ResponseLink, kind=MessageKind.SELF_ASSESSMENT_LINK, url_name="instrument_answer", argument="link_token"
)
