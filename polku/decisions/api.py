"""Decision endpoints (SHL 45-46): the same services as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from polku.accounts.models import AuthedRequest, Organisation
from polku.clients.selectors import client_get_for_user
from polku.core.schemas import ErrorOut, InputSchema
from polku.decisions.models import Decision
from polku.decisions.selectors import decision_get_for_user, decisions_of_client
from polku.decisions.services import (
    decision_draft,
    decision_for_application,
    decision_make,
    decision_notify,
)
from polku.finance.selectors_assistance import application_get_for_user

router = Router(tags=["decisions"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class DecisionIn(InputSchema):
    decision_type: Literal["social_rehabilitation", "rehabilitative_work_activity", "other"]
    service_name: str = Field("", max_length=200)
    outcome: Literal["granted", "partly_granted", "denied"] = "granted"
    decision_text: str = Field("", max_length=20000)
    grounds: str = Field("", max_length=20000)
    legal_basis: str = Field("", max_length=2000)
    provider_id: UUID | None = None
    initiation_id: UUID | None = None
    start_date: date | None = None
    end_date: date | None = None
    extent: str = Field("", max_length=300)
    client_fee: str = Field("", max_length=2000)
    implement_at_once: bool = True
    language: Literal["fi", "sv"] = "fi"


class DecisionOut(Schema):
    id: UUID
    client_id: UUID
    decision_type: str
    service: str
    outcome: str
    decision_text: str
    grounds: str
    legal_basis: str
    provider: str | None
    start_date: date | None
    end_date: date | None
    extent: str
    status: str
    record_number: str
    decided_at: datetime | None
    decided_by: str | None
    notification_method: str
    notification_sent_on: date | None
    appeal_last_day: date | None
    version: int

    @staticmethod
    def of(d: Decision) -> DecisionOut:
        return DecisionOut(
            id=d.pk,
            client_id=d.client_id,
            decision_type=d.decision_type,
            service=d.service_label,
            outcome=d.outcome,
            decision_text=d.decision_text,
            grounds=d.grounds,
            legal_basis=d.legal_basis,
            provider=d.provider.name if d.provider else None,
            start_date=d.start_date,
            end_date=d.end_date,
            extent=d.extent,
            status=d.status,
            record_number=d.record_number,
            decided_at=d.decided_at,
            decided_by=d.decided_by.username if d.decided_by else None,
            notification_method=d.notification_method,
            notification_sent_on=d.notification_sent_on,
            appeal_last_day=d.appeal_last_day,
            version=d.version,
        )


class MoneyDecisionIn(InputSchema):
    outcome: Literal["granted", "partly_granted", "denied"] = "granted"
    decision_text: str = Field("", max_length=20000)
    grounds: str = Field("", max_length=20000)
    legal_basis: str = Field("", max_length=2000)
    language: Literal["fi", "sv"] = "fi"


class MakeIn(InputSchema):
    version: int


class NotifyIn(InputSchema):
    method: Literal["letter", "electronic", "in_person"]
    sent_on: date


@router.get(
    "/clients/{client_id}/decisions", response={200: list[DecisionOut], **ERRORS}, url_name="client_decisions"
)
def client_decisions(request: AuthedRequest, client_id: UUID) -> list[DecisionOut]:
    client = client_get_for_user(user=request.user, client_id=client_id, view="api:client_decisions")
    return [DecisionOut.of(d) for d in decisions_of_client(client=client)]


@router.post(
    "/clients/{client_id}/decisions", response={201: DecisionOut, **ERRORS}, url_name="client_decisions"
)
def decision_create(request: AuthedRequest, client_id: UUID, payload: DecisionIn) -> Status:
    """A draft decision; it is checked when it is made."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="api:decision_create")
    data = payload.model_dump(exclude={"provider_id", "initiation_id"})
    provider = Organisation.objects.filter(pk=payload.provider_id).first() if payload.provider_id else None
    initiation = (
        client.initiations.filter(pk=payload.initiation_id).first() if payload.initiation_id else None
    )
    errors = {}
    if payload.provider_id and provider is None:
        errors["provider_id"] = [_("No such provider.")]
    if payload.initiation_id and initiation is None:
        errors["initiation_id"] = [_("No such initiation of this client.")]
    if errors:
        raise ValidationError(errors)
    decision = decision_draft(
        actor=request.user, client=client, provider=provider, initiation=initiation, **data
    )
    return Status(201, DecisionOut.of(decision))


@router.post(
    "/assistance-applications/{application_id}/decision",
    response={201: DecisionOut, **ERRORS},
    url_name="assistance_application_decision",
)
def decision_for_application_endpoint(
    request: AuthedRequest, application_id: UUID, payload: MoneyDecisionIn
) -> Status:
    """The draft decision on a social assistance or social credit application, of its type, with this
    content (or the draft made before, as it is); make it with `/decisions/{id}/make`."""
    application = application_get_for_user(
        user=request.user, application_id=application_id, view="api:assistance_application_decision"
    )
    content = payload.model_dump(exclude_defaults=True)
    decision = decision_for_application(actor=request.user, application=application, **content)
    return Status(201, DecisionOut.of(decision))


@router.get("/decisions/{decision_id}", response={200: DecisionOut, **ERRORS}, url_name="decision_detail")
def decision_detail(request: AuthedRequest, decision_id: UUID) -> DecisionOut:
    return DecisionOut.of(
        decision_get_for_user(user=request.user, decision_id=decision_id, view="api:decision_detail")
    )


@router.post(
    "/decisions/{decision_id}/make",
    response={200: DecisionOut, **ERRORS, 409: ErrorOut},
    url_name="decision_make",
)
def make(request: AuthedRequest, decision_id: UUID, payload: MakeIn) -> DecisionOut:
    """Make the decision (SHL 46: special support needs a public-office social worker)."""
    decision = decision_get_for_user(user=request.user, decision_id=decision_id, view="api:decision_make")
    return DecisionOut.of(
        decision_make(actor=request.user, decision=decision, expected_version=payload.version)
    )


@router.post(
    "/decisions/{decision_id}/notify", response={200: DecisionOut, **ERRORS}, url_name="decision_notify"
)
def notify(request: AuthedRequest, decision_id: UUID, payload: NotifyIn) -> DecisionOut:
    """Record the notification; the answer carries the last day for a correction request."""
    decision = decision_get_for_user(user=request.user, decision_id=decision_id, view="api:decision_notify")
    return DecisionOut.of(
        decision_notify(actor=request.user, decision=decision, method=payload.method, sent_on=payload.sent_on)
    )
