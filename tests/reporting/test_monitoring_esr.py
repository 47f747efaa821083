"""Projects, participants and the ESR participant table: labour-market status by age group on entry, women
separately, small groups hidden in the page, the API and the exported files."""

from __future__ import annotations

import csv
from datetime import date
from io import BytesIO, StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from polku.audit.models import UseLogEntry
from polku.clients.hetu import make_hetu
from polku.clients.models import Client
from polku.reporting.monitoring import esr_table
from polku.reporting.refresh import ESR, refresh
from polku.structural.models import Project, ProjectParticipant
from polku.structural.services import participant_add, project_create
from tests.conftest import World
from tests.factories import ClientFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

START = date(2025, 1, 1)


@pytest.fixture(autouse=True)
def english(settings: Any) -> None:
    """Pages and files in the English source language, so that tests read the same after translation."""
    settings.LANGUAGE_CODE = "en"


def project(world: World) -> Project:
    return project_create(
        actor=world.manager, name="Polku töihin", starts_on=START, ends_on=date(2026, 12, 31)
    )


def participant(world: World, proj: Project, *, born: date, gender: str, status: str, n: int) -> Client:
    person = ClientFactory(hetu=make_hetu(born, 900 + n), gender=gender, labour_market_status=status)
    RelationshipFactory(client=person, team=world.team)
    participant_add(actor=world.worker, project=proj, client=person, started_on=date(2025, 3, 1), view="test")
    return person


def fill(world: World, proj: Project) -> None:
    """Hand-made: 6 unemployed women aged 30-54, 2 unemployed men aged 30-54, 5 young women in education."""
    n = 0
    for _i in range(6):
        n += 1
        participant(world, proj, born=date(1980, 1, n), gender="female", status="long_term_unemployed", n=n)
    for _i in range(2):
        n += 1
        participant(world, proj, born=date(1975, 1, n), gender="male", status="unemployed", n=n)
    for _i in range(5):
        n += 1
        participant(world, proj, born=date(2003, 1, n), gender="female", status="in_education", n=n)


def test_a_participant_is_recorded_as_on_entry_and_the_write_is_in_the_use_log(world: World) -> None:
    proj = project(world)
    participant_add(
        actor=world.worker, project=proj, client=world.client, started_on=date(2025, 3, 1), view="v"
    )
    entry = ProjectParticipant.objects.get()
    assert entry.age_group == "over_54" or entry.age_group in {"30_54", "25_29", "under_25"}
    log = UseLogEntry.objects.get(client_id=world.client.pk)
    assert (log.action, log.object_type, log.view) == ("write", "project_participant", "v")


def test_age_is_counted_at_the_start_of_participation(world: World) -> None:
    proj = project(world)
    # Turns 25 on 2 March 2025: on 1 March, the start, still under 25.
    person = ClientFactory(hetu=make_hetu(date(2000, 3, 2), 950))
    RelationshipFactory(client=person, team=world.team)
    participant_add(actor=world.worker, project=proj, client=person, started_on=date(2025, 3, 1), view="v")
    assert ProjectParticipant.objects.get(client=person).age_group == "under_25"


def test_only_own_clients_are_added_once_within_the_project_period(world: World) -> None:
    proj = project(world)
    with pytest.raises(PermissionDenied):
        participant_add(
            actor=world.worker, project=proj, client=world.other_client, started_on=START, view="v"
        )
    with pytest.raises(ValidationError):
        participant_add(
            actor=world.worker, project=proj, client=world.client, started_on=date(2024, 1, 1), view="v"
        )
    participant_add(actor=world.worker, project=proj, client=world.client, started_on=START, view="v")
    with pytest.raises(ValidationError):
        participant_add(actor=world.worker, project=proj, client=world.client, started_on=START, view="v")
    assert ProjectParticipant.objects.count() == 1


def test_a_project_that_ends_before_it_starts_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        project_create(
            actor=world.analyst, name="Väärin päin", starts_on=date(2025, 6, 1), ends_on=date(2025, 1, 1)
        )
    assert "ends_on" in refused.value.message_dict
    assert not Project.objects.exists()


def test_the_esr_table_counts_by_status_and_age_with_women_separately_and_hides_small_groups(
    world: World,
) -> None:
    proj = project(world)
    fill(world, proj)
    table = esr_table(user=world.analyst, project=proj, first=START, last=date(2025, 12, 31))
    everyone = {key: cell.text for key, cell in table.all.cells.items()}
    women = {key: cell.text for key, cell in table.women.cells.items()}
    # All: unemployed 30-54 = 8, in education under 25 = 5, total 13.
    assert everyone[("unemployed", "30_54")] == "8"
    assert everyone[("in_education", "under_25")] == "5"
    assert everyone[("total", "total")] == "13"
    # Women: 6 and 5 ... but all (8) minus women (6) would show the 2 men: one of the pair is hidden,
    # and with it whatever would give it back.
    assert women[("in_education", "under_25")] == "5"
    assert women[("unemployed", "30_54")] == "×"
    assert women[("unemployed", "total")] == "×"
    assert women[("total", "30_54")] == "×"
    assert women[("total", "total")] == "×"
    # Nowhere is a group of 1 to 4 shown.
    for cell in [*table.all.cells.values(), *table.women.cells.values()]:
        assert cell.count is None or cell.count == 0 or cell.count >= 5


def test_participants_outside_the_period_are_not_counted(world: World) -> None:
    proj = project(world)
    fill(world, proj)
    table = esr_table(user=world.manager, project=proj, first=date(2025, 1, 1), last=date(2025, 2, 28))
    assert table.all.cells[("total", "total")].text == "0"


def test_workers_do_not_read_the_esr_table(world: World, client: Any) -> None:
    proj = project(world)
    with pytest.raises(PermissionDenied):
        esr_table(user=world.worker, project=proj, first=START, last=START)
    client.force_login(world.worker)
    assert client.get(reverse("reporting:esr"), {"project": proj.pk}).status_code == 403
    assert client.get("/api/v1/reports/esr", {"project": proj.pk}).status_code == 403


def test_the_manager_exports_the_esr_table_to_xlsx_and_csv_with_the_same_suppression(
    world: World, client: Any
) -> None:
    proj = project(world)
    fill(world, proj)
    client.force_login(world.manager)
    page = client.get(reverse("reporting:esr"), {"project": proj.pk})
    assert page.status_code == 200 and "Polku töihin" in page.content.decode()
    response = client.get(reverse("reporting:esr_xlsx"), {"project": proj.pk})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    unemployed_women = next(r for r in rows if r[0] == "Women" and r[1].startswith("unemployed"))
    assert unemployed_women[4] == "×"
    unemployed_all = next(r for r in rows if r[0] == "All participants" and r[1].startswith("unemployed"))
    assert unemployed_all[4] == 8
    streamed = client.get(reverse("reporting:esr_csv"), {"project": proj.pk})
    lines = list(
        csv.reader(StringIO(b"".join(streamed.streaming_content).decode("utf-8-sig")), delimiter=";")
    )
    assert ["All participants", "in education", "5", "0", "0", "0", "5"] in lines


def test_the_esr_api_answers_with_null_for_hidden_cells_and_refuses_a_backward_period(
    world: World, client: Any
) -> None:
    proj = project(world)
    fill(world, proj)
    client.force_login(world.analyst)
    answer = client.get("/api/v1/reports/esr", {"project": proj.pk, "from": "2025-01-01", "to": "2025-12-31"})
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert (data["from"], data["threshold"]) == ("2025-01-01", 5)
    women_unemployed = next(r for r in data["women"]["rows"] if r["key"] == "unemployed")
    assert women_unemployed["cells"][2] == {"count": None, "shown": "×"}
    backwards = client.get(
        "/api/v1/reports/esr", {"project": proj.pk, "from": "2025-12-31", "to": "2025-01-01"}
    )
    assert backwards.status_code == 400
    assert "to" in backwards.json()["errors"]


def test_the_project_page_adds_an_own_client_by_henkilotunnus(world: World, client: Any) -> None:
    proj = project(world)
    client.force_login(world.worker)
    url = reverse("structural:project", kwargs={"project_id": proj.pk})
    refused = client.post(url, {"hetu": world.other_client.hetu, "started_on": "2025-03-01"})
    assert "No client of yours" in refused.content.decode()
    added = client.post(url, {"hetu": world.client.hetu, "started_on": "2025-03-01"})
    assert added.status_code == 302
    assert ProjectParticipant.objects.filter(client=world.client).exists()
    page = client.get(url).content.decode()
    assert "&lt;5" in page  # one participant: the count is a small group
    assert world.client.last_name not in page


def test_the_page_asked_again_shows_the_refreshed_figures(world: World, client: Any) -> None:
    """The table and its part of the page are kept per process for the same figures: a refresh with new
    participants gives a new table and page."""
    proj = project(world)
    fill(world, proj)
    client.force_login(world.manager)
    url = reverse("reporting:esr")
    first = client.get(url, {"project": proj.pk}).content.decode()
    assert ">13<" in first
    assert ">13<" in client.get(url, {"project": proj.pk}).content.decode()
    assert esr_table(user=world.manager, project=proj, first=START, last=date(2025, 12, 31)) is esr_table(
        user=world.manager, project=proj, first=START, last=date(2025, 12, 31)
    )
    for n in range(20, 25):
        participant(world, proj, born=date(2003, 2, n), gender="male", status="in_education", n=n)
    refresh(ESR)
    again = client.get(url, {"project": proj.pk}).content.decode()
    assert ">18<" in again and ">18<" not in first
