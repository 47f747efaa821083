"""FHIR R4 where Kanta uses it: the FI Base Patient (turvakielto as a security label and no address), the
data-sharing consent with bans as exceptions, the disclosure notification and the client plan — each
validated with fhir.resources' R4B models — and who may read them through /api/v1/fhir/."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client as Browser
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.consent import Consent
from fhir.resources.R4B.patient import Patient

from polku.accounts.models import Organisation, OrganisationKind, Qualification, Role
from polku.accounts.services import token_create
from polku.archive.ids import document_oid
from polku.audit.models import DisclosureLogEntry, UseLogEntry
from polku.clients import consents
from polku.clients.models import BanScope, ConsentMethod
from polku.plans.services import GoalIn, PlanContent, ServiceIn, plan_create, plan_review
from tests.conftest import World
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _headers(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def _get(path: str, user: Any) -> Any:
    return Browser().get(f"/api/v1/fhir{path}", **_headers(user))


def _akaa(world: World) -> None:
    """The client lives in Akaa (kuntakoodi 020, as the Finnish Base Profiles' own example)."""
    akaa = Organisation.objects.create(
        name="Akaa", kind=OrganisationKind.MUNICIPALITY, municipality_code="020"
    )
    client = world.client
    client.municipality = akaa
    client.street_address, client.postal_code, client.post_office = "Testikatu 1", "37910", "Akaa"
    client.phone = "+358401234657"
    client.save()


def _kela(world: World) -> Any:
    kela = Organisation.objects.create(name="Kela", kind=OrganisationKind.AUTHORITY)
    return UserFactory(role=Role.AUTHORITY_INTEGRATION, qualification=Qualification.OTHER, organisation=kela)


def _consent_to(world: World, organisation: Organisation) -> Any:
    return consents.consent_record(
        actor=world.worker,
        client=world.client,
        recipient="",
        recipient_organisation=organisation,
        purpose="Toimeentulotuen käsittely",
        given_on=timezone.localdate() - timedelta(days=3),
        method=ConsentMethod.WRITTEN,
    )


def test_the_patient_follows_the_finnish_base_profile(world: World) -> None:
    _akaa(world)
    answer = _get(f"/Patient/{world.client.pk}", world.worker)
    assert answer.status_code == 200, answer.content
    assert answer["Content-Type"].startswith("application/fhir+json")
    resource = answer.json()
    Patient.model_validate(resource)
    assert resource["meta"]["profile"] == [
        "https://hl7.fi/fhir/finnish-base-profiles/StructureDefinition/fi-base-patient"
    ]
    assert "security" not in resource["meta"]
    hetu = resource["identifier"][0]
    assert (hetu["system"], hetu["value"], hetu["use"]) == (
        "urn:oid:1.2.246.21",
        world.client.hetu,
        "official",
    )
    assert hetu["type"]["coding"][0]["code"] == "NNFIN"
    assert resource["extension"] == [
        {
            "url": "https://hl7.fi/fhir/finnish-base-profiles/StructureDefinition/municipality-code",
            "valueCoding": {"system": "urn:oid:1.2.246.537.6.21", "code": "020", "display": "Akaa"},
        }
    ]
    assert resource["address"] == [
        {"use": "home", "line": ["Testikatu 1"], "postalCode": "37910", "city": "Akaa", "country": "FI"}
    ]
    assert resource["birthDate"] == world.client.birth_date.isoformat()


def test_a_protected_client_has_the_turvakielto_label_and_no_address_phone_or_municipality(
    world: World,
) -> None:
    _akaa(world)
    world.client.address_protection = True
    world.client.save()
    resource = _get(f"/Patient/{world.client.pk}", world.worker).json()
    Patient.model_validate(resource)
    assert resource["meta"]["security"] == [
        {
            "system": "https://hl7.fi/fhir/finnish-base-profiles/CodeSystem/fi-base-security-label-cs",
            "code": "TURVAKIELTO",
            "display": "Turvakielto",
        }
    ]
    for element in ("address", "telecom", "extension"):
        assert element not in resource
    text = str(resource)
    for secret in ("Testikatu", "37910", "Akaa", "+358401234657"):
        assert secret not in text


def test_the_consent_carries_the_bans_as_exceptions_and_its_provenance(world: World) -> None:
    kela = _kela(world)
    consent = _consent_to(world, kela.organisation)
    consents.ban_record(
        actor=world.worker,
        client=world.client,
        scope=BanScope.DOCUMENT,
        document_type="decision",
        given_on=timezone.localdate(),
    )
    bundle = _get(f"/Consent?patient={world.client.pk}", world.worker).json()
    Bundle.model_validate(bundle)
    assert bundle["type"] == "searchset"
    resources = [entry["resource"] for entry in bundle["entry"]]
    assert [r["resourceType"] for r in resources] == ["Consent", "Provenance"]
    resource = resources[0]
    Consent.model_validate(resource)
    assert resource["id"] == str(consent.pk) and resource["status"] == "active"
    assert resource["patient"] == {"reference": f"Patient/{world.client.pk}"}
    assert resource["provision"]["type"] == "permit"
    assert resource["provision"]["actor"][0]["reference"] == {"display": "Kela"}
    (ban,) = resource["provision"]["provision"]
    assert ban["type"] == "deny"
    assert ban["code"][0]["coding"][0] == {"system": "urn:polku:document-type", "code": "decision"}
    assert resources[1]["target"] == [{"reference": f"Consent/{consent.pk}"}]


def test_the_disclosure_notification_is_a_transaction_of_audit_events_and_provenances(world: World) -> None:
    kela = _kela(world)
    _consent_to(world, kela.organisation)
    _get(f"/Patient/{world.client.pk}", kela)  # a disclosure to Kela
    bundle = _get(f"/AuditEvent?patient={world.client.pk}", world.worker).json()
    Bundle.model_validate(bundle)
    assert bundle["type"] == "transaction"
    kinds = [(e["resource"]["resourceType"], e["request"]) for e in bundle["entry"]]
    assert kinds == [
        ("AuditEvent", {"method": "POST", "url": "AuditEvent"}),
        ("Provenance", {"method": "POST", "url": "Provenance"}),
    ]
    event = bundle["entry"][0]["resource"]
    row = DisclosureLogEntry.objects.get(client_id=world.client.pk)
    assert event["agent"][1]["who"] == {"display": "Kela"}
    assert (
        event["entity"][1]["what"]["identifier"]["value"]
        == f"urn:oid:{document_oid('client', row.object_id)}"
    )
    assert bundle["entry"][1]["resource"]["target"] == [{"reference": bundle["entry"][0]["fullUrl"]}]


def test_the_care_plan_has_the_plans_goals_and_its_versions(world: World) -> None:
    content = PlanContent(
        client_view_of_need="Haluan saada laskut hallintaan.",
        professional_view_of_need="Talouden ja arjen tuki.",
        meeting_frequency="Joka toinen viikko",
        goals=[
            GoalIn(text="Laskut maksetaan ajallaan", owner="client", client_words="Maksan laskut itse"),
            GoalIn(text="Säännöllinen päivärytmi", owner="together"),
        ],
        services=[ServiceIn(name="Sosiaalinen kuntoutus", start=date(2026, 12, 14))],
    )
    first = plan_create(actor=world.worker, client=world.client, content=content)
    second = plan_review(actor=world.worker, plan=first.plan, based_on=1, content=content)
    bundle = _get(f"/CarePlan?patient={world.client.pk}", world.worker).json()
    Bundle.model_validate(bundle)
    plans = {e["resource"]["id"]: e["resource"] for e in bundle["entry"]}
    assert plans[str(second.pk)]["status"] == "active" and plans[str(first.pk)]["status"] == "completed"
    plan = _get(f"/CarePlan/{second.pk}", world.worker).json()
    CarePlan.model_validate(plan)
    assert [g["description"]["text"] for g in plan["contained"]] == [
        "Laskut maksetaan ajallaan",
        "Säännöllinen päivärytmi",
    ]
    assert plan["goal"] == [{"reference": "#goal-1"}, {"reference": "#goal-2"}]
    assert plan["contained"][0]["note"] == [{"text": "Maksan laskut itse"}]
    assert plan["activity"][0]["detail"]["description"] == "Sosiaalinen kuntoutus"
    assert plan["subject"] == {"reference": f"Patient/{world.client.pk}"}


def test_another_organisations_system_reads_with_the_clients_consent_and_each_read_is_a_disclosure(
    world: World,
) -> None:
    kela = _kela(world)
    assert _get(f"/Patient/{world.client.pk}", kela).status_code == 404  # no consent yet
    assert not DisclosureLogEntry.objects.exists()
    consent = _consent_to(world, kela.organisation)
    answer = _get(f"/Patient/{world.client.pk}", kela)
    assert answer.status_code == 200
    row = DisclosureLogEntry.objects.get()
    assert (row.recipient, row.legal_basis, row.consent_id) == ("Kela", "consent", str(consent.pk))
    assert row.from_organisation == str(world.team.organisation)
    assert UseLogEntry.objects.filter(client_id=world.client.pk, view="api:fhir_patient").count() == 1


def test_a_ban_stops_another_organisations_system(world: World) -> None:
    kela = _kela(world)
    _consent_to(world, kela.organisation)
    consents.ban_record(
        actor=world.worker,
        client=world.client,
        scope=BanScope.ORGANISATION,
        organisation=kela.organisation,
        given_on=timezone.localdate(),
    )
    assert _get(f"/Patient/{world.client.pk}", kela).status_code == 404
    assert not DisclosureLogEntry.objects.exists()


@pytest.mark.parametrize(
    "path",
    ["/Patient/{id}", "/Consent?patient={id}", "/AuditEvent?patient={id}", "/CarePlan?patient={id}"],
)
def test_who_is_refused(world: World, path: str) -> None:
    own = path.format(id=world.client.pk)
    assert _get(own, world.other_worker).status_code == 404  # another team's worker
    assert _get(own, world.provider).status_code == 404
    assert _get(own, world.analyst).status_code == 404
    assert _get(own, world.authority).status_code == 404  # a system of no organisation
    assert Browser().get(f"/api/v1/fhir{own}").status_code == 401  # no token, no session
    assert _get(path.format(id="not-a-uuid"), world.worker).status_code in (400, 404, 422)
    assert _get(path.format(id="%00"), world.worker).status_code in (400, 404, 422)
    assert not DisclosureLogEntry.objects.exists()
