"""URL parameter values of the structural pages for the use-log walker."""

from __future__ import annotations

from datetime import date
from typing import Any

from polku.structural.services import ReportContent, participant_add, project_create, report_create
from polku.structural.services.codev import codeveloper_add, development_project_create
from tests.conftest import World


def values(world: World) -> dict[str, Any]:
    report = report_create(
        actor=world.worker,
        team=world.team,
        content=ReportContent(
            kind="phenomenon",
            title="Walker's report",
            observation="Seen",
            affected="Many",
            proposed_measures="Act",
            municipality=world.team.municipality,
        ),
    )
    project = project_create(
        actor=world.manager, name="Walker's project", starts_on=date(2025, 1, 1), ends_on=date(2030, 1, 1)
    )
    participant_add(
        actor=world.worker, project=project, client=world.client, started_on=date(2025, 1, 1), view="walker"
    )
    codeveloper = codeveloper_add(
        actor=world.manager,
        name="Walker's co-developer",
        role="developer_client",
        consent_on=date(2025, 1, 1),
        consent_scope="Developing the services",
    )
    development = development_project_create(
        actor=world.manager,
        name=f"Walker's development project {world.team.pk}",
        aim="Aim",
        service="Service",
        starts_on=date(2025, 1, 1),
        ends_on=None,
        team=world.team,
    )
    return {
        "codeveloper_id": codeveloper.pk,
        "dev_project_id": development.pk,
        "report_id": report.pk,
        "municipality_id": world.team.municipality.pk,
        "half_year": "2025H1",
        "project_id": project.pk,
    }
