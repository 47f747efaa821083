"""The client page and the API's client read cost the same SQL queries whatever the data's size."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from tests.factories import ClientFactory, RelationshipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def grow(world: World, *, clients: int, relationships: int) -> None:
    """More clients in the register, and more (ended) relationships of the client, each with its own team
    and personal worker."""
    for _ in range(clients):
        RelationshipFactory(client=ClientFactory(), team=world.team)
    for _ in range(relationships):
        RelationshipFactory(
            client=world.client,
            team=TeamFactory(),
            personal_worker=UserFactory(),
            ended_at=timezone.now(),
        )


@pytest.mark.parametrize("route", ["clients:detail", "api:client_detail"])
def test_reading_a_client_costs_the_same_queries_with_one_relationship_and_with_many(
    client: Any, world: World, route: str
) -> None:
    url = reverse(route, kwargs={"client_id": world.client.pk})
    client.force_login(world.worker)
    client.get(url)  # the session and the language, once
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(world, clients=30, relationships=8)
    with CaptureQueriesContext(connection) as large:
        answer = client.get(url)
    assert answer.status_code == 200
    if route == "clients:detail":
        assert answer.content.decode().count("<tr><td>") == 9
    assert len(large) == len(small) <= MAX_QUERIES
