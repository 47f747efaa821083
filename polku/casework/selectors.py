"""Reads of casework: the team queue, the deadline board, initiations and the client timeline.

Each list is paged (polku/core/pagination.py) in a total order with an index behind it, runs a fixed
number of queries whatever its length, and logs a use-log row per client shown, in one statement.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, cast
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import DEFAULT_DB_ALIAS, connection, models
from django.db.models import F, Prefetch, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpRequest
from django.utils import timezone

from polku.accounts.models import Team, User, person_name
from polku.accounts.selectors import teams_of
from polku.audit.services import use_log_write
from polku.casework.kela import notice_type_label
from polku.casework.models import (
    Initiation,
    InitiationScope,
    InitiationStatus,
    InitiatorType,
    JournalEntry,
    PersonalWorkerAssignment,
    SpecialSupport,
    initiation_scope,
)
from polku.clients.models import Client, ClientRelationship
from polku.clients.selectors import client_get_for_user, purpose_for
from polku.codes.national import SERVICE_TASK, display_name
from polku.core import sql
from polku.core.deadlines import CountsDown
from polku.core.pagination import PER_PAGE, Fetch, Slice, page_counted, page_windowed
from polku.finance.models import ARREARS, Debt, DebtStatus

OPEN_STATUSES = (InitiationStatus.NEW, InitiationStatus.IN_PROGRESS)


def _log_initiations(
    user: User, initiations: Iterable[Initiation | QueueRow | BoardRow | ListedInitiation], view: str
) -> None:
    use_log_write(
        actor=user,
        client_ids=sorted({i.client_id for i in initiations}),
        view=view,
        object_type="initiation_list",
        purpose=purpose_for(user),
    )


def initiations_visible(user: User) -> QuerySet[Initiation]:
    return Initiation.objects.visible_to(user).select_related("client", "team", "assigned_to", "contact")


@dataclass(frozen=True)
class ListedInitiation:
    """What the initiation list (the API's InitiationOut) shows of an initiation."""

    id: UUID
    client_id: UUID
    team: str
    status: str
    initiated_at: datetime
    initiator_type: str
    initiator: str
    need: str
    justification: str
    urgent: bool
    highest_care_allowance: bool
    assessment_start_due: date | None
    assessment_complete_due: date | None
    assigned_to: str | None  # the user name
    contact_id: UUID | None
    closed_at: datetime | None
    close_reason: str
    service_task_code: str
    service_process_code: str
    special_group_codes: list[str]


LISTED_FIELDS = (
    "pk",
    "client_id",
    "team__name",
    "status",
    "initiated_at",
    "initiator_type",
    "initiator",
    "need",
    "justification",
    "urgent",
    "highest_care_allowance",
    "assessment_start_due",
    "assessment_complete_due",
    "assigned_to__username",
    "contact_id",
    "closed_at",
    "close_reason",
    "service_task_code",
    "service_process_code",
    "special_group_codes",
)


def initiation_list(
    *,
    user: User,
    view: str,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
    teams: Iterable[Team] | None = None,
) -> Slice[ListedInitiation]:
    """`limit` initiations from `offset` of those the user may see, newest first, and how many there are;
    status "open" means new or in progress. A team's initiations of one status come from the (team,
    status, initiated_at, id) index in order (`_Merged`), so a page costs the same in a county of any
    size. `teams` are the user's teams when the caller has read them."""
    if status == "open":
        statuses = [open_status.value for open_status in OPEN_STATUSES]
    else:
        statuses = [status] if status else list(InitiationStatus.values)
    if not set(statuses) <= set(InitiationStatus.values):
        return Slice([], 0, limit, offset)  # no initiation has such a status
    column = _names()
    from_, of_teams, of_own = _scope_branches(initiation_scope(user, teams=teams))
    # The statuses (the model's own choices) are written in the statement: passed as parameters, they left
    # PostgreSQL planning it anew on every request (a plan for any status cost more than one for these).
    branches = [
        (f"{where} AND {column['status']} = '{value}'", params)
        for where, params in of_teams
        for value in statuses
    ]
    marks = ", ".join(f"'{value}'" for value in statuses)
    branches += [(f"{where} AND {column['status']} IN ({marks})", params) for where, params in of_own]
    listed = _Merged(
        [(f"{column['initiated_at']} AS list_at, {column['id']} AS list_id", *branch) for branch in branches],
        branch_order="list_at DESC, list_id DESC",
        order="list_at DESC, list_id DESC",
        from_=from_,
    )
    select, joins = _joined("list_id", LISTED_FIELDS)
    rows = listed.joined(select, joins)(limit, offset)
    typed = _listed_types() if connection.vendor != "postgresql" else None
    items = [_listed(row[:-1] if typed is None else _typed(row[:-1], typed)) for row in rows]
    _log_initiations(user, items, view)
    return Slice(items, int(rows[0][-1]) if rows else listed.count(), limit, offset)


def _listed(values: Sequence[Any]) -> ListedInitiation:
    """A row of the joined list; its last column, the special groups, comes back as JSON text."""
    *rest, groups = values
    return ListedInitiation(*rest, groups if isinstance(groups, list) else json.loads(groups))  # type: ignore[call-arg]


def _typed(row: Sequence[Any], types: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(None if value is None else kind(value) for value, kind in zip(row, types, strict=True))


@cache
def _listed_types() -> tuple[Any, ...]:
    """How each of LISTED_FIELDS is read back on SQLite (UUIDs as hex, times and dates as text)."""
    kinds: dict[type, Any] = {models.UUIDField: sql.uuid_of, models.DateTimeField: sql.aware}
    kinds |= {models.DateField: _date, models.BooleanField: bool, models.ForeignKey: sql.uuid_of}
    kinds |= {models.OneToOneField: sql.uuid_of}
    types = []
    for name in LISTED_FIELDS:
        meta: Any = Initiation._meta
        field_name = name
        if "__" in name:
            relation, field_name = name.split("__")
            meta = meta.get_field(relation).related_model._meta
        field = meta.get_field("id" if field_name == "pk" else field_name)
        types.append(kinds.get(type(field), str))
    return tuple(types)


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
    """The page `request` asks for (`?page=`), the first without one, and the list's length, in one query."""
    return page_counted(queryset, request or HttpRequest())


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
    service_task: str = ""  # the national service task's name, in the language of the request
    notice_type: str = ""  # the name of Kela's notice type, in the language of the request
    notice_due: date | None = None

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
    "service_task_code",
    "contact__notice_type",
    "contact__notice_due",
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
            service_task=display_name(SERVICE_TASK, service_task_code),
            notice_type=notice_type_label(notice_type or ""),
            notice_due=notice_due,
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
            service_task_code,
            notice_type,
            notice_due,
        ) in page.object_list
    ]
    _log_initiations(user, page.object_list, view)
    return page


@dataclass(frozen=True)
class BoardRow(CountsDown):
    """A pending time limit of an open initiation, as the deadline board shows it."""

    pk: UUID  # the initiation's
    client_id: UUID
    first_name: str
    last_name: str
    team: str
    handled_by: str  # "" while nobody handles it
    urgent: bool
    due: date | None  # None: an assessment to start with no time limit (start without delay, SHL 36)
    kind: str  # "start", "complete" or "service"
    days_left: int


# A start limit is met once the assessment starts, a completion limit once it is completed, and the service
# limit (SHL 45) once the decided service has started. The board's order among equal due dates.
BOARD_LIMITS = (
    ("start", "assessment_start_due", "assessment_started_at"),
    ("complete", "assessment_complete_due", "assessment_completed_at"),
    ("service", "service_due", "service_started_on"),
)


# A worker's own open initiations with no time limit at all, whose assessment has not started, come on the
# worker's board too ("mine": the worker's own board, or the board filtered to a worker), after the dated
# rows: the assessment is still to start without delay (SHL 36), and the board is where a worker looks for
# what is due. They sort by this date, after every real one.
NO_LIMIT_RANK = len(BOARD_LIMITS)
NO_LIMIT_SORT = date(9999, 12, 31)

BOARD_FIELDS = (
    "pk",
    "client_id",
    "client__first_name",
    "client__last_name",
    "team__name",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
    "urgent",
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
    teams: Iterable[Team] | None = None,
) -> Page:
    """A page of the pending time limits of open initiations, the nearest (and so the overdue) first.

    One initiation may have up to three limits pending; each is a row, in the order (due date, kind,
    initiation). Each kind of each of the user's teams comes from its own partial index in due order
    (`_Merged`), so a page reads about its own rows whatever the size of the county; the page's
    initiations then come in one query. Read live, never from the reports' tables: a limit met leaves
    the board at once. `teams` are the user's teams when the caller has read them. A worker's board (or
    the board of the worker chosen) also lists the worker's initiations to start with no time limit, last
    (`NO_LIMIT_RANK`)."""
    column = _names()
    scope = initiation_scope(user, teams=teams)
    from_, of_teams, of_own = _scope_branches(scope, team_id=team_id, worker_id=worker_id)
    # The statuses as literals, as in the partial indexes' condition, so that PostgreSQL uses them.
    open_ = ", ".join(f"'{status.value}'" for status in OPEN_STATUSES)
    branches = [
        (
            f"{column[due]} AS board_due, {rank} AS board_kind, {column['id']} AS board_id",
            f"{where} AND {column['status']} IN ({open_}) AND {column[due]} IS NOT NULL "
            f"AND {column[done]} IS NULL",
            params,
        )
        for rank, (_kind, due, done) in enumerate(BOARD_LIMITS)
        for where, params in [*of_teams, *of_own]
    ]
    person = worker_id or scope.assigned_to_id
    if person:
        _from, mine_teams, mine_own = _scope_branches(scope, team_id=team_id, worker_id=person)
        branches += [
            (
                f"%s AS board_due, {NO_LIMIT_RANK} AS board_kind, {column['id']} AS board_id",
                f"{where} AND {column['status']} IN ({open_}) AND {column['assessment_started_at']} IS NULL "
                + "".join(f"AND {column[due]} IS NULL " for _kind, due, _done in BOARD_LIMITS),
                [NO_LIMIT_SORT, *params],
            )
            for where, params in [*mine_teams, *mine_own]
        ]
    rows = _Merged(
        branches,
        branch_order="board_due, board_id",
        order="board_due, board_kind, board_id",
        from_=from_,
    )
    select, joins = _joined("board_id", BOARD_FIELDS[1:])
    page = page_windowed(
        rows.joined(f"listed.board_due, listed.board_kind, listed.board_id, {select}", joins),
        request or HttpRequest(),
    )
    today = timezone.localdate()
    board = []
    for due, rank, pk, client_id, first_name, last_name, team, first, last, username, urgent in page:
        handled_by = person_name(first or "", last or "", username or "")
        limited = rank < NO_LIMIT_RANK
        day = _date(due)
        board.append(
            BoardRow(
                sql.uuid_of(pk),
                sql.uuid_of(client_id),
                first_name,
                last_name,
                team,
                handled_by,
                bool(urgent),
                day if limited else None,
                BOARD_LIMITS[rank][0] if limited else "start",
                (day - today).days if limited else 0,
            )
        )
    page.object_list = board
    _log_initiations(user, board, view)
    return page


# --- Lists read team by team: the deadline board and the initiation list --------------------------------
#
# What a user may see of initiations (`InitiationScope`) is read team by team: a branch for each team of
# the user, and for a worker one more for the initiations given to them in other teams. Each branch reads
# an index in the list's order and stops at the end of the page; one ORDER BY merges them. A page so reads
# at most (branches x page end) index rows in a county of any size, where one query over "the user's
# teams" walked the county's whole index and counted all its open initiations. The SQL is written from the
# models' meta (compiling a queryset costs about a millisecond a branch); every value is a parameter.

_Branch = tuple[str, list[Any]]  # a WHERE and its parameters

# Above this many teams, one user's teams are read in one branch (a manager of many teams).
TEAM_BRANCHES = 8


def _column(meta: Any, name: str) -> str:
    """A model's column as SQL: the quoted table and column of the field `name` (from the model's meta)."""
    quote = connection.ops.quote_name
    return f"{quote(meta.db_table)}.{quote(meta.get_field(name).column)}"


@cache
def _names() -> dict[str, str]:
    """The quoted names the branches use: the table (`from`), the condition that the initiation's client
    relationship is open (`relationship_open`) and the initiation's columns, by field name.

    The relationship is read by its primary key for each initiation a branch reads (a subquery, never a
    join): joined, PostgreSQL hashed the whole relationship table (a sequential scan) at 10,000 clients."""
    quote = connection.ops.quote_name
    initiation, relationship = Initiation._meta, ClientRelationship._meta

    ended_at, key = (quote(cast("Any", relationship.get_field(name)).column) for name in ("ended_at", "id"))
    names = {
        "from": quote(initiation.db_table),
        "relationship_open": f"(SELECT branch_rel.{ended_at} "  # noqa: S608
        f"FROM {quote(relationship.db_table)} AS branch_rel "
        f"WHERE branch_rel.{key} = {_column(initiation, 'relationship')}) IS NULL",
    }
    fields = ["id", "team", "status", "assigned_to", "initiated_at"]
    for name in [*fields, *(name for _kind, due, done in BOARD_LIMITS for name in (due, done))]:
        names[name] = _column(initiation, name)
    return names


def _db_uuid(value: UUID | str) -> Any:
    """A UUID as a query parameter of the default database (sql.uuid_param)."""
    return sql.uuid_param(DEFAULT_DB_ALIAS, value)


def _date(value: Any) -> date:
    """A date read back from a row: a date on PostgreSQL, its ISO text on SQLite."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _marks(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))


def _scope_branches(
    scope: InitiationScope, *, team_id: UUID | str | None = None, worker_id: UUID | str | None = None
) -> tuple[str, list[_Branch], list[_Branch]]:
    """The tables to read and the WHERE of each branch with its parameters: one for each team of `scope`
    (only `team_id` when a team is chosen), and one for the initiations given to a worker in other teams;
    each with the filters (the chosen team, the chosen worker, for workers open client relationships)."""
    column = _names()
    filters, values = "", []
    if scope.open_relationships_only:
        filters += f" AND {column['relationship_open']}"
    if worker_id:
        filters += f" AND {column['assigned_to']} = %s"
        values.append(_db_uuid(worker_id))
    chosen = sql.uuid_of(team_id) if team_id else None
    teams = [team for team in scope.team_ids if chosen in (None, team)]
    if len(teams) <= TEAM_BRANCHES:
        of_teams = [(f"{column['team']} = %s{filters}", [_db_uuid(team), *values]) for team in teams]
    else:  # one branch, sorted whole: planning a branch a team would cost more
        of_teams = [(f"{column['team']} IN ({_marks(teams)}){filters}", [*map(_db_uuid, teams), *values])]
    of_own = []
    if scope.assigned_to_id is not None:
        where, params = f"{column['assigned_to']} = %s", [_db_uuid(scope.assigned_to_id)]
        if scope.team_ids:
            where += f" AND {column['team']} NOT IN ({_marks(scope.team_ids)})"
            params += [_db_uuid(team) for team in scope.team_ids]
        if chosen:
            where += f" AND {column['team']} = %s"
            params.append(_db_uuid(chosen))
        of_own.append((where + filters, params + values))
    return column["from"], of_teams, of_own


class _Merged:
    """A list merged from branches `(columns, where, params)`, as Django's Paginator reads it: `count()`
    and a slice. Each branch is sorted by `branch_order` (the list's `order` without the columns that are
    constant in a branch) and cut at the end of the slice, so that it reads its index in order and stops
    there; `from_` is the tables (`_names`)."""

    ordered = True

    def __init__(
        self, branches: list[tuple[str, str, list[Any]]], *, branch_order: str, order: str, from_: str
    ) -> None:
        self.branches, self.branch_order, self.order, self.from_ = branches, branch_order, order, from_

    def count(self) -> int:
        if not self.branches:
            return 0
        return int(self._fetch(*self._count())[0][0])

    def __getitem__(self, part: slice) -> list[tuple[Any, ...]]:
        start, stop = part.start or 0, part.stop
        if not self.branches or stop <= start:
            return []
        return self._fetch(*self._slice(start, stop))

    def joined(self, select: str, joins: str) -> Fetch:
        """The list as a `Fetch` (polku.core.pagination): each row of a slice (`listed`) joined to `joins`
        for the columns `select`, in the list's order, each ending with the list's length; one query."""

        def fetch(limit: int, offset: int) -> list[tuple[Any, ...]]:
            if not self.branches or limit <= 0:
                return []
            (count, count_params), (rows, row_params) = self._count(), self._slice(offset, offset + limit)
            order = ", ".join(f"listed.{part.strip()}" for part in self.order.split(","))
            return self._fetch(
                f"SELECT {select}, ({count}) FROM ({rows}) AS listed {joins} ORDER BY {order}",  # noqa: S608
                [*count_params, *row_params],
            )

        return fetch

    def _count(self) -> tuple[str, list[Any]]:
        selects = [f"SELECT {c} FROM {self.from_} WHERE {w}" for c, w, _p in self.branches]  # noqa: S608
        params = [value for _columns, _where, params in self.branches for value in params]
        return f"SELECT COUNT(*) FROM ({' UNION ALL '.join(selects)}) AS found", params  # noqa: S608

    def _slice(self, start: int, stop: int) -> tuple[str, list[Any]]:
        union = " UNION ALL ".join(
            f"SELECT * FROM (SELECT {columns} FROM {self.from_} WHERE {where} "  # noqa: S608
            f"ORDER BY {self.branch_order} LIMIT %s) AS branch{index}"
            for index, (columns, where, _params) in enumerate(self.branches)
        )
        params = [value for _columns, _where, params in self.branches for value in (*params, stop)]
        return f"{union} ORDER BY {self.order} LIMIT %s OFFSET %s", [*params, stop - start, start]

    def _fetch(self, query: str, params: list[Any]) -> list[tuple[Any, ...]]:
        return sql.rows(DEFAULT_DB_ALIAS, query, params)


@cache
def _joined(key: str, fields: tuple[str, ...]) -> tuple[str, str]:
    """The columns `fields` of an initiation and what it refers to ("client__last_name"; one step at most)
    and the joins that read them for the initiation whose id is `listed.<key>`, written once."""
    quote = connection.ops.quote_name
    meta = Initiation._meta

    joins = [f"INNER JOIN {quote(meta.db_table)} ON {_column(meta, 'id')} = listed.{key}"]
    columns = []
    field: Any
    for name in fields:
        if "__" not in name:
            columns.append(_column(meta, "id" if name == "pk" else name))
            continue
        relation, target = name.split("__")
        field = meta.get_field(relation)
        related = field.related_model._meta
        join = (
            f"{'LEFT OUTER' if field.null else 'INNER'} JOIN {quote(related.db_table)} "
            f"ON {_column(related, 'id')} = {_column(meta, relation)}"
        )
        if join not in joins:
            joins.append(join)
        columns.append(_column(related, target))
    return ", ".join(columns), " ".join(joins)


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
    service_task: str = ""  # the national service task's name, in the language of the request


@dataclass(frozen=True)
class CaseView:
    client: Client
    relationships: list[RelationshipView]
    initiations: list[InitiationView]
    special_support: SpecialSupport | None
    more_initiations: bool = False


def special_support_in_force(client: Client) -> SpecialSupport | None:
    """The client's determination of special support in force today, with its author (`client` is one the
    caller got through `client_get_for_user`)."""
    return (
        SpecialSupport.objects.filter(client=client)
        .in_force()
        .select_related("created_by")
        .order_by("-determined_on", "-pk")
        .first()
    )


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
            assessment_completed_at=done,
            assessment_start_due=start_due,
            service_task=display_name(SERVICE_TASK, task),
        )
        for pk, initiated_at, kind, need, status, first, last, username, started, done, start_due, task in (
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
                "service_task_code",
            )[: CASE_INITIATIONS + 1]
        )
    ]
    special = special_support_in_force(client)
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
    personal_worker: bool  # the worker is the client's personal worker (SHL 42)
    handling: bool  # the worker handles an open initiation of the client
    arrears: bool  # unsettled rent or energy arrears (polku.finance.models.ARREARS)


def caseload_page(
    *,
    user: User,
    worker: User,
    view: str,
    request: HttpRequest | None = None,
    only: Collection[UUID] | None = None,
) -> Page:
    """A page of a worker's clients, as far as `user` may see them (`Client.objects.visible_ids`), by name:
    the open relationships where the worker is personal worker, and those with an open initiation given to
    the worker (taken from the queue or assigned), which has no personal worker yet. The worker's
    relationships come from the (personal_worker, ended_at) index and the initiations from the assigned_to
    index, so a page sorts one caseload (tens to hundreds of rows), never the register; the rows carry
    the caseload's length (one query a page, `page_windowed`). Only what the list shows is read
    (`CaseloadRow`). `only` narrows the list to these clients (a filter an app above casework worked out,
    e.g. the segment filter of polku.segments)."""
    visible = Client.objects.visible_ids(user)
    if only is not None and not only:
        visible = Client.objects.none().values("pk")  # the filter left no one
    if isinstance(visible, RawSQL):
        narrowed = "" if only is None else " AND mine.mine_client IN (" + ", ".join(["%s"] * len(only)) + ")"
        query = _caseload_sql().format(visible=visible.sql, only=narrowed)
        me = _db_uuid(worker.pk)
        params = [me, me, me, *visible.params, *(_db_uuid(pk) for pk in only or ())]

        def fetch(limit: int, offset: int) -> list[tuple[Any, ...]]:
            return sql.rows(DEFAULT_DB_ALIAS, query, [*params, limit, offset])

        page = page_windowed(fetch, request or HttpRequest())
    else:  # a user who sees no client
        page = Paginator(cast("Any", []), PER_PAGE).get_page(1)
    page.object_list = [
        CaseloadRow(
            sql.uuid_of(client_id),
            f"{last} {first}",
            team,
            sql.aware(since),
            bool(personal),
            bool(handling),
            bool(arrears),
        )
        for client_id, last, first, team, since, personal, handling, arrears in page.object_list
    ]
    use_log_write(
        actor=user,
        client_ids=[row.client_id for row in page.object_list],
        view=view,
        object_type="caseload",
        purpose=purpose_for(user),
    )
    return page


CASELOAD_IDS_LIMIT = 5000


def caseload_client_ids(*, user: User, worker: User) -> list[UUID]:
    """The ids of every client of the worker's caseload that `user` may see (at most CASELOAD_IDS_LIMIT), in
    the caseload's order, in one query; nothing of the clients is shown, so nothing is logged."""
    visible = Client.objects.visible_ids(user)
    if not isinstance(visible, RawSQL):
        return []
    me = _db_uuid(worker.pk)
    query = _caseload_sql().format(visible=visible.sql, only="")
    rows = sql.rows(DEFAULT_DB_ALIAS, query, [me, me, me, *visible.params, CASELOAD_IDS_LIMIT, 0])
    return list(dict.fromkeys(sql.uuid_of(row[0]) for row in rows))


def _arrears_sql() -> str:
    """Whether the row's client has unsettled rent or energy arrears (the `finance_debt_arrears` index)."""
    debt = Debt._meta
    kinds = ", ".join(f"'{kind}'" for kind in ARREARS)
    return (  # our own identifiers and choice values, no input
        f"EXISTS (SELECT 1 FROM {connection.ops.quote_name(debt.db_table)} "  # noqa: S608
        f"WHERE {_column(debt, 'client')} = mine.mine_client AND {_column(debt, 'kind')} IN ({kinds}) "
        f"AND {_column(debt, 'status')} <> '{DebtStatus.SETTLED.value}')"
    )


@cache
def _caseload_sql() -> str:
    """The caseload's query, written once from the models' meta (compiling it through the ORM cost more than
    running it); `{visible}` is the subquery of the clients the reader may see. The parameters: the worker
    three times, the visible subquery's, the limit and the offset."""
    quote = connection.ops.quote_name
    relationship, initiation = ClientRelationship._meta, Initiation._meta
    client, team = Client._meta, Team._meta

    rel = quote(relationship.db_table)
    r = {name: _column(relationship, name) for name in ("id", "client", "team", "started_at", "ended_at")}
    worker = _column(relationship, "personal_worker")
    open_ = ", ".join(f"'{status.value}'" for status in OPEN_STATUSES)
    columns = (
        f"{r['id']} AS mine_id, {r['client']} AS mine_client, {r['team']} AS mine_team, {r['started_at']}"
    )
    return (
        f"WITH handled AS (SELECT {_column(initiation, 'relationship')} AS handled_id "  # noqa: S608
        f"FROM {quote(initiation.db_table)} WHERE {_column(initiation, 'assigned_to')} = %s "
        f"AND {_column(initiation, 'status')} IN ({open_})) "
        f"SELECT mine.mine_client, {_column(client, 'last_name')}, {_column(client, 'first_name')}, "
        f"{_column(team, 'name')}, mine.started_at, mine.personal, mine.handling, {_arrears_sql()}, "
        "COUNT(*) OVER () "
        f"FROM (SELECT {columns} AS started_at, TRUE AS personal, "
        f"{r['id']} IN (SELECT handled_id FROM handled) AS handling "
        f"FROM {rel} WHERE {worker} = %s AND {r['ended_at']} IS NULL "
        f"UNION ALL SELECT {columns}, FALSE, TRUE FROM {rel} "
        f"WHERE {r['id']} IN (SELECT handled_id FROM handled) AND {r['ended_at']} IS NULL "
        f"AND ({worker} IS NULL OR {worker} <> %s)) AS mine "
        f"INNER JOIN {quote(client.db_table)} ON {_column(client, 'id')} = mine.mine_client "
        f"INNER JOIN {quote(team.db_table)} ON {_column(team, 'id')} = mine.mine_team "
        "WHERE mine.mine_client IN ({visible}){only} "
        f"ORDER BY {_column(client, 'last_name')}, {_column(client, 'first_name')}, mine.mine_client, "
        "mine.mine_id LIMIT %s OFFSET %s"
    )
