"""Retention of client records (säilytysajat): which clients' records are past their retention period, and
everything Polku holds that belongs to those records. `polku retention` lists them and, with --apply,
removes them (services/retention.py); every rule of law about how long records are kept lives here.

The rules (ATL 703/2023, annex on the retention of social welfare client documents; domain.md, "Client
data rules"):

- working-age services (työikäisten palvelutehtävä): 10 years from closing the matter. Polku closes the
  matter when the client relationship ends (SHL 34: by a recorded entry), so the clock starts at the
  latest `ClientRelationship.ended_at`, and only when no relationship is open. A contact or initiation
  that did not lead to services still opened a relationship (SHL 34): its records wait until a worker
  ends that relationship, and then ten more years. A client with no relationship at all (a person
  registered but never taken into client work) has no closed matter, so the period has not started:
  they are kept, and counted in the dry run so that someone looks at them.
- client relationship document and the client's basic data (asiakkuusasiakirja, perustiedot): 2 years
  after the client's death; consents and bans: 12 years after death. These live in the `clients` app.
  Polku records no date of death, so they are never removed here; a rule for them needs the date of
  death from the population register first.
- logs (use log and disclosure log, ATL): 12 years. They live in `audit` (no keys to client rows, so
  removing records never touches them); their pruning belongs to polku/audit (see LOG_RULES).

Which records belong to a client is found from the models themselves, so that registry imports no app
above it (design.md rule 1) and a new model is covered without registering it: every row that cannot
exist without one of the client's rows (a key to it that is CASCADE, PROTECT or RESTRICT), recursively.
A row that only mentions one (SET_NULL) keeps existing with the mention cleared. Shared things, such as
a provider's group and its sessions, are never reached this way: only the client's membership and
attendance rows are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from graphlib import CycleError, TopologicalSorter
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polku.audit.chain import LOG_RETENTION_YEARS, prune_logs
from polku.clients.models import Client, ClientRelationship
from polku.registry.models import RetentionRemoval

# ATL 703/2023, annex: working-age services client documents, 10 years from closing the matter.
WORKING_AGE_RECORDS_YEARS = 10
WORKING_AGE_RULE = "working_age_services_10y"


class RetentionRefused(Exception):
    """The client's records cannot be removed as they are; nothing of the client was removed."""


# Apps whose rows are kept whatever this rule says, with the rule that governs them instead.
KEPT_APPS: dict[str, Promise] = {
    # ATL 703/2023, annex: client relationship document and basic data 2 years after death; consents and
    # bans 12 years after death. No date of death is recorded in Polku.
    "clients": _(
        "client basic data, client relationships, consents and bans: 2 and 12 years after death "
        "(no date of death is recorded, so they are kept)"
    ),
    # ATL: logs 12 years.
    "audit": _("use and disclosure logs: by the log rules (LOG_RULES)"),
}


@dataclass(frozen=True)
class LogRule:
    """A log and how long it is kept. The command runs `prune` when one is given."""

    code: str
    covers: Promise
    years: int
    prune: Any = None  # callable(*, before: datetime, apply: bool) -> int, rows past the period


# polku/audit owns its logs (hash-chained, append-only): its `prune_logs` removes a leading run of each
# chain and moves the chain's anchor, so what stays still verifies. The command calls each rule's `prune`
# after the client records, with apply=False on a dry run.
LOG_RULES: list[LogRule] = [
    LogRule("use_log_12y", _("use log and disclosure log"), LOG_RETENTION_YEARS, prune=prune_logs),
    # The runs of this command are a log of removals too.
    LogRule("retention_runs_12y", _("records of retention runs"), LOG_RETENTION_YEARS),
]


def retention_cutoff(*, now: datetime | None = None) -> datetime:
    """Matters closed before this moment are past the working-age services period."""
    return (now or timezone.now()) - relativedelta(years=WORKING_AGE_RECORDS_YEARS)


def _annotated_clients() -> models.QuerySet[Any]:
    """Clients with `has_open` (an open relationship) and `closed_at` (the latest end of one)."""
    relationships = ClientRelationship.objects.filter(client=OuterRef("pk"))
    latest_end = relationships.order_by(F("ended_at").desc(nulls_last=True)).values("ended_at")[:1]
    return Client.objects.annotate(
        has_open=Exists(relationships.filter(ended_at__isnull=True)),
        closed_at=Subquery(latest_end),
    )


def expired_clients(*, cutoff: datetime) -> models.QuerySet[Any]:
    """Clients with no open relationship whose latest relationship ended before `cutoff`, except those
    whose records a run already removed after that closing (so that running again does nothing)."""
    removed = RetentionRemoval.objects.filter(client_id=OuterRef("pk"), removed_at__gte=OuterRef("closed_at"))
    return (
        _annotated_clients()
        .filter(has_open=False, closed_at__lt=cutoff)
        .exclude(Exists(removed))
        .order_by("closed_at", "pk")
    )


@dataclass
class KeptCounts:
    open_relationship: int
    no_relationship: int
    closed_recently: int


def kept_counts(*, cutoff: datetime) -> KeptCounts:
    """How many clients the rule keeps, by reason (counts only)."""
    figures = _annotated_clients().aggregate(
        open_relationship=models.Count("pk", filter=Q(has_open=True)),
        no_relationship=models.Count("pk", filter=Q(has_open=False, closed_at__isnull=True)),
        closed_recently=models.Count("pk", filter=Q(has_open=False, closed_at__gte=cutoff)),
    )
    return KeptCounts(**figures)


# on_delete behaviours after which the referring row survives its target: it only mentions it.
_MENTIONS = (models.SET_NULL, models.SET_DEFAULT)


def _dependent_relations(model: type[models.Model]) -> list[ForeignObjectRel]:
    """Keys from other models to `model` whose rows cannot outlive the row they point to."""
    return [
        rel
        for rel in model._meta.get_fields(include_hidden=True)
        if isinstance(rel, ForeignObjectRel)
        and (rel.one_to_many or rel.one_to_one)
        and rel.on_delete not in _MENTIONS
        and not hasattr(rel.on_delete, "deconstruct")  # models.SET(...): a mention too
    ]


@dataclass
class ClientRecords:
    """The rows that belong to one client, by model, in an order in which they can be removed."""

    client_id: Any
    closed_at: datetime | None
    rows: dict[type[models.Model], set[Any]] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        return {model._meta.label: len(pks) for model, pks in self.rows.items()}

    @property
    def total(self) -> int:
        return sum(len(pks) for pks in self.rows.values())


def _removal_order(found: dict[type[models.Model], set[Any]]) -> list[type[models.Model]]:
    """Models ordered so that every row goes before the rows it points to (PROTECT allows no other)."""
    graph: dict[type[models.Model], set[type[models.Model]]] = {model: set() for model in found}
    for model in found:
        for key in model._meta.concrete_fields:
            target = key.related_model if isinstance(key, models.ForeignKey) else None
            if isinstance(target, type) and target in graph and target is not model:
                graph[target].add(model)  # `model` points to `target`: remove `model` first
    try:
        return list(TopologicalSorter(graph).static_order())
    except CycleError as error:  # no such cycle exists among Polku's models today
        raise RetentionRefused(f"Client records refer to each other in a cycle: {error.args[1]}") from error


def client_records(client_id: Any, *, closed_at: datetime | None = None) -> ClientRecords:
    """Everything that belongs to the client's records, except what KEPT_APPS keeps.

    Kept rows are walked through (a personal worker assignment hangs off a kept relationship) but not
    collected. Rows that name another client are never collected: `client_records_check` refuses them."""
    found: dict[type[models.Model], set[Any]] = defaultdict(set)
    seen: dict[type[models.Model], set[Any]] = defaultdict(set)
    frontier: list[tuple[type[models.Model], set[Any]]] = [(Client, {client_id})]
    seen[Client].add(client_id)
    while frontier:
        model, pks = frontier.pop()
        for rel in _dependent_relations(model):
            related: type[models.Model] = rel.related_model  # type: ignore[assignment]
            name = rel.field.name
            new = (
                set(related._base_manager.filter(**{f"{name}__in": list(pks)}).values_list("pk", flat=True))
                - seen[related]
            )
            if not new:
                continue
            seen[related] |= new
            if related._meta.app_label not in KEPT_APPS:
                found[related] |= new
            frontier.append((related, new))
    order = _removal_order(found)
    return ClientRecords(
        client_id=client_id, closed_at=closed_at, rows={model: found[model] for model in order}
    )


def client_records_check(records: ClientRecords) -> None:
    """Refuse when a collected row also points to another client: it is not this client's alone."""
    for model, pks in records.rows.items():
        for model_field in model._meta.concrete_fields:
            if model_field.is_relation and model_field.related_model is Client:
                others = (
                    model._base_manager.filter(pk__in=list(pks))
                    .exclude(**{model_field.attname: records.client_id})
                    .exclude(**{f"{model_field.attname}__isnull": True})
                )
                if others.exists():
                    raise RetentionRefused(
                        f"{model._meta.label} rows of client {records.client_id} also name another client"
                    )
