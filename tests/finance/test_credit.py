"""Social credit (laki sosiaalisesta luototuksesta 1133/2002): the repayment plan by hand, the agreement only
on a granted decision and with the interest at most the reference rate, holidays and repayments."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from polku.finance.credit import repayment_plan
from polku.finance.models import Application, CreditAgreement, Instalment
from polku.finance.services_assistance import application_register
from polku.finance.services_credit import credit_agree, credit_holiday, instalment_pay
from tests.conftest import World

D = Decimal


def test_1200_euros_at_0_percent_over_12_months_is_12_times_100() -> None:
    plan = repayment_plan(
        amount=D("1200.00"), yearly_percent=D("0"), months=12, first_due_on=date(2026, 1, 31)
    )
    assert [p.amount for p in plan] == [D("100.00")] * 12
    # The k-th a month after the one before, on the month's last day where the 31st is missing.
    assert [p.due_on for p in plan[:3]] == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]


def test_1000_euros_at_0_percent_over_3_months_the_last_takes_the_cent() -> None:
    plan = repayment_plan(
        amount=D("1000.00"), yearly_percent=D("0"), months=3, first_due_on=date(2026, 1, 15)
    )
    assert [p.amount for p in plan] == [D("333.33"), D("333.33"), D("333.34")]


def test_1000_euros_at_2_percent_over_10_months_by_hand() -> None:
    """Monthly rate i = 2 % / 12 = 0.1667 %; payment 1000 x i / (1 - (1 + i)^-10) = 1.66667 / 0.016514 =
    100.92. Month 1: interest 1000.00 x i = 1.67, principal 99.25; month 2: 900.75 x i = 1.50; ... month 10:
    100.75 left, interest 0.17, paid 100.92. Interest in all 9.20; principal exactly 1,000.00."""
    plan = repayment_plan(
        amount=D("1000.00"), yearly_percent=D("2"), months=10, first_due_on=date(2026, 1, 31)
    )
    assert [p.interest for p in plan] == [
        D(x) for x in ("1.67", "1.50", "1.34", "1.17", "1.00", "0.84", "0.67", "0.50", "0.34", "0.17")
    ]
    assert {p.amount for p in plan} == {D("100.92")}
    assert sum(p.principal for p in plan) == D("1000.00")
    assert sum(p.interest for p in plan) == D("9.20")


@pytest.fixture
def decided(world: World) -> Application:
    application = application_register(
        actor=world.worker,
        client=world.client,
        kind="social_credit",
        received_on=timezone.localdate() - timedelta(days=5),
        what_for="Luotto pesukoneeseen ja jääkaappiin",
    )
    Application.objects.filter(pk=application.pk).update(status="decided", outcome="granted")
    application.refresh_from_db()
    return application


TERMS: dict[str, Any] = {
    "amount": D("1200.00"),
    "interest_rate": D("0"),
    "reference_rate": D("2.00"),
    "months": 12,
    "counselling": "Talousneuvonta omatyöntekijän kanssa kuukausittain.",
}


def agree(world: World, application: Application, **changes: Any) -> CreditAgreement:
    return credit_agree(
        actor=world.worker, application=application, first_due_on=timezone.localdate(), **(TERMS | changes)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"interest_rate": D("2.50")}, "interest_rate"),  # above the reference rate
        ({"amount": D("-5.00")}, "amount"),
        ({"amount": D("1000000.01")}, "amount"),
        ({"months": 0}, "months"),
        ({"months": 121}, "months"),
        ({"counselling": " "}, "counselling"),
    ],
)
def test_terms_the_law_does_not_allow_are_refused_and_nothing_stored(
    world: World, decided: Application, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        agree(world, decided, **changes)
    assert field in refused.value.message_dict
    assert not CreditAgreement.objects.exists() and not Instalment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("outcome", ["denied", ""])
def test_no_agreement_without_a_granted_decision(world: World, decided: Application, outcome: str) -> None:
    Application.objects.filter(pk=decided.pk).update(
        outcome=outcome, status="decided" if outcome else "complete"
    )
    decided.refresh_from_db()
    with pytest.raises(ValidationError):
        agree(world, decided)
    assert not CreditAgreement.objects.exists()


@pytest.mark.django_db
def test_a_holiday_moves_the_unpaid_instalments_and_paying_them_all_repays_the_credit(
    world: World, decided: Application
) -> None:
    agreement = agree(world, decided, months=3, amount=D("300.00"))
    first = agreement.instalments.get(number=1)
    instalment_pay(
        actor=world.worker,
        instalment=first,
        paid_on=timezone.localdate(),
        amount=D("100.00"),
        expected_version=first.version,
    )
    before = {i.number: i.due_on for i in agreement.instalments.all()}
    credit_holiday(
        actor=world.worker, agreement=agreement, from_number=1, months=2, expected_version=agreement.version
    )
    after = {i.number: i for i in agreement.instalments.all()}
    assert after[1].due_on == before[1] and not after[1].holiday  # paid: not moved
    for number in (2, 3):
        assert (
            after[number].holiday
            and (after[number].due_on.year * 12 + after[number].due_on.month)
            - (before[number].year * 12 + before[number].month)
            == 2
        )
    for number in (2, 3):
        instalment = after[number]
        instalment_pay(
            actor=world.worker,
            instalment=instalment,
            paid_on=timezone.localdate(),
            amount=D("100.00"),
            expected_version=instalment.version,
        )
    agreement.refresh_from_db()
    assert agreement.status == "repaid"


@pytest.mark.django_db
def test_the_credit_pages(client: Any, world: World, decided: Application) -> None:
    client.force_login(world.worker)
    answer = client.post(
        reverse("finance:credit_create", kwargs={"application_id": decided.pk}),
        {
            "amount": "1200.00",
            "interest_rate": "0",
            "reference_rate": "2.00",
            "months": "12",
            "first_due_on": timezone.localdate().strftime("%d.%m.%Y"),
            "counselling": "Talousneuvonta",
        },
    )
    agreement = CreditAgreement.objects.get()
    assert answer["Location"] == reverse("finance:credit", kwargs={"agreement_id": agreement.pk})
    page = client.get(answer["Location"]).content.decode()
    assert "1\xa0200,00\xa0€" in page and page.count('class="num"') >= 24
    register = client.get(reverse("finance:credits")).content.decode()
    assert world.client.last_name in register
    client.force_login(world.other_worker)
    assert client.get(answer["Location"]).status_code == 404
    assert world.client.last_name not in client.get(reverse("finance:credits")).content.decode()
