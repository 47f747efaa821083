"""Two first saves of a service's implementation plan at once: one is saved, the other is a clear 409
(someone saved it meanwhile), never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client as Browser

from polku.accounts.services import token_create
from polku.core.models import StaleEditError
from polku.provision.models import Goal, ImplementationPlan, ServiceEpisode
from polku.provision.services import GoalIn, implementation_plan_save
from tests.conftest import World
from tests.factories import provider_of, referred_by_decision
from tests.races import competitor_between_check_and_insert, run_at_once


def _episode(world: World) -> ServiceEpisode:
    return referred_by_decision(
        worker=world.worker, client=world.client, provider=provider_of(world.provider)
    )


@pytest.mark.django_db
def test_a_plan_saved_between_the_check_and_the_insert_makes_this_save_stale(world: World) -> None:
    """The other worker's first plan is saved just after this save found none: this one is refused as
    stale (409), so the other's plan is not overwritten; before, the IntegrityError was a 500."""
    episode = _episode(world)

    def other_worker_saves_first() -> None:
        ImplementationPlan.objects.bulk_create([ImplementationPlan(episode=episode, schedule="Toisen")])

    race = competitor_between_check_and_insert(ImplementationPlan, other_worker_saves_first)
    with race, pytest.raises(StaleEditError):
        implementation_plan_save(actor=world.provider, episode=episode, goals=[GoalIn("Päivärytmi")])
    assert not Goal.objects.exists()  # (the other's plan, made in this test's transaction, is rolled back)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_first_saves_one_is_saved_the_others_are_409(world: World) -> None:
    episode = _episode(world)
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.provider)}"}
    url = f"/api/v1/episodes/{episode.pk}/implementation-plan"

    def first_save(n: int) -> int:
        body = {"goals": [{"text": f"Tavoite {n}"}], "schedule": f"Aikataulu {n}"}
        answer = Browser().put(url, json.dumps(body), content_type="application/json", **headers)
        return answer.status_code

    results = run_at_once(4, first_save)
    assert sorted(results) == [200, 409, 409, 409], results
    plan = ImplementationPlan.objects.get()
    assert [g.text for g in plan.goals.all()] == [f"Tavoite {plan.schedule.split()[-1]}"]
