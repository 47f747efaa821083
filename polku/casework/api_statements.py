"""Statements to Kela (sosiaalihuollon lausunto): Kela's token lists its unread ones and reads each once."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from ninja import Router, Schema

from polku.accounts.models import AuthedRequest
from polku.casework.models import KelaStatement
from polku.casework.statements import statement_read, unread_for
from polku.core.schemas import ErrorOut

router = Router(tags=["casework"])


class StatementBrief(Schema):
    id: UUID
    contact_id: UUID
    made_at: datetime
    replaces_id: UUID | None


class StatementOut(StatementBrief):
    client_id: UUID
    text: str
    author: str
    read_at: datetime


@router.get(
    "/statements",
    response={200: list[StatementBrief], 401: ErrorOut, 403: ErrorOut},
    url_name="statement_list",
)
def statements(request: AuthedRequest) -> list[StatementBrief]:
    """The statements social welfare has written to the caller's organisation and it has not read yet,
    oldest first (at most 500): the contact each answers and, for a correction, the statement it replaces.
    The list carries no client data; read each statement with GET /statements/{id}."""
    return [
        StatementBrief(id=s.pk, contact_id=s.contact_id, made_at=s.made_at, replaces_id=s.replaces_id)
        for s in unread_for(request.user)[:500]
    ]


@router.get(
    "/statements/{statement_id}",
    response={200: StatementOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 410: ErrorOut},
    url_name="statement_read",
)
def statement(request: AuthedRequest, statement_id: UUID) -> StatementOut:
    """The statement, once: the first read answers it and is logged as a disclosure to the caller's
    organisation; every later read answers 410 Gone. Another organisation's statement is 404."""
    s: KelaStatement = statement_read(actor=request.user, statement_id=statement_id)
    assert s.read_at is not None  # noqa: S101  (just read)
    return StatementOut(
        id=s.pk,
        contact_id=s.contact_id,
        made_at=s.made_at,
        replaces_id=s.replaces_id,
        client_id=s.client_id,
        text=s.text,
        author=s.author.get_full_name() or s.author.username,
        read_at=s.read_at,
    )
