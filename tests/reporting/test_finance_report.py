"""The figures of financial social work (issue 16): counted for the reader's teams, every group of fewer
clients than the threshold hidden with its money, the handling time and the shortfalls that fell."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.finance.models import Application, Grant
from polku.finance.services_household import BudgetLineIn, budget_version_save
from polku.reporting.finance import finance_figures
from tests.conftest import World
from tests.factories import ClientFactory, RelationshipFactory

pytestmark = pytest.mark.django_db
D = Decimal


def _decided(world: World, clients: int, *, kind: str = "rent_deposit") -> None:
    today = timezone.localdate()
    for _ in range(clients):
        client = ClientFactory()
        RelationshipFactory(client=client, team=world.team)
        application = Application.objects.create(
            client=client,
            kind="supplementary",
            received_on=today - timedelta(days=10),
            complete_on=today - timedelta(days=9),
            due_on=today - timedelta(days=1),
            decided_on=today - timedelta(days=5),
            status="decided",
            outcome="granted",
            what_for="x",
        )
        Grant.objects.create(
            application=application, kind=kind, amount=D("500.00"), method="commitment", payee="Oy"
        )


def test_a_group_of_five_is_shown_and_of_four_hidden_with_its_money(world: World) -> None:
    _decided(world, 5)
    _decided(world, 4, kind="moving")
    today = timezone.localdate()
    figures = finance_figures(user=world.manager, first=today - timedelta(days=30), last=today)
    granted = {kind: cell for kind, _method, cell in figures.granted}
    assert (granted["vuokravakuus"].count, granted["vuokravakuus"].euros) == (5, D("2500.00"))
    assert (granted["muuttokustannukset"].count, granted["muuttokustannukset"].euros) == (None, None)
    assert figures.handling is not None and figures.handling.count == 9
    # Complete 9 days ago, decided 5 days ago: 4 days each; all by their due date.
    assert (figures.handling_median_days, figures.handling_in_time_percent) == (4.0, 100.0)


def test_another_teams_manager_sees_nothing_of_these_clients(world: World) -> None:
    _decided(world, 6)
    other_manager = type(world.manager).objects.create(
        username="other-manager", role="team_manager", organisation=world.manager.organisation
    )
    other_manager.teams.set([world.other_team])
    today = timezone.localdate()
    assert finance_figures(user=other_manager, first=today - timedelta(days=30), last=today).granted == []


def test_clients_whose_shortfall_fell(world: World, client: Any) -> None:
    lines_before = [
        BudgetLineIn("expense", "rent", D("800.00")),
        BudgetLineIn("income", "pension", D("700.00")),
    ]
    lines_after = [
        BudgetLineIn("expense", "rent", D("600.00")),
        BudgetLineIn("income", "pension", D("700.00")),
    ]
    for _ in range(5):
        person = ClientFactory()
        RelationshipFactory(client=person, team=world.team)
        month = timezone.localdate().replace(day=1)
        budget_version_save(
            actor=world.worker, client=person, month=month, lines=lines_before, expected_number=0
        )
        budget_version_save(
            actor=world.worker, client=person, month=month, lines=lines_after, expected_number=1
        )
    client.force_login(world.manager)
    page = client.get(reverse("reporting:finance"))
    assert page.status_code == 200
    shortfall = page.context["figures"].shortfall
    assert (shortfall["fell"].count, shortfall["same"].count, shortfall["rose"].count) == (5, 0, 0)
    client.force_login(world.worker)
    assert client.get(reverse("reporting:finance")).status_code == 403
