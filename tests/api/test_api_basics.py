"""The API: token and session authentication, one error shape, and GET /api/v1/clients/{id}."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from polku.accounts.services import token_create
from polku.audit.models import UseLogEntry
from polku.clients.models import Client
from tests.conftest import World

pytestmark = pytest.mark.django_db


def url(client_id: Any) -> str:
    return f"/api/v1/clients/{client_id}"


def bearer(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def test_the_openapi_schema_documents_the_client_endpoint(client: Any) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/clients/{client_id}" in schema["paths"]


def test_a_worker_reads_a_client_with_a_token(client: Any, world: World) -> None:
    response = client.get(url(world.client.pk), **bearer(world.worker))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(world.client.pk)
    assert body["hetu"] == world.client.hetu
    assert body["birth_date"] == world.client.birth_date.isoformat()
    assert body["contact"]["phone"] == world.client.phone
    row = UseLogEntry.objects.get(client_id=world.client.pk)
    assert (row.view, row.user_id) == ("api:client_detail", str(world.worker.pk))


def test_the_browser_session_authenticates_too(client: Any, world: World) -> None:
    client.force_login(world.worker)
    assert client.get(url(world.client.pk)).status_code == 200


def test_address_protection_leaves_contact_details_out_of_the_answer(client: Any, world: World) -> None:
    Client.objects.filter(pk=world.client.pk).update(address_protection=True)
    response = client.get(url(world.client.pk), **bearer(world.worker))
    body = response.json()
    assert body["address_protection"] is True
    assert body["contact"] is None
    assert world.client.phone not in response.content.decode()


def test_without_credentials_the_answer_is_401_in_the_error_shape(client: Any, world: World) -> None:
    response = client.get(url(world.client.pk))
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


def test_a_wrong_or_revoked_token_is_401(client: Any, world: World) -> None:
    assert client.get(url(world.client.pk), HTTP_AUTHORIZATION="Bearer polku_nonsense").status_code == 401
    world.worker.api_tokens.all().delete()
    headers = bearer(world.worker)
    world.worker.api_tokens.update(revoked_at="2026-01-01T00:00:00+02:00")
    assert client.get(url(world.client.pk), **headers).status_code == 401


def test_a_client_outside_ones_access_is_404_like_a_missing_one(client: Any, world: World) -> None:
    headers = bearer(world.worker)
    hidden = client.get(url(world.other_client.pk), **headers)
    missing = client.get(url("00000000-0000-0000-0000-000000000000"), **headers)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert not UseLogEntry.objects.exists()


def test_a_malformed_id_is_a_400_naming_the_field(client: Any, world: World) -> None:
    response = client.get(url("not-a-uuid"), **bearer(world.worker))
    assert response.status_code == 400
    body = response.json()
    assert "client_id" in body["errors"]
    assert body["detail"]


def test_the_health_endpoint_needs_no_credentials(client: Any) -> None:
    assert client.get(reverse("api:health")).json() == {"status": "ok"}
