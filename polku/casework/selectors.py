"""Reads of casework: the team queue, the deadline board, initiations and the client timeline.

Each list runs a fixed number of queries whatever its length, and logs a use-log row per client shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from polku.accounts.models import User
from polku.audit.services import use_log_write
from polku.casework.models import (
    Initiation,
    InitiationStatus,
    JournalEntry,
    PersonalWorkerAssignment,
    PreAssessment,
    SpecialSupport,
)
from polku.clients.models import Client, ClientRelationship
from polku.clients.selectors import client_get_for_user, purpose_for
from polku.core.deadlines import CountsDown

OPEN_STATUSES = (InitiationStatus.NEW, InitiationStatus.IN_PROGRESS)


def _log_initiations(user: User, initiations: list[Initiation], view: str) -> None:
    use_log_write(
        actor=user,
        client_ids=sorted({i.client_id for i in initiations}),
        view=view,
        object_type="initiation_list",
        purpose=purpose_for(user),
    )


def initiations_visible(user: User) -> QuerySet[Initiation]:
    return Initiation.objects.visible_to(user).select_related("client", "team", "assigned_to", "contact")


def initiation_list(
    *, user: User, view: str, status: str | None = None, limit: int = 200
) -> list[Initiation]:
    """Initiations the user may see; status "open" means new or in progress."""
    initiations = initiations_visible(user)
    if status == "open":
        initiations = initiations.filter(status__in=OPEN_STATUSES)
    elif status:
        initiations = initiations.filter(status=status)
    found = list(initiations.order_by("-initiated_at", "pk")[:limit])
    _log_initiations(user, found, view)
    return found


def initiation_get_for_user(*, user: User, initiation_id: UUID | str, view: str) -> Initiation:
    try:
        initiation = initiations_visible(user).get(pk=initiation_id)
    except (Initiation.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such initiation.") from exc
    use_log_write(
        actor=user,
        client_ids=[initiation.client_id],
        view=view,
        object_type="initiation",
        object_id=str(initiation.pk),
        purpose=purpose_for(user),
    )
    return initiation


def team_queue(*, user: User, team_id: UUID | str, view: str) -> list[Initiation]:
    """The team's new initiations: urgent first, then by due date, then oldest first."""
    queue = (
        initiations_visible(user)
        .filter(team_id=team_id, status=InitiationStatus.NEW)
        .order_by("-urgent", F("assessment_start_due").asc(nulls_last=True), "initiated_at", "pk")
    )
    found = list(queue[:500])
    _log_initiations(user, found, view)
    return found


@dataclass(frozen=True)
class BoardRow(CountsDown):
    initiation: Initiation
    due: date
    kind: str  # "start" or "complete"
    days_left: int


def deadline_board(
    *,
    user: User,
    view: str,
    team_id: UUID | str | None = None,
    worker_id: UUID | str | None = None,
    limit: int = 500,
) -> list[BoardRow]:
    """Open initiations with a due date, the nearest (and so the overdue) first."""
    open_ = initiations_visible(user).filter(status__in=OPEN_STATUSES)
    if team_id:
        open_ = open_.filter(team_id=team_id)
    if worker_id:
        open_ = open_.filter(assigned_to__pk=worker_id)
    today = timezone.localdate()
    rows: list[BoardRow] = []
    # A start limit is met once the assessment starts, a completion limit once it is completed, and the
    # service limit (SHL 45) once the decided service has started.
    limits = (
        ("start", "assessment_start_due", "assessment_started_at"),
        ("complete", "assessment_complete_due", "assessment_completed_at"),
        ("service", "service_due", "service_started_on"),
    )
    for kind, field, done in limits:
        pending = open_.filter(**{f"{field}__isnull": False, f"{done}__isnull": True})
        for initiation in pending.order_by(field, "pk")[:limit]:
            due: date = getattr(initiation, field)
            rows.append(BoardRow(initiation, due, kind, (due - today).days))
    rows.sort(key=lambda row: (row.due, row.kind != "start", str(row.initiation.pk)))
    rows = rows[:limit]
    _log_initiations(user, [row.initiation for row in rows], view)
    return rows


def client_timeline(
    *,
    user: User,
    client_id: UUID | str,
    view: str,
    limit: int = 500,
) -> tuple[Client, list[JournalEntry]]:
    client = client_get_for_user(user=user, client_id=client_id, view=view)
    entries = list(client.journal.select_related("author").order_by("-at", "-id")[:limit])
    return client, entries


@dataclass(frozen=True)
class CaseView:
    client: Client
    relationships: list[Any]
    initiations: list[Initiation]
    special_support: SpecialSupport | None
    pre_assessments: list[PreAssessment]


def client_case(*, user: User, client_id: UUID | str, view: str) -> CaseView:
    """Everything of the client process on one page: relationships with personal workers, special
    support, initiations with their assessments, the client's pre-assessments."""
    client = client_get_for_user(user=user, client_id=client_id, view=view)
    relationships = list(
        client.relationships.select_related("team", "personal_worker")
        .prefetch_related(
            Prefetch(
                "personal_worker_history",
                queryset=PersonalWorkerAssignment.objects.select_related("worker", "alongside"),
            )
        )
        .order_by("-started_at")
    )
    initiations = list(
        initiations_visible(user).filter(client=client).select_related("assessment").order_by("-initiated_at")
    )
    special = (
        SpecialSupport.objects.filter(client=client, ended_on__isnull=True)
        .select_related("created_by")
        .first()
    )
    pre = list(client.pre_assessments.select_related("created_by").order_by("-created_at")[:20])
    return CaseView(client, relationships, initiations, special, pre)


def caseload(*, user: User, worker: User, view: str) -> list[Any]:
    """A worker's clients as personal worker (open relationships), as far as `user` may see them."""
    relationships = list(
        ClientRelationship.objects.filter(
            personal_worker=worker, ended_at__isnull=True, client__in=Client.objects.visible_to(user)
        )
        .select_related("client", "team")
        .order_by("client__last_name", "client__first_name")
    )
    use_log_write(
        actor=user,
        client_ids=[r.client_id for r in relationships],
        view=view,
        object_type="caseload",
        purpose=purpose_for(user),
    )
    return relationships
