"""FHIR R4 resources where Kanta uses them, served under /api/v1/fhir/ to systems with a token (and, as the
rest of the API, to the signed-in staff's own browser session).

- `GET /fhir/Patient/{id}`: the client (FI Base Patient);
- `GET /fhir/Consent?patient={id}`: the client's data-sharing consents with their Provenance, bans as
  exceptions (a searchset Bundle);
- `GET /fhir/AuditEvent?patient={id}`: the disclosures of the client's data as the disclosure notification
  (a transaction Bundle of AuditEvent + Provenance);
- `GET /fhir/CarePlan?patient={id}` and `GET /fhir/CarePlan/{id}`: the client plan's versions.

Who may read: a token of the county's own staff, for the clients their work lets them see (the same rule as
every page, `Client.objects.visible_to`; each read is in the use log); the system of another organisation
(an authority's integration), for a client who has consented to disclosing their data to that organisation
and has not banned it — each resource it reads is a disclosure, written to the disclosure log. Anyone else,
and a client one may not see, gets 404: a refused system learns nothing, not even that the client exists.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from ninja import Query, Router, Schema

from polku.accounts.models import CLIENT_WORK_ROLES, AuthedRequest, Role, User
from polku.audit.models import DisclosureLogEntry
from polku.audit.services import use_log_write
from polku.clients import consents
from polku.clients.models import Client
from polku.clients.selectors import client_get_for_user, purpose_for, register_keeper
from polku.core.schemas import ErrorOut
from polku.fhir import resources
from polku.plans.models import PlanVersion
from polku.plans.selectors import plan_current_version, plan_of, plan_versions_of

router = Router(tags=["fhir"])  # the API's authentication: a bearer token, or the pages' session

FHIR_JSON = "application/fhir+json"
ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}
# The resource's media type as FHIR names it, documented beside the API's application/json.
FHIR_ANSWER = {
    "responses": {
        "200": {"description": "OK", "content": {FHIR_JSON: {"schema": {"type": "object"}}}},
    }
}
PURPOSE = "FHIR-rajapinta"  # the purpose written in the disclosure log for a read through this API


class PatientQuery(Schema):
    patient: UUID


def _answer(resource: dict[str, Any]) -> JsonResponse:
    return JsonResponse(resource, content_type=FHIR_JSON)


def _reads_as_staff(user: User) -> bool:
    return user.role in CLIENT_WORK_ROLES or user.role == Role.TEAM_MANAGER


def _client_for(
    request: AuthedRequest,
    client_id: UUID,
    view: str,
    what: str,
    object_type: str,
    object_id: object = None,
    document_type: str = "",
) -> Client:
    """The client, if the token's user may read this; 404 otherwise. Logs the read (use log), and for
    another organisation's system the disclosure (disclosure log)."""
    user = request.user
    if _reads_as_staff(user):
        return client_get_for_user(user=user, client_id=client_id, view=view)
    organisation = user.organisation
    if user.role != Role.AUTHORITY_INTEGRATION or organisation is None:
        raise Http404("No such client.")
    client = Client.objects.select_related("municipality").filter(pk=client_id).first()
    if client is None:
        raise Http404("No such client.")
    try:
        consents.disclose(
            actor=user,
            client=client,
            recipient=consents.Recipient.of(organisation),
            what=what,
            object_type=object_type,
            object_id=object_id if object_id is not None else client.pk,
            purpose=PURPOSE,
            document_type=document_type,
            from_organisation=register_keeper(client),
        )
    except PermissionDenied as refusal:
        raise Http404("No such client.") from refusal
    use_log_write(
        actor=user, client_ids=[client.pk], view=view, object_type=object_type, purpose=purpose_for(user)
    )
    return client


@router.get(
    "/Patient/{client_id}",
    url_name="fhir_patient",
    response={200: dict[str, Any], **ERRORS},
    openapi_extra=FHIR_ANSWER,
)
def patient(request: AuthedRequest, client_id: UUID) -> JsonResponse:
    """The client as the Finnish Base Profile's Patient; with turvakielto, the security label and no
    address."""
    client = _client_for(request, client_id, "api:fhir_patient", "Henkilötiedot (FHIR Patient)", "client")
    return _answer(resources.patient(client))


@router.get(
    "/Consent", url_name="fhir_consents", response={200: dict[str, Any], **ERRORS}, openapi_extra=FHIR_ANSWER
)
def consent_search(request: AuthedRequest, query: Query[PatientQuery]) -> JsonResponse:
    """The client's data-sharing consents (withdrawn and expired ones as inactive), each with the
    Provenance of who recorded it; the client's active bans as each consent's `deny` exceptions."""
    client = _client_for(
        request, query.patient, "api:fhir_consents", "Suostumukset (FHIR Consent)", "consent"
    )
    bans = list(consents.active_bans(client).select_related("organisation"))
    found: list[dict[str, Any]] = []
    for item in client.consents.select_related("recipient_organisation", "created_by").order_by(
        "given_on", "pk"
    ):
        found.append(resources.consent(item, bans))
        author = item.created_by.get_full_name() or item.created_by.username if item.created_by else ""
        found.append(resources.provenance(f"Consent/{item.pk}", recorded=item.created_at, author=author))
    return _answer(resources.searchset(found))


@router.get(
    "/AuditEvent",
    url_name="fhir_disclosures",
    response={200: dict[str, Any], **ERRORS},
    openapi_extra=FHIR_ANSWER,
)
def disclosure_notification(request: AuthedRequest, query: Query[PatientQuery]) -> JsonResponse:
    """The disclosure notification: every disclosure of the client's data as an AuditEvent and its
    Provenance, in a transaction Bundle ready to be sent on."""
    client = _client_for(
        request, query.patient, "api:fhir_disclosures", "Luovutusilmoitus (FHIR AuditEvent)", "disclosure_log"
    )
    rows = DisclosureLogEntry.objects.filter(client_id=client.pk).order_by("at", "pk")
    return _answer(resources.disclosure_notification(rows.iterator(), client.pk))


def _plan_versions(client: Client) -> tuple[list[PlanVersion], PlanVersion | None]:
    plan = plan_of(client)
    if plan is None:
        return [], None
    return plan_versions_of(client=client), plan_current_version(plan)


@router.get(
    "/CarePlan",
    url_name="fhir_care_plans",
    response={200: dict[str, Any], **ERRORS},
    openapi_extra=FHIR_ANSWER,
)
def care_plan_search(request: AuthedRequest, query: Query[PatientQuery]) -> JsonResponse:
    """The versions of the client plan, the current one `active`, earlier ones `completed`."""
    client = _client_for(
        request,
        query.patient,
        "api:fhir_care_plans",
        "Asiakassuunnitelma (FHIR CarePlan)",
        "client_plan",
        document_type="client_plan",
    )
    versions, current = _plan_versions(client)
    return _answer(resources.searchset([resources.care_plan(v, current=v == current) for v in versions]))


@router.get(
    "/CarePlan/{version_id}",
    url_name="fhir_care_plan",
    response={200: dict[str, Any], **ERRORS},
    openapi_extra=FHIR_ANSWER,
)
def care_plan(request: AuthedRequest, version_id: UUID) -> JsonResponse:
    """One version of a client plan."""
    version = PlanVersion.objects.select_related("plan", "created_by").filter(pk=version_id).first()
    if version is None:
        raise Http404("No such plan.")
    client = _client_for(
        request,
        version.plan.client_id,
        "api:fhir_care_plan",
        "Asiakassuunnitelma (FHIR CarePlan)",
        "client_plan",
        object_id=version.pk,
        document_type="client_plan",
    )
    _versions, current = _plan_versions(client)
    return _answer(resources.care_plan(version, current=version == current))
