"""The use log (käyttöloki) and the disclosure log (luovutusloki), ATL 10, and the security log.

Rows name the user and the client by id and keep the user's name as it was, without foreign keys:
a log must outlive the accounts and the records it speaks of (logs are kept 12 years).

Both logs are append-only and hash chained (polku/audit/chain.py): each sealed row carries its place in
the chain (`seq`) and a keyed hash over its content and the hash of the row before it, so that a row
changed, removed or moved by hand in the database is found by `polku audit verify`. Each row also carries
its own keyed MAC over its content from the moment it is written (`row_mac`), so that a row changed or
forged before it is sealed is refused by the sealer. The security log (refused reads of signed-in users)
is chained the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar, cast

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    CLIENT_WORK = "client_work", _("client work")
    SUPERVISION = "supervision", _("supervision of client work")
    REGISTRATION = "registration", _("registering client data")
    SERVICE_PROVISION = "service_provision", _("providing a service")
    DATA_PROTECTION = "data_protection", _("answering the client's data protection request")
    CONSULTATION = "consultation", _("answering a consultation about the client")


class Action(models.TextChoices):
    READ = "read", _("read")
    WRITE = "write", _("write")


def canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if value is None:
        return None
    return str(value)


def keyed_mac(payload: dict[str, Any]) -> str:
    """HMAC-SHA256 under POLKU_AUDIT_KEY over a canonical JSON form of `payload`."""
    message = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    key = settings.AUDIT_CHAIN_KEY.encode("utf-8")
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def content_mac(model: type[ChainedLogEntry], values: dict[str, Any]) -> str:
    """The row's own MAC, over its content only (no place in the chain), given at insert time: `keyed_mac`
    of the row's hashed fields and its chain's name."""
    return content_macs(model, [values])[0]


def content_macs(model: type[ChainedLogEntry], rows: Sequence[dict[str, Any]]) -> list[str]:
    """`content_mac` of each row. The canonical JSON is written key by key in sorted order, as `keyed_mac`'s
    json.dumps writes it, each (key, value) once for all the rows: a list page's fifty rows share all but
    their client, and dumping and MACing each whole cost more than the page's queries."""
    key = settings.AUDIT_CHAIN_KEY.encode("utf-8")
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    names = sorted((*model.HASHED_FIELDS, "chain"))
    written: dict[tuple[str, Any], str] = {}
    macs = []
    for row in rows:
        parts = []
        for name in names:
            value = model.CHAIN if name == "chain" else row[name]
            part = written.get((name, value))
            if part is None:
                part = written[(name, value)] = f"{encode(name)}:{encode(canonical(value))}"
            parts.append(part)
        message = "{" + ",".join(parts) + "}"
        macs.append(hmac.digest(key, message.encode("utf-8"), hashlib.sha256).hex())
    return macs


# SQLite takes at most 32,766 parameters in a statement: 11 a row.
SQLITE_ROWS_PER_INSERT = 2000


class ChainedLogManager(models.Manager):
    """Every insert, one by one or in bulk, gives the row its time and its own MAC."""

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        objs = list(objs)
        for obj in objs:
            obj.stamp()
        return super().bulk_create(objs, *args, **kwargs)

    def append(self, rows: Sequence[dict[str, Any]], *, using: str = DEFAULT_DB_ALIAS) -> None:
        """Insert `rows` (each a value for every hashed field) in one statement, each with its MAC.

        What bulk_create does without a model instance per row: a list page logs one row per client shown,
        and building fifty instances cost more than the page's own queries. On PostgreSQL the rows go as one
        array per column (`unnest`), so the statement's text is the same whatever the number of rows. Values
        go through each field's own conversion, so rows read back exactly as the ORM would have written them.
        """
        if not rows:
            return
        model = cast("type[ChainedLogEntry]", self.model)
        fields = [_field(model, name) for name in model.HASHED_FIELDS]
        connection = connections[using]
        quote = connection.ops.quote_name
        names = [quote(field.column) for field in fields] + [quote("row_mac")]
        # A list's rows share most of their values (the user, the view, the time): each is prepared once.
        prepared: dict[tuple[str, Any], Any] = {}

        def prepare(field: models.Field[Any, Any], value: Any) -> Any:
            key = (field.name, value)
            if key not in prepared:
                prepared[key] = field.get_db_prep_save(value, connection)
            return prepared[key]

        columns = [[prepare(field, row[field.name]) for row in rows] for field in fields]
        columns.append(content_macs(model, rows))
        table = quote(model._meta.db_table)
        # Identifiers and types come from the model's own meta; every value is a parameter.
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # A column with one value for all the rows (the user, the view, the time) goes as that value,
                # the others as arrays; the MACs always, so that there is an array to give the rows.
                types = [field.db_type(connection) for field in fields] + ["text"]
                same = [all(value == values[0] for value in values) for values in columns[:-1]] + [False]
                selected = [
                    f"%s::{kind}" if one else f"listed.c{index}"
                    for index, (kind, one) in enumerate(zip(types, same, strict=True))
                ]
                arrays = [f"%s::{kind}[]" for kind, one in zip(types, same, strict=True) if not one]
                listed = [f"c{index}" for index, one in enumerate(same) if not one]
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(names)}, prev_hash, row_hash) "  # noqa: S608
                    f"SELECT {', '.join(selected)}, '', '' "
                    f"FROM unnest({', '.join(arrays)}) AS listed({', '.join(listed)})",
                    [values[0] for values, one in zip(columns, same, strict=True) if one]
                    + [values for values, one in zip(columns, same, strict=True) if not one],
                )
            else:
                rows_of = list(zip(*columns, strict=True))
                row = f"({', '.join(['%s'] * len(names))}, '', '')"
                for start in range(0, len(rows_of), SQLITE_ROWS_PER_INSERT):
                    batch = rows_of[start : start + SQLITE_ROWS_PER_INSERT]
                    cursor.execute(
                        f"INSERT INTO {table} ({', '.join(names)}, prev_hash, row_hash) "  # noqa: S608
                        f"VALUES {', '.join([row] * len(batch))}",
                        [value for values in batch for value in values],
                    )


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    return cast("models.Field[Any, Any]", model._meta.get_field(name))


def unsealed_index(name: str) -> models.Index:
    """The rows still waiting for the sealer, by id: a partial index, so finding them costs the same however
    long the sealed chain has grown (and whatever the dead entries of a busy table since its last vacuum)."""
    return models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name=name)


class ChainedLogEntry(models.Model):
    """A log row that is never changed after it is written, only sealed into the chain once."""

    CHAIN: ClassVar[str]
    # Fields covered by the row hash, besides seq and the previous row's hash.
    HASHED_FIELDS: ClassVar[tuple[str, ...]]

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    seq = models.BigIntegerField(_("place in the chain"), null=True, unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    row_hash = models.CharField(max_length=64, blank=True, editable=False)
    row_mac = models.CharField(max_length=64, blank=True, editable=False)

    objects = ChainedLogManager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The log is append-only.")
        self.stamp()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("The log is append-only.")

    def stamp(self) -> None:
        if self.at is None:
            self.at = timezone.now()
        self.row_mac = content_mac(type(self), {name: getattr(self, name) for name in self.HASHED_FIELDS})


class ClientLogEntry(ChainedLogEntry):
    """A log row about one client, naming the user as they were when it was written."""

    user_id = models.CharField(_("user ID"), max_length=64)
    username = models.CharField(_("user name"), max_length=150)
    user_full_name = models.CharField(_("user's name"), max_length=300)
    # Indexed with the time in each log's own (client_id, at…) index, which serves lookups by client too.
    client_id = models.UUIDField(_("client"))

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
        indexes = [
            # One client's rows in order, for the log extract's pages and stream (migration 0007).
            models.Index(fields=["client_id", "at", "id"], name="audit_uselog_client_at_id"),
            unsealed_index("audit_use_unsealed"),
        ]

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
        indexes = [models.Index(fields=["client_id", "at"]), unsealed_index("audit_disclosure_unsealed")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.what} → {self.recipient}"


class SecurityLogEntry(ChainedLogEntry):
    """A refused request (403/404) of a signed-in user: probing for other clients' data leaves a name."""

    CHAIN = "security"
    HASHED_FIELDS = ("at", "user_id", "username", "method", "path", "status")

    user_id = models.CharField(_("user ID"), max_length=64)
    username = models.CharField(_("user name"), max_length=150, db_index=True)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("address"), max_length=500)
    status = models.PositiveSmallIntegerField(_("outcome"))

    class Meta:
        verbose_name = _("security log entry")
        verbose_name_plural = _("security log entries")
        ordering = ["at", "id"]
        indexes = [unsealed_index("audit_security_unsealed")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.method} {self.path} {self.status}"


class ChainHead(models.Model):
    """Where each chain ends, and where it starts after rows past retention were removed.

    `head_mac` authenticates the head with the key; `anchor_at` is the time of the last row removed by
    pruning (verify checks it is past retention). `checkpoint_seq`/`checkpoint_at` say when the sealer
    last wrote the head to the checkpoint file, so that most seals need no extra query to decide.
    """

    chain = models.CharField(max_length=20, primary_key=True)
    seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)
    # Rows up to this place were removed at the end of their retention period; the first row kept
    # links to anchor_hash.
    pruned_through_seq = models.BigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, blank=True)
    anchor_at = models.DateTimeField(null=True, blank=True)
    # The highest row id removed by pruning: ids above it are checked for gaps (see chain.py).
    anchor_id = models.BigIntegerField(default=0)
    head_mac = models.CharField(max_length=64, blank=True)
    checkpoint_seq = models.BigIntegerField(default=0)
    checkpoint_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.chain} @ {self.seq}"

    def mac_payload(self) -> dict[str, Any]:
        return {
            "chain": self.chain,
            "seq": self.seq,
            "last_hash": self.last_hash,
            "pruned_through_seq": self.pruned_through_seq,
            "anchor_hash": self.anchor_hash,
            "anchor_at": canonical(self.anchor_at),
            "anchor_id": self.anchor_id,
        }

    def expected_mac(self) -> str:
        return keyed_mac({"head": self.mac_payload()})

    def sign(self) -> None:
        self.head_mac = self.expected_mac()
