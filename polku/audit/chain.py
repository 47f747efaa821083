"""Hash chaining of the use log, the disclosure log and the security log, and its verification.

Rows are written without a place in the chain, each with its own MAC, and a request never waits for the
chain: the background worker (`polku worker`, POLKU_WORKER_SCHEDULE) seals every second or so. The sealer
takes the chain head under a row lock (a second sealer skips, it does not queue), gives each waiting row
the next `seq`, the hash of the row before it and its own hash, in one statement per batch, and moves the
head. `polku audit seal` takes a backlog by hand.

The row hash is an HMAC-SHA256 under POLKU_AUDIT_KEY over the row's fields, its seq and the previous
hash: a person who can change the database but does not hold the key cannot forge a consistent chain.

What else holds, and why:

* Every row has its own MAC from the moment it is inserted (`row_mac`, content only, models.py), given by
  the model's save() and its manager's bulk_create, the only ways rows are written. The sealer refuses a
  row whose MAC does not match: it stays unsealed, `polku audit seal` names it and `verify` fails on it.
  So a row changed or forged between its commit and its seal (or while a crashed process left it
  unsealed) is never sealed as if it were true.
* The insert sequence is the row id. On SQLite ids are dense: the AUTOINCREMENT counter is written in
  the same transaction as the row, so a rolled-back write leaves no hole and a missing id above the
  pruned anchor (`ChainHead.anchor_id`) is a row removed before it was sealed; seal reports such a gap
  and verify fails on it. On PostgreSQL a rolled-back transaction burns sequence values, so holes are
  normal and are not reported; there the database triggers (migration 0004) refuse DELETE of log rows
  outright, except inside prune(), and the app runs as a role that cannot drop them (README).
* The head is authenticated: `head_mac` is an HMAC over chain, seq, last hash, the pruned place, the
  anchor hash, the anchor row's time and id. Without the key nobody moves the head back or the anchor
  forward. prune() moves the anchor only past rows older than the retention period, and verify checks
  that the anchor row's time is older than that, relative to now.
* A head rolled back to an older, genuinely signed state, or everything deleted together with the head,
  cannot be told from the database alone: `polku audit checkpoint` writes the signed head to an
  append-only file outside the database, the sealer does so every AUDIT_CHECKPOINT_EVERY_ROWS rows or
  AUDIT_CHECKPOINT_EVERY_MINUTES minutes, and `verify --checkpoints FILE` fails when a chain is shorter
  than a checkpoint or its row at the checkpoint's place has another hash.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from polku.audit.models import (
    ChainedLogEntry,
    ChainHead,
    DisclosureLogEntry,
    SecurityLogEntry,
    UseLogEntry,
    canonical,
    content_mac,
    keyed_mac,
)

logger = logging.getLogger(__name__)

CHAINED_LOGS: tuple[type[ChainedLogEntry], ...] = (UseLogEntry, DisclosureLogEntry, SecurityLogEntry)
# The one retention period of the logs. Client Data Act (laki sosiaali- ja terveydenhuollon asiakastietojen
# käsittelystä 703/2023), annex: the use log and the disclosure log are kept 12 years; the security log and
# the records of retention runs (polku/registry) are logs too and are kept as long. audit enforces it
# (prune refuses a later cut, verify checks the anchor's age), so it lives here, below registry, which
# reads it for its retention rules (polku/registry/retention.py).
LOG_RETENTION_YEARS = 12
LOG_RETENTION = relativedelta(years=LOG_RETENTION_YEARS)
SEAL_BATCH = 1000
# One call seals at most this many rows and returns, whatever the backlog: a request that meets rows a
# crashed or timed-out process left never loops over them (`polku audit seal` takes the rest).
SEAL_MAX_ROWS_PER_CALL = 5 * SEAL_BATCH


def row_digest(model: type[ChainedLogEntry], values: dict[str, Any], seq: int, prev_hash: str) -> str:
    payload = {name: canonical(values[name]) for name in model.HASHED_FIELDS}
    payload["seq"] = seq
    payload["prev"] = prev_hash
    return keyed_mac(payload)


def _dense_ids() -> bool:
    """Whether a missing row id means a removed row (see the module docstring)."""
    return connection.vendor == "sqlite"


def _head(model: type[ChainedLogEntry], *, wait: bool = True) -> ChainHead | None:
    """The chain's head, locked; made (and signed) the first time (one query on every later seal).

    With wait=False a head another sealer holds is skipped (None) instead of waited for: sealers never
    queue behind each other.
    """
    head = ChainHead.objects.select_for_update(skip_locked=not wait).filter(chain=model.CHAIN).first()
    if head is None and not wait and ChainHead.objects.filter(chain=model.CHAIN).exists():
        return None  # another sealer holds it
    if head is None:
        fresh = ChainHead(chain=model.CHAIN, checkpoint_at=timezone.now())
        fresh.sign()
        ChainHead.objects.get_or_create(
            chain=model.CHAIN, defaults={"head_mac": fresh.head_mac, "checkpoint_at": fresh.checkpoint_at}
        )
        head = ChainHead.objects.select_for_update().get(chain=model.CHAIN)
    return head


@dataclass
class SealReport:
    chain: str
    sealed: int = 0
    refused: list[int] = field(default_factory=list)  # row ids whose own MAC did not match
    gaps: list[tuple[int, int]] = field(default_factory=list)  # id ranges missing from the insert sequence
    checkpointed: bool = False
    head_forged: bool = False  # the head's MAC was wrong: nothing was sealed onto it
    busy: bool = False  # another sealer held the head: this call sealed nothing and left it to that one
    bounded: bool = False  # the call stopped at SEAL_MAX_ROWS_PER_CALL: more rows may be waiting


def _missing_ids(model: type[ChainedLogEntry], low: int, high: int) -> bool:
    """Whether some id strictly between low and high is absent (one query, only when ids jump)."""
    present = model._default_manager.filter(pk__gt=low, pk__lt=high).count()
    return present < high - low - 1


def _checkpoint_due(head: ChainHead, now: datetime) -> bool:
    every_rows, every_minutes = settings.AUDIT_CHECKPOINT_EVERY_ROWS, settings.AUDIT_CHECKPOINT_EVERY_MINUTES
    if head.seq == head.checkpoint_seq:
        return False
    if head.seq - head.checkpoint_seq >= every_rows:
        return True
    return head.checkpoint_at is None or now - head.checkpoint_at >= timedelta(minutes=every_minutes)


def _write_seals(model: type[ChainedLogEntry], sealed: list[ChainedLogEntry]) -> int:
    """The batch's places and hashes in one UPDATE, each row found by its primary key."""
    if not sealed:
        return 0
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_update(sealed, ["seq", "prev_hash", "row_hash"])
    # PostgreSQL: a join on a VALUES list, planned on the primary key whatever the statistics say (the
    # CASE form of bulk_update was once planned on the seq index after an ANALYZE: 66 rows/s).
    table = connection.ops.quote_name(model._meta.db_table)
    values = ", ".join(["(%s::bigint, %s::bigint, %s, %s)"] * len(sealed))
    params: list[Any] = []
    for row in sealed:
        params += [row.pk, row.seq, row.prev_hash, row.row_hash]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS t SET seq = v.seq, prev_hash = v.prev_hash, row_hash = v.row_hash "  # noqa: S608
            f"FROM (VALUES {values}) AS v(id, seq, prev_hash, row_hash) WHERE t.id = v.id AND t.seq IS NULL",
            params,
        )
        return int(cursor.rowcount)


def seal_report(model: type[ChainedLogEntry], *, wait: bool = True) -> SealReport:
    """Seal committed rows still outside the chain, oldest first, refusing rows whose MAC is wrong; at most
    SEAL_MAX_ROWS_PER_CALL rows, so that a call always returns soon. With wait=False, a chain another
    sealer is sealing is left to it (`busy`)."""
    result = SealReport(model.CHAIN)
    after_id = 0
    dense = _dense_ids()
    due: ChainHead | None = None
    for _ in range(SEAL_MAX_ROWS_PER_CALL // SEAL_BATCH):
        with transaction.atomic():
            head = _head(model, wait=wait)
            if head is None:
                result.busy = True
                break
            pending = list(
                model._default_manager.filter(seq__isnull=True, pk__gt=after_id)
                .order_by("id")
                .values("id", "row_mac", *model.HASHED_FIELDS)[:SEAL_BATCH]
            )
            if not pending:
                break
            if head.head_mac != head.expected_mac():
                # Sealing onto a head moved by hand would sign the move: refuse, and leave it to verify.
                result.head_forged = True
                break
            seq, prev = head.seq, head.last_hash
            last_id = after_id
            sealed: list[ChainedLogEntry] = []
            for values in pending:
                if (
                    dense
                    and last_id
                    and values["id"] > last_id + 1
                    and _missing_ids(model, last_id, values["id"])
                ):
                    result.gaps.append((last_id + 1, values["id"] - 1))
                last_id = values["id"]
                if content_mac(model, values) != values["row_mac"]:
                    result.refused.append(values["id"])
                    continue
                seq += 1
                digest = row_digest(model, values, seq, prev)
                row = model(seq=seq, prev_hash=prev, row_hash=digest)
                row.pk = values["id"]
                sealed.append(row)
                prev = digest
            # The batch in one UPDATE statement (the head lock is held).
            updated = _write_seals(model, sealed)
            if updated != len(sealed):  # pragma: no cover - the head lock makes this impossible
                raise RuntimeError("A log row was sealed by someone else while the chain was locked.")
            result.sealed += len(sealed)
            after_id = last_id
            head.seq, head.last_hash = seq, prev
            head.sign()
            fields = ["seq", "last_hash", "head_mac"]
            now = timezone.now()
            if _checkpoint_due(head, now):
                head.checkpoint_seq, head.checkpoint_at = head.seq, now
                fields += ["checkpoint_seq", "checkpoint_at"]
                due = head
            head.save(update_fields=fields)
        if len(pending) < SEAL_BATCH:  # a short batch was the last: no second look needed
            break
    else:
        result.bounded = True
    if result.head_forged:
        logger.error("%s log: the chain's head is not signed with the key; nothing was sealed", model.CHAIN)
    for row_id in result.refused:
        logger.error("%s log: row %s does not match its own MAC; it was not sealed", model.CHAIN, row_id)
    for low, high in result.gaps:
        logger.error(
            "%s log: rows with id %s-%s were removed before they were sealed", model.CHAIN, low, high
        )
    if due is not None:
        result.checkpointed = _checkpoint_append([due]) is not None
    return result


def seal(model: type[ChainedLogEntry]) -> int:
    """Seal committed rows still outside the chain, oldest first, at most SEAL_MAX_ROWS_PER_CALL of them;
    returns how many were sealed."""
    return seal_report(model).sealed


def seal_backlog(model: type[ChainedLogEntry]) -> SealReport:
    """Seal every row waiting, however many, call after bounded call (`polku audit seal`)."""
    total = SealReport(model.CHAIN)
    while True:
        report = seal_report(model)
        total.sealed += report.sealed
        # Each call reads again from the start, so a refused row or a gap is met once per call.
        total.refused += [row_id for row_id in report.refused if row_id not in total.refused]
        total.gaps += [gap for gap in report.gaps if gap not in total.gaps]
        total.checkpointed = total.checkpointed or report.checkpointed
        total.head_forged = report.head_forged
        # Stop when nothing waits, or when a call made no progress (only refused rows in its reach).
        if not report.bounded or report.sealed == 0:
            return total


def seal_all() -> dict[str, int]:
    """One bounded sealing round of every chain, skipping a chain another sealer holds: what the background
    worker runs every second (POLKU_WORKER_SCHEDULE). Returns the rows sealed per chain."""
    return {model.CHAIN: seal_report(model, wait=False).sealed for model in CHAINED_LOGS}


@dataclass(frozen=True)
class Finding:
    chain: str
    seq: int | None
    row_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"row {self.row_id}" if self.row_id is not None else "the chain"
        place = f" (place {self.seq} in the chain)" if self.seq is not None else ""
        return f"{self.chain} log, {where}{place}: {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    chain: str
    checked: int
    unsealed: int
    finding: Finding | None


def _rows(model: type[ChainedLogEntry]) -> Iterator[dict[str, Any]]:
    fields = ("id", "seq", "prev_hash", "row_hash", "row_mac", *model.HASHED_FIELDS)
    return (
        model._default_manager.filter(seq__isnull=False)
        .order_by("seq")
        .values(*fields)
        .iterator(chunk_size=2000)
    )


def _head_finding(model: type[ChainedLogEntry], head: ChainHead | None, now: datetime) -> Finding | None:
    if head is None:
        if model._default_manager.filter(seq__isnull=False).exists():
            return Finding(model.CHAIN, None, None, "the chain's head is missing (removed by hand)")
        return None
    if not head.head_mac or head.head_mac != head.expected_mac():
        return Finding(
            model.CHAIN,
            head.seq,
            None,
            "the chain's head is not signed with the key (changed or reset by hand)",
        )
    if head.pruned_through_seq and (head.anchor_at is None or head.anchor_at >= now - LOG_RETENTION):
        return Finding(
            model.CHAIN,
            head.pruned_through_seq,
            None,
            f"the start of the chain was moved past rows younger than {LOG_RETENTION_YEARS} years",
        )
    return None


def _gap_finding(model: type[ChainedLogEntry], head: ChainHead | None) -> Finding | None:
    if not _dense_ids():
        return None
    anchor_id = head.anchor_id if head else 0
    span = model._default_manager.filter(pk__gt=anchor_id).aggregate(low=Min("pk"), high=Max("pk"))
    if span["high"] is None:
        return None
    low = anchor_id + 1 if anchor_id else span["low"]
    if not _missing_ids(model, low - 1, span["high"] + 1):  # one count; the ids are read only for a gap
        return None
    present = set(
        model._default_manager.filter(pk__gt=anchor_id).values_list("pk", flat=True).iterator(chunk_size=5000)
    )
    first = next(i for i in range(low, span["high"] + 1) if i not in present)
    last = first
    while last + 1 not in present and last + 1 <= span["high"]:
        last += 1
    ids = f"{first}" if first == last else f"{first}–{last}"
    return Finding(model.CHAIN, None, None, f"rows with id {ids} were removed from the insert sequence")


def verify(model: type[ChainedLogEntry]) -> ChainReport:
    """Walk the chain from its anchor; report the first row altered, removed, reordered or inserted.

    Then the unsealed rows' own MACs, the head's MAC and anchor, and gaps in the insert sequence.
    """
    now = timezone.now()
    stored = ChainHead.objects.filter(chain=model.CHAIN).first()
    head = stored or ChainHead(chain=model.CHAIN)
    expected_seq, prev = head.pruned_through_seq + 1, head.anchor_hash
    checked = 0
    unsealed = model._default_manager.filter(seq__isnull=True).count()

    def report(finding: Finding | None) -> ChainReport:
        return ChainReport(model.CHAIN, checked, unsealed, finding)

    for row in _rows(model):
        seq = row["seq"]
        if seq < expected_seq:
            return report(Finding(model.CHAIN, seq, row["id"], "lies before the start of the chain"))
        if seq > expected_seq:
            missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}–{seq - 1}"
            return report(Finding(model.CHAIN, seq, row["id"], f"rows at place {missing} were removed"))
        own = row_digest(model, row, seq, row["prev_hash"])
        if own != row["row_hash"] or content_mac(model, row) != row["row_mac"]:
            return report(Finding(model.CHAIN, seq, row["id"], "the row was altered"))
        if row["prev_hash"] != prev:
            return report(
                Finding(model.CHAIN, seq, row["id"], "the row does not follow the row before it (reordered)")
            )
        prev, expected_seq = row["row_hash"], seq + 1
        checked += 1
    if expected_seq - 1 != head.seq or prev != head.last_hash:
        return report(
            Finding(model.CHAIN, head.seq, None, f"rows after place {expected_seq - 1} were removed")
        )
    waiting = (
        model._default_manager.filter(seq__isnull=True)
        .order_by("id")
        .values("id", "row_mac", *model.HASHED_FIELDS)
    )
    for row in waiting.iterator(chunk_size=2000):
        if content_mac(model, row) != row["row_mac"]:
            return report(
                Finding(model.CHAIN, None, row["id"], "the row, not yet sealed, was altered or forged")
            )
    return report(_head_finding(model, stored, now) or _gap_finding(model, stored))


def prune(model: type[ChainedLogEntry], *, before: datetime, dry_run: bool = True) -> int:
    """Remove sealed rows written before `before` (retention), moving the chain's anchor past them.

    Only a leading run of the chain is removed, so what stays still verifies from the new anchor; and
    only rows past the retention period: `before` later than that is refused.
    """
    if before > timezone.now() - LOG_RETENTION:
        raise ValueError(
            f"Log rows are kept {LOG_RETENTION_YEARS} years; {before:%Y-%m-%d} is too late a cut."
        )
    with transaction.atomic():
        heads = ChainHead.objects.filter(chain=model.CHAIN)
        head = heads.first() if dry_run else heads.select_for_update().first()
        if head is None:  # nothing was ever sealed, so nothing can be past retention
            return 0
        rows = model._default_manager.filter(seq__isnull=False, seq__gt=head.pruned_through_seq).order_by(
            "seq"
        )
        first_kept = rows.filter(at__gte=before).values_list("seq", flat=True).first()
        last_removed = head.seq if first_kept is None else first_kept - 1
        doomed = model._default_manager.filter(seq__isnull=False, seq__lte=last_removed)
        count = doomed.count()
        if dry_run or count == 0:
            return count
        anchor_hash, anchor_at = (
            model._default_manager.filter(seq=last_removed).values_list("row_hash", "at").get()
        )
        top_id = doomed.aggregate(top=Max("id"))["top"] or 0
        if connection.vendor == "postgresql":
            # The log tables' triggers (migration 0004) let a DELETE through only with this set.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL polku.prune = 'on'")
        # QuerySet.delete would call no model delete(); the append-only rule is the model's, and
        # this is the one sanctioned removal, at the end of the retention period.
        doomed._raw_delete(doomed.db)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL polku.prune = 'off'")
        head.pruned_through_seq, head.anchor_hash, head.anchor_at = last_removed, anchor_hash, anchor_at
        head.anchor_id = max(head.anchor_id, top_id)
        head.sign()
        head.save(update_fields=["pruned_through_seq", "anchor_hash", "anchor_at", "anchor_id", "head_mac"])
        return count


def prune_logs(*, before: datetime, apply: bool) -> int:
    """The chained logs past their retention: rows written before `before`, removed when `apply`."""
    return sum(prune(model, before=before, dry_run=not apply) for model in CHAINED_LOGS)


# --- Checkpoints: the signed head, witnessed outside the database ------------------------------------------


def checkpoint_path(path: str | Path | None = None) -> Path:
    if path:
        return Path(path)
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def _checkpoint_mac(entry: dict[str, Any]) -> str:
    return keyed_mac({"checkpoint": {k: entry[k] for k in ("chain", "seq", "hash", "at")}})


def _checkpoint_append(heads: list[ChainHead], path: str | Path | None = None) -> Path | None:
    """Append one signed line per head to the checkpoint file; None (and an error logged) if it failed."""
    target = checkpoint_path(path)
    now = canonical(timezone.now())
    lines = []
    for head in heads:
        entry: dict[str, Any] = {"chain": head.chain, "seq": head.seq, "hash": head.last_hash, "at": now}
        entry["mac"] = _checkpoint_mac(entry)
        lines.append(json.dumps(entry, sort_keys=True) + "\n")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND: every write lands at the end, whatever else writes the file.
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, "".join(lines).encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        logger.exception("Could not write the audit checkpoint to %s", target)
        return None
    return target


def checkpoint(path: str | Path | None = None) -> tuple[Path | None, list[ChainHead]]:
    """Write every chain's signed head (seq, hash, time, MAC) to the append-only checkpoint file."""
    heads = []
    for model in CHAINED_LOGS:
        with transaction.atomic():
            head = _head(model)
        if head is None:  # pragma: no cover - a waiting lock always returns the head
            raise RuntimeError(f"The {model.CHAIN} log's head could not be read.")
        heads.append(head)
    written = _checkpoint_append(heads, path)
    if written is not None:
        now = timezone.now()
        for head in heads:
            ChainHead.objects.filter(chain=head.chain).update(checkpoint_seq=head.seq, checkpoint_at=now)
    return written, heads


def verify_checkpoints(path: str | Path) -> list[Finding]:
    """Every checkpoint in the file must still hold: the chain reaches its place with the same hash."""
    models = {model.CHAIN: model for model in CHAINED_LOGS}
    heads = {head.chain: head for head in ChainHead.objects.all()}
    findings: list[Finding] = []
    with open(path, encoding="utf-8") as handle:
        lines = handle.readlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            chain, seq, digest = str(entry["chain"]), int(entry["seq"]), str(entry["hash"])
            valid = entry["mac"] == _checkpoint_mac(entry)
        except (ValueError, KeyError, TypeError):
            findings.append(Finding("checkpoint", None, None, f"line {number} of {path} is not a checkpoint"))
            continue
        if not valid or chain not in models:
            findings.append(
                Finding("checkpoint", None, None, f"line {number} of {path} is not signed with the key")
            )
            continue
        model, head = models[chain], heads.get(chain)
        where = f"checkpoint at line {number} (place {seq}, written {entry['at']})"
        if seq == 0:
            continue
        if head is None or head.seq < seq:
            reach = head.seq if head else 0
            findings.append(
                Finding(
                    chain,
                    None,
                    None,
                    f"the chain ends at place {reach}, before the {where}: rows were removed",
                )
            )
        elif seq < head.pruned_through_seq:
            continue  # pruned at the end of retention; verify checks the anchor's age
        elif seq == head.pruned_through_seq:
            if head.anchor_hash != digest:
                findings.append(Finding(chain, seq, None, f"the chain's anchor differs from the {where}"))
        else:
            found = model._default_manager.filter(seq=seq).values_list("row_hash", flat=True).first()
            if found != digest:
                findings.append(Finding(chain, seq, None, f"the row at this place differs from the {where}"))
    return findings
