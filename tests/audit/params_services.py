"""URL parameter values of the provider service pages for the use-log walker."""

from __future__ import annotations

from datetime import date
from typing import Any

from polku.provision.models import Group, Session
from polku.provision.services import episode_start
from tests.conftest import World
from tests.factories import catalogued_provider


def values(world: World) -> dict[str, Any]:
    provider = catalogued_provider("Walker provider")
    episode = episode_start(
        actor=world.worker,
        client=world.client,
        kind="social_rehabilitation",
        name="",
        provider=provider,
        start_date=date(2026, 1, 1),
    )
    group = Group.objects.create(provider=provider, name="Walker group")
    session = Session.objects.create(group=group, date=date(2026, 1, 6))
    return {"episode_id": episode.pk, "group_id": group.pk, "session_id": session.pk}
