"""GET /api/v1/initiations, /api/v1/initiations/{id} and /api/v1/calendar/weekdays; the organisation's
own targets for assessments without a statutory limit."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from polku.accounts.services import token_create
from polku.casework.models import DeadlinePolicy
from polku.casework.services import initiation_close, initiation_create
from polku.core.weekdays import add_weekdays
from tests.conftest import World

pytestmark = pytest.mark.django_db


def bearer(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def test_open_initiations_of_the_callers_team_only(client: Any, world: World) -> None:
    mine = initiation_create(
        actor=world.advisor,
        client=world.client,
        team=world.team,
        initiator_type="application",
        need="Asuminen",
    )
    closed = initiation_create(
        actor=world.advisor,
        client=world.client,
        team=world.team,
        initiator_type="application",
        need="Toimeentulo",
    )
    initiation_close(actor=world.advisor, initiation=closed, reason="Hoidettu")
    initiation_create(
        actor=world.other_worker,
        client=world.other_client,
        team=world.other_team,
        initiator_type="worker_observation",
        need="Muu",
    )
    listed = client.get("/api/v1/initiations?status=open", **bearer(world.worker)).json()
    assert [item["id"] for item in listed["items"]] == [str(mine.pk)]
    assert (listed["count"], listed["limit"], listed["offset"]) == (1, 50, 0)
    everything = client.get("/api/v1/initiations", **bearer(world.worker)).json()
    assert {item["id"] for item in everything["items"]} == {str(mine.pk), str(closed.pk)}
    one = client.get(f"/api/v1/initiations/{mine.pk}", **bearer(world.worker))
    assert one.status_code == 200 and one.json()["need"] == "Asuminen"
    assert client.get(f"/api/v1/initiations/{mine.pk}", **bearer(world.other_worker)).status_code == 404
    assert client.get("/api/v1/initiations?status=nonsense", **bearer(world.worker)).status_code == 400


def test_the_weekday_calendar_answers_the_due_day(client: Any, world: World) -> None:
    headers = bearer(world.worker)
    response = client.get("/api/v1/calendar/weekdays?from=2026-12-22&count=7", **headers)
    assert response.json() == {"due": "2027-01-05"}
    assert client.get("/api/v1/calendar/weekdays?from=2026-13-01&count=7", **headers).status_code == 400
    bad = client.get("/api/v1/calendar/weekdays?from=2026-12-01&count=-1", **headers)
    assert bad.status_code == 400 and "count" in bad.json()["errors"]


def test_an_organisation_target_sets_a_due_date_for_everyone_else(world: World) -> None:
    DeadlinePolicy.objects.create(
        organisation=world.team.organisation, start_weekdays=10, complete_weekdays=30
    )
    initiation = initiation_create(
        actor=world.advisor,
        client=world.client,
        team=world.team,
        initiator_type="application",
        need="Toimeentulo",
    )
    today = timezone.localdate()
    assert initiation.assessment_start_due == add_weekdays(today, 10)
    assert initiation.assessment_complete_due == add_weekdays(today, 30)
