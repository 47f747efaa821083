"""The API of financial social work: Ville's rent deposit from application to decision, the budget's
stale save, and hostile input refused with 400 and nothing stored."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, get_args

import pytest
from django.utils import timezone

from polku.accounts.services import token_create
from polku.finance.api_assistance import Category
from polku.finance.models import Application, BasicCategory, BudgetVersion, Debt
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_the_api_names_every_basic_amount_of_the_model() -> None:
    assert set(get_args(Category)) == set(BasicCategory.values)


def _api(client: Any, world: World) -> tuple[Any, dict[str, str]]:
    return client, {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.worker)}"}


def test_an_application_from_registration_to_the_decision(client: Any, world: World) -> None:
    api, auth = _api(client, world)
    received = timezone.localdate() - timedelta(days=2)
    made = api.post(
        f"/api/v1/clients/{world.client.pk}/assistance-applications",
        {"kind": "supplementary", "received_on": received.isoformat(), "what_for": "Vuokravakuus"},
        content_type="application/json",
        **auth,
    )
    assert made.status_code == 201, made.content
    body = made.json()
    url = f"/api/v1/assistance-applications/{body['id']}"
    done = api.post(
        f"{url}/complete",
        {"version": body["version"], "complete_on": received.isoformat()},
        content_type="application/json",
        **auth,
    ).json()
    assert done["status"] == "complete" and done["due_on"]
    month = {"period_start": "2026-03-01", "period_end": "2026-03-31"}
    twice = api.put(
        f"{url}/calculation",
        {
            "version": done["version"],
            **month,
            "persons": [{"category": "alone"}, {"category": "alone"}],
            "lines": [],
        },
        content_type="application/json",
        **auth,
    )
    assert twice.status_code == 400 and "persons" in twice.json()["errors"]
    lines = [
        {"direction": "expense", "kind": "rent_deposit", "amount": "1120.00"},
        {"direction": "income", "kind": "unemployment", "amount": "578.43"},
    ]
    calc = api.put(
        f"{url}/calculation",
        {"version": done["version"], **month, "persons": [{"category": "alone"}], "lines": lines},
        content_type="application/json",
        **auth,
    ).json()
    assert calc["calculation"]["shortfall"] == "1120.00"
    no_payee = api.put(
        f"{url}/grants",
        {
            "version": calc["version"],
            "grants": [{"kind": "rent_deposit", "amount": "1120.00", "method": "commitment"}],
        },
        content_type="application/json",
        **auth,
    )
    assert no_payee.status_code == 400 and "payee" in no_payee.json()["errors"]
    granted = api.put(
        f"{url}/grants",
        {
            "version": calc["version"],
            "grants": [
                {"kind": "rent_deposit", "amount": "1120.00", "method": "commitment", "payee": "Kotikaari Oy"}
            ],
        },
        content_type="application/json",
        **auth,
    ).json()
    draft = api.post(
        f"{url}/decision",
        {"decision_text": "Myönnetään vuokravakuus.", "grounds": "Laskelman mukainen alijäämä."},
        content_type="application/json",
        **auth,
    ).json()
    assert (
        draft["decision_type"] == "supplementary_assistance"
        and granted["grants"][0]["payee"] == "Kotikaari Oy"
    )
    decided = api.post(
        f"/api/v1/decisions/{draft['id']}/make",
        {"version": draft["version"]},
        content_type="application/json",
        **auth,
    )
    assert decided.status_code == 200, decided.content
    assert Application.objects.get(pk=body["id"]).status == "decided"


@pytest.mark.parametrize(
    "amount",
    ["-1.00", "1000000.01", "1.001", "NaN", "Infinity", 1e308],
)
def test_hostile_amounts_are_400_and_nothing_is_stored(client: Any, world: World, amount: Any) -> None:
    api, auth = _api(client, world)
    answer = api.post(
        f"/api/v1/clients/{world.client.pk}/debts",
        {"creditor": "=HYPERLINK(1)", "kind": "energy", "amount": amount},
        content_type="application/json",
        **auth,
    )
    assert answer.status_code == 400, answer.content
    assert not Debt.objects.exists()


def test_a_stale_budget_save_is_409_and_stores_nothing(client: Any, world: World) -> None:
    api, auth = _api(client, world)
    budget = {
        "month": timezone.localdate().replace(day=1).isoformat(),
        "expected_number": 0,
        "lines": [{"direction": "expense", "kind": "rent", "amount": "650.00"}],
    }
    url = f"/api/v1/clients/{world.client.pk}/budget"
    assert api.post(url, budget, content_type="application/json", **auth).status_code == 201
    assert api.post(url, budget, content_type="application/json", **auth).status_code == 409
    assert BudgetVersion.objects.count() == 1
    money = api.get(f"/api/v1/clients/{world.client.pk}/money", **auth).json()
    assert money["budget"]["expenses"] == "650.00" and money["budget"]["shortfall"] == "650.00"
    other = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=world.other_worker)}"}
    assert api.get(f"/api/v1/clients/{world.client.pk}/money", **other).status_code == 404
