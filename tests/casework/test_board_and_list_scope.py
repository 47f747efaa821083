"""The deadline board and the initiation list read a user's initiations team by team (selectors.py):
they show exactly what `Initiation.objects.visible_to` lets each user see, in the list's order, on every
page; and the board's rows read as before."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import User
from polku.accounts.services import token_create
from polku.casework import selectors
from polku.casework.models import Initiation, InitiationStatus
from polku.casework.selectors import BOARD_LIMITS, OPEN_STATUSES, deadline_board_page, initiation_list
from polku.clients.models import ClientRelationship
from tests.conftest import World
from tests.factories import ClientFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


class _Asking:
    """A request for page `number` of a list."""

    def __init__(self, number: int) -> None:
        self.GET = {"page": str(number)}


def _initiation(team: Any, *, ended: bool = False, **fields: Any) -> Initiation:
    relationship = ClientRelationship.objects.create(
        client=ClientFactory(), team=team, ended_at=timezone.now() if ended else None
    )
    return Initiation.objects.create(
        client=relationship.client,
        team=team,
        relationship=relationship,
        initiator_type="application",
        need="Toimeentulo",
        age_at_initiation=40,
        **fields,
    )


def _county(world: World) -> User:
    """Initiations of three teams in every state the rule tells apart; returns a manager of two teams.
    Due dates repeat across teams and kinds, so the order's later keys decide."""
    third = TeamFactory()
    manager = UserFactory(role="team_manager", teams=[world.team, third])
    today = timezone.localdate()
    now = timezone.now()
    for index in range(12):
        for team in (world.team, world.other_team, third):
            pending = {
                "assessment_start_due": today + timedelta(days=index % 4 - 2),
                "assessment_complete_due": today + timedelta(days=index % 3),
                "service_due": today + timedelta(days=index % 5 - 1),
            }
            met = {
                "assessment_started_at": now if index % 3 == 0 else None,
                "assessment_completed_at": now if index % 4 == 0 else None,
                "service_started_on": today if index % 5 == 0 else None,
            }
            status = [InitiationStatus.NEW, InitiationStatus.IN_PROGRESS, InitiationStatus.CLOSED][index % 3]
            _initiation(team, status=status, initiated_at=now - timedelta(hours=index), **pending, **met)
    due = {"assessment_start_due": today, "service_due": today - timedelta(days=3)}
    # Given to the worker in another team: the worker sees it, the other team's worker too.
    _initiation(world.other_team, assigned_to=world.worker, status=InitiationStatus.IN_PROGRESS, **due)
    # Given to the worker in their own team: once, not twice.
    _initiation(world.team, assigned_to=world.worker, status=InitiationStatus.IN_PROGRESS, **due)
    # Open, but its client relationship has ended: managers see it, workers do not.
    _initiation(world.team, ended=True, status=InitiationStatus.NEW, **due)
    _initiation(world.other_team, ended=True, assigned_to=world.worker, status=InitiationStatus.NEW, **due)
    # Given to a colleague: on the board's worker filter.
    _initiation(world.team, assigned_to=world.counsellor, status=InitiationStatus.IN_PROGRESS, **due)
    # Equal initiation times across teams.
    for team in (world.team, world.other_team, third):
        _initiation(team, status=InitiationStatus.NEW, initiated_at=now - timedelta(days=2), **due)
    return manager


def _board_expected(user: User, *, team_id: Any = None, worker_id: Any = None) -> list[tuple[date, int, Any]]:
    visible = Initiation.objects.visible_to(user).filter(status__in=OPEN_STATUSES)
    if team_id:
        visible = visible.filter(team_id=team_id)
    if worker_id:
        visible = visible.filter(assigned_to_id=worker_id)
    return sorted(
        (getattr(i, due), rank, i.pk)
        for i in visible
        for rank, (_kind, due, done) in enumerate(BOARD_LIMITS)
        if getattr(i, due) is not None and getattr(i, done) is None
    )


def _board_shown(user: User, **filters: Any) -> list[tuple[date, int, Any]]:
    first = deadline_board_page(user=user, view="t", request=_Asking(1), **filters)  # type: ignore[arg-type]
    shown = []
    for number in first.paginator.page_range:
        page = deadline_board_page(user=user, view="t", request=_Asking(number), **filters)  # type: ignore[arg-type]
        assert page.paginator.count == first.paginator.count
        kinds = [kind for kind, _due, _done in BOARD_LIMITS]
        shown += [(row.due, kinds.index(row.kind), row.pk) for row in page.object_list]
    return shown


@pytest.mark.parametrize("team_branches", [8, 1])
def test_the_board_shows_what_each_user_may_see_nearest_first_each_row_once(
    world: World, monkeypatch: pytest.MonkeyPatch, team_branches: int
) -> None:
    monkeypatch.setattr(selectors, "PER_PAGE", 7)
    monkeypatch.setattr(selectors, "TEAM_BRANCHES", team_branches)  # 1: the manager's two teams in one
    manager = _county(world)
    users = [world.worker, world.counsellor, world.advisor, world.other_worker, world.manager, manager]
    for user in users:
        expected = _board_expected(user)
        assert expected, user
        assert _board_shown(user) == expected, user
    for user in (world.provider, world.analyst, world.admin):
        assert _board_shown(user) == []
    for team in (world.team, world.other_team):
        for user in (world.worker, manager):
            assert _board_shown(user, team_id=team.pk) == _board_expected(user, team_id=team.pk)
    for user in (world.worker, manager):
        for worker in (world.worker, world.counsellor):
            shown = _board_shown(user, worker_id=worker.pk)
            assert shown == _board_expected(user, worker_id=worker.pk) and shown
        filters = {"team_id": world.other_team.pk, "worker_id": world.worker.pk}
        assert _board_shown(user, **filters) == _board_expected(user, **filters)


@pytest.mark.parametrize("team_branches", [8, 1])
def test_the_initiation_list_shows_what_each_user_may_see_newest_first_on_every_page(
    world: World, monkeypatch: pytest.MonkeyPatch, team_branches: int
) -> None:
    monkeypatch.setattr(selectors, "TEAM_BRANCHES", team_branches)  # 1: the manager's two teams in one
    manager = _county(world)
    users = [world.worker, world.advisor, world.other_worker, world.manager, manager, world.provider]
    for user in users:
        for status in ("open", None, *InitiationStatus.values):
            visible = Initiation.objects.visible_to(user)
            if status == "open":
                visible = visible.filter(status__in=OPEN_STATUSES)
            elif status:
                visible = visible.filter(status=status)
            expected = list(visible.order_by("-initiated_at", "-pk").values_list("pk", flat=True))
            shown = []
            for offset in range(0, len(expected) + 5, 5):
                part = initiation_list(user=user, view="t", status=status, limit=5, offset=offset)
                assert part.count == len(expected), (user, status)
                shown += [initiation.id for initiation in part.items]
            assert shown == expected, (user, status)


def test_the_board_page_shows_each_rows_due_date_days_kind_and_client(client: Any, world: World) -> None:
    today = timezone.localdate()
    late = _initiation(
        world.team, status=InitiationStatus.NEW, urgent=True, assessment_start_due=today - timedelta(days=3)
    )
    now = _initiation(
        world.team, status=InitiationStatus.IN_PROGRESS, assigned_to=world.worker, service_due=today
    )
    soon = _initiation(
        world.team, status=InitiationStatus.NEW, assessment_complete_due=today + timedelta(days=4)
    )
    client.force_login(world.worker)
    client.get(reverse("casework:deadlines"))
    with CaptureQueriesContext(connection) as few:
        page = client.get(reverse("casework:deadlines")).content.decode()
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr")[1:]
    assert len(rows) == 3
    late_due = today - timedelta(days=3)
    assert 'class="overdue"' in rows[0] and f"{late_due.day}.{late_due.month}.{late_due.year}" in rows[0]
    assert "3 päivää myöhässä" in rows[0] and "Kiireellinen" in rows[0]
    assert reverse("clients:detail", kwargs={"client_id": late.client_id}) in rows[0]
    assert f"{late.client.last_name} {late.client.first_name}" in rows[0]
    assert "tänään" in rows[1] and str(world.worker) in rows[1] and now.team.name in rows[1]
    assert "overdue" not in rows[2] and "<td>4</td>" in rows[2]
    assert reverse("clients:detail", kwargs={"client_id": soon.client_id}) in rows[2]
    for worker in (world.worker, world.counsellor, world.worker, world.counsellor):
        _initiation(world.team, status=InitiationStatus.IN_PROGRESS, assigned_to=worker, service_due=today)
    with CaptureQueriesContext(connection) as more:
        assert client.get(reverse("casework:deadlines")).content.decode().count(str(world.counsellor)) >= 2
    assert len(more) == len(few)


def test_the_initiations_api_runs_the_same_queries_for_3_or_30_initiations_handled_or_not(
    client: Any, world: World
) -> None:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.worker)}"}

    def add(count: int) -> None:
        for index in range(count):
            worker = (None, world.worker, world.counsellor)[index % 3]
            _initiation(world.team, status=InitiationStatus.IN_PROGRESS, assigned_to=worker)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            body = client.get("/api/v1/initiations?status=open", **headers).json()
        assert {item["assigned_to"] for item in body["items"]} == {
            None,
            world.worker.username,
            world.counsellor.username,
        }
        return len(captured)

    add(3)
    queries()  # the token's first use writes it once
    few = queries()
    add(27)
    assert queries() == few
