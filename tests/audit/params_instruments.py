"""URL parameter values of the instrument pages for the use-log walker."""

from __future__ import annotations

from typing import Any

from polku.instruments.services import response_link_send, response_submit
from tests.conftest import World


def values(world: World) -> dict[str, Any]:
    response = response_submit(
        actor=world.worker,
        client=world.client,
        instrument_code="functional_capacity",
        answers={"overall": 6, "mental_1": 4, "mental_2": 2, "mental_3": 4},
    )
    _pending, token = response_link_send(
        actor=world.worker, client=world.client, instrument_code="functional_capacity"
    )
    return {"response_id": response.pk, "link_token": token, "instrument_code": "functional_capacity"}
