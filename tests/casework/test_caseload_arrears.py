"""The caseload marks the clients with unsettled rent or energy arrears (issue 16), in the same query."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from polku.clients.models import ClientRelationship
from polku.finance.services_household import debt_add, debt_update
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_the_caseload_marks_arrears_until_they_are_settled(client: Any, world: World) -> None:
    ClientRelationship.objects.filter(client=world.client).update(personal_worker=world.worker)
    client.force_login(world.worker)
    url = reverse("casework:caseload")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert 'badge--urgent">' not in client.get(url).content.decode()
    debt = debt_add(
        actor=world.worker,
        client=world.client,
        creditor="Vuokra-Koti Oy",
        kind="rent_arrears",
        amount=Decimal("900"),
    )
    debt_add(
        actor=world.worker,
        client=world.client,
        creditor="Pankki",
        kind="consumer_credit",
        amount=Decimal("50"),
    )
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    assert page.count(f'badge--urgent">{_("arrears")}</span>') == 1  # the consumer credit is no arrears
    assert len(after) == len(before)  # read in the caseload's own query
    debt_update(
        actor=world.worker,
        debt=debt,
        expected_version=debt.version,
        creditor=debt.creditor,
        kind=debt.kind,
        amount=debt.amount,
        status="settled",
    )
    assert 'badge--urgent">' not in client.get(url).content.decode()
