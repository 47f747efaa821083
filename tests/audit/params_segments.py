"""URL parameter values of the segment pages for the use-log walker and the access matrix: the world's team
(the mirrored world's is the other team)."""

from __future__ import annotations

from typing import Any

from tests.conftest import World


def values(world: World) -> dict[str, Any]:
    return {"team_id": world.team.pk}
