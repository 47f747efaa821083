"""Polku's records as FHIR R4 resources (plain JSON dicts), where Kanta speaks FHIR.

- `patient`: the Finnish Base Profile's Patient (fhir-fi/finnish-base-profiles, commit 8581fb5,
  input/fsh/patient.fsh and input/fsh/codesystems/security.fsh): the henkilötunnus as the `PIC` identifier
  (system urn:oid:1.2.246.21, type NNFIN, use official); address protection (turvakielto) as the security
  label `TURVAKIELTO` of https://hl7.fi/fhir/finnish-base-profiles/CodeSystem/fi-base-security-label-cs in
  `meta.security`; the home municipality as the extension `municipality-code` (urn:oid:1.2.246.537.6.21).
  With turvakielto there is no address, no phone or e-mail, and no home municipality either: the
  protection covers the municipality of residence too (Population Information Act 661/2009 36 §), as
  everywhere else in Polku (polku/clients/api.py).
- `consent`: a data-sharing consent as Consent, the client's active bans as its `deny` exceptions
  (nested provisions), with the Provenance of who recorded it.
- `disclosure_notification`: the disclosure log's rows as AuditEvent + Provenance in a transaction Bundle,
  one entity per disclosed document, named by its document OID (polku/archive/ids.py).
- `care_plan`: a client plan version as CarePlan, its goals as contained Goal resources.

The tests validate every resource with `fhir.resources` (R4B models)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from polku.archive.ids import document_oid
from polku.audit.models import DisclosureLogEntry, LegalBasis
from polku.clients.models import Client, DataSharingConsent, DisclosureBan, Gender
from polku.plans.models import PlanVersion

FI_BASE = "https://hl7.fi/fhir/finnish-base-profiles"
PATIENT_PROFILE = f"{FI_BASE}/StructureDefinition/fi-base-patient"
SECURITY_LABELS = f"{FI_BASE}/CodeSystem/fi-base-security-label-cs"
MUNICIPALITY_EXTENSION = f"{FI_BASE}/StructureDefinition/municipality-code"
HETU_SYSTEM = "urn:oid:1.2.246.21"
MUNICIPALITY_SYSTEM = "urn:oid:1.2.246.537.6.21"
IDENTIFIER_TYPES = "http://terminology.hl7.org/CodeSystem/v2-0203"
CLIENT_SYSTEM = "urn:polku:client"  # Polku's own client id, where no henkilötunnus is to be given

GENDERS: dict[str, str] = {
    Gender.FEMALE: "female",
    Gender.MALE: "male",
    Gender.OTHER: "other",
    Gender.UNKNOWN: "unknown",
}


def _instant(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _clean(resource: dict[str, Any]) -> dict[str, Any]:
    """Without the elements that have no value: FHIR allows no empty element or null."""
    return {key: value for key, value in resource.items() if value not in (None, "", [], {})}


def patient_reference(client_id: object) -> dict[str, str]:
    return {"reference": f"Patient/{client_id}"}


def patient(client: Client) -> dict[str, Any]:
    protected = client.address_protection
    meta: dict[str, Any] = {"profile": [PATIENT_PROFILE]}
    if protected:
        meta["security"] = [{"system": SECURITY_LABELS, "code": "TURVAKIELTO", "display": "Turvakielto"}]
    extension = []
    municipality = client.municipality
    if municipality is not None and municipality.municipality_code and not protected:
        extension.append(
            {
                "url": MUNICIPALITY_EXTENSION,
                "valueCoding": {
                    "system": MUNICIPALITY_SYSTEM,
                    "code": municipality.municipality_code,
                    "display": municipality.name,
                },
            }
        )
    telecom = []
    address = []
    if not protected:
        if client.phone:
            telecom.append({"system": "phone", "value": client.phone})
        if client.email:
            telecom.append({"system": "email", "value": client.email})
        if client.street_address or client.postal_code or client.post_office:
            address.append(
                _clean(
                    {
                        "use": "home",
                        "line": [client.street_address] if client.street_address else [],
                        "postalCode": client.postal_code,
                        "city": client.post_office,
                        "country": "FI",
                    }
                )
            )
    # Plain Finnish is Finnish to another system (BCP 47 has no registered tag for selkosuomi).
    language = "fi" if client.language == "fi-selko" else client.language
    language = language if language in ("fi", "sv", "se", "en") else ""
    return _clean(
        {
            "resourceType": "Patient",
            "id": str(client.pk),
            "meta": meta,
            "extension": extension,
            "identifier": [
                {
                    "use": "official",
                    "type": {"coding": [{"system": IDENTIFIER_TYPES, "code": "NNFIN"}]},
                    "system": HETU_SYSTEM,
                    "value": client.hetu,
                },
                {"use": "secondary", "system": CLIENT_SYSTEM, "value": str(client.pk)},
            ],
            "active": True,
            "name": [
                {
                    "use": "official",
                    "family": client.last_name,
                    "given": client.first_name.split(),
                    "text": client.full_name,
                }
            ],
            "telecom": telecom,
            "gender": GENDERS.get(client.gender, "unknown"),
            "birthDate": client.birth_date.isoformat(),
            "address": address,
            "communication": (
                [{"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": language}]}}]
                if language
                else []
            ),
        }
    )


# --- Consent -------------------------------------------------------------------------------------------

CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_CATEGORY = "http://terminology.hl7.org/CodeSystem/consentcategorycodes"
ACT_CODES = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
PROVENANCE_AGENTS = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
DATA_ACT = "Laki sosiaali- ja terveydenhuollon asiakastietojen käsittelystä 703/2023"


def _recipient(name: str) -> dict[str, Any]:
    return {
        "role": {"coding": [{"system": PARTICIPATION, "code": "IRCP", "display": "information recipient"}]},
        "reference": {"display": name},
    }


def _ban_exception(ban: DisclosureBan) -> dict[str, Any]:
    """A ban as a `deny` provision: of an organisation (its actor), of a service task or a document type
    (a code in Polku's own code systems)."""
    provision: dict[str, Any] = {"type": "deny", "period": {"start": ban.given_on.isoformat()}}
    if ban.organisation_id or ban.recipient_name:
        provision["actor"] = [_recipient(ban.target)]
    if ban.service_task:
        provision["code"] = [
            {"coding": [{"system": "urn:polku:service-task", "code": ban.service_task}], "text": ban.target}
        ]
    if ban.document_type:
        provision["code"] = [
            {"coding": [{"system": "urn:polku:document-type", "code": ban.document_type}], "text": ban.target}
        ]
    return provision


def consent(
    item: DataSharingConsent, bans: Iterable[DisclosureBan], *, today: date | None = None
) -> dict[str, Any]:
    today = today or timezone.localdate()
    status = "active" if item.is_active_on(today) else "inactive"
    recipient = str(item.recipient_organisation) if item.recipient_organisation_id else item.recipient
    return _clean(
        {
            "resourceType": "Consent",
            "id": str(item.pk),
            "status": status,
            "scope": {"coding": [{"system": CONSENT_SCOPE, "code": "patient-privacy"}]},
            "category": [
                {
                    "coding": [{"system": CONSENT_CATEGORY, "code": "acd"}],
                    "text": "Suostumus tietojen luovutukseen",
                }
            ],
            "patient": patient_reference(item.client_id),
            "dateTime": _instant(item.created_at),
            "policyRule": {"coding": [{"system": ACT_CODES, "code": "OPTIN"}], "text": DATA_ACT},
            "provision": _clean(
                {
                    "type": "permit",
                    "period": _clean({"start": _day(item.given_on), "end": _day(item.valid_until)}),
                    "actor": [_recipient(recipient)],
                    "purpose": [
                        {"system": "urn:polku:consent-purpose", "code": "disclosure", "display": item.purpose}
                    ],
                    "provision": [_ban_exception(ban) for ban in bans],
                }
            ),
        }
    )


def provenance(target: str, *, recorded: datetime, author: str, activity: str = "CREATE") -> dict[str, Any]:
    return {
        "resourceType": "Provenance",
        "target": [{"reference": target}],
        "recorded": _instant(recorded),
        "activity": {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-DataOperation", "code": activity}]
        },
        "agent": [
            {
                "type": {"coding": [{"system": PROVENANCE_AGENTS, "code": "author"}]},
                "who": {"display": author},
            }
        ],
    }


def searchset(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": sum(1 for r in resources if r["resourceType"] != "Provenance"),
        "entry": [{"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": r} for r in resources],
    }


# --- The disclosure notification ------------------------------------------------------------------------

DICOM = "http://dicom.nema.org/resources/ontology/DCM"
BASES: dict[str, str] = {
    LegalBasis.CONSENT: "suostumus",
    LegalBasis.PURCHASED_SERVICE: "ostopalvelu",
    LegalBasis.CLIENT_REQUEST: "asiakkaan pyyntö",
    LegalBasis.LAW: "lain säännös",
}


def _document_entity(row: DisclosureLogEntry) -> dict[str, Any]:
    return {
        "what": {
            "identifier": {
                "system": "urn:ietf:rfc:3986",
                "value": f"urn:oid:{document_oid(row.object_type, row.object_id)}",
            }
        },
        "type": {"system": "urn:polku:object-type", "code": row.object_type},
        "name": row.what,
        "description": row.what,
    }


def audit_event(row: DisclosureLogEntry, client_id: object) -> dict[str, Any]:
    purpose = " – ".join(
        part for part in (BASES.get(row.legal_basis, row.legal_basis), row.basis_detail) if part
    )
    return {
        "resourceType": "AuditEvent",
        "type": {"system": DICOM, "code": "110106", "display": "Export"},
        "action": "R",
        "recorded": _instant(row.at),
        "outcome": "0",
        "purposeOfEvent": [{"text": f"{row.purpose} ({purpose})"}],
        "agent": [
            {
                "type": {"coding": [{"system": DICOM, "code": "110153", "display": "Source Role ID"}]},
                "who": {"display": row.from_organisation or row.user_full_name or row.username},
                "name": row.user_full_name or row.username,
                "requestor": False,
            },
            {
                "type": {
                    "coding": [{"system": PARTICIPATION, "code": "IRCP", "display": "information recipient"}]
                },
                "who": {"display": row.recipient},
                "requestor": True,
            },
        ],
        "source": {"observer": {"display": "Polku"}},
        "entity": [
            {
                "what": patient_reference(client_id),
                "type": {"system": "http://terminology.hl7.org/CodeSystem/audit-entity-type", "code": "1"},
            },
            _document_entity(row),
        ],
    }


def _urn(name: str) -> str:
    """A stable urn:uuid for an entry of the Bundle: the same disclosure always gets the same one."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def disclosure_notification(rows: Iterable[DisclosureLogEntry], client_id: object) -> dict[str, Any]:
    """The disclosures of one client's data as the transaction Bundle of a disclosure notification: an
    AuditEvent and its Provenance per disclosure."""
    entries = []
    for row in rows:
        event_url = _urn(f"polku:disclosure:{row.pk}")
        entries.append(
            {
                "fullUrl": event_url,
                "resource": audit_event(row, client_id),
                "request": {"method": "POST", "url": "AuditEvent"},
            }
        )
        entries.append(
            {
                "fullUrl": _urn(f"polku:disclosure:{row.pk}:provenance"),
                "resource": provenance(event_url, recorded=row.at, author=row.user_full_name or row.username),
                "request": {"method": "POST", "url": "Provenance"},
            }
        )
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


# --- The client plan -------------------------------------------------------------------------------------

GOAL_OWNERS = {"client": "asiakas", "worker": "työntekijä", "together": "yhdessä", "partner": "yhteistyötaho"}


def care_plan(version: PlanVersion, *, current: bool) -> dict[str, Any]:
    client_id = version.plan.client_id
    goals = []
    for n, goal in enumerate(version.goals.all(), start=1):
        notes = [{"text": goal.client_words}] if goal.client_words else []
        goals.append(
            _clean(
                {
                    "resourceType": "Goal",
                    "id": f"goal-{n}",
                    "lifecycleStatus": "active" if current else "completed",
                    "description": {"text": goal.text},
                    "subject": patient_reference(client_id),
                    "note": notes,
                    "expressedBy": None,
                }
            )
        )
    activities = [
        {
            "detail": _clean(
                {
                    "status": "scheduled" if current else "completed",
                    "description": service.name,
                    "scheduledPeriod": {"start": service.start.isoformat()} if service.start else None,
                }
            )
        }
        for service in version.services.all()
    ]
    return _clean(
        {
            "resourceType": "CarePlan",
            "id": str(version.pk),
            "identifier": [
                {
                    "system": "urn:ietf:rfc:3986",
                    "value": f"urn:oid:{document_oid('client_plan', version.plan_id, version.number)}",
                }
            ],
            "status": "active" if current else "completed",
            "intent": "plan",
            "title": f"Asiakassuunnitelma, versio {version.number}",
            "description": version.professional_view_of_need,
            "subject": patient_reference(client_id),
            "period": _clean({"start": _instant(version.created_at), "end": _day(version.review_date)}),
            "created": _instant(version.created_at),
            "author": {"display": version.created_by.get_full_name() or version.created_by.username},
            "contained": goals,
            "goal": [{"reference": f"#{g['id']}"} for g in goals],
            "activity": activities,
            "note": [{"text": version.client_view_of_need}] if version.client_view_of_need else [],
        }
    )
