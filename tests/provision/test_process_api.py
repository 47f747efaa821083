"""The client process II API: plans, decisions, services, groups, attendance and reviews, through the same
services as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils import timezone

from polku.accounts.models import Organisation, OrganisationKind
from polku.accounts.services import token_create
from polku.provision.models import Attendance, ServiceOffering
from tests.conftest import World

pytestmark = pytest.mark.django_db


def call(client: Any, user: Any, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}
    if method == "get":
        return client.get(url, **headers)
    return getattr(client, method)(
        url, json.dumps(body or {}, default=str), content_type="application/json", **headers
    )


def test_the_schema_documents_the_process_endpoints(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/clients/{client_id}/decisions",
        "/api/v1/decisions/{decision_id}/notify",
        "/api/v1/clients/{client_id}/plan",
        "/api/v1/episodes/{episode_id}/implementation-plan",
        "/api/v1/groups/{group_id}/sessions",
        "/api/v1/sessions/{session_id}/attendance",
        "/api/v1/episodes/{episode_id}/reviews",
    ):
        assert path in paths


def test_plan_decision_service_attendance_and_review_through_the_api(client: Any, world: World) -> None:
    provider = Organisation.objects.create(name="Verso", kind=OrganisationKind.PROVIDER)
    ServiceOffering.objects.create(
        provider=provider, kind="social_rehabilitation", name="Sosiaalinen kuntoutus"
    )
    world.provider.organisation = provider
    world.provider.save()
    plan = call(
        client,
        world.worker,
        "post",
        f"/api/v1/clients/{world.client.pk}/plan",
        {
            "client_view_of_need": "Laskut",
            "professional_view_of_need": "Talous",
            "meeting_frequency": "kuukausittain",
            "goals": [{"text": "Laskut hoidossa", "owner": "client"}],
        },
    )
    assert plan.status_code == 201, plan.content
    no_owner = call(
        client,
        world.worker,
        "post",
        f"/api/v1/clients/{world.client.pk}/plan",
        {
            "based_on": 1,
            "client_view_of_need": "x",
            "professional_view_of_need": "y",
            "meeting_frequency": "z",
            "goals": [{"text": "Ilman omistajaa", "owner": ""}],
        },
    )
    assert no_owner.status_code == 400 and "goals" in no_owner.json()["errors"]

    draft = call(
        client,
        world.worker,
        "post",
        f"/api/v1/clients/{world.client.pk}/decisions",
        {"decision_type": "social_rehabilitation", "provider_id": str(provider.pk)},
    )
    assert draft.status_code == 201
    unfounded = call(
        client, world.worker, "post", f"/api/v1/decisions/{draft.json()['id']}/make", {"version": 1}
    )
    assert unfounded.status_code == 400 and {"grounds", "legal_basis"} <= set(unfounded.json()["errors"])

    draft = call(
        client,
        world.worker,
        "post",
        f"/api/v1/clients/{world.client.pk}/decisions",
        {
            "decision_type": "social_rehabilitation",
            "provider_id": str(provider.pk),
            "decision_text": "Myönnetään.",
            "grounds": "Arvio.",
            "legal_basis": "SHL 17 §",
        },
    ).json()
    made = call(
        client, world.worker, "post", f"/api/v1/decisions/{draft['id']}/make", {"version": draft["version"]}
    )
    assert made.json()["status"] == "decided"
    notified = call(
        client,
        world.worker,
        "post",
        f"/api/v1/decisions/{draft['id']}/notify",
        {"method": "letter", "sent_on": timezone.localdate().isoformat()},
    )
    assert notified.json()["appeal_last_day"] is not None

    listed = call(client, world.provider, "get", "/api/v1/episodes").json()
    assert listed["count"] == 1 and (listed["limit"], listed["offset"]) == (50, 0)
    episodes = listed["items"]
    assert [e["client_id"] for e in episodes] == [str(world.client.pk)]
    episode_id = episodes[0]["id"]
    planned = call(
        client,
        world.provider,
        "put",
        f"/api/v1/episodes/{episode_id}/implementation-plan",
        {"goals": [{"text": "Päivärytmi"}, {"text": "Laskut", "client_words": "Maksan itse"}]},
    )
    goals = planned.json()["goals"]
    group = call(client, world.provider, "post", "/api/v1/groups", {"name": "Elokuvaryhmä"}).json()
    call(client, world.provider, "post", f"/api/v1/groups/{group['id']}/members", {"episode_id": episode_id})
    session = call(
        client,
        world.provider,
        "post",
        f"/api/v1/groups/{group['id']}/sessions",
        {"date": timezone.localdate().isoformat()},
    ).json()
    mark = call(
        client,
        world.provider,
        "post",
        f"/api/v1/sessions/{session['id']}/attendance",
        {"episode_id": episode_id, "status": "present"},
    )
    assert mark.status_code == 201 and Attendance.objects.get().status == "present"
    review = call(
        client,
        world.worker,
        "post",
        f"/api/v1/episodes/{episode_id}/reviews",
        {
            "date": timezone.localdate().isoformat(),
            "participants": "Ville, Sari, Teemu",
            "client_view": "Hyvä",
            "next_steps": "Työtoiminta",
            "ratings": [{"goal_id": g["id"], "score": 4} for g in goals],
        },
    )
    assert review.status_code == 201, review.content
    assert call(client, world.other_worker, "get", f"/api/v1/episodes/{episode_id}").status_code == 404
