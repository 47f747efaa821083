"""The team's clients by segment as the API gives them: every count through polku.core.suppression (a hidden
count is null, with the text the page shows)."""

from __future__ import annotations

from uuid import UUID

from ninja import Router, Schema

from polku.accounts.models import AuthedRequest
from polku.core.schemas import ErrorOut
from polku.core.suppression import Cell, Grid, threshold
from polku.segments.quadrants import NOTHING_DECIDED
from polku.segments.selectors import team_get_for_user, team_segments

router = Router(tags=["segments"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class CountOut(Schema):
    count: int | None
    shown: str


class SegmentOut(Schema):
    key: str
    label: str
    reviewed: CountOut
    by_rule_only: CountOut
    total: CountOut


class TeamSegmentsOut(Schema):
    team_id: UUID
    team: str
    threshold: int
    segments: list[SegmentOut]
    heavy_users: CountOut
    note: str


def _count(cell: Cell) -> CountOut:
    return CountOut(count=cell.count, shown=cell.text)


def _segments(grid: Grid) -> list[SegmentOut]:
    return [
        SegmentOut(
            key=str(key),
            label=label,
            reviewed=_count(grid.cells[(key, "reviewed")]),
            by_rule_only=_count(grid.cells[(key, "rule")]),
            total=_count(grid.cells[(key, "total")]),
        )
        for key, label in grid.rows
    ]


@router.get("/teams/{team_id}/segments", response={200: TeamSegmentsOut, **ERRORS}, url_name="team_segments")
def team_segments_read(request: AuthedRequest, team_id: UUID) -> TeamSegmentsOut:
    """The team's clients (open relationships) by segment, with the total last; counts of 1 to the
    threshold - 1 (and those that would give one away) are null. A segment decides nothing about a client."""
    team = team_get_for_user(user=request.user, team_id=team_id)
    segments = team_segments(team)
    return TeamSegmentsOut(
        team_id=team.pk,
        team=team.name,
        threshold=threshold(),
        segments=_segments(segments.by_review),
        heavy_users=CountOut(count=segments.heavy_count, shown=segments.heavy_shown),
        note=str(NOTHING_DECIDED),
    )
