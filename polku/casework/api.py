"""Casework endpoints: contacts from other authorities (SHL 35), initiations, the weekday calendar."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from polku.accounts.models import AuthedRequest, User
from polku.casework.models import Channel, Initiation
from polku.casework.selectors import (
    client_timeline,
    initiation_get_for_user,
    initiation_list,
    my_team_relationship,
)
from polku.casework.services import (
    Person,
    Sender,
    contact_receive,
    contact_store_response,
    personal_worker_assign,
)
from polku.clients.models import ClientRelationship
from polku.core.schemas import ErrorOut, InputSchema, PageOut, PageQuery, QuerySchema
from polku.core.weekdays import add_weekdays

router = Router(tags=["casework"])


class PersonIn(InputSchema):
    hetu: str = Field(description="henkilötunnus, e.g. 010190-900P")
    first_name: str = Field(min_length=1, max_length=150)
    last_name: str = Field(min_length=1, max_length=150)
    language: str = Field("fi", description="fi, sv, se, en or other")


class SenderIn(InputSchema):
    organisation: str = Field(min_length=1, max_length=200, examples=["Kela"])
    name: str = Field("", max_length=200)
    phone: str = Field("", max_length=40)


class ContactIn(InputSchema):
    person: PersonIn
    sender: SenderIn
    consent: bool
    ground_without_consent: Literal["cannot_look_after_self", "child_interest"] | None = None
    reasons: list[str] = Field(description="reason codes, e.g. rent_arrears, life_management (see README)")
    description: str = Field(max_length=10000, description="what the sender saw")
    urgent: bool = False
    highest_care_allowance: bool = False
    contacted_at: datetime | None = Field(None, description="default now; never in the future")
    reporter_code: str | None = Field(
        None,
        max_length=50,
        description=(
            "reporter of the need, a code of THL's Sosiaalihuolto - Palvelutarpeen ilmoittaja "
            "(1.2.246.537.6.1243); default Kela's code when the sender is Kela, else none"
        ),
    )
    notice_type: str | None = Field(
        None,
        max_length=40,
        description="type of a Kela notice, code set kela_notice_type: social_work_need, "
        "rehabilitative_work_activity, integration, wish_to_talk, basic_amount_reduction (see README)",
    )


class InitiationBrief(Schema):
    id: UUID
    assessment_start_due: date | None
    assessment_complete_due: date | None
    urgent: bool


class ContactOut(Schema):
    id: UUID
    client_id: UUID
    initiation: InitiationBrief


class InitiationOut(Schema):
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
    assigned_to: str | None
    contact_id: UUID | None
    closed_at: datetime | None
    close_reason: str
    service_task_code: str = Field(description="THL Sosiaalihuolto - Palvelutehtävä (1.2.246.537.6.1221)")
    service_process_code: str = Field(description="THL Sosiaalihuolto - Palveluprosessi (1.2.246.537.6.1277)")
    special_group_codes: list[str] = Field(
        description="THL Sosiaalihuolto - Erityisryhmä (1.2.246.537.6.1229)"
    )

    @staticmethod
    def of(initiation: Initiation) -> InitiationOut:
        # Built from a saved initiation, whose values have the types above: validating them again cost a
        # list of 50 more than a millisecond.
        return InitiationOut.model_construct(
            id=initiation.pk,
            client_id=initiation.client_id,
            team=initiation.team.name,
            status=initiation.status,
            initiated_at=initiation.initiated_at,
            initiator_type=initiation.initiator_type,
            initiator=initiation.initiator,
            need=initiation.need,
            justification=initiation.justification,
            urgent=initiation.urgent,
            highest_care_allowance=initiation.highest_care_allowance,
            assessment_start_due=initiation.assessment_start_due,
            assessment_complete_due=initiation.assessment_complete_due,
            assigned_to=initiation.assigned_to.username if initiation.assigned_to else None,
            contact_id=initiation.contact_id,
            closed_at=initiation.closed_at,
            close_reason=initiation.close_reason,
            service_task_code=initiation.service_task_code,
            service_process_code=initiation.service_process_code,
            special_group_codes=initiation.special_group_codes,
        )


@router.post(
    "/contacts",
    response={201: ContactOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    url_name="contact_create",
)
def contact_create(request: AuthedRequest, payload: ContactIn) -> Status:
    """Receive a contact from another authority (SHL 35), with the person's consent or the legal ground
    for contacting without it. The person is matched by henkilötunnus or registered; an initiation lands
    in a team's queue with its statutory due dates.

    Send an `Idempotency-Key` header: a resent message with the same key gets the first answer and
    creates nothing new."""
    contact, _created = contact_receive(
        actor=request.user,
        person=Person(**payload.person.model_dump()),
        sender=Sender(**payload.sender.model_dump()),
        consent=payload.consent,
        ground_without_consent=payload.ground_without_consent,
        reasons=payload.reasons,
        description=payload.description,
        urgent=payload.urgent,
        highest_care_allowance=payload.highest_care_allowance,
        contacted_at=payload.contacted_at,
        channel=Channel.API,
        idempotency_key=request.headers.get("Idempotency-Key", "")[:200],
        reporter_code=payload.reporter_code,
        notice_type=payload.notice_type or "",
    )
    if contact.response is None:
        initiation = contact.initiation
        answer = ContactOut(
            id=contact.pk,
            client_id=contact.client_id,
            initiation=InitiationBrief(
                id=initiation.pk,
                assessment_start_due=initiation.assessment_start_due,
                assessment_complete_due=initiation.assessment_complete_due,
                urgent=initiation.urgent,
            ),
        ).model_dump(mode="json")
        contact_store_response(contact=contact, response=answer)
        contact.refresh_from_db(fields=["response"])
    assert contact.response is not None  # noqa: S101  (stored just above)
    return Status(201, contact.response)


class InitiationFilter(PageQuery):
    status: Literal["open", "new", "in_progress", "closed"] | None = None


class InitiationPage(PageOut):
    items: list[InitiationOut]


@router.get(
    "/initiations",
    response={200: InitiationPage, 400: ErrorOut, 401: ErrorOut},
    url_name="initiation_list",
)
def initiations(request: AuthedRequest, filters: Query[InitiationFilter]) -> InitiationPage:
    """Initiations of the caller's teams, newest first, `limit` at a time from `offset`; `count` says how
    many match in all. `status=open` gives new and in-progress ones."""
    found = initiation_list(
        user=request.user,
        status=filters.status,
        limit=filters.limit,
        offset=filters.offset,
        view="api:initiation_list",
    )
    # The rows have the schema's fields and types (ListedInitiation), and the page its own: built, not
    # validated again (validating the page validated its fifty rows once more, some 2 ms).
    return InitiationPage.model_construct(
        items=[InitiationOut.model_construct(**vars(row)) for row in found.items],
        count=found.count,
        limit=found.limit,
        offset=found.offset,
    )


@router.get(
    "/initiations/{initiation_id}",
    response={200: InitiationOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="initiation_detail",
)
def initiation_detail(request: AuthedRequest, initiation_id: UUID) -> InitiationOut:
    return InitiationOut.of(
        initiation_get_for_user(user=request.user, initiation_id=initiation_id, view="api:initiation_detail")
    )


class WeekdaysQuery(QuerySchema):
    from_: date = Field(alias="from", description="the day of the contact, YYYY-MM-DD")
    count: int = Field(ge=0, le=400, description="weekdays after it; 0 is the same day")


class DueOut(Schema):
    due: date


@router.get("/calendar/weekdays", response={200: DueOut, 400: ErrorOut, 401: ErrorOut}, url_name="weekdays")
def weekdays(request: HttpRequest, query: Query[WeekdaysQuery]) -> DueOut:
    """The `count`th weekday after `from` (Finnish public holidays, Christmas Eve and Midsummer Eve are not
    weekdays; counting starts the day after)."""
    return DueOut(due=add_weekdays(query.from_, query.count))


class PersonalWorkerIn(InputSchema):
    worker: str = Field(description="user name of the personal worker")
    alongside: str | None = Field(None, description="user name of a public-office social worker alongside")
    version: int = Field(
        description="the client relationship's version as read (relationship_version); a naming based "
        "on an older reading is refused with 409",
    )


class PersonalWorkerOut(Schema):
    client_id: UUID
    team: str
    worker: str | None
    alongside: str | None
    started_at: datetime | None
    relationship_version: int


def _my_open_relationship(request: AuthedRequest, client_id: UUID, view: str) -> ClientRelationship:
    relationship = my_team_relationship(user=request.user, client_id=client_id, view=view)
    if relationship is None:
        raise ValidationError(_("The client has no open client relationship with your team."))
    return relationship


@router.get(
    "/clients/{client_id}/personal-worker",
    response={200: PersonalWorkerOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="personal_worker",
)
def personal_worker_read(request: AuthedRequest, client_id: UUID) -> PersonalWorkerOut:
    """The personal worker of the client's open relationship with the caller's team, and the
    relationship's version that a naming must send."""
    relationship = _my_open_relationship(request, client_id, "api:personal_worker")
    current = next((a for a in relationship.personal_worker_history.all() if a.ended_at is None), None)
    return PersonalWorkerOut(
        client_id=client_id,
        team=relationship.team.name,
        worker=current.worker.username if current else None,
        alongside=current.alongside.username if current and current.alongside else None,
        started_at=current.started_at if current else None,
        relationship_version=relationship.version,
    )


@router.post(
    "/clients/{client_id}/personal-worker",
    response={
        201: PersonalWorkerOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
    },
    url_name="personal_worker",
)
def personal_worker(request: AuthedRequest, client_id: UUID, payload: PersonalWorkerIn) -> Status:
    """Name the personal worker (SHL 42) of the client's open relationship with the caller's team: an
    active professional of a team the client has an open relationship with. For a client needing special
    support, the worker or the one alongside must be a public-office social worker. `version` is the
    relationship's, as read (GET answers it); a naming based on an older reading is refused with 409."""
    relationship = _my_open_relationship(request, client_id, "api:personal_worker")
    users = {
        u.username: u for u in User.objects.filter(username__in=[payload.worker, payload.alongside or ""])
    }
    errors = {}
    if payload.worker not in users:
        errors["worker"] = [_("No such user.")]
    if payload.alongside and payload.alongside not in users:
        errors["alongside"] = [_("No such user.")]
    if errors:
        raise ValidationError(errors)
    assignment = personal_worker_assign(
        actor=request.user,
        relationship=relationship,
        worker=users[payload.worker],
        alongside=users.get(payload.alongside or ""),
        expected_version=payload.version,
    )
    return Status(
        201,
        PersonalWorkerOut(
            client_id=client_id,
            team=relationship.team.name,
            worker=assignment.worker.username,
            alongside=assignment.alongside.username if assignment.alongside else None,
            started_at=assignment.started_at,
            relationship_version=assignment.relationship.version,
        ),
    )


class TimelineEntryOut(Schema):
    client_id: UUID
    at: datetime
    kind: str
    kind_label: str
    author: str
    summary: str
    initiation_id: UUID | None


@router.get(
    "/clients/{client_id}/timeline",
    response={200: list[TimelineEntryOut], 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="client_timeline",
)
def timeline(request: AuthedRequest, client_id: UUID) -> list[TimelineEntryOut]:
    """The client's case journal (asiakaskertomus), newest first."""
    _client, entries = client_timeline(user=request.user, client_id=client_id, view="api:client_timeline")
    return [
        TimelineEntryOut(
            client_id=e.client_id,
            at=e.at,
            kind=e.kind,
            kind_label=str(e.get_kind_display()),
            author=str(e.author),
            summary=e.text,
            initiation_id=e.initiation_id,
        )
        for e in entries
    ]
