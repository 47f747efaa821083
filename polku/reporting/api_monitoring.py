"""Monitoring endpoints: the ESR participant table and deadline compliance. Hidden counts are null, with
the text a table shows ("<5", or the secondary mark for a figure hidden to protect another)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from polku.accounts.models import AuthedRequest
from polku.core.schemas import ErrorOut, QuerySchema
from polku.core.suppression import Cell, Grid, threshold
from polku.reporting.monitoring import deadline_compliance, esr_table
from polku.structural.models import Project

router = Router(tags=["reports"])


class CellOut(Schema):
    count: int | None
    shown: str


class RowOut(Schema):
    key: str
    label: str
    cells: list[CellOut]


class TableOut(Schema):
    columns: list[str]
    rows: list[RowOut]


def _cell(cell: Cell) -> CellOut:
    return CellOut(count=cell.count, shown=cell.text)


def _table(grid: Grid) -> TableOut:
    return TableOut(
        columns=[label for _key, label in grid.cols],
        rows=[
            RowOut(key=str(key), label=label, cells=[_cell(c) for c in grid.row_cells(key)])
            for key, label in grid.rows
        ],
    )


class EsrQuery(QuerySchema):
    project: UUID
    from_: dt.date | None = Field(None, alias="from", description="default: the project's start")
    to: dt.date | None = Field(None, description="default: the project's end")


class EsrOut(Schema):
    project: str
    from_: dt.date = Field(alias="from")
    to: dt.date
    threshold: int
    all: TableOut
    women: TableOut


def _check_range(first: dt.date, last: dt.date) -> None:
    if last < first:
        raise ValidationError({"to": [_("The period ends before it starts.")]})


@router.get(
    "/esr",
    response={200: EsrOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="report_esr",
    by_alias=True,
)
def esr(request: AuthedRequest, query: Query[EsrQuery]) -> Any:
    """The ESR participant table of a project: labour-market status by age group on entry, all
    participants and women separately (domain.md, "Project monitoring")."""
    project = get_object_or_404(Project, pk=query.project)
    first, last = query.from_ or project.starts_on, query.to or project.ends_on
    _check_range(first, last)
    table = esr_table(user=request.user, project=project, first=first, last=last)
    return {
        "project": project.name,
        "from": first,
        "to": last,
        "threshold": threshold(),
        "all": _table(table.all),
        "women": _table(table.women),
    }


class DeadlinesQuery(QuerySchema):
    from_: dt.date = Field(alias="from")
    to: dt.date


class MonthOut(Schema):
    month: str
    on_time: CellOut
    late: CellOut
    total: CellOut
    share_in_time: float | None = Field(description="per cent; null when a count it needs is hidden")


class TeamOut(Schema):
    team: str
    months: list[MonthOut]


class DeadlinesOut(Schema):
    from_: dt.date = Field(alias="from")
    to: dt.date
    threshold: int
    teams: list[TeamOut]


@router.get(
    "/deadlines",
    response={200: DeadlinesOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    url_name="report_deadlines",
    by_alias=True,
)
def deadlines(request: AuthedRequest, query: Query[DeadlinesQuery]) -> Any:
    """Share of statutory service need assessments (SHL 36) started by their due date, by team and month.
    Managers see their own teams, analysts every team."""
    _check_range(query.from_, query.to)
    data = deadline_compliance(user=request.user, first=query.from_, last=query.to)

    def month(team: Any, key: Any, label: str) -> MonthOut:
        cells = team.grid.row_cells(key)
        return MonthOut(
            month=label,
            on_time=_cell(cells[0]),
            late=_cell(cells[1]),
            total=_cell(cells[2]),
            share_in_time=team.share(key),
        )

    return {
        "from": data.first,
        "to": data.last,
        "threshold": threshold(),
        "teams": [
            TeamOut(
                team=team.team.name,
                months=[month(team, m, m.strftime("%Y-%m")) for m in data.months],
            )
            for team in data.teams
        ],
    }
