"""Instrument endpoints: definitions (also as FHIR Questionnaire), a client's answers and their change."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictInt

from polku.accounts.models import AuthedRequest
from polku.clients.selectors import client_get_for_user
from polku.core.schemas import ErrorOut, InputSchema
from polku.instruments.definitions import Instrument, instrument_get, instruments
from polku.instruments.fhir import questionnaire, questionnaire_response
from polku.instruments.models import Response
from polku.instruments.scoring import feedback_for
from polku.instruments.selectors import client_change, response_get_for_user
from polku.instruments.services import response_submit

router = Router(tags=["instruments"])


class OptionOut(Schema):
    value: int
    label: str


class ItemOut(Schema):
    id: str
    text: str
    scale: str
    min: int
    max: int
    reverse: bool
    options: list[OptionOut]


class InstrumentDomainOut(Schema):
    id: str
    title: str
    items: list[str]
    minimal_important_difference: float


class InstrumentOut(Schema):
    code: str
    version: int
    purpose: str
    respondent: str
    title: str
    score_min: float
    score_max: float
    items: list[ItemOut]
    domains: list[InstrumentDomainOut]

    @staticmethod
    def of(i: Instrument) -> InstrumentOut:
        return InstrumentOut(
            code=i.code,
            version=i.version,
            purpose=i.purpose,
            respondent=i.respondent,
            title=str(i.title),
            score_min=i.score_min,
            score_max=i.score_max,
            items=[
                ItemOut(
                    id=item.id,
                    text=str(item.text),
                    scale=item.scale.id,
                    min=item.scale.min,
                    max=item.scale.max,
                    reverse=item.reverse,
                    options=[OptionOut(value=o.value, label=str(o.label)) for o in item.scale.options],
                )
                for item in i.items.values()
            ],
            domains=[
                InstrumentDomainOut(
                    id=d.id,
                    title=str(d.title),
                    items=list(d.items),
                    minimal_important_difference=d.minimal_important_difference,
                )
                for d in i.domains
            ],
        )


@router.get("/instruments", response={200: list[InstrumentOut], 401: ErrorOut}, url_name="instrument_list")
def instrument_list(request: AuthedRequest) -> list[InstrumentOut]:
    """The newest version of every instrument, texts in the request's language."""
    return [InstrumentOut.of(i) for i in instruments()]


@router.get(
    "/instruments/{instrument_code}/questionnaire",
    response={200: dict[str, Any], 401: ErrorOut, 404: ErrorOut},
    url_name="instrument_questionnaire",
)
def instrument_questionnaire(request: AuthedRequest, instrument_code: str) -> Any:
    """The instrument as a FHIR R4 Questionnaire."""
    instrument = instrument_get(instrument_code)
    if instrument is None:
        return Status(404, {"detail": _("Not found."), "errors": {}})
    return questionnaire(instrument)


class ResponseIn(InputSchema):
    instrument: str = Field(description="instrument code, e.g. functional_capacity")
    answers: dict[str, StrictInt] = Field(description="item id: answer on the item's scale")
    answered_at: datetime | None = Field(None, description="default now; never in the future")
    context: dict[str, list[str]] = Field(
        default_factory=dict, description="ids of the service, provider or group the answer was given in"
    )


class DomainResultOut(Schema):
    domain: str
    title: str
    score: float
    feedback: str
    next_steps: str
    going_well: bool


class ResponseOut(Schema):
    id: UUID
    client_id: UUID
    instrument: str
    version: int
    status: str
    answered_at: datetime | None
    answers: dict[str, int]
    results: list[DomainResultOut]

    @staticmethod
    def of(response: Response) -> ResponseOut:
        instrument = instrument_get(response.instrument_code, response.instrument_version)
        results = []
        if instrument is not None:
            for r in feedback_for(instrument, response.scores).results:
                results.append(
                    DomainResultOut(
                        domain=r.domain.id,
                        title=str(r.domain.title),
                        score=r.score,
                        feedback=str(r.band.text) if r.band else "",
                        next_steps=str(r.band.next_steps) if r.band and r.band.next_steps else "",
                        going_well=r.going_well,
                    )
                )
        return ResponseOut(
            id=response.pk,
            client_id=response.client_id,
            instrument=response.instrument_code,
            version=response.instrument_version,
            status=response.status,
            answered_at=response.answered_at,
            answers=response.answers,
            results=results,
        )


@router.post(
    "/clients/{client_id}/responses",
    response={201: ResponseOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="response_create",
)
def response_create(request: AuthedRequest, client_id: UUID, payload: ResponseIn) -> Status:
    """Record a whole answer set. An unknown item or an answer outside its scale is refused (400) and
    nothing is saved. The answer gets its scores and feedback at once."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="api:response_create")
    response = response_submit(
        actor=request.user,
        client=client,
        instrument_code=payload.instrument,
        answers=payload.answers,
        answered_at=payload.answered_at,
        context=payload.context,
    )
    return Status(201, ResponseOut.of(response))


@router.get(
    "/responses/{response_id}/questionnaire-response",
    response={200: dict[str, Any], 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="response_fhir",
)
def response_fhir(request: AuthedRequest, response_id: UUID) -> Any:
    """One answer as a FHIR R4 QuestionnaireResponse."""
    response = response_get_for_user(user=request.user, response_id=response_id, view="api:response_fhir")
    instrument = instrument_get(response.instrument_code, response.instrument_version)
    if instrument is None:
        raise ValidationError(_("The instrument of this answer is no longer loaded."))
    return questionnaire_response(instrument, response)


class ChangeQuery(Schema):
    instrument: str = Field(description="instrument code")


class DomainChangeOut(Schema):
    domain: str
    title: str
    first: float
    latest: float
    difference: float
    minimal_important_difference: float
    beyond: str = Field(description='"improved", "worsened" or "" within the minimal important difference')


class PointOut(Schema):
    answered_at: datetime
    scores: dict[str, float]


class ChangeOut(Schema):
    client_id: UUID
    instrument: str
    points: list[PointOut]
    changes: list[DomainChangeOut]


@router.get(
    "/clients/{client_id}/change",
    response={200: ChangeOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="client_change",
)
def change(request: AuthedRequest, client_id: UUID, query: Query[ChangeQuery]) -> ChangeOut:
    """Each domain at each completed answer, and the difference between the first and the latest."""
    found = client_change(
        user=request.user, client_id=client_id, instrument_code=query.instrument, view="api:client_change"
    )
    return ChangeOut(
        client_id=found.client.pk,
        instrument=found.instrument.code,
        points=[PointOut(answered_at=at, scores=scores) for at, scores in found.points],
        changes=[
            DomainChangeOut(
                domain=c.domain.id,
                title=str(c.domain.title),
                first=c.first,
                latest=c.latest,
                difference=c.difference,
                minimal_important_difference=c.domain.minimal_important_difference,
                beyond=c.beyond_mid,
            )
            for c in found.changes
        ],
    )
