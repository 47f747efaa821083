"""Monitoring tables: the ESR participant table, deadline compliance, caseloads and clients by service.
Read-only.

Every figure goes through the small-cell rule with secondary suppression (polku.core.suppression):
a reader must not be able to work out a group under the threshold from totals or from "all" minus
"women". Each table is counted by one grouped query, whatever the size of the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polku.accounts.models import Team, User
from polku.casework.models import Initiation
from polku.clients.models import ClientRelationship, Gender, LabourMarketStatus
from polku.core.suppression import (
    Grid,
    Line,
    cell_of,
    grid_lines,
    grid_values,
    hidden_cells,
    simple_grid,
)
from polku.provision.models import EpisodeStatus, ServiceEpisode, ServiceKind
from polku.structural.access import may_read_figures
from polku.structural.models import EsrAgeGroup, Project, ProjectParticipant
from polku.structural.periods import check_range, check_report_range, start_of
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


def _status_group(status: str) -> str:
    return next(key for key, _label, members in ESR_STATUS_GROUPS if status in members)


@dataclass
class EsrTable:
    project: Project
    first: date
    last: date
    all: Grid
    women: Grid

    @property
    def has_secondary(self) -> bool:
        return self.all.has_secondary or self.women.has_secondary


def esr_table(*, user: User, project: Project, first: date, last: date) -> EsrTable:
    """Participants whose participation overlaps [first, last], by labour-market status and age group on
    entry; all participants and women separately. "All minus women" is protected too."""
    _check(user)
    check_range(first, last, end_field="to")
    rows = (
        ProjectParticipant.objects.filter(project=project, started_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .values("labour_market_status", "age_group", "gender")
        .annotate(n=Count("id"))
        .order_by()
    )
    everyone: dict[tuple[Any, Any], int] = {}
    women: dict[tuple[Any, Any], int] = {}
    for row in rows:
        key = (_status_group(row["labour_market_status"]), row["age_group"])
        everyone[key] = everyone.get(key, 0) + row["n"]
        if row["gender"] == Gender.FEMALE:
            women[key] = women.get(key, 0) + row["n"]
    status_rows = [(key, str(label)) for key, label, _m in ESR_STATUS_GROUPS]
    age_cols = [(key, str(label)) for key, label in EsrAgeGroup.choices]
    grids = _linked_by_gender(everyone, women, status_rows, age_cols)
    return EsrTable(project=project, first=first, last=last, all=grids["all"], women=grids["women"])


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


def statutory_initiations() -> Q:
    """Initiations with a statutory start limit (SHL 36): 75 or over, the highest care allowance, a child
    needing special support, or urgent (immediately)."""
    return Q(assessment_start_due__isnull=False) & (
        Q(age_at_initiation__gte=75)
        | Q(highest_care_allowance=True)
        | Q(child_special_support=True)
        | Q(urgent=True)
    )


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


def deadline_compliance(*, user: User, first: date, last: date) -> Compliance:
    """Statutory assessments initiated in [first, last] by team and month: started by the due date, or
    late (started after it, or not started and the due date has passed). Those still within their time
    limit are not counted yet."""
    _check(user)
    check_report_range(first, last, end_field="to")
    today = timezone.localdate()
    started = TruncDate("assessment_started_at")
    rows = (
        Initiation.objects.filter(statutory_initiations(), team__in=figure_teams(user))
        .filter(initiated_at__gte=start_of(first), initiated_at__lt=start_of(last + timedelta(days=1)))
        .alias(started_on=started)
        .annotate(month=TruncMonth("initiated_at"))
        .values("team", "month")
        .annotate(
            on_time=Count("id", filter=Q(started_on__lte=F("assessment_start_due"))),
            late=Count(
                "id",
                filter=Q(started_on__gt=F("assessment_start_due"))
                | Q(assessment_started_at__isnull=True, assessment_start_due__lt=today),
            ),
        )
        .order_by()
    )
    counts: dict[Any, dict[tuple[Any, Any], int]] = {}
    for row in rows:
        month = timezone.localtime(row["month"]).date() if hasattr(row["month"], "hour") else row["month"]
        team_counts = counts.setdefault(row["team"], {})
        team_counts[(month, "on_time")] = row["on_time"]
        team_counts[(month, "late")] = row["late"]
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
    )


@dataclass
class TeamCaseload:
    team: Team
    grid: Grid  # rows: workers (and "no personal worker"), one column


def caseloads(*, user: User) -> list[TeamCaseload]:
    """Open client relationships per personal worker, per team."""
    _check(user)
    rows = (
        ClientRelationship.objects.filter(ended_at__isnull=True, team__in=figure_teams(user))
        .values("team", "personal_worker")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[Any, dict[tuple[Any, Any], int]] = {}
    for row in rows:
        counts.setdefault(row["team"], {})[(row["personal_worker"] or "none", "clients")] = row["n"]
    worker_ids = {w for team_counts in counts.values() for (w, _c) in team_counts if w != "none"}
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=worker_ids)}
    result = []
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
    relationships = ClientRelationship.objects.filter(ended_at__isnull=True, team__in=figure_teams(user))
    rows = (
        ServiceEpisode.objects.filter(
            status=EpisodeStatus.ACTIVE, client__in=relationships.values("client_id")
        )
        .values("kind", "provider__name")
        .annotate(n=Count("client", distinct=True))
        .order_by("kind", "provider__name")
    )
    kinds = dict(ServiceKind.choices)
    counts: dict[tuple[Any, Any], int] = {((r["kind"], r["provider__name"]), "clients"): r["n"] for r in rows}
    labels = [((kind, provider), f"{kinds.get(kind, kind)}, {provider}") for (kind, provider), _c in counts]
    return simple_grid(counts, labels, [("clients", _("clients"))], _("Total"), total_row=False)
