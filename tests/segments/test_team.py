"""The team's segment page and API: counts by segment through polku.core.suppression (a segment of 1-4
clients is "<5"), the heavy users listed and logged; only the team's people."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from polku.audit.models import UseLogEntry
from polku.clients.models import Client
from polku.segments.selectors import team_segments
from tests.conftest import World
from tests.factories import ClientFactory, RelationshipFactory
from tests.segments.records import record

pytestmark = pytest.mark.django_db


def _clients(world: World, count: int) -> list[Client]:
    clients = [ClientFactory() for _ in range(count)]
    for c in clients:
        RelationshipFactory(client=c, team=world.team, personal_worker=world.worker)
    return clients


def test_a_segment_of_one_to_four_clients_is_hidden(client: Any, world: World) -> None:
    # The world's client and four more with nothing recorded: five supported, the other segments empty.
    _clients(world, 4)
    grid = team_segments(world.team).by_review
    assert grid.cells[("supported", "total")].count == 5
    assert grid.cells[("much_support", "total")].count == 0
    # Three with a plan that works: self-directed, a group under the threshold, and the supported five
    # hidden beside it, since the total would give it away.
    for c in _clients(world, 3):
        record(c, world.worker, goals=(5, 4))
    grid = team_segments(world.team).by_review
    assert grid.cells[("self_directed", "total")].text == "<5"
    assert grid.cells[("self_directed", "total")].count is None
    assert grid.cells[("supported", "total")].count is None
    assert grid.cells[("total", "total")].count == 8

    client.force_login(world.manager)
    body = client.get(reverse("segments:team", kwargs={"team_id": world.team.pk})).content.decode()
    assert "&lt;5" in body

    answer = client.get(f"/api/v1/teams/{world.team.pk}/segments").json()
    by_key = {row["key"]: row for row in answer["segments"]}
    assert by_key["self_directed"]["total"] == {"count": None, "shown": "<5"}
    assert by_key["supported"]["total"]["count"] is None
    assert by_key["much_support"]["total"] == {"count": 0, "shown": "0"}
    assert by_key["total"]["total"]["count"] == 8
    assert answer["threshold"] == 5


def test_heavy_users_are_listed_and_each_row_is_logged(client: Any, world: World) -> None:
    heavy, with_plan, light = _clients(world, 3)
    record(heavy, world.worker, services=3, contacts=3)
    record(with_plan, world.worker, services=3, contacts=3, goals=(2,))
    record(light, world.worker, services=1, contacts=1)
    client.force_login(world.worker)
    body = client.get(reverse("segments:team", kwargs={"team_id": world.team.pk})).content.decode()
    assert heavy.last_name in body
    assert with_plan.last_name not in body and light.last_name not in body
    logged = set(UseLogEntry.objects.filter(view="segments:team").values_list("client_id", flat=True))
    assert logged == {str(heavy.pk)} or logged == {heavy.pk}
    # The list's count is an aggregate too.
    assert team_segments(world.team).heavy_shown == "<5"


@pytest.mark.parametrize("who", ["other_worker", "analyst", "provider"])
def test_only_the_teams_people_see_its_segments(client: Any, world: World, who: str) -> None:
    client.force_login(getattr(world, who))
    assert client.get(reverse("segments:team", kwargs={"team_id": world.team.pk})).status_code == 404
    assert client.get(f"/api/v1/teams/{world.team.pk}/segments").status_code == 404


def test_the_segments_link_leads_to_ones_own_team(client: Any, world: World) -> None:
    client.force_login(world.worker)
    answer = client.get(reverse("segments:teams"))
    assert answer.status_code == 302
    assert answer["Location"] == reverse("segments:team", kwargs={"team_id": world.team.pk})
    client.force_login(world.analyst)
    assert client.get(reverse("segments:teams")).status_code == 200
