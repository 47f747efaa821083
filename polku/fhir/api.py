"""FHIR R4 resources where Kanta uses them: Patient, Consent, AuditEvent (the disclosure notification),
CarePlan. Served under /api/v1/fhir/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["fhir"])
