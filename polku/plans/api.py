"""Client plan endpoints (SHL 39): read the versions, make a plan or a review, add an activation plan."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Router, Schema, Status

from polku.accounts.models import AuthedRequest
from polku.clients.selectors import client_get_for_user
from polku.core.schemas import ErrorOut, InputSchema
from polku.plans.models import PlanVersion
from polku.plans.selectors import plan_of, plan_versions_of
from polku.plans.services import (
    AvainIn,
    GoalIn,
    PartnerIn,
    PlanContent,
    ServiceIn,
    activation_plan_create,
    plan_create,
    plan_review,
)

router = Router(tags=["plans"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class GoalSchema(InputSchema):
    text: str
    owner: Literal["client", "worker", "together", "partner"] | Literal[""]
    client_words: str = ""
    partner: str = ""
    avain: int | None = Field(None, description="AVAIN goal attainment, a value of the AVAIN goal scale")
    debt_id: UUID | None = Field(None, description="the client's debt the goal is about")


class AvainSchema(InputSchema):
    component: Literal["factors", "services", "methods"]
    item: str = Field(max_length=60, description="an item code of the AVAIN file's list of the component")
    value: int | None = Field(
        None,
        description="a value of the component's AVAIN scale; null: a service or method in use, not rated",
    )


class ServiceSchema(InputSchema):
    name: str
    start: date | None = None
    duration: str = ""


class PartnerSchema(InputSchema):
    organisation: str
    sector: Literal["health", "employment", "other"]
    responsibilities: str


class PlanIn(InputSchema):
    based_on: int = Field(0, description="the version a review starts from; 0 for the first plan")
    client_view_of_need: str
    professional_view_of_need: str
    meeting_frequency: str
    client_view_of_services: str = ""
    professional_view_of_services: str = ""
    strengths: str = ""
    estimated_duration: str = ""
    follow_up: str = ""
    review_date: date | None = None
    is_joint: bool = False
    consent_note: str = ""
    goals: list[GoalSchema]
    services: list[ServiceSchema] = []
    partners: list[PartnerSchema] = []
    avain: list[AvainSchema] = Field([], description="AVAIN situational factors, services and methods")


class PlanVersionOut(Schema):
    id: UUID
    number: int
    created_at: datetime
    created_by: str
    client_view_of_need: str
    professional_view_of_need: str
    meeting_frequency: str
    is_joint: bool
    review_date: date | None
    goals: list[GoalSchema]
    avain_version: int | None = Field(description="the AVAIN list version the ratings were given with")
    avain: list[AvainSchema]

    @staticmethod
    def of(v: PlanVersion) -> PlanVersionOut:
        return PlanVersionOut(
            id=v.pk,
            number=v.number,
            created_at=v.created_at,
            created_by=v.created_by.username,
            client_view_of_need=v.client_view_of_need,
            professional_view_of_need=v.professional_view_of_need,
            meeting_frequency=v.meeting_frequency,
            is_joint=v.is_joint,
            review_date=v.review_date,
            goals=[
                GoalSchema(
                    text=g.text,
                    owner=g.owner,  # type: ignore[arg-type]
                    client_words=g.client_words,
                    partner=g.partner,
                    avain=g.avain,
                    debt_id=g.debt_id,
                )
                for g in v.goals.all()
            ],
            avain_version=v.avain_version,
            avain=[
                AvainSchema(component=r.component, item=r.item, value=r.value)  # type: ignore[arg-type]
                for r in v.avain_ratings.all()
            ],
        )


class ActivationIn(InputSchema):
    made_on: date
    employment_office: str
    measures: str
    work_activity: str = ""
    review_date: date | None = None


class Done(Schema):
    id: UUID


@router.get(
    "/clients/{client_id}/plan", response={200: list[PlanVersionOut], **ERRORS}, url_name="client_plan"
)
def versions(request: AuthedRequest, client_id: UUID) -> list[PlanVersionOut]:
    """Every version of the client plan, newest first."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="api:client_plan")
    return [PlanVersionOut.of(v) for v in plan_versions_of(client=client)]


@router.post(
    "/clients/{client_id}/plan",
    response={201: PlanVersionOut, **ERRORS, 409: ErrorOut},
    url_name="client_plan",
)
def save(request: AuthedRequest, client_id: UUID, payload: PlanIn) -> Status:
    """The first plan (based_on 0) or a review of version `based_on`; a stale review is refused."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="api:client_plan_save")
    data = payload.model_dump(exclude={"based_on", "goals", "services", "partners", "avain"})
    content = PlanContent(
        **data,
        goals=[GoalIn(**g.model_dump()) for g in payload.goals],
        services=[ServiceIn(**s.model_dump()) for s in payload.services],
        partners=[PartnerIn(**p.model_dump()) for p in payload.partners],
        avain=[AvainIn(**r.model_dump()) for r in payload.avain],
    )
    plan = plan_of(client)
    if payload.based_on == 0 or plan is None:
        version = plan_create(actor=request.user, client=client, content=content)
    else:
        version = plan_review(actor=request.user, plan=plan, based_on=payload.based_on, content=content)
    return Status(201, PlanVersionOut.of(version))


@router.post(
    "/clients/{client_id}/activation-plans", response={201: Done, **ERRORS}, url_name="activation_plans"
)
def activation(request: AuthedRequest, client_id: UUID, payload: ActivationIn) -> Status:
    client = client_get_for_user(user=request.user, client_id=client_id, view="api:activation_plans")
    plan = activation_plan_create(actor=request.user, client=client, **payload.model_dump())
    return Status(201, Done(id=plan.pk))
