"""The API of social assistance applications: register, read with the calculation, save the calculation and
the grants, mark complete, and prepare the decision (made through /decisions/{id}/make like any decision)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Router, Schema, Status

from polku.accounts.models import AuthedRequest
from polku.clients.selectors import client_get_for_user
from polku.core.schemas import ErrorOut, InputSchema
from polku.finance.models import Application
from polku.finance.selectors_assistance import application_get_for_user
from polku.finance.services_assistance import (
    GrantIn,
    application_complete,
    application_register,
    application_result,
    calculation_save,
    grants_save,
)

router = Router(tags=["finance"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
Euros = Annotated[Decimal, Field(ge=0, le=1_000_000, max_digits=12, decimal_places=2)]
Category = Literal[
    "alone",
    "single_parent",
    "adult",
    "adult_with_parents",
    "child_10_17_1",
    "child_10_17_2",
    "child_10_17_3",
    "child_under_10_1",
    "child_under_10_2",
    "child_under_10_3",
]


class ApplicationIn(InputSchema):
    kind: Literal["supplementary", "preventive", "social_credit"]
    channel: Literal["client", "kela"] = "client"
    received_on: date
    urgent: bool = False
    what_for: str = Field(max_length=4000)
    purpose: str = Field("", max_length=4000)
    kela_decision_number: str = Field("", max_length=60)
    kela_decision_on: date | None = None
    kela_period_start: date | None = None
    kela_period_end: date | None = None


class PersonSchema(InputSchema):
    member_id: UUID | None = Field(None, description="a member of the client's household; empty: the client")
    category: Category


class LineSchema(InputSchema):
    direction: Literal["expense", "income", "asset"]
    kind: str = Field(max_length=20)
    amount: Euros
    earned: bool = False
    note: str = Field("", max_length=300)


class CalculationIn(InputSchema):
    version: int
    period_start: date
    period_end: date
    persons: list[PersonSchema] = Field(max_length=30)
    lines: list[LineSchema] = Field(max_length=60)


class GrantSchema(InputSchema):
    kind: str = Field(max_length=20)
    amount: Euros
    method: Literal["to_client", "commitment"]
    payee: str = Field("", max_length=200)
    payee_reference: str = Field("", max_length=100)


class GrantsIn(InputSchema):
    version: int
    grants: list[GrantSchema] = Field(max_length=20)


class GrantOut(Schema):
    kind: str
    amount: Decimal
    method: str
    payee: str
    payee_reference: str


class CompleteIn(InputSchema):
    version: int
    complete_on: date


class ApplicationOut(Schema):
    id: UUID
    client_id: UUID
    kind: str
    channel: str
    status: str
    received_on: date
    complete_on: date | None
    due_on: date | None
    urgent: bool
    what_for: str
    purpose: str
    kela_decision_number: str
    outcome: str
    decided_on: date | None
    calculation: dict[str, Any] | None
    grants: list[GrantOut]
    version: int

    @staticmethod
    def of(a: Application) -> ApplicationOut:
        result = application_result(a)
        return ApplicationOut(
            id=a.pk,
            client_id=a.client_id,
            kind=a.kind,
            channel=a.channel,
            status=a.status,
            received_on=a.received_on,
            complete_on=a.complete_on,
            due_on=a.due_on,
            urgent=a.urgent,
            what_for=a.what_for,
            purpose=a.purpose,
            kela_decision_number=a.kela_decision_number,
            outcome=a.outcome,
            decided_on=a.decided_on,
            calculation=a.calculation or (result.as_json() if result else None),
            grants=[
                GrantOut(
                    kind=g.kind,
                    amount=g.amount,
                    method=g.method,
                    payee=g.payee,
                    payee_reference=g.payee_reference,
                )
                for g in a.grants.all()
            ],
            version=a.version,
        )


@router.post(
    "/clients/{client_id}/assistance-applications",
    response={201: ApplicationOut, **ERRORS},
    url_name="client_assistance_applications",
)
def application_create(request: AuthedRequest, client_id: UUID, payload: ApplicationIn) -> Status:
    """Record an application as it arrived (a forwarded one names Kela's decision); its handling time runs."""
    client = client_get_for_user(
        user=request.user, client_id=client_id, view="api:assistance_application_create"
    )
    application = application_register(actor=request.user, client=client, **payload.model_dump())
    return Status(201, ApplicationOut.of(application))


def _application(request: AuthedRequest, application_id: UUID, view: str) -> Application:
    return application_get_for_user(user=request.user, application_id=application_id, view=view)


@router.get(
    "/assistance-applications/{application_id}",
    response={200: ApplicationOut, **ERRORS},
    url_name="assistance_application",
)
def application_detail(request: AuthedRequest, application_id: UUID) -> ApplicationOut:
    """The application, its calculation (as kept with the decision once decided) and its grants."""
    return ApplicationOut.of(_application(request, application_id, "api:assistance_application"))


@router.post(
    "/assistance-applications/{application_id}/complete",
    response={200: ApplicationOut, **ERRORS, 409: ErrorOut},
    url_name="assistance_application_complete",
)
def complete(request: AuthedRequest, application_id: UUID, payload: CompleteIn) -> ApplicationOut:
    application = _application(request, application_id, "api:assistance_application_complete")
    application_complete(
        actor=request.user,
        application=application,
        complete_on=payload.complete_on,
        expected_version=payload.version,
    )
    return ApplicationOut.of(application)


@router.put(
    "/assistance-applications/{application_id}/calculation",
    response={200: ApplicationOut, **ERRORS, 409: ErrorOut},
    url_name="assistance_application_calculation",
)
def calculation(request: AuthedRequest, application_id: UUID, payload: CalculationIn) -> ApplicationOut:
    """Save the worker's calculation whole; a person counted twice or a bad amount is 400, nothing saved."""
    application = _application(request, application_id, "api:assistance_application_calculation")
    calculation_save(
        actor=request.user,
        application=application,
        expected_version=payload.version,
        period_start=payload.period_start,
        period_end=payload.period_end,
        persons=[(p.member_id, p.category) for p in payload.persons],
        lines=[line.model_dump() for line in payload.lines],
    )
    application.refresh_from_db()
    return ApplicationOut.of(application)


@router.put(
    "/assistance-applications/{application_id}/grants",
    response={200: ApplicationOut, **ERRORS, 409: ErrorOut},
    url_name="assistance_application_grants",
)
def grants(request: AuthedRequest, application_id: UUID, payload: GrantsIn) -> ApplicationOut:
    """What the decision will grant and how it is paid; a payment commitment names its payee."""
    application = _application(request, application_id, "api:assistance_application_grants")
    grants_save(
        actor=request.user,
        application=application,
        expected_version=payload.version,
        grants=[GrantIn(**g.model_dump()) for g in payload.grants],
    )
    application.refresh_from_db()
    return ApplicationOut.of(application)
