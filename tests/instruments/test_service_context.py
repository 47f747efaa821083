"""Answers given while the client is in a service carry that service, its provider and groups, so that the
effectiveness report can be broken down by them."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from polku.instruments.services import response_start, running_services_context
from polku.provision.models import Group
from polku.provision.services import episode_end, episode_start
from polku.reporting.effectiveness import VALUE_LABELLERS
from tests.conftest import World
from tests.factories import catalogued_provider

pytestmark = pytest.mark.django_db


def test_an_answer_started_during_a_service_records_the_service_provider_and_group(world: World) -> None:
    provider = catalogued_provider("Kuntoutuspaja Verso Oy")
    episode = episode_start(
        actor=world.worker,
        client=world.client,
        kind="social_rehabilitation",
        name="",
        provider=provider,
        start_date=date(2026, 9, 1),
    )
    film = Group.objects.create(provider=provider, name="Elokuvaryhmä")
    film.members.add(episode)
    response = response_start(actor=world.worker, client=world.client, instrument_code="functional_capacity")
    assert response.context == {
        "service": ["social_rehabilitation"],
        "provider": [str(provider.pk)],
        "group": [str(film.pk)],
    }
    assert VALUE_LABELLERS["group"]([str(film.pk)]) == {str(film.pk): "Elokuvaryhmä"}
    assert VALUE_LABELLERS["provider"]([str(provider.pk)]) == {str(provider.pk): "Kuntoutuspaja Verso Oy"}

    episode_end(actor=world.worker, episode=episode, ended_on=timezone.localdate(), summary="Päättyi.")
    assert running_services_context(world.client) == {}


def test_a_context_given_explicitly_is_kept(world: World) -> None:
    response = response_start(
        actor=world.worker,
        client=world.client,
        instrument_code="functional_capacity",
        context={"service": ["other"]},
    )
    assert response.context == {"service": ["other"]}
