"""URL parameter values of the casework pages for the use-log walker."""

from __future__ import annotations

from typing import Any

from polku.casework.services import (
    assessment_start,
    initiation_create,
    personal_worker_assign,
    pre_assessment_send,
)
from tests.conftest import World


def values(world: World) -> dict[str, Any]:
    initiation = initiation_create(
        actor=world.advisor,
        client=world.client,
        team=world.team,
        initiator_type="worker_observation",
        need="Walker's test initiation",
        urgent=True,
    )
    # A second one stays new and urgent, so that the queue and the deadline board show the client too.
    initiation_create(
        actor=world.advisor,
        client=world.client,
        team=world.team,
        initiator_type="application",
        need="Still in the queue",
        urgent=True,
    )
    assessment = assessment_start(actor=world.worker, initiation=initiation)
    personal_worker_assign(actor=world.worker, relationship=initiation.relationship, worker=world.worker)
    pre_assessment, token = pre_assessment_send(actor=world.worker, assessment=assessment)
    return {
        "initiation_id": initiation.pk,
        "relationship_id": initiation.relationship_id,
        "pre_assessment_id": pre_assessment.pk,
        "token": token,
    }
