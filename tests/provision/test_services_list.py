"""The services page, `GET /api/v1/episodes` and the provider's home at a provider's size: a provider may run
thousands of services and keep thousands of groups over the years, so the lists come a page at a time, in a
fixed number of queries, and only the clients shown are written in the use log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from polku.audit.models import UseLogEntry
from polku.provision.models import Group, ServiceEpisode
from polku.provision.services import GoalIn, implementation_plan_save
from polku.workday.worklist import work_for
from tests.conftest import World
from tests.factories import ClientFactory, provider_of

pytestmark = pytest.mark.django_db


def running(world: World, count: int, *, after: int = 0) -> list[ServiceEpisode]:
    """`count` running services of the provider worker's organisation, the client of each named Asiakas-000…
    in the order of the list: the latest started first (Asiakas-000 started yesterday, -001 the day before),
    and one more that ended yesterday, which no list shows."""
    provider = world.provider.organisation or provider_of(world.provider)
    today = timezone.localdate()
    ServiceEpisode.objects.create(
        client=ClientFactory(last_name="Päättynyt"), kind="social_rehabilitation", provider=provider,
        start_date=today - timedelta(days=400), status="ended", ended_on=today - timedelta(days=1),
    )  # fmt: skip
    return [
        ServiceEpisode.objects.create(
            client=ClientFactory(last_name=f"Asiakas-{after + n:03}", first_name="Testi"),
            kind="social_rehabilitation",
            provider=provider,
            start_date=today - timedelta(days=1 + after + n),
        )
        for n in range(count)
    ]


def groups(world: World, count: int) -> None:
    for n in range(count):
        Group.objects.create(provider=world.provider.organisation, name=f"Ryhmä {n:03}")


def names(html: str, prefix: str, count: int) -> list[str]:
    return [f"{prefix}{n:03}" for n in range(count) if f"{prefix}{n:03}" in html]


def test_the_services_page_shows_fifty_services_and_groups_a_page_each_with_their_own_links(
    client: Any, world: World
) -> None:
    running(world, 55)
    groups(world, 53)
    client.force_login(world.provider)
    first = client.get(reverse("services:home")).content.decode()
    assert names(first, "Asiakas-", 55) == [f"Asiakas-{n:03}" for n in range(50)]
    assert "Päättynyt" not in first
    assert names(first, "Ryhmä ", 53) == [f"Ryhmä {n:03}" for n in range(50)]
    assert "Rivit 1–50 / 55 (sivu 1 / 2)" in first and "Rivit 1–50 / 53 (sivu 1 / 2)" in first
    # Each list's next page keeps the other list where it was.
    assert 'href="?page=2"' in first and 'href="?groups=2"' in first
    both = client.get(reverse("services:home") + "?groups=2&page=2").content.decode()
    assert names(both, "Asiakas-", 55) == [f"Asiakas-{n:03}" for n in range(50, 55)]
    assert names(both, "Ryhmä ", 53) == [f"Ryhmä {n:03}" for n in range(50, 53)]
    assert 'href="?groups=2&amp;page=1"' in both and 'href="?groups=1&amp;page=2"' in both


def test_the_services_page_logs_only_the_clients_shown_in_as_many_queries_at_any_size(
    client: Any, world: World
) -> None:
    def visit() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("services:home")).status_code == 200
        return len(queries)

    shown = running(world, 3)
    groups(world, 2)
    client.force_login(world.provider)
    few = visit()
    shown += running(world, 60, after=3)
    groups(world, 60)
    before = set(UseLogEntry.objects.values_list("pk", flat=True))  # the log is append-only
    assert visit() == few
    logged = set(UseLogEntry.objects.exclude(pk__in=before).values_list("client_id", flat=True))
    assert logged == {e.client_id for e in shown[:50]}


def test_the_api_lists_services_a_part_at_a_time_and_refuses_a_bad_part(client: Any, world: World) -> None:
    episodes = running(world, 7)
    client.force_login(world.provider)
    part = client.get("/api/v1/episodes?limit=3&offset=5").json()
    assert (part["count"], part["limit"], part["offset"]) == (7, 3, 5)
    assert [e["id"] for e in part["items"]] == [str(e.pk) for e in episodes[5:]]
    for bad in ("limit=0", "limit=201", "offset=-1", "limit=x", "offset=99999999999"):
        answer = client.get(f"/api/v1/episodes?{bad}")
        assert answer.status_code == 400, bad


def test_the_api_reads_a_part_of_services_with_their_plans_in_as_many_queries_at_any_size(
    client: Any, world: World
) -> None:
    def listed() -> tuple[int, list[dict[str, Any]]]:
        with CaptureQueriesContext(connection) as queries:
            items = client.get("/api/v1/episodes").json()["items"]
        return len(queries), items

    def planned(episodes: list[ServiceEpisode]) -> None:
        for episode in episodes:
            goals = [GoalIn("Päivärytmi"), GoalIn("Laskut")]
            implementation_plan_save(actor=world.provider, episode=episode, goals=goals, schedule="ti")

    client.force_login(world.provider)
    planned(running(world, 2))
    few, items = listed()
    assert [g["text"] for g in items[0]["goals"]] == ["Päivärytmi", "Laskut"]
    planned(running(world, 20, after=2))
    many, items = listed()
    assert many == few and len(items) == 22
    assert all([g["text"] for g in item["goals"]] == ["Päivärytmi", "Laskut"] for item in items)


def test_the_provider_home_shows_the_latest_started_services_and_counts_every_running_one(
    world: World,
) -> None:
    running(world, 14)
    section = next(s for s in work_for(world.provider, view="t") if s.key == "running_services")
    # The first ten the latest started first, as the services page lists them; the one ended yesterday is
    # neither shown nor counted.
    assert [row.client_name for row in section.rows] == [f"Asiakas-{n:03} Testi" for n in range(10)]
    assert section.total == 14
    assert section.more_url == reverse("services:home")
