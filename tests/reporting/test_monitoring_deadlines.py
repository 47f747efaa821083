"""Deadline compliance (share of statutory assessments started in time, SHL 36) and caseloads per worker."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from polku.casework.models import Initiation
from polku.casework.services import initiation_create
from polku.clients.models import ClientRelationship
from polku.reporting.monitoring import caseloads, deadline_compliance
from tests.conftest import World
from tests.factories import ClientFactory, RelationshipFactory, UserFactory

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
MARCH = datetime(2025, 3, 3, 9, tzinfo=HELSINKI)  # a Monday; the 7th weekday after it is 12 March
APRIL = datetime(2025, 4, 1, 9, tzinfo=HELSINKI)


@pytest.fixture(autouse=True)
def english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def statutory(world: World, *, at: datetime, started_after_days: int | None, **extra: Any) -> Initiation:
    initiation = initiation_create(
        actor=world.advisor,
        client=world.client,
        team=world.team,
        initiator_type="application",
        need="Kotona pärjääminen",
        initiated_at=at,
        **({"highest_care_allowance": True} | extra),
    )
    if started_after_days is not None:
        Initiation.objects.filter(pk=initiation.pk).update(
            assessment_started_at=at + timedelta(days=started_after_days)
        )
    return initiation


def fill(world: World) -> None:
    """March: 6 started in time (day 2), 5 late (day 20). April: 3 in time, 1 never started (late)."""
    for _i in range(6):
        statutory(world, at=MARCH, started_after_days=2)
    for _i in range(5):
        statutory(world, at=MARCH, started_after_days=20)
    for _i in range(3):
        statutory(world, at=APRIL, started_after_days=1)
    statutory(world, at=APRIL, started_after_days=None)
    # Not statutory: no start limit, so not counted at all.
    initiation_create(
        actor=world.advisor,
        client=world.client,
        team=world.team,
        initiator_type="application",
        need="x",
        initiated_at=MARCH,
    )


def test_compliance_counts_in_time_and_late_by_month_and_hides_small_groups(world: World) -> None:
    fill(world)
    data = deadline_compliance(user=world.manager, first=date(2025, 3, 1), last=date(2025, 4, 30))
    (team,) = data.teams
    march, april = data.months
    texts = {row: [c.text for c in cells] for row, _label, cells, _share in team.rows}
    assert texts[march] == ["6", "5", "11"]
    assert team.share(march) == pytest.approx(54.5)
    # April has 3 in time and 1 late: both small, and the 4 of the month with them.
    assert texts[april] == ["<5", "<5", "<5"]
    assert team.share(april) is None
    # No period total: 9 in time minus March's 6 would give April's 3 back.
    assert "total" not in texts


def test_urgent_and_elderly_initiations_are_statutory_too(world: World) -> None:
    for _i in range(5):
        statutory(world, at=MARCH, started_after_days=0, highest_care_allowance=False, urgent=True)
    data = deadline_compliance(user=world.manager, first=date(2025, 3, 1), last=date(2025, 3, 31))
    assert data.teams[0].share(data.months[0]) == 100.0


def test_a_manager_sees_own_teams_an_analyst_all_and_a_worker_nothing(world: World) -> None:
    fill(world)
    other_manager = UserFactory(role="team_manager", teams=[world.other_team])
    assert deadline_compliance(user=other_manager, first=date(2025, 3, 1), last=date(2025, 4, 30)).teams == []
    assert (
        len(deadline_compliance(user=world.analyst, first=date(2025, 3, 1), last=date(2025, 4, 30)).teams)
        == 1
    )
    with pytest.raises(PermissionDenied):
        deadline_compliance(user=world.worker, first=date(2025, 3, 1), last=date(2025, 4, 30))


def test_the_deadlines_api_answers_per_team_and_month_and_refuses_a_backward_period(
    world: World, client: Any
) -> None:
    fill(world)
    client.force_login(world.manager)
    answer = client.get("/api/v1/reports/deadlines", {"from": "2025-03-01", "to": "2025-04-30"})
    assert answer.status_code == 200, answer.content
    team = answer.json()["teams"][0]
    assert team["months"][0] == {
        "month": "2025-03",
        "on_time": {"count": 6, "shown": "6"},
        "late": {"count": 5, "shown": "5"},
        "total": {"count": 11, "shown": "11"},
        "share_in_time": 54.5,
    }
    assert team["months"][1]["on_time"] == {"count": None, "shown": "<5"}
    backwards = client.get("/api/v1/reports/deadlines", {"from": "2025-04-30", "to": "2025-03-01"})
    assert backwards.status_code == 400
    assert json.loads(backwards.content)["errors"]["to"]


def test_the_compliance_page_has_a_chart_and_exports(world: World, client: Any) -> None:
    fill(world)
    client.force_login(world.manager)
    query = {"first": "2025-03-01", "last": "2025-04-30"}
    page = client.get(reverse("reporting:deadline_compliance"), query).content.decode()
    assert "<svg" in page and "<circle" in page
    assert "54.5" in page
    xlsx = client.get(reverse("reporting:deadline_compliance_xlsx"), query)
    rows = list(load_workbook(BytesIO(b"".join(xlsx.streaming_content))).active.iter_rows(values_only=True))
    assert rows[1][2:] == (6, 5, 11, 54.5)
    csv_text = b"".join(client.get(reverse("reporting:deadline_compliance_csv"), query).streaming_content)
    assert "<5" in csv_text.decode("utf-8-sig")
    backwards = client.get(
        reverse("reporting:deadline_compliance"), {"first": "2025-04-30", "last": "2025-03-01"}
    )
    assert "ends before it starts" in backwards.content.decode()


def test_caseloads_count_open_clients_per_personal_worker_with_small_ones_hidden(world: World) -> None:
    ClientRelationship.objects.filter(client=world.client).update(personal_worker=world.worker)
    for _i in range(6):
        RelationshipFactory(client=ClientFactory(), team=world.team, personal_worker=world.counsellor)
    ended = RelationshipFactory(client=ClientFactory(), team=world.team, personal_worker=world.counsellor)
    ClientRelationship.objects.filter(pk=ended.pk).update(ended_at=MARCH)
    (team,) = caseloads(user=world.manager)
    counts = {label: cells[0].text for label, cells in team.grid.table}
    assert counts[str(world.counsellor)] == "6"
    assert counts[str(world.worker)] == "<5"
    assert "Total" not in counts  # a team total minus the 6 would give the worker's 1 away


def test_clients_by_service_count_running_services_per_provider_with_small_ones_hidden(
    world: World, client: Any
) -> None:
    from polku.provision.services import episode_start
    from polku.reporting.monitoring import clients_by_service
    from tests.factories import catalogued_provider

    provider = catalogued_provider("Verso")
    other = catalogued_provider("Paja", "other")
    people = [ClientFactory() for _i in range(5)]
    for person in people:
        RelationshipFactory(client=person, team=world.team)
        episode_start(
            actor=world.worker,
            client=person,
            kind="social_rehabilitation",
            name="Ryhmä",
            provider=provider,
            start_date=date(2025, 3, 1),
        )
    episode_start(
        actor=world.worker,
        client=world.client,
        kind="other",
        name="Paja",
        provider=other,
        start_date=date(2025, 3, 1),
    )
    grid = clients_by_service(user=world.manager)
    shown = {label: cells[0].text for label, cells in grid.table}
    assert shown == {"social rehabilitation, Verso": "5", "other service, Paja": "<5"}
    client.force_login(world.manager)
    page = client.get(reverse("reporting:caseloads")).content.decode()
    assert "social rehabilitation, Verso" in page
