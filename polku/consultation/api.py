"""The API of consultations: ask (anonymously, or naming a client on their consent or a ground in law),
read one as the asker or one it was asked of, and write in its thread."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from polku.accounts.models import AuthedRequest, Team, User
from polku.clients.selectors import client_get_for_user
from polku.consultation.models import Message, Panel
from polku.consultation.selectors import Seen, consultation_get_for_user
from polku.consultation.services import QUESTION_MAX, Identified, consultation_ask, consultation_write
from polku.core.schemas import ErrorOut, InputSchema

router = Router(tags=["consultations"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
TopicCode = Literal[
    "law", "substance_use", "disability", "social_security", "mental_health", "housing", "money", "other"
]


class ClientShared(InputSchema):
    client_id: UUID
    shared: str = Field(max_length=QUESTION_MAX)
    shared_until: date
    consent_on: date | None = None
    consent_method: Literal["oral", "written", "electronic", "joint_plan"] = "oral"
    ground_in_law: str = Field("", max_length=300)


class ConsultationIn(InputSchema):
    asked_of: Literal["colleague", "team", "panel"]
    colleague_id: UUID | None = None
    team_id: UUID | None = None
    panel_id: UUID | None = None
    topic: TopicCode
    subject: str = Field(max_length=200)
    question: str = Field(max_length=QUESTION_MAX)
    client: ClientShared | None = None


class MessageIn(InputSchema):
    text: str = Field(max_length=QUESTION_MAX)


class MessageOut(Schema):
    id: int
    author: str
    text: str
    at: datetime


class ConsultationOut(Schema):
    id: UUID
    asked_by: str
    asked_of: str
    recipient: str
    topic: str
    subject: str
    status: str
    asked_at: datetime
    identified: bool
    shared_until: date | None
    # Empty for those it was asked of once the sharing has ended.
    readable: bool
    client_id: UUID | None
    question: str
    shared: str
    messages: list[MessageOut]


def _out(seen: Seen) -> ConsultationOut:
    c = seen.consultation
    messages = list(c.messages.select_related("author")) if seen.readable else []
    return ConsultationOut(
        id=c.pk,
        asked_by=str(c.asker),
        asked_of=c.asked_of,
        recipient=c.recipient_name,
        topic=c.topic,
        subject=c.subject,
        status=c.status,
        asked_at=c.created_at,
        identified=c.identified,
        shared_until=c.shared_until,
        readable=seen.readable,
        client_id=c.client_id if seen.readable else None,
        question=c.question if seen.readable else "",
        shared=c.shared if seen.readable else "",
        messages=[MessageOut(id=m.pk, author=str(m.author), text=m.text, at=m.at) for m in messages],
    )


def _one(field: str, model: type[Any], pk: UUID | None, **filters: object) -> Any:
    """The recipient a body names; an unknown one is a 400 naming the field."""
    if pk is None:
        return None
    found = model._default_manager.filter(pk=pk, **filters).first()
    if found is None:
        raise ValidationError({field: [_("No such recipient.")]})
    return found


@router.post("/consultations", response={201: ConsultationOut, **ERRORS}, url_name="consultations")
def consultation_create(request: AuthedRequest, payload: ConsultationIn) -> Status:
    """Ask a colleague, a team or an expert panel; `client` names the client (with the consent's day or a
    ground in law) and writes the disclosure to the client's disclosure log."""
    identified = None
    if payload.client is not None:
        shared = payload.client
        client = client_get_for_user(user=request.user, client_id=shared.client_id, view="api:consultations")
        identified = Identified(
            client=client,
            shared=shared.shared,
            shared_until=shared.shared_until,
            consent_on=shared.consent_on,
            consent_method=shared.consent_method,
            ground_in_law=shared.ground_in_law,
        )
    consultation = consultation_ask(
        actor=request.user,
        asked_of=payload.asked_of,
        topic=payload.topic,
        subject=payload.subject,
        question=payload.question,
        colleague=_one("colleague_id", User, payload.colleague_id, is_active=True),
        team=_one("team_id", Team, payload.team_id),
        panel=_one("panel_id", Panel, payload.panel_id),
        identified=identified,
    )
    seen = consultation_get_for_user(
        user=request.user, consultation_id=consultation.pk, view="api:consultations"
    )
    return Status(201, _out(seen))


@router.get(
    "/consultations/{consultation_id}",
    response={200: ConsultationOut, **ERRORS},
    url_name="consultation_detail",
)
def consultation_detail(request: AuthedRequest, consultation_id: UUID) -> ConsultationOut:
    """A consultation as the asker or one it was asked of reads it."""
    return _out(
        consultation_get_for_user(
            user=request.user, consultation_id=consultation_id, view="api:consultation_detail"
        )
    )


@router.post(
    "/consultations/{consultation_id}/messages",
    response={201: MessageOut, **ERRORS},
    url_name="consultation_messages",
)
def message_create(request: AuthedRequest, consultation_id: UUID, payload: MessageIn) -> Status:
    """An answer, or the asker's follow-up."""
    seen = consultation_get_for_user(
        user=request.user, consultation_id=consultation_id, view="api:consultation_messages"
    )
    message: Message = consultation_write(
        actor=request.user, consultation=seen.consultation, text=payload.text
    )
    return Status(
        201, MessageOut(id=message.pk, author=str(message.author), text=message.text, at=message.at)
    )
