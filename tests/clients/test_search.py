"""Finding a client by name or henkilötunnus: paged, escaped, logged, and the same in the page and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from polku.accounts.models import OrganisationKind
from polku.audit.models import UseLogEntry
from polku.clients.models import Client
from polku.clients.selectors import clients_matching
from polku.core.pagination import PER_PAGE
from tests.conftest import World
from tests.factories import ClientFactory, OrganisationFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

SEARCH = "/clients/"
API_SEARCH = "/api/v1/clients/"


def namesakes(world: World, count: int, last_name: str = "Virtanen") -> list[Client]:
    """`count` clients of the worker's team with one last name (and, for most, one first name too)."""
    made = [ClientFactory(first_name="Aino" if n % 3 else "Eino", last_name=last_name) for n in range(count)]
    for client in made:
        RelationshipFactory(client=client, team=world.team)
    return made


def use_log_inserts(captured: CaptureQueriesContext) -> list[str]:
    table = UseLogEntry._meta.db_table
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith(f'INSERT INTO "{table}"')]


def test_the_words_are_text_not_wildcards(client: Any, world: World) -> None:
    namesakes(world, 3)
    percent = ClientFactory(first_name="Sata", last_name="%Prosentti")
    RelationshipFactory(client=percent, team=world.team)
    for query in ("%", "_", "%%", "_irtanen", "\\"):
        expected = [percent] if query == "%" else []
        assert list(clients_matching(user=world.worker, query=query)) == expected, query

    client.force_login(world.worker)
    page = client.get(SEARCH, {"q": "_"})
    assert page.status_code == 200
    assert page.context["results"] == []
    api = client.get(API_SEARCH, {"q": "%"}).json()
    assert [row["id"] for row in api["items"]] == [str(percent.pk)]


@pytest.mark.parametrize("query", ["Virta\x00nen", "V" * 101, "\x00"])
def test_a_nul_or_an_overlong_query_is_refused_cleanly_and_shows_no_one(
    client: Any, world: World, query: str
) -> None:
    made = namesakes(world, 2)
    client.force_login(world.worker)

    page = client.get(SEARCH, {"q": query})
    assert page.status_code == 200
    assert page.context["results"] == []
    assert page.context["form"].errors["q"]
    # No link to any of them (a user of the test's world may be a Virtanen too, so the name is no test).
    assert not any(str(namesake.pk) in page.content.decode() for namesake in made)
    fragment = client.get(SEARCH, {"q": query}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.context["form"].errors["q"]

    api = client.get(API_SEARCH, {"q": query})
    assert api.status_code == 400
    assert "q" in api.json()["errors"]
    assert not UseLogEntry.objects.exists()
    # The selector itself refuses them too, whoever calls it.
    assert list(clients_matching(user=world.worker, query=query)) == []


def test_a_common_surname_is_paged_in_a_stable_order_every_client_once(client: Any, world: World) -> None:
    found = namesakes(world, PER_PAGE * 2 + 7)
    client.force_login(world.worker)
    pages = [client.get(SEARCH, {"q": "virtanen", "page": n}) for n in (1, 2, 3)]
    shown = [c.pk for page in pages for c in page.context["page"].object_list]
    assert [len(page.context["page"].object_list) for page in pages] == [PER_PAGE, PER_PAGE, 7]
    assert sorted(shown) == sorted(c.pk for c in found)
    # Same names sort by first name, and then by the key, so the pages never overlap.
    assert shown == [c.pk for c in sorted(found, key=lambda c: (c.first_name, c.pk))]
    # The caption counts the whole result and the links lead on, keeping the words.
    first = pages[0].content.decode()
    assert f"{len(found)} clients found" in first or f"{len(found)} asiakasta" in first
    assert 'href="?page=2&amp;q=virtanen"' in first
    # A page past the end is the last page, never an error.
    past = client.get(SEARCH, {"q": "virtanen", "page": 99})
    assert [c.pk for c in past.context["page"].object_list] == shown[-7:]


def test_each_page_logs_exactly_the_clients_it_shows_in_one_statement(client: Any, world: World) -> None:
    namesakes(world, PER_PAGE + 5)
    client.force_login(world.worker)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(SEARCH, {"q": "Virtanen", "page": 2})
    shown = {c.pk for c in page.context["page"].object_list}
    assert len(shown) == 5
    rows = UseLogEntry.objects.filter(view="clients:search")
    assert sorted(r.client_id for r in rows) == sorted(shown)
    assert {r.object_type for r in rows} == {"client_search_result"}
    assert len(use_log_inserts(captured)) == 1


def test_the_api_search_is_paged_like_the_page_and_logs_each_client_it_returns(
    client: Any, world: World
) -> None:
    found = namesakes(world, PER_PAGE + 3)
    found[0].address_protection = True
    found[0].save()
    client.force_login(world.worker)
    first = client.get(API_SEARCH, {"q": "virt ain"}).json()
    aino = [c for c in found if c.first_name == "Aino"]
    assert (first["count"], first["limit"], first["offset"]) == (len(aino), PER_PAGE, 0)
    assert len(first["items"]) == min(len(aino), PER_PAGE)

    everyone = client.get(API_SEARCH, {"q": "VIRTANEN", "offset": PER_PAGE}).json()
    assert (everyone["count"], everyone["offset"]) == (len(found), PER_PAGE)
    assert len(everyone["items"]) == 3
    rows = UseLogEntry.objects.filter(view="api:client_search")
    returned = {r["id"] for r in first["items"]} | {r["id"] for r in everyone["items"]}
    assert {str(r.client_id) for r in rows} == returned
    assert rows.count() == len(first["items"]) + 3

    protected = client.get(API_SEARCH, {"q": found[0].hetu}).json()["items"]
    assert protected == [
        {
            "id": str(found[0].pk),
            "first_name": found[0].first_name,
            "last_name": "Virtanen",
            "birth_date": found[0].birth_date.isoformat(),
            "age": found[0].age,
            "municipality": None,
            "address_protection": True,
        }
    ]
    assert "hetu" not in protected[0] and "contact" not in protected[0]


def test_the_api_search_finds_no_one_outside_the_callers_clients(client: Any, world: World) -> None:
    client.force_login(world.other_worker)
    answer = client.get(API_SEARCH, {"q": world.client.last_name})
    assert answer.status_code == 200
    assert answer.json() == {"items": [], "count": 0, "limit": PER_PAGE, "offset": 0}
    client.force_login(world.analyst)
    assert client.get(API_SEARCH, {"q": world.client.hetu}).json()["items"] == []
    assert not UseLogEntry.objects.exists()
    assert client.get(API_SEARCH, {"q": ""}).status_code == 400
    assert client.get(API_SEARCH, {"q": "x", "limit": 0}).status_code == 400
    assert client.get(API_SEARCH, {"q": "x", "offset": -1}).status_code == 400


@pytest.mark.parametrize("url", [SEARCH, API_SEARCH])
def test_a_search_costs_the_same_queries_for_a_few_namesakes_and_for_many(
    client: Any, world: World, url: str
) -> None:
    namesakes(world, 3)
    client.force_login(world.worker)
    client.get(url, {"q": "virtanen"})  # the session and the language, once
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"q": "virtanen"})
    namesakes(world, PER_PAGE * 2)
    namesakes(world, 20, last_name="Virtala")
    with CaptureQueriesContext(connection) as many:
        answer = client.get(url, {"q": "virta", "page": 2})
    assert answer.status_code == 200
    assert len(many) == len(few) <= 15


def test_the_name_search_is_an_index_range_scan_on_postgresql(world: World) -> None:
    """Migration 0004 gives PostgreSQL an index for the very expression the search asks
    (`UPPER(col) LIKE UPPER('word%')`); on SQLite it makes none (SQLite's LIKE uses no index)."""
    names = {"clients_client_last_name_upper_prefix", "clients_client_first_name_upper_prefix"}
    with connection.cursor() as cursor:
        indexes = set(connection.introspection.get_constraints(cursor, Client._meta.db_table))
    if connection.vendor != "postgresql":
        assert not names & indexes
        return
    assert names <= indexes
    sql, params = Client.objects.filter(last_name__istartswith="virt").values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "clients_client_last_name_upper_prefix" in plan
    assert "Index Cond" in plan


def test_a_protected_clients_row_says_protected_and_never_names_the_municipality(
    client: Any, world: World
) -> None:
    place = OrganisationFactory(name="Pikkukylä", kind=OrganisationKind.MUNICIPALITY)
    hidden = ClientFactory(last_name="Salainen", address_protection=True, municipality=place)
    shown = ClientFactory(last_name="Salainenkin", address_protection=False, municipality=place)
    for found in (hidden, shown):
        RelationshipFactory(client=found, team=world.team)
    client.force_login(world.worker)
    html = client.get(SEARCH, {"q": "Salainen"}, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    rows = {name: html[html.index(name) :].split("</tr>")[0] for name in ("Salainen ", "Salainenkin ")}
    assert '<span class="badge">Spärrmarkering</span>' in rows["Salainen "]
    assert "Pikkukylä" not in rows["Salainen "] and "skyddad" in rows["Salainen "]
    assert "Pikkukylä" in rows["Salainenkin "] and "badge" not in rows["Salainenkin "]
