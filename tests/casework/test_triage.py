"""The team queue: take, assign, mark urgent, close; the deadline board and the timeline."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from polku.casework.models import Initiation, InitiationStatus, JournalEntry
from polku.casework.selectors import deadline_board, team_queue
from polku.casework.services import (
    initiation_assign,
    initiation_close,
    initiation_create,
    initiation_set_urgent,
    initiation_take,
    relationship_end,
)
from polku.clients.hetu import make_hetu
from polku.clients.models import Client
from polku.core.pagination import PER_PAGE
from tests.conftest import World
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def new_initiation(world: World, client: Client | None = None, **extra: Any) -> Initiation:
    data: dict[str, Any] = {
        "actor": world.advisor,
        "client": client or world.client,
        "team": world.team,
        "initiator_type": "application",
        "need": "Toimeentulo ja asuminen",
    }
    return initiation_create(**(data | extra))


def test_a_worker_takes_an_initiation_and_it_leaves_the_queue(world: World) -> None:
    initiation = new_initiation(world)
    assert [row.pk for row in team_queue(user=world.worker, team_id=world.team.pk, view="t")] == [
        initiation.pk
    ]
    initiation_take(actor=world.worker, initiation=initiation)
    initiation.refresh_from_db()
    assert (initiation.status, initiation.assigned_to) == (InitiationStatus.IN_PROGRESS, world.worker)
    assert team_queue(user=world.worker, team_id=world.team.pk, view="t") == []
    assert JournalEntry.objects.filter(initiation=initiation, kind="taken").exists()


def test_of_two_workers_taking_the_same_initiation_the_second_is_told_who_won(world: World) -> None:
    initiation = new_initiation(world)
    seen_by_counsellor = Initiation.objects.get(pk=initiation.pk)
    initiation_take(actor=world.worker, initiation=initiation)
    with pytest.raises(ValidationError) as refused:
        initiation_take(actor=world.counsellor, initiation=seen_by_counsellor)
    assert world.worker.get_full_name() in refused.value.messages[0]
    assert Initiation.objects.get(pk=initiation.pk).assigned_to == world.worker


def test_the_second_taker_in_the_browser_gets_a_message_not_an_error_page(client: Any, world: World) -> None:
    initiation = new_initiation(world)
    initiation_take(actor=world.worker, initiation=initiation)
    client.force_login(world.counsellor)
    response = client.post(
        reverse("casework:take", kwargs={"initiation_id": initiation.pk}), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert world.worker.get_full_name() in response.content.decode()
    assert Initiation.objects.get(pk=initiation.pk).assigned_to == world.worker


def test_a_manager_assigns_to_a_worker_of_the_team_only(world: World) -> None:
    initiation = new_initiation(world)
    with pytest.raises(ValidationError):
        initiation_assign(actor=world.manager, initiation=initiation, worker=world.other_worker)
    with pytest.raises(ValidationError):
        initiation_assign(actor=world.manager, initiation=initiation, worker=world.manager)
    initiation_assign(actor=world.manager, initiation=initiation, worker=world.counsellor)
    assert Initiation.objects.get(pk=initiation.pk).assigned_to == world.counsellor


def test_a_manager_cannot_take_and_outsiders_cannot_touch_the_queue(world: World) -> None:
    initiation = new_initiation(world)
    with pytest.raises(PermissionDenied):
        initiation_take(actor=world.manager, initiation=initiation)
    for outsider in (world.other_worker, world.analyst, world.provider):
        with pytest.raises(PermissionDenied):
            initiation_close(actor=outsider, initiation=initiation, reason="x")
    assert Initiation.objects.get(pk=initiation.pk).status == InitiationStatus.NEW


def test_marking_urgent_makes_the_assessment_due_today_and_unmarking_restores_the_rule(world: World) -> None:
    initiation = new_initiation(world)
    assert initiation.assessment_start_due is None
    initiation_set_urgent(actor=world.advisor, initiation=initiation, urgent=True)
    assert Initiation.objects.get(pk=initiation.pk).assessment_start_due == timezone.localdate()
    initiation_set_urgent(actor=world.advisor, initiation=initiation, urgent=False)
    assert Initiation.objects.get(pk=initiation.pk).assessment_start_due is None


def test_closing_needs_a_reason_and_a_closed_initiation_stays_closed(world: World) -> None:
    initiation = new_initiation(world)
    with pytest.raises(ValidationError):
        initiation_close(actor=world.advisor, initiation=initiation, reason="  ")
    initiation_close(actor=world.advisor, initiation=initiation, reason="Ohjattu Kelan palveluun")
    closed = Initiation.objects.get(pk=initiation.pk)
    assert (closed.status, closed.close_reason) == (InitiationStatus.CLOSED, "Ohjattu Kelan palveluun")
    with pytest.raises(ValidationError):
        initiation_take(actor=world.worker, initiation=closed)
    with pytest.raises(ValidationError):
        initiation_set_urgent(actor=world.worker, initiation=closed, urgent=True)


def test_ending_the_relationship_closes_its_initiations_and_a_later_one_opens_a_new_relationship(
    world: World,
) -> None:
    initiation = new_initiation(world)
    relationship = initiation.relationship
    with pytest.raises(ValidationError):
        relationship_end(actor=world.worker, relationship=relationship, reason="")
    relationship_end(actor=world.worker, relationship=relationship, reason="Ei enää sosiaalihuollon tarvetta")
    assert Initiation.objects.get(pk=initiation.pk).status == InitiationStatus.CLOSED
    later = new_initiation(world)
    assert later.relationship != relationship
    assert later.relationship.is_open
    assert world.client in Client.objects.visible_to(world.worker)


def test_the_queue_puts_urgent_first_then_the_nearest_due_date_then_the_oldest(world: World) -> None:
    helsinki = ZoneInfo("Europe/Helsinki")
    old_person = ClientFactory(hetu=make_hetu(date(1940, 5, 5), 977))
    plain = new_initiation(world, initiated_at=timezone.now() - timedelta(days=3))
    statutory = new_initiation(
        world, client=old_person, initiated_at=datetime(2026, 1, 5, 9, tzinfo=helsinki)
    )
    urgent = new_initiation(world, client=ClientFactory(), urgent=True)
    queue = team_queue(user=world.worker, team_id=world.team.pk, view="t")
    assert [row.pk for row in queue] == [urgent.pk, statutory.pk, plain.pk]


def test_the_board_shows_overdue_first_with_days_left_and_filters_by_worker(world: World) -> None:
    old_person = ClientFactory(hetu=make_hetu(date(1940, 5, 5), 978))
    overdue = new_initiation(world, client=old_person, initiated_at=timezone.now() - timedelta(days=30))
    today = new_initiation(world, client=ClientFactory(), urgent=True)
    new_initiation(world, client=ClientFactory())  # no time limit: not on the board
    rows = deadline_board(user=world.manager, view="t")
    assert [row.pk for row in rows] == [overdue.pk, today.pk]
    assert rows[0].overdue and rows[0].days_left < 0
    assert rows[1].days_left == 0
    initiation_take(actor=world.worker, initiation=today)
    handled = deadline_board(user=world.manager, view="t", worker_id=world.worker.pk)
    assert [(row.pk, row.handled_by) for row in handled] == [(today.pk, str(world.worker))]


def test_queue_board_and_timeline_run_a_constant_number_of_queries(client: Any, world: World) -> None:
    client.force_login(world.worker)
    urls = [
        reverse("casework:queue"),
        reverse("casework:deadlines"),
        reverse("casework:timeline", kwargs={"client_id": world.client.pk}),
    ]

    def counts() -> list[int]:
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            result.append(len(captured))
        return result

    new_initiation(world, urgent=True)
    few = counts()
    for _ in range(15):
        new_initiation(world, client=ClientFactory(), urgent=True)
        initiation_set_urgent(actor=world.advisor, initiation=new_initiation(world), urgent=True)
    assert counts() == few


def test_the_queue_page_takes_with_htmx_and_without(client: Any, world: World) -> None:
    first, second = new_initiation(world), new_initiation(world, client=ClientFactory())
    client.force_login(world.worker)
    page = client.get(reverse("casework:queue")).content.decode()
    assert world.client.last_name in page
    fragment = client.post(
        reverse("casework:take", kwargs={"initiation_id": first.pk}), HTTP_HX_REQUEST="true"
    )
    assert b"<html" not in fragment.content and b'id="queue"' in fragment.content
    plain = client.post(reverse("casework:take", kwargs={"initiation_id": second.pk}))
    assert plain.status_code == 302
    assert Initiation.objects.filter(assigned_to=world.worker).count() == 2


def test_the_timeline_lists_every_step_newest_first(client: Any, world: World) -> None:
    initiation = new_initiation(world)
    initiation_take(actor=world.worker, initiation=initiation)
    initiation_close(actor=world.worker, initiation=initiation, reason="Hoidettu neuvonnalla")
    client.force_login(world.worker)
    response = client.get(reverse("casework:timeline", kwargs={"client_id": world.client.pk}))
    kinds = [entry.kind for entry in response.context["entries"]]
    assert kinds == ["closed", "taken", "initiation"]
    assert "Hoidettu neuvonnalla" in response.content.decode()


def test_the_client_process_page_ends_a_relationship_only_with_a_reason(client: Any, world: World) -> None:
    relationship = world.client.relationships.get()
    client.force_login(world.worker)
    url = reverse(
        "casework:relationship_close",
        kwargs={"client_id": world.client.pk, "relationship_id": relationship.pk},
    )
    client.post(url, {"reason": ""})
    relationship.refresh_from_db()
    assert relationship.is_open
    client.post(url, {"reason": "Ei enää sosiaalihuollon tarvetta."})
    relationship.refresh_from_db()
    assert not relationship.is_open and relationship.end_reason == "Ei enää sosiaalihuollon tarvetta."
    assert world.client.journal.filter(kind="relationship_ended").exists()


def test_an_action_on_a_later_page_of_another_teams_queue_answers_with_that_page_and_team(
    client: Any, world: World
) -> None:
    """The queue's forms post with the team and page they were on, so the list htmx puts back (and the page a
    browser without JavaScript is sent to) is the one the worker was on, its links keeping the team."""
    world.worker.teams.add(world.other_team)
    for _ in range(PER_PAGE + 3):
        new_initiation(world, client=ClientFactory(), team=world.other_team, actor=world.worker)
    client.force_login(world.worker)
    queue = reverse("casework:queue")
    page = client.get(queue, {"team": world.other_team.pk, "page": 2}).content.decode()
    take = re.search(r'<form method="post" action="([^"]+)" hx-post', page)
    assert take is not None
    action = html.unescape(take.group(1))
    assert f"team={world.other_team.pk}" in action and "page=2" in action
    fragment = client.post(action, HTTP_HX_REQUEST="true").content.decode()
    assert "page=1" in fragment and f"team={world.other_team.pk}" in fragment  # the links back to page 1
    assert Initiation.objects.filter(assigned_to=world.worker).count() == 1
    assert Initiation.objects.get(assigned_to=world.worker).team == world.other_team
    second = re.findall(r'<form method="post" action="([^"]+)" hx-post', fragment)[0]
    plain = client.post(html.unescape(second))
    assert plain.status_code == 302
    assert plain["Location"] == f"{queue}?team={world.other_team.pk}&page=2"


def test_a_queue_row_shows_the_initiation_and_its_four_actions_in_the_users_language(
    client: Any, world: World
) -> None:
    urgent = new_initiation(world, justification="Pitkä perustelu. " * 20, urgent=True)
    client.force_login(world.worker)
    page = client.get(reverse("casework:queue"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    row = page[page.index(f'<tr id="initiation-{urgent.pk}">') :]
    row = row[: row.index("</tr>")]
    assert world.client.last_name in row and 'class="badge badge--urgent">Brådskande<' in row
    assert "Pitkä perustelu. Pitkä" in row and "…" in row  # the justification cut at 160 characters
    for action in ("take", "assign", "urgent", "close"):
        address = reverse(f"casework:{action}", kwargs={"initiation_id": urgent.pk})
        assert f'action="{address}?team={world.team.pk}&amp;page=1"' in row
    assert 'name="urgent" value="0"' in row and ">Ta bort brådskande</button>" in row
    assert f'<option value="{world.counsellor.pk}">{world.counsellor}</option>' in row
    assert row.count('name="csrfmiddlewaretoken"') == 4
