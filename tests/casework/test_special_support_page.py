"""Recording special support (SHL 3 §3) on its own page: what a refused form had stays in it, nothing is
stored, and only the client's own workers reach the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from polku.casework.models import SpecialSupport
from tests.conftest import World

pytestmark = pytest.mark.django_db


def page(world: World) -> str:
    return reverse("casework:special_support", kwargs={"client_id": world.client.pk})


def test_the_process_page_links_to_the_form_and_a_valid_form_is_recorded(client: Any, world: World) -> None:
    client.force_login(world.worker)
    case = client.get(reverse("casework:case", kwargs={"client_id": world.client.pk})).content.decode()
    assert f'href="{page(world)}"' in case
    assert client.get(page(world)).status_code == 200
    response = client.post(page(world), {"grounds": ["cognitive"], "explanation": "Muistisairaus."})
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:case", kwargs={"client_id": world.client.pk})
    recorded = SpecialSupport.objects.get(client=world.client)
    assert (recorded.grounds, recorded.explanation) == (["cognitive"], "Muistisairaus.")


def test_a_refused_form_keeps_what_was_written_and_stores_nothing(client: Any, world: World) -> None:
    client.force_login(world.worker)
    response = client.post(page(world), {"explanation": "Ei pysty asioimaan yksin."})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ei pysty asioimaan yksin." in html
    assert 'class="error-summary"' in html
    assert not SpecialSupport.objects.exists()


def test_another_teams_worker_does_not_find_the_page(client: Any, world: World) -> None:
    client.force_login(world.other_worker)
    assert client.get(page(world)).status_code == 404
    assert client.post(page(world), {"grounds": ["cognitive"], "explanation": "x"}).status_code == 404
    assert not SpecialSupport.objects.exists()
