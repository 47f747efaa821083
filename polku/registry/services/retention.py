"""Removing client records past their retention period (the rules are in polku/registry/retention.py).

Each client's records go in one transaction of their own, with the row that records the removal and the
use-log row; a client whose removal is refused loses nothing and is named in the run's failures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Role, User
from polku.audit.models import Action, Purpose
from polku.audit.services import use_log_write
from polku.clients.models import Client
from polku.registry.models import RetentionRemoval, RetentionRun
from polku.registry.retention import (
    KEPT_APPS,
    WORKING_AGE_RULE,
    ClientRecords,
    RetentionRefused,
    client_records,
    client_records_check,
    expired_clients,
    retention_cutoff,
)

CHUNK = 500  # keys per DELETE ... WHERE pk IN (...), well under SQLite's variable limit


def may_run_retention(user: User) -> bool:
    """Removing records is the registrar's task, done by an administrator."""
    return bool(
        user.is_authenticated and user.is_active and (user.role == Role.ADMINISTRATOR or user.is_superuser)
    )


def retention_plan(*, cutoff: datetime) -> list[ClientRecords]:
    """What a run with this cut-off would remove: per expired client, their records (a read, no writes).
    Clients whose expired relationship left no records behind are left out."""
    plan = []
    for client_id, closed_at in expired_clients(cutoff=cutoff).values_list("pk", "closed_at"):
        records = client_records(client_id, closed_at=closed_at)
        if records.total:
            plan.append(records)
    return plan


def _delete(records: ClientRecords) -> dict[str, int]:
    removed: Counter[str] = Counter()
    for model, pks in records.rows.items():
        keys = sorted(pks, key=str)
        for start in range(0, len(keys), CHUNK):
            _total, per_model = model._base_manager.filter(pk__in=keys[start : start + CHUNK]).delete()
            removed.update(per_model)
    return {label: n for label, n in sorted(removed.items()) if n}


def _remove_client(*, run: RetentionRun, actor: User, client_id: Any, cutoff: datetime) -> dict[str, int]:
    # Locking the client row waits for, and then holds off, any write that adds a row pointing to the
    # client (PostgreSQL takes a key-share lock on it for each such insert): a contact arriving now either
    # commits first, and the check below sees the new relationship, or waits until this one is done.
    list(Client.objects.select_for_update().filter(pk=client_id).values_list("pk", flat=True))
    current = expired_clients(cutoff=cutoff).filter(pk=client_id).values_list("closed_at", flat=True).first()
    if current is None:
        return {}  # a relationship opened, or another run removed the records, after the listing
    records = client_records(client_id, closed_at=current)
    if not records.total:
        return {}
    client_records_check(records)
    removed = _delete(records)
    kept = sorted(label for label in removed if label.split(".")[0] in KEPT_APPS)
    if kept or removed != records.counts:
        # Something outside the listed records would have gone with them (a cascade from a row of a
        # kept app, or a row added meanwhile): refuse the whole client rather than remove more.
        raise RetentionRefused(f"removal would have reached beyond the listed records: {kept or removed}")
    RetentionRemoval.objects.create(run=run, client_id=client_id, closed_at=current, counts=removed)
    counts = Counter(run.counts)
    counts.update(removed)
    run.counts = dict(sorted(counts.items()))
    run.clients += 1
    run.save(update_fields=["counts", "clients"])
    use_log_write(
        actor=actor,
        client_ids=[client_id],
        view="casework:retention",
        object_type="retention_run",
        object_id=str(run.pk),
        purpose=Purpose.REGISTRATION,
        action=Action.WRITE,
    )
    return removed


@dataclass
class RetentionResult:
    run: RetentionRun
    removed: dict[Any, dict[str, int]]  # client id -> records removed, by model label


def retention_apply(*, actor: User, now: datetime | None = None) -> RetentionResult:
    """Remove the records of every client past the working-age services period, one transaction each,
    and record the run."""
    if not may_run_retention(actor):
        raise PermissionDenied(_("Only an administrator removes records after their retention period."))
    cutoff = retention_cutoff(now=now)
    run = RetentionRun.objects.create(
        user_id=str(actor.pk),
        username=actor.get_username(),
        user_full_name=actor.get_full_name() or actor.get_username(),
        rule=WORKING_AGE_RULE,
        cutoff=cutoff,
    )
    removed: dict[Any, dict[str, int]] = {}
    for client_id in list(expired_clients(cutoff=cutoff).values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                counts = _remove_client(run=run, actor=actor, client_id=client_id, cutoff=cutoff)
        except (RetentionRefused, ProtectedError, RestrictedError) as error:
            run.refresh_from_db()
            run.failures = [*(run.failures or []), {"client": str(client_id), "error": _error_text(error)}]
            run.save(update_fields=["failures"])
            continue
        if counts:
            removed[client_id] = counts
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    return RetentionResult(run=run, removed=removed)


def _error_text(error: Exception) -> str:
    """What blocked the removal, by model and key only: no client data in the run record."""
    if isinstance(error, ProtectedError | RestrictedError):
        blocking: Any = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", ())
        labels = sorted({f"{obj._meta.label} {obj.pk}" for obj in blocking if isinstance(obj, models.Model)})
        return f"{type(error).__name__}: {', '.join(labels)}"
    return str(error)
