"""Theme suggestions: Finnish stems and TF-IDF similarity to earlier reports' confirmed themes."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from polku.structural.themes import finnish_terms, suggest_themes
from tests.conftest import World
from tests.structural.conftest import read_report

pytestmark = pytest.mark.django_db


def test_inflected_finnish_words_meet_in_one_stem() -> None:
    assert finnish_terms("asunnottomat asunnottomien") == ["asunnottom", "asunnottom"]
    assert len(set(finnish_terms("vuokra vuokrat vuokran"))) == 1
    assert finnish_terms("ja se on") == []  # stop words carry no theme


def _history(world: World) -> None:
    read_report(
        world,
        themes=["housing"],
        title="Asunnottomuus kasvaa",
        observation="Nuoret asuvat kavereiden luona, koska vuokra-asuntoja ei ole.",
    )
    read_report(
        world,
        themes=["housing"],
        title="Vuokra-asuntojen puute",
        observation="Vuokra-asunnot ovat kalliita ja asunnottomuus uhkaa.",
    )
    read_report(
        world,
        themes=["debt"],
        title="Pikavipit",
        observation="Pikavippivelat ja maksuhäiriömerkinnät yleistyvät.",
    )


def test_a_new_text_gets_the_themes_of_the_most_similar_earlier_reports(world: World) -> None:
    _history(world)
    housing = suggest_themes("Asunnottomien nuorten määrä kasvaa, vuokra-asunnoista pulaa")
    assert [t.code for t in housing][:1] == ["housing"]
    debt = suggest_themes("Pikavippien velat kasautuvat")
    assert [t.code for t in debt][:1] == ["debt"]


def test_there_is_nothing_to_suggest_without_earlier_reports_or_words(world: World) -> None:
    assert suggest_themes("Asunnottomuus kasvaa") == []
    _history(world)
    assert suggest_themes("123 456") == []
    assert suggest_themes("Kuntosalin aukioloajat") == []


def test_the_form_ticks_the_suggested_themes_and_the_writer_can_change_them(
    world: World, client: Any
) -> None:
    _history(world)
    client.force_login(world.counsellor)
    response = client.post(
        reverse("structural:report_new"),
        {"title": "Asunnottomuus", "observation": "Nuorilla ei ole vuokra-asuntoa.", "action": "suggest"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="housing" id="id_themes_' in page or 'value="housing"' in page
    assert "checked" in page.split('value="housing"')[1].split(">")[0]
    assert "Please correct" not in page  # asking for suggestions is not a failed save
    # Themes the writer already ticked are kept as they are.
    response = client.post(
        reverse("structural:report_new"),
        {
            "title": "Asunnottomuus",
            "observation": "Ei vuokra-asuntoa.",
            "themes": ["debt"],
            "action": "suggest",
        },
    )
    after = response.content.decode().split('value="housing"')[1].split(">")[0]
    assert "checked" not in after
