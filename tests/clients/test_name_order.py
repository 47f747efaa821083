"""People's names are listed in the order of the Finnish alphabet (polku.core.collation), on PostgreSQL and on
SQLite alike: the name search, its API, the caseload and the lists of workers.

The orders below are worked by hand from the Finnish alphabet, not from the code: letters without regard
to case or accents (É as E, Ü as Y), Å, Ä and Ö after Z; a space or a hyphen before any letter; names equal
so far by their accents and then by case, lowercase first."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.urls import reverse

from polku.accounts.models import Role
from polku.accounts.selectors import colleagues_of
from polku.clients.models import Client
from polku.core.collation import name_key
from tests.conftest import World
from tests.factories import ClientFactory, RelationshipFactory, UserFactory

pytestmark = pytest.mark.django_db

FIRST = "Nimijärjestys"  # a first name no other client of the tests has
FINNISH_ORDER = [
    "af Forselles",  # a lowercase particle sorts by its letters, not after Z
    "Berg",
    "Ekman",
    "Élie",  # É is an E
    "Fagerström",
    "Virtanen",
    "von Essen",  # v-o: after Vi, before Vu
    "Vuorinen",
    "Ylönen",
    "Üstün",  # Ü is a Y: Yl before Ys
    "Zetterberg",
    "Åberg",  # Å, Ä, Ö: letters of their own after Z, in this order
    "Äijälä",
    "Öhman",
]

# Equal letters: a space or hyphen first, then without accents before with them, lowercase before uppercase.
TIES_ORDER = ["Ek", "Ek Lund", "Ek-Lund", "eklund", "Eklund", "éklund", "Éklund", "Eklund-Ahl", "Eklöf"]


def shuffled(names: list[str]) -> list[str]:
    mixed = list(names)
    random.Random(12).shuffle(mixed)
    assert mixed != names
    return mixed


def team_clients(world: World, last_names: list[str], personal_worker: Any = None) -> dict[str, Client]:
    made = {name: ClientFactory(first_name=FIRST, last_name=name) for name in shuffled(last_names)}
    for made_client in made.values():
        RelationshipFactory(client=made_client, team=world.team, personal_worker=personal_worker)
    return made


@pytest.mark.parametrize("names", [FINNISH_ORDER, TIES_ORDER], ids=["alphabet", "ties"])
def test_the_name_search_and_its_api_list_names_in_finnish_order(
    client: Any, world: World, names: list[str]
) -> None:
    made = team_clients(world, names)
    client.force_login(world.worker)
    page = client.get(reverse("clients:search"), {"q": FIRST})
    assert [row.name for row in page.context["page"].object_list] == [f"{name} {FIRST}" for name in names]
    api = client.get("/api/v1/clients/", {"q": FIRST}).json()
    assert [row["id"] for row in api["items"]] == [str(made[name].pk) for name in names]


def test_the_caseload_lists_names_in_finnish_order(client: Any, world: World) -> None:
    team_clients(world, FINNISH_ORDER, personal_worker=world.worker)
    client.force_login(world.worker)
    page = client.get(reverse("casework:caseload"))
    shown = [row.name for row in page.context["page"].object_list]
    assert shown == [f"{name} {FIRST}" for name in FINNISH_ORDER]


def test_the_workers_of_a_team_are_listed_in_finnish_order(world: World) -> None:
    for name in shuffled(FINNISH_ORDER):
        worker = UserFactory(role=Role.SOCIAL_WORKER, first_name=FIRST, last_name=name)
        worker.teams.add(world.team)
    listed = [u.last_name for u in colleagues_of(world.manager) if u.first_name == FIRST]
    assert listed == FINNISH_ORDER


@pytest.mark.parametrize("names", [FINNISH_ORDER, TIES_ORDER], ids=["alphabet", "ties"])
def test_names_sorted_in_python_keep_the_same_order(names: list[str]) -> None:
    # What the pages sort in Python (the monitoring report's and the segments' worker columns).
    assert sorted(shuffled(names), key=name_key) == names
