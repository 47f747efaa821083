"""Refused reads of signed-in users leave a security-log row with their name (issue #10, item 4)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from polku.accounts.services import token_create
from polku.audit.chain import seal_all, verify
from polku.audit.models import SecurityLogEntry
from tests.audit.tampering import backdate
from tests.conftest import World


def denied(*args: str) -> str:
    out = StringIO()
    call_command("registry", "denied", *args, stdout=out)
    return out.getvalue()


def test_a_worker_of_another_team_probing_a_client_page_is_logged_by_name(client: Any, world: World) -> None:
    client.force_login(world.other_worker)
    path = reverse("clients:detail", kwargs={"client_id": world.client.pk})
    assert client.get(path).status_code == 404
    row = SecurityLogEntry.objects.get()
    assert (row.username, row.user_id, row.method, row.path, row.status) == (
        world.other_worker.username,
        str(world.other_worker.pk),
        "GET",
        path,
        404,
    )
    assert seal_all()["security"] == 1  # the background worker's round seals it into the chain
    row.refresh_from_db()
    assert row.seq == 1
    assert verify(SecurityLogEntry).finding is None
    assert f"{world.other_worker.username}\t404\tGET {path}" in denied()


def test_an_api_token_read_of_a_client_not_theirs_is_logged_by_name(client: Any, world: World) -> None:
    token = token_create(user=world.other_worker)
    response = client.get(f"/api/v1/clients/{world.client.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code in (403, 404)
    row = SecurityLogEntry.objects.get()
    assert row.username == world.other_worker.username
    assert row.path == f"/api/v1/clients/{world.client.pk}"
    assert row.status == response.status_code


def test_allowed_reads_anonymous_visitors_and_static_files_leave_no_row(client: Any, world: World) -> None:
    assert client.get(f"/api/v1/clients/{world.client.pk}").status_code in (401, 403)  # not signed in
    client.force_login(world.worker)
    assert client.get(reverse("clients:detail", kwargs={"client_id": world.client.pk})).status_code == 200
    assert client.get("/static/no-such-file.css").status_code == 404
    assert not SecurityLogEntry.objects.exists()


def test_denied_lists_by_user_and_since(client: Any, world: World) -> None:
    for user in (world.other_worker, world.provider):
        client.force_login(user)
        client.get(reverse("clients:detail", kwargs={"client_id": world.client.pk}))
    backdate(SecurityLogEntry, timezone.now() - timedelta(days=30), username=world.provider.username)
    listed = denied("--user", world.other_worker.username)
    assert world.other_worker.username in listed and world.provider.username not in listed
    recent = denied("--since", (timezone.now() - timedelta(days=1)).date().isoformat())
    assert "1 refused requests" in recent and world.provider.username not in recent
    assert "2 refused requests" in denied()


def test_the_security_log_is_append_only(world: World, client: Any) -> None:
    client.force_login(world.other_worker)
    client.get(reverse("clients:detail", kwargs={"client_id": world.client.pk}))
    row = SecurityLogEntry.objects.get()
    row.username = "someone-else"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
