"""Who sees which client: `Client.objects.visible_to(user)` and the pages built on it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import Organisation, OrganisationKind
from polku.audit.models import UseLogEntry
from polku.clients.models import Client
from polku.clients.selectors import client_search
from tests.conftest import World
from tests.factories import ClientFactory, RelationshipFactory, TeamFactory

pytestmark = pytest.mark.django_db


def visible(user: Any) -> set[Client]:
    return set(Client.objects.visible_to(user))


@pytest.mark.parametrize("role", ["advisor", "counsellor", "worker", "manager"])
def test_team_members_see_their_teams_clients_and_no_one_elses(world: World, role: str) -> None:
    assert visible(getattr(world, role)) == {world.client}


@pytest.mark.parametrize("role", ["provider", "authority", "analyst", "admin"])
def test_roles_without_client_work_see_no_clients(world: World, role: str) -> None:
    assert visible(getattr(world, role)) == set()


def test_a_worker_sees_a_client_of_another_team_only_while_personal_worker(world: World) -> None:
    relationship = world.other_client.relationships.get()
    relationship.personal_worker = world.worker
    relationship.save()
    assert world.other_client in visible(world.worker)

    relationship.ended_at = timezone.now()
    relationship.save()
    assert world.other_client not in visible(world.worker)


def test_an_ended_relationship_hides_the_client_from_workers_but_not_from_the_manager(world: World) -> None:
    world.client.relationships.update(ended_at=timezone.now())
    assert world.client not in visible(world.worker)
    assert world.client not in visible(world.advisor)
    assert world.client in visible(world.manager)


def test_a_new_relationship_after_an_ended_one_shows_the_client_again(world: World) -> None:
    world.client.relationships.update(ended_at=timezone.now())
    RelationshipFactory(client=world.client, team=world.team)
    assert world.client in visible(world.worker)


def test_a_client_with_two_relationships_appears_once(world: World) -> None:
    RelationshipFactory(client=world.client, team=world.other_team)
    world.other_worker.teams.add(world.team)
    assert list(Client.objects.visible_to(world.other_worker)).count(world.client) == 1


def test_an_inactive_or_anonymous_user_sees_no_one(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    world.worker.is_active = False
    assert visible(world.worker) == set()
    assert visible(AnonymousUser()) == set()


def test_search_finds_by_full_henkilotunnus_in_any_letter_case(world: World) -> None:
    found = client_search(user=world.worker, query=f"  {world.client.hetu.lower()} ", view="test").items
    assert found == [world.client]


def test_search_by_name_needs_every_word_to_match_a_name(world: World) -> None:
    namesake = ClientFactory(first_name="Aino", last_name=world.client.last_name)
    RelationshipFactory(client=namesake, team=world.team)
    both = client_search(user=world.worker, query=world.client.last_name[:4].lower(), view="test").items
    assert set(both) == {world.client, namesake}
    only_aino = client_search(user=world.worker, query=f"ain {world.client.last_name}", view="test").items
    assert only_aino == [namesake]


def test_search_never_returns_clients_the_user_may_not_see(world: World) -> None:
    assert client_search(user=world.other_worker, query=world.client.hetu, view="test").items == []
    assert client_search(user=world.other_worker, query=world.client.last_name, view="test").items == []
    assert client_search(user=world.analyst, query=world.client.last_name, view="test").items == []


def test_search_writes_one_use_log_row_per_client_shown(world: World) -> None:
    namesake = ClientFactory(last_name=world.client.last_name)
    RelationshipFactory(client=namesake, team=world.team)
    client_search(user=world.worker, query=world.client.last_name, view="clients:search")
    rows = UseLogEntry.objects.filter(view="clients:search")
    assert {row.client_id for row in rows} == {world.client.pk, namesake.pk}


def test_a_malformed_or_invalid_henkilotunnus_finds_nothing_and_logs_nothing(world: World) -> None:
    wrong_check = world.client.hetu[:-1] + ("A" if world.client.hetu[-1] != "A" else "B")
    assert client_search(user=world.worker, query=wrong_check, view="test").items == []
    assert not UseLogEntry.objects.exists()


def test_the_manager_reads_for_supervision(client: Any, world: World) -> None:
    client.force_login(world.manager)
    client.get(reverse("clients:detail", kwargs={"client_id": world.client.pk}))
    assert UseLogEntry.objects.get(client_id=world.client.pk).purpose == "supervision"


@pytest.mark.parametrize("role", ["other_worker", "provider", "authority", "analyst", "admin"])
def test_client_page_and_api_answer_404_to_those_who_may_not_see(
    client: Any, world: World, role: str
) -> None:
    client.force_login(getattr(world, role))
    page = client.get(reverse("clients:detail", kwargs={"client_id": world.client.pk}))
    api = client.get(reverse("api:client_detail", kwargs={"client_id": world.client.pk}))
    assert page.status_code == 404
    assert api.status_code == 404
    assert world.client.last_name not in page.content.decode() + api.content.decode()


def test_address_protection_hides_contact_details_on_the_client_page(client: Any, world: World) -> None:
    Client.objects.filter(pk=world.client.pk).update(address_protection=True)
    client.force_login(world.worker)
    body = client.get(reverse("clients:detail", kwargs={"client_id": world.client.pk})).content.decode()
    for value in (world.client.phone, world.client.email, world.client.street_address):
        assert value not in body
    assert world.client.last_name in body


def test_address_protection_hides_the_municipality_of_residence_too(client: Any, world: World) -> None:
    municipality = Organisation.objects.create(name="Ylikorpijärvi", kind=OrganisationKind.MUNICIPALITY)
    Client.objects.filter(pk=world.client.pk).update(municipality=municipality, address_protection=True)
    client.force_login(world.worker)
    urls = [
        reverse("clients:detail", kwargs={"client_id": world.client.pk}),
        reverse("clients:edit", kwargs={"client_id": world.client.pk}),
        reverse("clients:search") + f"?q={world.client.last_name}",
        reverse("api:client_detail", kwargs={"client_id": world.client.pk}),
    ]
    for url in urls:
        assert "Ylikorpijärvi" not in client.get(url).content.decode(), url
    assert client.get(urls[-1]).json()["municipality"] is None
    # Saving the basic data leaves the hidden municipality as it was.
    data = {"first_name": "Uusi", "last_name": world.client.last_name, "language": "fi", "gender": "unknown"}
    data |= {"labour_market_status": "unknown", "address_protection": "on", "version": world.client.version}
    assert client.post(urls[1], data).status_code == 302
    world.client.refresh_from_db()
    assert world.client.first_name == "Uusi"
    assert world.client.municipality == municipality


def _queries_for(client: Any, url: str, params: dict[str, str] | None = None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def test_search_and_client_page_run_the_same_number_of_queries_whatever_the_data_size(
    client: Any, world: World
) -> None:
    client.force_login(world.worker)
    search = reverse("clients:search")
    detail = reverse("clients:detail", kwargs={"client_id": world.client.pk})
    few_search = _queries_for(client, search, {"q": world.client.last_name})
    few_detail = _queries_for(client, detail)
    for _ in range(25):
        RelationshipFactory(client=ClientFactory(last_name=world.client.last_name), team=world.team)
    for _ in range(5):
        RelationshipFactory(client=world.client, team=TeamFactory())
    assert _queries_for(client, search, {"q": world.client.last_name}) == few_search
    assert _queries_for(client, detail) == few_detail
