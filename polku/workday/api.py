"""GET /api/v1/me/work: the signed-in user's work list, the same sections and rows as the home page."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from ninja import Router, Schema

from polku.accounts.models import AuthedRequest
from polku.core.schemas import ErrorOut
from polku.workday.worklist import remember_count, work_for

router = Router(tags=["work list"])


class WorkRowOut(Schema):
    kind: str
    title: str
    url: str
    due: date | None
    overdue: bool
    urgent: bool
    client_id: UUID | None
    client_name: str


class WorkSectionOut(Schema):
    key: str
    title: str
    total: int
    more_url: str
    rows: list[WorkRowOut]


class WorkOut(Schema):
    sections: list[WorkSectionOut]


@router.get("/me/work", response={200: WorkOut, 401: ErrorOut})
def my_work(request: AuthedRequest) -> dict[str, object]:
    """What is waiting for the user, per role, overdue first; each row links to where the work is done."""
    sections = work_for(request.user, view="api:my_work")
    remember_count(request.user, sections)
    return {
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "total": s.total,
                "more_url": s.more_url,
                "rows": [
                    {
                        "kind": r.kind,
                        "title": r.title,
                        "url": r.url,
                        "due": r.due,
                        "overdue": r.overdue,
                        "urgent": r.urgent,
                        "client_id": r.client_id,
                        "client_name": r.client_name,
                    }
                    for r in s.rows
                ],
            }
            for s in sections
        ]
    }
