"""The casework lists are paged in a stable order, cost the same number of queries with 3 rows or 60, and
log one use-log row per client shown on the page, in one statement."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from polku.accounts.services import token_create
from polku.audit.models import UseLogEntry
from polku.casework.models import Initiation, InitiationStatus, JournalEntry, JournalKind
from polku.casework.selectors import deadline_board_page
from polku.clients.models import Client, ClientRelationship
from polku.core.collation import name_key
from polku.core.pagination import PER_PAGE
from tests.conftest import World
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def _clients(world: World, count: int) -> list[Client]:
    """`count` clients of the team with the worker as personal worker, each with an open initiation that
    has a start, a completion and a service limit pending, and journal entries of the world's client."""
    clients = [ClientFactory(last_name=f"Asiakas{index % 7}") for index in range(count)]
    relationships = ClientRelationship.objects.bulk_create(
        ClientRelationship(client=c, team=world.team, personal_worker=world.worker) for c in clients
    )
    today = timezone.localdate()
    now = timezone.now()
    Initiation.objects.bulk_create(
        Initiation(
            client=r.client,
            team=world.team,
            relationship=r,
            initiator_type="application",
            need="Toimeentulo",
            age_at_initiation=40,
            status=InitiationStatus.NEW,
            urgent=index % 3 == 0,
            initiated_at=now - timedelta(days=index),
            assessment_start_due=today + timedelta(days=index % 5 - 2),
            assessment_complete_due=today + timedelta(days=index % 5),
            service_due=today + timedelta(days=index % 4),
        )
        for index, r in enumerate(relationships)
    )
    JournalEntry.objects.bulk_create(
        JournalEntry(client=world.client, kind=JournalKind.NOTE, author=world.worker, summary=f"Merkintä {i}")
        for i in range(count)
    )
    world_relationship = world.client.relationships.get()
    Initiation.objects.bulk_create(
        Initiation(
            client=world.client,
            team=world.team,
            relationship=world_relationship,
            initiator_type="application",
            need=f"Tarve {i}",
            age_at_initiation=40,
            status=InitiationStatus.CLOSED,
            initiated_at=now - timedelta(days=i),
        )
        for i in range(count)
    )
    return clients


def _urls(world: World) -> list[str]:
    return [
        reverse("casework:caseload"),
        reverse("casework:queue"),
        reverse("casework:deadlines"),
        reverse("casework:timeline", kwargs={"client_id": world.client.pk}),
        reverse("casework:case", kwargs={"client_id": world.client.pk}),
        reverse("clients:detail", kwargs={"client_id": world.client.pk}),
        reverse("clients:search") + "?q=Asiakas",
        "/api/v1/initiations?status=open",
        f"/api/v1/clients/{world.client.pk}",
        "/api/v1/clients/?q=Asiakas",
    ]


def _counts(client: Any, world: World, headers: dict[str, str]) -> list[int]:
    result = []
    for url in _urls(world):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, **(headers if url.startswith("/api/") else {}))
            assert response.status_code == 200, url
        result.append(len(captured))
    return result


def test_each_list_runs_the_same_few_queries_with_3_rows_or_60(client: Any, world: World) -> None:
    client.force_login(world.worker)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.worker)}"}
    _clients(world, 3)
    _counts(client, world, headers)  # the first use of a token and a session writes them once
    few = _counts(client, world, headers)
    _clients(world, 57)
    many = _counts(client, world, headers)
    assert many == few
    assert max(many) <= MAX_QUERIES, dict(zip(_urls(world), many, strict=True))


def test_the_caseload_shows_a_page_and_logs_its_clients_in_one_insert(client: Any, world: World) -> None:
    clients = _clients(world, PER_PAGE + 5)
    client.force_login(world.worker)
    before = UseLogEntry.objects.count()
    with CaptureQueriesContext(connection) as captured:
        first = client.get(reverse("casework:caseload"))
    inserts = [q for q in captured.captured_queries if q["sql"].startswith('INSERT INTO "audit_uselogentry"')]
    assert len(inserts) == 1
    shown = [r.client_id for r in first.context["page"].object_list]
    assert len(shown) == PER_PAGE
    assert UseLogEntry.objects.count() - before == PER_PAGE
    logged = set(UseLogEntry.objects.filter(view="casework:caseload").values_list("client_id", flat=True))
    assert logged == set(shown)
    second = client.get(reverse("casework:caseload") + "?page=2")
    rest = [r.client_id for r in second.context["page"].object_list]
    assert len(rest) == 5 and not set(rest) & set(shown)
    assert set(shown) | set(rest) == {c.pk for c in clients}
    by_name = sorted(clients, key=lambda c: (name_key(c.last_name), name_key(c.first_name), c.pk))
    assert [*shown, *rest] == [c.pk for c in by_name]
    assert [r.name for r in first.context["page"].object_list][:2] == [
        f"{c.last_name} {c.first_name}" for c in by_name[:2]
    ]
    assert f'href="{reverse("casework:case", kwargs={"client_id": shown[0]})}"' in first.content.decode()
    assert "?page=2" in first.content.decode()


def test_the_deadline_board_pages_the_three_kinds_in_due_order_each_row_once(world: World) -> None:
    _clients(world, 30)  # 30 initiations, each with three limits pending: 90 rows
    rows = []
    for number in (1, 2):
        request = type("R", (), {"GET": {"page": str(number)}})()
        page = deadline_board_page(user=world.manager, view="t", request=request)  # type: ignore[arg-type]
        assert page.paginator.count == 90
        rows += list(page)
    assert len(rows) == 90
    keys = [(row.due, ["start", "complete", "service"].index(row.kind), row.pk) for row in rows]
    assert keys == sorted(keys) and len(set(keys)) == 90
    assert {row.kind for row in rows} == {"start", "complete", "service"}


def test_the_initiations_api_pages_with_limit_and_offset(client: Any, world: World) -> None:
    _clients(world, 7)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.worker)}"}
    seen = []
    for offset in (0, 3, 6):
        body = client.get(f"/api/v1/initiations?status=open&limit=3&offset={offset}", **headers).json()
        assert (body["count"], body["limit"], body["offset"]) == (7, 3, offset)
        seen += [item["id"] for item in body["items"]]
    assert len(seen) == len(set(seen)) == 7
    initiated = [Initiation.objects.get(pk=pk).initiated_at for pk in seen]
    assert initiated == sorted(initiated, reverse=True)
    for bad in ("limit=0", "limit=201", "offset=-1", "limit=x"):
        answer = client.get(f"/api/v1/initiations?{bad}", **headers)
        assert answer.status_code == 400, bad
        assert bad.split("=")[0] in answer.json()["errors"]


def test_the_client_process_page_shows_the_latest_initiations_and_says_where_the_rest_are(
    client: Any, world: World
) -> None:
    _clients(world, 40)
    client.force_login(world.worker)
    response = client.get(reverse("casework:case", kwargs={"client_id": world.client.pk}))
    shown = response.context["case"].initiations
    assert len(shown) == 30 and response.context["case"].more_initiations
    assert [i.initiated_at for i in shown] == sorted((i.initiated_at for i in shown), reverse=True)
    assert reverse("casework:timeline", kwargs={"client_id": world.client.pk}) in response.content.decode()


def test_the_worker_lists_each_read_their_page_in_one_query(client: Any, world: World) -> None:
    """The caseload, the name search and the API's initiation list read a page, its rows' details and the
    list's length in one query, the deadline board so too (besides the filter's teams and workers, the
    log extract requests and the undecided social assistance applications, one query each): with the
    session, the signed-in user and the use-log INSERT, these are all their queries."""
    client.force_login(world.worker)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.worker)}"}
    _clients(world, 60)
    expected = {
        reverse("casework:caseload"): 4,
        reverse("clients:search") + "?q=Asiakas": 4,
        reverse("casework:deadlines"): 8,
    }
    for url, queries in expected.items():
        client.get(url)  # the session's first use is written once
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        assert len(captured) == queries, (url, [q["sql"][:80] for q in captured.captured_queries])
    client.get("/api/v1/initiations?status=open", **headers)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/initiations?status=open", **headers).status_code == 200
    read = [q for q in captured.captured_queries if "casework_initiation" in q["sql"]]
    assert len(read) == 1 and len(captured) == 6, [q["sql"][:80] for q in captured.captured_queries]
