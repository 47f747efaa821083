"""The consultation pages and API as people use them: ask anonymously and by naming a client, answer, see
the answer on the asker's work list, and bad input answered with a clear error and nothing stored."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from polku.accounts.services import token_create
from polku.audit.models import DisclosureLogEntry
from polku.consultation.models import Consultation, Panel
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(world: World) -> Panel:
    panel = Panel.objects.create(name="Sosiaaliturva", topic="social_security")
    panel.members.add(world.other_worker)
    return panel


def _browser(user: Any) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def test_an_anonymous_consultation_to_a_panel_is_answered_and_the_asker_sees_it(
    world: World, panel: Panel
) -> None:
    asker = _browser(world.worker)
    sent = asker.post(
        reverse("consultation:new"),
        {
            "asked_of": "panel",
            "panel": panel.pk,
            "topic": "social_security",
            "subject": "Asumistuki ja opintolaina",
            "question": "Lasketaanko opintolaina tuloksi asumistuessa?",
        },
    )
    consultation = Consultation.objects.get()
    assert sent.status_code == 302 and sent["Location"] == reverse(
        "consultation:detail", args=[consultation.pk]
    )

    member = _browser(world.other_worker)
    waiting = member.get(reverse("workday:home"))
    assert "Asumistuki ja opintolaina" in waiting.content.decode()
    answered = member.post(
        reverse("consultation:write", args=[consultation.pk]), {"text": "Ei lasketa, vain opintoraha."}
    )
    assert answered.status_code == 302

    home = asker.get(reverse("workday:home")).content.decode()
    assert "Asumistuki ja opintolaina" in home
    page = asker.get(reverse("consultation:detail", args=[consultation.pk])).content.decode()
    assert "Ei lasketa, vain opintoraha." in page
    assert "Asumistuki ja opintolaina" not in asker.get(reverse("workday:home")).content.decode()


def test_a_henkilotunnus_in_the_question_is_shown_as_an_error_and_nothing_is_sent(
    world: World, panel: Panel
) -> None:
    page = _browser(world.worker).post(
        reverse("consultation:new"),
        {
            "asked_of": "panel",
            "panel": panel.pk,
            "topic": "law",
            "subject": "Vakuus",
            "question": "Asiakas 131052-308T kysyy.",
        },
    )
    assert page.status_code == 200
    assert "näyttää henkilötunnukselta" in page.content.decode()
    assert not Consultation.objects.exists()


def test_a_consultation_naming_the_client_writes_the_disclosure(world: World, panel: Panel) -> None:
    browser = _browser(world.worker)
    form = browser.get(reverse("consultation:new") + f"?client={world.client.pk}")
    assert world.client.last_name in form.content.decode()
    sent = browser.post(
        reverse("consultation:new"),
        {
            "client": world.client.pk,
            "asked_of": "panel",
            "panel": panel.pk,
            "topic": "social_security",
            "subject": "Toimeentulotuen asumismenot",
            "question": "Hyväksytäänkö vuokra kokonaan?",
            "shared": "Vuokra 820 €, kunnan raja 700 €.",
            "shared_until": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "basis": "consent",
            "consent_on": timezone.localdate().isoformat(),
            "consent_method": "oral",
        },
    )
    assert sent.status_code == 302, sent.content.decode()[:2000]
    assert DisclosureLogEntry.objects.filter(client_id=world.client.pk, recipient="Sosiaaliturva").exists()
    seen = _browser(world.other_worker).get(sent["Location"]).content.decode()
    assert world.client.last_name in seen and "Vuokra 820 €" in seen


def test_a_client_one_does_not_work_with_cannot_be_named(world: World) -> None:
    page = _browser(world.worker).get(reverse("consultation:new") + f"?client={world.other_client.pk}")
    assert page.status_code == 404


def test_the_api_asks_reads_and_answers(client: Any, world: World, panel: Panel) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.worker)}"}
    made = client.post(
        "/api/v1/consultations",
        {
            "asked_of": "panel",
            "panel_id": str(panel.pk),
            "topic": "law",
            "subject": "Perintö ja toimeentulotuki",
            "question": "Miten kuolinpesän osuus huomioidaan?",
        },
        content_type="application/json",
        **auth,
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["identified"] is False and body["status"] == "open"
    other = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.other_worker)}"}
    answer = client.post(
        f"/api/v1/consultations/{body['id']}/messages",
        {"text": "Tulona, kun se on käytettävissä."},
        content_type="application/json",
        **other,
    )
    assert answer.status_code == 201
    read = client.get(f"/api/v1/consultations/{body['id']}", **auth).json()
    assert read["status"] == "answered" and read["messages"][0]["text"] == "Tulona, kun se on käytettävissä."
    outsider = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.manager)}"}
    assert client.get(f"/api/v1/consultations/{body['id']}", **outsider).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"panel_id": "00000000-0000-0000-0000-000000000000"}, "panel_id"),
        ({"question": "a\x00b"}, "question"),
        ({"subject": "x" * 201}, "subject"),
        ({"question": "Asiakas 131052-308T kysyy."}, "question"),
    ],
)
def test_bad_input_to_the_api_is_a_400_and_nothing_is_stored(
    client: Any, world: World, panel: Panel, changes: dict[str, str], field: str
) -> None:
    body = {
        "asked_of": "panel",
        "panel_id": str(panel.pk),
        "topic": "law",
        "subject": "Perintö",
        "question": "Miten?",
    }
    body.update(changes)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.worker)}"}
    refused = client.post("/api/v1/consultations", body, content_type="application/json", **auth)
    assert refused.status_code == 400
    assert field in refused.json()["errors"]
    assert not Consultation.objects.exists()


def test_the_panels_statistics_are_for_managers_and_analysts(world: World, panel: Panel) -> None:
    assert _browser(world.manager).get(reverse("consultation:statistics")).status_code == 200
    assert _browser(world.worker).get(reverse("consultation:statistics")).status_code == 403
