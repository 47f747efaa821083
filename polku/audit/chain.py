"""Hash chaining of the use log and the disclosure log, and its verification.

Rows are written without a place in the chain, and sealed right after their transaction commits: the
sealer takes the chain head under a row lock, gives each waiting row the next `seq`, the hash of the
row before it and its own hash, and moves the head. The lock is held for the few milliseconds of
sealing only, never while a page is being built.

The row hash is an HMAC-SHA256 under POLKU_AUDIT_KEY over the row's fields, its seq and the previous
hash: a person who can change the database but does not hold the key cannot forge a consistent chain.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import transaction

from polku.audit.models import ChainedLogEntry, ChainHead, DisclosureLogEntry, UseLogEntry

CHAINED_LOGS: tuple[type[ChainedLogEntry], ...] = (UseLogEntry, DisclosureLogEntry)
# Client Data Act (703/2023): the use log and the disclosure log are kept 12 years.
LOG_RETENTION_YEARS = 12
SEAL_BATCH = 1000


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if value is None:
        return None
    return str(value)


def row_digest(model: type[ChainedLogEntry], values: dict[str, Any], seq: int, prev_hash: str) -> str:
    payload = {name: _canonical(values[name]) for name in model.HASHED_FIELDS}
    payload["seq"] = seq
    payload["prev"] = prev_hash
    message = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    key = settings.AUDIT_CHAIN_KEY.encode("utf-8")
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def _head(model: type[ChainedLogEntry]) -> ChainHead:
    """The chain's head, locked; made the first time (one query on every later seal)."""
    head = ChainHead.objects.select_for_update().filter(chain=model.CHAIN).first()
    if head is None:
        ChainHead.objects.get_or_create(chain=model.CHAIN)
        head = ChainHead.objects.select_for_update().get(chain=model.CHAIN)
    return head


def seal(model: type[ChainedLogEntry]) -> int:
    """Seal every committed row still outside the chain, oldest first; returns how many were sealed."""
    sealed = 0
    while True:
        with transaction.atomic():
            head = _head(model)
            pending = list(
                model._default_manager.filter(seq__isnull=True)
                .order_by("id")
                .values("id", *model.HASHED_FIELDS)[:SEAL_BATCH]
            )
            if not pending:
                return sealed
            seq, prev = head.seq, head.last_hash
            for values in pending:
                seq += 1
                digest = row_digest(model, values, seq, prev)
                updated = model._default_manager.filter(pk=values["id"], seq__isnull=True).update(
                    seq=seq, prev_hash=prev, row_hash=digest
                )
                if updated != 1:  # pragma: no cover - the head lock makes this impossible
                    raise RuntimeError("A log row was sealed by someone else while the chain was locked.")
                prev = digest
            head.seq, head.last_hash = seq, prev
            head.save(update_fields=["seq", "last_hash"])
            sealed += len(pending)
        if len(pending) < SEAL_BATCH:  # a short batch was the last: no second look needed
            return sealed


def seal_after_commit(model: type[ChainedLogEntry]) -> None:
    """Seal `model`'s new rows once the surrounding transaction commits (at once outside one)."""
    transaction.on_commit(lambda: seal(model), robust=True)


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
    fields = ("id", "seq", "prev_hash", "row_hash", *model.HASHED_FIELDS)
    return (
        model._default_manager.filter(seq__isnull=False)
        .order_by("seq")
        .values(*fields)
        .iterator(chunk_size=2000)
    )


def verify(model: type[ChainedLogEntry]) -> ChainReport:
    """Walk the chain from its anchor; report the first row altered, removed, reordered or inserted."""
    head = ChainHead.objects.filter(chain=model.CHAIN).first() or ChainHead(chain=model.CHAIN)
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
        if own != row["row_hash"]:
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
    return report(None)


def prune(model: type[ChainedLogEntry], *, before: datetime, dry_run: bool = True) -> int:
    """Remove sealed rows written before `before` (retention), moving the chain's anchor past them.

    Only a leading run of the chain is removed, so what stays still verifies from the new anchor.
    """
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
        anchor = model._default_manager.filter(seq=last_removed).values_list("row_hash", flat=True).get()
        # QuerySet.delete would call no model delete(); the append-only rule is the model's, and
        # this is the one sanctioned removal, at the end of the retention period.
        doomed._raw_delete(doomed.db)
        head.pruned_through_seq, head.anchor_hash = last_removed, anchor
        head.save(update_fields=["pruned_through_seq", "anchor_hash"])
        return count


def prune_logs(*, before: datetime, apply: bool) -> int:
    """Both chained logs past their retention: rows written before `before`, removed when `apply`."""
    return sum(prune(model, before=before, dry_run=not apply) for model in CHAINED_LOGS)
