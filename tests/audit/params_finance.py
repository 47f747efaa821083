"""URL parameter values of the financial social work pages for the use-log walker and the access matrix:
a household member, a budget version, a debt and a social assistance application of the world's client."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from polku.finance.models import Application
from polku.finance.services_assistance import application_register
from polku.finance.services_credit import credit_agree
from polku.finance.services_household import (
    BudgetLineIn,
    budget_link_create,
    budget_version_save,
    debt_add,
    member_add,
)
from tests.conftest import World


def values(world: World) -> dict[str, Any]:
    actor, client = world.worker, world.client
    member = member_add(actor=actor, client=client, first_name="Sanna", relation="spouse")
    version = budget_version_save(
        actor=actor,
        client=client,
        month=timezone.localdate().replace(day=1),
        lines=[BudgetLineIn("income", "unemployment", Decimal("750.00"), payer="Kela")],
        expected_number=0,
    )
    debt = debt_add(
        actor=actor, client=client, creditor="Vuokra-Koti Oy", kind="rent_arrears", amount=Decimal("1240.00")
    )
    application = application_register(
        actor=actor,
        client=client,
        kind="supplementary",
        received_on=timezone.localdate() - timedelta(days=1),
        what_for="Vuokravakuus",
    )
    credit_application = application_register(
        actor=actor,
        client=client,
        kind="social_credit",
        received_on=timezone.localdate() - timedelta(days=2),
        what_for="Luotto kodinkoneisiin",
    )
    Application.objects.filter(pk=credit_application.pk).update(status="decided", outcome="granted")
    credit_application.refresh_from_db()
    agreement = credit_agree(
        actor=actor,
        application=credit_application,
        amount=Decimal("1200.00"),
        interest_rate=Decimal("0"),
        reference_rate=Decimal("2.00"),
        months=12,
        first_due_on=timezone.localdate(),
        counselling="Talousneuvonta omatyöntekijän tapaamisilla.",
    )
    return {
        "budget_token": budget_link_create(actor=actor, client=client),
        "agreement_id": agreement.pk,
        "number": 1,
        "member_id": member.pk,
        "budget_version_id": version.pk,
        "debt_id": debt.pk,
        "application_id": application.pk,
    }
