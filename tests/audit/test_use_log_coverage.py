"""ATL 10: every page or endpoint that shows client data writes a use-log row.

The test walks every URL pattern of the project, fills its parameters with objects that the signed-in
worker may see, and requests it. Whenever a response shows the client's data (their unusual last name or
their henkilötunnus or id), a use-log row for that client and that view must have been written by the request.
A new view is covered without anyone remembering to add it; a new URL parameter the walker cannot fill
fails the test until it is taught here.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from polku.audit.models import UseLogEntry
from polku.casework.models import DeadlinePolicy, ReasonCode
from polku.clients.models import Client, ClientRelationship
from tests.conftest import World

# Namespaces outside the walk, each with its reason.
SKIPPED_NAMESPACES = {
    # Client models are not registered in the admin site (asserted below), so it shows no client data.
    "admin",
}

# Views that must be found showing client data: guards against a walk that silently checks nothing.
KNOWN_CLIENT_DATA_VIEWS = {
    "clients:search",
    "clients:detail",
    "clients:edit",
    "clients:sharing",
    "api:client_detail",
    "api:client_search",
    "casework:queue",
    "casework:deadlines",
    "casework:timeline",
    "api:initiation_list",
    "api:initiation_detail",
    "api:client_timeline",
    "casework:case",
    "casework:assessment",
    "casework:caseload",
    "decisions:detail",
    "decisions:client",
    "decisions:create",
    "casework:log_extracts",
    "casework:log_extract",
    "api:log_extract_requests",
    "api:log_extract",
    "casework:log_extract_json",
    "appointments:client",
    "appointments:client_section",
    "appointments:detail",
}


@dataclass(frozen=True)
class Route:
    name: str
    parameters: tuple[str, ...]


def walk(patterns: list[Any], namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            if full.split(":")[0] in SKIPPED_NAMESPACES:
                continue
            yield from walk(entry.url_patterns, full)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {entry.pattern} has no name: name it so that it can be walked"
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Route(name, tuple(entry.pattern.converters))


def parameter_values(world: World) -> dict[str, Any]:
    """Values for URL parameters, from every tests/audit/params_*.py module's `values(world)`: each app
    that adds a URL parameter teaches the walker in a module of its own."""
    values: dict[str, Any] = {}
    for module_info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module_info.name.startswith("params_"):
            module = importlib.import_module(f"tests.audit.{module_info.name}")
            values |= module.values(world)
    return values


def test_client_models_are_not_in_the_admin_site() -> None:
    client_models = {Client, ClientRelationship} | {
        model
        for model in apps.get_app_config("casework").get_models()
        if model not in (ReasonCode, DeadlinePolicy)
    }
    assert not client_models & set(admin.site._registry)


@pytest.mark.django_db
def test_every_view_that_shows_client_data_writes_a_use_log_row(client: Any, world: World) -> None:
    client.force_login(world.worker)
    values = parameter_values(world)
    sentinels = [world.client.last_name, world.client.hetu, str(world.client.pk)]
    showed_client_data: set[str] = set()
    routes = sorted(set(walk(get_resolver().url_patterns)), key=lambda r: r.name)
    assert routes, "the walk found no URL patterns"

    for route in routes:
        missing = [p for p in route.parameters if p not in values]
        assert not missing, f"{route.name}: teach this test a value for URL parameter(s) {missing}"
        url = reverse(route.name, kwargs={p: values[p] for p in route.parameters})
        before = UseLogEntry.objects.filter(client_id=world.client.pk, view=route.name).count()
        response = client.get(url, {"q": world.client.last_name})
        content = b"".join(response.streaming_content) if response.streaming else response.content
        body = content.decode("utf-8", errors="replace")
        if any(sentinel in body for sentinel in sentinels):
            showed_client_data.add(route.name)
            after = UseLogEntry.objects.filter(client_id=world.client.pk, view=route.name).count()
            assert after > before, f"{route.name} ({url}) shows client data but wrote no use-log row"

    assert showed_client_data >= KNOWN_CLIENT_DATA_VIEWS, (
        f"expected these views to show the client: {KNOWN_CLIENT_DATA_VIEWS - showed_client_data}"
    )


@pytest.mark.django_db
def test_a_use_log_row_names_the_user_the_client_the_view_and_the_purpose(client: Any, world: World) -> None:
    client.force_login(world.worker)
    client.get(reverse("clients:detail", kwargs={"client_id": world.client.pk}))
    row = UseLogEntry.objects.get(client_id=world.client.pk, view="clients:detail")
    assert row.user_id == str(world.worker.pk)
    assert row.username == world.worker.username
    assert row.user_full_name == world.worker.get_full_name()
    assert row.action == "read"
    assert row.object_type == "client"
    assert row.object_id == str(world.client.pk)
    assert row.purpose == "client_work"
    assert row.at is not None


@pytest.mark.django_db
def test_a_refused_look_writes_no_row_and_reveals_nothing(client: Any, world: World) -> None:
    client.force_login(world.other_worker)
    response = client.get(reverse("clients:detail", kwargs={"client_id": world.client.pk}))
    assert response.status_code == 404
    assert world.client.last_name not in response.content.decode()
    assert not UseLogEntry.objects.filter(client_id=world.client.pk).exists()


@pytest.mark.django_db
def test_the_use_log_cannot_be_edited_or_deleted(client: Any, world: World) -> None:
    client.force_login(world.worker)
    client.get(reverse("clients:detail", kwargs={"client_id": world.client.pk}))
    row = UseLogEntry.objects.get(client_id=world.client.pk)
    row.purpose = "something else"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
