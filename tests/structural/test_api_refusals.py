"""A role that may not write social reports or record tallies is refused as such (403) by the API, before
its input is checked: it is not told how to fix a request it may not make at all."""

from __future__ import annotations

import json
from typing import Any

import pytest

from polku.structural.models import SocialReport, Tally
from tests.conftest import World

pytestmark = pytest.mark.django_db

# Valid by the schema, wrong in content: no such theme, municipality or team.
REPORT = {
    "kind": "problem",
    "title": "Vuokravelat kasvavat",
    "observation": "Vuokravelkaisia asiakkaita on aiempaa enemmän.",
    "affected": "työttömät vuokralaiset",
    "municipality": "Atlantis",
    "proposed_measures": "Velkaneuvontaa.",
    "themes": ["no_such_theme"],
}
TALLY = {
    "date": "2026-01-07",
    "work_kind": "walk_in",
    "place": "Kirjasto",
    "contact_kind": "in_person",
    "topics": ["housing"],
    "age_group": "25_29",
    "gender": "unknown",
    "people": 1,
}


def post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.mark.parametrize("role", ["authority", "analyst", "admin"])
def test_a_role_that_writes_no_reports_is_refused_before_its_report_is_checked(
    world: World, client: Any, role: str
) -> None:
    client.force_login(getattr(world, role))
    answer = post(client, "/api/v1/social-reports", REPORT)
    assert answer.status_code == 403, answer.content
    assert not SocialReport.objects.exists()


def test_a_worker_with_the_same_report_is_told_what_to_fix(world: World, client: Any) -> None:
    client.force_login(world.worker)
    answer = post(client, "/api/v1/social-reports", REPORT)
    assert answer.status_code == 400
    assert "themes" in answer.json()["errors"]


@pytest.mark.parametrize("role", ["provider", "authority", "analyst", "admin"])
def test_a_role_that_records_no_tallies_is_refused_before_its_team_is_asked_for(
    world: World, client: Any, role: str
) -> None:
    client.force_login(getattr(world, role))
    answer = post(client, "/api/v1/tallies", TALLY | {"team": str(world.team.pk)})
    assert answer.status_code == 403, answer.content
    assert not Tally.objects.exists()
