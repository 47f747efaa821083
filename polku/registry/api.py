"""The register keeper in the API: the client's log extract requests (ATL 11: list, register, the extract,
the answer) and the disclosure log of the client (ATL 10)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.http.response import HttpResponseBase
from ninja import Field, Query, Router, Schema, Status

from polku.accounts.models import AuthedRequest
from polku.clients.selectors import client_get_for_user
from polku.core.schemas import ErrorOut, InputSchema, QuerySchema
from polku.registry.log_extract_json import extract_json_response
from polku.registry.log_extracts import (
    client_for_log_extracts,
    log_extract_open,
    log_extract_request_get_for_user,
    log_extract_requests_of,
)
from polku.registry.models import LogExtractRequest
from polku.registry.selectors import client_disclosures
from polku.registry.services import log_extract_request_answer, log_extract_request_register

router = Router(tags=["log extracts"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class LogExtractRequestIn(InputSchema):
    received_on: date | None = Field(None, description="default today; never in the future")
    how_received: str = Field("", max_length=200)
    period_start: date | None = Field(
        None, description="default two years before the request; earlier needs special_reason (ATL 11)"
    )
    period_end: date | None = Field(None, description="default today")
    special_reason: str = Field("", max_length=300)


class AnswerIn(InputSchema):
    version: int = Field(description="the version of the request as read; a stale one is refused")


class LogExtractRequestOut(Schema):
    id: UUID
    client_id: UUID
    received_on: date
    due_on: date
    how_received: str
    period_start: date
    period_end: date
    special_reason: str
    status: str
    answered_at: datetime | None
    version: int

    @staticmethod
    def of(request: LogExtractRequest) -> LogExtractRequestOut:
        return LogExtractRequestOut(
            id=request.pk,
            client_id=request.client_id,
            received_on=request.received_on,
            due_on=request.due_on,
            how_received=request.how_received,
            period_start=request.period_start,
            period_end=request.period_end,
            special_reason=request.special_reason,
            status=request.status,
            answered_at=request.answered_at,
            version=request.version,
        )


class UseOut(Schema):
    at: datetime
    who: str
    organisation: str
    what: str
    action: str
    purpose: str


class ExtractDisclosureOut(Schema):
    at: datetime
    what: str
    recipient: str
    basis: str
    basis_detail: str


class ExtractOut(Schema):
    request: LogExtractRequestOut
    language: str
    period_start: date
    period_end: date
    uses: list[UseOut]
    disclosures: list[ExtractDisclosureOut]


class ExtractQuery(QuerySchema):
    lang: Literal["fi", "sv", "en"] | None = Field(None, description="default the client's language")


@router.get(
    "/clients/{client_id}/log-extract-requests",
    response={200: list[LogExtractRequestOut], 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="log_extract_requests",
)
def requests_list(request: AuthedRequest, client_id: UUID) -> list[LogExtractRequestOut]:
    """The client's requests to know who used their data, newest first."""
    client = client_for_log_extracts(user=request.user, client_id=client_id, view="api:log_extract_requests")
    return [LogExtractRequestOut.of(r) for r in log_extract_requests_of(client)]


@router.post(
    "/clients/{client_id}/log-extract-requests",
    response={201: LogExtractRequestOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="log_extract_requests",
)
def requests_create(request: AuthedRequest, client_id: UUID, payload: LogExtractRequestIn) -> Status:
    """Register the client's request; the answer is due in two months (ATL 11)."""
    client = client_for_log_extracts(user=request.user, client_id=client_id, view="api:log_extract_requests")
    registered = log_extract_request_register(
        actor=request.user, client=client, view="api:log_extract_requests", **payload.model_dump()
    )
    return Status(201, LogExtractRequestOut.of(registered))


@router.get(
    "/log-extract-requests/{log_request_id}/extract",
    response={200: ExtractOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="log_extract",
)
def extract(request: AuthedRequest, log_request_id: UUID, query: Query[ExtractQuery]) -> HttpResponseBase:
    """Who used the client's data and to whom it was disclosed in the request's period, in words the
    client understands (no ids, no other clients). Rows of handling this request are left out. The whole
    period is answered, streamed row by row, however many rows it holds."""
    scope = log_extract_open(
        user=request.user, request_id=log_request_id, view="api:log_extract", language=query.lang or ""
    )
    return extract_json_response(scope, download=False)


@router.post(
    "/log-extract-requests/{log_request_id}/answer",
    response={200: LogExtractRequestOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="log_extract_answer",
)
def answer(request: AuthedRequest, log_request_id: UUID, payload: AnswerIn) -> LogExtractRequestOut:
    """Mark the request answered; the answer is recorded in the disclosure log."""
    log_request, client = log_extract_request_get_for_user(
        user=request.user, request_id=log_request_id, view="api:log_extract_answer"
    )
    answered = log_extract_request_answer(
        actor=request.user,
        request=log_request,
        client=client,
        expected_version=payload.version,
        view="api:log_extract_answer",
    )
    return LogExtractRequestOut.of(answered)


class DisclosureOut(Schema):
    at: datetime
    what: str
    recipient: str
    purpose: str
    legal_basis: str
    basis_detail: str
    consent_id: str
    disclosed_by: str


@router.get(
    "/clients/{client_id}/disclosures",
    response={200: list[DisclosureOut], **ERRORS},
    url_name="disclosure_list",
    tags=["data sharing"],
)
def disclosure_list(request: AuthedRequest, client_id: UUID) -> list[DisclosureOut]:
    """The disclosure log of the client (ATL 10): what left the register, to whom, why, on what basis."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="api:disclosure_list")
    return [
        DisclosureOut(
            at=row.at,
            what=row.what,
            recipient=row.recipient,
            purpose=row.purpose,
            legal_basis=row.legal_basis,
            basis_detail=row.basis_detail,
            consent_id=row.consent_id,
            disclosed_by=row.user_full_name,
        )
        for row in client_disclosures(client_id=client.pk, limit=500)
    ]
