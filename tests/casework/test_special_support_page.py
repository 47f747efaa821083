"""Recording special support (SHL 3 §3) on its own page: what a refused form had stays in it, nothing is
stored, and only the client's own workers reach the page. When a determination is in force, by the one rule
every page and check reads it with."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.casework.models import SpecialSupport
from polku.casework.selectors import client_case
from polku.casework.services import needs_special_support
from polku.segments.facts import facts_for
from polku.workday.worklist import work_for
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


TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("determined_on", "ended_on", "in_force_on_4_12"),
    [
        (date(2026, 3, 2), None, True),  # no end recorded
        (date(2026, 3, 2), date(2026, 12, 3), False),  # ended yesterday
        (date(2026, 3, 2), date(2026, 12, 4), False),  # ends today: ended from its end day on
        (date(2026, 3, 2), date(2026, 12, 5), True),  # ends tomorrow: in force today
        (date(2026, 12, 4), None, True),  # determined today
        (date(2026, 12, 5), None, False),  # determined tomorrow (a record dated ahead): not yet
    ],
)
def test_a_determination_is_in_force_from_its_day_until_its_end_day(
    world: World, determined_on: date, ended_on: date | None, in_force_on_4_12: bool
) -> None:
    SpecialSupport.objects.create(
        client=world.client, determined_on=determined_on, ended_on=ended_on, explanation="Päihteet"
    )
    assert SpecialSupport.objects.in_force(on=TODAY).exists() is in_force_on_4_12
    assert facts_for([world.client.pk], TODAY)[world.client.pk].special_support is in_force_on_4_12


@pytest.mark.parametrize(
    ("determined_days_ago", "ends_in_days", "in_force"),
    [
        (100, None, True),
        (100, -1, False),
        (100, 0, False),
        (100, 1, True),
        (0, None, True),
        (-1, None, False),
    ],
)
def test_the_checks_the_process_page_the_work_list_and_the_client_facts_agree_on_what_is_in_force(
    world: World, determined_days_ago: int, ends_in_days: int | None, in_force: bool
) -> None:
    """The same six cases as above, relative to today: the public-office rule of SHL 36, 42 and 46, the
    process page, the personal worker's list of clients to meet and the client's facts say the same."""
    today = timezone.localdate()
    world.client.relationships.update(personal_worker=world.worker)
    SpecialSupport.objects.create(
        client=world.client,
        determined_on=today - timedelta(days=determined_days_ago),
        ended_on=None if ends_in_days is None else today + timedelta(days=ends_in_days),
        explanation="Päihteet",
    )
    assert needs_special_support(world.client) is in_force
    case = client_case(user=world.worker, client_id=world.client.pk, view="t")
    assert (case.special_support is not None) is in_force
    section = next(s for s in work_for(world.worker, view="t") if s.key == "special_support")
    assert [row.client_id for row in section.rows] == ([world.client.pk] if in_force else [])
    assert facts_for([world.client.pk])[world.client.pk].special_support is in_force
