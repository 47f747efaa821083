"""The repayment plan of a social credit (laki sosiaalisesta luototuksesta 1133/2002): equal monthly
payments (an annuity) at the agreed interest, at most the reference rate (4 §). Pure: no database.

- The monthly rate is the yearly interest / 12. Each month's interest is the balance times the monthly rate,
  to the cent (half up); the payment is P·i / (1 - (1 + i)^-n) to the cent; the last instalment pays what is
  left, so the principal repaid is exactly the loan. At 0 % the payments are the loan / n to the cent, the
  last again taking what is left.
- The k-th instalment is due k - 1 months after the first (the same day, or the month's last day).
- A payment holiday moves every unpaid instalment from one on forward by whole months; no interest is added
  for the holiday (Polku's rule: the county's own terms may differ, then record the new plan by agreement).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

CENT = Decimal("0.01")
MONTHS_A_YEAR = 12


@dataclass(frozen=True)
class Planned:
    number: int
    due_on: date
    amount: Decimal  # principal + interest
    interest: Decimal

    @property
    def principal(self) -> Decimal:
        return self.amount - self.interest


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def monthly_payment(amount: Decimal, yearly_percent: Decimal, months: int) -> Decimal:
    if yearly_percent == 0:
        return _cents(amount / months)
    rate = yearly_percent / 100 / MONTHS_A_YEAR
    return _cents(amount * rate / (1 - (1 + rate) ** -months))


def repayment_plan(
    *, amount: Decimal, yearly_percent: Decimal, months: int, first_due_on: date
) -> list[Planned]:
    payment = monthly_payment(amount, yearly_percent, months)
    rate = yearly_percent / 100 / MONTHS_A_YEAR
    balance = amount
    plan = []
    for number in range(1, months + 1):
        interest = _cents(balance * rate)
        principal = balance if number == months else min(balance, payment - interest)
        plan.append(
            Planned(number, first_due_on + relativedelta(months=number - 1), principal + interest, interest)
        )
        balance -= principal
    return plan


def moved_by_holiday(due_on: date, months: int) -> date:
    return due_on + relativedelta(months=months)
