"""Reads of client data. Each function checks access through `Client.objects.visible_to` and writes
use-log rows (ATL 10) for every client whose data it returns."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404

from polku.accounts.models import Role, User
from polku.audit.models import Purpose
from polku.audit.services import use_log_write
from polku.clients.hetu import looks_like_hetu, parse_hetu
from polku.clients.models import Client
from polku.core.crypto import search_hash

SEARCH_LIMIT = 50


def purpose_for(user: User) -> str:
    return Purpose.SUPERVISION if user.role == Role.TEAM_MANAGER else Purpose.CLIENT_WORK


def works_with_client(user: User, client: Client) -> bool:
    """Whether `user` does client work for `client` (a worker of the client's team, the personal worker,
    or the team's manager): the same people who may see the client."""
    return Client.objects.visible_to(user).filter(pk=client.pk).exists()


def client_get_for_user(*, user: User, client_id: UUID | str, view: str) -> Client:
    """The client, if `user` may see them; 404 otherwise, so that a refused user learns nothing."""
    try:
        client = Client.objects.visible_to(user).select_related("municipality").get(pk=client_id)
    except (Client.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such client.") from exc
    use_log_write(
        actor=user, client_ids=[client.pk], view=view, object_type="client", purpose=purpose_for(user)
    )
    return client


def client_search(*, user: User, query: str, view: str, limit: int = SEARCH_LIMIT) -> list[Client]:
    """Clients visible to `user` matching a henkilötunnus exactly, or every word of a name by prefix."""
    query = " ".join(query.split())
    if not query:
        return []
    clients = Client.objects.visible_to(user)
    if looks_like_hetu(query):
        try:
            hetu = parse_hetu(query)
        except ValidationError:
            return []
        clients = clients.filter(hetu_hash=search_hash(hetu.value))
    else:
        for word in query.split():
            clients = clients.filter(Q(last_name__istartswith=word) | Q(first_name__istartswith=word))
    found = list(clients.select_related("municipality").order_by("last_name", "first_name", "pk")[:limit])
    use_log_write(
        actor=user,
        client_ids=[c.pk for c in found],
        view=view,
        object_type="client_search_result",
        purpose=purpose_for(user),
    )
    return found
