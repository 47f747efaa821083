"""Monitoring tables: the ESR participant table, deadline compliance, caseloads and clients by service.
Read-only.

Every figure goes through the small-cell rule with secondary suppression (polku.core.suppression):
a reader must not be able to work out a group under the threshold from totals or from "all" minus
"women". Each table reads its pre-aggregated cells (polku/reporting/models.py, rebuilt by
polku.reporting.refresh in the background worker) in one grouped query, whatever the size of the data,
from the reports database (`reports_alias`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import reduce
from operator import or_
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.db import connections
from django.db.models import BooleanField, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from polku.accounts.models import Role, Team, User
from polku.clients.models import LabourMarketStatus
from polku.core import sql
from polku.core.collation import name_key
from polku.core.kept import Kept
from polku.core.suppression import (
    Grid,
    Line,
    cell_of,
    grid_lines,
    grid_values,
    hidden_cells,
    simple_grid,
    threshold,
)
from polku.provision.models import ServiceKind
from polku.reporting.models import CaseloadCell, DeadlineCell, EsrCell, ReportRefresh, ServiceCell
from polku.reporting.refresh import (
    CASELOADS,
    DEADLINES,
    ESR,
    SERVICES,
    ensure_built,
    read_built,
    refreshed_column,
    reports_alias,
)
from polku.reporting.refresh import statutory_initiations as statutory_initiations
from polku.structural.access import may_read_figures
from polku.structural.models import EsrAgeGroup, Project
from polku.structural.periods import check_range, check_report_range
from polku.structural.selectors import figure_teams
from polku.structural.stats import month_label, months_between

# domain.md, "Project monitoring": unemployed incl. long-term unemployed; in education; employed incl.
# entrepreneurs; outside the labour market. "Not recorded" shows what is missing instead of hiding it.
ESR_STATUS_GROUPS: tuple[tuple[str, Any, frozenset[str]], ...] = (
    (
        "unemployed",
        gettext_lazy("unemployed (incl. long-term unemployed)"),
        frozenset({LabourMarketStatus.UNEMPLOYED, LabourMarketStatus.LONG_TERM_UNEMPLOYED}),
    ),
    ("in_education", gettext_lazy("in education"), frozenset({LabourMarketStatus.IN_EDUCATION})),
    (
        "employed",
        gettext_lazy("employed (incl. entrepreneurs)"),
        frozenset({LabourMarketStatus.EMPLOYED, LabourMarketStatus.ENTREPRENEUR}),
    ),
    ("outside", gettext_lazy("outside the labour market"), frozenset({LabourMarketStatus.OUTSIDE})),
    ("unknown", gettext_lazy("not recorded"), frozenset({LabourMarketStatus.UNKNOWN})),
)


def _check(user: User) -> None:
    if not may_read_figures(user):
        raise PermissionDenied(_("Monitoring figures are for team managers and analysts."))


def refreshed_at(*tables: str) -> datetime | None:
    """When the oldest of `tables` was last rebuilt: what a page shows as the time of its figures."""
    found = ReportRefresh.objects.using(reports_alias()).filter(table__in=tables)
    times = list(found.values_list("refreshed_at", flat=True))
    return min(times) if len(times) == len(set(tables)) else None


def _until(day: date, *, including: bool) -> tuple[str, list[Any]]:
    """SQL for the EsrCell rows up to `day`: whole months before its month, then its month's days."""
    month = day.replace(day=1)
    days = "day <= %s" if including else "day < %s"
    condition = f"(whole_month = %s AND day < %s) OR (whole_month = %s AND day >= %s AND {days})"
    return condition, [True, month, False, month, day]


_ESR_SQL = (
    "SELECT status_group, age_group, woman, SUM(CASE WHEN {started} THEN started ELSE 0 END),"
    " SUM(CASE WHEN {ended} THEN ended ELSE 0 END), MIN({refreshed}) FROM {table}"
    " WHERE project_id = %s AND ({started} OR {ended}) GROUP BY status_group, age_group, woman"
)


def _esr_rows(alias: str, project: Project, first: date, last: date) -> tuple[list[tuple[Any, ...]], Any]:
    """Per status group, age group and woman or not: the participations started by `last` and those
    ended before `first` (overlapping [first, last] is the difference), each read as the whole months
    before the date's month and the days of its month; and the time of the figures (one query)."""
    started, started_params = _until(last, including=True)
    ended, ended_params = _until(first, including=False)
    query = _ESR_SQL.format(
        started=f"({started})",
        ended=f"({ended})",
        refreshed=refreshed_column(alias),
        table=sql.table(EsrCell, alias),
    )
    params = [*started_params, *ended_params, ESR, sql.uuid_param(alias, project.pk)]
    found = sql.rows(alias, query, [*params, *started_params, *ended_params])
    return [row[:5] for row in found], (found[0][5] if found else None)


def _team_ids(user: User) -> list[Any]:
    return list(figure_teams(user).values_list("pk", flat=True))


@dataclass
class EsrTable:
    project: Project
    first: date
    last: date
    all: Grid
    women: Grid
    refreshed_at: datetime | None = None

    @property
    def has_secondary(self) -> bool:
        return self.all.has_secondary or self.women.has_secondary


def esr_table(*, user: User, project: Project, first: date, last: date) -> EsrTable:
    """Participants whose participation overlaps [first, last], by labour-market status and age group on
    entry; all participants and women separately. "All minus women" is protected too."""
    _check(user)
    check_range(first, last, end_field="to")
    _alias, rows, refreshed = read_built(ESR, lambda alias: _esr_rows(alias, project, first, last))
    key = (
        threshold(),
        get_language(),
        project.pk,
        project.name,
        first,
        last,
        refreshed,
        tuple(tuple(row) for row in rows),
    )
    return _KEPT_ESR.get_or_make(key, lambda: _esr_table(project, first, last, rows, refreshed))


# The ESR tables of the last figures asked, per process: the same cells, project, period, language and
# threshold give the same table (a page and its exports are mostly asked again before the next refresh).
# A table given is shared: read it, never change it.
_KEPT_ESR: Kept[EsrTable] = Kept(64)


def _esr_table(
    project: Project, first: date, last: date, rows: list[tuple[Any, ...]], refreshed: datetime | None
) -> EsrTable:
    everyone: dict[tuple[Any, Any], int] = {}
    women: dict[tuple[Any, Any], int] = {}
    for status_group, age_group, woman, started, ended in rows:
        key, n = (status_group, age_group), int(started) - int(ended)
        everyone[key] = everyone.get(key, 0) + n
        if woman:
            women[key] = women.get(key, 0) + n
    status_rows = [(key, str(label)) for key, label, _m in ESR_STATUS_GROUPS]
    age_cols = [(key, str(label)) for key, label in EsrAgeGroup.choices]
    grids = _linked_by_gender(everyone, women, status_rows, age_cols)
    return EsrTable(
        project=project,
        first=first,
        last=last,
        all=grids["all"],
        women=grids["women"],
        refreshed_at=refreshed,
    )


def _linked_by_gender(
    everyone: dict[tuple[Any, Any], int],
    women: dict[tuple[Any, Any], int],
    rows: list[tuple[Any, str]],
    cols: list[tuple[Any, str]],
) -> dict[str, Grid]:
    """The "all" and "women" tables, suppressed together with the unpublished "not women" table that a
    reader gets by subtracting one from the other."""
    row_keys, col_keys = [k for k, _l in rows], [k for k, _l in cols]
    others = {key: everyone.get(key, 0) - women.get(key, 0) for key in everyone}
    blocks = {"all": everyone, "women": women, "others": others}
    values: dict[Any, int] = {}
    lines: list[Line] = []
    for name, counts in blocks.items():
        for (r, c), value in grid_values(counts, row_keys, col_keys).items():
            values[(name, r, c)] = value
        for line in grid_lines(row_keys, col_keys):
            parts = tuple((name, *cast(tuple[Any, Any], k)) for k in line.parts)
            lines.append(Line(parts, (name, *cast(tuple[Any, Any], line.total))))
    for r in [*row_keys, "total"]:
        for c in [*col_keys, "total"]:
            lines.append(Line((("women", r, c), ("others", r, c)), ("all", r, c)))
    published = [key for key in values if key[0] != "others"]
    hidden = hidden_cells(values, lines, published)
    total = _("Total")
    return {
        name: Grid(
            rows=[*rows, ("total", total)],
            cols=[*cols, ("total", total)],
            cells={
                (r, c): cell_of(values[(name, r, c)], hidden, (name, r, c))
                for r in [*row_keys, "total"]
                for c in [*col_keys, "total"]
            },
        )
        for name in ("all", "women")
    }


@dataclass
class TeamCompliance:
    team: Team
    grid: Grid  # rows: months; columns: on time, late, total

    def share(self, row: Any) -> float | None:
        """Share started in time, in per cent; None when a count it needs is hidden or there is none."""
        on_time, total = self.grid.cells[(row, "on_time")].count, self.grid.cells[(row, "total")].count
        if on_time is None or not total:
            return None
        return round(100 * on_time / total, 1)

    @property
    def rows(self) -> list[tuple[Any, str, list[Any], float | None]]:
        return [(key, label, self.grid.row_cells(key), self.share(key)) for key, label in self.grid.rows]


@dataclass
class Compliance:
    first: date
    last: date
    months: list[date]
    teams: list[TeamCompliance]
    refreshed_at: datetime | None = None
    page: Page | None = None  # the page of teams shown, when paged


def _whole_months_and_days(first: date, last: date) -> tuple[list[date], list[tuple[date, date]]]:
    """The months wholly inside [first, last] and the day ranges of the partial ones (at most two)."""
    months, days = [], []
    for month in months_between(first, last):
        end = (month + timedelta(days=31)).replace(day=1) - timedelta(days=1)
        start, stop = max(first, month), min(last, end)
        if (start, stop) == (month, end):
            months.append(month)
        else:
            days.append((start, stop))
    return months, days


def _compliance_teams(user: User, alias: str, first: date, last: date) -> QuerySet[Team]:
    """The teams whose figures `user` reads (polku.structural.selectors.figure_teams) with statutory
    assessments initiated in [first, last], by name. Whether a team has any is written out in SQL (the
    same condition as _compliance_counts'): built as ORM lookups it cost 0.7 ms a page to compile."""
    periods, params = _deadline_periods(first, last, prefix="c.")
    team = f"{sql.table(Team, alias)}.{connections[alias].ops.quote_name('id')}"
    cells_table = sql.table(DeadlineCell, alias)
    cells = f"EXISTS (SELECT 1 FROM {cells_table} c WHERE c.team_id = {team} AND ({periods}))"  # noqa: S608
    has_cells = RawSQL(cells, params, output_field=BooleanField())  # noqa: S611  (names from the models)
    return figure_teams(user).using(alias).filter(has_cells).order_by("name", "pk")


def _deadline_periods(first: date, last: date, prefix: str = "") -> tuple[str, list[Any]]:
    """SQL for the DeadlineCell rows of [first, last]: its whole months, and the days of a partial first
    or last month."""
    months, days = _whole_months_and_days(first, last)
    periods, params = [], []
    if months:
        periods.append(f"{prefix}whole_month = %s AND {prefix}period IN {sql.in_list(len(months))}")
        params += [True, *months]
    for a, b in days:
        periods.append(f"{prefix}whole_month = %s AND {prefix}period >= %s AND {prefix}period <= %s")
        params += [False, a, b]
    return " OR ".join(f"({p})" for p in periods) or "1 = 0", params


def compliance_team_count(*, user: User, first: date, last: date) -> int:
    """How many teams deadline compliance shows `user` for [first, last] (one query)."""
    _check(user)
    return _compliance_teams(user, reports_alias(), first, last).count()


_COMPLIANCE_SQL = (
    "SELECT team_id, period, SUM(on_time), SUM(late), SUM(CASE WHEN due < %s THEN pending ELSE 0 END),"
    " MIN({refreshed}) FROM {table} WHERE team_id IN {teams} AND ({period}) GROUP BY team_id, period"
)


def _compliance_counts(
    alias: str, team_ids: list[Any], first: date, last: date, today: date
) -> tuple[dict[Any, dict[tuple[Any, Any], int]], Any]:
    """Per team, (month, "on_time" | "late") -> count, and the time of the figures: one grouped query
    over the cells of `team_ids` (written out in SQL: polku.core.sql). A cell pending at the
    refresh and still not started is late once its due date has passed."""
    periods, params = _deadline_periods(first, last)
    query = _COMPLIANCE_SQL.format(
        refreshed=refreshed_column(alias),
        table=sql.table(DeadlineCell, alias),
        teams=sql.in_list(len(team_ids)),
        period=periods,
    )
    teams = [sql.uuid_param(alias, t) for t in team_ids]
    found = sql.rows(alias, query, [today, DEADLINES, *teams, *params])
    counts: dict[Any, dict[tuple[Any, Any], int]] = {}
    for team, period, on_time, late, overdue, _refreshed in found:
        team_counts = counts.setdefault(sql.uuid_of(team), {})
        month = period.replace(day=1)
        team_counts[(month, "on_time")] = team_counts.get((month, "on_time"), 0) + int(on_time)
        team_counts[(month, "late")] = team_counts.get((month, "late"), 0) + int(late) + int(overdue)
    return counts, (found[0][5] if found else None)


Pager = Callable[[QuerySet[Team]], Page]


def deadline_compliance(*, user: User, first: date, last: date, pager: Pager | None = None) -> Compliance:
    """Statutory assessments initiated in [first, last] by team and month: started by the due date, or
    late (started after it, or not started and the due date has passed). Those still within their time
    limit are not counted yet. The teams are those whose figures the user reads that have any, by name;
    with `pager` (e.g. polku.core.pagination.page_of) only the page of them that it gives."""
    _check(user)
    check_report_range(first, last, end_field="to")
    today = timezone.localdate()

    def read(alias: str) -> tuple[tuple[Page | None, dict[Any, Any]], Any]:
        page = pager(_compliance_teams(user, alias, first, last)) if pager is not None else None
        team_ids = [t.pk for t in page.object_list] if page is not None else _team_ids(user)
        if not team_ids:  # no team: no cells to ask for (read_built asks the time of the figures alone)
            return (page, {}), None
        counts, refreshed = _compliance_counts(alias, team_ids, first, last, today)
        return (page, counts), refreshed

    _alias, (page, counts), refreshed = read_built(DEADLINES, read)
    months = months_between(first, last)
    month_rows = [(m, month_label(m)) for m in months]
    cols = [("on_time", _("started in time")), ("late", _("late"))]
    teams = (
        page.object_list if page is not None else Team.objects.filter(pk__in=counts).order_by("name", "pk")
    )
    total = _("Total")
    return Compliance(
        first=first,
        last=last,
        months=months,
        teams=[
            # No period total row: it would cost months of the chart to protect a total nobody charts.
            TeamCompliance(team, simple_grid(counts[team.pk], month_rows, cols, total, total_row=False))
            for team in teams
            if team.pk in counts
        ],
        refreshed_at=refreshed,
        page=page,
    )


@dataclass
class TeamCaseload:
    team: Team
    grid: Grid  # rows: workers (and "no personal worker"), one column


class Caseloads(list[TeamCaseload]):
    """The teams' caseloads, when their table was last rebuilt, and the page of teams shown when paged."""

    refreshed_at: datetime | None = None
    page: Page | None = None


def _caseload_teams(user: User, alias: str) -> QuerySet[Team]:
    """The teams whose figures `user` reads with open client relationships, by name (the condition
    written out in SQL, as _compliance_teams')."""
    team = f"{sql.table(Team, alias)}.{connections[alias].ops.quote_name('id')}"
    cells = f"EXISTS (SELECT 1 FROM {sql.table(CaseloadCell, alias)} c WHERE c.team_id = {team})"  # noqa: S608
    has_cells = RawSQL(cells, [], output_field=BooleanField())  # noqa: S611  (names from the models)
    return figure_teams(user).using(alias).filter(has_cells).order_by("name", "pk")


_CASELOAD_SQL = (
    "SELECT c.team_id, c.personal_worker_id, u.first_name, u.last_name, u.username, SUM(c.n),"
    " MIN({refreshed}) FROM {table} c LEFT JOIN {users} u ON u.id = c.personal_worker_id"
    " WHERE c.team_id IN {teams} GROUP BY c.team_id, c.personal_worker_id, u.first_name, u.last_name,"
    " u.username"
)


def _caseload_counts(alias: str, team_ids: list[Any]) -> tuple[tuple[dict[Any, Any], dict[Any, str]], Any]:
    """Per team, (personal worker or "none", "clients") -> open relationships; the workers' names (as
    str(user)); and the time of the figures (one query)."""
    query = _CASELOAD_SQL.format(
        refreshed=refreshed_column(alias),
        table=sql.table(CaseloadCell, alias),
        users=sql.table(User, alias),
        teams=sql.in_list(len(team_ids)),
    )
    found = sql.rows(alias, query, [CASELOADS, *(sql.uuid_param(alias, t) for t in team_ids)])
    counts: dict[Any, dict[tuple[Any, Any], int]] = {}
    names: dict[Any, str] = {}
    for team, worker, first_name, last_name, username, n, _refreshed in found:
        key = sql.uuid_of(worker) if worker is not None else "none"
        if worker is not None:
            names[key] = f"{first_name} {last_name}".strip() or username  # as str(user)
        counts.setdefault(sql.uuid_of(team), {})[(key, "clients")] = int(n)
    return (counts, names), (found[0][6] if found else None)


def caseloads(*, user: User, pager: Pager | None = None) -> Caseloads:
    """Open client relationships per personal worker, per team: the teams whose figures the user reads
    that have any, by name; with `pager` only the page of them that it gives."""
    _check(user)

    def read(alias: str) -> tuple[tuple[Page | None, dict[Any, Any], dict[Any, str]], Any]:
        page = pager(_caseload_teams(user, alias)) if pager is not None else None
        team_ids = [t.pk for t in page.object_list] if page is not None else _team_ids(user)
        if not team_ids:  # no team: no cells to ask for (read_built asks the time of the figures alone)
            return (page, {}, {}), None
        (counts, names), refreshed = _caseload_counts(alias, team_ids)
        return (page, counts, names), refreshed

    _alias, (page, counts, names), refreshed = read_built(CASELOADS, read)
    teams = (
        page.object_list if page is not None else Team.objects.filter(pk__in=counts).order_by("name", "pk")
    )
    result = Caseloads()
    result.refreshed_at = refreshed
    result.page = page
    none_label, clients, total = _("no personal worker"), [("clients", _("open clients"))], _("Total")
    for team in teams:
        if team.pk not in counts:
            continue
        keys = sorted((w for w, _c in counts[team.pk] if w != "none"), key=lambda w: name_key(names[w]))
        rows_ = [(w, names[w]) for w in keys]
        if any(w == "none" for w, _c in counts[team.pk]):
            rows_.append(("none", none_label))
        # No team total: it would cost a worker's figure to protect a sum the manager does not need.
        grid = simple_grid(counts[team.pk], rows_, clients, total, total_row=False)
        result.append(TeamCaseload(team, grid))
    return result


def clients_by_service(*, user: User) -> Grid:
    """Clients with a running service episode, by service and provider: distinct clients with an open
    relationship with the reader's teams (an analyst: every team). No total row: it would need
    protecting, and a client can have several services."""
    _check(user)
    alias, _refreshed = ensure_built(SERVICES)
    cells = ServiceCell.objects.using(alias)
    if user.role != Role.ANALYST:  # an analyst reads every team (figure_teams): every cell has one
        team_ids = _team_ids(user)
        cells = cells.filter(reduce(or_, [Q(teams__contains=str(t)) for t in team_ids], Q(pk__in=[])))
    rows = cells.values("kind", "provider_name").annotate(n=Sum("n")).order_by("kind", "provider_name")
    kinds = dict(ServiceKind.choices)
    counts: dict[tuple[Any, Any], int] = {((r["kind"], r["provider_name"]), "clients"): r["n"] for r in rows}
    labels = [((kind, provider), f"{kinds.get(kind, kind)}, {provider}") for (kind, provider), _c in counts]
    return simple_grid(counts, labels, [("clients", _("clients"))], _("Total"), total_row=False)
