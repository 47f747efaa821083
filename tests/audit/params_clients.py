"""URL parameter values of the client pages for the use-log walker."""

from __future__ import annotations

from typing import Any

from tests.conftest import World


def values(world: World) -> dict[str, Any]:
    return {"client_id": world.client.pk}
