"""The client's link pages in the client's language (issue 17): Northern Sámi for a Sámi client by default,
plain Finnish on request, the choice kept for the next page, the language recorded for the worker, and no
other language let in."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as Browser
from django.urls import reverse
from django.utils import translation

from polku.casework.models import PreAssessment
from polku.casework.services.assessments import pre_assessment_send
from polku.clients.languages import COOKIE
from polku.finance.services_household import budget_link_create
from polku.instruments.definitions import instrument_get
from polku.instruments.models import ResponseLink
from polku.instruments.services import response_link_send
from tests.casework.test_assessment import started
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _answer_link(world: World, language: str) -> tuple[str, Any]:
    world.client.language = language
    world.client.save()
    response, token = response_link_send(
        actor=world.worker, client=world.client, instrument_code="functional_capacity"
    )
    return reverse("instrument_answer", kwargs={"link_token": token}), response


def test_a_sami_client_gets_the_self_assessment_in_sami_and_the_worker_sees_it(world: World) -> None:
    url, response = _answer_link(world, "se")
    page = Browser().get(url).content.decode()
    assert '<html lang="se">' in page
    assert "Movt árvvoštalat iežat doaibmannávccaid ollislaččat dál?" in page  # the instrument's own text
    assert "Vurke ja joatkke" in page  # the catalogue's
    assert ResponseLink.objects.get(response=response).language == "se"

    worker = Browser()
    worker.force_login(world.worker)
    listing = worker.get(reverse("instruments:client", args=[world.client.pk])).content.decode()
    assert "davvisámegiella" in listing


def test_a_finnish_client_can_choose_plain_finnish_and_the_choice_is_kept(world: World) -> None:
    url, response = _answer_link(world, "fi")
    browser = Browser()
    assert "Millaiseksi arvioit toimintakykysi" in browser.get(url).content.decode()
    chosen = browser.get(url + "?kieli=fi-selko")
    assert "Miten pärjäät nyt kaiken kaikkiaan?" in chosen.content.decode()
    assert chosen.cookies[COOKIE].value == "fi-selko"
    again = browser.get(url).content.decode()  # no ?kieli: the cookie keeps it
    assert '<html lang="fi-selko">' in again
    assert ResponseLink.objects.get(response=response).language == "fi-selko"


def test_plain_finnish_falls_back_to_finnish_for_a_text_it_lacks() -> None:
    with translation.override("fi-selko"):
        assert translation.gettext("Save and continue") == "Tallenna ja jatka"  # its own
        assert translation.gettext("Clients") == "Asiakkaat"  # the Finnish catalogue's
    with translation.override("se"):
        assert translation.gettext("Clients") == "Asiakkaat"  # Sámi lacks it: Finnish, not English


@pytest.mark.parametrize("asked", ["xx", "de", "se\x00", "fi-selko" * 200, "../../etc", ""])
def test_an_unknown_language_is_not_let_in(world: World, asked: str) -> None:
    url, _response = _answer_link(world, "sv")
    page = Browser().get(url, {"kieli": asked})
    assert page.status_code == 200
    assert '<html lang="sv">' in page.content.decode()  # the client's own language
    assert COOKIE not in page.cookies


def test_the_pre_assessment_is_in_sami_and_its_language_is_shown_to_the_worker(world: World) -> None:
    world.client.language = "se"
    world.client.save()
    _pre, token = pre_assessment_send(actor=world.worker, assessment=started(world))
    browser = Browser()
    page = browser.get(reverse("pre_assessment_answer", kwargs={"token": token})).content.decode()
    assert "Mu dilli mu iežan sániiguin" in page
    sent = browser.post(
        reverse("pre_assessment_answer", kwargs={"token": token}), {"own_view": "Dilli lea váttis."}
    )
    assert "Giitu" in sent.content.decode()
    assert PreAssessment.objects.get(client=world.client).language == "se"


def test_the_instruments_name_the_languages_they_wait_a_review_for() -> None:
    for code in ("functional_capacity", "client_feedback"):
        instrument = instrument_get(code)
        assert instrument is not None and instrument.review_needed == ("se",)
        with translation.override("se"):
            assert str(instrument.title) != str(instrument.title.get("fi"))
        assert instrument.title.get("fi-selko")


def test_the_budget_link_is_in_sami_down_to_the_line_kinds(world: World) -> None:
    world.client.language = "se"
    world.client.save()
    token = budget_link_create(actor=world.worker, client=world.client)
    page = Browser().get(reverse("budget_fill", kwargs={"budget_token": token})).content.decode()
    assert "Du ruoktodoalu budšeahtta" in page and ">láigu<" in page
