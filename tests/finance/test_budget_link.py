"""The client fills in or corrects the household budget through a one-time link (issue 16): a new version
by the client, the link used up, another browser refused, every read and write logged as the client's."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from polku.audit.models import UseLogEntry
from polku.finance.models import BudgetVersion
from polku.finance.services_household import BudgetLineIn, budget_link_create, budget_version_save
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _form(number: int, rent: str) -> dict[str, str]:
    return {
        "number": str(number),
        "month": timezone.localdate().strftime("1.%m.%Y"),
        "note": "",
        "line-TOTAL_FORMS": "2",
        "line-INITIAL_FORMS": "0",
        "line-MIN_NUM_FORMS": "0",
        "line-MAX_NUM_FORMS": "80",
        "line-0-line": "expense:rent",
        "line-0-amount": rent,
        "line-1-line": "income:pension",
        "line-1-amount": "900.00",
    }


def test_the_client_corrects_the_budget_through_the_link(client: Any, world: World) -> None:
    budget_version_save(
        actor=world.worker,
        client=world.client,
        month=timezone.localdate().replace(day=1),
        lines=[BudgetLineIn("expense", "rent", Decimal("650.00"))],
        expected_number=0,
    )
    client.force_login(world.worker)
    made = client.post(reverse("finance:budget_link", kwargs={"client_id": world.client.pk}))
    url = made.context["url"]
    path = url[url.index("/l/budget/") :]

    person = Browser()
    page = person.get(path)
    assert page.status_code == 200 and "650.00" in page.content.decode()  # the line saved before
    assert Browser().get(path).status_code == 403  # another browser
    refused = person.post(path, _form(1, "-5"))
    assert refused.status_code == 200 and BudgetVersion.objects.count() == 1
    saved = person.post(path, _form(1, "700.00"))
    assert saved.status_code == 200
    latest = BudgetVersion.objects.order_by("-number").first()
    assert latest is not None and (latest.number, latest.by_client, latest.made_by) == (2, True, None)
    assert {(ln.kind, ln.amount) for ln in latest.lines.all()} == {
        ("rent", Decimal("700.00")),
        ("pension", Decimal("900.00")),
    }
    assert person.get(path).status_code == 410  # used up
    views = set(
        UseLogEntry.objects.filter(client_id=world.client.pk, view="budget_fill").values_list(
            "action", flat=True
        )
    )
    assert views == {"read", "write"}


def test_a_stale_save_through_the_link_is_refused(world: World) -> None:
    token = budget_link_create(actor=world.worker, client=world.client)
    person = Browser()
    path = reverse("budget_fill", kwargs={"budget_token": token})
    person.get(path)
    budget_version_save(
        actor=world.worker,
        client=world.client,
        month=timezone.localdate().replace(day=1),
        lines=[BudgetLineIn("expense", "rent", Decimal("650.00"))],
        expected_number=0,
    )
    answer = person.post(path, _form(0, "700.00"))
    assert answer.status_code == 200 and BudgetVersion.objects.count() == 1
