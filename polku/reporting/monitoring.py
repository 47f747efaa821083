"""Monitoring tables: the ESR participant table, deadline compliance, caseloads and clients by service.
Read-only.

Every figure goes through the small-cell rule with secondary suppression (polku.core.suppression):
a reader must not be able to work out a group under the threshold from totals or from "all" minus
"women". Each table reads its pre-aggregated cells (polku/reporting/models.py, rebuilt by
polku.reporting.refresh in the background worker) in one grouped query, whatever the size of the data,
from the reports database (`reports_alias`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import reduce
from operator import or_
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polku.accounts.models import Role, Team, User
from polku.clients.models import LabourMarketStatus
from polku.core.suppression import (
    Grid,
    Line,
    cell_of,
    grid_lines,
    grid_values,
    hidden_cells,
    simple_grid,
)
from polku.provision.models import ServiceKind
from polku.reporting.models import CaseloadCell, DeadlineCell, EsrCell, ReportRefresh, ServiceCell
from polku.reporting.refresh import CASELOADS, DEADLINES, ESR, SERVICES, ensure_built, reports_alias
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


def _until(day: date, *, including: bool) -> Q:
    """EsrCell rows up to `day`: whole months before its month, then its month's days."""
    month = day.replace(day=1)
    days = Q(day__lte=day) if including else Q(day__lt=day)
    return Q(whole_month=True, day__lt=month) | (Q(whole_month=False, day__gte=month) & days)


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
    alias, refreshed = ensure_built(ESR)
    # Overlapping [first, last]: started by `last`, less those that ended before `first`; each count read
    # as the whole months before the date's month and the days of its month.
    started = _until(last, including=True)
    ended = _until(first, including=False)
    rows = (
        EsrCell.objects.using(alias)
        .filter(started | ended, project_id=project.pk)
        .values("status_group", "age_group", "woman")
        .annotate(
            started_=Coalesce(Sum("started", filter=started), 0),
            ended_=Coalesce(Sum("ended", filter=ended), 0),
        )
        .order_by()
    )
    everyone: dict[tuple[Any, Any], int] = {}
    women: dict[tuple[Any, Any], int] = {}
    for row in rows:
        key, n = (row["status_group"], row["age_group"]), row["started_"] - row["ended_"]
        everyone[key] = everyone.get(key, 0) + n
        if row["woman"]:
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


def deadline_compliance(*, user: User, first: date, last: date) -> Compliance:
    """Statutory assessments initiated in [first, last] by team and month: started by the due date, or
    late (started after it, or not started and the due date has passed). Those still within their time
    limit are not counted yet."""
    _check(user)
    check_report_range(first, last, end_field="to")
    alias, refreshed = ensure_built(DEADLINES)
    today = timezone.localdate()
    months, days = _whole_months_and_days(first, last)
    where = reduce(
        or_,
        [Q(whole_month=False, period__gte=a, period__lte=b) for a, b in days],
        Q(whole_month=True, period__in=months) if months else Q(pk__in=[]),
    )
    rows = (
        DeadlineCell.objects.using(alias)
        .filter(where, team__in=_team_ids(user))
        .annotate(month=TruncMonth("period"))
        .values("team", "month")
        .annotate(
            on_time_=Sum("on_time"),
            late_=Sum("late"),
            # Pending at the refresh and still not started: late once the due date has passed.
            overdue_=Coalesce(Sum("pending", filter=Q(due__lt=today)), 0),
        )
        .order_by()
    )
    counts: dict[Any, dict[tuple[Any, Any], int]] = {}
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "hour") else row["month"]
        team_counts = counts.setdefault(row["team"], {})
        team_counts[(month, "on_time")] = row["on_time_"]
        team_counts[(month, "late")] = row["late_"] + row["overdue_"]
    months = months_between(first, last)
    month_rows = [(m, month_label(m)) for m in months]
    cols = [("on_time", _("started in time")), ("late", _("late"))]
    teams = Team.objects.filter(pk__in=counts.keys()).order_by("name")
    return Compliance(
        first=first,
        last=last,
        months=months,
        teams=[
            # No period total row: it would cost months of the chart to protect a total nobody charts.
            TeamCompliance(team, simple_grid(counts[team.pk], month_rows, cols, _("Total"), total_row=False))
            for team in teams
        ],
        refreshed_at=refreshed,
    )


@dataclass
class TeamCaseload:
    team: Team
    grid: Grid  # rows: workers (and "no personal worker"), one column


class Caseloads(list[TeamCaseload]):
    """The teams' caseloads, and when their table was last rebuilt."""

    refreshed_at: datetime | None = None


def caseloads(*, user: User) -> Caseloads:
    """Open client relationships per personal worker, per team."""
    _check(user)
    alias, refreshed = ensure_built(CASELOADS)
    rows = (
        CaseloadCell.objects.using(alias)
        .filter(team__in=_team_ids(user))
        .values("team", "personal_worker")
        .annotate(n=Sum("n"))
        .order_by()
    )
    counts: dict[Any, dict[tuple[Any, Any], int]] = {}
    for row in rows:
        counts.setdefault(row["team"], {})[(row["personal_worker"] or "none", "clients")] = row["n"]
    worker_ids = {w for team_counts in counts.values() for (w, _c) in team_counts if w != "none"}
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=worker_ids)}
    result = Caseloads()
    result.refreshed_at = refreshed
    for team in Team.objects.filter(pk__in=counts.keys()).order_by("name"):
        keys = sorted((w for w, _c in counts[team.pk] if w != "none"), key=lambda w: names[w])
        rows_ = [(w, names[w]) for w in keys]
        if any(w == "none" for w, _c in counts[team.pk]):
            rows_.append(("none", _("no personal worker")))
        # No team total: it would cost a worker's figure to protect a sum the manager does not need.
        grid = simple_grid(
            counts[team.pk], rows_, [("clients", _("open clients"))], _("Total"), total_row=False
        )
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
