"""Client endpoints of the API."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from ninja import Field, Query, Router, Schema

from polku.accounts.models import AuthedRequest
from polku.clients.models import Client
from polku.clients.selectors import QUERY_MAX_LENGTH, client_get_for_user, client_search
from polku.core.schemas import ErrorOut, PageOut, PageQuery

router = Router(tags=["clients"])


class ContactDetails(Schema):
    phone: str
    email: str
    street_address: str
    postal_code: str
    post_office: str


class ClientOut(Schema):
    id: UUID
    hetu: str
    first_name: str
    last_name: str
    birth_date: date
    age: int
    language: str
    municipality: str | None
    gender: str
    labour_market_status: str
    address_protection: bool
    contact: ContactDetails | None
    version: int

    @staticmethod
    def from_client(client: Client) -> ClientOut:
        contact = None
        if not client.address_protection:
            contact = ContactDetails(**{name: getattr(client, name) for name in Client.CONTACT_FIELDS})
        return ClientOut(
            id=client.pk,
            hetu=client.hetu,
            first_name=client.first_name,
            last_name=client.last_name,
            birth_date=client.birth_date,
            age=client.age,
            language=client.language,
            # Turvakielto covers the municipality of residence too (Population Information Act 36 §).
            municipality=(
                client.municipality.name if client.municipality and not client.address_protection else None
            ),
            address_protection=client.address_protection,
            gender=client.gender,
            labour_market_status=client.labour_market_status,
            contact=contact,
            version=client.version,
        )


class ClientSearchQuery(PageQuery):
    q: str = Field(
        min_length=1,
        max_length=QUERY_MAX_LENGTH,
        description="a full henkilötunnus, or words that each begin the last name or the first names",
    )


class ClientFoundOut(Schema):
    id: UUID
    first_name: str
    last_name: str
    birth_date: date
    age: int
    municipality: str | None
    address_protection: bool

    @staticmethod
    def from_client(client: Client) -> ClientFoundOut:
        return ClientFoundOut(
            id=client.pk,
            first_name=client.first_name,
            last_name=client.last_name,
            birth_date=client.birth_date,
            age=client.age,
            municipality=(
                client.municipality.name if client.municipality and not client.address_protection else None
            ),
            address_protection=client.address_protection,
        )


class ClientSearchOut(PageOut):
    items: list[ClientFoundOut]


@router.get(
    "/",
    response={200: ClientSearchOut, 400: ErrorOut, 401: ErrorOut},
    url_name="client_search",
)
def client_search_endpoint(request: AuthedRequest, query: Query[ClientSearchQuery]) -> ClientSearchOut:
    """Clients the caller may see whose henkilötunnus is `q`, or whose names begin with every word of `q`,
    in the order last name, first names, `limit` at a time from `offset`. Each client returned is written
    in the use log."""
    found = client_search(
        user=request.user, query=query.q, view="api:client_search", limit=query.limit, offset=query.offset
    )
    return ClientSearchOut(
        items=[ClientFoundOut.from_client(client) for client in found.items],
        count=found.count,
        limit=found.limit,
        offset=found.offset,
    )


@router.get(
    "/{client_id}",
    response={200: ClientOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    url_name="client_detail",
)
def client_detail(request: AuthedRequest, client_id: UUID) -> ClientOut:
    """A client's basic data. Contact details and the municipality are null under address protection
    (turvakielto)."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="api:client_detail")
    return ClientOut.from_client(client)
