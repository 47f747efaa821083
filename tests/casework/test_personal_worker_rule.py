"""Naming a personal worker (SHL 42) lets the named worker see the client, so only an active professional
of a team that has the client's open relationship may be named, by the page, the API and the service."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from polku.accounts.models import Qualification, Role
from polku.accounts.services import token_create
from polku.casework.services import personal_worker_assign
from polku.clients.models import Client, ClientRelationship
from tests.conftest import World
from tests.factories import RelationshipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def _api(client: Any, world: World, body: dict[str, Any]) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.worker)}"}
    url = f"/api/v1/clients/{world.client.pk}/personal-worker"
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


@pytest.mark.parametrize("who", ["another team", "another county", "inactive", "provider"])
def test_only_an_active_worker_of_the_clients_teams_is_named_personal_worker(world: World, who: str) -> None:
    sibling_team = TeamFactory(organisation=world.team.organisation)
    candidates = {
        "another team": UserFactory(teams=[sibling_team]),
        "another county": world.other_worker,
        "inactive": UserFactory(teams=[world.team], is_active=False),
        "provider": UserFactory(role=Role.PROVIDER_WORKER, qualification=Qualification.SOCIAL_COUNSELLOR),
    }
    relationship = ClientRelationship.objects.get(client=world.client, team=world.team)
    with pytest.raises(ValidationError) as refused:
        personal_worker_assign(actor=world.worker, relationship=relationship, worker=candidates[who])
    assert "worker" in refused.value.message_dict
    relationship.refresh_from_db()
    assert relationship.personal_worker is None and not relationship.personal_worker_history.exists()
    assert not Client.objects.visible_to(candidates[who]).filter(pk=world.client.pk).exists()


def test_a_worker_of_another_team_with_the_clients_open_relationship_may_be_named(world: World) -> None:
    RelationshipFactory(client=world.client, team=world.other_team)
    relationship = ClientRelationship.objects.get(client=world.client, team=world.team)
    personal_worker_assign(actor=world.worker, relationship=relationship, worker=world.other_worker)
    relationship.refresh_from_db()
    assert relationship.personal_worker == world.other_worker


def test_the_worker_alongside_is_an_active_worker_of_the_clients_teams(world: World) -> None:
    relationship = ClientRelationship.objects.get(client=world.client, team=world.team)
    with pytest.raises(ValidationError) as refused:
        personal_worker_assign(
            actor=world.worker,
            relationship=relationship,
            worker=world.counsellor,
            alongside=world.other_worker,
        )
    assert list(refused.value.message_dict) == ["alongside"]


def test_the_api_requires_the_relationships_version_and_names_no_one_without_it(
    client: Any, world: World
) -> None:
    response = _api(client, world, {"worker": world.counsellor.username})
    assert response.status_code == 400 and "version" in response.json()["errors"]
    relationship = ClientRelationship.objects.get(client=world.client, team=world.team)
    assert relationship.personal_worker is None
    refused = _api(client, world, {"worker": world.other_worker.username, "version": relationship.version})
    assert refused.status_code == 400 and "worker" in refused.json()["errors"]
    named = _api(client, world, {"worker": world.counsellor.username, "version": relationship.version})
    assert named.status_code == 201, named.content
    stale = _api(client, world, {"worker": world.worker.username, "version": relationship.version})
    assert stale.status_code == 409
    relationship.refresh_from_db()
    assert relationship.personal_worker == world.counsellor
