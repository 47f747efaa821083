from __future__ import annotations

from dataclasses import dataclass

import factory.random
import pytest

from polku.accounts.models import Qualification, Role, Team, User
from polku.clients.models import Client
from tests.factories import ClientFactory, RelationshipFactory, TeamFactory, UserFactory


@pytest.fixture(autouse=True)
def _reproducible_fakes(request: pytest.FixtureRequest) -> None:
    """The same fake names and numbers in a test on every run (seeded by its id), so that a failure, such
    as a random user who happens to share a searched name, comes back when run again, not once in a while."""
    factory.random.reseed_random(request.node.nodeid)


@dataclass
class World:
    """Two teams, a person in each role, and a client of each team; used by access and use-log tests."""

    team: Team
    other_team: Team
    advisor: User
    counsellor: User
    worker: User
    manager: User
    other_worker: User
    provider: User
    authority: User
    analyst: User
    admin: User
    client: Client
    other_client: Client


@pytest.fixture
def world(db: None) -> World:
    team, other_team = TeamFactory(), TeamFactory()
    client = ClientFactory(last_name="Zyxwvutsson")
    other_client = ClientFactory()
    RelationshipFactory(client=client, team=team)
    RelationshipFactory(client=other_client, team=other_team)
    return World(
        team=team,
        other_team=other_team,
        advisor=UserFactory(role=Role.SERVICE_ADVISOR, qualification=Qualification.OTHER, teams=[team]),
        counsellor=UserFactory(
            role=Role.SOCIAL_COUNSELLOR, qualification=Qualification.SOCIAL_COUNSELLOR, teams=[team]
        ),
        worker=UserFactory(role=Role.SOCIAL_WORKER, teams=[team]),
        manager=UserFactory(role=Role.TEAM_MANAGER, teams=[team]),
        other_worker=UserFactory(role=Role.SOCIAL_WORKER, teams=[other_team]),
        provider=UserFactory(role=Role.PROVIDER_WORKER, qualification=Qualification.OTHER),
        authority=UserFactory(role=Role.AUTHORITY_INTEGRATION, qualification=Qualification.OTHER),
        analyst=UserFactory(role=Role.ANALYST, qualification=Qualification.OTHER),
        admin=UserFactory(
            role=Role.ADMINISTRATOR, qualification=Qualification.OTHER, is_staff=True, is_superuser=True
        ),
        client=client,
        other_client=other_client,
    )
