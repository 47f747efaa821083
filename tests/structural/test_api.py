"""POST /api/v1/social-reports and GET /api/v1/social-reports/summary."""

from __future__ import annotations

import json
from typing import Any

import pytest

from polku.structural.models import ReportStatus, SocialReport
from tests.conftest import World
from tests.structural.conftest import read_report

pytestmark = pytest.mark.django_db


def body(world: World, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "problem",
        "title": "Vuokravelat kasvavat",
        "observation": "Vuokravelkaisia asiakkaita on aiempaa enemmän.",
        "affected": "työttömät vuokralaiset",
        "affected_count": 40,
        "municipality": world.team.municipality.name,
        "proposed_measures": "Velkaneuvontaa sosiaalitoimistoon.",
        "themes": ["debt"],
    } | extra


def post(client: Any, data: dict[str, Any]) -> Any:
    return client.post("/api/v1/social-reports", json.dumps(data), content_type="application/json")


def test_a_worker_sends_a_report_through_the_api_and_gets_theme_suggestions(
    world: World, client: Any
) -> None:
    read_report(world, themes=["debt"], title="Velat", observation="Vuokravelat ja pikavipit kasvavat.")
    client.force_login(world.worker)
    answer = post(client, body(world))
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert (data["status"], data["themes"]) == ("submitted", ["debt"])
    assert "debt" in data["suggested_themes"]
    assert SocialReport.objects.get(pk=data["id"]).author == world.worker


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"observation": "Asiakas 010190-900P"}, "observation"),
        ({"proposed_measures": "ks. 010190a900p"}, "proposed_measures"),
        ({"affected_count": -1}, "affected_count"),
        ({"themes": ["no_such_theme"]}, "themes"),
        ({"municipality": "Atlantis"}, "municipality"),
    ],
)
def test_bad_reports_are_refused_with_a_field_message_and_nothing_saved(
    world: World, client: Any, extra: dict[str, Any], field: str
) -> None:
    client.force_login(world.worker)
    answer = post(client, body(world, **extra))
    assert answer.status_code == 400
    assert field in answer.json()["errors"]
    assert not SocialReport.objects.filter(author=world.worker).exists()


def test_an_analyst_cannot_send_reports(world: World, client: Any) -> None:
    client.force_login(world.analyst)
    assert post(client, body(world, team=str(world.team.pk))).status_code in (400, 403)
    assert not SocialReport.objects.exists()


def test_the_summary_endpoint_gives_themes_counts_and_proposals_without_authors(
    world: World, client: Any
) -> None:
    from tests.structural.test_summary import SPRING

    read_report(world, themes=["debt"], submitted=SPRING, affected_count=3)
    read_report(world, themes=["debt"], submitted=SPRING, affected_count=10)
    client.force_login(world.analyst)
    answer = client.get(
        "/api/v1/social-reports/summary",
        {"municipality": str(world.team.municipality.pk), "period": "2025H1"},
    )
    assert answer.status_code == 200, answer.content
    data = answer.json()
    (debt,) = data["themes"]
    # 13 people in the theme minus the 10 of one report shown would give the other report's 3.
    assert (data["reports"], debt["code"], debt["reports"], debt["affected"]) == (2, "debt", 2, None)
    assert debt["affected_shown"] == "×"
    assert len(debt["proposals"]) == 2
    assert world.worker.username not in answer.content.decode()
    assert world.worker.last_name not in answer.content.decode()
    assert SocialReport.objects.filter(status=ReportStatus.READ).count() == 2
    bad = client.get(
        "/api/v1/social-reports/summary", {"municipality": world.team.municipality.name, "period": "2025"}
    )
    assert bad.status_code == 400 and "period" in bad.json()["errors"]
    client.force_login(world.worker)
    forbidden = client.get(
        "/api/v1/social-reports/summary", {"municipality": world.team.municipality.name, "period": "2025H1"}
    )
    assert forbidden.status_code == 403
