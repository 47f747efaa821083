"""Parallel contacts for a client whose relationships had ended: both open the one relationship (one open
relationship per team), and neither answers with a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client as Browser
from django.utils import timezone

from polku.accounts.models import Qualification, Role
from polku.accounts.services import token_create
from polku.casework.models import Initiation
from polku.clients.models import ClientRelationship
from tests.casework.test_contact_intake import message
from tests.conftest import World
from tests.factories import UserFactory
from tests.races import competitor_between_check_and_insert, run_at_once


def _kela(world: World) -> dict[str, Any]:
    world.team.receives_unrouted = True
    world.team.save()
    ClientRelationship.objects.filter(client=world.client).update(ended_at=timezone.now())
    user: Any = UserFactory(
        role=Role.AUTHORITY_INTEGRATION, qualification=Qualification.OTHER, username="kela"
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def _contact(world: World, headers: dict[str, Any], n: int) -> Any:
    body = message(
        person={"hetu": world.client.hetu, "first_name": "V", "last_name": "E"},
        description=f"Yhteydenotto {n}",
    )
    return Browser().post(
        "/api/v1/contacts", json.dumps(body, default=str), content_type="application/json", **headers
    )


@pytest.mark.django_db
def test_a_relationship_opened_between_the_check_and_the_insert_is_taken_not_a_500(world: World) -> None:
    """The competing contact opens the relationship just after this one found none open: the unique open
    relationship refuses this INSERT (on SQLite and PostgreSQL alike), and the contact takes the
    relationship the other opened instead of failing."""
    headers = _kela(world)

    def competing_contact_opens_it() -> None:
        ClientRelationship.objects.bulk_create([ClientRelationship(client=world.client, team=world.team)])

    # The check of relationship_open (client and team), not route_team's look for any open relationship.
    check = "ClientRelationship.team"
    with competitor_between_check_and_insert(ClientRelationship, competing_contact_opens_it, check):
        answer = _contact(world, headers, 1)
    assert answer.status_code == 201, answer.content
    opened = ClientRelationship.objects.get(client=world.client, ended_at__isnull=True)
    assert Initiation.objects.get().relationship == opened


# serialized_rollback: the reason codes that migrations load are put back after the flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_contacts_for_a_client_whose_relationships_had_ended(world: World) -> None:
    headers = _kela(world)
    results = run_at_once(5, lambda n: _contact(world, headers, n).status_code)
    assert results == [201] * 5
    opened = ClientRelationship.objects.get(client=world.client, ended_at__isnull=True)
    assert Initiation.objects.filter(relationship=opened).count() == 5
