"""URL parameter values of the consultation pages for the use-log walker and the access matrix: a
consultation that the world's worker asked of a colleague (the counsellor), naming the client on the
client's consent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from polku.consultation.services import Identified, consultation_ask
from tests.conftest import World


def values(world: World) -> dict[str, Any]:
    consultation = consultation_ask(
        actor=world.worker,
        asked_of="colleague",
        colleague=world.counsellor,
        topic="social_security",
        subject="Työmarkkinatuen odotusaika",
        question="Miten odotusaika lasketaan tässä tilanteessa?",
        identified=Identified(
            client=world.client,
            shared="Työsuhde päättyi omasta pyynnöstä.",
            shared_until=timezone.localdate() + timedelta(days=7),
            consent_on=timezone.localdate(),
        ),
    )
    return {"consultation_id": consultation.pk}
