"""The work list (polku/workday/worklist.py): per role, overdue first, only what the user may see; the
home page and GET /api/v1/me/work list the same items; the page costs the same queries with few or many.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from polku.audit.models import UseLogEntry
from polku.casework.models import Initiation, InitiationStatus
from polku.clients.models import Client, ClientRelationship
from polku.plans.models import ClientPlan, PlanVersion
from polku.provision.models import Group, Session
from polku.workday.worklist import work_for
from tests.conftest import World
from tests.factories import ClientFactory, provider_of

pytestmark = pytest.mark.django_db


def _initiation(world: World, client: Client, *, team=None, assigned=None, start_in=3, complete_in=90, **kw):  # type: ignore[no-untyped-def]
    team = team or world.team
    relationship = client.relationships.get()
    today = timezone.localdate()
    return Initiation.objects.create(
        client=client,
        team=team,
        relationship=relationship,
        initiator_type="application",
        need="Toimeentulo",
        age_at_initiation=40,
        status=InitiationStatus.IN_PROGRESS if assigned else InitiationStatus.NEW,
        assigned_to=assigned,
        assessment_start_due=today + timedelta(days=start_in),
        assessment_complete_due=today + timedelta(days=complete_in),
        **kw,
    )


def _client_of(world: World, team=None) -> Client:  # type: ignore[no-untyped-def]
    client = ClientFactory()
    ClientRelationship.objects.create(client=client, team=team or world.team)
    return client


def _rows(sections, key):  # type: ignore[no-untyped-def]
    return next(s for s in sections if s.key == key).rows


def test_worker_sees_due_and_overdue_initiations_overdue_first(world: World) -> None:
    late = _client_of(world)
    _initiation(world, world.client, assigned=world.worker, start_in=3)
    _initiation(world, late, assigned=world.worker, start_in=-2)
    rows = _rows(work_for(world.worker, view="t"), "my_initiations")
    assert [r.client_id for r in rows] == [late.pk, world.client.pk]
    assert rows[0].overdue and not rows[1].overdue
    assert rows[0].url == reverse("casework:case", args=[late.pk])


def test_untaken_initiations_of_my_team_only(world: World) -> None:
    _initiation(world, world.client)
    _initiation(world, world.other_client, team=world.other_team)
    rows = _rows(work_for(world.worker, view="t"), "untaken")
    assert [r.client_id for r in rows] == [world.client.pk]
    other = _rows(work_for(world.other_worker, view="t"), "untaken")
    assert [r.client_id for r in other] == [world.other_client.pk]


def test_plan_review_tomorrow_from_the_newest_version(world: World) -> None:
    """A worker's own clients' plans (she is their personal worker); the other team's worker sees none."""
    world.client.relationships.update(personal_worker=world.worker)
    plan = ClientPlan.objects.create(client=world.client)
    tomorrow = timezone.localdate() + timedelta(days=1)
    for number, review in ((1, timezone.localdate() - timedelta(days=30)), (2, tomorrow)):
        PlanVersion.objects.create(
            plan=plan,
            number=number,
            created_by=world.worker,
            client_view_of_need="x",
            professional_view_of_need="y",
            meeting_frequency="kuukausittain",
            review_date=review,
        )
    rows = _rows(work_for(world.worker, view="t"), "plan_reviews")
    assert [(r.client_id, r.due, r.overdue) for r in rows] == [(world.client.pk, tomorrow, False)]
    assert _rows(work_for(world.other_worker, view="t"), "plan_reviews") == []


def test_service_not_started_within_three_months(world: World) -> None:
    _initiation(
        world, world.client, assigned=world.worker, service_due=timezone.localdate() - timedelta(days=1)
    )
    rows = _rows(work_for(world.worker, view="t"), "services_to_start")
    assert rows[0].overdue and rows[0].url == reverse("decisions:client", args=[world.client.pk])


def test_services_to_start_are_mine_and_my_teams_untaken_ones_of_open_initiations(world: World) -> None:
    due = timezone.localdate() + timedelta(days=3)
    clients = [_client_of(world) for _ in range(4)]
    mine = _initiation(world, clients[0], assigned=world.worker, service_due=due)
    untaken = _initiation(world, clients[1], service_due=due)
    _initiation(world, clients[2], assigned=world.counsellor, service_due=due)  # a colleague's
    closed = _initiation(world, clients[3], assigned=world.worker, service_due=due)
    Initiation.objects.filter(pk=closed.pk).update(status=InitiationStatus.CLOSED)  # not on the board either
    section = next(s for s in work_for(world.worker, view="t") if s.key == "services_to_start")
    assert {row.client_id for row in section.rows} == {mine.client_id, untaken.client_id}
    assert section.total == 2
    manager = next(s for s in work_for(world.manager, view="t") if s.key == "services_to_start")
    assert manager.total == 3  # the team's open ones, whoever has them


def test_provider_sessions_today_and_attendance_not_marked(world: World) -> None:
    provider = provider_of(world.provider)
    group = Group.objects.create(provider=provider, name="Tiistairyhmä")
    today = timezone.localdate()
    Session.objects.create(group=group, date=today)
    Session.objects.create(group=group, date=today - timedelta(days=2))
    rows = _rows(work_for(world.provider, view="t"), "sessions")
    assert [(r.kind, r.overdue) for r in rows] == [("attendance", True), ("session", False)]
    assert all(r.url == reverse("services:group", args=[group.pk]) for r in rows)


def test_work_list_logs_clients_shown_in_one_statement(world: World) -> None:
    _initiation(world, world.client, assigned=world.worker)
    before = UseLogEntry.objects.count()
    work_for(world.worker, view="workday:home")
    assert UseLogEntry.objects.count() == before + 1


def test_page_and_api_list_the_same_items(world: World) -> None:
    _initiation(world, world.client, assigned=world.worker, start_in=-1)
    http = HttpClient()
    http.force_login(world.worker)
    page = http.get(reverse("workday:home"))
    assert page.status_code == 200
    api = http.get("/api/v1/me/work").json()
    api_urls = [row["url"] for s in api["sections"] for row in s["rows"]]
    assert api_urls
    html = page.content.decode()
    for section in api["sections"]:
        if section["total"]:  # a kind of work with nothing waiting is only named in the page's short list
            assert escape(section["title"]) in html
        for row in section["rows"]:
            assert f'href="{row["url"]}"' in html
    assert html.count('class="work-row') == len(api_urls)


@pytest.mark.parametrize("role", ["worker", "manager", "advisor", "provider", "analyst"])
def test_home_costs_the_same_queries_with_few_or_many_items(world: World, role: str) -> None:
    user = getattr(world, role)
    if role == "provider":
        provider_of(user)
    http = HttpClient()
    http.force_login(user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert http.get(reverse("workday:home")).status_code == 200
        # Without REDIS_URL (as here) sessions are in the database; a county keeps them in Redis.
        return sum(1 for query in queries if "django_session" not in query["sql"])

    def add(n: int) -> None:
        for _ in range(n):
            client = _client_of(world)
            _initiation(world, client, assigned=world.worker, start_in=-1, service_due=timezone.localdate())
        if role == "provider":
            for index in range(n):
                group = Group.objects.create(provider=user.organisation, name=f"Ryhmä {index}")
                Session.objects.create(group=group, date=timezone.localdate())

    # Each section reads its first rows and their total in one query, so more work costs no more queries
    # (a key page: at most 15).
    empty = count()
    add(12)
    many = count()
    add(25)
    assert many == count() <= 15
    assert empty in (many, many - 1)  # a list naming no client writes no use-log row


def test_a_decision_not_notified(world: World) -> None:
    from tests.factories import referred_by_decision

    provider = provider_of(world.provider)
    referred_by_decision(worker=world.worker, client=world.client, provider=provider)
    rows = _rows(work_for(world.worker, view="t"), "decisions")
    assert [(r.kind, r.client_id) for r in rows] == [("decision_notify", world.client.pk)]
    assert _rows(work_for(world.other_worker, view="t"), "decisions") == []


def test_the_navigation_shows_the_count(world: World) -> None:
    _initiation(world, world.client, assigned=world.worker, start_in=-1)
    http = HttpClient()
    http.force_login(world.worker)
    assert 'class="nav-count"' in http.get(reverse("workday:home")).content.decode()
