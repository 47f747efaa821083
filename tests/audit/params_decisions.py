"""URL parameter values of the decision pages for the use-log walker."""

from __future__ import annotations

from typing import Any

from polku.decisions.services import decision_draft, decision_make
from tests.conftest import World


def values(world: World) -> dict[str, Any]:
    decision = decision_draft(
        actor=world.worker,
        client=world.client,
        decision_type="social_rehabilitation",
        decision_text="Myönnetään sosiaalinen kuntoutus.",
        grounds="Palvelutarpeen arviointi.",
        legal_basis="SHL 17 §",
    )
    decision = decision_make(actor=world.worker, decision=decision, expected_version=decision.version)
    return {"decision_id": decision.pk}
