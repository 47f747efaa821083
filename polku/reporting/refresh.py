"""Rebuilding the reports' pre-aggregated tables (polku/reporting/models.py) from the records.

`refresh_all` is what the background worker runs on a clock; each table is rebuilt in one transaction of
its own (delete and insert, under a lock on its `ReportRefresh` row, so that two refreshes never
interleave), and the row's time is what the report's page shows. A report whose table was never built
builds it on its first read (`ensure_built`), so a new installation shows figures at once.

Where a report reads: `reports_alias()`, the `reports` database (a read replica) when it is a database of
its own, else the primary's own connection, which sees the same rows (and, in tests, the test's own
transaction).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from django.db import connections, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from polku.casework.models import Initiation
from polku.clients.models import ClientRelationship, Gender, LabourMarketStatus
from polku.core import sql
from polku.provision.models import ServiceEpisode
from polku.reporting.models import CaseloadCell, DeadlineCell, EsrCell, ReportRefresh, ServiceCell
from polku.structural.models import ProjectParticipant

DEADLINES, ESR, CASELOADS, SERVICES = "deadlines", "esr", "caseloads", "services"
BATCH = 5000

# domain.md, "Project monitoring": the ESR table's rows (labels in monitoring.ESR_STATUS_GROUPS).
ESR_STATUS_KEYS: dict[str, str] = {
    LabourMarketStatus.UNEMPLOYED: "unemployed",
    LabourMarketStatus.LONG_TERM_UNEMPLOYED: "unemployed",
    LabourMarketStatus.IN_EDUCATION: "in_education",
    LabourMarketStatus.EMPLOYED: "employed",
    LabourMarketStatus.ENTREPRENEUR: "employed",
    LabourMarketStatus.OUTSIDE: "outside",
    LabourMarketStatus.UNKNOWN: "unknown",
}


def reports_alias() -> str:
    """The database the reports read: `reports` where it names another database than the primary."""
    mine, primary = connections["reports"].settings_dict, connections["default"].settings_dict
    same = all(mine.get(key) == primary.get(key) for key in ("ENGINE", "NAME", "HOST", "PORT"))
    return "default" if same else "reports"


def statutory_initiations() -> Q:
    """Initiations with a statutory start limit (SHL 36): 75 or over, the highest care allowance, a child
    needing special support, or urgent (immediately)."""
    return Q(assessment_start_due__isnull=False) & (
        Q(age_at_initiation__gte=75)
        | Q(highest_care_allowance=True)
        | Q(child_special_support=True)
        | Q(urgent=True)
    )


def _local_date(value: date | datetime) -> date:
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def _deadline_cells(today: date) -> list[DeadlineCell]:
    started_on = TruncDate("assessment_started_at")
    statutory = Initiation.objects.filter(statutory_initiations()).annotate(day=TruncDate("initiated_at"))
    pending = Q(assessment_started_at__isnull=True, assessment_start_due__gte=today)
    settled = (
        statutory.exclude(pending)
        .alias(started_on=started_on)
        .values("team", "day")
        .annotate(
            on_time=Count("id", filter=Q(started_on__lte=F("assessment_start_due"))),
            late=Count(
                "id",
                filter=Q(started_on__gt=F("assessment_start_due")) | Q(assessment_started_at__isnull=True),
            ),
        )
        .order_by()
    )
    waiting = statutory.filter(pending).values("team", "day", "assessment_start_due").annotate(n=Count("id"))
    # (team, period, whole month, due) -> [on time, late, pending]
    cells: dict[tuple[Any, date, bool, date | None], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in settled:
        day = _local_date(row["day"])
        for key in ((row["team"], day, False, None), (row["team"], day.replace(day=1), True, None)):
            cells[key][0] += row["on_time"]
            cells[key][1] += row["late"]
    for row in waiting.order_by():
        day, due = _local_date(row["day"]), row["assessment_start_due"]
        for key in ((row["team"], day, False, due), (row["team"], day.replace(day=1), True, due)):
            cells[key][2] += row["n"]
    return [
        DeadlineCell(
            team_id=team, period=period, whole_month=whole, due=due, on_time=c[0], late=c[1], pending=c[2]
        )
        for (team, period, whole, due), c in cells.items()
        if any(c)
    ]


def _esr_cells() -> list[EsrCell]:
    cells: dict[tuple[Any, date, bool, str, str, bool], list[int]] = defaultdict(lambda: [0, 0])
    columns = ("labour_market_status", "age_group", "gender")
    for field, index in (("started_on", 0), ("ended_on", 1)):
        rows = (
            ProjectParticipant.objects.filter(**{f"{field}__isnull": False})
            .values("project", field, *columns)
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in rows:
            group = (
                ESR_STATUS_KEYS.get(row["labour_market_status"], "unknown"),
                row["age_group"],
                row["gender"] == Gender.FEMALE,
            )
            day = row[field]
            cells[(row["project"], day, False, *group)][index] += row["n"]
            cells[(row["project"], day.replace(day=1), True, *group)][index] += row["n"]
    return [
        EsrCell(
            project_id=p, day=d, whole_month=m, status_group=s, age_group=a, woman=w, started=c[0], ended=c[1]
        )
        for (p, d, m, s, a, w), c in cells.items()
    ]


def _caseload_cells() -> list[CaseloadCell]:
    rows = (
        ClientRelationship.objects.filter(ended_at__isnull=True)
        .values("team", "personal_worker")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [CaseloadCell(team_id=r["team"], personal_worker_id=r["personal_worker"], n=r["n"]) for r in rows]


def _service_cells() -> list[ServiceCell]:
    open_relationships = ClientRelationship.objects.filter(ended_at__isnull=True)
    episodes = ServiceEpisode.objects.not_ended().filter(client__in=open_relationships.values("client_id"))
    teams: dict[Any, set[str]] = defaultdict(set)
    for client, team in (
        open_relationships.filter(client__in=episodes.values("client_id"))
        .values_list("client_id", "team_id")
        .iterator(chunk_size=BATCH)
    ):
        teams[client].add(str(team))
    services: dict[Any, set[tuple[str, str]]] = defaultdict(set)
    for client, kind, provider in episodes.values_list("client_id", "kind", "provider__name").iterator(
        chunk_size=BATCH
    ):
        services[client].add((kind, provider))
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for client, found in services.items():
        key = ",".join(sorted(teams[client]))
        for kind, provider in found:
            counts[(kind, provider, key)] += 1
    return [ServiceCell(kind=k, provider_name=p, teams=t, n=n) for (k, p, t), n in counts.items()]


BUILDERS: dict[str, tuple[type[Any], Callable[[date], list[Any]]]] = {
    DEADLINES: (DeadlineCell, _deadline_cells),
    ESR: (EsrCell, lambda _today: _esr_cells()),
    CASELOADS: (CaseloadCell, lambda _today: _caseload_cells()),
    SERVICES: (ServiceCell, lambda _today: _service_cells()),
}


def refresh(table: str) -> datetime:
    """Rebuild one table in one transaction; returns the time it now shows."""
    model, build = BUILDERS[table]
    with transaction.atomic(using="default"):
        now = timezone.now()
        ReportRefresh.objects.get_or_create(table=table, defaults={"refreshed_at": now})
        ReportRefresh.objects.select_for_update().get(table=table)  # one refresh of a table at a time
        cells = build(timezone.localdate(now))
        model.objects.all().delete()
        model.objects.bulk_create(cells, batch_size=BATCH)
        ReportRefresh.objects.filter(table=table).update(refreshed_at=now)
        _analyze(model)
    return now


def _analyze(model: type[Any]) -> None:
    """Fresh statistics for the table just rebuilt: until autovacuum comes round, PostgreSQL would plan
    the reports' reads on the old ones (at 1M clients a caseload read took 9 ms on a hash join of every
    user instead of 0.3 ms on the index, thinking a team had 381 cells instead of 9)."""
    connection = connections["default"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def refresh_all() -> dict[str, datetime]:
    """Rebuild every pre-aggregated table of the reports (the worker's scheduled job)."""
    return {table: refresh(table) for table in BUILDERS}


def ensure_built(table: str) -> tuple[str, datetime]:
    """The database to read `table` from and the time of its data. A table never built is built now, on
    the primary, and read from there (a replica may not have it yet)."""
    alias = reports_alias()
    refreshed_at = last_refresh(alias, table)
    if refreshed_at is not None:
        return alias, refreshed_at
    return "default", refresh(table)


def refreshed_column(alias: str) -> str:
    """SQL for a column giving when the table named by its one parameter was last rebuilt (NULL when
    never), for a report's query of the cells to read the time of its figures with them. As text, read
    with sql.aware: the column is on every row of a grouped query, and a timestamp read into a datetime
    cost some 5 µs a row (a tenth of a deadline compliance export's time)."""
    name = connections[alias].ops.quote_name("table")
    subquery = f"SELECT refreshed_at FROM {sql.table(ReportRefresh, alias)} WHERE {name} = %s"  # noqa: S608
    return f"CAST(({subquery}) AS TEXT)"


def last_refresh(alias: str, table: str) -> datetime | None:
    """When `table` was last rebuilt, as seen on the database `alias`; None when never (one query)."""
    found = sql.rows(alias, "SELECT " + refreshed_column(alias), [table])
    return sql.aware(found[0][0]) if found and found[0][0] is not None else None


T = TypeVar("T")


def read_built(table: str, read: Callable[[str], tuple[T, Any]]) -> tuple[str, T, datetime]:
    """What `read(alias)` finds in `table`'s cells on the reports database, with the time of the figures:
    `read` gives it with what it found (refreshed_column) or None when it found no cells; then the time is
    asked alone, and a table never built is built now and read again from the primary (as ensure_built)."""
    alias = reports_alias()
    found, refreshed_at = read(alias)
    if refreshed_at is None:
        refreshed_at = last_refresh(alias, table)
        if refreshed_at is None:
            alias, refreshed_at = "default", refresh(table)
            found, _again = read(alias)
    return alias, found, sql.aware(refreshed_at)
