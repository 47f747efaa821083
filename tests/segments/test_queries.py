"""Placing a team's clients costs the same number of queries for 3 clients as for 30."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from polku.segments.placement import placements_for
from polku.segments.selectors import team_segments
from tests.conftest import World
from tests.factories import ClientFactory, RelationshipFactory
from tests.segments.records import record

pytestmark = pytest.mark.django_db


def _team_of(world: World, count: int) -> list[Any]:
    clients = []
    for index in range(count):
        c = ClientFactory()
        RelationshipFactory(client=c, team=world.team, personal_worker=world.worker)
        record(
            c,
            world.worker,
            special_support=index % 2 == 0,
            need=("long_term", "temporary", "")[index % 3],
            services=index % 4,
            contacts=index % 5,
            goals=(4, None, 2) if index % 3 == 0 else None,
        )
        clients.append(c)
    return clients


def _count(action: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def test_placements_cost_the_same_for_3_and_30_clients(world: World) -> None:
    few = [c.pk for c in _team_of(world, 3)]
    small = _count(lambda: placements_for(few))
    many = [c.pk for c in _team_of(world, 27)] + few
    assert _count(lambda: placements_for(many)) == small
    assert small <= 8


def test_the_team_page_costs_the_same_for_3_and_30_clients(client: Any, world: World) -> None:
    client.force_login(world.manager)
    url = reverse("segments:team", kwargs={"team_id": world.team.pk})
    _team_of(world, 3)
    record(world.client, world.worker, services=3, contacts=3)  # a heavy user listed either way
    client.get(url)  # warm the session and the caches
    team_segments(world.team)
    small = _count(lambda: client.get(url))
    _team_of(world, 27)
    assert _count(lambda: client.get(url)) == small


def test_the_filtered_caseload_costs_the_same_for_3_and_30_clients(client: Any, world: World) -> None:
    client.force_login(world.worker)
    url = reverse("segments:caseload")
    _team_of(world, 3)
    client.get(url, {"quadrant": "much_support"})
    small = _count(lambda: client.get(url, {"quadrant": "much_support"}))
    _team_of(world, 27)
    assert _count(lambda: client.get(url, {"quadrant": "much_support"})) == small
