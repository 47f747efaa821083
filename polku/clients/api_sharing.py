"""API for the client's data-sharing consents and bans. The disclosures made of their data are read
by the register keeper (polku/registry/api.py)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from polku.accounts.models import AuthedRequest, Organisation
from polku.clients import consents
from polku.clients.models import DataSharingConsent, DisclosureBan
from polku.clients.selectors import client_get_for_user
from polku.core.schemas import ErrorOut, InputSchema

router = Router(tags=["data sharing"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class ConsentIn(InputSchema):
    recipient: str = Field("", max_length=300)
    recipient_organisation_id: UUID | None = None
    purpose: str = Field(max_length=300)
    given_on: date
    method: str
    valid_until: date | None = None


class ConsentOut(Schema):
    id: UUID
    recipient: str
    recipient_organisation_id: UUID | None
    purpose: str
    given_on: date
    method: str
    valid_until: date | None
    withdrawn_at: datetime | None
    version: int


class BanIn(InputSchema):
    scope: str
    organisation_id: UUID | None = None
    recipient_name: str = Field("", max_length=300)
    service_task: str = ""
    document_type: str = ""
    given_on: date
    note: str = Field("", max_length=300)


class BanOut(Schema):
    id: UUID
    scope: str
    organisation_id: UUID | None
    recipient_name: str
    service_task: str
    document_type: str
    given_on: date
    note: str
    withdrawn_at: datetime | None
    version: int


class WithdrawIn(InputSchema):
    version: int


def _organisation(organisation_id: UUID | None) -> Organisation | None:
    if organisation_id is None:
        return None
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise ValidationError({"organisation_id": [_("No such organisation.")]})
    return organisation


@router.get("/{client_id}/consents", response={200: list[ConsentOut], **ERRORS}, url_name="consent_list")
def consent_list(request: AuthedRequest, client_id: UUID) -> list[DataSharingConsent]:
    """The client's data-sharing consents, withdrawn ones included."""
    return list(
        client_get_for_user(user=request.user, client_id=client_id, view="api:consent_list").consents.all()
    )


@router.post("/{client_id}/consents", response={201: ConsentOut, **ERRORS}, url_name="consent_create")
def consent_create(request: AuthedRequest, client_id: UUID, payload: ConsentIn) -> Status:
    """Record the client's consent to disclose their data to a recipient for a purpose."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="api:consent_create")
    data = payload.dict()
    organisation = _organisation(data.pop("recipient_organisation_id"))
    consent = consents.consent_record(
        actor=request.user, client=client, recipient_organisation=organisation, **data
    )
    return Status(201, consent)


@router.post(
    "/{client_id}/consents/{consent_id}/withdraw",
    response={200: ConsentOut, **ERRORS},
    url_name="consent_withdraw",
    # The operation keeps its documented id and summary from before the function was named *_endpoint.
    operation_id="polku_clients_api_sharing_consent_withdraw",
    summary="Consent Withdraw",
)
def consent_withdraw_endpoint(
    request: AuthedRequest, client_id: UUID, consent_id: UUID, payload: WithdrawIn
) -> DataSharingConsent:
    """Withdraw a consent; refused with 409 when it changed since `version` was read."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="api:consent_withdraw")
    consent = client.consents.filter(pk=consent_id).first()
    if consent is None:
        raise Http404("No such consent.")
    return consents.consent_withdraw(actor=request.user, consent=consent, expected_version=payload.version)


@router.get("/{client_id}/bans", response={200: list[BanOut], **ERRORS}, url_name="ban_list")
def ban_list(request: AuthedRequest, client_id: UUID) -> list[DisclosureBan]:
    """The client's disclosure bans, withdrawn ones included."""
    return list(
        client_get_for_user(user=request.user, client_id=client_id, view="api:ban_list").disclosure_bans.all()
    )


@router.post("/{client_id}/bans", response={201: BanOut, **ERRORS}, url_name="ban_create")
def ban_create(request: AuthedRequest, client_id: UUID, payload: BanIn) -> Status:
    """Record the client's ban on disclosing to an organisation, of a service task, or of a document."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="api:ban_create")
    data = payload.dict()
    organisation = _organisation(data.pop("organisation_id"))
    ban = consents.ban_record(actor=request.user, client=client, organisation=organisation, **data)
    return Status(201, ban)


@router.post(
    "/{client_id}/bans/{ban_id}/withdraw",
    response={200: BanOut, **ERRORS},
    url_name="ban_withdraw",
    operation_id="polku_clients_api_sharing_ban_withdraw",
    summary="Ban Withdraw",
)
def ban_withdraw_endpoint(
    request: AuthedRequest, client_id: UUID, ban_id: UUID, payload: WithdrawIn
) -> DisclosureBan:
    """Withdraw a ban; refused with 409 when it changed since `version` was read."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="api:ban_withdraw")
    ban = client.disclosure_bans.filter(pk=ban_id).first()
    if ban is None:
        raise Http404("No such ban.")
    return consents.ban_withdraw(actor=request.user, ban=ban, expected_version=payload.version)
