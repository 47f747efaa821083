"""URL parameter values of the client plan pages for the use-log walker."""

from __future__ import annotations

from typing import Any

from polku.plans.services import GoalIn, PlanContent, plan_create
from tests.conftest import World


def values(world: World) -> dict[str, Any]:
    version = plan_create(
        actor=world.worker,
        client=world.client,
        content=PlanContent(
            client_view_of_need="Apua laskuihin",
            professional_view_of_need="Talous",
            meeting_frequency="joka toinen viikko",
            goals=[GoalIn("Laskut hoidossa", "client")],
        ),
    )
    return {"version_id": version.pk}
