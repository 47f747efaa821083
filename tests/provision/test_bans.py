"""A client's ban stops the provider's workers reading the client's service, however the ban was recorded:
on the provider (by the organisation, or by its name as the client gave it), on the running service's
service task, or on the referral document. Every ban scope against every read a provider's worker has."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from polku.accounts.services import token_create
from polku.clients.consents import Recipient, ban_record, ban_refusal, ban_withdraw
from polku.clients.models import BanScope, DisclosureBan, DocumentType
from polku.provision.models import Group, ServiceEpisode
from polku.provision.services import group_add_member
from tests.conftest import World
from tests.factories import provider_of, referred_by_decision

pytestmark = pytest.mark.django_db

PROVIDER = "Kuntoutuspaja Verso Oy"


def _ban(world: World, episode: ServiceEpisode, scope: str) -> None:
    day = timezone.localdate()
    if scope == "name recorded earlier":  # a row from before names were matched to organisations
        DisclosureBan.objects.create(
            client=world.client,
            scope=BanScope.ORGANISATION,
            given_on=day,
            recipient_name=f" {PROVIDER.lower()}".strip(),
        )
        return
    how: dict[str, dict[str, Any]] = {
        "organisation": {"scope": BanScope.ORGANISATION, "organisation": episode.provider},
        "name": {"scope": BanScope.ORGANISATION, "recipient_name": PROVIDER.upper()},
        "service task": {"scope": BanScope.SERVICE_TASK, "service_task": episode.kind},
        "document": {"scope": BanScope.DOCUMENT, "document_type": DocumentType.REFERRAL},
    }
    ban_record(actor=world.worker, client=world.client, given_on=day, **how[scope])


SCOPES = ("organisation", "name", "name recorded earlier", "service task", "document")


def _reads(browser: Browser, token: str, episode: ServiceEpisode, group: Group) -> dict[str, bool]:
    """Which of the provider's reads (and a write) reach the client's service."""
    headers = {"Authorization": f"Bearer {token}"}
    api = Browser()
    name = episode.client.last_name
    listed = api.get("/api/v1/episodes", headers=headers).json()["items"]
    visit = {"date": timezone.localdate().isoformat(), "minutes": 30, "content": "Kotikäynti"}
    return {
        "API service": api.get(f"/api/v1/episodes/{episode.pk}", headers=headers).status_code == 200,
        "API services": any(e["id"] == str(episode.pk) for e in listed),
        "service page": browser.get(reverse("services:episode", args=[episode.pk])).status_code == 200,
        "services page": name in browser.get(reverse("services:home")).content.decode(),
        "group page": name in browser.get(reverse("services:group", args=[group.pk])).content.decode(),
        "API home visit": api.post(
            f"/api/v1/episodes/{episode.pk}/home-visits",
            visit,
            content_type="application/json",
            headers=headers,
        ).status_code
        == 201,
    }


@pytest.fixture
def served(world: World) -> tuple[ServiceEpisode, Group, Callable[[], dict[str, bool]]]:
    provider = provider_of(world.provider, name=PROVIDER)
    episode = referred_by_decision(worker=world.worker, client=world.client, provider=provider)
    group = Group.objects.create(provider=provider, name="Elokuvaryhmä")
    group_add_member(actor=world.provider, group=group, episode=episode)
    browser = Browser()
    browser.force_login(world.provider)
    token = token_create(user=world.provider)
    return episode, group, lambda: _reads(browser, token, episode, group)


@pytest.mark.parametrize("scope", SCOPES)
def test_every_ban_stops_every_read_of_the_providers_worker(
    world: World, served: tuple[ServiceEpisode, Group, Callable[[], dict[str, Any]]], scope: str
) -> None:
    episode, _group, reads = served
    before = reads()
    assert all(before.values()), f"before the ban the provider reads: {before}"
    _ban(world, episode, scope)
    after = reads()
    assert not any(after.values()), f"after a ban on the {scope} the provider still reads: {after}"
    # The client's own workers still see the service.
    client = Browser()
    client.force_login(world.worker)
    assert client.get(reverse("services:episode", args=[episode.pk])).status_code == 200


def test_a_ban_by_name_is_recorded_on_the_organisation_of_that_name(world: World) -> None:
    provider = provider_of(world.provider, name=PROVIDER)
    ban = ban_record(
        actor=world.worker,
        client=world.client,
        scope=BanScope.ORGANISATION,
        given_on=timezone.localdate(),
        recipient_name=f"  {PROVIDER.lower()} ",
    )
    assert ban.organisation == provider
    assert ban.recipient_name == PROVIDER.lower()


def test_a_ban_on_an_organisation_stops_a_disclosure_to_it_named_by_name(world: World) -> None:
    provider = provider_of(world.provider, name=PROVIDER)
    ban_record(
        actor=world.worker,
        client=world.client,
        scope=BanScope.ORGANISATION,
        given_on=timezone.localdate(),
        organisation=provider,
    )
    # A joint plan's partner is named by name: the ban on the organisation of that name stops it.
    assert ban_refusal(world.client, recipient=Recipient(name=PROVIDER.upper())) is not None
    assert ban_refusal(world.client, recipient=Recipient(name="Työllisyyspalvelut")) is None


def test_a_withdrawn_ban_lets_the_provider_read_again(
    world: World, served: tuple[ServiceEpisode, Group, Callable[[], dict[str, Any]]]
) -> None:
    episode, _group, reads = served
    _ban(world, episode, "service task")
    ban = DisclosureBan.objects.get(client=world.client)
    ban_withdraw(actor=world.worker, ban=ban, expected_version=ban.version)
    assert all(reads().values())
