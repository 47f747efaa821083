"""The manager's and the decision-makers' dashboard: server-side SVG charts, suppressed figures, a constant
number of queries, and no way in for client workers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from polku.casework.models import Initiation
from polku.casework.services import initiation_create
from polku.reporting.refresh import refresh_all
from polku.structural.services import tally_record
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def activity(world: World, n: int) -> None:
    now = timezone.now() - timedelta(days=20)
    for _i in range(n):
        initiation = initiation_create(
            actor=world.advisor,
            client=world.client,
            team=world.team,
            initiator_type="application",
            need="x",
            urgent=True,
            initiated_at=now,
        )
        Initiation.objects.filter(pk=initiation.pk).update(assessment_started_at=now)
        tally_record(
            actor=world.counsellor,
            team=world.team,
            day=now.date(),
            work_kind="outreach",
            place="Tori",
            contact_kind="in_person",
            topics=["housing"],
            age_group="30_54",
            gender="female",
            people=6,
        )


def test_the_manager_sees_the_compliance_chart_and_the_people_met(world: World, client: Any) -> None:
    activity(world, 6)
    client.force_login(world.manager)
    response = client.get(reverse("reporting:monitoring_dashboard"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<svg") == 2
    assert "100\u00a0%" in page  # six urgent assessments started the same day
    assert "Dashboard of my teams" in page
    assert "<script" not in page.split("</head>")[1]  # charts are drawn on the server


def test_the_analyst_gets_the_decision_makers_dashboard_over_every_team(world: World, client: Any) -> None:
    activity(world, 5)
    client.force_login(world.analyst)
    page = client.get(reverse("reporting:monitoring_dashboard")).content.decode()
    assert "Dashboard for decision-makers" in page
    assert world.team.name in page


def test_small_figures_are_not_drawn(world: World, client: Any) -> None:
    activity(world, 2)  # two assessments and two tallies of 6 people: compliance is a small group
    client.force_login(world.manager)
    page = client.get(reverse("reporting:monitoring_dashboard")).content.decode()
    assert "<circle" not in page  # no compliance point for a group of 2


@pytest.mark.parametrize(
    "name",
    ["monitoring_dashboard", "esr", "deadline_compliance", "caseloads", "deadline_compliance_csv"],
)
def test_client_workers_and_providers_are_refused(world: World, client: Any, name: str) -> None:
    for outsider in (world.worker, world.provider, world.authority):
        client.force_login(outsider)
        assert client.get(reverse(f"reporting:{name}")).status_code == 403


def test_the_dashboard_runs_a_constant_number_of_queries(world: World, client: Any) -> None:
    activity(world, 1)
    refresh_all()  # as the background worker does
    client.force_login(world.manager)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reporting:monitoring_dashboard"))
    activity(world, 8)
    refresh_all()
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("reporting:monitoring_dashboard"))
    assert len(many) == len(few)
