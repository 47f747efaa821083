"""The use log (käyttöloki) and the disclosure log (luovutusloki), ATL 10, and the client's log requests.

Rows name the user and the client by id and keep the user's name as it was, without foreign keys:
a log must outlive the accounts and the records it speaks of (logs are kept 12 years).

Both logs are append-only and hash chained (polku/audit/chain.py): each sealed row carries its place in
the chain (`seq`) and a keyed hash over its content and the hash of the row before it, so that a row
changed, removed or moved by hand in the database is found by `polku audit verify`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from polku.core.models import BaseModel


class Purpose(models.TextChoices):
    CLIENT_WORK = "client_work", _("client work")
    SUPERVISION = "supervision", _("supervision of client work")
    REGISTRATION = "registration", _("registering client data")
    SERVICE_PROVISION = "service_provision", _("providing a service")
    DATA_PROTECTION = "data_protection", _("answering the client's data protection request")


class Action(models.TextChoices):
    READ = "read", _("read")
    WRITE = "write", _("write")


class ChainedLogEntry(models.Model):
    """A log row that is never changed after it is written, only sealed into the chain once."""

    CHAIN: ClassVar[str]
    # Fields covered by the row hash, besides seq and the previous row's hash.
    HASHED_FIELDS: ClassVar[tuple[str, ...]]

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    seq = models.BigIntegerField(_("place in the chain"), null=True, unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    row_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("The log is append-only.")


class ClientLogEntry(ChainedLogEntry):
    """A log row about one client, naming the user as they were when it was written."""

    user_id = models.CharField(_("user ID"), max_length=64)
    username = models.CharField(_("user name"), max_length=150)
    user_full_name = models.CharField(_("user's name"), max_length=300)
    client_id = models.UUIDField(_("client"), db_index=True)

    class Meta:
        abstract = True


class UseLogEntry(ClientLogEntry):
    CHAIN = "use"
    HASHED_FIELDS = (
        "at",
        "user_id",
        "username",
        "user_full_name",
        "client_id",
        "action",
        "view",
        "object_type",
        "object_id",
        "purpose",
    )

    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    view = models.CharField(_("view"), max_length=120)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object ID"), max_length=64)
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)

    class Meta:
        verbose_name = _("use log entry")
        verbose_name_plural = _("use log entries")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["client_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type} {self.object_id}"


class LegalBasis(models.TextChoices):
    """Why data left the county's register: the client's consent, or a ground in law."""

    CONSENT = "consent", _("the client's consent")
    PURCHASED_SERVICE = "purchased_service", _("a service produced on the county's behalf")
    CLIENT_REQUEST = "client_request", _("the client's own request")
    LAW = "law", _("a provision of law")


class DisclosureLogEntry(ClientLogEntry):
    """Luovutusloki (ATL 10): what was disclosed, from whom, to whom, when, why, on what basis."""

    CHAIN = "disclosure"
    HASHED_FIELDS = (
        "at",
        "user_id",
        "username",
        "user_full_name",
        "client_id",
        "what",
        "object_type",
        "object_id",
        "from_organisation",
        "recipient",
        "recipient_organisation_id",
        "purpose",
        "legal_basis",
        "basis_detail",
        "consent_id",
    )

    what = models.CharField(_("what was disclosed"), max_length=300)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object ID"), max_length=64)
    from_organisation = models.CharField(_("disclosed by"), max_length=300)
    recipient = models.CharField(_("recipient"), max_length=300)
    recipient_organisation_id = models.CharField(_("recipient organisation ID"), max_length=64, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300)
    legal_basis = models.CharField(_("basis"), max_length=32, choices=LegalBasis.choices)
    basis_detail = models.CharField(_("basis in detail"), max_length=300, blank=True)
    consent_id = models.CharField(_("consent"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("disclosure log entry")
        verbose_name_plural = _("disclosure log entries")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["client_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.what} → {self.recipient}"


class ChainHead(models.Model):
    """Where each chain ends, and where it starts after rows past retention were removed."""

    chain = models.CharField(max_length=20, primary_key=True)
    seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)
    # Rows up to this place were removed at the end of their retention period; the first row kept
    # links to anchor_hash.
    pruned_through_seq = models.BigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.chain} @ {self.seq}"


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
