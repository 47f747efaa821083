"""The service need assessment prints (PDF) in the client's language with every SHL 37 item, the client's
name, the dates and the author; the print is access-checked and logged like every read of client data."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from polku.audit.models import UseLogEntry
from polku.casework.models import Assessment
from polku.casework.services import assessment_complete
from polku.core.formats import day
from tests.casework.test_assessment import filled, started
from tests.conftest import World

pytestmark = pytest.mark.django_db


def pdf_text(response: Any) -> str:
    """The words of a PDF answer, with its line breaks as spaces."""
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() or "" for page in pages).split())


def words(text: str) -> str:
    return " ".join(text.split())


def completed(world: World) -> Assessment:
    assessment = filled(world, started(world), relatives_views="Sisar auttaa laskujen kanssa.")
    return assessment_complete(actor=world.worker, assessment=assessment, expected_version=assessment.version)


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("fi", "Palvelutarpeen arviointi"),
        ("sv", "Bedömning av servicebehovet"),
        ("en", "Service need assessment"),
    ],
)
def test_the_assessment_prints_every_item_in_the_clients_language(
    client: Any, world: World, language: str, title: str
) -> None:
    world.client.language = language
    world.client.save()
    assessment = completed(world)
    client.force_login(world.worker)
    page = client.get(reverse("casework:assessment", kwargs={"initiation_id": assessment.initiation_id}))
    url = reverse("casework:assessment_pdf", kwargs={"initiation_id": assessment.initiation_id})
    assert f'href="{url}"' in page.content.decode()  # the print link on the assessment page
    text = pdf_text(client.get(url))
    with translation.override(language):
        assert str(gettext("Service need assessment")) == title
        rows = assessment.contents()
    assert title in text
    for label, value in rows:
        assert words(label[:1].upper() + label[1:]) in text, label
        assert words(value or "–") in text, (label, value)
    assert "Sisar auttaa laskujen kanssa." in text and "Vuokrarästejä, arjen rytmi hukassa." in text
    assert f"{world.client.first_name} {world.client.last_name}" in text
    assert assessment.completed_at is not None and day(assessment.completed_at) in text
    assert str(world.worker) in text  # the author
    logged = UseLogEntry.objects.filter(view="casework:assessment_pdf", client_id=world.client.pk)
    assert logged.count() == 1


def test_a_client_in_another_language_gets_finnish_and_the_link_may_ask_for_swedish(
    client: Any, world: World
) -> None:
    world.client.language = "se"  # Sámi: Polku writes no documents in it yet
    world.client.save()
    assessment = completed(world)
    client.force_login(world.worker)
    url = reverse("casework:assessment_pdf", kwargs={"initiation_id": assessment.initiation_id})
    assert "Palvelutarpeen arviointi" in pdf_text(client.get(url))
    assert "Bedömning av servicebehovet" in pdf_text(client.get(url, {"lang": "sv"}))


def test_an_assessment_not_started_or_of_another_teams_client_does_not_print(
    client: Any, world: World
) -> None:
    assessment = completed(world)
    url = reverse("casework:assessment_pdf", kwargs={"initiation_id": assessment.initiation_id})
    client.force_login(world.other_worker)
    assert client.get(url).status_code == 404
    assert not UseLogEntry.objects.filter(view="casework:assessment_pdf").exists()
    Assessment.objects.filter(pk=assessment.pk).delete()
    client.force_login(world.worker)
    refused = client.get(url)
    assert refused.status_code == 302 and refused["Location"].endswith(
        reverse("casework:assessment", kwargs={"initiation_id": assessment.initiation_id})
    )
