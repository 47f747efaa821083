"""Reads of casework: the team queue, the deadline board, initiations and the client timeline.

Each list is paged (polku/core/pagination.py) in a total order with an index behind it, runs a fixed
number of queries whatever its length, and logs a use-log row per client shown, in one statement.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.db.models import F, IntegerField, Prefetch, QuerySet, Value
from django.http import Http404, HttpRequest
from django.utils import timezone

from polku.accounts.models import User, person_name
from polku.accounts.selectors import teams_of
from polku.audit.services import use_log_write
from polku.casework.models import (
    Initiation,
    InitiationStatus,
    InitiatorType,
    JournalEntry,
    PersonalWorkerAssignment,
    SpecialSupport,
)
from polku.clients.models import Client, ClientRelationship
from polku.clients.selectors import client_get_for_user, purpose_for
from polku.core.deadlines import CountsDown
from polku.core.pagination import Slice, page_of, slice_of

OPEN_STATUSES = (InitiationStatus.NEW, InitiationStatus.IN_PROGRESS)


def _log_initiations(user: User, initiations: Iterable[Initiation | QueueRow], view: str) -> None:
    use_log_write(
        actor=user,
        client_ids=sorted({i.client_id for i in initiations}),
        view=view,
        object_type="initiation_list",
        purpose=purpose_for(user),
    )


def initiations_visible(user: User) -> QuerySet[Initiation]:
    return Initiation.objects.visible_to(user).select_related("client", "team", "assigned_to", "contact")


def initiations_filtered(*, user: User, status: str | None = None) -> QuerySet[Initiation]:
    """Initiations the user may see, newest first; status "open" means new or in progress."""
    initiations = initiations_visible(user)
    if status == "open":
        initiations = initiations.filter(status__in=OPEN_STATUSES)
    elif status:
        initiations = initiations.filter(status=status)
    return initiations.order_by("-initiated_at", "-pk")


def initiation_list(
    *, user: User, view: str, status: str | None = None, limit: int = 50, offset: int = 0
) -> Slice[Initiation]:
    """`limit` initiations from `offset` of those the user may see, newest first, and how many there are."""
    found = slice_of(initiations_filtered(user=user, status=status), limit=limit, offset=offset)
    _log_initiations(user, found.items, view)
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


def _page(queryset: QuerySet[Any], request: HttpRequest | None) -> Page:
    """The page `request` asks for (`?page=`), the first without one; its rows read once."""
    page = page_of(queryset, request or HttpRequest())
    page.object_list = list(page.object_list)
    return page


def team_queue(*, user: User, team_id: UUID | str, view: str) -> list[QueueRow]:
    """The first page of the team queue (`team_queue_page`)."""
    return list(team_queue_page(user=user, team_id=team_id, view=view))


@dataclass(frozen=True)
class QueueRow:
    """What the team queue shows of a new initiation, and what its actions post back (`version`)."""

    pk: UUID
    version: int
    client_id: UUID
    first_name: str
    last_name: str
    age: int
    urgent: bool
    initiated_at: datetime
    initiator_type: str  # its label, in the language of the request
    initiator: str
    need: str
    justification: str
    assessment_start_due: date | None

    @property
    def client_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


QUEUE_FIELDS = (
    "pk",
    "version",
    "client_id",
    "client__first_name",
    "client__last_name",
    "age_at_initiation",
    "urgent",
    "initiated_at",
    "initiator_type",
    "initiator",
    "need",
    "justification",
    "assessment_start_due",
)


def team_queue_page(
    *, user: User, team_id: UUID | str, view: str, request: HttpRequest | None = None
) -> Page:
    """A page of the team's new initiations: urgent first, then by due date, then oldest first. Only what the
    queue shows is read (`QueueRow`)."""
    queue = (
        Initiation.objects.visible_to(user)
        .filter(team_id=team_id, status=InitiationStatus.NEW)
        .order_by("-urgent", F("assessment_start_due").asc(nulls_last=True), "initiated_at", "pk")
        .values_list(*QUEUE_FIELDS)
    )
    page = _page(queue, request)
    kinds = dict(InitiatorType.choices)
    page.object_list = [
        QueueRow(
            pk=pk,
            version=version,
            client_id=client_id,
            first_name=first,
            last_name=last,
            age=age,
            urgent=urgent,
            initiated_at=initiated_at,
            initiator_type=str(kinds.get(kind, kind)),
            initiator=initiator,
            need=need,
            justification=justification,
            assessment_start_due=start_due,
        )
        for (
            pk,
            version,
            client_id,
            first,
            last,
            age,
            urgent,
            initiated_at,
            kind,
            initiator,
            need,
            justification,
            start_due,
        ) in page.object_list
    ]
    _log_initiations(user, page.object_list, view)
    return page


@dataclass(frozen=True)
class BoardRow(CountsDown):
    initiation: Initiation
    due: date
    kind: str  # "start" or "complete"
    days_left: int


# A start limit is met once the assessment starts, a completion limit once it is completed, and the service
# limit (SHL 45) once the decided service has started. The board's order among equal due dates.
BOARD_LIMITS = (
    ("start", "assessment_start_due", "assessment_started_at"),
    ("complete", "assessment_complete_due", "assessment_completed_at"),
    ("service", "service_due", "service_started_on"),
)


def deadline_board(
    *,
    user: User,
    view: str,
    team_id: UUID | str | None = None,
    worker_id: UUID | str | None = None,
) -> list[BoardRow]:
    """The first page of the deadline board (`deadline_board_page`)."""
    return list(deadline_board_page(user=user, view=view, team_id=team_id, worker_id=worker_id))


def deadline_board_page(
    *,
    user: User,
    view: str,
    request: HttpRequest | None = None,
    team_id: UUID | str | None = None,
    worker_id: UUID | str | None = None,
) -> Page:
    """A page of the pending time limits of open initiations, the nearest (and so the overdue) first.

    One initiation may have up to three limits pending; each is a row. The rows are one UNION ALL of the
    three kinds ordered by (due date, kind, initiation), each kind read from its own partial index in due
    order, so a page reads only its rows; the page's initiations then come in one query."""
    open_ = initiations_visible(user).filter(status__in=OPEN_STATUSES)
    if team_id:
        open_ = open_.filter(team_id=team_id)
    if worker_id:
        open_ = open_.filter(assigned_to__pk=worker_id)
    kinds = [
        open_.filter(**{f"{field}__isnull": False, f"{done}__isnull": True})
        .order_by()
        .annotate(board_due=F(field), board_kind=Value(rank, output_field=IntegerField()))
        .values_list("board_due", "board_kind", "pk")
        for rank, (_kind, field, done) in enumerate(BOARD_LIMITS)
    ]
    rows = kinds[0].union(*kinds[1:], all=True).order_by("board_due", "board_kind", "pk")
    page = _page(rows, request)
    keys = page.object_list
    initiations = initiations_visible(user).in_bulk([pk for _due, _rank, pk in keys])
    today = timezone.localdate()
    page.object_list = [
        BoardRow(initiations[pk], due, BOARD_LIMITS[rank][0], (due - today).days)
        for due, rank, pk in keys
        if pk in initiations
    ]
    _log_initiations(user, [row.initiation for row in page.object_list], view)
    return page


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


def client_timeline_page(
    *, user: User, client_id: UUID | str, view: str, request: HttpRequest | None = None
) -> tuple[Client, Page]:
    """The client and a page of their journal, newest first (the (client, -at, -id) index)."""
    client = client_get_for_user(user=user, client_id=client_id, view=view)
    return client, _page(client.journal.select_related("author").order_by("-at", "-id"), request)


# How many of a client's relationships and initiations the process page shows;
# the rest are on the timeline. Ten years of one client stay far below these.
CASE_RELATIONSHIPS = 30
CASE_INITIATIONS = 30


@dataclass(frozen=True)
class WorkerPeriod:
    """A personal worker's period in a relationship (SHL 42), as the process page lists it."""

    worker: str
    alongside: str
    started_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class RelationshipView:
    pk: UUID
    team_id: UUID
    team: str
    version: int
    started_at: datetime
    ended_at: datetime | None
    end_reason: str
    workers: list[WorkerPeriod]

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True)
class InitiationView:
    """An initiation and its assessment's progress, as the process page lists it."""

    pk: UUID
    initiated_at: datetime
    initiator_type: str  # its label
    need: str
    status: str  # its label
    assigned_to: str
    assessment_started_at: datetime | None
    assessment_completed_at: datetime | None
    assessment_start_due: date | None


@dataclass(frozen=True)
class CaseView:
    client: Client
    relationships: list[RelationshipView]
    initiations: list[InitiationView]
    special_support: SpecialSupport | None
    more_initiations: bool = False


def client_case(*, user: User, client_id: UUID | str, view: str) -> CaseView:
    """Everything of the client process on one page: relationships with personal workers (open ones
    first), special support, the latest initiations with their assessments' progress. Each list is
    bounded and read in one query of only what the page shows, so the page costs the same for any client."""
    client = client_get_for_user(user=user, client_id=client_id, view=view)
    relationships = list(
        client.relationships.order_by(F("ended_at").desc(nulls_first=True), "-started_at", "-pk").values_list(
            "pk", "team_id", "team__name", "version", "started_at", "ended_at", "end_reason"
        )[:CASE_RELATIONSHIPS]
    )
    periods: dict[UUID, list[WorkerPeriod]] = {values[0]: [] for values in relationships}
    history = (
        PersonalWorkerAssignment.objects.filter(relationship_id__in=list(periods))
        .order_by("-started_at", "-pk")
        .values_list(
            "relationship_id",
            "worker__first_name",
            "worker__last_name",
            "worker__username",
            "alongside__first_name",
            "alongside__last_name",
            "alongside__username",
            "started_at",
            "ended_at",
        )
    )
    for relationship_id, first, last, username, *alongside, started, ended in history:
        periods[relationship_id].append(
            WorkerPeriod(
                person_name(first, last, username),
                person_name(*(name or "" for name in alongside)),
                started,
                ended,
            )
        )
    initiator_types = dict(InitiatorType.choices)
    statuses = dict(InitiationStatus.choices)
    initiations = [
        InitiationView(
            pk=pk,
            initiated_at=initiated_at,
            initiator_type=str(initiator_types.get(kind, kind)),
            need=need,
            status=str(statuses.get(status, status)),
            assigned_to=person_name(first or "", last or "", username or ""),
            assessment_started_at=started,
            assessment_completed_at=completed,
            assessment_start_due=start_due,
        )
        for pk, initiated_at, kind, need, status, first, last, username, started, completed, start_due in (
            Initiation.objects.visible_to(user)
            .filter(client=client)
            .order_by("-initiated_at", "-pk")
            .values_list(
                "pk",
                "initiated_at",
                "initiator_type",
                "need",
                "status",
                "assigned_to__first_name",
                "assigned_to__last_name",
                "assigned_to__username",
                "assessment_started_at",
                "assessment_completed_at",
                "assessment_start_due",
            )[: CASE_INITIATIONS + 1]
        )
    ]
    special = (
        SpecialSupport.objects.filter(client=client, ended_on__isnull=True)
        .select_related("created_by")
        .order_by("-determined_on", "-pk")
        .first()
    )
    return CaseView(
        client,
        [
            RelationshipView(pk, team_id, team, version, started, ended, end_reason, periods[pk])
            for pk, team_id, team, version, started, ended, end_reason in relationships
        ],
        initiations[:CASE_INITIATIONS],
        special,
        more_initiations=len(initiations) > CASE_INITIATIONS,
    )


def client_relationship_for_user(
    *, user: User, client_id: UUID | str, relationship_id: UUID | str, view: str
) -> ClientRelationship:
    """One relationship of a client `user` may see (404 otherwise), for naming its personal worker or ending
    it; the read is logged as the client's."""
    client = client_get_for_user(user=user, client_id=client_id, view=view)
    try:
        return client.relationships.select_related("team", "client").get(pk=relationship_id)
    except (ClientRelationship.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such client relationship.") from exc


def my_team_relationship(*, user: User, client_id: UUID | str, view: str) -> ClientRelationship | None:
    """The client's open relationship with one of `user`'s teams (the oldest, if several), with its personal
    workers; None when there is none. 404 for a client `user` may not see."""
    client = client_get_for_user(user=user, client_id=client_id, view=view)
    return (
        client.relationships.filter(ended_at__isnull=True, team__in=teams_of(user))
        .select_related("team", "client")
        .prefetch_related(
            Prefetch(
                "personal_worker_history",
                queryset=PersonalWorkerAssignment.objects.select_related("worker", "alongside"),
            )
        )
        .order_by("started_at", "pk")
        .first()
    )


@dataclass(frozen=True)
class CaseloadRow:
    client_id: UUID
    name: str  # last name first, as the list is sorted
    team: str
    since: datetime


def caseload_page(*, user: User, worker: User, view: str, request: HttpRequest | None = None) -> Page:
    """A page of a worker's clients as personal worker (open relationships), as far as `user` may see
    them, by name. The worker's open relationships come from the (personal_worker, ended_at) index, so a
    page sorts one caseload (tens to hundreds of rows), never the register. Only what the list shows is
    read (`CaseloadRow`)."""
    relationships = (
        ClientRelationship.objects.filter(
            personal_worker=worker, ended_at__isnull=True, client_id__in=Client.objects.visible_ids(user)
        )
        .order_by("client__last_name", "client__first_name", "client_id", "pk")
        .values_list("client_id", "client__last_name", "client__first_name", "team__name", "started_at")
    )
    page = _page(relationships, request)
    page.object_list = [
        CaseloadRow(client_id, f"{last} {first}", team, since)
        for client_id, last, first, team, since in page.object_list
    ]
    use_log_write(
        actor=user,
        client_ids=[row.client_id for row in page.object_list],
        view=view,
        object_type="caseload",
        purpose=purpose_for(user),
    )
    return page
