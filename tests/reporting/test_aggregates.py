"""The reports read pre-aggregated tables (polku/reporting/models.py) rebuilt by polku.reporting.refresh:
the same figures as counting the records themselves, on a varied data set; the time of the data on the
page; a table never built is built on its first read; and each report page reads a constant number of
queries, however much data there is."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate, TruncMonth
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from polku.casework.models import Initiation
from polku.casework.services import initiation_create
from polku.clients.models import ClientRelationship, Gender, LabourMarketStatus
from polku.provision.models import EpisodeStatus, ServiceEpisode
from polku.provision.services import episode_start
from polku.reporting.models import DeadlineCell, ReportRefresh
from polku.reporting.monitoring import (
    ESR_STATUS_GROUPS,
    caseloads,
    clients_by_service,
    deadline_compliance,
    esr_table,
    statutory_initiations,
)
from polku.reporting.refresh import refresh_all, reports_alias
from polku.structural.models import Project, ProjectParticipant
from polku.structural.periods import start_of
from polku.structural.services import participant_add, project_create
from tests.conftest import World
from tests.factories import ClientFactory, RelationshipFactory, catalogued_provider

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.fixture(autouse=True)
def english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def every_figure(settings: Any) -> None:
    """No suppression, so that every count shows and can be compared."""
    settings.POLKU_SMALL_CELL = 1


# --- the raw computations the reports made before, on the records themselves --------------------------


def raw_compliance(team_ids: list[Any], first: date, last: date) -> dict[tuple[Any, date], tuple[int, int]]:
    today = timezone.localdate()
    rows = (
        Initiation.objects.filter(statutory_initiations(), team__in=team_ids)
        .filter(initiated_at__gte=start_of(first), initiated_at__lt=start_of(last + timedelta(days=1)))
        .alias(started_on=TruncDate("assessment_started_at"))
        .annotate(month=TruncMonth("initiated_at"))
        .values("team", "month")
        .annotate(
            on_time=Count("id", filter=Q(started_on__lte=F("assessment_start_due"))),
            late=Count(
                "id",
                filter=Q(started_on__gt=F("assessment_start_due"))
                | Q(assessment_started_at__isnull=True, assessment_start_due__lt=today),
            ),
        )
        .order_by()
    )
    return {(r["team"], timezone.localtime(r["month"]).date()): (r["on_time"], r["late"]) for r in rows}


def raw_esr(project: Project, first: date, last: date) -> dict[tuple[str, str, bool], int]:
    group_of = {status: key for key, _label, members in ESR_STATUS_GROUPS for status in members}
    found: dict[tuple[str, str, bool], int] = {}
    for p in ProjectParticipant.objects.filter(project=project, started_on__lte=last).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=first)
    ):
        key = (group_of[p.labour_market_status], p.age_group, p.gender == Gender.FEMALE)
        found[key] = found.get(key, 0) + 1
    return found


def raw_caseloads(team_ids: list[Any]) -> dict[tuple[Any, Any], int]:
    rows = (
        ClientRelationship.objects.filter(ended_at__isnull=True, team__in=team_ids)
        .values("team", "personal_worker")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["team"], r["personal_worker"]): r["n"] for r in rows}


def raw_services(team_ids: list[Any]) -> dict[tuple[str, str], int]:
    relationships = ClientRelationship.objects.filter(ended_at__isnull=True, team__in=team_ids)
    rows = (
        ServiceEpisode.objects.filter(
            status=EpisodeStatus.ACTIVE, client__in=relationships.values("client_id")
        )
        .values("kind", "provider__name")
        .annotate(n=Count("client", distinct=True))
        .order_by()
    )
    return {(r["kind"], r["provider__name"]): r["n"] for r in rows}


# --- a varied data set ----------------------------------------------------------------------------------


def statutory(world: World, team: Any, at: datetime, *, started: datetime | None, due: date | None) -> None:
    initiation = initiation_create(
        actor=world.advisor,
        client=world.client,
        team=team,
        initiator_type="application",
        need="x",
        initiated_at=at,
        highest_care_allowance=True,
    )
    changes: dict[str, Any] = {"assessment_started_at": started}
    if due is not None:
        changes["assessment_start_due"] = due
    Initiation.objects.filter(pk=initiation.pk).update(**changes)


def varied(world: World, seed: int = 12) -> Project:
    rnd = random.Random(seed)
    teams = [world.team, world.other_team]
    # Initiations over four months, some just before midnight in Helsinki, in time, late, not started.
    for _i in range(60):
        day = date(2025, 2, 20) + timedelta(days=rnd.randrange(0, 110))
        at = datetime(
            day.year, day.month, day.day, rnd.choice([0, 9, 23]), rnd.choice([5, 59]), tzinfo=HELSINKI
        )
        due = day + timedelta(days=rnd.choice([0, 3, 10]))
        started = rnd.choice([None, at + timedelta(days=1), at + timedelta(days=12)])
        statutory(world, rnd.choice(teams), at, started=started, due=due)
    initiation_create(  # not statutory: counted nowhere
        actor=world.advisor, client=world.client, team=world.team, initiator_type="application", need="x"
    )
    # Relationships open and ended, with and without a personal worker; clients in one or both teams.
    people = []
    for n in range(24):
        person = ClientFactory(
            gender=rnd.choice(["female", "male"]),
            labour_market_status=rnd.choice(LabourMarketStatus.values),
        )
        team = rnd.choice(teams)
        worker = rnd.choice([None, world.worker, world.counsellor])
        RelationshipFactory(client=person, team=team, personal_worker=worker)
        if n % 5 == 0:
            RelationshipFactory(client=person, team=world.other_team if team == world.team else world.team)
        people.append((person, world.worker if team == world.team else world.other_worker))
    ended = RelationshipFactory(client=ClientFactory(), team=world.team, personal_worker=world.worker)
    ClientRelationship.objects.filter(pk=ended.pk).update(ended_at=timezone.now())
    providers = [catalogued_provider("Verso"), catalogued_provider("Paja", "other")]
    for person, its_worker in people[:18]:
        for provider in rnd.sample(providers, rnd.choice([1, 2])):
            episode_start(
                actor=its_worker,
                client=person,
                kind="social_rehabilitation" if provider.name == "Verso" else "other",
                name="Ryhmä",
                provider=provider,
                start_date=date(2025, 3, 1),
            )
    # Project participants starting and ending on different days.
    project = project_create(
        actor=world.manager, name="Polku töihin", starts_on=date(2025, 1, 1), ends_on=date(2026, 12, 31)
    )
    for person, its_worker in people:
        started_on = date(2025, 1, 1) + timedelta(days=rnd.randrange(0, 200))
        participant_add(actor=its_worker, project=project, client=person, started_on=started_on, view="t")
        if rnd.random() < 0.5:
            ProjectParticipant.objects.filter(client=person).update(
                ended_on=started_on + timedelta(days=rnd.randrange(0, 120))
            )
    return project


PERIODS = [
    (date(2025, 3, 1), date(2025, 5, 31)),  # whole months
    (date(2025, 2, 25), date(2025, 6, 3)),  # partial first and last months
    (date(2025, 4, 10), date(2025, 4, 20)),  # within one month
    (date(2025, 1, 1), date(2025, 12, 31)),
]


def test_the_aggregated_reports_give_the_same_figures_as_the_records(
    world: World, every_figure: None
) -> None:
    project = varied(world)
    refresh_all()
    team_ids = [world.team.pk, world.other_team.pk]
    for first, last in PERIODS:
        data = deadline_compliance(user=world.analyst, first=first, last=last)
        shown = {
            (t.team.pk, month): (t.grid.cells[(month, "on_time")].count, t.grid.cells[(month, "late")].count)
            for t in data.teams
            for month in data.months
        }
        expected = raw_compliance(team_ids, first, last)
        assert {k: v for k, v in shown.items() if v != (0, 0)} == {
            k: v for k, v in expected.items() if v != (0, 0)
        }
        assert sum(sum(v) for v in expected.values()) > 0
        table = esr_table(user=world.analyst, project=project, first=first, last=last)
        counts = raw_esr(project, first, last)
        for (status, age), cell in table.all.cells.items():
            if "total" not in (status, age):
                assert cell.count == sum(n for (s, a, _w), n in counts.items() if (s, a) == (status, age))
        for (status, age), cell in table.women.cells.items():
            if "total" not in (status, age):
                assert cell.count == counts.get((status, age, True), 0)
    shown_loads = {
        (t.team.pk, None if key == "none" else key): t.grid.cells[(key, "clients")].count
        for t in caseloads(user=world.analyst)
        for key, _label in t.grid.rows
    }
    assert shown_loads == raw_caseloads(team_ids)
    for user, teams in ((world.analyst, team_ids), (world.manager, [world.team.pk])):
        grid = clients_by_service(user=user)
        found = {key: grid.cells[(key, "clients")].count for key, _label in grid.rows}
        assert found == raw_services(teams)
        assert found


def test_breakdowns_by_team_add_up_to_the_analysts_figures(world: World, every_figure: None) -> None:
    """Deadline compliance and caseloads count every initiation and relationship in exactly one team."""
    varied(world)
    data = deadline_compliance(user=world.analyst, first=date(2025, 1, 1), last=date(2025, 12, 31))
    total = sum(t.grid.cells[(m, "total")].count or 0 for t in data.teams for m in data.months)
    counted = Initiation.objects.filter(statutory_initiations(), assessment_started_at__isnull=False).count()
    overdue = Initiation.objects.filter(statutory_initiations(), assessment_started_at__isnull=True).count()
    assert total == counted + overdue  # every due date of the data set has passed


def test_a_pending_assessment_turns_late_the_day_after_its_due_date_without_a_refresh(
    world: World, every_figure: None, monkeypatch: Any
) -> None:
    today = timezone.localdate()
    at = timezone.now() - timedelta(hours=1)
    statutory(world, world.team, at, started=None, due=today)
    refresh_all()
    month = today.replace(day=1)
    data = deadline_compliance(user=world.manager, first=month, last=today)
    assert data.teams[0].grid.cells[(month, "late")].count == 0  # still within its time limit
    tomorrow = today + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    data = deadline_compliance(user=world.manager, first=month, last=tomorrow)
    assert data.teams[0].grid.cells[(month, "late")].count == 1


def test_a_report_never_built_builds_its_table_on_first_read_and_the_page_says_when(
    world: World, client: Any
) -> None:
    statutory(world, world.team, datetime(2025, 3, 3, 9, tzinfo=HELSINKI), started=None, due=date(2025, 3, 5))
    assert not ReportRefresh.objects.exists()
    client.force_login(world.manager)
    page = client.get(reverse("reporting:deadline_compliance"), {"first": "2025-03-01", "last": "2025-03-31"})
    assert DeadlineCell.objects.exists()
    stamp = timezone.localtime(ReportRefresh.objects.get(table="deadlines").refreshed_at)
    assert f"Data updated {stamp:%-d.%-m.%Y %H:%M}." in page.content.decode()
    # Later records wait for the next refresh: the page shows the figures of the time it names.
    statutory(world, world.team, datetime(2025, 3, 3, 9, tzinfo=HELSINKI), started=None, due=date(2025, 3, 5))
    assert DeadlineCell.objects.get(whole_month=True).late == 1
    refresh_all()
    assert DeadlineCell.objects.get(whole_month=True).late == 2


def test_reports_read_the_reports_database_when_it_is_another_one(settings: Any) -> None:
    assert reports_alias() == "default"  # in tests it mirrors the primary: read on the primary's connection
    from django.db import connections

    mine = connections["reports"].settings_dict
    original = mine["NAME"]
    mine["NAME"] = "replica"
    try:
        assert reports_alias() == "reports"
    finally:
        mine["NAME"] = original


# --- a constant number of queries per page, at two data sizes -------------------------------------------


def grow(world: World, n: int) -> None:
    """n more of everything the reports count."""
    for _i in range(n):
        statutory(
            world,
            world.team,
            timezone.now() - timedelta(days=40),
            started=timezone.now() - timedelta(days=39),
            due=timezone.localdate() - timedelta(days=35),
        )
        person = ClientFactory()
        RelationshipFactory(client=person, team=world.team, personal_worker=world.worker)


PAGES: dict[str, Callable[[World, Project], tuple[str, dict[str, Any]]]] = {
    "effectiveness": lambda w, p: (reverse("reporting:effectiveness"), {}),
    "effectiveness API": lambda w, p: (
        "/api/v1/reports/effectiveness",
        {"instrument": "functional_capacity"},
    ),
    "ESR": lambda w, p: (reverse("reporting:esr"), {"project": p.pk}),
    "ESR API": lambda w, p: ("/api/v1/reports/esr", {"project": p.pk}),
    "deadlines": lambda w, p: (reverse("reporting:deadline_compliance"), {}),
    "deadlines API": lambda w, p: (
        "/api/v1/reports/deadlines",
        {
            "from": (timezone.localdate() - timedelta(days=300)).isoformat(),
            "to": timezone.localdate().isoformat(),
        },
    ),
    "caseloads": lambda w, p: (reverse("reporting:caseloads"), {}),
    "dashboard": lambda w, p: (reverse("reporting:monitoring_dashboard"), {}),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_each_report_page_reads_the_same_few_queries_at_two_data_sizes(
    world: World, client: Any, page: str
) -> None:
    project = varied(world)
    grow(world, 1)
    client.force_login(world.manager)
    url, query = PAGES[page](world, project)

    def queries() -> int:
        refresh_all()  # as the background worker does
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, query).status_code == 200
        return len(captured)

    few = queries()
    grow(world, 12)
    many = queries()
    assert many == few <= 15


def test_the_command_rebuilds_every_table(world: World) -> None:
    from io import StringIO

    from django.core.management import call_command

    statutory(world, world.team, datetime(2025, 3, 3, 9, tzinfo=HELSINKI), started=None, due=date(2025, 3, 5))
    out = StringIO()
    call_command("refresh_reports", stdout=out)
    assert set(ReportRefresh.objects.values_list("table", flat=True)) == {
        "deadlines",
        "esr",
        "caseloads",
        "services",
    }
    assert DeadlineCell.objects.get(whole_month=True).late == 1
    assert "deadlines: rebuilt in" in out.getvalue()
