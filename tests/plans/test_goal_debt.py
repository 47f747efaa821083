"""A goal of the client plan can name the client's debt it is about (issue 16): only the client's own."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from polku.finance.services_household import debt_add
from polku.plans.models import PlanGoal, PlanVersion
from polku.plans.services import GoalIn, plan_create
from tests.conftest import World
from tests.plans.test_client_plan import content

pytestmark = pytest.mark.django_db


def test_a_goal_names_the_clients_debt_and_the_plan_shows_it(client: Any, world: World) -> None:
    debt = debt_add(
        actor=world.worker,
        client=world.client,
        creditor="Vuokra-Koti Oy",
        kind="rent_arrears",
        amount=Decimal("1380"),
    )
    goal = GoalIn("Vuokrarästi maksusuunnitelmaan", "together", debt_id=debt.pk)
    plan_create(actor=world.worker, client=world.client, content=content(goals=[goal]))
    assert PlanGoal.objects.get().debt == debt
    client.force_login(world.worker)
    page = client.get(reverse("plans:client", kwargs={"client_id": world.client.pk})).content.decode()
    assert "Vuokra-Koti Oy, 1\xa0380,00\xa0€" in page
    # The plan's form offers the client's debts for each goal.
    assert f'<option value="{debt.pk}" selected>' in page


def test_a_goal_cannot_name_another_clients_debt(world: World) -> None:
    stranger = debt_add(
        actor=world.other_worker,
        client=world.other_client,
        creditor="Pankki",
        kind="consumer_credit",
        amount=Decimal("5"),
    )
    with pytest.raises(ValidationError) as refused:
        plan_create(
            actor=world.worker,
            client=world.client,
            content=content(goals=[GoalIn("Velka", "client", debt_id=stranger.pk)]),
        )
    assert "goals" in refused.value.message_dict
    assert not PlanVersion.objects.exists()
