"""People's names are listed in the order of the Finnish alphabet (polku.core.collation), on PostgreSQL and on
SQLite alike: the name search, its API, the caseload and the lists of workers.

The orders below are worked by hand from the Finnish alphabet, not from the code: letters without regard
to case or accents (É as E, Ü as Y), Å, Ä and Ö after Z; a space or a hyphen before any letter; names equal
so far by their accents and then by case, lowercase first."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import Role
from polku.accounts.selectors import colleagues_of
from polku.clients.models import Client
from polku.core.collation import name_key
from polku.structural.selectors_codev import roster_for
from tests.conftest import World
from tests.factories import ClientFactory, RelationshipFactory, UserFactory, codeveloper

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


def test_the_co_developers_roster_lists_names_in_finnish_order(world: World) -> None:
    for name in shuffled(FINNISH_ORDER):
        codeveloper(actor=world.manager, name=name, consent_on=timezone.localdate() - timedelta(days=60))
    assert [person.name for person in roster_for(user=world.analyst, view="t")] == FINNISH_ORDER


def test_the_workers_of_a_team_are_listed_in_finnish_order(world: World) -> None:
    for name in shuffled(FINNISH_ORDER):
        worker = UserFactory(role=Role.SOCIAL_WORKER, first_name=FIRST, last_name=name)
        worker.teams.add(world.team)
    listed = [u.last_name for u in colleagues_of(world.manager) if u.first_name == FIRST]
    assert listed == FINNISH_ORDER


@pytest.mark.parametrize("names", [FINNISH_ORDER, TIES_ORDER], ids=["alphabet", "ties"])
def test_names_sorted_in_python_keep_the_same_order(names: list[str]) -> None:
    # The pages that sort names in Python (the monitoring report's and the segments' worker columns, by the
    # name as they show it) use the same alphabet.
    assert sorted(shuffled(names), key=name_key) == names


# Names with the letters of Finnish, Swedish, Sámi and neighbouring languages and the punctuation of names.
LETTERS_AND_MARKS = [
    "123", "Áslat", "Čiekča", "Đuro", "ǅuro", "Duro", "Ŋuolla", "Šiŋŋá", "Žárko", "Ŧuolja", "Tapio", "Ǥiddá",
    "Gaup", "Ʒekka", "Ǯiŋŋa", "Zimmer", "Łukasz", "Lukas", "Ĳsselmeer", "Ijas", "Þórsson", "Oʹdd", "O’Brien",
    "O'Brien", "O-Brien", "O.Brien", "O Brien", "Obrien", "Anna\u00a0Liisa", "Anna Liisa", "Anna-Liisa",
    "Ek–Lund", "Æbelø", "Ørsted", "Müller", "Myller", "Lindén", "Lindèn", "Strasse", "Straße", "Õunap", "Ğür",
    "de la Cruz",
]  # fmt: skip


def test_names_sorted_in_python_agree_with_the_database(world: World) -> None:
    """The pages that sort names in Python and the lists the database sorts give one order: on PostgreSQL
    its ICU collation's, on SQLite the comparison it was given."""
    for name in LETTERS_AND_MARKS:
        ClientFactory(first_name=FIRST, last_name=name)
    by_database = list(
        Client.objects.filter(first_name=FIRST).order_by("last_name").values_list("last_name", flat=True)
    )
    assert by_database == sorted(LETTERS_AND_MARKS, key=name_key)


@pytest.mark.parametrize("query", ["Weiß", "weiß", "Weiß Nimi"])
def test_a_name_with_a_letter_icu_upper_cases_into_two_is_found_as_written(
    client: Any, world: World, query: str
) -> None:
    weiss = ClientFactory(first_name="Nimi", last_name="Weiß")
    RelationshipFactory(client=weiss, team=world.team)
    client.force_login(world.worker)
    page = client.get(reverse("clients:search"), {"q": query})
    assert [row.pk for row in page.context["page"].object_list] == [weiss.pk]
    api = client.get("/api/v1/clients/", {"q": query}).json()
    assert [row["id"] for row in api["items"]] == [str(weiss.pk)]
