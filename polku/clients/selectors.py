"""Reads of client data. Each function checks access through `Client.objects.visible_to` and writes
use-log rows (ATL 10) for every client whose data it returns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from polku.accounts.models import Role, User
from polku.audit.models import Purpose
from polku.audit.services import use_log_write
from polku.clients.hetu import age_on, looks_like_hetu, parse_hetu
from polku.clients.models import Client
from polku.core.collation import search_word
from polku.core.crypto import search_hash
from polku.core.pagination import Slice, page_counted, slice_of

SEARCH_LIMIT = 50
# What a search box takes (the form's and the API's limit); a longer query is no name anyone searches for.
QUERY_MAX_LENGTH = 100


def purpose_for(user: User) -> str:
    return Purpose.SUPERVISION if user.role == Role.TEAM_MANAGER else Purpose.CLIENT_WORK


def works_with_client(user: User, client: Client) -> bool:
    """Whether `user` does client work for `client` (a worker of the client's team, the personal worker,
    or the team's manager): the same people who may see the client."""
    return Client.objects.visible_to(user).filter(pk=client.pk).exists()


def register_keeper(client: Client) -> str:
    """The organisation whose social welfare client register the client's data is in: the team's
    organisation of the client's latest relationship ("" for a client with none)."""
    relationship = client.relationships.select_related("team__organisation").order_by("-started_at").first()
    return str(relationship.team.organisation) if relationship is not None else ""


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


@dataclass(frozen=True)
class RelationshipRow:
    """A client relationship as the client page lists it."""

    team: str
    started_at: datetime
    ended_at: datetime | None
    personal_worker: str


def client_relationship_rows(client: Client) -> list[RelationshipRow]:
    """The client's relationships, newest first, read as the client page shows them (`client` is one the
    caller got through `client_get_for_user`)."""
    rows = client.relationships.order_by("-started_at", "-pk").values_list(
        "team__name",
        "started_at",
        "ended_at",
        "personal_worker__first_name",
        "personal_worker__last_name",
        "personal_worker__username",
    )
    return [
        RelationshipRow(team, started, ended, f"{first} {last}".strip() or (username or ""))
        for team, started, ended, first, last, username in rows
    ]


def clients_matching(*, user: User, query: str) -> QuerySet[Client]:
    """The clients visible to `user` that `query` finds, in the order the search shows them (no log row:
    the caller logs the clients it shows).

    A henkilötunnus finds its client exactly (through the keyed hash; an invalid one finds no one); other
    words each match the start of the last name or of the first names, in any letter case. The words are
    matched as text: `%` and `_` are no wildcards (Django escapes them for `istartswith`), and on PostgreSQL
    each word is a range scan of the `UPPER(…) text_pattern_ops` indexes (migration 0004). The order ends
    with the primary key, so that a page of the result never repeats or skips a client.
    """
    query = " ".join(query.split())
    if not query or "\x00" in query or len(query) > QUERY_MAX_LENGTH:
        return Client.objects.none()
    clients = Client.objects.visible_to(user)
    if looks_like_hetu(query):
        try:
            hetu = parse_hetu(query)
        except ValidationError:
            return Client.objects.none()
        clients = clients.filter(hetu_hash=search_hash(hetu.value))
    else:
        for typed in query.split():
            word = search_word(typed, connection.vendor)
            clients = clients.filter(Q(last_name__istartswith=word) | Q(first_name__istartswith=word))
    return clients.select_related("municipality").order_by("last_name", "first_name", "pk")


@dataclass(frozen=True)
class SearchRow:
    """What the search result shows of a client: never the contact details, the municipality only when the
    client has no address protection."""

    pk: UUID
    name: str  # last name first, as the result is sorted
    birth_date: date
    age: int
    address_protection: bool
    municipality: str


def client_search_page(*, user: User, query: str, request: HttpRequest, view: str) -> Page:
    """The page of the search result that `request` asks for (`?page=`), with one use-log row (ATL 10)
    for each client on it, written in one statement. Only what the result shows is read (`SearchRow`), in
    one query with the length of the result (`page_counted`)."""
    found = clients_matching(user=user, query=query).values_list(
        "pk", "last_name", "first_name", "birth_date", "address_protection", "municipality__name"
    )
    page = page_counted(found, request)
    today = timezone.localdate()
    page.object_list = [
        SearchRow(
            pk, f"{last} {first}", born, age_on(born, today), protected, "" if protected else place or ""
        )
        for pk, last, first, born, protected, place in page.object_list
    ]
    _log_search_result(user=user, clients=page.object_list, view=view)
    return page


def client_search(
    *, user: User, query: str, view: str, limit: int = SEARCH_LIMIT, offset: int = 0
) -> Slice[Client]:
    """`limit` clients of the search result from `offset` (the API's paging), each with its use-log row."""
    found = slice_of(clients_matching(user=user, query=query), limit=limit, offset=offset)
    _log_search_result(user=user, clients=found.items, view=view)
    return found


def _log_search_result(*, user: User, clients: Iterable[Client | SearchRow], view: str) -> None:
    client_ids = [c.pk for c in clients]
    if client_ids:
        use_log_write(
            actor=user,
            client_ids=client_ids,
            view=view,
            object_type="client_search_result",
            purpose=purpose_for(user),
        )
