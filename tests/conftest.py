from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass

import factory.random
import pytest
from django.db import connections
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from polku.accounts.models import Qualification, Role, Team, User
from polku.clients.models import Client
from tests.factories import ClientFactory, RelationshipFactory, TeamFactory, UserFactory


@pytest.fixture(autouse=True)
def _reproducible_fakes(request: pytest.FixtureRequest) -> None:
    """The same fake names and numbers in a test on every run (seeded by its id), so that a failure, such
    as a random user who happens to share a searched name, comes back when run again, not once in a while."""
    factory.random.reseed_random(request.node.nodeid)


@pytest.fixture(autouse=True)
def _language_as_a_new_process() -> None:
    """Each test starts in the language a fresh process has (settings.LANGUAGE_CODE, Finnish), whatever an
    earlier test in the same process activated: tests run in any order and share processes under xdist."""
    translation.deactivate()


def _rolls_back_serialized(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    asked = bool(marker and marker.kwargs.get("serialized_rollback"))
    return asked or "django_db_serialized_rollback" in fixtures


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, None, None]:
    """A transactional test ends by flushing the database, and with it the rows the migrations wrote (contact
    reason codes, report themes, content types); Django puts them back only when the next transactional test
    with a serialized rollback begins. Put them back at once, so that any test may follow one: a serial run
    orders transactional tests last, but an xdist worker runs the files it is given in any order."""
    yield
    if nextitem is None or not _rolls_back_serialized(item):  # the last test: the test databases are gone
        return
    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
            connection.close()


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
