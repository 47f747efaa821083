"""The current client plan version prints (PDF) in the client's language with every SHL 39 item, its goals,
services and partners, the client's name, the date and the author; access-checked and logged."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from polku.audit.models import UseLogEntry
from polku.core.formats import day
from polku.plans.models import PlanVersion
from polku.plans.services import GoalIn, PartnerIn, ServiceIn, plan_create, plan_review
from tests.casework.test_assessment_document import pdf_text, words
from tests.conftest import World
from tests.plans.test_client_plan import content

pytestmark = pytest.mark.django_db

EVERY_ITEM = {
    "client_view_of_services": "Haluan ryhmään, jossa katsotaan elokuvia.",
    "professional_view_of_services": "Sosiaalinen kuntoutus ja kotiohjaus.",
    "strengths": "Elokuvat ja kuvaaminen.",
    "estimated_duration": "Vuosi",
    "follow_up": "Tavoitteet katsotaan yhdessä arviointipalaverissa.",
    "review_date": date(2027, 3, 1),
    "is_joint": True,
    "consent_note": "Suullisesti tapaamisessa",
    "partners": [PartnerIn("TE-palvelut", "employment", "Aktivointisuunnitelma")],
    "goals": [
        GoalIn("Laskut maksetaan ajallaan", "client", "Hoidan laskut itse"),
        GoalIn("Kuntouttava työtoiminta", "partner", partner="Mediapaja"),
    ],
    "services": [ServiceIn("Sosiaalinen kuntoutus", date(2026, 12, 1), "3 kk")],
}


@pytest.mark.parametrize(
    ("language", "title"), [("fi", "Asiakassuunnitelma"), ("sv", "Klientplan"), ("en", "Client plan")]
)
def test_the_current_plan_prints_every_item_in_the_clients_language(
    client: Any, world: World, language: str, title: str
) -> None:
    world.client.language = language
    world.client.save()
    first = plan_create(actor=world.worker, client=world.client, content=content())
    current = plan_review(actor=world.worker, plan=first.plan, based_on=1, content=content(**EVERY_ITEM))
    client.force_login(world.worker)
    url = reverse("plans:pdf", kwargs={"client_id": world.client.pk})
    page = client.get(reverse("plans:client", kwargs={"client_id": world.client.pk})).content.decode()
    assert f'href="{url}"' in page  # the print link on the plan page
    text = pdf_text(client.get(url))
    with translation.override(language):
        assert str(gettext("Client plan")) == title
        labels = [str(gettext("Goals set together")), str(gettext("Essential services"))]
        owner = current.goals.all()[0].get_owner_display()
        assert words(str(owner)) in text
    assert title in text and all(label in text for label in labels)
    for name in PlanVersion.TEXT_FIELDS:
        assert words(getattr(current, name)) in text, name
    for value in ("Laskut maksetaan ajallaan", "Hoidan laskut itse", "Kuntouttava työtoiminta", "Mediapaja"):
        assert value in text
    assert "Sosiaalinen kuntoutus" in text and "1.12.2026" in text and "3 kk" in text
    assert "TE-palvelut" in text and "Aktivointisuunnitelma" in text and "Suullisesti tapaamisessa" in text
    assert day(current.review_date) in text and day(current.created_at) in text
    assert f"{world.client.first_name} {world.client.last_name}" in text
    assert str(world.worker) in text
    logged = UseLogEntry.objects.filter(view="plans:pdf", client_id=world.client.pk)
    assert logged.count() == 1


def test_no_plan_or_another_teams_client_prints_nothing(client: Any, world: World) -> None:
    url = reverse("plans:pdf", kwargs={"client_id": world.client.pk})
    client.force_login(world.worker)
    refused = client.get(url)
    assert refused.status_code == 302
    assert refused["Location"] == reverse("plans:client", kwargs={"client_id": world.client.pk})
    plan_create(actor=world.worker, client=world.client, content=content())
    client.force_login(world.other_worker)
    assert client.get(url).status_code == 404
