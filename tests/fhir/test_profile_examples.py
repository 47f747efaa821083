"""Our Patient against the Finnish Base Profiles' own examples (fhir-fi/finnish-base-profiles, commit
8581fb5, input/fsh/examples/patientOfMunicipality.fsh and patientWithTurvakielto.fsh), transcribed here
element by element: the same person in Polku gives the same elements. The examples' henkilötunnus
010190-999Y/X have no valid check character; the same person's valid one is 010190-999W. One deliberate
difference: under turvakielto Polku leaves out the home municipality too (Population Information Act
661/2009 36 §), where the profile's example keeps it."""

from __future__ import annotations

from typing import Any

import pytest
from fhir.resources.R4B.patient import Patient

from polku.accounts.models import Organisation, OrganisationKind
from polku.clients.models import Gender
from polku.fhir.resources import patient
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

PIC = {
    "use": "official",
    "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "NNFIN"}]},
    "system": "urn:oid:1.2.246.21",
    "value": "010190-999W",
}
AKAA = {
    "url": "https://hl7.fi/fhir/finnish-base-profiles/StructureDefinition/municipality-code",
    "valueCoding": {"system": "urn:oid:1.2.246.537.6.21", "code": "020", "display": "Akaa"},
}
TURVAKIELTO = {
    "system": "https://hl7.fi/fhir/finnish-base-profiles/CodeSystem/fi-base-security-label-cs",
    "code": "TURVAKIELTO",
}


def _person(first: str, protected: bool) -> Any:
    akaa = Organisation.objects.create(
        name="Akaa", kind=OrganisationKind.MUNICIPALITY, municipality_code="020"
    )
    return ClientFactory(
        hetu="010190-999W",
        first_name=first,
        last_name="Henkilö",
        gender=Gender.MALE,
        phone="+358401234657",
        email="",
        street_address="Testikatu 1",
        postal_code="37910",
        post_office="Akaa",
        municipality=akaa,
        address_protection=protected,
    )


def test_the_patient_of_a_municipality_example() -> None:
    resource = patient(_person("Testi", protected=False))
    Patient.model_validate(resource)
    assert resource["identifier"][0] == PIC
    assert resource["extension"] == [AKAA]
    assert resource["gender"] == "male" and resource["birthDate"] == "1990-01-01"
    assert resource["active"] is True
    name = resource["name"][0]
    assert (name["given"], name["family"], name["text"]) == (["Testi"], "Henkilö", "Testi Henkilö")
    assert resource["telecom"] == [{"system": "phone", "value": "+358401234657"}]
    assert resource["address"][0]["use"] == "home" and resource["address"][0]["line"] == ["Testikatu 1"]


def test_the_patient_with_turvakielto_example() -> None:
    resource = patient(_person("Turva", protected=True))
    Patient.model_validate(resource)
    assert {k: resource["meta"]["security"][0][k] for k in ("system", "code")} == TURVAKIELTO
    assert resource["identifier"][0] == PIC
    name = resource["name"][0]
    assert (name["given"], name["family"], name["text"]) == (["Turva"], "Henkilö", "Turva Henkilö")
    assert resource["birthDate"] == "1990-01-01" and resource["active"] is True
    for left_out in ("address", "telecom", "extension"):  # the example has no address or telecom either
        assert left_out not in resource
