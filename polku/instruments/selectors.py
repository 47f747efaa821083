"""Reads of instrument answers. Each goes through `Client.objects.visible_to` and writes a use-log row
for the client whose answers it returns (ATL 10)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from polku.accounts.models import User
from polku.audit.services import use_log_write
from polku.clients.models import Client
from polku.clients.selectors import client_get_for_user, purpose_for
from polku.instruments.definitions import Domain, Instrument, instrument_get
from polku.instruments.models import Response, ResponseStatus

MAX_RESPONSES = 200


def response_get_for_user(*, user: User, response_id: UUID | str, view: str) -> Response:
    """An answer of a client visible to `user`; 404 otherwise."""
    try:
        response = (
            Response.objects.select_related("client", "client__municipality", "link")
            .filter(client_id__in=Client.objects.visible_ids(user))
            .get(pk=response_id)
        )
    except (Response.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such answer.") from exc
    use_log_write(
        actor=user,
        client_ids=[response.client_id],
        view=view,
        object_type="instrument_response",
        object_id=str(response.pk),
        purpose=purpose_for(user),
    )
    return response


def client_responses(*, user: User, client_id: UUID | str, view: str) -> tuple[Client, list[Response]]:
    """The client and their answers to every instrument, newest first."""
    client = client_get_for_user(user=user, client_id=client_id, view=view)
    responses = list(
        Response.objects.filter(client=client)
        .select_related("link")
        .order_by("-answered_at", "-created_at")[:MAX_RESPONSES]
    )
    return client, responses


@dataclass(frozen=True)
class DomainChange:
    domain: Domain
    first: float
    latest: float

    @property
    def difference(self) -> float:
        return round(self.latest - self.first, 2)

    @property
    def beyond_mid(self) -> str:
        """ "improved", "worsened" or "" when the change stays within the minimal important difference."""
        mid = self.domain.minimal_important_difference
        if mid and self.difference >= mid:
            return "improved"
        if mid and self.difference <= -mid:
            return "worsened"
        return ""


@dataclass(frozen=True)
class ClientChange:
    client: Client
    instrument: Instrument
    points: list[tuple[datetime, dict[str, float]]]  # oldest first
    changes: list[DomainChange]


def client_change(*, user: User, client_id: UUID | str, instrument_code: str, view: str) -> ClientChange:
    """Each domain over time for one client: every completed answer, and first against latest."""
    instrument = instrument_get(instrument_code)
    if instrument is None:
        raise ValidationError({"instrument": [_("No such instrument.")]})
    client = client_get_for_user(user=user, client_id=client_id, view=view)
    rows = (
        Response.objects.filter(
            client=client, instrument_code=instrument.code, status=ResponseStatus.COMPLETED
        )
        .order_by("answered_at", "created_at")
        .values_list("answered_at", "scores")[:MAX_RESPONSES]
    )
    points = [(at, scores) for at, scores in rows if at is not None]
    return ClientChange(client=client, instrument=instrument, **change_from(instrument, points))


def change_from(instrument: Instrument, rows: list[tuple[datetime, dict[str, float]]]) -> dict[str, Any]:
    """Points and first-against-latest changes from (answered_at, scores) of completed answers, oldest
    first."""
    points = [(at, scores) for at, scores in rows]
    changes = []
    if len(points) >= 2:
        first, latest = points[0][1], points[-1][1]
        changes = [
            DomainChange(d, first[d.id], latest[d.id])
            for d in instrument.domains
            if d.id in first and d.id in latest
        ]
    return {"points": points, "changes": changes}
